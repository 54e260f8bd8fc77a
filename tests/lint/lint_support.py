"""What the lint tests share besides fixtures (an ordinary module: test files import it;
importing from ``conftest`` would find whichever conftest.py was imported last)."""

from __future__ import annotations

from pathlib import Path

from harness.paths import poetry_venv
from harness.sandbox import base_python, isolated_env

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
POETRY = poetry_venv() / "bin" / "poetry"  # the pinned release, declared once in pyproject.toml


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The harness's isolated environment (own HOME and Poetry directories under
    tmp_path, no pip configuration, a dead proxy) with in-project virtualenvs and no
    keyring, plus ``extra``."""
    home = tmp_path / "home"
    (tmp_path / "tmp").mkdir(parents=True, exist_ok=True)
    env = isolated_env(home, path=[str(base_python().parent)], tmpdir=tmp_path / "tmp")
    env.update(POETRY_VIRTUALENVS_IN_PROJECT="true", POETRY_KEYRING_ENABLED="false")
    env.update(extra)
    return env

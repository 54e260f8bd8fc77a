"""Fixtures for the pip2poetry lint tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

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


@pytest.fixture
def project(tmp_path: Path):
    """Write a pyproject.toml (or another file) under tmp_path/proj."""

    def write(text: str | bytes, name: str = "pyproject.toml") -> Path:
        path = tmp_path / "proj" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path

    return write


@pytest.fixture(autouse=True)
def _console_scripts_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-console-scripts finds ``pip2poetry`` through PATH: put the test
    environment's bin directory first (``make test`` runs .venv/bin/pytest
    without activating the venv)."""
    bindir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bindir + os.pathsep + os.environ.get("PATH", ""))


"""pre-commit in a scenario's sandbox, offline: the ``pre-commit`` tool (``tools``).

pre-commit clones each hook repository named in ``.pre-commit-config.yaml`` from its URL
and installs it with pip. A scenario cannot reach GitHub, so its HOME's git configuration
sends the two URLs the guide's configuration names to local stand-in repositories
(``url.<file URL>.insteadOf``), each tagged with the ``rev`` the page shows:

- ``https://github.com/python-poetry/poetry`` (tag: the pinned Poetry release): Poetry's
  own ``.pre-commit-hooks.yaml`` (``stand_ins/poetry-pre-commit-hooks.yaml``, a verbatim
  copy of the file in python-poetry/poetry, unchanged from 2.4.1 to the 2.5 development
  line), next to a small ``pyproject.toml`` whose only dependency is the pinned Poetry. So
  pip installs the real Poetry from the local index, where pre-commit would build it from
  Poetry's source. The stand-in also installs a ``.pth`` start-up line that sends Poetry's
  PyPI requests to the local index (``harness.poetry_wrapper``, as the scenario's own
  ``poetry`` launcher does).
- ``https://github.com/pip2poetry/pip2poetry`` (tag ``v<version>``): this repository's
  ``pyproject.toml``, ``README.md``, ``LICENSE``, ``.pre-commit-hooks.yaml`` and ``src/``
  as they are in the work tree.

pre-commit itself is the one in the project's environment (pyproject.toml, test group);
its hook environments live in the sandbox's ``~/.cache/pre-commit``.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

from . import poetry_wrapper
from .paths import REPO, poetry_version

HERE = Path(__file__).resolve().parent
POETRY_URL = "https://github.com/python-poetry/poetry"
PIP2POETRY_URL = "https://github.com/pip2poetry/pip2poetry"


def pip2poetry_version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def install(sandbox) -> None:  # type: ignore[no-untyped-def]
    """Put pre-commit on the sandbox's PATH and the stand-in repositories in place."""
    source = REPO / ".venv" / "bin" / "pre-commit"
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: run 'make install' first")
    (sandbox.home / ".local" / "bin" / "pre-commit").symlink_to(source)
    env = sandbox.env()
    stand_ins = sandbox.root / "stand-ins"
    poetry = _poetry_stand_in(stand_ins / "python-poetry" / "poetry", env)
    pip2poetry = _pip2poetry_stand_in(stand_ins / "pip2poetry" / "pip2poetry", env)
    gitconfig = sandbox.home / ".gitconfig"
    for key, value in (
        ("user.name", "Reader"),
        ("user.email", "reader@example.com"),
        ("init.defaultBranch", "main"),
        (f"url.{poetry.as_uri()}.insteadOf", POETRY_URL),
        (f"url.{pip2poetry.as_uri()}.insteadOf", PIP2POETRY_URL),
    ):
        subprocess.run(["git", "config", "--file", str(gitconfig), key, value], check=True, env=env)


def _commit_and_tag(repo: Path, tag: str, env: dict[str, str]) -> Path:
    git = ["git", "-c", "user.name=stand-in", "-c", "user.email=stand-in@example.invalid", "-C", str(repo)]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "stand-in"], ["tag", tag]):
        subprocess.run([*git, *args], check=True, env=env, capture_output=True)
    return repo


def _poetry_stand_in(repo: Path, env: dict[str, str]) -> Path:
    version = poetry_version()
    repo.mkdir(parents=True)
    shutil.copy(HERE / "stand_ins" / "poetry-pre-commit-hooks.yaml", repo / ".pre-commit-hooks.yaml")
    harness = str(Path(poetry_wrapper.__file__).parent)
    (repo / "p2p_poetry_redirect.pth").write_text(
        f"import sys; sys.path.insert(0, {harness!r}); import poetry_wrapper; poetry_wrapper.install(); "
        f"sys.path.remove({harness!r})\n"
    )
    (repo / "p2p_poetry_stand_in.py").write_text('"""The tests\' stand-in for Poetry\'s hook repository."""\n')
    (repo / "pyproject.toml").write_text(
        "[project]\n"
        'name = "p2p-poetry-stand-in"\n'
        f'version = "{version}"\n'
        f'dependencies = ["poetry=={version}"]\n\n'
        "[tool.poetry]\n"
        'packages = [{ include = "p2p_poetry_stand_in.py" }]\n'
        'include = [{ path = "p2p_poetry_redirect.pth", format = "wheel" }]\n\n'
        "[build-system]\n"
        'requires = ["poetry-core>=2.0.0,<3.0.0"]\n'
        'build-backend = "poetry.core.masonry.api"\n'
    )
    return _commit_and_tag(repo, version, env)


def _pip2poetry_stand_in(repo: Path, env: dict[str, str]) -> Path:
    repo.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO / name, repo / name)
    shutil.copytree(REPO / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return _commit_and_tag(repo, f"v{pip2poetry_version()}", env)

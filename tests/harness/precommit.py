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
- ``https://github.com/pip2poetry/pip2poetry`` (tag ``v<version>``, the version in the
  committed ``pyproject.toml``): this repository itself, as a bare repository whose one
  commit holds what ``HEAD`` holds of the files a build and the hooks read (``SERVED``:
  ``git archive HEAD -- …``), committed files only, so an edit that is not committed is not
  in the tag, as on GitHub. The rest of the tree (docs, snippets, tests) is left out: the
  build reads none of it, and the tests' fixtures hold the private index's test password,
  which the scenario's leak check would rightly find in a clone. pre-commit clones it at the
  configuration's ``rev`` and pip installs it, its dependencies from the local index
  (``PIP_INDEX_URL``); a ``rev`` that is not the version fails the clone. The install how-to
  clones the same address with ``git clone`` and builds it (``serve_this_repository``).

pre-commit itself is the one in the project's environment (pyproject.toml, test group);
its hook environments live in the sandbox's ``~/.cache/pre-commit`` (``PRE_COMMIT_HOME``,
set to where pre-commit puts them by default), and pip installs each hook repository and its
dependencies from the local index (the sandbox's ``PIP_INDEX_URL``; the proxy for anything
else is dead).
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

from . import poetry_wrapper
from .paths import REPO, poetry_version

HERE = Path(__file__).resolve().parent
#: what the pip2poetry repository's tag holds: the files ``poetry build`` and pre-commit read
SERVED = ("pyproject.toml", "poetry.lock", "poetry.toml", "README.md", "LICENSE", ".gitignore", ".pre-commit-hooks.yaml", "src")
POETRY_URL = "https://github.com/python-poetry/poetry"
PIP2POETRY_URL = "https://github.com/pip2poetry/pip2poetry"


def install(sandbox) -> None:  # type: ignore[no-untyped-def]
    """Put pre-commit on the sandbox's PATH and the stand-in repositories in place."""
    source = REPO / ".venv" / "bin" / "pre-commit"
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: run 'make install' first")
    (sandbox.home / ".local" / "bin" / "pre-commit").symlink_to(source)
    env = sandbox.env()
    stand_ins = sandbox.root / "stand-ins"
    poetry = _poetry_stand_in(stand_ins / "python-poetry" / "poetry", env)
    pip2poetry = serve_this_repository(stand_ins / "pip2poetry", env)
    gitconfig = sandbox.home / ".gitconfig"
    for key, value in (
        ("user.name", "Reader"),
        ("user.email", "reader@example.com"),
        ("init.defaultBranch", "main"),
        (f"url.{poetry.as_uri()}.insteadOf", POETRY_URL),
        # without ".git", so that the address with ".git" (git clone) and without (the hooks'
        # configuration) both find it: git tries "<path>.git" for a path that is not a repository
        (f"url.{pip2poetry.as_uri().removesuffix('.git')}.insteadOf", PIP2POETRY_URL),
    ):
        subprocess.run(["git", "config", "--file", str(gitconfig), key, value], check=True, env=env)


def environment(home: Path) -> dict[str, str]:
    """pre-commit's cache of hook repositories and environments: HOME's own."""
    return {"PRE_COMMIT_HOME": str(home / ".cache" / "pre-commit")}


def _commit_and_tag(repo: Path, tag: str, env: dict[str, str]) -> Path:
    git = ["git", "-c", "user.name=stand-in", "-c", "user.email=stand-in@example.invalid", "-C", str(repo)]
    for args in (["init", "-q", "-b", "main"], ["add", "-A", "--force"], ["commit", "-q", "-m", "stand-in"], ["tag", tag]):
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


def committed_version() -> str:
    """The version in the committed pyproject.toml (what a tag of this repository holds)."""
    shown = subprocess.run(["git", "-C", str(REPO), "show", "HEAD:pyproject.toml"], check=True, capture_output=True, text=True)
    return tomllib.loads(shown.stdout)["project"]["version"]


def serve_this_repository(root: Path, env: dict[str, str]) -> Path:
    """This repository's committed tree as one commit tagged ``v<version>``, in a bare
    repository under ``root``; returns the bare repository."""
    work, bare = root / "work", root / "pip2poetry.git"
    work.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", "HEAD", "--", *SERVED], capture_output=True)
    if archive.returncode != 0:
        raise RuntimeError(f"git archive HEAD failed in {REPO} (the hook repository is this repository's last commit): "
                           + archive.stderr.decode(errors="replace").strip())
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive.stdout, check=True)
    who = {"GIT_AUTHOR_NAME": "pip2poetry", "GIT_COMMITTER_NAME": "pip2poetry", "GIT_AUTHOR_DATE": "2026-12-01T00:00:00+00:00", "GIT_COMMITTER_DATE": "2026-12-01T00:00:00+00:00",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}
    _commit_and_tag(work, f"v{committed_version()}", {**env, **who})
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, env=env, capture_output=True)
    shutil.rmtree(work)
    return bare


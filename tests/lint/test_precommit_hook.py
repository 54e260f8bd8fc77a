"""The hooks in .pre-commit-hooks.yaml, used the way another repository uses them:
``pre-commit try-repo`` against a scratch git repository, offline (pip installs
pip2poetry, poetry-core and tomlkit from the local test index)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lint_support import REPO, offline_env

CARET_PYPROJECT = """\
[project]
name = "scratch"
version = "0.1.0"
requires-python = ">=3.11"
dynamic = ["dependencies"]

[tool.poetry]
package-mode = false

[tool.poetry.dependencies]
aardvark = "^1.2"  # keep this comment
cobra = "~0.1.0"
"""

# One worker runs both tests, so they share the module's pre-commit runs (make test uses
# pytest-xdist's loadgroup distribution).
pytestmark = pytest.mark.xdist_group("pre-commit")

PRE_COMMIT = str(Path(sys.executable).parent / "pre-commit")


@pytest.fixture(scope="module")
def scratch_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("precommit") / "scratch"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(CARET_PYPROJECT)
    env = offline_env(repo.parent)
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "pyproject.toml"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "init"],
    ):
        subprocess.run(command, cwd=repo, env=env, check=True)
    return repo


def try_repo(scratch: Path, hook: str | None, simple_url: str) -> subprocess.CompletedProcess[str]:
    """Each try-repo builds the hooks' environment anew (it clones into a fresh shadow
    repository), so the tests below share runs: both hooks in one, then lint alone."""
    env = offline_env(
        scratch.parent,
        PRE_COMMIT_HOME=str(scratch.parent / "pre-commit-home"),
        PIP_INDEX_URL=simple_url,
        PIP_FIND_LINKS="",
        VIRTUALENV_NO_DOWNLOAD="1",
    )
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), *([hook] if hook else []), "--all-files", "--color", "never"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def both_hooks(scratch_repo: Path, package_index) -> str:  # type: ignore[no-untyped-def]
    """All of the repository's hooks, in their file's order: lint reports, then fix rewrites."""
    result = try_repo(scratch_repo, None, package_index.simple_url)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    return output


def test_lint_hook_fails_with_the_findings(both_hooks: str) -> None:
    lint = both_hooks.split("pip2poetry lint --fix", 1)[0]
    assert "pip2poetry lint" in lint and "Failed" in lint
    assert 'pyproject.toml:11:13: P2P001 caret constraint "^1.2" (aardvark): write ">=1.2,<2" instead' in lint
    assert 'pyproject.toml:12:10: P2P002 Poetry tilde constraint "~0.1.0" (cobra): write ">=0.1.0,<0.2" instead' in lint


def test_fix_hook_rewrites_then_passes(both_hooks: str, scratch_repo: Path, package_index) -> None:  # type: ignore[no-untyped-def]
    fix = both_hooks.split("pip2poetry lint --fix", 1)[1]
    assert "files were modified by this hook" in fix  # pre-commit fails a hook that modified files
    fixed = CARET_PYPROJECT.replace('"^1.2"', '">=1.2,<2"').replace('"~0.1.0"', '">=0.1.0,<0.2"')
    assert (scratch_repo / "pyproject.toml").read_text() == fixed
    again = try_repo(scratch_repo, "pip2poetry-lint", package_index.simple_url)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout

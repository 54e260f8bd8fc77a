"""A real migration: the import locks with the pinned Poetry against the local index, the
files are written, the change is committed, and a second run changes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from migrate_helpers import git, snapshot
from harness.sandbox import Sandbox

FILES = {
    "requirements/base.txt": "tabulate==0.9.0\n",
    "requirements/development.txt": "-r base.txt\npytest==9.2.0\n",
    "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements/base.txt requirements/\nRUN pip install -r requirements/base.txt\nCOPY . .\n",
    "Makefile": "install:\n\tpip install -r requirements/development.txt\ntest:\n\tpytest -q\n",
    "README.md": "# app\n\n```console\n$ pip install -r requirements/development.txt\n```\n",
}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, package_index) -> Sandbox:
    root = tmp_path_factory.mktemp("migrate-sandbox")
    return Sandbox(root, pypi_url=package_index.pypi_url, simple_url=package_index.simple_url, tools=("poetry", "pip2poetry"))


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def _project(sandbox: Sandbox, name: str, files: dict[str, str]) -> Path:
    root = sandbox.home / name
    root.mkdir()
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pip era")
    return root


def test_migrate_locks_writes_and_a_second_run_changes_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    root = _project(sandbox, "app", FILES)
    env = sandbox.env()
    report = tmp_path / "report.md"
    first = run(["pip2poetry", "migrate", "--report", str(report)], root, env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stderr.strip().splitlines()[-1] == "Migrated: 7 file(s) changed."
    assert report.read_text() == first.stdout
    assert "| `poetry.lock` | Poetry lock | written by the import: every version as it runs today |" in first.stdout
    assert "2 at today's version, 0 differing, 0 missing." in first.stdout
    assert not (root / "requirements").exists()
    check = run(["poetry", "check", "--lock"], root, env)
    assert check.returncode == 0, check.stdout + check.stderr
    # What the Makefile now runs works: Poetry installs the lock and runs the tests' tool.
    sync = run(["make", "install"], root, env)
    assert sync.returncode == 0, sync.stdout + sync.stderr
    version = run(["poetry", "run", "pytest", "--version"], root, env)
    assert version.returncode == 0 and "pytest 9.2.0" in version.stdout + version.stderr

    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Poetry 2")
    before = snapshot(root)
    second = run(["pip2poetry", "migrate"], root, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stderr.strip() == "pip2poetry: nothing to migrate: no file installs the old way"
    assert snapshot(root) == before


VERIFIED = {
    "requirements.txt": "tabulate==0.9.0\n",
    "requirements-dev.txt": "-r requirements.txt\npytest==9.2.0\n",
    "tests/test_table.py": "import tabulate\n\n\ndef test_version():\n    assert tabulate.__version__ == '0.9.0'\n",
    ".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - run: pip install -r requirements-dev.txt\n      - run: pytest -q\n",
}


def test_verify_runs_the_tests_both_ways_and_compares(sandbox: Sandbox) -> None:
    root = _project(sandbox, "verified", VERIFIED)
    result = run(["pip2poetry", "migrate", "--verify"], root, sandbox.env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "- Before: `pip install -r requirements-dev.txt && pytest -q`: exit status 0, " in result.stdout
    assert "- After: `poetry sync --no-root --only main,dev && poetry run pytest -q`: exit status 0, " in result.stdout
    assert "- The same outcome and the same version of every installed package." in result.stdout


def test_verify_names_a_different_outcome(sandbox: Sandbox) -> None:
    files = dict(VERIFIED)
    # A test that passes only in the environment pip made: the outcomes differ.
    files["tests/test_where.py"] = "import sys\n\n\ndef test_where():\n    assert 'before-venv' in sys.prefix\n"
    root = _project(sandbox, "differs", files)
    result = run(["pip2poetry", "migrate", "--verify", "pytest -q"], root, sandbox.env())
    assert result.returncode == 1, result.stdout + result.stderr
    assert "- The outcome differs: exit status 0 before, 1 after." in result.stdout

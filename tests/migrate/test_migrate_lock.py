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
    assert first.stderr.strip().splitlines()[-1] == "Migrated: 8 file(s) changed."  # poetry-constraints.txt with the CI recipe
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


def test_keep_requirements_keeps_the_main_file_as_the_locks_export(sandbox: Sandbox, tmp_path: Path) -> None:
    """--keep-requirements: the main file becomes the lock's main group with its hashes (the
    export plugin declared for later exports), check-export passes, and fails once the lock moves."""
    root = _project(sandbox, "kept", FILES)
    env = sandbox.env()
    report = tmp_path / "report.md"
    first = run(["pip2poetry", "migrate", "--keep-requirements", "--report", str(report)], root, env)
    assert first.returncode == 0, first.stdout + first.stderr
    exported = (root / "requirements/base.txt").read_text().splitlines()
    assert exported[0].startswith("# The main dependencies, exported from poetry.lock"), exported
    assert exported[3:5] == ["tabulate==0.9.0 \\", "    --hash=sha256:024ca478df22e9340661486f85298cff5f6dcdba14f3813e8830015b9ed1948f"]
    # pip reads it in hash-checking mode, and takes the locked wheel.
    venv = tmp_path / "venv"
    assert run(["python3", "-m", "venv", str(venv)], root, env).returncode == 0
    pip = run([str(venv / "bin/pip"), "install", "--dry-run", "--require-hashes", "-r", "requirements/base.txt"], root, env)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    assert "Would install tabulate-0.9.0" in pip.stdout
    assert not (root / "requirements/development.txt").exists(), "only the main file is kept"
    assert "`requirements/base.txt` (P2M191): kept as the lock's export" in report.read_text()
    assert 'poetry-plugin-export = ">=1.9,<2"' in (root / "pyproject.toml").read_text()
    check = run(["pip2poetry", "check-export", "requirements/base.txt"], root, env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == "requirements/base.txt matches poetry.lock (1 package)\n"
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "migrate, keeping the export")
    again = run(["pip2poetry", "migrate"], root, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert git(root, "status", "--porcelain") == ""
    # The lock moves on (a package removed), the file does not: the check names the line.
    removed = run(["poetry", "remove", "--lock", "tabulate"], root, env)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    drift = run(["pip2poetry", "check-export", "requirements/base.txt"], root, env)
    assert drift.returncode == 1
    assert drift.stdout == "requirements/base.txt:4: tabulate is not in the lock's main group\n"
    assert "run poetry export --only main --output requirements/base.txt" in drift.stderr

"""A real migration: the import locks with the pinned Poetry against the local index, the
files are written, the change is committed, and a second run changes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import git, snapshot
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


def test_migrate_locks_writes_and_a_second_run_changes_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    root = sandbox.home / "app"
    root.mkdir()
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pip era")
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

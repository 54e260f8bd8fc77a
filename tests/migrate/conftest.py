"""Fixtures for the pip2poetry migrate tests: git work trees made from a dict of files,
and the console script run in an environment made from scratch."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _console_scripts_on_path(console_scripts_on_path: None) -> None:
    """Every test here runs pip2poetry through its console script (see tests/conftest.py)."""


from migrate_helpers import git, snapshot  # noqa: E402,F401


@pytest.fixture
def repo(tmp_path: Path):
    """A committed git work tree: repo({"path": "text" or b"bytes"}, name="app")."""

    def make(files: dict[str, str | bytes], name: str = "app", commit: bool = True) -> Path:
        root = tmp_path / name
        root.mkdir()
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        git(root, "init", "-q", "-b", "main")
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "pip era")
        return root

    return make


@pytest.fixture
def migrate(script_runner, tmp_path: Path):
    """Run ``pip2poetry migrate ARGS`` with an environment made from scratch."""

    def run(cwd: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                "GIT_CONFIG_NOSYSTEM": "1"}
        base.update(env or {})
        return script_runner.run(["pip2poetry", "migrate", *args], cwd=cwd, env=base)

    return run


@pytest.fixture
def dry(migrate, tmp_path: Path):
    """``migrate --dry-run --report``, then the diff applied with ``git apply``: returns
    (the work tree after the diff, the report's text, the result)."""

    def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
        report = tmp_path / f"report-{root.name}.md"
        result = migrate(root, "--dry-run", "--report", str(report), *args)
        assert result.returncode in (0, 1), result.stdout + result.stderr
        if result.stdout:
            subprocess.run(["git", "-C", str(root), "apply", "--whitespace=nowarn", "-"], input=result.stdout, text=True, check=True)
        return root, report.read_text(encoding="utf-8") if report.exists() else "", result

    return run

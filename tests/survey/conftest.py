"""Fixtures for the pip2poetry survey tests: repositories built from a dict of files."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "sample_projects" / "survey-demo"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def make_repo(tmp_path: Path):
    """Write a repository: make_repo("name", {"path/in/repo": "text" or b"bytes"})."""

    def make(name: str, files: dict[str, str | bytes], root: Path | None = None) -> Path:
        base = (root or tmp_path / "repos") / name
        base.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return base

    return make


@pytest.fixture
def survey(script_runner):
    """Run the console script as a user does: pip2poetry survey ARGS, in cwd."""

    def run(*args: str, cwd: Path):
        return script_runner.run(["pip2poetry", "survey", *args], cwd=cwd)

    return run


@pytest.fixture(autouse=True)
def _console_scripts_on_path(console_scripts_on_path: None) -> None:
    """Every test here runs pip2poetry through its console script (see tests/conftest.py)."""

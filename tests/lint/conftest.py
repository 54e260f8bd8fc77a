"""Fixtures for the pip2poetry lint tests."""

from __future__ import annotations

from pathlib import Path

import pytest


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
def _console_scripts_on_path(console_scripts_on_path: None) -> None:
    """Every test here runs pip2poetry through its console script (see tests/conftest.py)."""


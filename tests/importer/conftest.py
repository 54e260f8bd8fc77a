"""Fixtures for the pip2poetry import tests.

Unit-level tests run the console script in a temporary project folder. The round trips
run pip and the pinned Poetry in the harness's sandbox: the local package index on
127.0.0.1, pip pointed at it through PIP_INDEX_URL, and the harness's ``poetry`` launcher
(which redirects Poetry's PyPI to the local index) first on PATH.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from harness.sandbox import Sandbox


@pytest.fixture(autouse=True)
def _console_scripts_on_path(console_scripts_on_path: None) -> None:
    """Every test here runs pip2poetry through its console script (see tests/conftest.py)."""


@pytest.fixture
def proj(tmp_path: Path):
    """Write files into a fresh project folder: proj({"requirements.txt": "..."})."""
    root = tmp_path / "proj"
    root.mkdir()

    def write(files: dict[str, str | bytes]) -> Path:
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return root

    return write


@pytest.fixture
def imp(script_runner, tmp_path: Path):
    """Run ``pip2poetry import ARGS`` in a folder with an environment made from scratch
    (no proxy, no pip configuration, nothing from the test runner but PATH)."""

    def run(cwd: Path, *args: str, env: dict[str, str] | None = None, preexec_fn=None):  # type: ignore[no-untyped-def]
        base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        base.update(env or {})
        if preexec_fn:  # set up the child process (limits), which script_runner cannot do
            command = ["pip2poetry", "import", *args]
            return subprocess.run(command, cwd=cwd, env=base, capture_output=True, text=True, preexec_fn=preexec_fn)
        return script_runner.run(["pip2poetry", "import", *args], cwd=cwd, env=base)

    return run


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, package_index) -> Sandbox:
    """One sandbox per test module: pinned ``poetry`` (through the harness launcher) and
    ``pip2poetry`` on PATH, pip on the local index."""
    root = tmp_path_factory.mktemp("importer-sandbox")
    return Sandbox(root, pypi_url=package_index.pypi_url, simple_url=package_index.simple_url, tools=("poetry", "pip2poetry"))

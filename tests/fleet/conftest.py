"""Fixtures for the fleet tests: a sandbox with the pinned Poetry, pip2poetry and all-repos."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, package_index) -> Sandbox:
    root = tmp_path_factory.mktemp("fleet-sandbox")
    return Sandbox(root, pypi_url=package_index.pypi_url, simple_url=package_index.simple_url,
                   tools=("poetry", "pip2poetry", "all-repos"))


@pytest.fixture
def run(sandbox: Sandbox):
    def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, cwd=cwd, env=sandbox.env(), capture_output=True, text=True, timeout=600)

    return run

"""Fixtures for the pip2poetry lint tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from harness.paths import poetry_venv
from harness.sandbox import DEAD_PROXY

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
POETRY = poetry_venv() / "bin" / "poetry"  # the pinned release, declared once in pyproject.toml


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment for Poetry/pip/pre-commit subprocesses: own HOME and
    Poetry directories under tmp_path, no pip configuration, and a dead proxy
    so that any attempt to leave 127.0.0.1 fails."""
    home = tmp_path / "home"
    for sub in ("config", "cache", "data"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "POETRY_CONFIG_DIR": str(home / "config"),
        "POETRY_CACHE_DIR": str(home / "cache"),
        "POETRY_DATA_DIR": str(home / "data"),
        "POETRY_VIRTUALENVS_IN_PROJECT": "true",
        "POETRY_KEYRING_ENABLED": "false",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "HTTP_PROXY": DEAD_PROXY,
        "HTTPS_PROXY": DEAD_PROXY,
        "http_proxy": DEAD_PROXY,
        "https_proxy": DEAD_PROXY,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    env.update(extra)
    return env


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
def _console_scripts_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-console-scripts finds ``pip2poetry`` through PATH: put the test
    environment's bin directory first (``make test`` runs .venv/bin/pytest
    without activating the venv)."""
    bindir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bindir + os.pathsep + os.environ.get("PATH", ""))


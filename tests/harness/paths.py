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

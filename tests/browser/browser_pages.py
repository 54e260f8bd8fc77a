"""Which pages the browser tests check (shared by conftest.py and the tests)."""

from __future__ import annotations

import json
import os
import runpy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: The path the published site lives under (GitHub Pages: /<repository>/, conf.py's
#: html_baseurl). The test server serves the build there, so every check also proves that
#: the site works under a sub-path, and 404.html's absolute links resolve.
SITE_PATH = urlsplit(runpy.run_path(str(DOCS.parent / "conf.py"))["html_baseurl"]).path


def one_page() -> str | None:
    """P2P_PAGE=<page slug> (make page) limits the per-page checks to that page's HTML."""
    slug = os.environ.get("P2P_PAGE")
    if not slug:
        return None
    found = sorted(DOCS.rglob(f"{slug}.md"))
    if not found:
        raise pytest.UsageError(f"P2P_PAGE={slug}: no docs/**/{slug}.md")
    return found[0].relative_to(DOCS).with_suffix(".html").as_posix()


def lookup_data(site: Path) -> dict[str, Any]:
    """The error lookup's index as the build wrote it (docs/_ext/error_lookup.py)."""
    return json.loads((site / "_static" / "error-lookup.json").read_text(encoding="utf-8"))

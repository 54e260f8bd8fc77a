"""The error lookup knows warnings as well as failures (issue 18 item 3).

A warning comes from a command that succeeds, such as ``poetry check`` on a Poetry 1.x
project, so the lookup indexes it only where a transcript says so: its file name ends in
``-warning.console``, and its last command prints the warning (docs/_ext/error_lookup.py).
A reader who pastes the warning, with their own names, finds the entry that explains it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser_pages import lookup_data

pytestmark = pytest.mark.xdist_group("browser")

TROUBLESHOOTING = "reference/troubleshooting.html"
#: What readers paste, in their own words: entry anchor -> pasted text.
PASTED = {
    "warning-tool-poetry-deprecated": (
        "Warning: [tool.poetry.name] is deprecated. Use [project.name] instead.\n"
        "Warning: [tool.poetry.license] is deprecated. Use [project.license] instead."
    ),
    "warning-dev-dependencies-deprecated": (
        'The "poetry.dev-dependencies" section is deprecated and will be removed in a future version. '
        'Use "poetry.group.dev.dependencies" instead.'
    ),
    "warning-install-sync-deprecated": (
        "The `--sync` option is deprecated and slated for removal, use the `poetry sync` command instead."
    ),
    # Package names the guide's packages.toml does not know: the reader's own.
    "warning-sync-removes-packages": (
        "Installing dependencies from lock file\n\n"
        "Package operations: 0 installs, 0 updates, 3 removals\n\n"
        "  - Removing pandas (2.2.3)\n  - Removing numpy (2.1.3)\n  - Removing setuptools (75.1.0)"
    ),
}


def warning_entries(site: Path) -> list[dict[str, Any]]:
    data = lookup_data(site)
    return [e for e in data["entries"] if e["warning"]]


def test_only_transcripts_marked_as_warnings_are_indexed_for_a_warning(site: Path) -> None:
    entries = warning_entries(site)
    assert {e["url"] for e in entries} >= {f"{TROUBLESHOOTING}#{anchor}" for anchor in PASTED}, entries
    for entry in entries:
        assert entry["snippet"].endswith("-warning.console") and entry["exit_status"] == 0, entry


@pytest.mark.parametrize("anchor", sorted(PASTED))
def test_a_readers_paste_of_a_warning_finds_its_entry(desktop: Any, site: Path, anchor: str) -> None:
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(PASTED[anchor])
    first = desktop.locator("#error-lookup-results > li").first
    hrefs = [a.get_attribute("href") for a in first.locator("a.error-lookup-link").all()]
    assert any(h.endswith(f"{TROUBLESHOOTING}#{anchor}") for h in hrefs), hrefs

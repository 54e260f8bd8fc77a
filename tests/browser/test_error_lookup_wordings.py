"""The error lookup knows the words older Poetry 2 releases print (issue 18 item 2).

Troubleshooting entries whose message changed since Poetry 2.0 include a transcript run by
the real older release (a scenario step with ``poetry = "2.0.1"``, see
tests/harness/poetry_releases.py). A reader who pastes that release's words, with their own
names and paths, finds the entry, and the lookup says which release prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser_pages import lookup_data

pytestmark = pytest.mark.xdist_group("browser")

TROUBLESHOOTING = "reference/troubleshooting.html"
#: What readers on Poetry 2.0.1 paste, in their own words: entry anchor -> pasted text.
PASTED = {
    "error-requested-command-does-not-exist": 'The command "shell" does not exist.',
    "error-new-destination-not-empty": "Destination /home/ana/work/billing exists and is not empty",
    "error-invalid-toml-file": (
        "C:\\Users\\Ana\\billing\\pyproject.toml is not a valid TOML file.\n"
        "TOMLDecodeError: Unclosed array (at line 12, column 1)"
    ),
    "error-private-ca-certificate": (
        "HTTPSConnectionPool(host='pypi.corp.example', port=443): Max retries exceeded with url: /simple/requests/ "
        "(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
        "unable to get local issuer certificate (_ssl.c:1000)')))"
    ),
}


def older_entries(site: Path) -> list[dict[str, Any]]:
    data = lookup_data(site)
    entries = [e for e in data["entries"] if e["release"] and e["url"].startswith(TROUBLESHOOTING)]
    assert {e["url"].split("#")[1] for e in entries} >= set(PASTED), "an older wording is no longer on the page"
    return entries


def test_each_older_wording_finds_its_entry_first(desktop: Any, site: Path) -> None:
    entries = older_entries(site)
    desktop.goto("reference/error-lookup.html", wait_until="load")
    firsts = desktop.evaluate(
        "queries => queries.map(q => (window.P2P_ERROR_LOOKUP_MATCH(q)[0] || {entries: []}).entries.map(e => [e.url, e.release]))",
        ["\n".join(e["output"]) for e in entries],
    )
    missed = [f"{e['url']} ({e['command']}, Poetry {e['release']}) found {first}"
              for e, first in zip(entries, firsts) if [e["url"], e["release"]] not in first]
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("anchor", sorted(PASTED))
def test_a_readers_paste_of_an_older_wording_names_the_release(desktop: Any, site: Path, anchor: str) -> None:
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(PASTED[anchor])
    first = desktop.locator("#error-lookup-results > li").first
    hrefs = [a.get_attribute("href") for a in first.locator("a.error-lookup-link").all()]
    assert any(h.endswith(f"{TROUBLESHOOTING}#{anchor}") for h in hrefs), hrefs
    assert "as Poetry 2.0.1 prints it" in first.inner_text()

"""The error lookup when nothing matches: it says so and offers the site search and an
issue report, both with the pasted text filled in (issue 18 item 3); and when much matches:
it shows the best few, in score order, and says how many it found."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_pages import lookup_data

pytestmark = pytest.mark.xdist_group("browser")

UNRELATED = "fatal: not a git repository (or any of the parent directories): .git"


def test_the_lookup_offers_search_and_an_issue_report_when_nothing_matches(desktop: Any, site: Path) -> None:
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(UNRELATED)
    status = desktop.locator("#error-lookup-status")
    assert "No entry matches this error" in status.inner_text()
    search = urlsplit(status.locator("a#error-lookup-search").get_attribute("href"))
    assert search.path.endswith("search.html")
    assert parse_qs(search.query)["q"] == [UNRELATED]
    report = urlsplit(status.locator("a#error-lookup-report").get_attribute("href"))
    assert (report.netloc, report.path) == ("github.com", "/pip2poetry/pip2poetry/issues/new")
    query = parse_qs(report.query)
    assert UNRELATED in query["title"][0]
    assert UNRELATED in query["body"][0]
    # The search link leads to results for the pasted text on this site.
    status.locator("a#error-lookup-search").click()
    desktop.wait_for_load_state("load")
    assert "search.html" in desktop.url


def test_the_lookup_reads_a_paste_with_ansi_colour_codes(desktop: Any, site: Path) -> None:
    # A terminal's colours come along when output is copied from some terminals or logs.
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(
        " ".join(f"\x1b[31;1m{w}\x1b[0m" for w in 'The option "--no-dev" does not exist'.split())
    )
    assert desktop.locator("#error-lookup-results > li").count() >= 1


def test_the_lookup_reads_a_message_inside_a_traceback_with_windows_paths(desktop: Any, site: Path) -> None:
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(
        "Traceback (most recent call last):\n"
        '  File "C:\\Users\\Ana\\AppData\\Roaming\\pypoetry\\venv\\Lib\\site-packages\\cleo\\application.py", line 327\n'
        '    raise OptionDoesNotExist(name)\n'
        'The option "--no-dev" does not exist\n'
    )
    assert desktop.locator("#error-lookup-results > li").count() >= 1


def test_the_lookup_shows_the_best_five_in_score_order_and_says_of_how_many(desktop: Any, site: Path) -> None:
    # A long block that matches many entries: every troubleshooting entry's output at once.
    data = lookup_data(site)
    block = "\n".join(line for e in data["entries"] if "troubleshooting" in e["url"] for line in e["output"])
    desktop.goto("reference/error-lookup.html", wait_until="load")
    desktop.get_by_label("Error message").fill(block)
    found = desktop.evaluate(
        "text => window.P2P_ERROR_LOOKUP_MATCH(text).map(r => ({score: r.score, url: r.entries[0].url}))", block
    )
    assert len(found) > 5, found
    status = desktop.locator("#error-lookup-status").inner_text()
    assert status == f"The best 5 of {len(found)} matching entries, best first.", status
    shown = desktop.locator("#error-lookup-results > li")
    assert shown.count() == 5
    firsts = [shown.nth(i).locator("a.error-lookup-link").first.get_attribute("href") for i in range(5)]
    assert [re.sub(r"^(\.\./)+", "", h) for h in firsts] == [r["url"] for r in found[:5]], firsts
    scores = [r["score"] for r in found]
    assert scores == sorted(scores, reverse=True), scores

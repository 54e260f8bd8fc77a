"""A folded transcript (literalinclude ``:fold:``) as a reader's browser shows it (issue 19
item 4): at most 60 lines visible until the reader opens it, then every line of the
transcript the tests ran, in order. tests/test_no_walls.py counts the same from the pages'
sources; this proves the rendered site agrees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_docs_integrity import PAGES, fenced_blocks
from test_no_walls import LIMIT, open_lines

from harness.paths import DOCS, REPO

pytestmark = pytest.mark.xdist_group("browser")

#: Every page with a folded transcript, and how many it folds (read from the pages' sources).
FOLDING_PAGES = {
    page.relative_to(DOCS).as_posix(): folds
    for page in PAGES
    if (folds := sum("fold" in block.options for block in fenced_blocks(page.read_text(encoding="utf-8"))))
}


def _lines(locator: Any) -> list[str]:
    # textContent, not innerText: a highlighted line is a block <span> that innerText pads with
    # an extra line break.
    return (locator.text_content() or "").rstrip("\n").split("\n")


def test_the_pages_fold_transcripts() -> None:
    assert sum(FOLDING_PAGES.values()) >= 9, FOLDING_PAGES


@pytest.mark.parametrize("source", sorted(FOLDING_PAGES))
def test_a_folded_transcript_shows_at_most_60_lines_until_opened_then_all(desktop: Any, site: Path, source: str) -> None:
    desktop.goto(Path(source).with_suffix(".html").as_posix(), wait_until="load")
    folds = desktop.locator("details.folded-output")
    assert folds.count() == FOLDING_PAGES[source]
    transcripts = [shown for _, shown, _ in open_lines(DOCS / source)]
    for index in range(folds.count()):
        fold = folds.nth(index)
        head = fold.locator("xpath=preceding-sibling::div[1]//pre")
        following = fold.locator("xpath=following-sibling::*[1]")
        tail = following.locator("pre") if "highlight-console" in (following.get_attribute("class") or "") else None
        middle = fold.locator("pre")
        panel = fold.evaluate("d => d.closest('[role=tabpanel]')?.id || ''")
        if panel:  # a transcript in a tab (sphinx-tabs): show its tab first
            desktop.locator(f'[role=tab][aria-controls="{panel}"]').click()
        assert head.is_visible(), f"{source}: fold {index} has no open head"
        assert not middle.is_visible(), f"{source}: fold {index} is open before a click"
        # Only a part with a command offers the copy button (which copies commands).
        assert head.locator("xpath=following-sibling::button[contains(@class, 'copybtn')]").count() == 1
        visible = _lines(head) + (_lines(tail) if tail else [])
        assert len(visible) <= LIMIT, f"{source}: fold {index} shows {len(visible)} lines closed"
        summary = fold.locator("summary")
        summary.click()
        assert middle.is_visible(), f"{source}: fold {index} did not open on a click"
        assert fold.locator("button.copybtn").count() == 0, f"{source}: fold {index}: a copy button that copies nothing"
        rendered = _lines(head) + _lines(middle) + (_lines(tail) if tail else [])
        # Which transcript this is: the one whose every line the opened blocks show, in order.
        matches = [t for t in transcripts if (REPO / t).read_text(encoding="utf-8").rstrip("\n").split("\n") == rendered]
        assert matches, f"{source}: fold {index} opened does not show a whole transcript of the page"
        total = len(rendered)
        assert f"({total} lines" in summary.inner_text()
        summary.click()
        assert not middle.is_visible()

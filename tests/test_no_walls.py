"""No transcript renders more than 60 lines open on a page (issue 19, item 4).

A page shows a ``.console`` transcript with ``literalinclude``; every line of the file is
rendered open unless the directive folds it: ``:fold: <head>[,<tail>]``
(docs/_ext/pip2poetry_docs.py) keeps the first ``head`` and last ``tail`` lines open and puts
the lines between in a ``<details>`` element. A transcript with more open lines is a wall:
fold it, quiet it with the tool's own flags, show it once, or offer it as a download.

The nine walls this test found when it was written are folded now, so there is no list of
accepted walls any more: every transcript on every page is held to the limit.
tests/browser/test_folded_transcripts.py checks that a browser shows the same count.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.paths import DOCS, REPO

from test_docs_integrity import PAGES, fenced_blocks

LIMIT = 60
FOLD = re.compile(r"(?P<head>[0-9]+)(?:\s*,\s*(?P<tail>[0-9]+))?")


def shown(lines: int, fold: str | None) -> int:
    """How many of a transcript's lines render open, given its ``:fold:`` option (if any)."""
    if fold is None:
        return lines
    match = FOLD.fullmatch(fold.strip())
    assert match, f":fold: {fold!r} is not <head>[,<tail>]"
    return min(lines, int(match["head"]) + int(match["tail"] or 0))


def open_lines(page: Path) -> list[tuple[str, str, int]]:
    """(page, transcript, lines rendered open) for every .console file a page includes."""
    found = []
    for block in fenced_blocks(page.read_text(encoding="utf-8")):
        if block.directive != "literalinclude" or not block.argument.endswith(".console"):
            continue
        base = DOCS if block.argument.startswith("/") else page.parent
        target = (base / block.argument.lstrip("/")).resolve()
        lines = len(target.read_text(encoding="utf-8").splitlines())
        found.append(
            (page.relative_to(DOCS).as_posix(), target.relative_to(REPO).as_posix(), shown(lines, block.options.get("fold")))
        )
    return found


def walls() -> list[tuple[str, str, int]]:
    return sorted(found for p in PAGES for found in open_lines(p) if found[2] > LIMIT)


def test_transcripts_are_measured() -> None:
    assert sum(len(open_lines(p)) for p in PAGES) > 20


def test_folds_count_only_their_open_lines() -> None:
    assert shown(214, None) == 214
    assert shown(214, "1,37") == 38
    assert shown(71, "15") == 15
    assert shown(10, "8,8") == 10


def test_no_wall_of_output() -> None:
    found = walls()
    assert not found, f"transcripts rendered with more than {LIMIT} lines open (page, transcript, lines): {found}"

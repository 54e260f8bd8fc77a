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

import os
import re
from html import unescape
from pathlib import Path

from harness.paths import DOCS, REPO

from test_docs_integrity import PAGES, fenced_blocks, sphinx_build

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


def test_fold_renders_head_and_tail_open_and_the_rest_in_details(tmp_path: Path) -> None:
    """The extension's :fold: on a probe site: the parts, the summary, the highlights that
    follow their lines, and the errors for a spec that folds nothing or cannot be read."""
    snippet = REPO / "snippets" / "verified-with" / "versions.console"  # 6 lines, 3 commands
    lines = snippet.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "site"
    source.mkdir()
    relative = os.path.relpath(snippet, source)
    page = source / "index.md"
    page.write_text(
        f"# Probe\n\n```{{literalinclude}} {relative}\n:language: console\n:fold: 1,1\n"
        f":emphasize-matching: ^Poetry\n```\n",
        encoding="utf-8",
    )
    result = sphinx_build(source, tmp_path / "good")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "good" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="highlight-(console(?:-output)?) notranslate"><div class="highlight"><pre[^>]*>(.*?)</pre>', html, re.S)
    texts = [unescape(re.sub(r"<[^>]+>", "", body)).rstrip("\n").split("\n") for _, body in blocks]
    # The middle holds commands, so it keeps the copy button; the tail is output only.
    assert [kind for kind, _ in blocks] == ["console", "console", "console-output"]
    assert texts == [lines[:1], lines[1:-1], lines[-1:]]
    folded = re.search(r'<details class="folded-output"><summary>(.*?)</summary>(.*?)</details>', html, re.S)
    assert folded, "no <details> around the folded lines"
    assert folded[1] == f"Show the full output ({len(lines)} lines, {len(lines) - 2} folded here)"
    assert lines[1] in unescape(re.sub(r"<[^>]+>", "", folded[2]))
    highlighted = [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<span class="hll">(.*?)\n', html)]
    assert highlighted == [line for line in lines if line.startswith("Poetry")]
    page.write_text(
        f"# Probe\n\n```{{literalinclude}} {relative}\n:language: console\n:fold: 0\n```\n\n"
        f"```{{literalinclude}} {relative}\n:language: console\n:fold: {len(lines)}\n```\n\n"
        f"```{{literalinclude}} {relative}\n:language: console\n:fold: 1\n:lines: 1-3\n```\n",
        encoding="utf-8",
    )
    result = sphinx_build(source, tmp_path / "bad")
    assert result.returncode != 0
    assert "is not <head>[,<tail>]" in result.stderr, result.stderr
    assert "leaves nothing to fold" in result.stderr, result.stderr
    assert ":fold: cannot be combined with :lines:" in result.stderr, result.stderr

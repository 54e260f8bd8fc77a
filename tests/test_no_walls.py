"""No transcript renders more than 60 lines open on a page (issue 19, item 4).

A page shows a ``.console`` transcript with ``literalinclude``; every line of the file is
rendered open, because the extension has no folding yet. A longer transcript is a wall: fold
it, quiet it with the tool's own flags, show it once, or offer it as a download.

WALLS lists the walls found when this test was written (page, transcript, lines), so that no
new wall can appear while they are fixed; an entry whose wall is gone must be removed, so the
list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

from harness.paths import DOCS, REPO

from test_docs_integrity import PAGES, fenced_blocks

LIMIT = 60

WALLS: set[tuple[str, str]] = {
    ('explanation/frequently-asked-questions.md', 'snippets/frequently-asked-questions/poetry-removes-itself.console'),
    ('how-to/build-docker-images-for-a-poetry-project.md', 'snippets/build-docker-images-for-a-poetry-project/build-pip.console'),
    ('how-to/build-docker-images-for-a-poetry-project.md', 'snippets/build-docker-images-for-a-poetry-project/build-project-venv.console'),
    ('how-to/build-docker-images-for-a-poetry-project.md', 'snippets/build-docker-images-for-a-poetry-project/build-uninstalls-poetry.console'),
    ('how-to/build-docker-images-for-a-poetry-project.md', 'snippets/build-docker-images-for-a-poetry-project/build.console'),
    ('how-to/migrate-a-whole-repository-in-one-command.md', 'snippets/migrate-a-whole-repository-in-one-command/after-docker-build.console'),
    ('how-to/migrate-a-whole-repository-in-one-command.md', 'snippets/migrate-a-whole-repository-in-one-command/before-github-actions-docs.console'),
    ('reference/pip2poetry-migrate.md', 'snippets/pip2poetry-migrate/makefile.console'),
    ('reference/pip2poetry-migrate.md', 'snippets/pip2poetry-migrate/poetry-1.console'),
}


def open_lines(page: Path) -> list[tuple[str, str, int]]:
    """(page, transcript, rendered lines) for every .console file a page includes."""
    found = []
    for block in fenced_blocks(page.read_text(encoding="utf-8")):
        if block.directive != "literalinclude" or not block.argument.endswith(".console"):
            continue
        base = DOCS if block.argument.startswith("/") else page.parent
        target = (base / block.argument.lstrip("/")).resolve()
        lines = len(target.read_text(encoding="utf-8").splitlines())
        found.append((page.relative_to(DOCS).as_posix(), target.relative_to(REPO).as_posix(), lines))
    return found


def walls() -> set[tuple[str, str]]:
    return {(page, shown) for p in PAGES for page, shown, lines in open_lines(p) if lines > LIMIT}


def test_transcripts_are_measured() -> None:
    assert sum(len(open_lines(p)) for p in PAGES) > 20


def test_no_new_wall_of_output() -> None:
    new = sorted(walls() - WALLS)
    assert not new, f"transcripts rendered with more than {LIMIT} lines open: {new}"


def test_fixed_walls_leave_the_list() -> None:
    gone = sorted(WALLS - walls())
    assert not gone, f"no longer walls, remove them from WALLS: {gone}"

"""Every history note on a page is either run by the older release it describes or cited.

The Standards allow older behaviour (Poetry 1.x, older 2.x) only as labelled history,
"executed with those real releases where the page states it". A history note is a paragraph
that starts with ``History:`` or ``**History.**`` (to the end of its ``:::`` note, or of the
paragraph), or a section that says ``This section is history`` (to the next heading). Each
one must show a transcript that a scenario runs with an older release (a ``run`` step with
``poetry = "<version>"``), link to a section that shows one, or, for what no release here can
run (Poetry 1.1, a changelog), cite where it was said with an ``https://`` link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import scenario
from harness.paths import DOCS, REPO

PAGES = sorted(DOCS.rglob("*.md"))
#: snippet -> the older releases that run it
OLDER: dict[Path, set[str]] = {}
for _case in scenario.load_all():
    for _step in _case.steps:
        if _step.poetry:
            OLDER.setdefault(_step.snippet.resolve(), set()).add(_step.poetry)

LABEL = re.compile(r"^(?:\*\*History\.\*\*|History:)")
SECTION_LABEL = re.compile(r"^This section is history\b")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
INCLUDE = re.compile(r"^```\{literalinclude\}\s+(\S+)")
EXTERNAL = re.compile(r"\]\(https?://|<https?://")
MD_LINK = re.compile(r"\]\((?P<page>[^)#\s]*\.md)?#(?P<anchor>[^)\s]+)\)")
REF = re.compile(r"\{ref\}`(?:[^`<]*<(?P<a>[^>`]+)>|(?P<b>[^`<>]+))`")
LABEL_LINE = re.compile(r"^\((?P<anchor>[\w-]+)\)=\s*$")


@dataclass
class Note:
    page: Path
    line: int
    lines: list[str]

    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}: {self.lines[0].strip()[:90]}"


def _slug(text: str) -> str:
    text = re.sub(r"[`*]", "", text).strip().lower()
    return re.sub(r"\s+", "-", re.sub(r"[^\w\- ]", "", text))


def _notes(page: Path) -> list[Note]:
    lines = page.read_text(encoding="utf-8").splitlines()
    notes = []
    for number, line in enumerate(lines):
        if LABEL.match(line):
            # inside a ::: note when the nearest ::: line above opens one
            above = next((l for l in reversed(lines[:number]) if l.startswith(":::")), "")
            in_note = above.startswith(":::{")
            end = number
            while end < len(lines) and (lines[end].strip() != ":::" if in_note else lines[end].strip()):
                end += 1
            notes.append(Note(page, number + 1, lines[number:end]))
        elif SECTION_LABEL.match(line):
            end = number
            while end < len(lines) and not HEADING.match(lines[end]):
                end += 1
            notes.append(Note(page, number + 1, lines[number:end]))
    return notes


def _includes(page: Path, lines: list[str]) -> list[Path]:
    return [(page.parent / m.group(1)).resolve() for m in map(INCLUDE.match, lines) if m]


def _sections() -> dict[tuple[Path, str], list[str]]:
    """(page, anchor) -> the lines from that anchor or heading to the next heading."""
    out: dict[tuple[Path, str], list[str]] = {}
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            label, heading = LABEL_LINE.match(line), HEADING.match(line)
            if not (label or heading):
                continue
            start = number + 1 if label else number
            end = start + 1
            while end < len(lines) and not HEADING.match(lines[end]):
                end += 1
            anchor = label.group("anchor") if label else _slug(heading.group(2))
            out[(page.resolve(), anchor)] = lines[start:end]
    return out


SECTIONS = _sections()
NOTES = [note for page in PAGES for note in _notes(page)]


def _runs_older(page: Path, lines: list[str]) -> set[str]:
    return {release for path in _includes(page, lines) for release in OLDER.get(path, ())}


def _linked_sections(note: Note) -> list[tuple[Path, list[str]]]:
    text = "\n".join(note.lines)
    found = []
    for m in MD_LINK.finditer(text):
        target = (note.page.parent / m.group("page")).resolve() if m.group("page") else note.page.resolve()
        if (target, m.group("anchor")) in SECTIONS:
            found.append((target, SECTIONS[(target, m.group("anchor"))]))
    for m in REF.finditer(text):
        anchor = m.group("a") or m.group("b")
        found += [(page, lines) for (page, name), lines in SECTIONS.items() if name == anchor.strip()]
    return found


def test_the_pages_have_history_notes() -> None:
    assert len(NOTES) >= 10, [n.where() for n in NOTES]


@pytest.mark.parametrize("note", NOTES, ids=lambda n: f"{n.page.stem}:{n.line}")
def test_a_history_note_is_run_by_its_release_or_cited(note: Note) -> None:
    if _runs_older(note.page, note.lines) or EXTERNAL.search("\n".join(note.lines)):
        return
    linked = [page for page, lines in _linked_sections(note) if _runs_older(page, lines)]
    assert linked, (
        "a history note shows no transcript run by an older release (a run step with poetry = ...), "
        "links to no section that shows one, and cites nothing (an https:// link):\n" + note.where()
    )


@pytest.mark.parametrize("note", [n for n in NOTES if _runs_older(n.page, n.lines)], ids=lambda n: f"{n.page.stem}:{n.line}")
def test_a_history_note_names_a_release_that_runs_it(note: Note) -> None:
    releases = _runs_older(note.page, note.lines)
    text = "\n".join(note.lines)
    named = {r for r in releases if r in text or ".".join(r.split(".")[:2]) in text}
    assert named, f"the note's transcripts run Poetry {', '.join(sorted(releases))}, which it does not name:\n{note.where()}"

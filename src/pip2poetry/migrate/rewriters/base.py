"""What every rewriter returns, and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from pip2poetry.migrate.model import Edit, Finding


class Invalid(Exception):
    """A rewritten file that its format's own parser rejects: a bug, never written."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Result:
    text: str | None = None  # the new text; None when the file stays as it is
    rules: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def apply(text: str, edits: list[Edit]) -> str:
    """The text with non-overlapping edits applied (offsets into the original)."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at offset {e.start}")
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def mentions_pip_era(text: str) -> bool:
    """Cheap test before any parsing: could this file hold a line to rewrite?"""
    return any(w in text for w in ("pip", "setup.py", "requirements", "poetry", "pipenv"))

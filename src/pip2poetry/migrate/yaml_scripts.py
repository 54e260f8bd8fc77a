"""Shell scripts inside YAML (GitHub Actions ``run:``, GitLab ``script:``, CircleCI
``command:``), located with ruamel.yaml's round-trip loader and edited in the file's own
text, so that comments, quoting and layout outside the rewritten commands stay as they are.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pip2poetry.migrate.model import Edit


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str):  # type: ignore[no-untyped-def]
    """The round-trip document, or :class:`YamlError` with the line of the problem."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (e.problem or e.context or "invalid YAML").strip()
        raise YamlError(line, f"invalid YAML: {problem}") from None
    except YAMLError as e:
        raise YamlError(1, f"invalid YAML: {str(e).splitlines()[0]}") from None


class Lines:
    """Offsets of line starts in a file's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def offset(self, line0: int, col: int = 0) -> int:
        return self.starts[line0] + col if line0 < len(self.starts) else len(self.text)

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect.bisect_right(self.starts, offset)

    def line(self, line0: int) -> str:
        end = self.starts[line0 + 1] - 1 if line0 + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line0]:end]


@dataclass
class Script:
    """A scalar that holds shell commands, and where each of its characters is in the file."""

    value: str
    positions: list[int]  # file offset of each character of value, and one past the end

    def to_file(self, offset: int) -> int:
        return self.positions[offset] if offset < len(self.positions) else self.positions[-1]

    def edits_in_file(self, edits: list[Edit], lines: Lines) -> list[Edit]:
        out = []
        for e in edits:
            start, end = self.to_file(e.start), self.to_file(e.end)
            out.append(Edit(start, end, e.new, e.rule, lines.line_of(start)))
        return out


def script_at(lines: Lines, mapping, key) -> Script | None:  # type: ignore[no-untyped-def]
    """The script that is ``mapping[key]``, mapped onto the file, or None when its form
    cannot be mapped character for character (a folded or escaped scalar)."""
    value = mapping[key]
    if not isinstance(value, str):
        return None
    line0, col = mapping.lc.value(key)
    return _scalar(lines, line0, col, value)


def script_item(lines: Lines, seq, index: int) -> Script | None:  # type: ignore[no-untyped-def]
    value = seq[index]
    if not isinstance(value, str):
        return None
    line0, col = seq.lc.item(index)
    return _scalar(lines, line0, col, value)


def _scalar(lines: Lines, line0: int, col: int, value: str) -> Script | None:
    first = lines.line(line0)
    head = first[col:]
    if head.startswith("|"):
        return _block(lines, line0, value)
    if head.startswith(">"):
        return None  # folded: lines joined by spaces, not mappable
    start = lines.offset(line0, col)
    if head.startswith("'") or head.startswith('"'):
        inner = head[1:]
        if inner.startswith(value) and inner[len(value):len(value) + 1] == head[0] and "\n" not in value:
            return Script(value, [start + 1 + i for i in range(len(value) + 1)])
        return None
    if head.startswith(value) and "\n" not in value:
        return Script(value, [start + i for i in range(len(value) + 1)])
    return None


def _block(lines: Lines, line0: int, value: str) -> Script | None:
    """A literal block scalar: its content lines follow, each with the block's indentation."""
    positions: list[int] = []
    content = value.split("\n")
    n = line0 + 1
    indent = None
    for k, piece in enumerate(content):
        if k == len(content) - 1 and piece == "":
            break
        # skip blank lines in the file for blank pieces
        if n >= len(lines.starts):
            return None
        raw = lines.line(n)
        if piece == "":
            positions.append(lines.offset(n, len(raw)))
            n += 1
            continue
        if indent is None:
            indent = len(raw) - len(raw.lstrip(" "))
        if raw[indent:] != piece:
            return None
        start = lines.offset(n, indent)
        positions += [start + i for i in range(len(piece))]
        positions.append(start + len(piece))  # the newline
        n += 1
    if len(positions) < len(value) + 1:
        positions += [positions[-1] if positions else lines.offset(line0 + 1)] * (len(value) + 1 - len(positions))
    return Script(value, positions[: len(value) + 1])


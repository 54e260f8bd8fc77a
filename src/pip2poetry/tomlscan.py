"""Where things are in a TOML document: a position scanner.

``tomllib`` tells us what a document means but not where anything is.  This
scanner walks a document that ``tomllib`` has already accepted and records,
for every key path, where the key (or table header) is first written, and for
every string value, the exact span of its token.  Paths use the same shape as
the parsed data: table keys are ``str``, array (and array-of-tables) elements
are ``int``.

Because the input is known to be valid TOML, the scanner can be forgiving: it
only needs to find token boundaries, not to report errors.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from typing import NamedTuple

Path = tuple[str | int, ...]

_WS = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_SCALAR = re.compile(
    r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?"
    r"|[^\s,\]\}#]+"
)


class StringToken(NamedTuple):
    start: int  # offset of the opening quote
    end: int  # offset just after the closing quote
    content_start: int  # offset of the first character of the value
    content_end: int  # offset just after the last character of the value
    raw: bool  # True when the content is the value verbatim (no escapes)


class Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        self.keys: dict[Path, int] = {}  # path -> offset where first defined
        self.strings: dict[Path, StringToken] = {}
        self.comments: dict[int, str] = {}  # line number -> comment text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._aot: dict[Path, int] = {}
        self._scan()

    # -- positions ---------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    # -- scanning ----------------------------------------------------------
    def _skip(self, i: int, newlines: bool = True) -> int:
        text = self.text
        n = len(text)
        while i < n:
            c = text[i]
            if c in " \t" or (newlines and c in "\r\n"):
                i += 1
            elif c == "#":
                end = text.find("\n", i)
                end = n if end < 0 else end
                self.comments[self.line_col(i)[0]] = text[i:end].rstrip("\r")
                i = end
            else:
                break
        return i

    def _scan(self) -> None:
        text = self.text
        n = len(text)
        table: Path = ()
        i = self._skip(0)
        while i < n:
            if text[i] == "[":
                start = i
                aot = text.startswith("[[", i)
                i = self._skip(i + (2 if aot else 1), newlines=False)
                keys, i = self._key(i)
                i = self._skip(i, newlines=False)
                i += 2 if aot else 1
                table = self._resolve(keys, aot)
                self._define(table, start)
            else:
                start = i
                keys, i = self._key(i)
                path = table + tuple(keys)
                self._define(path, start)
                i = self._skip(i, newlines=False) + 1  # the "="
                i = self._value(self._skip(i, newlines=False), path)
            i = self._skip(i)

    def _resolve(self, keys: list[str], aot: bool) -> Path:
        path: list[str | int] = []
        for k in keys[:-1]:
            path.append(k)
            if tuple(path) in self._aot:
                path.append(self._aot[tuple(path)] - 1)
        path.append(keys[-1])
        if aot:
            count = self._aot.get(tuple(path), 0)
            self._aot[tuple(path)] = count + 1
            path.append(count)
        return tuple(path)

    def _define(self, path: Path, offset: int) -> None:
        for k in range(1, len(path) + 1):
            self.keys.setdefault(path[:k], offset)

    def _key(self, i: int) -> tuple[list[str], int]:
        text = self.text
        keys = []
        while True:
            i = self._skip(i, newlines=False)
            c = text[i]
            if c == '"':
                m = _BASIC.match(text, i)
                assert m
                raw = m.group()
                keys.append(_decode(raw) if "\\" in raw else raw[1:-1])
            elif c == "'":
                m = _LITERAL.match(text, i)
                assert m
                keys.append(m.group()[1:-1])
            else:
                m = _BARE_KEY.match(text, i)
                assert m
                keys.append(m.group())
            i = self._skip(m.end(), newlines=False)
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            return keys, i

    def _value(self, i: int, path: Path) -> int:
        text = self.text
        c = text[i]
        if c == '"' or c == "'":
            return self._string(i, path)
        if c == "{":
            i = self._skip(i + 1)
            while text[i] != "}":
                start = i
                keys, i = self._key(i)
                sub = path + tuple(keys)
                self._define(sub, start)
                i = self._skip(i) + 1  # the "="
                i = self._skip(self._value(self._skip(i), sub))
                if text[i] == ",":
                    i = self._skip(i + 1)
            return i + 1
        if c == "[":
            index = 0
            i = self._skip(i + 1)
            while text[i] != "]":
                i = self._skip(self._value(i, path + (index,)))
                index += 1
                if text[i] == ",":
                    i = self._skip(i + 1)
            return i + 1
        m = _SCALAR.match(text, i)
        assert m
        return m.end()

    def _string(self, i: int, path: Path) -> int:
        text = self.text
        quote = text[i]
        if text.startswith(quote * 3, i):
            content_start = i + 3
            j = content_start
            while True:
                j = text.find(quote * 3, j)
                if quote == '"' and _escaped(text, j):
                    j += 1
                    continue
                break
            run = 3
            while run < 5 and j + run < len(text) and text[j + run] == quote:
                run += 1
            content_end = j + run - 3
            end = j + run
        else:
            m = (_BASIC if quote == '"' else _LITERAL).match(text, i)
            assert m
            end = m.end()
            content_start, content_end = i + 1, end - 1
        raw = text[content_start:content_end]
        verbatim = not (quote == '"' and "\\" in raw) and "\n" not in raw
        self.strings[path] = StringToken(i, end, content_start, content_end, verbatim)
        return end


def _escaped(text: str, j: int) -> bool:
    k = j
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (j - k) % 2 == 1


def _decode(token: str) -> str:
    value = tomllib.loads(f"k = {token}")["k"]
    assert isinstance(value, str)
    return value

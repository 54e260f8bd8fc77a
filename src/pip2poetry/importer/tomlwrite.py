"""Byte-preserving edits of pyproject.toml: set a key, add a table, remove a table.

Every edit is applied to the text and to the parsed document at the same time; at the
end the edited text must parse to exactly the edited document, or nothing is written.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib

from pip2poetry.tomlscan import Path, Scan

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


class Layout(Scan):
    """tomlscan's Scan, plus where each table header is and where each value ends."""

    def __init__(self, text: str) -> None:
        self.headers: list[tuple[int, Path]] = []
        self.values: dict[Path, tuple[int, int]] = {}
        super().__init__(text)

    def _define(self, path: Path, offset: int) -> None:
        if self.text.startswith("[", offset) and not any(o == offset for o, _ in self.headers):
            self.headers.append((offset, path))
        super()._define(path, offset)

    def _value(self, i: int, path: Path) -> int:
        end = super()._value(i, path)
        self.values[path] = (i, end)
        return end


def key(name: str) -> str:
    return name if _BARE.match(name) else string(name)


def string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def value(v: object, indent: str = "") -> str:
    if isinstance(v, str):
        return string(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }" if v else "{}"
    if isinstance(v, list):
        if not v:
            return "[]"
        if all(isinstance(x, str) for x in v) and len(v) == 1 and len(v[0]) < 60 and indent == "inline":
            return f"[{value(v[0])}]"
        return "[\n" + ",\n".join(f"    {value(x)}" for x in v) + "\n]"
    raise TypeError(type(v))


class Editor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.doc = tomllib.loads(text) if text.strip() else {}
        self.expected = copy.deepcopy(self.doc)
        self.layout = Layout(text)

    def _replace(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self.layout = Layout(self.text)

    def _section(self, table: Path) -> tuple[int, int] | None:
        """Start (after the header line) and end of the section a header opens."""
        headers = self.layout.headers
        for i, (offset, path) in enumerate(headers):
            if path == table:
                start = self.text.find("\n", offset)
                start = len(self.text) if start < 0 else start + 1
                end = headers[i + 1][0] if i + 1 < len(headers) else len(self.text)
                return start, end
        return None

    def has_header(self, table: Path) -> bool:
        return any(path == table for _, path in self.layout.headers)

    def _content_end(self, start: int, end: int) -> int:
        """Just after the last value line of a section (before its trailing blank lines)."""
        last = start
        for (vstart, vend) in self.layout.values.values():
            if start <= vstart < end and vend > last:
                last = vend
        if last == start:
            return start
        nl = self.text.find("\n", last)
        return len(self.text) if nl < 0 or nl > end else nl + 1

    def set(self, table: Path, name: str, v: object, rendered: str | None = None) -> None:
        """Set ``table.name``: replace its value where it is, or add it to the table."""
        path = table + (name,)
        text = rendered if rendered is not None else value(v)
        _put(self.expected, path, v)
        if path in self.layout.values:
            start, end = self.layout.values[path]
            self._replace(start, end, text)
            return
        line = f"{key(name)} = {text}\n"
        if table == ():
            first = self.layout.headers[0][0] if self.layout.headers else len(self.text)
            at = self._content_end(0, first)
            self._replace(at, at, line)
            return
        section = self._section(table)
        if section is None:
            self.add_table(table, [(name, text)])
            return
        at = self._content_end(*section)
        if at == len(self.text) and not self.text.endswith("\n"):
            line = "\n" + line
        self._replace(at, at, line)

    def add_table(self, table: Path, items: list[tuple[str, str]], aot: bool = False) -> None:
        """A new [table] section (or [[table]] element) after its parent's sections."""
        header = ".".join(key(str(k)) for k in table)
        block = (f"[[{header}]]\n" if aot else f"[{header}]\n") + "".join(f"{key(k)} = {t}\n" for k, t in items)
        at = len(self.text)
        top = table[0]
        after = [i for i, (_, p) in enumerate(self.layout.headers) if p[0] == top]
        if after and len(table) > 1:
            i = after[-1]
            at = self.layout.headers[i + 1][0] if i + 1 < len(self.layout.headers) else len(self.text)
        prefix = self.text[:at]
        if prefix and not prefix.endswith("\n"):
            block = "\n" + block
        if prefix.strip() and not prefix.endswith("\n\n"):
            block = "\n" + block
        if at < len(self.text):
            block += "\n"
        self._replace(at, at, block)

    def add_aot(self, table: Path, item: dict) -> None:
        _get(self.expected, table, create=list).append(item)
        self.add_table(table, [(k, value(v)) for k, v in item.items()], aot=True)

    def set_table(self, table: Path, items: dict) -> None:
        for k, v in items.items():
            self.set(table, k, v)

    def remove_table(self, table: Path) -> bool:
        section = self._section(table)
        if section is None:
            return False
        start = next(o for o, p in self.layout.headers if p == table)
        end = section[1]
        self._replace(start, end, "")
        parent = _get(self.expected, table[:-1])
        parent.pop(table[-1], None)
        for depth in range(len(table) - 1, 0, -1):  # parents left empty, with no header of their own
            prefix = table[:depth]
            node = _get(self.expected, prefix)
            if node or self.has_header(prefix) or prefix in self.layout.keys:
                break
            _get(self.expected, prefix[:-1]).pop(prefix[-1], None)
        return True

    def check(self) -> bool:
        try:
            return tomllib.loads(self.text) == self.expected
        except tomllib.TOMLDecodeError:
            return False


def _get(doc: dict, path: Path, create: type = dict) -> object:
    target: object = doc
    for i, k in enumerate(path):
        assert isinstance(target, dict)
        if k not in target:
            target[k] = create() if i == len(path) - 1 else {}
        target = target[k]
    return target


def _put(doc: dict, path: Path, v: object) -> None:
    parent = _get(doc, path[:-1])
    assert isinstance(parent, dict)
    parent[path[-1]] = copy.deepcopy(v)

"""What the readers produce: dependencies, today's versions, indexes and report lines."""

from __future__ import annotations

import os
import re
from pip2poetry.importer.pep508 import normalize


class InputError(Exception):
    """Bad input: one line on stderr, exit status 2, nothing written."""


class Dep:
    """One dependency as the source states it."""

    def __init__(self, name: str, extras: list[str] | None = None, specifier: str = "", marker: str = "", *,
                 url: str = "", path: str = "", develop: bool = False, group: str | None = None,
                 extra: str | None = None, where: str = "", raw: str = "") -> None:  # fmt: skip
        self.name = name
        self.extras = extras or []
        self.specifier = specifier  # the source's own constraint, PEP 440 (">=1.2,<2")
        self.marker = marker  # rendered the way Poetry writes markers
        self.url = url  # a direct reference (VCS or archive URL), credentials removed
        self.path = path  # a local directory or file, relative to the project
        self.develop = develop
        self.group = group  # a dependency group, or None for the main list
        self.extra = extra  # an extra of [project.optional-dependencies]
        self.where = where  # file:line
        self.raw = raw  # the source line as the report shows it (credentials removed)
        self.source = ""  # the explicit source it comes from (--internal)

    @property
    def key(self) -> str:
        return normalize(self.name)


class Note:
    def __init__(self, where: str, message: str, todo: bool = False) -> None:
        self.where = where  # "file:line", or "file"
        self.message = message
        self.todo = todo  # a line left for the reader: exit status 1


class Source:
    def __init__(self, name: str, url: str, priority: str, where: str = "", option: str = "") -> None:
        self.name, self.url, self.priority, self.where = name, url, priority, where
        self.option = option  # the pip option it came from, such as "--extra-index-url"


class Imported:
    """Everything the readers found."""

    def __init__(self) -> None:
        self.deps: list[Dep] = []
        self.today: dict[str, tuple[str, str]] = {}  # key -> (version, where)
        self.sources: list[Source] = []
        self.notes: list[Note] = []
        self.requires_python: tuple[str, str] | None = None  # (specifier, where)
        self.python_today = ""  # "3.11": the Python that runs today
        self.python_full = ""  # "3.11.7", when known from a virtual environment
        self.metadata: dict = {}  # [project] fields from setup.cfg/setup.py
        self.scripts: dict[str, str] = {}
        self.packages: list[dict] | None = None  # [tool.poetry] packages, when PEP 621 cannot say it
        self.files: list[str] = []  # every file read

    def note(self, where: str, message: str, todo: bool = False) -> None:
        self.notes.append(Note(where, message, todo))

    def set_today(self, name: str, version: str, where: str, *, override: bool = False) -> None:
        key = normalize(name)
        if override or key not in self.today:
            self.today[key] = (version, where)


_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]*)@")


def strip_credentials(url: str) -> tuple[str, bool]:
    """The URL without ``user:password@``, and whether there was one."""
    m = _USERINFO.search(url)
    if not m:
        return url, False
    return _USERINFO.sub(r"\g<scheme>", url), True


def sanitize(text: str) -> str:
    """Any text the command prints: URLs lose their credentials."""
    return _USERINFO.sub(r"\g<scheme>", text)


def read_text(path: str, what: str) -> str:
    """A source file as text, or InputError with one clear line."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not {what}") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    if b"\0" in data:
        raise InputError(f"{path}: binary file (NUL byte at offset {data.index(0)}), not {what}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def rel(path: str, base: str) -> str:
    """A path as the report shows it: relative to the project when inside it."""
    try:
        r = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if r.startswith("..") and os.path.isabs(path) else r

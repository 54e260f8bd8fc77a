"""What a migration decides and does, shared by the rewriters, the report and the command."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from pip2poetry.discovery import Tree


class MigrateError(Exception):
    """Bad input that stops the whole migration: one line, nothing written."""


@dataclass
class Edit:
    start: int  # offsets into the file's text
    end: int
    new: str
    rule: str
    line: int  # 1-based line of the start, for the report


@dataclass
class Finding:
    """A line the migration left for a person (todo) or wants a person to know about."""

    where: str  # the file, relative to the repository
    line: int  # 0: the file as a whole
    rule: str
    message: str
    todo: bool = True
    bad_input: bool = False  # a file that cannot be read or parsed: also one line on stderr

    @property
    def location(self) -> str:
        return f"{self.where}:{self.line}" if self.line else self.where


@dataclass
class FileChange:
    rel: str
    kind: str  # the consumer or dependency kind
    before: str | None  # None: a new file
    after: str | None  # None: the file is removed
    rules: list[str] = field(default_factory=list)


@dataclass
class Plan:
    tree: Tree
    #: the requirements files the import reads -> their group (None: main dependencies)
    groups: dict[str, str | None] = field(default_factory=dict)
    dependency_names: set[str] = field(default_factory=set)
    scripts: set[str] = field(default_factory=set)
    has_package: bool = True
    needs_export_plugin: bool = False
    #: the other dependency files the change replaces (Pipfile, setup.py, .in files)
    retiring: set[str] = field(default_factory=set)
    #: files a line still needs after the change (not rewritten): they stay
    kept: dict[str, list[str]] = field(default_factory=dict)

    #: the dependency groups pyproject.toml declares (after the import)
    declared_groups: set[str] = field(default_factory=set)

    def all_groups(self) -> set[str | None]:
        """What a bare ``poetry sync`` installs: main and every group."""
        return {None} | {g for g in self.groups.values() if g is not None} | set(self.declared_groups)

    def resolve(self, source: str, raw: str, relative_to_source: bool) -> str | None:
        """The imported dependency file that ``raw`` (as written in ``source``) names, or None."""
        raw = raw.strip().strip("\"'")
        if raw.startswith("./"):
            raw = raw[2:]
        here = posixpath.dirname(source)
        candidates = [posixpath.normpath(posixpath.join(here, raw)), posixpath.normpath(raw)]
        if not relative_to_source:
            candidates.reverse()
        for c in candidates:
            if c in self.groups:
                return c
        # A path inside an image or on a runner: the file COPY put there, matched by name.
        name = posixpath.basename(raw)
        matches = [f for f in self.groups if posixpath.basename(f) == name and (raw.endswith("/" + f) or raw == name or raw.endswith(f))]
        if len(matches) == 1:
            return matches[0]
        copies = [i.target for i in self.tree.installs if i.source == source and i.how == "copy" and posixpath.basename(i.target) == name]
        if len(set(copies)) == 1 and copies[0] in self.groups:
            return copies[0]
        return None

    def groups_installed_by(self, rel: str) -> set[str | None]:
        """The groups installing ``rel`` installs: its own, and those of what it includes."""
        out: set[str | None] = set()
        seen: set[str] = set()
        stack = [rel]
        while stack:
            r = stack.pop()
            if r in seen:
                continue
            seen.add(r)
            if r in self.groups:
                out.add(self.groups[r])
            stack += [i.target for i in self.tree.installs if i.source == r and i.how == "-r"]
        return out

    def keep_for(self, files: list[str], source: str, line: int) -> None:
        for raw in files:
            rel = self.resolve(source, raw, True)
            if rel is not None:
                self.kept.setdefault(rel, []).append(f"{source}:{line}")

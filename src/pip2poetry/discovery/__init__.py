"""One discovery of a repository, shared by ``import``, ``survey`` and ``migrate``.

It answers three questions by reading files only (nothing found here is ever run):

* which files declare dependencies, at any depth (``requirements/``, ``docs/requirements.txt``,
  a dev file with any name that something installs with ``-r``), and what each ``-r`` includes;
* which files *consume* them: Dockerfiles, CI files, Makefiles, tox, nox, shell scripts,
  Read the Docs, pre-commit, Renovate and Dependabot, ``MANIFEST.in``, READMEs;
* which consumer installs which file, on which line, in which job: that decides a file's
  dependency group when its name does not (a file that only a docs job installs is docs).

The walk is in :mod:`pip2poetry.discovery.walk`, the classification of file names in
:mod:`pip2poetry.discovery.kinds` and the references between files in
:mod:`pip2poetry.discovery.references`; the model is here.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field

#: kinds of dependency file
DEPENDENCY_KINDS = (
    "requirements", "pip-tools-in", "pipfile", "pipfile-lock", "setup.py", "setup.cfg",
    "pyproject", "poetry-lock", "conda", "constraints",
)  # fmt: skip

#: kinds of consumer: a file that installs dependencies or names a dependency file
CONSUMER_KINDS = (
    "dockerfile", "compose", "github-actions", "github-action", "gitlab-ci", "circleci",
    "makefile", "tox", "nox", "shell", "readthedocs", "pre-commit", "renovate",
    "dependabot", "manifest-in", "readme", "notebook",
)  # fmt: skip


@dataclass
class File:
    rel: str  # relative to the repository, with "/"
    kind: str  # one of DEPENDENCY_KINDS or CONSUMER_KINDS

    @property
    def is_dependency_file(self) -> bool:
        return self.kind in DEPENDENCY_KINDS


@dataclass
class Install:
    """A line of one file that installs (``-r``), constrains (``-c``) or names a dependency file."""

    source: str  # the file the reference is written in (a consumer or a requirements file)
    line: int  # 1-based
    target: str  # the file referred to, relative to the repository ("../x" when outside it)
    how: str  # "-r", "-c", "requirements" (Read the Docs), "copy" (Dockerfile COPY), "names"
    context: str = ""  # the job, target, tox environment or stage that runs it, lower case

    @property
    def outside(self) -> bool:
        return self.target == ".." or self.target.startswith("../")


@dataclass
class Tree:
    root: str
    files: list[File] = field(default_factory=list)
    installs: list[Install] = field(default_factory=list)
    #: (where, message): where is "path" or "path:line"; files that could not be read
    errors: list[tuple[str, str]] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict, repr=False)
    #: settings files that are neither dependency files nor consumers, read for what they
    #: say about the tools in use: ``.python-version``, ``pip.conf``, ``pip.ini`` (rel -> text)
    settings: dict[str, str] = field(default_factory=dict, repr=False)
    #: (where, message) for the settings files that could not be read
    settings_errors: list[tuple[str, str]] = field(default_factory=list, repr=False)
    #: notebooks too large to read (saved outputs): files of the tree, not bad input
    unread_notebooks: set[str] = field(default_factory=set, repr=False)

    # -- lookups -------------------------------------------------------------------------
    def kind(self, rel: str) -> str | None:
        for f in self.files:
            if f.rel == rel:
                return f.kind
        return None

    def of_kind(self, *kinds: str) -> list[str]:
        return [f.rel for f in self.files if f.kind in kinds]

    @property
    def dependency_files(self) -> list[File]:
        return [f for f in self.files if f.is_dependency_file]

    @property
    def consumers(self) -> list[File]:
        return [f for f in self.files if not f.is_dependency_file]

    def text(self, rel: str) -> str | None:
        """The file's text as read by the discovery (None: not read, or unreadable)."""
        return self._texts.get(rel)

    def installers(self, rel: str) -> list[Install]:
        """The lines elsewhere that install ``rel`` with -r, or name it for Read the Docs."""
        return [i for i in self.installs if i.target == rel and i.how in ("-r", "requirements")]

    def requirements_files(self) -> list[str]:
        return self.of_kind("requirements")

    def group_of(self, rel: str) -> str | None:
        """The dependency group a requirements file belongs to, or None for the main
        dependencies: from its name, then its folder, then the jobs that install it."""
        from pip2poetry.discovery.kinds import group_from_context, group_from_name

        by_name = group_from_name(rel)
        if by_name is not None:
            return by_name
        if by_name is None and self.included_by_main(rel):
            return None
        contexts = [i for i in self.installers(rel) if i.source != rel and self.kind(i.source) != "requirements"]
        if not contexts:
            return None
        groups = {group_from_context(i.context, self.kind(i.source) or "") for i in contexts}
        if len(groups) == 1:
            return groups.pop()
        return None  # installed by a main consumer (a Dockerfile) or by several kinds of job

    def old_installs(self) -> list[tuple[str, str, list[int]]]:
        """(consumer, kind, lines) for each consumer that installs the old way: the lines
        that install a dependency file with -r, or run a pip-era or Poetry 1.x command."""
        out = []
        for f in self.consumers:
            text = self.text(f.rel)
            if text is None:
                continue
            lines = set(old_install_lines(text))
            lines |= {i.line for i in self.installs if i.source == f.rel and i.how in ("-r", "-c", "requirements") and not _poetrys_own(i)}
            if lines:
                out.append((f.rel, f.kind, sorted(lines)))
        return out

    def subprojects(self) -> list[str]:
        """Folders below the top that hold a project of their own (a monorepo's packages):
        their dependency files belong to them, not to the repository's project."""
        markers = ("pyproject", "setup.py", "setup.cfg", "pipfile")
        return sorted({f.rel.rsplit("/", 1)[0] for f in self.files if f.kind in markers and "/" in f.rel})

    def project_roots(self) -> list[str]:
        """Every folder below the top that is a project of its own, for the survey's rows:
        the :meth:`subprojects`, and a service folder, one with its own requirements file
        (or ``requirements/`` folder) and its own Dockerfile or compose file. A service
        folder counts only in a repository that is a monorepo by other evidence (a
        sub-project, or another service folder): one ``deploy/`` folder with a Dockerfile
        and a requirements file is the top project's deployment, not a project.
        A service folder inside a sub-project belongs to that sub-project. Folders below
        tests, examples, docs or vendored code, and templates (``{{cookiecutter.slug}}``),
        hold data for the repository's own project: never a root."""
        roots = {s for s in self.subprojects() if _may_be_project(s)}
        kinds: dict[str, set[str]] = {}
        for f in self.files:
            if "/" not in f.rel:
                continue
            folder = f.rel.rsplit("/", 1)[0]
            if f.kind == "requirements" and folder.rsplit("/", 1)[-1] == "requirements":
                folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
            if folder:
                kinds.setdefault(folder, set()).add(f.kind)
        services = [
            folder for folder, found in kinds.items()
            if "requirements" in found and found & {"dockerfile", "compose"}
            and not set(folder.lower().split("/")) & _NOT_SERVICES and _may_be_project(folder)
            and not any(folder.startswith(r + "/") for r in roots)
        ]  # fmt: skip
        if services and (roots or len(services) > 1):
            roots.update(services)
        return sorted(roots)

    def view(self, prefix: str, exclude: list[str] | tuple[str, ...] = ()) -> Tree:
        """The part of the tree inside folder ``prefix`` ("" for the top), without the
        folders in ``exclude`` below it, with every path relative to ``prefix``: what one
        project of a monorepo holds. Nothing is walked or read again."""
        start = prefix + "/" if prefix else ""
        cut = tuple(e + "/" for e in exclude if e != prefix and e.startswith(start))

        def inside(rel: str) -> bool:
            return rel.startswith(start) and not rel.startswith(cut)

        def relative(rel: str) -> str:
            if inside(rel):
                return rel[len(start) :]
            if rel.startswith("/"):
                return rel
            return posixpath.relpath(rel, prefix or ".")

        def where(at: str) -> str | None:
            path, colon, rest = at.partition(":")
            if path == "." and not prefix:
                return at
            return path[len(start) :] + colon + rest if inside(path) else None

        part = Tree(os.path.join(self.root, prefix) if prefix else self.root)
        part.files = [File(f.rel[len(start) :], f.kind) for f in self.files if inside(f.rel)]
        part._texts = {rel[len(start) :]: text for rel, text in self._texts.items() if inside(rel)}
        part.settings = {rel[len(start) :]: text for rel, text in self.settings.items() if inside(rel)}
        part.unread_notebooks = {rel[len(start) :] for rel in self.unread_notebooks if inside(rel)}
        part.installs = [
            Install(i.source[len(start) :], i.line, relative(i.target), i.how, i.context)
            for i in self.installs if inside(i.source)
        ]  # fmt: skip
        for errors, into in ((self.errors, part.errors), (self.settings_errors, part.settings_errors)):
            for at, message in errors:
                if (moved := where(at)) is not None:
                    into.append((moved, message))
        return part

    def in_subproject(self, rel: str) -> str | None:
        for folder in self.subprojects():
            if rel.startswith(folder + "/"):
                return folder
        return None

    def import_sources(self) -> ImportSources:
        """What ``pip2poetry import`` reads here: the Pipfile, else setup.cfg/setup.py at
        the top, the pip-tools ``.in`` files (their compiled ``.txt`` give today's versions)
        and the requirements files at any depth, outside sub-projects; each with its group.
        A main file that another main file includes is read through that include."""
        out = ImportSources()
        kinds = {f.rel: f.kind for f in self.dependency_files if "/" not in f.rel or self.in_subproject(f.rel) is None}
        if kinds.get("Pipfile") == "pipfile":
            out.sources.append("Pipfile")
            return out
        out.sources += [r for r in ("setup.cfg", "setup.py") if r in kinds]
        ins = sorted(r for r, k in kinds.items() if k == "pip-tools-in")
        out.compiled = {r[: -len(".in")] + ".txt" for r in ins if r[: -len(".in")] + ".txt" in kinds}
        for rel in ins:
            out.groups[rel] = self.group_of(rel)
            out.sources.append(rel)
        for rel in sorted(r for r, k in kinds.items() if k == "requirements" and r not in out.compiled):
            group = self.group_of(rel)
            out.groups[rel] = group
            if group is None and self.included_by_main(rel):
                continue
            out.sources.append(rel)
        for rel in out.compiled:
            out.groups[rel] = out.groups[rel[: -len(".txt")] + ".in"]
        return out

    def included_by_main(self, rel: str) -> bool:
        """Another requirements file of the main dependencies includes this one with -r."""
        from pip2poetry.discovery.kinds import group_from_name

        return any(
            i.how == "-r" and self.kind(i.source) == "requirements" and group_from_name(i.source) is None
            for i in self.installs
            if i.target == rel
        )


#: folder names that hold the top project's deployment or documentation, never a service
_NOT_SERVICES = {"deploy", "deployment", "docker", "ci", ".ci", "docs", "doc", ".devcontainer", ".github", ".gitlab"}

#: folder names whose projects are data (test fixtures, examples, vendored copies)
_NOT_PROJECTS = {
    "tests", "test", "testing", "testdata", "test-data", "fixtures", "examples", "example", "samples",
    "docs", "doc", "vendor", "_vendor", "vendored", "third_party", "third-party", "templates",
}  # fmt: skip


def _may_be_project(folder: str) -> bool:
    parts = folder.lower().split("/")
    return not (set(parts) & _NOT_PROJECTS) and not any("{{" in p or "{%" in p for p in parts)


#: a line that installs the old way, or runs a Poetry 1.x command Poetry 2 removed
OLD_INSTALL = re.compile(
    r"\bpip3?(?:\s+--?[\w-]+(?:=\S+)?)*\s+install\b[^\n]*(?:\s-r\s*\S|\s-e\s|\s\.(?:\s|$|\[)|requirements)|\bsetup\.py\s+(?:test|install|develop|sdist|bdist_wheel)\b"
    r"|\bpipenv\s+(?:install|sync|run|shell|lock)\b|\bpip-(?:sync|compile)\b|\bpoetry\b[^\n]*\s--no-dev\b|\bpoetry\s+shell\b"
    r"|\bpoetry\s+lock\b[^\n]*--no-update\b|--remove-untracked\b"
)


#: the file the guide's Docker and CI recipes install Poetry itself with (pip install -c):
#: Poetry's own dependencies, not the project's, so not an install of the old way
POETRY_CONSTRAINTS = "poetry-constraints.txt"


def _poetrys_own(install: Install) -> bool:
    return install.how == "-c" and install.target.rsplit("/", 1)[-1] == POETRY_CONSTRAINTS


def old_install_lines(text: str) -> list[int]:
    """The 1-based lines of ``text`` that install the old way (comments aside)."""
    return [
        n for n, line in enumerate(text.splitlines(), start=1)
        if OLD_INSTALL.search(line) and not line.lstrip().startswith(("#", "//"))
    ]  # fmt: skip


@dataclass
class ImportSources:
    sources: list[str] = field(default_factory=list)  # what the import reads, in order
    groups: dict[str, str | None] = field(default_factory=dict)  # requirements file -> group
    compiled: set[str] = field(default_factory=set)  # pip-compile output beside an .in file


def discover(root: str) -> Tree:
    """Discover the repository at ``root`` (a folder)."""
    from pip2poetry.discovery import references, walk

    tree = Tree(os.path.abspath(root))
    walk.walk(tree)
    references.find(tree)
    return tree

"""What the survey finds in one repository, by reading files only.

Nothing here runs, imports or evaluates code from a surveyed repository: Python files are
read with ``ast.parse`` (a parser, not an interpreter), TOML with ``tomllib`` and INI files
with ``configparser`` without interpolation.
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field

from pip2poetry import rules
from pip2poetry.tomlscan import Scan

# -- What a survey reports --------------------------------------------------------------------

#: the page for repositories of notebooks and conda environments
_NOTEBOOKS_AND_CONDA = "how-to/migrate-a-data-science-repository"

#: starting point -> the guide page that covers it: a path inside the guide, no suffix,
#: with ``#anchor`` when a section of the page covers it ("" for none)
GUIDE = {
    "requirements": "tutorials/migrate-an-application-from-requirements-txt",
    "pip-tools": "how-to/migrate-from-pip-tools",
    "pipenv": "how-to/migrate-from-pipenv",
    "conda": _NOTEBOOKS_AND_CONDA,
    "setup.py": "how-to/migrate-a-library-from-setup-py-or-setup-cfg",
    "setup.cfg": "how-to/migrate-a-library-from-setup-py-or-setup-cfg",
    "poetry-1": "how-to/upgrade-a-poetry-1-x-project-to-poetry-2",
    "poetry-2": "reference/lint-rules",
    "notebooks": _NOTEBOOKS_AND_CONDA,
    "none": "how-to/roll-poetry-out-across-many-repositories",
    "monorepo": "how-to/migrate-a-repository-with-several-packages",  # its projects have rows, each with its page
    "unknown": "",
}
STARTING_POINTS = tuple(GUIDE)

#: the page for a setup.py that compiles extensions or runs its own build commands
#: (BUILD_STEPS): whatever the starting point, setuptools stays as the build backend
BUILD_BACKEND_GUIDE = "how-to/keep-setuptools-as-the-build-backend"

#: the page for the top of a repository that holds projects below it: each project's row
#: names its own page, and the top's row this one, which moves them together
SEVERAL_PACKAGES_GUIDE = GUIDE["monorepo"]

#: what needs a person -> what it means
KINDS = {
    "vcs": "a requirement installed from a version control repository",
    "url": "a requirement installed from a URL",
    "path": "a requirement installed from a local folder or file",
    "dynamic-setup-py": "setup.py computes metadata when it runs",
    "index-credentials": "a user name, password or token written into an index URL",
    "poetry-1-command": "a Poetry 1.x command or option that Poetry 2 rejects or moved",
    "caret": "Poetry caret or tilde ranges",
}


@dataclass
class Item:
    kind: str
    file: str  # relative to the repository, with "/"
    line: int  # 1-based; 0 when the file as a whole is meant
    detail: str


@dataclass
class Repository:
    name: str  # as the reader named it: the PATH given, or PATH/sub-folder
    starting_point: str = "none"
    dependencies: int | None = 0  # None: not countable statically
    owners: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    #: (where, message): where is a file inside the repository, with :line[:col] when
    #: known, or "" for the repository's folder itself
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: every dependency file found, at any depth (requirements/, docs/requirements.txt ...)
    dependency_files: list[str] = field(default_factory=list)
    #: (file, kind, lines) for each file that installs the old way: what migrate rewrites
    consumers: list[tuple[str, str, list[int]]] = field(default_factory=list)
    #: the repository this row belongs to, as the reader named it: the row's own name,
    #: or, for a project below the top of a monorepo (``REPO/packages/a``), ``REPO``
    group: str = ""
    #: the Python releases in use, as written ("3.11", ">=3.10,<4.0"), sorted by release
    python_versions: list[str] = field(default_factory=list)
    #: the package indexes other than PyPI, never with a user name, password or token
    indexes: list[str] = field(default_factory=list)
    #: the Poetry releases pinned or required, as written ("1.8.3", ">=2.0,<3.0")
    poetry_versions: list[str] = field(default_factory=list)
    #: "python_versions", "indexes", "poetry_versions" -> value -> ["file:line", ...]
    found_in: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: the top of a repository that holds projects below it, which are rows of their own
    projects_below: bool = False

    @property
    def guide(self) -> str:
        if any(i.kind == "dynamic-setup-py" and i.detail in BUILD_STEPS.values() for i in self.items):
            return BUILD_BACKEND_GUIDE
        if self.projects_below:
            return SEVERAL_PACKAGES_GUIDE
        return GUIDE[self.starting_point]


class BadInput(Exception):
    """A file that cannot be read or parsed: reported for its repository, never fatal."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


# -- Finding repositories ---------------------------------------------------------------------

_REQUIREMENTS_TXT = re.compile(r"^(?:.*[-_.])?requirements(?:[-_.].*)?\.txt$", re.I)
_REQUIREMENTS_IN = re.compile(r"^(?:.*[-_.])?requirements(?:[-_.].*)?\.in$", re.I)
_MARKERS = {"pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "poetry.lock", "requirements", ".git"}


def _is_repository(names: set[str]) -> bool:
    return bool(names & _MARKERS) or any(_REQUIREMENTS_TXT.match(n) or _REQUIREMENTS_IN.match(n) for n in names)


def _listdir(path: str) -> dict[str, bool]:
    """name -> is a folder, for one folder (not recursive)."""
    with os.scandir(path) as entries:
        return {e.name: e.is_dir() for e in entries}


def survey(paths: list[str]) -> list[Repository]:
    """Each PATH is a repository, or a folder whose sub-folders are repositories. A
    repository that holds projects below its top (a monorepo) gives one row per project,
    after its own row; every row has the repository's name as its ``group``."""
    found: list[Repository] = []
    for given in paths:
        name = os.path.normpath(given)
        if not os.path.exists(given):
            found.append(Repository(name, "unknown", None, errors=[("", "no such file or directory")]))
            continue
        if not os.path.isdir(given):
            found.append(Repository(name, "unknown", None, errors=[("", "not a folder (give a repository's folder)")]))
            continue
        try:
            listing = _listdir(given)
        except OSError as e:
            found.append(Repository(name, "unknown", None, errors=[("", f"cannot list: {e.strerror}")]))
            continue
        subfolders = sorted(n for n, is_dir in listing.items() if is_dir and not n.startswith("."))
        if _is_repository(set(listing)) or not subfolders:
            found += survey_tree(given, name, listing)
            continue
        for sub in subfolders:
            path = os.path.join(given, sub)
            try:
                sub_listing = _listdir(path)
            except OSError as e:
                found.append(Repository(os.path.normpath(path), "unknown", None, errors=[("", f"cannot list: {e.strerror}")]))
                continue
            found += survey_tree(path, os.path.normpath(path), sub_listing)
    for row in found:
        row.group = row.group or row.name
    return found


# -- Reading files ----------------------------------------------------------------------------

MAX_BYTES = 2 << 20  # a dependency file larger than this is not a dependency file


def _read(path: str, rel: str) -> str:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise BadInput(rel, f"{size} bytes, too large to be a dependency file; skipped")
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise BadInput(rel, "is a folder, expected a file") from None
    except OSError as e:
        raise BadInput(rel, f"cannot read: {e.strerror}") from None
    if b"\0" in data:
        raise BadInput(rel, f"binary file (NUL byte at offset {data.index(0)}), expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadInput(rel, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    return text.removeprefix("\ufeff")


_TOML_ERROR = re.compile(r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$")


def _toml(rel: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_ERROR.match(str(e))
        where = f"{rel}:{m.group('line')}:{m.group('col')}" if m and m.group("line") else rel
        message = m.group("msg") if m else str(e)
        raise BadInput(where, f"invalid TOML: {message[:1].lower()}{message[1:]}") from None


def _line_of(text: str, needle: str, default: int = 1) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else default


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- Requirement strings (requirements files, setup.py, setup.cfg, PEP 508 lists) -------------

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_VCS = re.compile(r"^(?:git|hg|svn|bzr)\+", re.I)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


_DIRECT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(.+)$")


def classify_requirement(spec: str) -> tuple[str, str | None]:
    """(normalized name, or the spec when it names none; kind of direct reference or None)."""
    spec = spec.strip()
    if m := _DIRECT.match(spec):  # name @ target (PEP 508)
        name, target = _normalize(m.group(1)), m.group(2).strip()
    elif _URL.match(spec) or _VCS.match(spec) or spec.startswith((".", "/", "~")):
        target = spec
        egg = _EGG.search(spec)
        name = _normalize(egg.group(1)) if egg else spec
    else:
        m = _NAME.match(spec)
        return (_normalize(m.group(1)) if m else spec), None
    if _VCS.match(target):
        return name, "vcs"
    if _URL.match(target) and not target.lower().startswith("file:"):
        return name, "url"
    return name, "path"


_CREDENTIALS = re.compile(r"\b(?P<scheme>(?:[a-z][a-z0-9.-]*\+)?https?)://(?P<user>[^\s/@:'\"]+)(?::(?P<password>[^\s/@'\"]*))?@(?P<host>[^\s/'\"]+)", re.I)


def _placeholder(value: str | None) -> bool:
    return value is None or value == "" or "$" in value or "%(" in value or "{" in value


def credential_items(rel: str, text: str) -> list[Item]:
    """Index URLs with a user name and password, or a token, written into a file.
    The secret itself is never printed."""
    items: list[Item] = []
    if "@" not in text:
        return items
    for number, line in enumerate(text.splitlines(), start=1):
        if "@" not in line:
            continue
        for m in _CREDENTIALS.finditer(line):
            user, password = m.group("user"), m.group("password")
            if password is None:  # https://TOKEN@host: the token is the secret
                if _placeholder(user) or user.lower() in {"git", "anonymous"}:
                    continue
                shown = f"{m.group('scheme')}://****@{m.group('host')}"
            else:
                if _placeholder(password):
                    continue
                shown = f"{m.group('scheme')}://{user}:****@{m.group('host')}"
            items.append(Item("index-credentials", rel, number, f"{shown} (secret hidden)"))
    return items


def _reference_item(rel: str, line: int, spec: str, kind: str) -> Item:
    return Item(kind, rel, line, spec)


# -- Requirements files (pip, pip-tools) ------------------------------------------------------

_OPTION_WITH_VALUE = re.compile(
    r"^(-r|--requirement|-c|--constraint|-i|--index-url|--extra-index-url|-f|--find-links|"
    r"--trusted-host|--no-binary|--only-binary|--prefer-binary|--pre|--require-hashes|--use-feature)\b"
)


def requirement_lines(text: str) -> list[tuple[int, str, bool]]:
    """(line, requirement, editable) for each requirement in a requirements or .in file."""
    found = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if not line:
            continue
        editable = False
        if line.startswith(("-e", "--editable")):
            editable = True
            line = re.sub(r"^(-e|--editable)[\s=]*", "", line)
        elif line.startswith("-"):
            continue  # an option: -r, -c, --index-url ... (credentials are found separately)
        line = re.split(r"\s+--(?:hash|global-option|config-settings)\b", line)[0].strip()
        found.append((start, line, editable))
    return found


def _pip_compiled(text: str) -> bool:
    return "pip-compile" in text[:2000]


# -- The survey of one repository -------------------------------------------------------------

CI_FILES = (
    ".gitlab-ci.yml", "Jenkinsfile", "azure-pipelines.yml", "bitbucket-pipelines.yml",
    ".travis.yml", "tox.ini", "noxfile.py", ".pre-commit-config.yaml", "Taskfile.yml", "justfile",
)  # fmt: skip
_BUILD_FILE = re.compile(r"^(Dockerfile|Containerfile)([.-].*)?$|.*\.(dockerfile|mk|sh|ya?ml)$|^(GNU)?[Mm]akefile$", re.I)
CODEOWNERS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")


class _Survey:
    """One row: a repository, or one project of a monorepo. ``tree`` is the discovery's
    view of the row's folder (paths relative to it), ``listing`` the folder's entries."""

    def __init__(self, root: str, name: str, listing: dict[str, bool], tree, folder: str = "") -> None:
        self.root = root
        self.tree = tree
        self.folder = folder  # the row's folder inside the repository ("" for the top)
        self.repo = Repository(name)
        self.files = {n for n, is_dir in listing.items() if not is_dir}
        self.folders = {n for n, is_dir in listing.items() if is_dir}
        self.names: dict[str, int] = {}  # normalized dependency name -> count
        self.uncountable = False  # a dependency file could not be read
        self.codeowners: str | None = None  # the repository's CODEOWNERS text, once read
        self.unreadable: set[str] = set()  # files whose error is already reported

    # reading, with bad input recorded rather than raised
    def read(self, rel: str, counts: bool = True) -> str | None:
        """The file's text, or None (and the error recorded). ``counts``: the file declares
        dependencies, so without it the number of dependencies is unknown. A file the
        discovery read is not read again; one it could not read is read here, to report
        why in the survey's words."""
        text = self.tree.text(rel)
        if text is not None:
            return text
        if rel in self.unreadable:  # reported once
            self.uncountable = self.uncountable or counts
            return None
        try:
            return _read(os.path.join(self.root, rel), rel)
        except BadInput as e:
            self.unreadable.add(rel)
            self.repo.errors.append((e.where, e.message))
            self.uncountable = self.uncountable or counts
            return None

    def toml(self, rel: str) -> tuple[dict, str] | None:
        text = self.read(rel)
        if text is None:
            return None
        try:
            return _toml(rel, text), text
        except BadInput as e:
            self.repo.errors.append((e.where, e.message))
            self.uncountable = True
            return None

    def listing(self, rel: str) -> list[str]:
        try:
            return sorted(_listdir(os.path.join(self.root, rel)))
        except OSError:
            return []

    def add(self, name: str) -> None:
        self.names[name] = self.names.get(name, 0) + 1

    def flag(self, item: Item) -> None:
        self.repo.items.append(item)

    # -- the parts -----------------------------------------------------------------------
    def run(self, subprojects: bool = False) -> Repository:
        """``subprojects``: the repository holds projects below its top, which are rows of
        their own; a top with none of its own is then ``monorepo``."""
        texts: dict[str, str] = {}  # every text file read, for the credentials scan
        point = self.classify(texts)
        if point == "none" and subprojects:
            point = "monorepo"
        self.repo.starting_point = point
        self.build_files(texts)
        self.owners()
        self.in_use()
        for rel, text in self.tree.settings.items():
            if rel.rsplit("/", 1)[-1] in ("pip.conf", "pip.ini"):
                texts[rel] = text
        for rel, text in texts.items():
            for item in credential_items(rel, text):
                self.flag(item)
        seen = set()
        unique = []
        for item in sorted(self.repo.items, key=lambda i: (i.file, i.line, i.kind, i.detail)):
            key = (item.kind, item.file, item.line, item.detail)
            if key not in seen:
                seen.add(key)
                unique.append(item)
        self.repo.items = unique
        if self.uncountable:
            self.repo.dependencies = None
        elif self.repo.dependencies is not None:
            self.repo.dependencies = len(self.names)
        return self.repo

    def classify(self, texts: dict[str, str]) -> str:
        pyproject = None
        if "pyproject.toml" in self.files:
            parsed = self.toml("pyproject.toml")
            if parsed:
                pyproject, texts["pyproject.toml"] = parsed
            elif "pyproject.toml" in self.files:
                text = self.read("pyproject.toml")
                if text is not None:
                    texts["pyproject.toml"] = text  # malformed, but still searched for secrets
        poetry_point = self.poetry_version(pyproject) if pyproject is not None else None
        if poetry_point:
            self.poetry(pyproject, texts["pyproject.toml"])
            return poetry_point
        if "Pipfile" in self.files:
            self.pipfile(texts)
            return "pipenv"
        condas = self.files_of("conda")
        if condas:
            for rel in condas:
                self.conda(rel, texts)
            return "conda"
        requirement_files = self.requirement_files()
        ins = [f for f in requirement_files if f.endswith(".in")]
        txts = [f for f in requirement_files if f.endswith(".txt")]
        compiled = False
        for rel in txts:
            text = self.read(rel)
            if text is not None:
                texts[rel] = text
                compiled = compiled or _pip_compiled(text)
        for rel in ins:
            text = self.read(rel)
            if text is not None:
                texts[rel] = text
        cfg_point = self.setup_cfg(texts) if "setup.cfg" in self.files else None
        setup_py = self.setup_py(texts) if "setup.py" in self.files else None
        if ins or compiled:
            self.names.clear()
            self.repo.dependencies = 0
            for rel in ins or txts:
                if rel in texts:
                    self.requirements(rel, texts[rel])
            return "pip-tools"
        if cfg_point:
            return cfg_point
        if setup_py:
            return setup_py
        if txts:
            for rel in txts:
                if rel in texts:
                    self.requirements(rel, texts[rel])
            return "requirements"
        if "pyproject.toml" in self.files and pyproject is None:
            self.repo.dependencies = None
            return "unknown"  # the one file that could decide is unreadable
        notebooks = [rel for rel in self.files_of("notebook") if _visible(rel)]
        if notebooks:
            for rel in notebooks:
                if rel in self.tree.unread_notebooks:
                    self.uncountable = True  # its %pip installs are not read
                text = self.tree.text(rel)
                for spec in notebook_installs(text or ""):
                    self.add(classify_requirement(spec)[0])
            return "notebooks"
        return "none"

    def files_of(self, kind: str) -> list[str]:
        """The discovery's files of ``kind`` in this row, and those it could not read."""
        from pip2poetry.discovery.kinds import kind_of

        found = set(self.tree.of_kind(kind))
        found |= {w.split(":")[0] for w, _m in self.tree.errors if kind_of(w.split(":")[0]) == kind}
        return sorted(found)

    # conda -----------------------------------------------------------------------------
    def conda(self, rel: str, texts: dict[str, str]) -> None:
        """A conda environment file: every entry of ``dependencies`` but python, and its
        ``pip:`` list, with the requirements files that list installs with ``-r``."""
        text = self.read(rel)
        if text is None:
            return
        texts[rel] = text
        try:
            doc = load_yaml(rel, text)
        except BadInput as e:
            self.repo.errors.append((e.where, e.message))
            self.uncountable = True
            return
        if doc is None:
            return
        dependencies = doc.get("dependencies", []) if isinstance(doc, dict) else None
        if not isinstance(dependencies, list):
            line = _line_of(text, "dependencies:") if isinstance(doc, dict) else 1
            self.repo.errors.append((f"{rel}:{line}", "expected a mapping with a dependencies list"))
            self.uncountable = True
            return
        for entry in dependencies:
            if isinstance(entry, str):
                name = re.match(r"\s*(?:[^:\s]+::)?([A-Za-z0-9_.-]*)", entry).group(1)
                if name and _normalize(name) != "python":
                    self.add(_normalize(name))
            elif isinstance(entry, dict) and isinstance(entry.get("pip"), list):
                for spec in entry["pip"]:
                    if not isinstance(spec, str):
                        continue
                    if m := re.match(r"^\s*(?:-r|--requirement)[\s=]*(\S+)", spec):
                        included = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(1)))
                        included_text = self.read(included)
                        if included_text is not None:
                            texts[included] = included_text
                            self.requirements(included, included_text)
                        continue
                    for _line, requirement, editable in requirement_lines(spec):
                        name, kind = classify_requirement(requirement)
                        self.add(name)
                        if kind:
                            self.flag(_reference_item(rel, _line_of(text, requirement), ("-e " if editable else "") + requirement, kind))

    def requirement_files(self) -> list[str]:
        """Requirements and pip-tools files at any depth, outside sub-projects (the
        discovery's: also a dev file with any name that something installs with -r)."""
        from pip2poetry.discovery.kinds import kind_of

        tree = self.tree
        found = {
            f.rel for f in tree.dependency_files
            if f.kind in ("requirements", "pip-tools-in") and ("/" not in f.rel or tree.in_subproject(f.rel) is None)
        }  # fmt: skip
        # One the discovery could not read is read here, to report why in the survey's words.
        found |= {w.split(":")[0] for w, _m in tree.errors if kind_of(w.split(":")[0]) in ("requirements", "pip-tools-in")}
        return sorted(found)

    def requirements(self, rel: str, text: str) -> None:
        for line, spec, editable in requirement_lines(text):
            name, kind = classify_requirement(spec)
            self.add(name)
            if kind:
                self.flag(_reference_item(rel, line, ("-e " if editable else "") + spec, kind))

    # Poetry ----------------------------------------------------------------------------
    @staticmethod
    def poetry_version(doc: dict) -> str | None:
        tool = doc.get("tool")
        poetry = tool.get("poetry") if isinstance(tool, dict) else None
        backend = doc.get("build-system", {}).get("build-backend", "") if isinstance(doc.get("build-system"), dict) else ""
        if not (isinstance(poetry, dict) and poetry) and not str(backend).startswith("poetry"):
            return None
        poetry = poetry if isinstance(poetry, dict) else {}
        if isinstance(doc.get("project"), dict) or "requires-poetry" in poetry:
            return "poetry-2"
        return "poetry-1"

    def poetry(self, doc: dict, text: str) -> None:
        rel = "pyproject.toml"
        scan = Scan(text)
        project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
        pep508: list[tuple[tuple, str]] = []
        for i, spec in enumerate(project.get("dependencies") or []):
            pep508.append((("project", "dependencies", i), spec))
        for extra, specs in (project.get("optional-dependencies") or {}).items():
            for i, spec in enumerate(specs if isinstance(specs, list) else []):
                pep508.append((("project", "optional-dependencies", extra, i), spec))
        groups = doc.get("dependency-groups") if isinstance(doc.get("dependency-groups"), dict) else {}
        for group, specs in groups.items():
            for i, spec in enumerate(specs if isinstance(specs, list) else []):
                pep508.append((("dependency-groups", group, i), spec))
        for path, spec in pep508:
            if not isinstance(spec, str):
                continue  # {include-group = "..."}
            name, kind = classify_requirement(spec)
            self.add(name)
            if kind:
                line = scan.line_col(scan.strings[path].start)[0] if path in scan.strings else 1
                self.flag(_reference_item(rel, line, spec, kind))
        for path, _label, table in rules.dependency_tables(doc):
            for name, spec in table.items():
                if _normalize(name) == "python":
                    continue
                self.add(_normalize(name))
                for entry in spec if isinstance(spec, list) else [spec]:
                    if not isinstance(entry, dict):
                        continue
                    for key, kind in (("git", "vcs"), ("url", "url"), ("path", "path")):
                        if isinstance(entry.get(key), str):
                            line = scan.line_col(scan.keys.get(path + (name,), 0))[0]
                            self.flag(_reference_item(rel, line, f"{name} = {{ {key} = \"{entry[key]}\" }}", kind))
        try:
            carets = [f for f in rules.check_constraints(doc, scan) if f.code in ("P2P001", "P2P002")]
        except rules.LintError as e:
            line, col = scan.line_col(e.offset or 0)
            self.repo.errors.append((f"{rel}:{line}:{col}", e.message))
            carets = []
        if carets:
            first = carets[0]
            line = scan.line_col(first.offset)[0]
            count = len(carets)
            self.flag(
                Item(
                    "caret",
                    rel,
                    line,
                    f"{count} caret or tilde range{'s' if count != 1 else ''}, the first {rules._quote(first.value)}",
                )
            )

    # Pipenv ----------------------------------------------------------------------------
    def pipfile(self, texts: dict[str, str]) -> None:
        parsed = self.toml("Pipfile")
        if parsed is None:
            text = self.read("Pipfile")
            if text is not None:
                texts["Pipfile"] = text
            self.repo.dependencies = None
            return
        doc, texts["Pipfile"] = parsed
        scan = Scan(texts["Pipfile"])
        for category, table in doc.items():
            if category in ("source", "requires", "scripts", "pipenv") or not isinstance(table, dict):
                continue
            for name, spec in table.items():
                self.add(_normalize(name))
                if not isinstance(spec, dict):
                    continue
                line = scan.line_col(scan.keys.get((category, name), 0))[0]
                for key, kind in (("git", "vcs"), ("hg", "vcs"), ("svn", "vcs"), ("bzr", "vcs"), ("file", "url"), ("path", "path")):
                    if isinstance(spec.get(key), str):
                        kind = "path" if key == "file" and not _URL.match(spec[key]) else kind
                        self.flag(_reference_item("Pipfile", line, f"{name} = {{ {key} = \"{spec[key]}\" }}", kind))

    # setup.cfg and setup.py ------------------------------------------------------------
    def setup_cfg(self, texts: dict[str, str]) -> str | None:
        text = self.read("setup.cfg")
        if text is None:
            return None
        texts["setup.cfg"] = text
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text, source="setup.cfg")
        except configparser.Error as e:
            first = str(e).splitlines()[0]
            line = getattr(e, "lineno", None)
            where = f"setup.cfg:{line}" if line else "setup.cfg"
            self.repo.errors.append((where, f"invalid setup.cfg: {first}"))
            self.uncountable = True
            return "unknown" if not self.files & {"setup.py", "Pipfile"} else None
        if not (parser.has_section("metadata") or parser.has_section("options")):
            return None  # only tool settings ([flake8], [tool:pytest] ...)
        values = []
        if parser.has_option("options", "install_requires"):
            values.append(parser.get("options", "install_requires"))
        if parser.has_option("options", "tests_require"):
            values.append(parser.get("options", "tests_require"))
        if parser.has_section("options.extras_require"):
            values += [v for _, v in parser.items("options.extras_require")]
        for value in values:
            if value.strip().startswith("file:"):
                self.repo.dependencies = None
                continue
            for spec in value.splitlines():
                spec = re.sub(r"(^|\s)#.*$", "", spec).strip()
                if not spec:
                    continue
                name, kind = classify_requirement(spec)
                self.add(name)
                if kind:
                    self.flag(_reference_item("setup.cfg", _line_of(text, spec), spec, kind))
        return "setup.cfg"

    def setup_py(self, texts: dict[str, str]) -> str | None:
        """setup.py's static dependencies, counted also beside a setup.cfg: setuptools reads
        both files, and a setup.cfg that holds only metadata (or an [options] section
        without install_requires) leaves the dependencies to setup()'s keyword arguments."""
        text = self.read("setup.py")
        if text is None:
            self.repo.dependencies = None
            return "setup.py"
        texts["setup.py"] = text
        try:
            tree = ast.parse(text, filename="setup.py")
        except (SyntaxError, ValueError) as e:
            line = getattr(e, "lineno", None)
            message = getattr(e, "msg", str(e))
            self.repo.errors.append((f"setup.py:{line}" if line else "setup.py", f"cannot parse as Python: {message}"))
            self.repo.dependencies = None
            return "setup.py"
        analysis = analyse_setup_py(tree)
        for line, detail in analysis.dynamic:
            self.flag(Item("dynamic-setup-py", "setup.py", line, detail))
        for line, spec in analysis.requirements:
            name, kind = classify_requirement(spec)
            self.add(name)
            if kind:
                self.flag(_reference_item("setup.py", line, spec, kind))
        if analysis.uncountable:
            self.repo.dependencies = None
        return "setup.py"

    # Dockerfiles, CI files, Makefiles ---------------------------------------------------
    def build_files(self, texts: dict[str, str]) -> None:
        tree = self.tree
        self.repo.dependency_files = sorted(f.rel for f in tree.dependency_files if f.kind not in ("pyproject", "poetry-lock"))
        self.repo.consumers = tree.old_installs()
        from pip2poetry.discovery import DEPENDENCY_KINDS
        from pip2poetry.discovery.kinds import kind_of

        for where, message in tree.errors:  # the dependency files' errors are the survey's own
            if kind_of(where.split(":")[0]) not in DEPENDENCY_KINDS:
                self.repo.errors.append((where, message))
        candidates = [f for f in sorted(self.files) if f in CI_FILES or _BUILD_FILE.match(f)]
        candidates += [f.rel for f in tree.consumers
                       if f.rel not in candidates and f.kind != "readme" and f.rel not in tree.unread_notebooks]
        for rel in candidates:
            if rel in texts:
                continue
            if self.tree.text(rel) is None and not os.path.isfile(os.path.join(self.root, rel)):
                continue
            text = self.read(rel, counts=False)
            if text is None:
                continue
            texts[rel] = text
            for item in poetry_1_commands(rel, text):
                self.flag(item)

    def owners(self) -> None:
        if self.folder:  # a project of a monorepo: the repository's CODEOWNERS decides
            if self.codeowners is not None:
                self.repo.owners = parse_codeowners(self.codeowners, self.folder)
            return
        for rel in CODEOWNERS:
            top = rel.split("/")[0]
            if (rel == top and rel in self.files) or (rel != top and top in self.folders and os.path.isfile(os.path.join(self.root, rel))):
                text = self.read(rel, counts=False)
                if text is not None:
                    self.codeowners = text
                    self.repo.owners = parse_codeowners(text)
                return

    def in_use(self) -> None:
        from pip2poetry.discovery import inuse

        for where, message in self.tree.settings_errors:
            self.repo.errors.append((where, message))
        for field_name, finder in (
            ("python_versions", inuse.python_versions),
            ("indexes", inuse.indexes),
            ("poetry_versions", inuse.poetry_versions),
        ):
            found = finder(self.tree)
            values = sorted(found, key=str if field_name == "indexes" else release_order)
            setattr(self.repo, field_name, values)
            self.repo.found_in[field_name] = {v: sorted(found[v], key=_file_line) for v in values}


def survey_repository(root: str, name: str, listing: dict[str, bool]) -> Repository:
    """The row of the repository at ``root`` itself (without its sub-projects' rows)."""
    return survey_tree(root, name, listing)[0]


def survey_tree(root: str, name: str, listing: dict[str, bool]) -> list[Repository]:
    """The repository's row, then one row per project below its top, named NAME/folder;
    the repository is walked once (the discovery import and migrate use too)."""
    from pip2poetry.discovery import discover

    tree = discover(root)
    roots = tree.project_roots()
    top = _Survey(root, name, listing, tree.view("", roots) if roots else tree)
    rows = [top.run(subprojects=bool(roots))]
    rows[0].group = name
    rows[0].projects_below = bool(roots)
    for folder in roots:
        path = os.path.join(root, folder)
        row_name = f"{name}/{folder}" if name != "." else folder
        try:
            sub_listing = _listdir(path)
        except OSError as e:
            rows.append(Repository(row_name, "unknown", None, errors=[("", f"cannot list: {e.strerror}")], group=name))
            continue
        below = [r for r in roots if r.startswith(folder + "/")]
        part = _Survey(path, row_name, sub_listing, tree.view(folder, below), folder)
        part.codeowners = top.codeowners
        row = part.run()
        row.group = name
        rows.append(row)
    return rows


def _file_line(where: str) -> tuple[str, int]:
    path, _, line = where.rpartition(":")
    return (path, int(line)) if line.isdigit() else (where, 0)


def _visible(rel: str) -> bool:
    """Not in a hidden folder (``.ipynb_checkpoints`` among them)."""
    return not any(part.startswith(".") for part in rel.split("/")[:-1])


_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def release_order(value: str) -> tuple:
    """Sort key: by the first release a value names (3.9 before 3.10), plain releases and
    ranges before named interpreters (pypy3.10), then as text."""
    m = _RELEASE.search(value)
    numbers = tuple(int(n) for n in m.group(0).split(".")) if m else ()
    return (bool(re.match(r"[A-Za-z]", value)), numbers, value)


_NOTEBOOK_PIP = re.compile(r"""[!%]\s*pip3?\s+install\s+(?P<args>(?:[^"\\\n]|\\[^n])*)""")
_VALUE_OPTIONS = {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links"}


def notebook_installs(text: str) -> list[str]:
    """The requirements a notebook installs with ``%pip install`` or ``!pip install``,
    read from the notebook's JSON text."""
    specs = []
    for m in _NOTEBOOK_PIP.finditer(text):
        words = m.group("args").replace('\\"', " ").replace("'", " ").split()
        skip = False
        for word in words:
            if skip:
                skip = False
                continue
            if word in _VALUE_OPTIONS:
                skip = True
                continue
            if word.startswith("-") or word.startswith(("$", "{")):
                continue
            specs.append(word)
    return specs


def load_yaml(rel: str, text: str) -> object:
    """YAML with ruamel.yaml's safe loader (imported only for a file that needs it)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{rel}:{mark.line + 1}" if mark is not None else rel
        raise BadInput(where, f"invalid YAML: {e.problem or e.context}") from None
    except (YAMLError, ValueError, TypeError, RecursionError) as e:
        raise BadInput(rel, f"invalid YAML: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


# -- setup.py, statically ---------------------------------------------------------------------

IGNORED_KEYWORDS = {"long_description", "long_description_content_type"}
BUILD_STEPS = {"cmdclass": "custom build commands (cmdclass)", "ext_modules": "C extensions (ext_modules)"}
REQUIREMENT_KEYWORDS = ("install_requires", "extras_require", "tests_require")


class SetupPy:
    def __init__(self) -> None:
        self.dynamic: list[tuple[int, str]] = []
        self.requirements: list[tuple[int, str]] = []
        self.uncountable = False


def _literal(node: ast.AST, names: dict[str, ast.AST]) -> object:
    """The value of a literal, following module-level NAME = <literal> assignments."""
    if isinstance(node, ast.Name) and node.id in names:
        return _literal(names[node.id], {})
    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
        func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if func in ("find_packages", "find_namespace_packages"):
            return []
    return ast.literal_eval(node)


def _calls_setup(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (isinstance(func, ast.Attribute) and func.attr == "setup")


def analyse_setup_py(tree: ast.Module) -> SetupPy:
    result = SetupPy()
    names: dict[str, ast.AST] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            names[stmt.targets[0].id] = stmt.value
    calls = [n for n in ast.walk(tree) if _calls_setup(n)]
    if not calls:
        result.dynamic.append((1, "no setup() call a reader can see without running setup.py"))
        result.uncountable = True
        return result
    call = calls[0]
    computed = []
    for keyword in call.keywords:
        if keyword.arg is None:
            computed.append(f"**{ast.unparse(keyword.value)}")
            continue
        if keyword.arg in BUILD_STEPS:
            result.dynamic.append((keyword.lineno, BUILD_STEPS[keyword.arg]))
            continue
        if keyword.arg in IGNORED_KEYWORDS:
            continue
        try:
            value = _literal(keyword.value, names)
        except (ValueError, TypeError, SyntaxError, RecursionError):
            computed.append(keyword.arg)
            if keyword.arg in REQUIREMENT_KEYWORDS:
                result.uncountable = True
            continue
        if keyword.arg in REQUIREMENT_KEYWORDS:
            specs = value.values() if isinstance(value, dict) else [value]
            for group in specs:
                for spec in [group] if isinstance(group, str) else list(group or []):
                    if isinstance(spec, str) and spec.strip():
                        result.requirements.append((keyword.value.lineno, spec.strip()))
    if computed:
        result.dynamic.append(
            (call.lineno, f"{', '.join(computed)} computed when setup.py runs")
        )
    return result


# -- Build and CI files -----------------------------------------------------------------------

POETRY_1 = (
    (re.compile(r"\bpoetry\b.*\s(--no-dev)\b"), "removed in Poetry 2.0; use --only main"),
    (re.compile(r"\b(poetry\s+shell)\b"), "a plugin since Poetry 2.0; use poetry env activate"),
    (re.compile(r"\b(poetry\s+export)\b"), "needs poetry-plugin-export since Poetry 2.0"),
    (re.compile(r"\bpoetry\s+lock\b.*\s(--no-update)\b"), "removed in Poetry 2.0, where it is the default"),
    (re.compile(r"\b(poetry\s+lock\b.*\s--check)\b"), "removed in Poetry 2.0; use poetry check --lock"),
    (re.compile(r"\bpoetry\s+install\b.*\s(--sync)\b"), "deprecated in Poetry 2.0; use poetry sync"),
    (re.compile(r"\bpoetry\b.*\s(--remove-untracked)\b"), "removed in Poetry 2.0; use poetry sync"),
    (re.compile(r"\b(get-poetry\.py)\b"), "the retired Poetry 1.x installer"),
    (re.compile(r"(\bpoetry\s*==\s*1\.[\d.]*|\bPOETRY_VERSION\s*[=:]\s*['\"]?1\.[\d.]*)"), "installs Poetry 1.x"),
)  # fmt: skip


def poetry_1_commands(rel: str, text: str) -> list[Item]:
    items: list[Item] = []
    if "poetry" not in text.lower():  # every pattern names Poetry
        return items
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for pattern, advice in POETRY_1:
            if m := pattern.search(line):
                items.append(Item("poetry-1-command", rel, number, f"{m.group(1)}: {advice}"))
    return items


# -- CODEOWNERS -------------------------------------------------------------------------------

_CATCH_ALL = {"*", "/", "/*", "**", "/**", "/**/*"}


def _covers(pattern: str, folder: str) -> bool:
    """A CODEOWNERS pattern covers the whole of ``folder`` (``/services/api/``,
    ``services/*``, ``/services/``)."""
    pattern = pattern.lstrip("/")
    for suffix in ("/**", "/*", "/"):
        if pattern.endswith(suffix):
            pattern = pattern[: -len(suffix)]
            break
    if not pattern:
        return True
    parts = folder.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:n]), pattern) for n in range(1, len(parts) + 1))


def parse_codeowners(text: str, folder: str = "") -> list[str]:
    """The owners of the whole repository: the last catch-all rule's, else everyone named.
    With ``folder`` (a project below the top): the last rule that covers that folder's
    whole tree, else the repository's owners."""
    catch_all: list[str] | None = None
    covering: list[str] | None = None
    everyone: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line or line.startswith("[") or line.startswith("^["):  # GitLab sections
            continue
        pattern, *owners = line.split()
        for owner in owners:
            if owner not in everyone:
                everyone.append(owner)
        if pattern in _CATCH_ALL:
            catch_all = owners
        if folder and _covers(pattern, folder):
            covering = owners
    if covering is not None:
        return covering
    return catch_all if catch_all is not None else everyone

"""Which Python releases, package indexes and Poetry releases a repository uses, from the
text of the files the walk read (line by line, like :mod:`pip2poetry.discovery.references`:
nothing is parsed as YAML, nothing is run).

Each finder returns ``{value: ["file:line", ...]}``, the value as the file writes it:
``3.11`` from ``FROM python:3.11-slim``, ``>=3.10,<4.0`` from ``requires-python``.
READMEs and other documentation are not read for these: prose names releases it does
not use.
"""

from __future__ import annotations

import re

from pip2poetry.discovery import Tree

Found = dict[str, list[str]]

_CI_YAML = ("github-actions", "github-action", "gitlab-ci", "circleci", "compose", "readthedocs")


def _add(found: Found, value: str, rel: str, line: int) -> None:
    value = value.strip()
    if not value:
        return
    where = found.setdefault(value, [])
    at = f"{rel}:{line}"
    if at not in where:
        where.append(at)


def _sections(text: str):
    """(line number, line, the [section] it is in) for an INI or TOML file."""
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and "]" in stripped:
            section = stripped.strip("[]").split("]")[0].strip().strip("[]").strip()
        yield number, line, section


_VALUE = r"""\s*=\s*["']([^"'\n]+)["']"""
_VERSION = re.compile(r"^\d+(?:\.(?:\d+|\*|x))*")
_IMAGE = re.compile(r"""(?:^|[\s:\-"'])(?:[\w.-]+(?::\d+)?/)*python:(?P<tag>\d[\w.*-]*)""")
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(?P<image>\S+)", re.I)
_SCALAR = re.compile(r"""^\s*-?\s*["']?([^"'\s#\]\[,{}]+)["']?\s*(?:#.*)?$""")


def _image_version(tag: str) -> str | None:
    m = _VERSION.match(tag)
    return m.group(0) if m else None


def _tox_versions(value: str) -> list[str]:
    """py311 -> 3.11 for each environment name in a tox envlist value (braces expanded)."""
    out = []
    for env in _expand(value):
        for factor in env.split("-"):
            if m := re.fullmatch(r"py(\d)(\d+)", factor.strip()):
                out.append(f"{m.group(1)}.{m.group(2)}")
    return out


def _expand(value: str) -> list[str]:
    """tox's comma-separated names, with ``py3{10,11}`` expanded."""
    names, depth, current = [], 0, ""
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if (ch == "," or ch.isspace()) and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    names.append(current)
    out = []
    for name in filter(None, (n.strip() for n in names)):
        expanded = [""]
        for part in re.split(r"(\{[^}]*\})", name):
            options = part[1:-1].split(",") if part.startswith("{") else [part]
            expanded = [e + o.strip() for e in expanded for o in options]
        out += expanded
    return out


def _yaml_values(lines: list[str], key: str, number: int) -> list[tuple[str, int]]:
    """The values of ``key:`` on line ``number`` (1-based): a scalar, a flow list, or a
    block list on the lines below it."""
    line = lines[number - 1]
    after = line.split(f"{key}:", 1)[1].split(" #", 1)[0].strip()
    if after.startswith("["):
        return [(v.strip().strip("\"'"), number) for v in after.strip("[]").split(",") if v.strip()]
    if after:
        return [(after.strip("\"'"), number)]
    indent = len(line) - len(line.lstrip())
    out = []
    for n in range(number, len(lines)):
        item = lines[n]
        if not item.strip() or item.lstrip().startswith("#"):
            continue
        if len(item) - len(item.lstrip()) < indent or not item.lstrip().startswith("-"):
            break
        if m := _SCALAR.match(item):
            out.append((m.group(1), n + 1))
    return out


def python_versions(tree: Tree) -> Found:
    found: Found = {}
    kinds = {f.rel: f.kind for f in tree.files}
    for rel, kind in kinds.items():
        text = tree.text(rel)
        if text is None or kind in ("readme", "notebook", "poetry-lock", "pipfile-lock"):
            continue
        lines = text.splitlines()
        if kind == "pyproject":
            for number, line, section in _sections(text):
                if section == "project" and (m := re.match(r"\s*requires-python" + _VALUE, line)):
                    _add(found, m.group(1), rel, number)
                elif section == "tool.poetry.dependencies" and (m := re.match(r"\s*python\s*=\s*(?:\{[^}]*version\s*=\s*)?[\"']([^\"']+)[\"']", line)):
                    _add(found, m.group(1), rel, number)
        elif kind == "setup.py":
            for number, line in enumerate(lines, start=1):
                if m := re.search(r"\bpython_requires\s*=\s*[\"']([^\"']+)[\"']", line):
                    _add(found, m.group(1), rel, number)
        elif kind == "setup.cfg":
            for number, line, section in _sections(text):
                if section == "options" and (m := re.match(r"\s*python_requires\s*=\s*([^#;\n]+)", line)):
                    _add(found, m.group(1), rel, number)
        elif kind == "pipfile":
            for number, line, section in _sections(text):
                if section == "requires" and (m := re.match(r"\s*python_(?:full_)?version" + _VALUE, line)):
                    _add(found, m.group(1), rel, number)
        elif kind == "conda":
            for number, line in enumerate(lines, start=1):
                if m := re.match(r"""^\s*-\s*["']?python\s*(?P<op>[=<>!~]=?|)\s*(?P<v>\d[\w.*,<>=!]*)""", line):
                    op = "" if m.group("op") in ("=", "==") else m.group("op")
                    _add(found, op + m.group("v").rstrip("*").rstrip("."), rel, number)
        elif kind == "dockerfile":
            for number, line in enumerate(lines, start=1):
                if (m := _FROM.match(line)) and (image := re.match(r"(?:[\w.-]+(?::\d+)?/)*python:(\S+)$", m.group("image"))):
                    if version := _image_version(image.group(1)):
                        _add(found, version, rel, number)
        elif kind == "tox":
            envlist = None
            for number, line, section in _sections(text):
                if section != "tox" and section != "tox:tox":
                    envlist = None
                    if section.startswith("testenv") and (m := re.match(r"\s*basepython\s*=\s*python(\d+\.\d+)", line)):
                        _add(found, m.group(1), rel, number)
                    continue
                if m := re.match(r"^envlist\s*=\s*(.*)$", line):
                    envlist = number
                    value = m.group(1)
                elif envlist is not None and line[:1].isspace() and line.strip():
                    value = line
                else:
                    envlist = None
                    continue
                for version in _tox_versions(value.split("#")[0]):
                    _add(found, version, rel, number)
        if kind in _CI_YAML and "python" in text:
            for number, line in enumerate(lines, start=1):
                if "python" not in line:
                    continue
                code = line.split(" #", 1)[0]
                if code.lstrip().startswith("#"):
                    continue
                if re.search(r"(?:^|\s|-)(?:image|name|container):", code) and (m := _IMAGE.search(code)):
                    if version := _image_version(m.group("tag")):
                        _add(found, version, rel, number)
                if kind.startswith("github") and re.match(r"^\s*-?\s*python-version:", code):
                    for value, at in _yaml_values(lines, "python-version", number):
                        if "${{" not in value and value:
                            _add(found, value, rel, at)
                if kind == "readthedocs" and (m := re.match(r"""^\s+python:\s*["']?(\d[\w.]*)["']?\s*$""", code)):
                    _add(found, m.group(1), rel, number)
    for rel, text in tree.settings.items():
        if rel.rsplit("/", 1)[-1] == ".python-version":
            for number, line in enumerate(text.splitlines(), start=1):
                if line.strip() and not line.lstrip().startswith("#"):
                    _add(found, line.strip(), rel, number)
    return found


# -- Package indexes ------------------------------------------------------------------------------

_URL = re.compile(r"""(?P<url>[a-z][a-z0-9+.-]*://[^\s"'<>`]+)""", re.I)
_INDEX_OPTION = re.compile(r"""(?:^|[\s"'(\[,])(?:--index-url|--extra-index-url|-i)(?:\s*=\s*|\s+)["']?(?P<url>[a-z][a-z0-9+.-]*://[^\s"'<>`]+)""", re.I)
_INDEX_ENV = re.compile(r"""\bPIP_(?:EXTRA_)?INDEX_URL\b["']?\s*[=:]?\s*["']?(?P<url>[a-z][a-z0-9+.-]*://[^\s"'<>`]+)""", re.I)
_PYPI_HOSTS = {"pypi.org", "www.pypi.org", "pypi.python.org", "files.pythonhosted.org"}


def _placeholder(part: str) -> bool:
    return bool(part) and all(re.fullmatch(r"\$\{?\w+\}?|\$\{\{[^}]*\}\}|%\(\w+\)s|\{\w+\}", p) for p in part.split(":"))


def clean_url(url: str) -> str | None:
    """The index URL without a user name, password or token (placeholders such as
    ``${INDEX_TOKEN}`` stay), without query or fragment; None for PyPI itself."""
    url = url.rstrip(".,;)]}\\")
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if at and not _placeholder(userinfo):
        authority = host
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    hostname = (host if at else authority).split(":")[0].lower()
    if hostname in _PYPI_HOSTS:
        return None
    return f"{scheme}://{authority}{slash}{path}"


def indexes(tree: Tree) -> Found:
    """The package indexes other than PyPI: pip's index options in requirements files and
    commands, ``PIP_INDEX_URL`` and ``PIP_EXTRA_INDEX_URL``, Poetry's and Pipenv's sources,
    and ``pip.conf``/``pip.ini`` in the repository."""
    found: Found = {}

    def add(url: str, rel: str, number: int) -> None:
        if (clean := clean_url(url)) is not None:
            _add(found, clean, rel, number)

    for f in tree.files:
        text = tree.text(f.rel)
        if text is None or f.kind in ("readme", "poetry-lock", "pipfile-lock", "notebook"):
            continue
        if f.kind in ("pyproject", "pipfile"):
            sources = ("tool.poetry.source",) if f.kind == "pyproject" else ("source",)
            for number, line, section in _sections(text):
                if section in sources and (m := re.match(r"\s*url" + _VALUE, line)):
                    add(m.group(1), f.rel, number)
            continue
        low = text.lower()
        if "index" not in low and "-i" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if "index" not in line.lower() and "-i" not in line:
                continue
            if line.lstrip().startswith(("#", "//")) and f.kind not in ("requirements", "pip-tools-in", "constraints"):
                continue
            for pattern in (_INDEX_OPTION, _INDEX_ENV):
                for m in pattern.finditer(line):
                    add(m.group("url"), f.rel, number)
    for rel, text in tree.settings.items():
        if rel.rsplit("/", 1)[-1] not in ("pip.conf", "pip.ini"):
            continue
        key = None
        for number, line in enumerate(text.splitlines(), start=1):
            if m := re.match(r"^\s*(?:extra-)?index-url\s*[=:]\s*(.*)$", line):
                key = number
                value = m.group(1)
            elif key is not None and line[:1].isspace() and line.strip():
                value = line
            else:
                key = None
                continue
            for url in _URL.finditer(value):
                add(url.group("url"), rel, number)
    return found


# -- Poetry releases ------------------------------------------------------------------------------

_SPEC = r"(?:===?|~=|>=|<=|!=|<|>)\s*\d[\w.*]*(?:\s*,\s*(?:===?|~=|>=|<=|!=|<|>)\s*\d[\w.*]*)*"
_PIN = re.compile(rf"""(?<![\w-])poetry\s*(?P<spec>{_SPEC})""", re.I)
_POETRY_VERSION = re.compile(r"""\bPOETRY_VERSION\b["']?\s*[=:]?\s*["']?(?P<v>\d[\w.]*)""")
_INSTALLER = re.compile(r"install\.python-poetry\.org.*--version[=\s]+[\"']?(?P<v>\d[\w.]*)")
_LOCK = re.compile(r"generated by Poetry (?P<v>\d[\w.]*)")
_ACTIONS = re.compile(r"uses:\s*[\"']?(?:snok/install-poetry|abatilo/actions-poetry)@")


def _spec(spec: str) -> str:
    spec = re.sub(r"\s+", "", spec)
    return spec[2:] if spec.startswith("==") and "," not in spec else spec


def poetry_versions(tree: Tree) -> Found:
    """``requires-poetry``, the release that wrote ``poetry.lock``, and the Poetry that
    Dockerfiles, CI and scripts install: ``pip install poetry==X``, ``pipx install``,
    ``POETRY_VERSION``, the official installer's ``--version``, and the
    ``snok/install-poetry`` and ``abatilo/actions-poetry`` actions' ``version``."""
    found: Found = {}
    for f in tree.files:
        text = tree.text(f.rel)
        if text is None or f.kind in ("readme", "notebook", "pipfile-lock", "setup.py", "setup.cfg", "pipfile"):
            continue
        if f.kind == "poetry-lock":
            if m := _LOCK.search(text[:300].split("\n", 1)[0]):
                _add(found, m.group("v"), f.rel, 1)
            continue
        if f.kind == "pyproject":
            for number, line, section in _sections(text):
                if section == "tool.poetry" and (m := re.match(r"\s*requires-poetry" + _VALUE, line)):
                    _add(found, m.group(1), f.rel, number)
            continue
        if "poetry" not in text.lower():
            continue
        requirements = f.kind in ("requirements", "pip-tools-in", "constraints")
        lines = text.splitlines()
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("#"):
                continue
            if requirements:
                if m := re.match(rf"^\s*poetry\s*(?P<spec>{_SPEC})", line, re.I):
                    _add(found, _spec(m.group("spec")), f.rel, number)
                continue
            if "install" in line:
                for m in _PIN.finditer(line):
                    _add(found, _spec(m.group("spec")), f.rel, number)
            for pattern in (_POETRY_VERSION, _INSTALLER):
                for m in pattern.finditer(line):
                    _add(found, m.group("v"), f.rel, number)
        if f.kind.startswith("github"):
            for number, line in enumerate(lines, start=1):
                if _ACTIONS.search(line):
                    _action_version(found, f.rel, lines, number)
    return found


def _action_version(found: Found, rel: str, lines: list[str], number: int) -> None:
    """``version:`` (``poetry-version:``) in the ``with:`` of the step on line ``number``."""
    line = lines[number - 1]
    step = len(line) - len(line.lstrip(" -"))  # the step's keys' indent
    first = number - 1
    if not line.lstrip().startswith("-"):  # uses: is not the step's first key: find its "-"
        while first > 0 and not (lines[first].lstrip().startswith("-") and len(lines[first]) - len(lines[first].lstrip(" -")) == step):
            first -= 1
    for n in range(first + 1, len(lines)):
        item = lines[n]
        if not item.strip():
            continue
        indent = len(item) - len(item.lstrip(" -"))
        if indent < step or (indent == step and item.lstrip().startswith("-")):
            break
        if m := re.match(r"""^\s*(?:poetry-)?version:\s*["']?(\d[\w.]*)["']?\s*(?:#.*)?$""", item):
            _add(found, m.group(1), rel, n + 1)

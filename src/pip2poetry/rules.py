"""The lint rules: what they look for and what they ask you to write instead.

Each rule has a stable code, documented with an anchor of the same name
(lowercase) on the guide's "Lint rules" reference page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pip2poetry import constraints
from pip2poetry.importer import policy
from pip2poetry.tomlscan import Path, Scan

RULES = {
    "P2P001": "caret constraint",
    "P2P002": "Poetry tilde constraint",
    "P2P003": "deprecated dev-dependencies table",
    "P2P004": "removed source flag",
    "P2P005": "poetry declared as a dependency",
    "P2P006": "upper bound with trailing zeros",
    "P2P007": "range on a calendar-versioned package",
}
FIXABLE = {"P2P001", "P2P002", "P2P006", "P2P007"}
#: The kind of a P2P007 term: a written range (``>=2025.6,<2026``) that --fix replaces
#: by the pin poetry.lock holds.
CALENDAR_RANGE = "calendar range"
_KIND_CODE = {
    constraints.CARET: "P2P001",
    constraints.TILDE: "P2P002",
    constraints.TRAILING_ZEROS: "P2P006",
    CALENDAR_RANGE: "P2P007",
}
_KIND_NAME = {
    constraints.CARET: "caret constraint",
    constraints.TILDE: "Poetry tilde constraint",
    constraints.TRAILING_ZEROS: "upper bound with trailing zeros",
    CALENDAR_RANGE: "range",
}
#: What --fix reports it did, by code.
FIX_NAME = {"P2P001": "caret constraint", "P2P002": "tilde constraint", "P2P006": "upper bound", "P2P007": "calendar range"}


class LintError(Exception):
    """Input the linter cannot judge; reported as one line, exit status 2."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class Finding:
    """One finding. For fixable findings also the string value's path, its
    value and the terms of this finding's kind that --fix rewrites."""

    __slots__ = ("offset", "code", "message", "value_path", "value", "terms")

    def __init__(
        self,
        offset: int,
        code: str,
        message: str,
        value_path: Path | None = None,
        value: str = "",
        terms: list[constraints.Term] | None = None,
    ) -> None:
        self.offset = offset
        self.code = code
        self.message = message
        self.value_path = value_path
        self.value = value
        self.terms = terms or []


def _is_table(value: object) -> bool:
    return isinstance(value, dict)


def _normalize_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_tables(doc: dict) -> Iterator[tuple[Path, str, dict]]:
    """Every tool.poetry table whose entries are dependencies."""
    poetry = doc.get("tool", {}).get("poetry", {})
    if not _is_table(poetry):
        return
    base: Path = ("tool", "poetry")
    for key, label in (
        ("dependencies", "[tool.poetry.dependencies]"),
        ("dev-dependencies", "[tool.poetry.dev-dependencies]"),
    ):
        if _is_table(poetry.get(key)):
            yield base + (key,), label, poetry[key]
    groups = poetry.get("group", {})
    if _is_table(groups):
        for name, group in groups.items():
            if _is_table(group) and _is_table(group.get("dependencies")):
                label = f"[tool.poetry.group.{name}.dependencies]"
                yield base + ("group", name, "dependencies"), label, group["dependencies"]


def constraint_values(doc: dict) -> Iterator[tuple[Path, str, str]]:
    """(path, what, constraint) for every string Poetry parses as a version
    constraint in the tool.poetry tables."""
    tables = list(dependency_tables(doc))
    poetry = doc.get("tool", {}).get("poetry", {})
    if _is_table(poetry) and _is_table(poetry.get("requires-plugins")):
        tables.append((("tool", "poetry", "requires-plugins"), "", poetry["requires-plugins"]))
    for path, _label, table in tables:
        for name, spec in table.items():
            entries = list(enumerate(spec)) if isinstance(spec, list) else [(None, spec)]
            for index, entry in entries:
                where = path + (name,) if index is None else path + (name, index)
                if isinstance(entry, str):
                    yield where, name, entry
                elif _is_table(entry):
                    if isinstance(entry.get("version"), str):
                        yield where + ("version",), name, entry["version"]
                    if isinstance(entry.get("python"), str):
                        yield where + ("python",), f"python of {name}", entry["python"]
    if _is_table(poetry) and isinstance(poetry.get("requires-poetry"), str):
        yield ("tool", "poetry", "requires-poetry"), "requires-poetry", poetry["requires-poetry"]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _is_package_dependency(path: Path) -> bool:
    """Whether a constraint from constraint_values is a package's version in a
    dependency table (what Renovate updates): not the Python of the project or
    of an entry, requires-poetry or requires-plugins."""
    if path[2] not in ("dependencies", "dev-dependencies", "group"):
        return False
    name_at = 5 if path[2] == "group" else 3
    return _normalize_name(str(path[name_at])) != "python" and path[-1] != "python"


def _calendar(path: Path, terms: list[constraints.Term], overrides: dict[str, set[str]]) -> str | None:
    """Why the package at ``path`` is pinned exactly by the guide's calendar version rule
    (judged on the version its caret or tilde starts from), or None."""
    name = str(path[5 if path[2] == "group" else 3])
    for term in terms:
        reason = policy.pin_reason(name, constraints.lower_bound(term), overrides)
        if reason:
            return reason
    return None


# A lower bound in a Poetry constraint: >=, > or ~= and a version (a bare version or ==
# is a pin; caret and tilde are P2P001 and P2P002).
_POETRY_LOWER = re.compile(r"(?:^|[\s,|])(?:>=|~=|>(?!=))\s*(?P<version>v?[0-9][0-9A-Za-z.!+_-]*)")
_PIN = re.compile(r"^\s*(?:===?\s*)?v?[0-9][0-9A-Za-z.!+_-]*\s*$")


def _calendar_term(start: int, text: str, replacement: str) -> constraints.Term:
    return constraints.Term(CALENDAR_RANGE, start, text, replacement)


#: an upper bound: what makes a range read a later date as a breaking release
_POETRY_UPPER = re.compile(r"<|~=")


def _poetry_lower_bounds(value: str) -> list[str]:
    """The lower bounds of a range that also has an upper bound (P2P007 judges those: a
    lower bound alone, a library's form, promises nothing about later dates)."""
    if _PIN.match(value) or not _POETRY_UPPER.search(value):
        return []
    return [m.group("version").lstrip("v") for m in _POETRY_LOWER.finditer(value)]


def _calendar_range(
    name: str, spec: str, lower: list[str], overrides: dict[str, set[str]], locked: dict[str, str]
) -> tuple[str, str | None] | None:
    """P2P007: why ``name``, given the range ``spec`` with these lower bounds, is
    calendar-versioned, and the version poetry.lock holds when it is inside the range."""
    for version in lower:
        reason = policy.pin_reason(name, version, overrides)
        if reason:
            pin = locked.get(_normalize_name(name))
            if pin and policy.satisfies(pin, spec) is not True:
                pin = None  # not inside the range, or a Poetry-only form pip cannot read
            return reason, pin
    return None


def _calendar_finding(
    at: int, what: str, value: str, where: str, reason: str, pin: str | None,
    path: Path, term: constraints.Term | None,
) -> Finding:
    head = f"{_KIND_NAME[CALENDAR_RANGE]} {_quote(value)} {where}: {what} is {reason}"
    if pin and term:
        return Finding(
            at, "P2P007", f"{head}: write {_quote(constraints.rewrite(value, [term]))} instead, the version poetry.lock holds",
            value_path=path, value=value, terms=[term],
        )
    return Finding(
        at, "P2P007",
        f'{head}: pin the version you run, "==VERSION", not a range (see "Calendar versions" in the lint rules)',
        value=value,
    )


def check_constraints(doc: dict, scan: Scan, locked: dict[str, str] | None = None) -> Iterator[Finding]:
    """P2P001, P2P002, and P2P006 in the tool.poetry dependency tables. A caret or tilde
    on a calendar-versioned package asks for an exact pin instead of a range."""
    overrides = policy.read_overrides(doc)
    locked = locked or {}
    for path, what, value in constraint_values(doc):
        token = scan.strings.get(path)
        offset = token.start if token else scan.keys.get(path, 0)
        try:
            terms = constraints.analyze(value)
        except constraints.ConstraintError as e:
            raise LintError(
                f"Poetry cannot parse the constraint {_quote(value)} ({what}): "
                f"{_quote(str(e))} is not a version constraint",
                offset,
            ) from None
        kinds = [constraints.CARET, constraints.TILDE]
        package = _is_package_dependency(path)
        calendar = None
        if package and not any(t.kind in (constraints.CARET, constraints.TILDE) for t in terms):
            name = str(path[5 if path[2] == "group" else 3])
            calendar = _calendar_range(name, value, _poetry_lower_bounds(value), overrides, locked)
        if calendar:
            reason, pin = calendar
            core = value.strip()
            start = len(value) - len(value.lstrip())
            at = token.content_start + start if token and token.raw else offset
            term = _calendar_term(start, core, f"=={pin}") if pin else None
            yield _calendar_finding(at, what, value, f"({what})", reason, pin, path, term)
            continue
        if package:
            kinds.append(constraints.TRAILING_ZEROS)
        for kind in kinds:
            mine = [t for t in terms if t.kind == kind]
            if not mine:
                continue
            at = offset
            if token and token.raw:
                at = token.content_start + mine[0].start
            reason = _calendar(path, mine, overrides) if package and kind != constraints.TRAILING_ZEROS else None
            if reason:
                # The guide pins calendar versions exactly, as `import` does with the
                # version that runs today. The caret's lower bound is not that version
                # (~2025 would become ==2025, which 2025.6.0 does not satisfy): --fix pins
                # the version poetry.lock holds, when it is inside the range, and
                # otherwise leaves the finding to you (no value_path).
                pin = locked.get(_normalize_name(what))
                whole = len(terms) == 1 and value.strip() == mine[0].text
                if pin and whole and policy.satisfies(pin, constraints.rewrite(value, mine)):
                    yield Finding(
                        at,
                        _KIND_CODE[kind],
                        f"{_KIND_NAME[kind]} {_quote(value)} ({what}): {what} is {reason}: "
                        f'write "=={pin}" instead, the version poetry.lock holds',
                        value_path=path,
                        value=value,
                        terms=[mine[0]._replace(replacement=f"=={pin}")],
                    )
                    continue
                yield Finding(
                    at,
                    _KIND_CODE[kind],
                    f"{_KIND_NAME[kind]} {_quote(value)} ({what}): {what} is {reason}: "
                    f'pin the version you run, "==VERSION", not a range (see "Calendar versions" in the lint rules)',
                    value=value,
                )
                continue
            replacement = constraints.rewrite(value, mine)
            yield Finding(
                at,
                _KIND_CODE[kind],
                f"{_KIND_NAME[kind]} {_quote(value)} ({what}): "
                f"write {_quote(replacement)} instead",
                value_path=path,
                value=value,
                terms=mine,
            )


def check_dev_dependencies(doc: dict, scan: Scan) -> Iterator[Finding]:
    """P2P003."""
    poetry = doc.get("tool", {}).get("poetry", {})
    if _is_table(poetry) and "dev-dependencies" in poetry:
        path = ("tool", "poetry", "dev-dependencies")
        yield Finding(
            scan.keys.get(path, 0),
            "P2P003",
            "[tool.poetry.dev-dependencies] is deprecated: move its entries to "
            "a dev group in [dependency-groups]",
        )


_SOURCE_FLAGS = {
    # (key, value) -> what to write instead
    ("default", True): 'priority = "primary" (and list the source first)',
    ("secondary", True): 'priority = "supplemental" (or "explicit" for '
    "packages that name the source)",
    ("default", False): 'priority = "primary"',
    ("secondary", False): 'priority = "primary"',
}
_PRIORITY_VALUES = {
    "default": '"primary" (and list the source first)',
    "secondary": '"supplemental" (or "explicit" for packages that name the source)',
}


def check_sources(doc: dict, scan: Scan) -> Iterator[Finding]:
    """P2P004."""
    sources = doc.get("tool", {}).get("poetry", {}).get("source", [])
    if not isinstance(sources, list):
        return
    for index, source in enumerate(sources):
        if not _is_table(source):
            continue
        base = ("tool", "poetry", "source", index)
        name = source.get("name", f"#{index + 1}")
        for key in ("default", "secondary"):
            if key in source:
                value = source[key]
                instead = _SOURCE_FLAGS.get((key, value), 'priority = "primary"')
                literal = str(value).lower() if isinstance(value, bool) else repr(value)
                shown = f"{key} = {literal}"
                yield Finding(
                    scan.keys.get(base + (key,), 0),
                    "P2P004",
                    f'source "{name}": "{shown}" is rejected by Poetry 2: '
                    f"write {instead} instead",
                )
        priority = source.get("priority")
        if isinstance(priority, str) and priority.lower() in _PRIORITY_VALUES:
            yield Finding(
                scan.keys.get(base + ("priority",), 0),
                "P2P004",
                f'source "{name}": priority "{priority}" is rejected by Poetry 2: '
                f"write priority = {_PRIORITY_VALUES[priority.lower()]} instead",
            )


_PEP508_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def _pep508_lists(doc: dict) -> Iterator[tuple[Path, str, list]]:
    project = doc.get("project", {})
    if _is_table(project):
        if isinstance(project.get("dependencies"), list):
            yield ("project", "dependencies"), "[project].dependencies", project["dependencies"]
        optional = project.get("optional-dependencies", {})
        if _is_table(optional):
            for extra, deps in optional.items():
                if isinstance(deps, list):
                    yield (
                        ("project", "optional-dependencies", extra),
                        f"[project.optional-dependencies].{extra}",
                        deps,
                    )
    groups = doc.get("dependency-groups", {})
    if _is_table(groups):
        for group, deps in groups.items():
            if isinstance(deps, list):
                yield ("dependency-groups", group), f"[dependency-groups].{group}", deps


_POETRY_ADVICE = (
    "remove it: Poetry belongs in its own environment (pipx, the official "
    "installer or a dedicated venv), not among the project's dependencies"
)


def check_poetry_dependency(doc: dict, scan: Scan) -> Iterator[Finding]:
    """P2P005."""
    for path, label, table in dependency_tables(doc):
        for name, spec in table.items():
            if _normalize_name(name) == "poetry":
                optional = _is_table(spec) and spec.get("optional") is True
                advice = _POETRY_ADVICE
                if optional:
                    advice += (
                        ' (the "optional poetry dependency" workaround for Docker '
                        "images is obsolete)"
                    )
                yield Finding(
                    scan.keys.get(path + (name,), 0),
                    "P2P005",
                    f'"{name}" is declared as a dependency in {label}: {advice}',
                )
    for path, label, deps in _pep508_lists(doc):
        for index, dep in enumerate(deps):
            if not isinstance(dep, str):
                continue
            m = _PEP508_NAME.match(dep)
            if m and _normalize_name(m.group(1)) == "poetry":
                token = scan.strings.get(path + (index,))
                yield Finding(
                    token.start if token else scan.keys.get(path, 0),
                    "P2P005",
                    f'"{m.group(1)}" is declared as a dependency in {label}: {_POETRY_ADVICE}',
                )


def _pep508_calendar(dep: str, overrides: dict[str, set[str]], locked: dict[str, str]):
    """P2P007 for one PEP 508 requirement: (name, reason, pin or None, the specifier's
    span and text), or None when it is not a range on a calendar-versioned package."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        req = Requirement(dep)
    except InvalidRequirement:
        return None  # Poetry reports it; lint judges only what it can read
    if req.url or not req.specifier:
        return None
    specs = list(req.specifier)
    if any(s.operator in ("==", "===") and not s.version.endswith(".*") for s in specs):
        return None
    if not any(s.operator in ("<", "<=", "~=") for s in specs):
        return None  # a lower bound alone (a library's form) promises nothing about later dates
    lower = [s.version for s in specs if s.operator in (">=", ">", "~=")]
    found = _calendar_range(req.name, str(req.specifier), lower, overrides, locked)
    if not found:
        return None
    head = constraints._REQUIREMENT_HEAD.match(dep)
    assert head is not None  # Requirement() parsed it
    end = dep.find(";", head.end())
    end = len(dep) if end < 0 else end
    text = dep[head.end() : end].rstrip()
    return req.name, found[0], found[1], head.end(), text


def check_pep508_calendar_ranges(doc: dict, scan: Scan, locked: dict[str, str] | None = None) -> Iterator[Finding]:
    """P2P007 in [project] dependencies, optional dependencies and [dependency-groups]:
    a written range on a calendar-versioned package, which the guide pins exactly."""
    overrides = policy.read_overrides(doc)
    for path, label, deps in _pep508_lists(doc):
        for index, dep in enumerate(deps):
            if not isinstance(dep, str):
                continue
            found = _pep508_calendar(dep, overrides, locked or {})
            if not found:
                continue
            name, reason, pin, start, text = found
            token = scan.strings.get(path + (index,))
            at = token.start if token else scan.keys.get(path, 0)
            if token and token.raw:
                at = token.content_start + start
            pinned = f"(=={pin})" if text.startswith("(") else f"=={pin}"
            term = _calendar_term(start, text, pinned) if pin else None
            yield _calendar_finding(at, name, dep, f"({label})", reason, pin, path + (index,), term)


def check_pep508_upper_bounds(doc: dict, scan: Scan) -> Iterator[Finding]:
    """P2P006 in [project] dependencies, optional dependencies and [dependency-groups]
    (not on a range P2P007 replaces by a pin)."""
    overrides = policy.read_overrides(doc)
    for path, label, deps in _pep508_lists(doc):
        for index, dep in enumerate(deps):
            if not isinstance(dep, str) or _pep508_calendar(dep, overrides, {}):
                continue
            terms = constraints.requirement_upper_bounds(dep)
            if not terms:
                continue
            token = scan.strings.get(path + (index,))
            at = token.start if token else scan.keys.get(path, 0)
            if token and token.raw:
                at = token.content_start + terms[0].start
            yield Finding(
                at,
                "P2P006",
                f"{_KIND_NAME[constraints.TRAILING_ZEROS]} {_quote(dep)} ({label}): "
                f"write {_quote(constraints.rewrite(dep, terms))} instead",
                value_path=path + (index,),
                value=dep,
                terms=terms,
            )


CHECKS = (
    check_constraints,
    check_dev_dependencies,
    check_sources,
    check_poetry_dependency,
    check_pep508_upper_bounds,
    check_pep508_calendar_ranges,
)


def run(doc: dict, scan: Scan, locked: dict[str, str] | None = None) -> list[Finding]:
    """Every finding. ``locked``: normalized name -> version from the poetry.lock next to
    the file, which is what --fix pins a calendar-versioned package to."""
    findings: list[Finding] = []
    for check in CHECKS:
        if check in (check_constraints, check_pep508_calendar_ranges):
            findings.extend(check(doc, scan, locked))
        else:
            findings.extend(check(doc, scan))
    return findings

"""The survey's three output formats: a table for the terminal, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

from pip2poetry.survey.inventory import BUILD_BACKEND_GUIDE, GUIDE, SEVERAL_PACKAGES_GUIDE, Item, Repository


def join(repository: str, rel: str) -> str:
    """A file inside a repository, as the reader names it (``billing-api/requirements.txt``)."""
    if not rel:
        return repository
    return rel if repository == "." else f"{repository}/{rel}"


def error_text(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def guide_link(page: str, base: str | None) -> str:
    """A GUIDE value (``how-to/page`` or ``how-to/page#section``) as the reader follows it:
    as is without ``base``, else ``BASE/how-to/page.html#section``."""
    if not page or not base:
        return page
    path, hash_, anchor = page.partition("#")
    return f"{base.rstrip('/')}/{path}.html{hash_}{anchor}"


#: the table's "In use:" section: field -> (label for one value, label for several)
IN_USE = (("python_versions", "Python", "Python"), ("indexes", "index", "indexes"), ("poetry_versions", "Poetry", "Poetry"))
MAX_LINE = 100


def _in_use_lines(r: Repository) -> list[str]:
    parts = []
    for field_name, one, several in IN_USE:
        values = getattr(r, field_name, None) or []
        if values:
            parts.append(f"{one if len(values) == 1 else several} {', '.join(values)}")
    if not parts:
        return []
    line = f"  {r.name}: {'; '.join(parts)}"
    if len(line) <= MAX_LINE:
        return [line]
    return [f"  {r.name}: {part}" for part in parts]  # one line each when one is too long


def _where(item: Item) -> str:
    return f"{item.file}:{item.line}" if item.line else item.file


def _old_installs(repository: Repository) -> int:
    return sum(len(lines) for _f, _k, lines in repository.consumers)


def _lines(file: str, lines: list[int]) -> str:
    return f"{file}:{','.join(str(n) for n in lines)}"


def _dependencies(repository: Repository) -> str:
    return "?" if repository.dependencies is None else str(repository.dependencies)


def render(repositories: list[Repository], fmt: str, base: str | None = None) -> str:
    return {"table": table, "csv": to_csv, "json": to_json}[fmt](repositories, base)


def table(repositories: list[Repository], base: str | None = None) -> str:
    header = ("Repository", "Starting point", "Dependencies", "Old installs", "Needs a person", "Owners")
    rows = [
        (r.name, r.starting_point, _dependencies(r), str(_old_installs(r)), str(len(r.items)), " ".join(r.owners) or "-")
        for r in repositories
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 4}  # numbers

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    out = [line(header), *(line(row) for row in rows)]
    details = [
        f"{join(r.name, _where(item))}: {item.kind}: {item.detail}" for r in repositories for item in r.items
    ]
    if details:
        out += ["", "Needs a person:", *(f"  {d}" for d in details)]
    installs = [f"{join(r.name, _lines(f, lines))} ({kind})" for r in repositories for f, kind, lines in r.consumers]
    if installs:
        out += ["", "Installs the old way (pip2poetry migrate rewrites or lists them):", *(f"  {i}" for i in installs)]
    in_use = [line for r in repositories for line in _in_use_lines(r)]
    if in_use:
        out += ["", "In use:", *in_use]
    points = []  # (starting point, page); with a build step or projects below it on a line of its own
    for p in GUIDE:
        for page in dict.fromkeys((GUIDE[p], BUILD_BACKEND_GUIDE, SEVERAL_PACKAGES_GUIDE)):
            label = p if page == GUIDE[p] else f"{p} with a build step" if page == BUILD_BACKEND_GUIDE else f"{p} with projects below it"
            if page and any(r.starting_point == p and r.guide == page for r in repositories):
                points.append((label, page))
    if points:
        width = max(len(label) for label, _ in points)
        out += ["", "Guide pages:", *(f"  {label.ljust(width)}  {guide_link(page, base)}" for label, page in points)]
    return "\n".join(out) + "\n"


CSV_COLUMNS = (
    "repository", "starting_point", "dependencies", "old_installs", "needs_a_person", "items", "owners", "guide",
    "errors", "dependency_files", "installs_the_old_way", "group", "python_versions", "indexes", "poetry_versions",
)  # fmt: skip


def to_csv(repositories: list[Repository], base: str | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in repositories:
        writer.writerow(
            (
                r.name,
                r.starting_point,
                "" if r.dependencies is None else r.dependencies,
                _old_installs(r),
                len(r.items),
                "; ".join(f"{item.kind} {_where(item)}" for item in r.items),
                " ".join(r.owners),
                guide_link(r.guide, base),
                "; ".join(error_text(*e) for e in r.errors),
                " ".join(r.dependency_files),
                "; ".join(f"{_lines(f, lines)} {kind}" for f, kind, lines in r.consumers),
                r.group or r.name,
                "; ".join(r.python_versions),
                " ".join(r.indexes),
                "; ".join(r.poetry_versions),
            )
        )
    return buffer.getvalue()


def to_json(repositories: list[Repository], base: str | None = None) -> str:
    data = [
        {
            "repository": r.name,
            "group": r.group or r.name,
            "starting_point": r.starting_point,
            "dependencies": r.dependencies,
            "needs_a_person": [
                {"kind": i.kind, "file": i.file, "line": i.line, "detail": i.detail} for i in r.items
            ],
            "owners": r.owners,
            "guide": guide_link(r.guide, base) or None,
            "errors": [error_text(*e) for e in r.errors],
            "dependency_files": r.dependency_files,
            "installs_the_old_way": [{"file": f, "kind": k, "lines": lines} for f, k, lines in r.consumers],
            "python_versions": r.python_versions,
            "indexes": r.indexes,
            "poetry_versions": r.poetry_versions,
            "found_in": {name: r.found_in.get(name, {}) for name, _one, _several in IN_USE},
        }
        for r in repositories
    ]
    return _json(data) + "\n"


_STRING = json.encoder.encode_basestring_ascii  # what json.dumps uses for a str (in C)
_SCALARS = {None: "null", True: "true", False: "false"}


def _json(value: object, indent: str = "") -> str:
    """``json.dumps(value, indent=2)``, character for character, without the pure-Python
    encoder that ``indent`` selects (a fifth of the survey of 10,000 repositories)."""
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = ",\n".join(f"{inner}{_STRING(str(k))}: {_json(v, inner)}" for k, v in value.items())
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        items = ",\n".join(inner + _json(v, inner) for v in value)
        return f"[\n{items}\n{indent}]"
    if isinstance(value, bool) or value is None:
        return _SCALARS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(repositories: list[Repository]) -> str:
    to_migrate = sum(1 for r in repositories if r.starting_point not in ("poetry-2", "none", "unknown", "monorepo"))
    items = sum(len(r.items) for r in repositories)
    text = (
        f"Surveyed {_plural(len(repositories), 'repository').replace('repositorys', 'repositories')}: "
        f"{to_migrate} to migrate, {_plural(items, 'item')} that {'needs' if items == 1 else 'need'} a person"
    )
    bad = sum(1 for r in repositories if r.errors)
    if bad:
        text += f"; input that could not be read in {bad}"
    return text + "."

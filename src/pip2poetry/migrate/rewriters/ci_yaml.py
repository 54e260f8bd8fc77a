"""What the three CI rewriters share: a job's scripts rewritten in order, as one unit
(an install early in the job puts ``poetry run`` before the tools after it), then Poetry
installed before the first command that needs it, as the CI page's recipe does it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply
from pip2poetry.migrate.shell import Shell, Unit
from pip2poetry.migrate.yaml_scripts import Lines, Script, YamlError, load

#: (script, item line0 or None, container, index) for each script of a job, in order
Scripts = Iterable[tuple[Script | None, int, object, object]]


def installs_poetry(text: str) -> bool:
    return any(w in text for w in ("poetry==", "install.python-poetry.org", "install-poetry", "pipx install poetry", "poetry/install"))


def rewrite_job(rel: str, lines: Lines, plan: Plan, scripts: Scripts, job_text: str, result: Result,
                insert: Callable[[int], Edit | None], templates: tuple = ()) -> list[Edit]:  # type: ignore[type-arg]
    """Edits for one job. ``insert(line0)`` gives the edit that installs Poetry before
    the script item starting on ``line0`` (None: the rewriter cannot insert there)."""
    unit = Unit()
    edits: list[Edit] = []
    first_install_line0: int | None = None
    already = installs_poetry(job_text)
    for script, line0, _container, _key in scripts:
        if script is None:
            if any(w in job_text for w in ("pip install", "setup.py", "pipenv")):
                result.findings.append(Finding(rel, line0 + 1, "P2M000",
                                               "a folded or escaped YAML string: its commands are left as they are; rewrite them by hand"))
            continue
        shell = Shell(plan, rel, "ci", templates=templates)
        found = shell.rewrite(script.value, unit, line_of=lambda o, s=script: lines.line_of(s.to_file(o)))
        result.findings += shell.findings
        if not found:
            continue
        edits += script.edits_in_file(found, lines)
        result.rules += shell.rules
        if shell.poetry_needed and first_install_line0 is None:
            first_install_line0 = line0
    if edits and first_install_line0 is not None and not already:
        edit = insert(first_install_line0)
        if edit is None:
            result.findings.append(Finding(rel, first_install_line0 + 1, "P2M160",
                                           "the job needs Poetry before this step: install it as the CI page shows"))
        else:
            edits.append(edit)
            result.rules.append("P2M160")
    return edits


def finish(rel: str, text: str, edits: list[Edit], result: Result) -> Result:
    if edits:
        result.text = apply(text, edits)
    return result


def parse(rel: str, text: str, result: Result):  # type: ignore[no-untyped-def]
    try:
        return load(text)
    except YamlError as e:
        result.findings.append(Finding(rel, e.line, "P2M000", f"{e.message}; the file is left as it is", bad_input=True))
        return None


def check(rel: str, text: str) -> None:
    try:
        load(text)
    except YamlError as e:
        raise Invalid(e.line, e.message) from None


def inserter(lines: Lines, rows: list[str]) -> Callable[[int], Edit | None]:
    """The ``insert`` a job gives :func:`rewrite_job`: ``rows`` (the CI page's recipe)
    before the sequence item that starts on a line, at that item's indentation."""

    def insert(line0: int) -> Edit | None:
        indent, is_item = item_indent(lines, line0)
        if not is_item:
            return None
        offset = lines.offset(line0)
        return Edit(offset, offset, "".join(f"{indent}{row}\n" for row in rows), "P2M160", line0 + 1)

    return insert


def item_indent(lines: Lines, line0: int) -> tuple[str, bool]:
    """The indentation of a sequence item's dash on ``line0``, and whether it is one."""
    raw = lines.line(line0)
    stripped = raw.lstrip(" ")
    return raw[: len(raw) - len(stripped)], stripped.startswith("- ") or stripped == "-"


def starts_line(lines: Lines, line0: int, col: int) -> bool:
    """Whether what is at ``col`` on ``line0`` is the first thing on its line (block style)."""
    return not lines.line(line0)[:col].strip()


def whole_line(lines: Lines, offset: int, row: str) -> str:
    """``row`` as a whole line inserted at ``offset`` (a line start, or the end of a file
    whose last line has no newline)."""
    if offset == len(lines.text) and lines.text and not lines.text.endswith("\n"):
        return "\n" + row
    return row + "\n"


def entry_end(lines: Lines, line0: int, col: int) -> int:
    """The line after a mapping entry or sequence item that starts on ``line0`` at ``col``:
    the first later line indented no deeper (blank lines before it stay after it)."""
    last = line0
    n = line0 + 1
    while n < len(lines.starts):
        raw = lines.line(n)
        if raw.strip():
            if len(raw) - len(raw.lstrip(" ")) <= col:
                break
            last = n
        n += 1
    return last + 1


def flow_append(lines: Lines, line0: int, col: int, item: str, rule: str) -> Edit | None:
    """An edit that adds ``item`` at the end of the flow collection opening at ``col`` on
    ``line0`` (``[a, b]`` or ``{A: b}``); None when it does not close on that line."""
    raw = lines.line(line0)
    close = flow_close(raw, col)
    if close is None:
        return None
    inner = raw[col + 1:close].rstrip()
    end = col + 1 + len(inner)
    if not inner.strip() or inner.endswith(",") and end < close:
        sep, end = "", close  # after the space before the bracket
    else:
        sep = " " if inner.endswith(",") else ", "
    offset = lines.offset(line0, end)
    return Edit(offset, offset, sep + item, rule, line0 + 1)


def flow_close(raw: str, col: int) -> int | None:
    depth, quote, i = 0, "", col
    while i < len(raw):
        c = raw[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                if quote == "'" and raw[i + 1:i + 2] == "'":
                    i += 1
                else:
                    quote = ""
        elif c in "'\"" and raw[col:i].rstrip()[-1:] in ("[", "{", ",", ":"):
            quote = c
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i
        elif c == "#" and raw[i - 1] in " \t":
            return None
        i += 1
    return None

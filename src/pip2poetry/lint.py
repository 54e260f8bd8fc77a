"""``pip2poetry lint``: find files, apply the rules, print, fix."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib

from pip2poetry import constraints, rules
from pip2poetry.files import write_atomically
from pip2poetry.tomlscan import Path, Scan

DEFAULT_PATH = "pyproject.toml"
PRUNED_DIRS = {
    ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
    "build", "dist", "_build", "site-packages",
}  # fmt: skip
CONFIG_KEYS = {"select", "ignore"}
#: Settings of `pip2poetry import` that share the table; lint only checks their shape.
IMPORT_KEYS = {"calendar-versioned", "semantic-versioned"}
_OPT_OUT = re.compile(r"#.*?\bpip2poetry:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.I)
_TOML_ERROR = re.compile(r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$")


class InputError(Exception):
    """Bad input: printed as one line on stderr, exit status 2."""


class Result:
    """What linting one file produced: findings left, fixes made, new text."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.findings: list[tuple[int, int, str, str]] = []
        self.fixes: list[tuple[int, int, str, str]] = []
        self.new_text: str | None = None
        self.fixable = 0  # findings --fix would rewrite


def discover(paths: list[str]) -> list[str]:
    """pyproject.toml files named by, or found under, the given paths."""
    found: list[str] = []
    for given in paths or [DEFAULT_PATH]:
        if os.path.isdir(given):
            before = len(found)
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if d not in PRUNED_DIRS
                    and not d.endswith(".egg-info")
                    and not os.path.exists(os.path.join(root, d, "pyvenv.cfg"))
                )
                if "pyproject.toml" in files:
                    found.append(os.path.normpath(os.path.join(root, "pyproject.toml")))
            if len(found) == before:
                raise InputError(f"{given}: no pyproject.toml found in this directory")
        elif os.path.exists(given):
            found.append(os.path.normpath(given))
        else:
            raise InputError(f"{given}: no such file or directory")
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_sort_key)


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split(os.sep))


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from None
    if b"\0" in data:
        raise InputError(f"{path}: binary file (NUL byte at offset {data.index(0)}), not TOML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "TOML files must be UTF-8"
        ) from None


def parse(path: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_ERROR.match(str(e))
        if m and m.group("line"):
            where = f"{path}:{m.group('line')}:{m.group('col')}"
        else:
            lines = text.split("\n")
            where = f"{path}:{len(lines)}:{len(lines[-1]) + 1}"
        message = m.group("msg") if m else str(e)
        raise InputError(f"{where}: invalid TOML: {message[:1].lower()}{message[1:]}") from None


def _config(path: str, doc: dict, scan: Scan) -> tuple[set[str], set[str]]:
    config = doc.get("tool", {}).get("pip2poetry", {})
    base: Path = ("tool", "pip2poetry")

    def where(key: Path) -> str:
        line, col = scan.line_col(scan.keys.get(base + key, scan.keys.get(base, 0)))
        return f"{path}:{line}:{col}"

    if not isinstance(config, dict):
        raise InputError(f"{where(())}: [tool.pip2poetry] must be a table")
    for key in config:
        if key not in CONFIG_KEYS | IMPORT_KEYS:
            raise InputError(
                f"{where((key,))}: unknown setting {key!r} in [tool.pip2poetry] "
                f"(expected {', '.join(sorted(CONFIG_KEYS | IMPORT_KEYS))})"
            )
        value = config[key]
        if key in IMPORT_KEYS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise InputError(f"{where((key,))}: [tool.pip2poetry] {key} must be a list of package names")
    chosen = {}
    for key in ("select", "ignore"):
        codes = config.get(key, [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise InputError(f"{where((key,))}: [tool.pip2poetry] {key} must be a list of rule codes")
        for code in codes:
            if code.upper() not in rules.RULES:
                raise InputError(
                    f"{where((key,))}: unknown rule code {code!r} in [tool.pip2poetry] {key} "
                    f"(known: {', '.join(rules.RULES)})"
                )
        chosen[key] = {c.upper() for c in codes}
    select = chosen["select"] if "select" in config else set(rules.RULES)
    return select, chosen["ignore"]


def _opted_out(scan: Scan, line: int, code: str) -> bool:
    comment = scan.comments.get(line)
    if not comment:
        return False
    m = _OPT_OUT.search(comment)
    if not m:
        return False
    if m.group("codes") is None:
        return True
    return code in {c.strip().upper() for c in m.group("codes").split(",")}


def _set(doc: dict, path: Path, value: str) -> None:
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def read_lock(path: str) -> dict[str, str]:
    """name -> version from the poetry.lock next to ``path`` (empty without one)."""
    lock_path = os.path.join(os.path.dirname(path), "poetry.lock")
    if not os.path.isfile(lock_path):
        return {}
    doc = parse(os.path.normpath(lock_path), read_text(lock_path))
    packages = doc.get("package", [])
    out: dict[str, str] = {}
    if isinstance(packages, list):
        for package in packages:
            if isinstance(package, dict) and isinstance(package.get("name"), str) and isinstance(package.get("version"), str):
                out[rules._normalize_name(package["name"])] = package["version"]
    return out


def lint_file(path: str, fix: bool) -> Result:
    text = read_text(path)
    doc = parse(path, text)
    scan = Scan(text)
    select, ignore = _config(path, doc, scan)
    locked = read_lock(path)
    try:
        findings = rules.run(doc, scan, locked)
    except rules.LintError as e:
        line, col = scan.line_col(e.offset or 0)
        raise InputError(f"{path}:{line}:{col}: {e.message}") from None

    result = Result(path, text)
    # value path -> terms to rewrite, for --fix
    edits: dict[Path, tuple[str, list[constraints.Term], list[tuple[int, int, str, str]]]] = {}
    for finding in findings:
        line, col = scan.line_col(finding.offset)
        if finding.code not in select or finding.code in ignore:
            continue
        if _opted_out(scan, line, finding.code):
            continue
        if fix and finding.code in rules.FIXABLE and finding.value_path is not None:
            value, terms, reports = edits.setdefault(finding.value_path, (finding.value, [], []))
            terms.extend(finding.terms)
            reports.append((line, col, finding.code, constraints.rewrite(value, finding.terms)))
            continue
        result.findings.append((line, col, finding.code, finding.message))
        if finding.code in rules.FIXABLE and finding.value_path is not None:
            result.fixable += 1

    if edits:
        result.new_text = _apply(path, text, doc, scan, edits)
        for value_path, (value, terms, reports) in edits.items():
            for line, col, code, _ in reports:
                mine = [t for t in terms if rules._KIND_CODE[t.kind] == code]
                result.fixes.append(
                    (
                        line,
                        col,
                        code,
                        f"fixed {rules.FIX_NAME[code]}: "
                        f"{rules._quote(value)} -> {rules._quote(constraints.rewrite(value, mine))}",
                    )
                )
    return result


def _apply(path: str, text: str, doc: dict, scan: Scan, edits: dict) -> str:
    """The fixed text: only the constraint strings change, byte for byte."""
    import copy

    spans: list[tuple[int, int, str]] = []
    expected = copy.deepcopy(doc)
    for value_path, (value, terms, _reports) in edits.items():
        token = scan.strings[value_path]
        new_value = constraints.rewrite(value, terms)
        _set(expected, value_path, new_value)
        if token.raw:
            for term in terms:
                start = token.content_start + term.start
                spans.append((start, start + len(term.text), term.replacement))
        else:
            # Escapes or line breaks: write the whole string again as a basic string.
            spans.append((token.start, token.end, json.dumps(new_value, ensure_ascii=False)))
    out = []
    last = 0
    for start, end, replacement in sorted(spans):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    new_text = "".join(out)
    # Belt and braces: the new document must mean exactly the old one with
    # the rewritten constraints, or nothing is written.
    if tomllib.loads(new_text) != expected:
        raise InputError(f"{path}: internal error: the fix would change more than the constraints; file left unchanged")
    return new_text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(paths: list[str], fix: bool) -> int:
    errors: list[str] = []
    results: list[Result] = []
    try:
        files = discover(paths)
    except InputError as e:
        print(f"pip2poetry: error: {e}", file=sys.stderr)
        return 2
    for path in files:
        try:
            results.append(lint_file(path, fix))
        except InputError as e:
            errors.append(str(e))
    if errors:
        # One line per bad file; nothing is written when any input is bad.
        for error in errors:
            print(f"pip2poetry: error: {error}", file=sys.stderr)
        return 2

    lines = []
    for result in results:
        for line, col, code, message in result.findings + result.fixes:
            lines.append((_sort_key(result.path), line, col, code, f"{result.path}:{line}:{col}: {code} {message}"))
    for *_, text in sorted(lines):
        print(text)

    for result in results:
        if result.new_text is not None and result.new_text != result.text:
            try:
                write_atomically(result.path, result.new_text)
            except OSError as e:
                print(f"pip2poetry: error: {result.path}: cannot write: {e.strerror}", file=sys.stderr)
                return 2

    problems = sum(len(r.findings) for r in results)
    fixed = sum(len(r.fixes) for r in results)
    fixed_files = sum(1 for r in results if r.fixes)
    checked = _plural(len(results), "file")
    if fix:
        summary = (
            f"Fixed {_plural(fixed, 'problem')} in {_plural(fixed_files, 'file')}"
            if fixed
            else "Nothing to fix"
        )
        summary += f"; {_plural(problems, 'problem')} left" if problems else ""
        summary += f" ({checked} checked)."
    elif problems:
        fixable = sum(r.fixable for r in results)
        summary = f"Found {_plural(problems, 'problem')} in {checked}"
        summary += f" ({fixable} fixable with --fix)." if fixable else "."
    else:
        summary = f"All checks passed ({checked} checked)."
    sys.stdout.flush()  # findings first, then the summary, also when both share a pipe
    print(summary, file=sys.stderr)
    return 1 if problems else 0

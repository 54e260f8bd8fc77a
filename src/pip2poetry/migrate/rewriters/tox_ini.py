"""tox.ini: the recipe of Poetry's own FAQ, executed on the migrate page. In each test
environment that installs a requirements file, the ``-r`` lines leave ``deps``, tox stops
installing the project itself (``skip_install = true``), Poetry installs the lock into
tox's environment (``commands_pre = poetry sync …``; tox sets ``VIRTUAL_ENV``, which Poetry
uses) and the tools in ``commands`` run with ``poetry run``. ``poetry sync``, as in CI (the
guide's one rule, and the tox and nox page): a reused tox environment loses what the lock
dropped. ``poetry install`` only where ``deps`` still installs packages by name, which
``sync`` would remove.

Sections and options are located line by line (configparser gives no positions) and the
result is read back with configparser; everything outside the edited options stays as is.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass

from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply, mentions_pip_era
from pip2poetry.migrate.shell import Shell, Unit

KINDS = ("tox",)
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-tox")
_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")
_OPTION = re.compile(r"^(?P<key>[A-Za-z_][\w.-]*)\s*[=:]\s*(?P<value>.*)$")
_DEP_FILE = re.compile(r"^(?P<opt>-r|--requirement|-c|--constraint)\s*=?\s*(?P<path>\S+)$")


@dataclass
class Option:
    key: str
    start: int  # offset of the key line
    end: int  # offset after its last continuation line
    values: list[tuple[int, str]]  # (line number, value line) for the key line's value and each continuation


def check(rel: str, text: str) -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=rel)
    except configparser.Error as e:
        raise Invalid(getattr(e, "lineno", 1) or 1, f"configparser cannot read the result: {str(e).splitlines()[0]}") from None


def _sections(text: str) -> list[tuple[str, int, int, list[Option]]]:
    """(name, start, end, options) of each section, with offsets into text."""
    out: list[tuple[str, int, int, list[Option]]] = []
    offset = 0
    current: tuple[str, int, list[Option]] | None = None
    option: Option | None = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        bare = line.rstrip("\r\n")
        m = _SECTION.match(bare)
        if m:
            if current:
                out.append((current[0], current[1], offset, current[2]))
            current = (m.group("name").strip(), offset, [])
            option = None
        elif current is not None:
            if bare[:1] in (" ", "\t") and bare.strip() and option is not None:
                option.values.append((number, bare.strip()))
                option.end = offset + len(line)
            elif (o := _OPTION.match(bare)) and not bare.lstrip().startswith(("#", ";")):
                option = Option(o.group("key").strip(), offset, offset + len(line), [])
                if o.group("value").strip():
                    option.values.append((number, o.group("value").strip()))
                current[2].append(option)
            elif not bare.strip():
                pass
            elif bare.lstrip().startswith(("#", ";")):
                pass
            else:
                option = None
        offset += len(line)
    if current:
        out.append((current[0], current[1], offset, current[2]))
    return out


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    if not mentions_pip_era(text):
        return result
    try:
        configparser.ConfigParser(interpolation=None, strict=False).read_string(text, source=rel)
    except configparser.Error as e:
        result.findings.append(Finding(rel, getattr(e, "lineno", 0) or 1, "P2M000", f"invalid INI: {str(e).splitlines()[0]}; the file is left as it is", bad_input=True))
        return result
    edits: list[Edit] = []
    newline = "\r\n" if "\r\n" in text else "\n"
    sections = _sections(text)
    tox = next((o for n, _s, _e, opts in sections if n == "tox" for o in opts if o.key.replace("-", "_") in ("skipsdist", "no_package")), None)
    no_package = tox is not None and " ".join(v for _n, v in tox.values).lower() in ("true", "1", "yes")
    for name, _start, end, options in sections:
        if not (name == "testenv" or name.startswith("testenv:")):
            continue
        by_key = {o.key.replace("-", "_"): o for o in options}
        deps = by_key.get("deps")
        files: list[tuple[int, str]] = []
        kept_values: list[str] = []
        if deps is not None:
            for number, value in deps.values:
                m = _DEP_FILE.match(value) or re.match(r"^(?P<opt>-r|-c)(?P<path>\S+)$", value)
                if m and m.group("opt") in ("-r", "--requirement") and "{" not in m.group("path"):
                    files.append((number, m.group("path")))
                elif m and m.group("opt") in ("-c", "--constraint"):
                    continue  # the lock's versions replace the constraints
                else:
                    kept_values.append(value)
        if not files:
            continue
        shell = Shell(plan, rel, "dev", relative_to_source=True)
        groups: set[str | None] = set()
        unresolved = False
        for number, path in files:
            target = plan.resolve(rel, path, True)
            if target is None:
                result.findings.append(Finding(rel, number, "P2M180", f"-r{path}: not a dependency file of this repository; the environment is left as it is"))
                unresolved = True
            else:
                groups |= plan.groups_installed_by(target)
        if unresolved:
            plan.keep_for([p for _n, p in files], rel, files[0][0])
            continue
        skip = by_key.get("skip_install")
        already_skipping = skip is not None and " ".join(v for _n, v in skip.values).lower() in ("true", "1", "yes")
        root = not already_skipping and not no_package and plan.has_package
        unit = Unit()  # the environment's first install: poetry sync
        install = shell._install_command(groups, root, [], unit)
        # deps: what stays installed by name
        indent = "    "
        if kept_values:  # poetry sync would remove what deps installs beside the lock
            install = install.replace("poetry sync", "poetry install")
            new_deps = f"deps ={newline}" + "".join(f"{indent}{v}{newline}" for v in kept_values)
            result.findings.append(Finding(rel, deps.values[0][0] if deps.values else 0, "P2M103",
                                           f"[{name}] deps still installs {', '.join(kept_values)} by name, beside the lock: add them to a group with poetry add", todo=False))
        else:
            new_deps = ""
        added = ""
        if skip is None:
            added += f"skip_install = true{newline}"
        allow = by_key.get("allowlist_externals")
        if allow is None:
            added += f"allowlist_externals = poetry{newline}"
        elif "poetry" not in " ".join(v for _n, v in allow.values).split():
            edits.append(Edit(allow.end, allow.end, f"{indent}poetry{newline}", "P2M180", allow.values[-1][0] if allow.values else 0))
        pre = by_key.get("commands_pre")
        if pre is None:
            added += f"commands_pre ={newline}{indent}{install}{newline}"
        elif install not in " ".join(v for _n, v in pre.values):
            edits.append(Edit(pre.end, pre.end, f"{indent}{install}{newline}", "P2M180", pre.values[-1][0] if pre.values else 0))
        edits.append(Edit(deps.start, deps.end, new_deps + added, "P2M180", deps.values[0][0] if deps.values else 0))
        result.rules.append("P2M180")
        commands = by_key.get("commands")
        if commands is not None:
            unit = Unit(installed=True)
            line_starts = _line_offsets(text)
            for number, value in commands.values:
                offset = text.index(value, line_starts[number - 1])
                found = shell.rewrite(value, unit, line_of=lambda o, n=number: n)
                for e in found or []:
                    edits.append(Edit(offset + e.start, offset + e.end, e.new, e.rule, number))
                    result.rules.append(e.rule)
        result.findings += shell.findings
    if edits:
        result.text = apply(text, edits)
    return result


def _line_offsets(text: str) -> list[int]:
    out = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append(i + 1)
    return out

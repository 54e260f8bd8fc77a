"""Makefiles: each recipe line is a shell command line. Make's own variables
(``$(PIP) install``) are looked up in the file's assignments; an install becomes
``poetry sync`` and the project's tools in every target run with ``poetry run``, since
after the change the dependencies live in Poetry's environment."""

from __future__ import annotations

import re

from pip2poetry.migrate.model import Edit, Plan
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply, mentions_pip_era
from pip2poetry.migrate.shell import Shell, Unit
from pip2poetry.migrate.yaml_scripts import Lines

KINDS = ("makefile",)
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-makefiles-scripts-and-readmes")
_ASSIGN = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\?=|:=|::=|\+=|=)\s*(?P<value>.*)$")
_RULE = re.compile(r"^(?P<targets>[^\t#=:][^=:]*?)\s*::?(?!=)")


def check(rel: str, text: str) -> None:
    """Every command the rewrite wrote is still inside a recipe (after a tab)."""
    continued = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not continued and "poetry " in line and not line.startswith("\t") and not _ASSIGN.match(line) and not line.lstrip().startswith("#"):
            raise Invalid(number, "a Poetry command outside a recipe")
        continued = line.endswith("\\")


def _recipes(text: str) -> list[tuple[str, int, int]]:
    """(target, start offset, end offset) of each logical recipe line's command text."""
    out = []
    lines = text.split("\n")
    offset = 0
    target = ""
    i = 0
    in_rule = False
    while i < len(lines):
        line = lines[i]
        length = len(line) + 1
        if line.startswith("\t") and in_rule:
            start = offset + 1
            j = i
            end = offset + len(line)
            while lines[j].endswith("\\") and j + 1 < len(lines):
                end += 1 + len(lines[j + 1])
                length += len(lines[j + 1]) + 1
                j += 1
            while start < end and text[start] in "@-+ ":
                start += 1
            out.append((target, start, end))
            offset += length
            i = j + 1
            continue
        if re.match(r"^define\b", line):
            while i < len(lines) and not lines[i].startswith("endef"):
                offset += len(lines[i]) + 1
                i += 1
            in_rule = False
            continue
        if re.match(r"^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b", line):
            offset += length
            i += 1
            continue  # Make's conditionals inside a recipe
        m = _RULE.match(line)
        if m and not line.startswith("\t"):
            target = m.group("targets").strip()
            in_rule = True
        elif line.strip() and not line.startswith("#") and not line.startswith("\t"):
            in_rule = bool(m)
        offset += length
        i += 1
    return out


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    if not mentions_pip_era(text):
        return result
    variables = {}
    for line in text.splitlines():
        m = _ASSIGN.match(line)
        if m:
            variables[m.group("name")] = m.group("value").strip()
    lines = Lines(text)
    recipes = _recipes(text)
    # First pass: does any target install? Then every target's tools run with poetry run.
    probe = Shell(plan, rel, "dev", relative_to_source=True, variables=variables, dollar="$$")
    probe_unit = Unit()
    for _target, start, end in recipes:
        probe.rewrite(text[start:end], probe_unit)
    installs = probe_unit.installed
    edits: list[Edit] = []
    units: dict[str, Unit] = {}
    for target, start, end in recipes:
        unit = units.setdefault(target, Unit(installed=installs))
        unit.installed = unit.installed or installs
        shell = Shell(plan, rel, "dev", relative_to_source=True, variables=variables, dollar="$$")
        found = shell.rewrite(text[start:end], unit, line_of=lambda o, s=start: lines.line_of(s + o))
        result.findings += shell.findings
        if found:
            edits += [Edit(start + e.start, start + e.end, e.new, e.rule, e.line) for e in found]
            result.rules += shell.rules
    if edits:
        result.text = apply(text, edits)
    return result

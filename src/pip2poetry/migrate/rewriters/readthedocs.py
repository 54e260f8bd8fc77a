"""Read the Docs (``.readthedocs.yaml``): ``python.install``'s requirements entries become
``build.jobs`` that install the pinned Poetry and then the docs group from the lock into
Read the Docs' own environment, the recipe of Read the Docs' documentation for Poetry."""

from __future__ import annotations

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters import ci_yaml
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply
from pip2poetry.migrate.yaml_scripts import Lines, load, YamlError

KINDS = ("readthedocs",)
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-read-the-docs")


def check(rel: str, text: str) -> None:
    try:
        doc = load(text)
    except YamlError as e:
        raise Invalid(e.line, e.message) from None
    jobs = (doc.get("build") or {}).get("jobs") if isinstance(doc, dict) else None
    if jobs is not None and not isinstance(jobs, dict):
        raise Invalid(1, "build.jobs is not a mapping")


def _block_end(lines: Lines, line0: int) -> int:
    """The line after a mapping entry's block (everything indented deeper than its key)."""
    indent = ci_yaml.item_indent(lines, line0)[0]
    n = line0 + 1
    while n < len(lines.starts):
        raw = lines.line(n)
        if raw.strip() and (len(raw) - len(raw.lstrip(" "))) <= len(indent):
            break
        n += 1
    while n - 1 > line0 and not lines.line(n - 1).strip():
        n -= 1
    return n


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    doc = ci_yaml.parse(rel, text, result)
    if not isinstance(doc, dict):
        return result
    python = doc.get("python")
    install = python.get("install") if isinstance(python, dict) else None
    if not isinstance(install, list):
        return result
    lines = Lines(text)
    groups: set[str | None] = set()
    root = False
    extras: list[str] = []
    for index, entry in enumerate(install):
        line = install.lc.item(index)[0] + 1
        if isinstance(entry, dict) and "requirements" in entry:
            target = plan.resolve(rel, str(entry["requirements"]), False)
            if target is None:
                result.findings.append(Finding(rel, line, "P2M181", f"requirements: {entry['requirements']}: not a dependency file of this repository; left as it is"))
                return result
            groups |= plan.groups_installed_by(target)
        elif isinstance(entry, dict) and entry.get("method") == "pip" and str(entry.get("path", ".")) in (".", "./"):
            root = True
            extras += [str(e) for e in entry.get("extra_requirements") or []]
        else:
            result.findings.append(Finding(rel, line, "P2M181", "a python.install entry this rewrite does not know: left as it is"))
            return result
    build = doc.get("build")
    if not isinstance(build, dict):
        result.findings.append(Finding(rel, doc.lc.key("python")[0] + 1, "P2M181", "no build section (Read the Docs requires build.os): add one, then rerun"))
        return result
    if "jobs" in build or "commands" in build:
        result.findings.append(Finding(rel, build.lc.key("jobs" if "jobs" in build else "commands")[0] + 1, "P2M181",
                                       "build already has jobs or commands: add Poetry's install to them by hand"))
        plan.keep_for([str(e["requirements"]) for e in install if isinstance(e, dict) and "requirements" in e], rel, install.lc.line + 1)
        return result
    from pip2poetry.migrate.shell import Shell, Unit

    command = Shell(plan, rel, "dev")._install_command(groups, root and plan.has_package, extras, Unit(installs=1))
    flags = command.split(" ", 2)[2] if command.count(" ") >= 2 else ""
    edits: list[Edit] = []
    # python: drop install (and python itself when nothing else is in it)
    python_line0 = doc.lc.key("python")[0]
    if len(python) == 1:
        edits.append(Edit(lines.offset(python_line0), lines.offset(_block_end(lines, python_line0)), "", "P2M181", python_line0 + 1))
    else:
        key0 = python.lc.key("install")[0]
        edits.append(Edit(lines.offset(key0), lines.offset(_block_end(lines, key0)), "", "P2M181", key0 + 1))
    # build: add jobs at the indentation of build's keys
    first_key0 = build.lc.key(next(iter(build)))[0]
    indent = ci_yaml.item_indent(lines, first_key0)[0]
    end0 = _block_end(lines, doc.lc.key("build")[0])
    block = "".join(f"{indent}{row.format(flags=flags).rstrip()}\n" for row in recipes.READTHEDOCS_JOBS)
    edits.append(Edit(lines.offset(end0), lines.offset(end0), block, "P2M181", end0 + 1))
    result.rules.append("P2M181")
    result.text = apply(text, edits)
    return result

"""CircleCI (``.circleci/config.yml``): each job's ``run`` steps (a string or a map with
``command``), with Poetry installed in a step before the first that needs it, as the CI
page's ``install-poetry`` command does. Orb commands that install with pip
(``python/install-packages``) are listed: the CI page's orb section says what to use. In a
rewritten job, a cache key's ``{{ checksum "FILE" }}`` of a dependency file the change
imports names ``poetry.lock`` instead, and a ``save_cache`` that keeps pip's download folder
keeps Poetry's too, as the CI page's CircleCI job does."""

from __future__ import annotations

import re

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters import ci_yaml
from pip2poetry.migrate.rewriters.base import Result
from pip2poetry.migrate.yaml_scripts import Lines, script_at

KINDS = ("circleci",)
PAGE = ("how-to/run-poetry-in-ci", "circleci")
check = ci_yaml.check


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    doc = ci_yaml.parse(rel, text, result)
    if not isinstance(doc, dict):
        return result
    lines = Lines(text)
    edits: list[Edit] = []
    containers = []
    if isinstance(doc.get("jobs"), dict):
        containers += list(doc["jobs"].items())
    if isinstance(doc.get("commands"), dict):
        containers += [(f"command {k}", v) for k, v in doc["commands"].items()]
    for _name, job in containers:
        if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
            continue
        steps = job["steps"]
        scripts = []
        for index, step in enumerate(steps):
            line0 = steps.lc.item(index)[0]
            if isinstance(step, dict) and "run" in step:
                run = step["run"]
                if isinstance(run, str):
                    scripts.append((script_at(lines, step, "run"), line0, step, "run"))
                elif isinstance(run, dict) and isinstance(run.get("command"), str):
                    scripts.append((script_at(lines, run, "command"), line0, run, "command"))
            elif isinstance(step, dict):
                for orb_command, args in step.items():
                    if str(orb_command).endswith("/install-packages") and isinstance(args, dict) and str(args.get("pkg-manager", "pip")).startswith("pip"):
                        result.findings.append(Finding(rel, line0 + 1, "P2M160",
                                                       f"{orb_command} installs with pip: use the CI page's poetry/install "
                                                       "(talkiq/poetry orb) or its install-poetry command and poetry sync"))
                        plan.keep_for([str(args.get("pip-dependency-file", "requirements.txt"))], rel, line0 + 1)
        start0 = steps.lc.line
        job_text = "\n".join(lines.line(i) for i in range(max(0, start0 - 3), min(len(lines.starts), steps.lc.item(len(steps) - 1)[0] + 8))) if steps else ""

        insert = ci_yaml.inserter(lines, recipes.CIRCLECI_INSTALL_STEP)

        from pip2poetry.migrate.shell import CIRCLECI_TEMPLATE

        job_edits = ci_yaml.rewrite_job(rel, lines, plan, scripts, job_text, result, insert, templates=(CIRCLECI_TEMPLATE,))
        if job_edits:
            job_edits += _caches(rel, steps, lines, plan, result)
        edits += job_edits
    return ci_yaml.finish(rel, text, edits, result)


#: ``{{ checksum "FILE" }}`` in a cache key, as written (the quotes escaped in a double-quoted
#: scalar): group 1 is the file
CHECKSUM = re.compile(r'\{\{\s*checksum\s+\\?"([^"\\]+)\\?"\s*\}\}')
LOCK = "poetry.lock"
#: pip's download folder, as a save_cache path names it, and Poetry's beside it
PIP_CACHE = ("~/.cache/pip", "/home/circleci/.cache/pip")
POETRY_CACHE = "~/.cache/pypoetry"


def _caches(rel: str, steps, lines: Lines, plan: Plan, result: Result) -> list[Edit]:  # type: ignore[no-untyped-def]
    """The job's ``restore_cache`` and ``save_cache`` steps, for the job Poetry installs now:
    keys follow the lock (P2M174), and pip's cached downloads gain Poetry's (P2M175)."""
    out: list[Edit] = []
    for step in steps:
        if not isinstance(step, dict):
            continue
        for name in ("restore_cache", "save_cache"):
            cache = step.get(name)
            if not isinstance(cache, dict):
                continue
            if isinstance(cache.get("key"), str):
                out += _key(rel, lines, plan, result, cache["key"], *cache.lc.value("key"))
            keys = cache.get("keys")
            if isinstance(keys, list):
                for index, key in enumerate(keys):
                    if isinstance(key, str):
                        out += _key(rel, lines, plan, result, key, *keys.lc.item(index))
            if name == "save_cache" and isinstance(cache.get("paths"), list):
                out += _paths(rel, cache, lines, result)
    return out


def _imported(plan: Plan, rel: str, name: str) -> bool:
    # CircleCI computes a checksum in the job's working directory: the checkout's root.
    return plan.resolve(rel, name, False) is not None or name in plan.retiring


def _key(rel: str, lines: Lines, plan: Plan, result: Result, key: str, line0: int, col: int) -> list[Edit]:
    """A key whose checksums name dependency files the change imports: the first names the
    lock instead and the others go, with the separator before them (the lock is the one
    file the installed environment follows now). Edited where the key is written on one
    line as parsed; else listed."""
    parsed = [m.group(1) for m in CHECKSUM.finditer(key)]
    if not any(_imported(plan, rel, f) for f in parsed):
        return []
    raw = lines.line(line0)
    written = list(CHECKSUM.finditer(raw, col))
    if [m.group(1) for m in written] != parsed:
        result.findings.append(Finding(rel, line0 + 1, "P2M174", f'make this cache key\'s checksum {{{{ checksum "{LOCK}" }}}}, as the CI page shows'))
        return []
    out: list[Edit] = []
    has_lock = LOCK in parsed
    for m in written:
        if not _imported(plan, rel, m.group(1)):
            continue
        if not has_lock:
            out.append(Edit(lines.offset(line0, m.start(1)), lines.offset(line0, m.end(1)), LOCK, "P2M174", line0 + 1))
            has_lock = True
            continue
        start = m.start() - 1 if m.start() > col and raw[m.start() - 1] in "-_." else m.start()
        out.append(Edit(lines.offset(line0, start), lines.offset(line0, m.end()), "", "P2M174", line0 + 1))
    result.rules.append("P2M174")
    return out


def _paths(rel: str, cache, lines: Lines, result: Result) -> list[Edit]:  # type: ignore[no-untyped-def]
    paths = cache["paths"]
    normal = [str(p).strip().rstrip("/") for p in paths]
    if not set(PIP_CACHE) & set(normal) or POETRY_CACHE in normal or "/home/circleci/.cache/pypoetry" in normal:
        return []
    line0, col = cache.lc.value("paths")
    if lines.line(line0)[col:].startswith("["):
        edit = ci_yaml.flow_append(lines, line0, col, POETRY_CACHE, "P2M175")
    else:
        item0 = paths.lc.item(next(i for i, p in enumerate(normal) if p in PIP_CACHE))[0]
        indent, is_item = ci_yaml.item_indent(lines, item0)
        offset = lines.offset(ci_yaml.entry_end(lines, item0, len(indent)))
        edit = Edit(offset, offset, ci_yaml.whole_line(lines, offset, f"{indent}- {POETRY_CACHE}"), "P2M175", item0 + 2) if is_item else None
    if edit is None:
        result.findings.append(Finding(rel, line0 + 1, "P2M175", f"add {POETRY_CACHE} to this cache's paths, as the CI page shows"))
        return []
    result.rules.append("P2M175")
    return [edit]

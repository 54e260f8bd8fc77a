"""GitHub Actions workflows and local composite actions: each job's ``run:`` steps.

Poetry is installed in a step of its own before the first step that needs it, as the CI
page's workflow does; ``setup-python``'s ``cache: pip`` goes (its key is the requirements
files, which the change removes).
"""

from __future__ import annotations

import re

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters import ci_yaml
from pip2poetry.migrate.rewriters.base import Result
from pip2poetry.migrate.yaml_scripts import Lines, script_at

KINDS = ("github-actions", "github-action")
PAGE = ("how-to/run-poetry-in-ci", "github")
check = ci_yaml.check


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    doc = ci_yaml.parse(rel, text, result)
    if not isinstance(doc, dict):
        return result
    lines = Lines(text)
    edits: list[Edit] = []
    jobs = doc.get("jobs") if isinstance(doc.get("jobs"), dict) else None
    if jobs is None and isinstance(doc.get("runs"), dict):  # a composite action
        jobs = {"(action)": doc["runs"]}
    for name, job in (jobs or {}).items():
        if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
            continue
        steps = job["steps"]
        start0 = steps.lc.line
        end0 = _end_line(steps, lines)
        job_text = "\n".join(lines.line(i) for i in range(start0, end0))
        scripts = []
        for index, step in enumerate(steps):
            if isinstance(step, dict) and "run" in step:
                scripts.append((script_at(lines, step, "run"), steps.lc.item(index)[0], step, "run"))

        insert = ci_yaml.inserter(lines, recipes.GITHUB_INSTALL_STEP)

        job_edits = ci_yaml.rewrite_job(rel, lines, plan, scripts, job_text, result, insert)
        if job_edits:
            job_edits += _pip_cache(rel, steps, lines, result)
        edits += job_edits
    return ci_yaml.finish(rel, text, edits, result)


def _end_line(seq, lines: Lines) -> int:  # type: ignore[no-untyped-def]
    if not seq:
        return seq.lc.line + 1
    last = seq.lc.item(len(seq) - 1)[0]
    indent = len(lines.line(last)) - len(lines.line(last).lstrip(" "))
    n = last + 1
    while n < len(lines.starts) and (not lines.line(n).strip() or len(lines.line(n)) - len(lines.line(n).lstrip(" ")) > indent):
        n += 1
    return n


def _pip_cache(rel: str, steps, lines: Lines, result: Result) -> list[Edit]:  # type: ignore[no-untyped-def]
    edits = []
    for step in steps:
        if not isinstance(step, dict) or not str(step.get("uses", "")).startswith("actions/setup-python"):
            continue
        with_ = step.get("with")
        if not isinstance(with_, dict) or str(with_.get("cache", "")) != "pip":
            continue
        for key in ("cache", "cache-dependency-path"):
            if key in with_:
                line0 = with_.lc.key(key)[0]
                if isinstance(with_[key], str) and "\n" not in with_[key] and re.match(rf"^\s*{key}:", lines.line(line0)):
                    edits.append(Edit(lines.offset(line0), lines.offset(line0 + 1), "", "P2M171", line0 + 1))
                else:
                    result.findings.append(Finding(rel, line0 + 1, "P2M171", "setup-python's cache settings: remove them by hand"))
        if edits:
            result.rules.append("P2M171")
    return edits

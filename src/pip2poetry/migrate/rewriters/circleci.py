"""CircleCI (``.circleci/config.yml``): each job's ``run`` steps (a string or a map with
``command``), with Poetry installed in a step before the first that needs it, as the CI
page's ``install-poetry`` command does. Orb commands that install with pip
(``python/install-packages``) are listed: the CI page's orb section says what to use."""

from __future__ import annotations

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

        edits += ci_yaml.rewrite_job(rel, lines, plan, scripts, job_text, result, insert, templates=(CIRCLECI_TEMPLATE,))
    return ci_yaml.finish(rel, text, edits, result)

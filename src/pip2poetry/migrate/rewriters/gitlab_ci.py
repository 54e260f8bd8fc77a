"""GitLab CI (``.gitlab-ci.yml`` and the local files it ``include``s): each job's
``before_script``, ``script`` and ``after_script``, with Poetry installed first in the list
that needs it, as the CI page's ``.poetry`` template does."""

from __future__ import annotations

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Plan
from pip2poetry.migrate.rewriters import ci_yaml
from pip2poetry.migrate.rewriters.base import Result
from pip2poetry.migrate.yaml_scripts import Lines, script_item

KINDS = ("gitlab-ci",)
PAGE = ("how-to/run-poetry-in-ci", "gitlab")
check = ci_yaml.check
_KEYWORDS = {"stages", "variables", "include", "workflow", "image", "services", "cache", "before_script", "after_script", "default"}


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    doc = ci_yaml.parse(rel, text, result)
    if not isinstance(doc, dict):
        return result
    lines = Lines(text)
    edits: list[Edit] = []
    for name, job in doc.items():
        if name in _KEYWORDS and name != "default" or not isinstance(job, dict):
            continue
        scripts = []
        job_start = doc.lc.key(name)[0]
        for key in ("before_script", "script", "after_script"):
            seq = job.get(key)
            if isinstance(seq, str):
                from pip2poetry.migrate.yaml_scripts import script_at

                scripts.append((script_at(lines, job, key), job.lc.value(key)[0], job, key))
            elif isinstance(seq, list):
                for index in range(len(seq)):
                    if isinstance(seq[index], str):
                        scripts.append((script_item(lines, seq, index), seq.lc.item(index)[0], seq, index))
        job_text = "\n".join(lines.line(i) for i in range(job_start, _next_top(lines, job_start)))

        def insert(line0: int) -> Edit | None:
            indent, is_item = ci_yaml.item_indent(lines, line0)
            if not is_item:
                return None
            block = "".join(f"{indent}- {row}\n" for row in recipes.GITLAB_INSTALL)
            offset = lines.offset(line0)
            return Edit(offset, offset, block, "P2M160", line0 + 1)

        edits += ci_yaml.rewrite_job(rel, lines, plan, scripts, job_text, result, insert)
    return ci_yaml.finish(rel, text, edits, result)


def _next_top(lines: Lines, start0: int) -> int:
    n = start0 + 1
    while n < len(lines.starts):
        raw = lines.line(n)
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            return n
        n += 1
    return n

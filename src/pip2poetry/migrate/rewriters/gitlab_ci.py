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
        # Poetry may come from the templates the job extends, or from default:.
        extends = job.get("extends")
        for template in ([extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []) + ["default"]:
            if isinstance(template, str) and template in doc and template != name:
                start = doc.lc.key(template)[0]
                job_text += "\n" + "\n".join(lines.line(i) for i in range(start, _next_top(lines, start)))

        insert = ci_yaml.inserter(lines, [f"- {row}" for row in recipes.GITLAB_INSTALL])

        job_edits = ci_yaml.rewrite_job(rel, lines, plan, scripts, job_text, result, insert)
        if job_edits:
            job_edits += _cache_key(rel, job, lines, plan, result)
        edits += job_edits
    return ci_yaml.finish(rel, text, edits, result)


def _cache_key(rel: str, job, lines: Lines, plan: Plan, result: Result) -> list[Edit]:  # type: ignore[no-untyped-def]
    """``cache: key: files:`` naming the requirements files becomes ``[poetry.lock]``, as on
    the CI page: the lock is what the cached environment depends on now."""
    caches = job.get("cache")
    out: list[Edit] = []
    for cache in caches if isinstance(caches, list) else [caches]:
        key = cache.get("key") if isinstance(cache, dict) else None
        files = key.get("files") if isinstance(key, dict) else None
        if not isinstance(files, list) or not files:
            continue
        if not all(plan.resolve(rel, str(f), False) is not None or str(f) in plan.retiring for f in files):
            continue
        line0, col = key.lc.value("files")
        raw = lines.line(line0)
        if raw[col:].startswith("["):
            close = raw.index("]", col)
            start = lines.offset(line0, col)
            out.append(Edit(start, start + close - col + 1, "[poetry.lock]", "P2M172", line0 + 1))
        else:
            first0 = files.lc.item(0)[0]
            last0 = files.lc.item(len(files) - 1)[0]
            indent, _ = ci_yaml.item_indent(lines, first0)
            out.append(Edit(lines.offset(first0), lines.offset(last0 + 1), f"{indent}- poetry.lock\n", "P2M172", first0 + 1))
        result.rules.append("P2M172")
    return out


def _next_top(lines: Lines, start0: int) -> int:
    n = start0 + 1
    while n < len(lines.starts):
        raw = lines.line(n)
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            return n
        n += 1
    return n

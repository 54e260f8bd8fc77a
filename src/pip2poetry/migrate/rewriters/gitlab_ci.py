"""GitLab CI (``.gitlab-ci.yml`` and the local files it ``include``s): each job's
``before_script``, ``script`` and ``after_script``, with Poetry installed first in the list
that needs it, as the CI page's ``.poetry`` template does. A rewritten job whose cache holds
pip's download cache also caches Poetry's, in the project folder, as the CI page does."""

from __future__ import annotations

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Finding, Plan
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
    done: set[int] = set()  # the caches and variables blocks already given Poetry's cache
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
            job_edits += _poetry_cache(rel, doc, name, job, lines, result, done)
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


POETRY_CACHE = ".cache/pypoetry"
POETRY_CACHE_VARIABLE = 'POETRY_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pypoetry"'
PIP_CACHE = ".cache/pip"


def _poetry_cache(rel: str, doc, name: str, job, lines: Lines, result: Result, done: set[int]) -> list[Edit]:  # type: ignore[no-untyped-def]
    """A cache that keeps pip's download cache (``PIP_CACHE_DIR`` in the project, or a
    literal ``.cache/pip``) also keeps Poetry's: ``POETRY_CACHE_DIR`` set to
    ``$CI_PROJECT_DIR/.cache/pypoetry`` and that folder added to the cache's ``paths``, as on
    the CI page. pip's folder stays: pip still installs Poetry. The job's own cache, else
    ``default:``'s or the global one (whose variable goes in the global ``variables:``)."""
    if "cache" in job:
        owner, is_global = job, name == "default"
    elif isinstance(doc.get("default"), dict) and "cache" in doc["default"]:
        owner, is_global = doc["default"], True
    elif "cache" in doc:
        owner, is_global = doc, True
    else:
        return []
    own_vars = None if is_global else job.get("variables")
    top_vars = doc.get("variables")
    pip_dirs = {PIP_CACHE} | {d for d in (_in_project(_variable(v, "PIP_CACHE_DIR")) for v in (own_vars, top_vars)) if d}
    poetry_value = _variable(own_vars, "POETRY_CACHE_DIR") or _variable(top_vars, "POETRY_CACHE_DIR")
    want = _in_project(poetry_value) if poetry_value else POETRY_CACHE
    if want is None:  # Poetry's cache is set outside the project: someone chose that
        return []
    caches = owner.get("cache")
    out: list[Edit] = []
    for cache in caches if isinstance(caches, list) else [caches]:
        paths = cache.get("paths") if isinstance(cache, dict) else None
        if not isinstance(paths, list):
            continue
        normal = [_normal(p) for p in paths]
        if not pip_dirs & set(normal):
            continue
        if want not in normal and id(cache) not in done:
            done.add(id(cache))
            out += _add_path(rel, cache, paths, normal, pip_dirs, want, lines, result)
        if poetry_value is None:
            out += _add_variable(rel, doc, job, owner, is_global, own_vars, top_vars, lines, result, done)
            poetry_value = want
    return out


def _add_path(rel: str, cache, paths, normal: list[str], pip_dirs: set[str], want: str, lines: Lines, result: Result) -> list[Edit]:  # type: ignore[no-untyped-def]
    line0, col = cache.lc.value("paths")
    raw = lines.line(line0)
    if raw[col:].startswith("["):
        edit = ci_yaml.flow_append(lines, line0, col, want, "P2M173")
        if edit is None:
            result.findings.append(Finding(rel, line0 + 1, "P2M173", f"add {want} to this cache's paths, as the CI page shows"))
            return []
    else:
        item0 = paths.lc.item(next(i for i, p in enumerate(normal) if p in pip_dirs))[0]
        indent, is_item = ci_yaml.item_indent(lines, item0)
        if not is_item:
            result.findings.append(Finding(rel, item0 + 1, "P2M173", f"add {want} to this cache's paths, as the CI page shows"))
            return []
        offset = lines.offset(ci_yaml.entry_end(lines, item0, len(indent)))
        edit = Edit(offset, offset, ci_yaml.whole_line(lines, offset, f"{indent}- {want}"), "P2M173", item0 + 2)
    result.rules.append("P2M173")
    return [edit]


def _add_variable(rel: str, doc, job, owner, is_global: bool, own_vars, top_vars, lines: Lines, result: Result,  # type: ignore[no-untyped-def]
                  done: set[int]) -> list[Edit]:
    """``POETRY_CACHE_DIR`` in the ``variables:`` block that sets ``PIP_CACHE_DIR``, else the
    job's own, else the global one; a new block where there is none (after the job's
    ``cache:``, or a global one after the block that holds the cache)."""
    if is_global:
        block, parent = top_vars, doc
    elif _variable(own_vars, "PIP_CACHE_DIR") is not None or _variable(top_vars, "PIP_CACHE_DIR") is None and isinstance(own_vars, dict):
        block, parent = own_vars, job
    elif isinstance(top_vars, dict) or "variables" in doc:
        block, parent = top_vars, doc
    else:
        block, parent = own_vars, job
    if id(parent) in done:
        return []
    done.add(id(parent))
    if "variables" in parent and not isinstance(block, dict):
        line0 = parent.lc.key("variables")[0]
        result.findings.append(Finding(rel, line0 + 1, "P2M173", f"add {POETRY_CACHE_VARIABLE} to these variables, as the CI page shows"))
        return []
    if isinstance(block, dict):
        line0, col = parent.lc.value("variables")
        if lines.line(line0)[col:].startswith("{"):
            edit = ci_yaml.flow_append(lines, line0, col, POETRY_CACHE_VARIABLE, "P2M173")
            if edit is None:
                result.findings.append(Finding(rel, line0 + 1, "P2M173", f"add {POETRY_CACHE_VARIABLE} to these variables, as the CI page shows"))
                return []
        else:
            anchor = "PIP_CACHE_DIR" if "PIP_CACHE_DIR" in block else list(block)[-1]
            key0, key_col = block.lc.key(anchor)
            if not ci_yaml.starts_line(lines, key0, key_col):
                result.findings.append(Finding(rel, key0 + 1, "P2M173", f"add {POETRY_CACHE_VARIABLE} to these variables, as the CI page shows"))
                return []
            offset = lines.offset(ci_yaml.entry_end(lines, key0, key_col))
            edit = Edit(offset, offset, ci_yaml.whole_line(lines, offset, " " * key_col + POETRY_CACHE_VARIABLE), "P2M173", lines.line_of(offset))
    else:
        holder = "cache" if parent is job else ("default" if owner is not doc else "cache")
        key0, key_col = parent.lc.key(holder)
        if not ci_yaml.starts_line(lines, key0, key_col):
            result.findings.append(Finding(rel, key0 + 1, "P2M173", f"add {POETRY_CACHE_VARIABLE} in a variables: block, as the CI page shows"))
            return []
        step = _step(owner.get("cache"), owner.lc.key("cache")[1])
        offset = lines.offset(ci_yaml.entry_end(lines, key0, key_col))
        block_text = f"{' ' * key_col}variables:\n{' ' * (key_col + step)}{POETRY_CACHE_VARIABLE}"
        if parent is doc:
            block_text = "\n" + block_text
        edit = Edit(offset, offset, ci_yaml.whole_line(lines, offset, block_text), "P2M173", lines.line_of(offset))
    result.rules.append("P2M173")
    return [edit]


def _variable(block, name: str) -> str | None:  # type: ignore[no-untyped-def]
    """A variable's value in a ``variables:`` block (``NAME: value`` or ``NAME: {value: …}``)."""
    value = block.get(name) if isinstance(block, dict) else None
    if isinstance(value, dict):
        value = value.get("value")
    return None if value is None else str(value)


def _in_project(value: str | None) -> str | None:
    """The folder a ``$CI_PROJECT_DIR/...`` value names, as the cache's ``paths`` name it."""
    for prefix in ("$CI_PROJECT_DIR/", "${CI_PROJECT_DIR}/"):
        if value and value.startswith(prefix):
            return _normal(value[len(prefix):])
    return None


def _normal(path: object) -> str:
    text = str(path).strip()
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/")


def _step(mapping, col: int) -> int:  # type: ignore[no-untyped-def]
    """The file's indentation step, from a block mapping's first child (2 when it has none)."""
    if isinstance(mapping, list) and mapping:
        mapping = mapping[0]
    if isinstance(mapping, dict) and mapping:
        child_col = mapping.lc.key(next(iter(mapping)))[1]
        if child_col > col:
            return child_col - col
    return 2


def _next_top(lines: Lines, start0: int) -> int:
    n = start0 + 1
    while n < len(lines.starts):
        raw = lines.line(n)
        if raw and not raw[0].isspace() and not raw.startswith("#"):
            return n
        n += 1
    return n

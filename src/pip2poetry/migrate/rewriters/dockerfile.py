"""Dockerfiles (any name, ``Containerfile`` too): the Docker page's recipe, in place.

Poetry goes into its own virtual environment (``/opt/poetry``) before the first install;
``COPY requirements…`` becomes ``COPY pyproject.toml poetry.lock ./``; each
``pip install -r`` becomes ``poetry sync --only main --no-root`` (``pip install .``:
without ``--no-root``); the project's ``.venv`` goes on ``PATH`` after the last install,
so ``CMD``, ``ENTRYPOINT`` and later ``RUN python …`` use it unchanged. Instructions are
found with dockerfile-parse; the edits touch only the instructions they rewrite.
"""

from __future__ import annotations

import io
import re

from pip2poetry.migrate import recipes
from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters.base import Invalid, Result, apply, mentions_pip_era
from pip2poetry.migrate.shell import Shell, Unit
from pip2poetry.migrate.yaml_scripts import Lines

KINDS = ("dockerfile",)
PAGE = ("how-to/build-docker-images-for-a-poetry-project", "docker-multi-stage")
INSTRUCTIONS = {
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
    "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "COMMENT",
}  # fmt: skip
_LAYOUT_FLAGS = re.compile(r"(?:^|\s)--?(?:user|prefix|target|root|t)\b(?:[=\s]|$)")


def _instructions(text: str) -> list[dict]:
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    return parser.structure


def check(rel: str, text: str) -> None:
    try:
        structure = _instructions(text)
    except Exception as e:  # dockerfile-parse raises plain exceptions
        raise Invalid(1, f"dockerfile-parse cannot read the result: {e}") from None
    if not any(i["instruction"] == "FROM" for i in structure):
        raise Invalid(1, "no FROM instruction in the result")


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    if not mentions_pip_era(text):
        return result
    try:
        structure = _instructions(text)
    except Exception as e:
        result.findings.append(Finding(rel, 1, "P2M170", f"dockerfile-parse cannot read this Dockerfile ({e}); left as it is"))
        return result
    for ins in structure:
        if ins["instruction"].upper() not in INSTRUCTIONS:
            result.findings.append(Finding(rel, ins["startline"] + 1, "P2M000",
                                           f"{ins['instruction']} is not a Dockerfile instruction: the file is left as it is", bad_input=True))
            return result
    lines = Lines(text)
    edits: list[Edit] = []
    stage_image = ""
    workdir = "/"
    unit = Unit(tools_after_install=False)
    inserted_poetry = "POETRY_HOME" in text
    copied = False
    last_install_end: int | None = None
    env_path_done = ".venv/bin" in text
    pending: list[Edit] = []
    for ins in structure:
        kind = ins["instruction"].upper()
        start = lines.offset(ins["startline"])
        end = lines.offset(ins["endline"] + 1)
        raw = text[start:end]
        if kind == "FROM":
            if last_install_end is not None and not env_path_done:
                pending.append(Edit(last_install_end, last_install_end, f'ENV PATH="{_venv(workdir)}/bin:$PATH"\n', "P2M170", lines.line_of(last_install_end)))
            stage_image = ins["value"].split()[0] if ins["value"] else ""
            workdir = "/"
            unit = Unit(tools_after_install=False)
            inserted_poetry = "POETRY_HOME" in text and inserted_poetry
            copied = False
            last_install_end = None
            continue
        if kind == "WORKDIR":
            value = ins["value"].strip().strip("\"'")
            workdir = value if value.startswith("/") or value.startswith("$") else (workdir.rstrip("/") + "/" + value)
            continue
        if kind in ("COPY", "ADD"):
            words = [w for w in ins["value"].split() if not w.startswith("--")]
            sources = words[:-1]
            if sources and all(_is_dependency_file(plan, rel, s) for s in sources):
                # The lock is copied after Poetry is installed (the Docker page's order):
                # a new lock then does not reinstall Poetry, and no two RUNs follow each other.
                pending.append(Edit(start, end, "", "P2M170", ins["startline"] + 1))
            elif any(s in (".", "./") for s in sources):
                copied = True
            continue
        if kind != "RUN":
            continue
        keyword = re.match(r"^\s*RUN\s+", raw, re.I)
        body = raw[keyword.end():] if keyword else ""
        if not body or not re.search(r"\bpip\b|setup\.py|pipenv|pip-sync|poetry", body):
            continue
        if body.lstrip().startswith("[") or body.lstrip().startswith("<<"):
            if re.search(r"\bpip\b.*\binstall\b", body):
                result.findings.append(Finding(rel, ins["startline"] + 1, "P2M170",
                                               "RUN in exec or here-document form installs with pip: left as it is; rewrite it as the Docker page shows"))
            continue
        if _LAYOUT_FLAGS.search(body) and re.search(r"\bpip\b.*\binstall\b", body):
            result.findings.append(Finding(rel, ins["startline"] + 1, "P2M170",
                                           "pip installs into a layout of its own (--user, --prefix or --target) that other instructions rely on: "
                                           "left as it is; rebuild the stage as the Docker page's multi-stage recipe shows"))
            _keep_all(plan, rel, body, ins["startline"] + 1)
            continue
        shell = Shell(plan, rel, "docker", poetry=recipes.DOCKER_POETRY_COMMAND)
        offset = start + keyword.end()
        script = text[offset:end]
        found = shell.rewrite(script, unit, line_of=lambda o, base=offset: lines.line_of(base + o))
        result.findings += shell.findings
        if not found:
            continue
        if shell.poetry_needed and "python" not in stage_image.lower():
            result.findings.append(Finding(rel, ins["startline"] + 1, "P2M170",
                                           f"the stage starts FROM {stage_image or 'an image'} and installs into its system Python: "
                                           "left as it is; start from a python image as the Docker page does"))
            _keep_all(plan, rel, body, ins["startline"] + 1)
            continue
        if shell.poetry_needed and not inserted_poetry:
            block = recipes.DOCKER_POETRY + ("" if copied else recipes.DOCKER_COPY)
            copied = True
            pending.append(Edit(start, start, block, "P2M170", ins["startline"] + 1))
            inserted_poetry = True
        elif shell.poetry_needed and not copied:
            pending.append(Edit(start, start, recipes.DOCKER_COPY, "P2M170", ins["startline"] + 1))
            copied = True
        if shell.poetry_needed and "target=/root/.cache/pypoetry" not in body:
            pending.append(Edit(offset, offset, recipes.DOCKER_POETRY_CACHE, "P2M170", ins["startline"] + 1))
        edits += [Edit(offset + e.start, offset + e.end, e.new, e.rule, e.line) for e in found]
        result.rules += shell.rules
        if shell.poetry_needed:
            last_install_end = end
    if last_install_end is not None and not env_path_done:
        pending.append(Edit(last_install_end, last_install_end, f'ENV PATH="{_venv(workdir)}/bin:$PATH"\n', "P2M170", lines.line_of(last_install_end)))
    if not edits:
        return result
    edits += pending
    result.rules.append("P2M170")
    result.text = apply(text, edits)
    return result


def _venv(workdir: str) -> str:
    return (workdir.rstrip("/") or "") + "/.venv"


def _is_dependency_file(plan: Plan, rel: str, source: str) -> bool:
    source = source.strip("\"'")
    if source.startswith("./"):
        source = source[2:]
    import posixpath

    base = posixpath.dirname(rel)
    for candidate in (posixpath.normpath(source), posixpath.normpath(posixpath.join(base, source)) if base else None):
        if candidate and (candidate in plan.groups or candidate in plan.retiring):
            return True
        if candidate and any(g.startswith(candidate.rstrip("/") + "/") for g in plan.groups) and candidate.rstrip("/").split("/")[-1] == "requirements":
            return True  # COPY requirements/ requirements/
    return False


def _keep_all(plan: Plan, rel: str, body: str, line: int) -> None:
    files = re.findall(r"(?:-r|--requirement)[\s=]+[\"']?([^\s\"';&|]+)", body)
    plan.keep_for(files, rel, line)

"""Which file installs, constrains or names which dependency file, on which line, in
which job. Read from the text only, line by line: the consumers' own parsers (YAML,
Dockerfile, shell) come in when a file is rewritten, in :mod:`pip2poetry.migrate`."""

from __future__ import annotations

import posixpath
import re

from pip2poetry.discovery import File, Install, Tree
from pip2poetry.discovery.kinds import kind_of

_OPTION = re.compile(r"""(?:^|[\s"'(,\[])(?P<opt>-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s=-]))["']?(?P<path>[^\s"',)\]]+)""")
_NOX = re.compile(r"""["'](?P<opt>-r|-c|--requirement|--constraint)["']\s*,\s*["'](?P<path>[^"']+)["']""")
_RTD = re.compile(r"^\s*-?\s*requirements:\s*[\"']?(?P<path>[^\s\"'#]+)")
_PIP_TOOLS = re.compile(r"\bpip-(?:sync|compile)\b(?P<args>[^;&|#\n]*)")
_COPY = re.compile(r"^\s*(?:COPY|ADD)\s+(?P<args>.+)$", re.I)
_COMMENT = {"dockerfile": "#", "makefile": "#", "shell": "#", "tox": "#", "readthedocs": "#"}


def looks_like_requirements(path: str) -> bool:
    """What follows -r names a requirements file, not a folder (``cp -r src dest``)."""
    name = path.rstrip("/").rsplit("/", 1)[-1].lower()
    return name.endswith((".txt", ".in", ".pip")) or "requirements" in name


def _resolve(tree: Tree, source: str, raw: str, relative_to_source: bool) -> str:
    """The repository path of a file named in ``source``: relative to ``source``'s folder
    (pip's rule for -r inside a requirements file; Makefiles and tox run in theirs), else
    to the repository's top, where CI jobs and most scripts run."""
    raw = raw.strip().strip("\"'")
    if raw.startswith("./"):
        raw = raw[2:]
    here = posixpath.dirname(source)
    candidates = [posixpath.normpath(posixpath.join(here, raw))] if here else []
    candidates.append(posixpath.normpath(raw))
    if not relative_to_source:
        candidates.reverse()
    known = {f.rel for f in tree.files}
    for c in candidates:
        if c in known:
            return c
    if raw.startswith("/"):
        return raw  # an absolute path in an image or on a runner
    return candidates[0]


def _contexts(kind: str, text: str) -> list[str]:
    """The job, target, environment or stage each line belongs to (index = line - 1)."""
    lines = text.splitlines()
    out = [""] * len(lines)
    current = ""
    if kind in ("github-actions", "circleci"):
        jobs_indent = None
        job_indent = None
        for i, line in enumerate(lines):
            stripped = line.strip()
            indent = len(line) - len(line.lstrip())
            if stripped and not stripped.startswith("#"):
                if jobs_indent is not None and indent <= jobs_indent:
                    jobs_indent = job_indent = None
                    current = ""
                if re.match(r"^jobs:\s*(#.*)?$", stripped):
                    jobs_indent = indent
                elif jobs_indent is not None and (job_indent is None or indent == job_indent) and re.match(r"^[\w.-]+:\s*(#.*)?$", stripped):
                    job_indent = indent
                    current = stripped.split(":")[0]
            out[i] = current
    elif kind == "gitlab-ci":
        for i, line in enumerate(lines):
            if line and not line[0].isspace() and not line.startswith("#") and ":" in line:
                current = line.split(":")[0].strip().strip("\"'")
            out[i] = current
    elif kind == "makefile":
        for i, line in enumerate(lines):
            m = re.match(r"^([A-Za-z0-9_.%/ -]+?)\s*::?(?!=)", line)
            if m and not line.startswith("\t"):
                current = m.group(1).strip()
            out[i] = current
    elif kind == "tox":
        for i, line in enumerate(lines):
            m = re.match(r"^\[([^\]]+)\]", line)
            if m:
                current = m.group(1).strip()
            out[i] = current
    elif kind == "dockerfile":
        for i, line in enumerate(lines):
            m = re.match(r"^\s*FROM\s+\S+(?:\s+AS\s+(\S+))?", line, re.I)
            if m:
                current = (m.group(1) or "").lower()
            out[i] = current
    return out


def find(tree: Tree) -> None:
    known = {f.rel for f in tree.files}
    named = [  # the dependency files a README or a tool's config may name, with their pattern
        (dep.rel, re.compile(rf"(?<![\w./-]){re.escape(dep.rel)}(?![\w-])"))
        for dep in tree.dependency_files if dep.kind not in ("pyproject", "poetry-lock")
    ]  # fmt: skip
    for f in list(tree.files):
        text = tree.text(f.rel)
        if text is None:
            continue
        kind = f.kind
        in_requirements = kind in ("requirements", "pip-tools-in")
        if not in_requirements and kind in ("pipfile", "pipfile-lock", "setup.py", "setup.cfg", "pyproject", "poetry-lock", "conda", "notebook"):
            continue
        contexts = _contexts(kind, text)
        relative = in_requirements or kind in ("makefile", "tox", "nox")
        for number, line in enumerate(text.splitlines(), start=1):
            context = contexts[number - 1] if number - 1 < len(contexts) else ""
            code = line
            if in_requirements:
                if "#" in line:
                    code = re.sub(r"(^|\s)#.*$", "", line)
            elif kind in _COMMENT and line.lstrip().startswith("#"):
                continue
            pattern = _NOX if kind == "nox" else _OPTION
            for m in pattern.finditer(code) if ("-r" in code or "-c" in code) else ():
                raw = m.group("path")
                if "$" in raw or "{" in raw or "%" in raw or not looks_like_requirements(raw):
                    continue  # a variable (resolved, if at all, by that file's rewriter), or `cp -r src`
                how = "-c" if m.group("opt") in ("-c", "--constraint") else "-r"
                tree.installs.append(Install(f.rel, number, _resolve(tree, f.rel, raw, relative), how, context))
            if in_requirements:
                continue
            if kind == "readthedocs" and "requirements" in line and (m := _RTD.match(line)):
                tree.installs.append(Install(f.rel, number, _resolve(tree, f.rel, m.group("path"), False), "requirements", "docs"))
            for m in _PIP_TOOLS.finditer(code) if "pip-" in code else ():
                for word in m.group("args").split():
                    if word.endswith((".txt", ".in")) and not word.startswith("-"):
                        tree.installs.append(Install(f.rel, number, _resolve(tree, f.rel, word, relative), "-r" if "sync" in m.group(0) else "names", context))
            if kind == "dockerfile" and (m := _COPY.match(line)):
                words = [w for w in m.group("args").split() if not w.startswith("--")]
                for word in words[:-1]:
                    target = _resolve(tree, f.rel, word, False)
                    if target in known and tree.kind(target) in ("requirements", "pip-tools-in", "pipfile", "pipfile-lock", "setup.py", "setup.cfg"):
                        tree.installs.append(Install(f.rel, number, target, "copy", context))
            if kind in ("renovate", "dependabot", "manifest-in", "pre-commit", "compose", "readme"):
                for name, name_pattern in named:
                    if name in line and name_pattern.search(line):
                        tree.installs.append(Install(f.rel, number, name, "names", context))
    _add_included(tree)


def _add_included(tree: Tree) -> None:
    """A file that something installs with -r is a dependency file, whatever its name
    (``development.txt``): read it and what it includes in turn."""
    from pip2poetry.discovery.walk import Unreadable, read_text
    import os

    known = {f.rel for f in tree.files}
    queue = sorted((i for i in tree.installs if i.how in ("-r", "-c", "requirements")), key=lambda i: i.how == "-c")
    while queue:
        install = queue.pop(0)
        rel = install.target
        if rel in known and tree.kind(rel) == "readme" and rel.endswith(".txt"):
            # DEVELOPMENT.txt looked like prose by its name; pip installs it: requirements.
            tree.files = [f for f in tree.files if f.rel != rel]
            tree.installs = [i for i in tree.installs if i.source != rel]
            known.discard(rel)
        if rel in known or install.outside or rel.startswith("/"):
            continue
        path = os.path.join(tree.root, rel)
        if not os.path.isfile(path):
            continue
        if kind_of(rel) not in (None, "requirements", "pip-tools-in", "readme"):
            continue
        known.add(rel)
        try:
            text = read_text(path, rel)
        except Unreadable as e:
            tree.errors.append((e.where, e.message))
            continue
        tree._texts[rel] = text
        constraints = all(i.how == "-c" for i in tree.installs if i.target == rel)
        tree.files.append(File(rel, "constraints" if constraints else "pip-tools-in" if rel.endswith(".in") else "requirements"))
        before = len(tree.installs)
        for number, line in enumerate(text.splitlines(), start=1):
            code = re.sub(r"(^|\s)#.*$", "", line)
            for m in _OPTION.finditer(code):
                raw = m.group("path")
                if "$" in raw or not looks_like_requirements(raw):
                    continue
                how = "-c" if m.group("opt") in ("-c", "--constraint") else "-r"
                tree.installs.append(Install(rel, number, _resolve(tree, rel, raw, True), how, ""))
        queue += tree.installs[before:]

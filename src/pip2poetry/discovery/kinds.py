"""What a file is, from its path (and, for scripts without a suffix, its first line)."""

from __future__ import annotations

import re

REQUIREMENTS_TXT = re.compile(r"^(?:.*[-_.])?requirements(?:[-_.].*)?\.txt$", re.I)
REQUIREMENTS_IN = re.compile(r"^(?:.*[-_.])?requirements(?:[-_.].*)?\.in$", re.I)
_DOCKERFILE = re.compile(r"^(?:Dockerfile|Containerfile)(?:[.-].*)?$|.*\.(?:dockerfile|containerfile)$", re.I)
_COMPOSE = re.compile(r"^(?:docker-)?compose(?:[.-].*)?\.ya?ml$", re.I)
_MAKEFILE = re.compile(r"^(?:GNUmakefile|[Mm]akefile|.*\.mk)$")
_README = re.compile(r"^(?:README|CONTRIBUTING|INSTALL|HACKING|DEVELOPMENT|DEVELOPING)(?:\.(?:md|markdown|rst|txt))?$", re.I)
_DOC_PAGE = re.compile(r".*\.(?:md|markdown|rst)$", re.I)
_RENOVATE = {"renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"}
_SHELL_SUFFIX = re.compile(r".*\.(?:sh|bash)$")
SHEBANG = re.compile(rb"^#!\s*(?:/usr/bin/env\s+)?(?:/\S*/)?(?:ba|da|z|k)?sh\b")

#: folders whose files are never read: tools' environments, caches and build output
SKIPPED_FOLDERS = {
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", "_build",
    "build", "dist", ".cache", ".idea", ".vscode", ".poetry",
}  # fmt: skip


def kind_of(rel: str, first_line: bytes | None = None) -> str | None:
    """The kind of the file at ``rel`` (with "/"), or None when it is neither a dependency
    file nor a consumer. ``first_line`` decides for suffix-less scripts."""
    parts = rel.split("/")
    name = parts[-1]
    folder = "/".join(parts[:-1])
    top = len(parts) == 1
    if name == "Pipfile":
        return "pipfile"
    if name == "Pipfile.lock":
        return "pipfile-lock"
    if name in ("setup.py", "setup.cfg"):
        return name
    if name == "pyproject.toml":
        return "pyproject"
    if name == "poetry.lock":
        return "poetry-lock"
    if name in ("environment.yml", "environment.yaml", "conda.yml", "conda.yaml"):
        return "conda"
    if REQUIREMENTS_TXT.match(name) or (folder.split("/")[-1:] == ["requirements"] and name.endswith(".txt")):
        return "requirements"
    if REQUIREMENTS_IN.match(name) or (folder.split("/")[-1:] == ["requirements"] and name.endswith(".in")):
        return "pip-tools-in"
    if _DOCKERFILE.match(name):
        return "dockerfile"
    if _COMPOSE.match(name):
        return "compose"
    if folder == ".github/workflows" and name.endswith((".yml", ".yaml")):
        return "github-actions"
    if name in ("action.yml", "action.yaml") and (folder.startswith(".github/") or folder == ""):
        return "github-action"
    if name == ".gitlab-ci.yml" and top:
        return "gitlab-ci"
    if folder == ".circleci" and name in ("config.yml", "config.yaml"):
        return "circleci"
    if _MAKEFILE.match(name):
        return "makefile"
    if name == "tox.ini":
        return "tox"
    if name == "noxfile.py":
        return "nox"
    if name in (".readthedocs.yaml", ".readthedocs.yml", "readthedocs.yml", "readthedocs.yaml"):
        return "readthedocs"
    if name == ".pre-commit-config.yaml":
        return "pre-commit"
    if name in _RENOVATE and folder in ("", ".github", ".gitlab"):
        return "renovate"
    if name in ("dependabot.yml", "dependabot.yaml") and folder == ".github":
        return "dependabot"
    if name == "MANIFEST.in" and top:
        return "manifest-in"
    if name.endswith(".ipynb"):
        return "notebook"
    if _SHELL_SUFFIX.match(name):
        return "shell"
    if _README.match(name) or (parts[0] in ("docs", "doc") and _DOC_PAGE.match(name)):
        return "readme"
    if "." not in name and first_line is not None and SHEBANG.match(first_line):
        return "shell"
    return None


#: words in a requirements file's name (or its folder's) -> the dependency group
_GROUP_WORDS = (
    ("dev", "dev"), ("test", "test"), ("doc", "docs"), ("lint", "lint"), ("typing", "typing"),
)  # fmt: skip
_MAIN_WORDS = {"base", "main", "prod", "production", "runtime", "common", "requirements", "app", "install"}


def group_from_name(rel: str) -> str | None:
    """A requirements file's group from its name, then its folder: ``requirements-dev.txt``
    and ``requirements/development.txt`` are dev, ``docs/requirements.txt`` is docs."""
    parts = rel.lower().split("/")
    name = parts[-1]
    for word, group in _GROUP_WORDS:
        if word in name:
            return group
    for folder in reversed(parts[:-1]):
        if folder == "requirements":
            continue
        for word, group in _GROUP_WORDS:
            if word in folder:
                return group
    return None


_CONTEXT_WORDS = (
    ("doc", "docs"), ("sphinx", "docs"), ("mkdocs", "docs"), ("lint", "lint"), ("flake8", "lint"),
    ("ruff", "lint"), ("style", "lint"), ("pre-commit", "lint"), ("mypy", "typing"), ("type", "typing"),
)  # fmt: skip


def group_from_context(context: str, consumer_kind: str) -> str | None:
    """The group a job installs for: a docs build, a lint job. None: the main dependencies
    or every group (a test job, a Dockerfile, a developer's set-up)."""
    if consumer_kind == "readthedocs":
        return "docs"
    if consumer_kind == "pre-commit":
        return "lint"
    if consumer_kind in ("dockerfile", "compose"):
        return None
    words = context.lower()
    for word, group in _CONTEXT_WORDS:
        if word in words:
            return group
    return None

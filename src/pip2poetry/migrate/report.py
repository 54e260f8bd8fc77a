"""The Markdown report: ready to be the pull request's body."""

from __future__ import annotations

from pip2poetry import __version__
from pip2poetry.discovery import Tree
from pip2poetry.migrate.model import FileChange, Finding
from pip2poetry.migrate.translations import BY_ID, page_of

KIND_LABELS = {
    "pyproject": "Poetry project", "poetry-lock": "Poetry lock", "requirements": "requirements file", "pip-tools-in": "pip-tools input",
    "pipfile": "Pipfile", "pipfile-lock": "Pipfile.lock", "setup.py": "setup.py", "setup.cfg": "setup.cfg",
    "dockerfile": "Dockerfile", "github-actions": "GitHub Actions", "github-action": "GitHub Actions",
    "gitlab-ci": "GitLab CI", "circleci": "CircleCI", "makefile": "Makefile", "tox": "tox",
    "shell": "shell script", "readthedocs": "Read the Docs", "readme": "README and docs",
    "poetry-constraints": "Poetry's own pins",
}  # fmt: skip


def _label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _rules(rules: list[str]) -> str:
    shown = [r for r in rules if r in BY_ID]
    return ", ".join(f"`{r}`" for r in shown)


def link(page: str, base: str | None) -> str:
    """A guide page ("how-to/x#anchor"), as a Markdown link under ``base`` when given."""
    if not base:
        return page
    path, _, anchor = page.partition("#")
    return f"[{path}]({base.rstrip('/')}/{path}.html{'#' + anchor if anchor else ''})"


def render(tree: Tree, changes: list[FileChange], findings: list[Finding], import_notes: list[str],
           lock_summary: str | None, *, dry_run: bool, verification=None, base: str | None = None) -> str:  # type: ignore[no-untyped-def]
    todo = [f for f in findings if f.todo]
    info = [f for f in findings if not f.todo]
    lines = ["## Move to Poetry 2", ""]
    verb = "would change" if dry_run else "changed"
    lines.append(f"Made by `pip2poetry migrate` (pip2poetry {__version__}): {len(changes)} file{'s' if len(changes) != 1 else ''} {verb}, "
                 f"{len(todo)} item{'s' if len(todo) != 1 else ''} for a person.")
    lines += ["", "### What changed", "", "| File | Kind | Change | Rules |", "| --- | --- | --- | --- |"]
    order = list(KIND_LABELS)
    for c in sorted(changes, key=lambda c: (order.index(c.kind) if c.kind in order else len(order), c.rel)):
        if c.after is None:
            what = "removed: the lock replaces it"
        elif c.rel == "poetry.lock":
            what = "written by the import: every version as it runs today"
        elif c.kind == "poetry-constraints":
            what = "created: Poetry's own dependencies pinned, for the recipes that install Poetry"
        elif c.before is None:
            what = "created by the import"
        elif c.rel == "pyproject.toml":
            what = "dependencies written by the import"
        else:
            what = "rewritten"
        lines.append(f"| `{c.rel}` | {_label(c.kind)} | {what} | {_rules(c.rules)} |")
    if dry_run and any(c.rel == "pyproject.toml" for c in changes):
        lines.append("| `poetry.lock` | Poetry lock | not in a dry run: the lock is written by the real run | |")
    lines += ["", "### Needs a person", ""]
    if todo:
        for f in todo:
            lines.append(f"- `{f.location}` ({f.rule}): {f.message} ({link(page_of(f.rule), base)})")
    else:
        lines.append("Nothing: every line that installed the old way was rewritten.")
    if info:
        lines += ["", "Worth knowing:", ""]
        lines += [f"- `{f.location}` ({f.rule}): {f.message}" for f in info]
    lines += ["", "### Verification", ""]
    if dry_run:
        lines.append("Dry run: nothing was written, and nothing was locked or run.")
    else:
        if lock_summary:
            lines.append(f"- The import: {lock_summary}")
        lines.append("- Every rewritten file was read back by its format's parser before anything was written.")
        if verification is not None:
            lines += verification.lines()
    if import_notes:
        lines += ["", "<details><summary>The import's notes</summary>", ""]
        lines += [f"- {n}" for n in import_notes]
        lines += ["", "</details>"]
    pages = []
    for c in changes:
        for r in c.rules:
            if r in BY_ID and page_of(r).split("#")[0] not in pages:
                pages.append(page_of(r).split("#")[0])
    if pages:
        lines += ["", "### Read", ""]
        lines += [f"- {link(p, base)}" for p in pages]
    return "\n".join(lines) + "\n"


def nothing(tree: Tree, findings: list[Finding]) -> str:
    if not findings:
        return ""
    lines = ["Nothing to migrate. Items for a person:", ""]
    lines += [f"- `{f.location}` ({f.rule}): {f.message} ({page_of(f.rule)})" for f in findings]
    return "\n".join(lines) + "\n"

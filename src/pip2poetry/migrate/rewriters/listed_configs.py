"""Configurations that name a dependency file or install without a shell: Renovate,
Dependabot, ``MANIFEST.in``, pre-commit, compose files, nox sessions and notebooks.
They are not rewritten: each line that names a file the change removes, or installs with
pip, is listed with ``path:line`` and what a person should do."""

from __future__ import annotations

import re

from pip2poetry.migrate.model import Finding, Plan
from pip2poetry.migrate.rewriters.base import Result

KINDS = ("renovate", "dependabot", "manifest-in", "pre-commit", "compose", "nox", "notebook")
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-what-needs-a-person")
_INSTALLS = re.compile(r"\bpip3?\b[^\n]*\binstall\b|session\.install\(|\bsetup\.py\b|\bpipenv\b")
_ADVICE = {
    "renovate": "Renovate's pep621 and poetry managers read pyproject.toml and poetry.lock: drop the requirements settings",
    "dependabot": "Dependabot's pip ecosystem reads pyproject.toml and poetry.lock: point its directory at them",
    "manifest-in": "Poetry builds from pyproject.toml (include/exclude there): MANIFEST.in is no longer read",
    "pre-commit": "install the hook's dependencies from the lock, or use Poetry's own hooks (how-to/add-pre-commit-hooks-for-poetry)",
    "compose": "the image installs with Poetry now: drop the install from the service's command",
    "nox": "let Poetry install the lock: session.run_install('poetry', 'sync', external=True) (how-to/run-tox-and-nox-with-poetry)",
    "notebook": "a notebook installs with pip: use the project's Poetry environment as its kernel",
}


def check(rel: str, text: str) -> None:
    return None  # nothing is rewritten


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    kind = plan.tree.kind(rel) or ""
    advice = _ADVICE.get(kind, "")
    reported: set[int] = set()
    for install in plan.tree.installs:
        if install.source != rel or (install.target not in plan.groups and install.target not in plan.retiring):
            continue
        if install.line in reported:
            continue
        reported.add(install.line)
        result.findings.append(Finding(rel, install.line, "P2M190", f"names {install.target}, which the change removes: {advice}"))
    if kind in ("nox", "compose", "pre-commit", "notebook"):
        for number, line in enumerate(text.splitlines(), start=1):
            if number not in reported and _INSTALLS.search(line) and not line.lstrip().startswith("#"):
                result.findings.append(Finding(rel, number, "P2M190", f"installs with pip: {advice}"))
    if kind == "renovate" and "pip_requirements" in text:
        number = text[: text.index("pip_requirements")].count("\n") + 1
        if number not in reported:
            result.findings.append(Finding(rel, number, "P2M190", f"the pip_requirements manager: {advice}"))
    return result

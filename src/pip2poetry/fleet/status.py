"""Where one repository stands in a rollout: the one definition the survey's progress table
and the autofixer's choice of repositories share.

A repository is **done** when every project in it is a Poetry 2 project, ``pip2poetry
lint`` finds nothing in its ``pyproject.toml``, and no file in it installs the old way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from pip2poetry.fleet.state import Entry
from pip2poetry.survey.inventory import GUIDE, SEVERAL_PACKAGES_GUIDE, Repository
from pip2poetry.survey.report import guide_link

#: in the order the progress table shows them
STATUSES = ("done", "pull-request-open", "to-migrate", "needs-a-person", "skipped")
LABELS = {
    "done": "Done",
    "pull-request-open": "Pull request open",
    "to-migrate": "To migrate",
    "needs-a-person": "Needs a person",
    "skipped": "Skipped",
}
#: starting points migrate does not move on its own; the status names the survey's page for
#: each (GUIDE), as the survey's report does
FOR_A_PERSON = {
    "poetry-1": "a Poetry 1.x project",
    "notebooks": "notebooks",
    "conda": "a conda environment",
    "unknown": "a dependency file that cannot be read",
}


@dataclass
class Status:
    status: str  # one of STATUSES
    reason: str = ""  # one line, for every status but done and to-migrate
    guide: str = ""  # the guide page that says what to do, as in inventory.GUIDE ("" for none)

    def text(self, base: str | None = None) -> str:
        """The reason with its page, as the survey's report names pages: ``REASON: see
        how-to/page``, or a link under ``base`` (``--guide-url``)."""
        if not self.guide:
            return self.reason
        return f"{self.reason}: see {guide_link(self.guide, base)}"


def lint_problem(root: str) -> str:
    """'' when lint finds nothing in root's pyproject.toml, else the first finding."""
    from pip2poetry.lint import InputError, lint_file

    path = os.path.join(root, "pyproject.toml")
    try:
        result = lint_file(path, fix=False)
    except InputError as e:
        return str(e)
    if result.findings:
        line, col, code, message = result.findings[0]
        more = len(result.findings) - 1
        return f"pyproject.toml:{line}:{col}: {code} {message}" + (f" (and {more} more)" if more else "")
    return ""


#: one survey row (one project) and the folder it describes
Project = tuple[Repository, str]


def not_done(projects: list[Project]) -> str:
    """'' when the repository is done, else why not (one line)."""
    for row, _folder in projects:
        if row.starting_point != "poetry-2":
            return f"starting point {row.starting_point}"
        if row.consumers:
            rel, _kind, lines = row.consumers[0]
            return f"{rel}:{lines[0]} still installs the old way"
    for _row, folder in projects:
        if problem := lint_problem(folder):
            return problem
    return ""


def classify(projects: list[Project], entry: Entry | None, skipped: str | None, *, in_clone: bool = False) -> Status:
    """``projects``: the survey's rows for one repository (several for a monorepo);
    ``skipped``: the team's reason when the skip list names it; ``in_clone``: the clone
    already holds the commit the state entry recorded."""
    if skipped is not None:
        return Status("skipped", skipped or "on the team's skip list")
    if not not_done(projects):
        return Status("done")
    if entry is not None and entry.outcome == "pull-request-open":
        return Status("pull-request-open", entry.message)
    if entry is not None and entry.outcome == "merged" and not in_clone:
        return Status("pull-request-open", "merged; run all-repos-clone to fetch it")
    if entry is not None and entry.outcome == "failed":
        return Status("needs-a-person", entry.message)
    rows = [row for row, _folder in projects]
    for row in rows:
        if row.errors:
            where, message = row.errors[0]
            return Status("needs-a-person", f"{where}: {message}" if where else message)
    if len(rows) > 1:
        return Status("needs-a-person", f"{len(rows)} projects in one repository (migrate moves one at a time)",
                      SEVERAL_PACKAGES_GUIDE)
    points = {row.starting_point for row in rows}
    for point, reason in FOR_A_PERSON.items():
        if point in points:
            return Status("needs-a-person", reason, GUIDE[point])
    if points == {"none"}:
        return Status("skipped", "no Python dependency files")
    if entry is not None and entry.outcome == "merged":
        return Status("needs-a-person", f"merged, and not done: {not_done(projects)}")
    if points == {"poetry-2"} and not any(row.consumers for row in rows):
        # Nothing for migrate to move: only what lint finds, which lint --fix rewrites
        return Status("needs-a-person", f"{not_done(projects)} (pip2poetry lint --fix rewrites carets and bounds)")
    return Status("to-migrate")

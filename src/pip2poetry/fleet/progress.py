"""The inventory of what all-repos cloned, each repository's status, and the progress per
owner that ``pip2poetry survey --by-owner`` prints."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from dataclasses import dataclass, field

from pip2poetry.fleet import state as state_mod
from pip2poetry.fleet.status import LABELS, STATUSES, Project, Status, classify
from pip2poetry.survey.inventory import Repository
from pip2poetry.survey.report import guide_link

NO_OWNER = "(no owner)"


class FleetError(Exception):
    """Bad input for the whole run (the configuration): one line, exit status 2."""


# -- all-repos' configuration ------------------------------------------------------------------
def load_config(filename: str):  # type: ignore[no-untyped-def]
    """all-repos' own ``load_config``, with its failures as one line each."""
    from all_repos.config import load_config as all_repos_load_config

    try:
        mode = os.stat(filename).st_mode
    except FileNotFoundError:
        raise FleetError(f"{filename}: no such all-repos configuration (give one with -C/--config-filename)") from None
    except OSError as e:
        raise FleetError(f"{filename}: cannot read: {e.strerror}") from None
    if not stat.S_ISREG(mode):
        raise FleetError(f"{filename}: not a file (give an all-repos configuration)")
    if mode & 0o077:
        # all-repos refuses it too; the file can hold an API key
        raise FleetError(f"{filename}: readable by others (mode 0o{mode & 0o777:o}); an all-repos configuration "
                         f"can hold an API key: run chmod 600 {filename}")
    try:
        with open(filename, "rb") as f:
            data = f.read()
        text = data.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError as e:
        raise FleetError(f"{filename}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    except json.JSONDecodeError as e:
        raise FleetError(f"{filename}:{e.lineno}:{e.colno}: not JSON: {e.msg}") from None
    except OSError as e:
        raise FleetError(f"{filename}: cannot read: {e.strerror}") from None
    try:
        return all_repos_load_config(filename)
    except SystemExit as e:  # all-repos' own one-line refusals
        raise FleetError(f"{filename}: {e.code}") from None
    except KeyError as e:
        raise FleetError(f"{filename}: not an all-repos configuration: no {e.args[0]!r} setting") from None
    except (ImportError, TypeError, ValueError) as e:
        raise FleetError(f"{filename}: not an all-repos configuration: {e}") from None


def cloned(config) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """all-repos name -> the folder all-repos-clone made for it."""
    return cloned_in(config.output_dir)


def cloned_in(output_dir: str) -> dict[str, str]:
    """The same, from all-repos' output folder alone (its repos_filtered.json)."""
    listing = os.path.join(output_dir, "repos_filtered.json")
    try:
        with open(listing, encoding="utf-8") as f:
            names = json.load(f)
    except FileNotFoundError:
        raise FleetError(f"{listing}: not found: run all-repos-clone first") from None
    except json.JSONDecodeError as e:
        raise FleetError(f"{listing}:{e.lineno}:{e.colno}: not JSON: {e.msg}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise FleetError(f"{listing}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    if not isinstance(names, dict):
        raise FleetError(f"{listing}: not all-repos' list of clones (a JSON object of name -> remote)")
    return {name: os.path.join(output_dir, name) for name in sorted(names)}


def clones_of(given: str) -> tuple[dict[str, str], str]:
    """``--all-repos``: a configuration, or the output folder all-repos cloned into; the
    clones and the state folder that goes with them (beside the configuration)."""
    from pip2poetry.fleet import state

    if os.path.isdir(given):
        return cloned_in(given), os.path.join(os.path.dirname(os.path.abspath(given)), "pip2poetry-state")
    return cloned(load_config(given)), state.default_dir(given)


def load_skip(filename: str | None) -> dict[str, str]:
    """The team's skip list: one repository name a line, '# why' after it."""
    if not filename:
        return {}
    try:
        with open(filename, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise FleetError(f"{filename}: cannot read the skip list: {getattr(e, 'strerror', None) or e}") from None
    skipped = {}
    for raw in lines:
        name, _, why = raw.partition("#")
        if name.strip():
            skipped[name.strip()] = why.strip()
    return skipped


# -- The survey of the clones -----------------------------------------------------------------
@dataclass
class RepositoryStatus:
    name: str
    folder: str
    projects: list[Project]
    status: Status
    owners: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[Repository]:
        return [row for row, _ in self.projects]


def survey_folder(name: str, folder: str) -> list[Project]:
    """The survey's rows for one clone, named after the all-repos name."""
    from pip2poetry.survey import inventory

    given = os.path.normpath(folder)
    projects = []
    for row in inventory.survey([folder]):
        sub = row.name[len(given):].lstrip("/") if row.name.startswith(given) else ""
        row.name = f"{name}/{sub}" if sub else name
        if hasattr(row, "group"):
            row.group = name
        projects.append((row, os.path.join(folder, sub) if sub else folder))
    return projects


def clone_problem(folder: str) -> str:
    """'' when ``folder`` is a clone with a checked-out commit, else what is wrong. Read
    from .git's files, without running git: the survey of a whole fleet calls it."""
    git_dir = os.path.join(folder, ".git")
    if not os.path.isdir(folder):
        return f"{folder}: not cloned: run all-repos-clone"
    if not os.path.isdir(git_dir):
        return f"{folder}: not a git clone (all-repos-clone makes one per repository)"
    try:
        with open(os.path.join(git_dir, "HEAD"), encoding="utf-8") as f:
            head = f.read().strip()
        if head.startswith("ref: "):
            ref = head[len("ref: "):]
            if not os.path.exists(os.path.join(git_dir, ref)):
                packed = os.path.join(git_dir, "packed-refs")
                with open(packed, encoding="utf-8") if os.path.exists(packed) else io.StringIO() as f:
                    if not any(line.rstrip().endswith(" " + ref) for line in f):
                        return f"{folder}: all-repos-clone fetched nothing (is the remote reachable?)"
    except (OSError, UnicodeDecodeError) as e:
        return f"{folder}: cannot read the clone: {e}"
    return ""


def _holds(folder: str, commit: str) -> bool:
    import subprocess

    if not commit:
        return False
    result = subprocess.run(["git", "-C", folder, "merge-base", "--is-ancestor", commit, "HEAD"],
                            capture_output=True, text=True, check=False)
    return result.returncode == 0


def statuses(repositories: dict[str, str], entries: dict[str, state_mod.Entry], skipped: dict[str, str]) -> list[RepositoryStatus]:
    out = []
    for name, folder in repositories.items():
        entry = entries.get(name)
        problem = clone_problem(folder)
        projects = [] if problem else survey_folder(name, folder)
        if not projects:
            status = Status("needs-a-person", entry.message if entry and entry.outcome == "failed" else problem)
        else:
            in_clone = entry is not None and entry.outcome == "merged" and _holds(folder, entry.commit)
            status = classify(projects, entry, skipped.get(name), in_clone=in_clone)
        owners = projects[0][0].owners if projects else []
        out.append(RepositoryStatus(name, folder, projects, status, list(owners)))
    return out


# -- Progress per owner -----------------------------------------------------------------------
def by_owner(repositories: list[RepositoryStatus]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for repository in repositories:
        for owner in repository.owners or [NO_OWNER]:
            row = counts.setdefault(owner, dict.fromkeys(STATUSES, 0))
            row[repository.status.status] += 1
    return dict(sorted(counts.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0].lower())))


def _totals(repositories: list[RepositoryStatus]) -> dict[str, int]:
    total = dict.fromkeys(STATUSES, 0)
    for repository in repositories:  # a repository with two owners counts once here
        total[repository.status.status] += 1
    return total


def render(repositories: list[RepositoryStatus], fmt: str, base: str | None = None) -> str:
    """``base``: where the guide is published (``--guide-url``), for the reasons' pages."""
    counts = by_owner(repositories)
    return {"table": _table, "csv": _csv, "json": _json, "markdown": _markdown}[fmt](repositories, counts, base)


def _rows(counts: dict[str, dict[str, int]], repositories: list[RepositoryStatus]) -> list[tuple[str, ...]]:
    rows = [(owner, *(str(c[s]) for s in STATUSES), str(sum(c.values()))) for owner, c in counts.items()]
    total = _totals(repositories)
    rows.append(("All repositories", *(str(total[s]) for s in STATUSES), str(len(repositories))))
    return rows


HEADER = ("Owner", *(LABELS[s] for s in STATUSES), "Total")


#: a reason longer than this is cut in the table and the Markdown (JSON and the state keep it)
SHOWN_REASON = 160


def _short(status: Status, base: str | None) -> str:
    """The reason, cut, and its page, whole: a cut link would lead nowhere."""
    reason = status.reason if len(status.reason) <= SHOWN_REASON else status.reason[: SHOWN_REASON - 1].rstrip() + "…"
    return Status(status.status, reason, status.guide).text(base)


def _reasons(repositories: list[RepositoryStatus], base: str | None) -> list[str]:
    return [f"{r.name}: {LABELS[r.status.status].lower()}: {_short(r.status, base)}" for r in repositories
            if r.status.status in ("pull-request-open", "needs-a-person", "skipped") and r.status.reason]


def _table(repositories: list[RepositoryStatus], counts: dict[str, dict[str, int]], base: str | None) -> str:
    rows = _rows(counts, repositories)
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    out = [line(HEADER), *(line(r) for r in rows)]
    if reasons := _reasons(repositories, base):
        out += ["", *reasons]
    return "\n".join(out) + "\n"


def _markdown(repositories: list[RepositoryStatus], counts: dict[str, dict[str, int]], base: str | None) -> str:
    def cells(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(row) + " |"

    rows = _rows(counts, repositories)
    out = [cells(HEADER), "| " + " | ".join(["---"] + ["--:"] * (len(HEADER) - 1)) + " |"]
    out += [cells(r) if r[0] != "All repositories" else cells(("**All repositories**", *r[1:])) for r in rows]
    out += [""]
    for r in repositories:
        mark = "x" if r.status.status == "done" else " "
        why = f": {_short(r.status, base)}" if r.status.reason else ""
        owners = ", ".join(r.owners) or NO_OWNER
        out.append(f"- [{mark}] `{r.name}` ({owners}): {LABELS[r.status.status].lower()}{why}")
    return "\n".join(out) + "\n"


def _csv(repositories: list[RepositoryStatus], counts: dict[str, dict[str, int]], base: str | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["owner", *STATUSES, "total"])
    for owner, c in counts.items():
        writer.writerow([owner, *(c[s] for s in STATUSES), sum(c.values())])
    return buffer.getvalue()


def _json(repositories: list[RepositoryStatus], counts: dict[str, dict[str, int]], base: str | None) -> str:
    doc = {
        "owners": [{"owner": owner, **c, "total": sum(c.values())} for owner, c in counts.items()],
        "repositories": [
            {"repository": r.name, "owners": r.owners, "status": r.status.status, "reason": r.status.reason,
             "guide": guide_link(r.status.guide, base) or None, "projects": [row.name for row in r.rows]}
            for r in repositories
        ],
    }
    return json.dumps(doc, indent=2) + "\n"

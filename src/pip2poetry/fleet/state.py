"""What the autofixer did to each repository, kept between runs.

One small JSON file per repository in a state folder, written atomically: all-repos runs
the autofixer in several processes at once (``-j``), and one file each means no two
processes ever write the same file. The folder defaults to ``pip2poetry-state`` beside
the all-repos configuration, so the autofixer and ``pip2poetry survey --by-owner`` find
the same one without being told.
"""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from dataclasses import asdict, dataclass

#: what a run can record, and what it means for the repository
OUTCOMES = {
    "pull-request-open": "a pull request was opened; it is merged or closed by a person",
    "merged": "the change was pushed to the default branch (all-repos' merge_to_master)",
    "committed": "the change was committed in a temporary clone, not pushed (all-repos' readonly push)",
    "failed": "nothing was pushed; the message says why",
}

#: all-repos push modules whose push opens a pull request
PULL_REQUEST_PUSHES = {
    "all_repos.push.github_pull_request",
    "all_repos.push.gitlab_pull_request",
    "all_repos.push.azure_repos_pull_request",
    "all_repos.push.bitbucket_server_pull_request",
}
MERGING_PUSHES = {"all_repos.push.merge_to_master"}


@dataclass
class Entry:
    repository: str  # the all-repos name, e.g. "acme/billing-api"
    outcome: str  # one of OUTCOMES
    message: str  # one line
    commit: str = ""  # the commit made, when one was
    at: float = 0.0  # when, seconds since the epoch


def default_dir(config_filename: str) -> str:
    return os.path.join(os.path.dirname(os.path.abspath(config_filename)), "pip2poetry-state")


def _file(folder: str, repository: str) -> str:
    return os.path.join(folder, urllib.parse.quote(repository, safe="") + ".json")


def outcome_of_push(push_module: str) -> str:
    if push_module in PULL_REQUEST_PUSHES:
        return "pull-request-open"
    if push_module in MERGING_PUSHES:
        return "merged"
    return "committed"


def record(folder: str, entry: Entry) -> None:
    from pip2poetry.files import write_atomically

    os.makedirs(folder, exist_ok=True)
    entry.at = entry.at or time.time()
    write_atomically(_file(folder, entry.repository), json.dumps(asdict(entry), indent=2, sort_keys=True) + "\n")


def load(folder: str) -> tuple[dict[str, Entry], list[str]]:
    """(repository -> entry, one line per state file that cannot be read)."""
    entries: dict[str, Entry] = {}
    errors: list[str] = []
    if not os.path.isdir(folder):
        return entries, errors
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            entry = Entry(**{k: data[k] for k in ("repository", "outcome", "message", "commit", "at")})
            if entry.outcome not in OUTCOMES:
                raise ValueError(f"unknown outcome {entry.outcome!r}")
        except json.JSONDecodeError as e:
            errors.append(f"{path}:{e.lineno}: not a pip2poetry state file: {e.msg}")
            continue
        except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError) as e:
            errors.append(f"{path}: not a pip2poetry state file: {e}")
            continue
        entries[entry.repository] = entry
    return entries, errors

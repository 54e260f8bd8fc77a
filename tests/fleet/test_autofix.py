"""all-repos-pip2poetry end to end: local bare remotes, all-repos-clone, the autofixer with
the merge_to_master push, and a second run that pushes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from fleet_helpers import git, log, make_fleet
from harness.sandbox import Sandbox

APP = {
    "requirements.txt": "tabulate==0.9.0\n",
    "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    "CODEOWNERS": "* @acme/payments\n",
}
EMPTY = {"README.md": "# Design notes\n", "CODEOWNERS": "* @acme/payments\n"}


def test_the_autofixer_commits_each_repository_to_migrate_once(sandbox: Sandbox, run, tmp_path: Path) -> None:
    root = tmp_path / "org"
    make_fleet(root, {"billing-api": APP, "design-notes": EMPTY}, sandbox.env())
    clone = run(["all-repos-clone", "-C", "all-repos.json"], root)
    assert clone.returncode == 0, clone.stdout + clone.stderr
    first = run(["all-repos-pip2poetry", "-C", "all-repos.json"], root)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stderr == ""
    lines = first.stdout.splitlines()
    assert lines[0].startswith("billing-api: merged: "), first.stdout
    assert lines[-1] == "1 repository: 1 merged; recorded in pip2poetry-state"
    remote = root / "remotes" / "billing-api.git"
    assert log(remote) == ["Move to Poetry 2 with pip2poetry migrate", "pip era"]
    body = git(remote, "log", "-1", "--format=%b", "main")
    assert body.startswith("## Move to Poetry 2\n"), body
    assert body.rstrip().endswith("Committed via https://github.com/asottile/all-repos")
    assert log(root / "remotes" / "design-notes.git") == ["pip era"]
    # The commit's tree passes the checks, in a reader's fresh clone.
    check = tmp_path / "check"
    git(tmp_path, "clone", "-q", str(remote), str(check))
    assert not (check / "requirements.txt").exists()
    for command in (["pip2poetry", "lint"], ["poetry", "check", "--lock"]):
        result = run(command, check)
        assert result.returncode == 0, result.stdout + result.stderr
    entry = json.loads((root / "pip2poetry-state" / "billing-api.json").read_text())
    assert entry["outcome"] == "merged" and entry["commit"] == git(remote, "rev-parse", "main").strip()
    # A second run, after all-repos-clone fetched the merge, finds nothing and pushes nothing.
    again = run(["all-repos-clone", "-C", "all-repos.json"], root)
    assert again.returncode == 0, again.stderr
    second = run(["all-repos-pip2poetry", "-C", "all-repos.json"], root)
    assert (second.returncode, second.stdout) == (0, "Nothing to migrate: no repository is marked as to migrate.\n")
    assert log(remote) == ["Move to Poetry 2 with pip2poetry migrate", "pip era"]

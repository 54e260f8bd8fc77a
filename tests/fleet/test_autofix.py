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


POETRY_2 = {
    "pyproject.toml": '[project]\nname = "ledger"\nversion = "1.0.0"\nrequires-python = ">=3.11,<4.0"\n'
    'dependencies = ["tabulate (>=0.9.0,<0.10)"]\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n\n'
    '[build-system]\nrequires = ["poetry-core>=2.0.0,<3.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n',
    "CODEOWNERS": "* @acme/ledger\n",
}


def test_progress_per_owner_before_and_after(sandbox: Sandbox, run, tmp_path: Path) -> None:
    root = tmp_path / "org"
    make_fleet(root, {"billing-api": APP, "design-notes": EMPTY, "ledger": POETRY_2,
                      "legacy-batch": {"requirements.txt": "tabulate==0.9.0\n", "CODEOWNERS": "* @acme/ledger\n"}},
               sandbox.env())
    (root / "skip.txt").write_text("legacy-batch  # retired in March\n")
    assert run(["all-repos-clone", "-C", "all-repos.json"], root).returncode == 0
    inventory = run(["pip2poetry", "survey", "--all-repos", "all-repos.json", "--format", "json"], root)
    assert inventory.returncode == 0, inventory.stderr
    assert [(r["repository"], r["starting_point"]) for r in json.loads(inventory.stdout)] == [
        ("billing-api", "requirements"), ("design-notes", "none"), ("ledger", "poetry-2"), ("legacy-batch", "requirements")]
    survey = ["pip2poetry", "survey", "--all-repos", "all-repos.json", "--by-owner", "--skip", "skip.txt"]
    before = run(survey, root)
    assert before.returncode == 0, before.stderr
    assert before.stdout.splitlines()[:4] == [
        "Owner             Done  Pull request open  To migrate  Needs a person  Skipped  Total",
        "@acme/ledger         1                  0           0               0        1      2",
        "@acme/payments       0                  0           1               0        1      2",
        "All repositories     1                  0           1               0        2      4",
    ], before.stdout
    assert "legacy-batch: skipped: retired in March" in before.stdout
    fix = run(["all-repos-pip2poetry", "-C", "all-repos.json", "--skip", "skip.txt"], root)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    assert run(["all-repos-clone", "-C", "all-repos.json"], root).returncode == 0
    after = run([*survey, "--format", "markdown"], root)
    assert after.returncode == 0, after.stderr
    assert after.stdout.splitlines()[2:5] == [
        "| @acme/ledger | 1 | 0 | 0 | 0 | 1 | 2 |",
        "| @acme/payments | 1 | 0 | 0 | 0 | 1 | 2 |",
        "| **All repositories** | 2 | 0 | 0 | 0 | 2 | 4 |",
    ], after.stdout
    assert "- [x] `billing-api` (@acme/payments): done" in after.stdout
    # all-repos' output folder serves as well as its configuration
    from_folder = [*survey[:3], "repos", *survey[4:], "--format", "markdown"]
    assert run(from_folder, root).stdout == after.stdout
    data = json.loads(run([*survey, "--format", "json"], root).stdout)
    assert {r["repository"]: r["status"] for r in data["repositories"]} == {
        "billing-api": "done", "design-notes": "skipped", "ledger": "done", "legacy-batch": "skipped"}


def test_bad_input_is_one_line_each_and_the_run_goes_on(sandbox: Sandbox, run, tmp_path: Path) -> None:
    root = tmp_path / "org"
    make_fleet(root, {"billing-api": APP, "broken-cfg": {"setup.cfg": b"[metadata]\nname = x\0\xff\n", "setup.py": "import setuptools\nsetuptools.setup()\n"},
                      "gone": APP, "never-cloned": APP}, sandbox.env())
    import shutil

    shutil.rmtree(root / "remotes" / "never-cloned.git")
    clone = run(["all-repos-clone", "-C", "all-repos.json"], root)
    shutil.rmtree(root / "remotes" / "gone.git")  # deleted after all-repos cloned it
    repos = [f"repos/{name}" for name in ("billing-api", "broken-cfg", "gone", "never-cloned")]
    fix = run(["all-repos-pip2poetry", "-C", "all-repos.json", "--repos", *repos], root)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "Traceback" not in fix.stdout + fix.stderr
    lines = dict(line.split(": ", 1) for line in fix.stdout.splitlines()[:-1])
    assert lines["billing-api"].startswith("merged: ")
    assert lines["broken-cfg"].startswith("failed: pip2poetry migrate: setup.cfg"), lines
    assert lines["gone"].startswith("failed: cannot fetch from origin: "), lines
    assert lines["never-cloned"].startswith("failed: cannot clone: ") and "fetched nothing" in lines["never-cloned"], lines
    assert fix.stdout.splitlines()[-1] == "4 repositories: 3 failed, 1 merged; recorded in pip2poetry-state"
    assert log(root / "remotes" / "broken-cfg.git") == ["pip era"]
    progress = run(["pip2poetry", "survey", "--all-repos", "all-repos.json", "--by-owner"], root)
    assert "Traceback" not in progress.stdout + progress.stderr
    assert "broken-cfg: needs a person: pip2poetry migrate: setup.cfg" in progress.stdout, progress.stdout
    assert "never-cloned: needs a person: " in progress.stdout, progress.stdout


def test_a_missing_or_world_readable_configuration_is_one_line(sandbox: Sandbox, run, tmp_path: Path) -> None:
    root = tmp_path / "org"
    config = make_fleet(root, {"billing-api": APP}, sandbox.env())
    missing = run(["all-repos-pip2poetry", "-C", "nowhere.json"], root)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == ("all-repos-pip2poetry: error: nowhere.json: no such all-repos configuration "
                              "(give one with -C/--config-filename)\n")
    config.chmod(0o644)
    for command in (["all-repos-pip2poetry", "-C", "all-repos.json"],
                    ["pip2poetry", "survey", "--all-repos", "all-repos.json", "--by-owner"]):
        result = run(command, root)
        assert result.returncode == 2 and result.stdout == "", result.stdout + result.stderr
        assert result.stderr.endswith(": error: all-repos.json: readable by others (mode 0o644); an all-repos "
                                      "configuration can hold an API key: run chmod 600 all-repos.json\n"), result.stderr
        assert len(result.stderr.splitlines()) == 1
    config.chmod(0o600)
    config.write_bytes(b'{"output_dir": "repos",\n "source": \x00}\n')
    binary = run(["all-repos-pip2poetry", "-C", "all-repos.json"], root)
    assert (binary.returncode, binary.stderr) == (2, "all-repos-pip2poetry: error: all-repos.json:2:12: not JSON: Expecting value\n")


def test_a_long_reason_is_cut_in_the_table_and_kept_in_json(sandbox: Sandbox, run, tmp_path: Path) -> None:
    root = tmp_path / "org"
    make_fleet(root, {"billing-api": APP}, sandbox.env())
    assert run(["all-repos-clone", "-C", "all-repos.json"], root).returncode == 0
    from pip2poetry.fleet import state

    long = "poetry lock failed: " + "x" * 300
    state.record(str(root / "pip2poetry-state"), state.Entry("billing-api", "failed", long))
    table = run(["pip2poetry", "survey", "--all-repos", "all-repos.json", "--by-owner"], root).stdout
    [line] = [line for line in table.splitlines() if line.startswith("billing-api: ")]
    assert line == "billing-api: needs a person: " + long[:159] + "…"
    data = json.loads(run(["pip2poetry", "survey", "--all-repos", "all-repos.json", "--by-owner", "--format", "json"], root).stdout)
    assert data["repositories"][0]["reason"] == long

"""make bump-poetry (tools/bump_poetry.py): refusals, the pins it moves, and its report.

The whole bump needs PyPI and reruns every scenario, so it is tried by hand on a clone
(the README's contributing section says how) and by the scheduled workflow; its order of
runs and the copies of poetry-constraints.txt are checked against a stub Makefile in
test_bump_constraints.py. Here: every
refusal is one line and exit status 2 with nothing written, checked against the local
package index; the edits and the report run on small throwaway repositories.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness import index as index_module
from harness.paths import REPO
from harness.sandbox import isolated_env

SCRIPT = REPO / "tools" / "bump_poetry.py"
sys.path.insert(0, str(SCRIPT.parent))
import bump_poetry  # noqa: E402

PINNED = bump_poetry.pinned_poetry(REPO)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def make_repo(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "start")
    return root


def pyproject(version: str) -> str:
    return f'[project]\nname = "x"\n\n[tool.poetry]\nrequires-poetry = "=={version}"\n'


@pytest.fixture
def run(tmp_path: Path, package_index: index_module.PackageIndex):  # type: ignore[no-untyped-def]
    """The script as make runs it, with pip on the local index (which serves the pinned Poetry)."""

    def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = isolated_env(tmp_path / "home", path=[str(Path(sys.executable).parent)], tmpdir=tmp_path, simple_url=package_index.simple_url)
        env["PIP_INDEX_URL"] = package_index.simple_url
        return subprocess.run([sys.executable, str(SCRIPT), *args, "--repo", str(repo)], env=env, capture_output=True, text=True, timeout=120)

    (tmp_path / "home").mkdir()
    return run


REFUSALS = {
    "no version": ([], "usage: make bump-poetry VERSION=X.Y.Z"),
    "not a release number": (["2.5"], "VERSION='2.5' is not a release number X.Y.Z"),
    "the pinned release": ([PINNED], f"the guide is already verified against Poetry {PINNED}"),
    # the index also serves the older releases pages run (tests/harness/poetry_releases.py)
    "not on the index": (["9.9.9"], f"Poetry 9.9.9 is not on the package index (newest releases: {PINNED}, "),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_bad_input_is_one_line_exit_status_2_and_nothing_written(run, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    args, message = REFUSALS[case]
    repo = make_repo(tmp_path / "repo", {"pyproject.toml": pyproject(PINNED)})
    result = run(repo, *args)
    assert result.returncode == 2, result
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr == f"bump-poetry: {message}\n" or result.stderr.startswith(f"bump-poetry: {message}"), result.stderr
    assert git(repo, "status", "--porcelain") == ""


def test_a_dirty_tree_is_refused_before_anything_is_written(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path / "repo", {"pyproject.toml": pyproject("2.5.0")})
    (repo / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run(repo, PINNED)
    assert result.returncode == 2
    assert result.stderr == "bump-poetry: the work tree has 1 uncommitted change(s) (first: notes.txt); commit them first, so the bump's diff holds only the bump\n"
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == pyproject("2.5.0")


def test_newest_names_a_newer_release_and_nothing_otherwise(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    older = make_repo(tmp_path / "older", {"pyproject.toml": pyproject("2.0.0")})
    assert run(older, "--newest").stdout == f"{PINNED}\n"
    current = make_repo(tmp_path / "current", {"pyproject.toml": pyproject(PINNED)})
    result = run(current, "--newest")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_pins_a_person_types_move_and_outputs_are_left_to_the_real_run(tmp_path: Path) -> None:
    transcript = '$ pip install "poetry==2.5.1"\n$ pip freeze | grep poetry==\npoetry==2.5.1\n'
    hooks = "repos:\n  - repo: https://github.com/python-poetry/poetry\n    rev: 2.5.1\n    hooks:\n      - id: poetry-check\n"
    repo = make_repo(tmp_path, {
        "pyproject.toml": pyproject("2.5.1"),
        ".pre-commit-config.yaml": hooks,
        "snippets/page/install.console": transcript,
        "snippets/page/Dockerfile": 'RUN pip install "poetry==2.5.1"\n',
        "snippets/page/pre-commit-config.yaml": hooks,
        "snippets/page/circleci.yml": "steps:\n  - poetry/install:\n      version: 2.5.1\n  - run: echo version: 2.5.1\n",
        "snippets/other/unrelated.console": "$ pip install mypoetry==2.5.1\n",
    })
    changes = bump_poetry.replace_pins(repo, "2.5.1", "2.6.0")
    assert 'requires-poetry = "==2.6.0"' in (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert (repo / "snippets/page/install.console").read_text(encoding="utf-8") == transcript.replace('"poetry==2.5.1"', '"poetry==2.6.0"')
    assert "poetry==2.6.0" in (repo / "snippets/page/Dockerfile").read_text(encoding="utf-8")
    for name in (".pre-commit-config.yaml", "snippets/page/pre-commit-config.yaml"):
        assert "rev: 2.6.0" in (repo / name).read_text(encoding="utf-8"), name
    assert (repo / "snippets/page/circleci.yml").read_text(encoding="utf-8").count("version: 2.6.0") == 1
    assert "mypoetry==2.5.1" in (repo / "snippets/other/unrelated.console").read_text(encoding="utf-8")
    assert len(changes) == 6, changes
    assert "snippets/page/pre-commit-config.yaml: 2.5.1 → 2.6.0 (rev of Poetry's pre-commit hooks)" in changes


def test_the_report_lists_each_changed_file_per_page_with_its_lines(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {
        "pyproject.toml": pyproject("2.5.1"),
        "snippets/alpha/scenario.toml": "",
        "snippets/alpha/run.console": "$ poetry --version\nPoetry (version 2.5.1)\n",
        "snippets/beta/scenario.toml": "",
        "snippets/beta/run.console": "$ true\n",
        "docs/page.md": "Tested with Poetry 2.5.1 last year.\n",
    })
    (repo / "snippets/alpha/run.console").write_text("$ poetry --version\nPoetry (version 2.6.0)\n", encoding="utf-8")
    text = bump_poetry.report(repo, "2.5.1", "2.6.0", ["pyproject.toml: requires-poetry ==2.5.1 → ==2.6.0"], ["- no pin changed"], 0)
    assert "# Poetry 2.5.1 → 2.6.0: what changed" in text
    assert "every scenario passed in update mode" in text
    assert "| alpha | run.console | 1 | 1 |" in text
    assert "1 transcript(s) and 1 file(s) changed on 1 of 2 pages." in text
    assert "Unchanged: beta." in text
    assert "docs/page.md:1: Tested with Poetry 2.5.1 last year." in text
    failed = bump_poetry.report(repo, "2.5.1", "2.6.0", [], [], 1)
    assert "the update run FAILED (exit status 1)" in failed


def test_the_changelog_gets_one_dated_entry_per_day(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "reference" / "changelog.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# Changelog\n\nIntro.\n\n{bump_poetry.CHANGELOG_MARK}\n\n## 2020-01-01\n\n- Old.\n", encoding="utf-8")
    bump_poetry.add_changelog_entry(tmp_path, "2.5.1", "2.6.0")
    bump_poetry.add_changelog_entry(tmp_path, "2.6.0", "2.6.1")
    text = page.read_text(encoding="utf-8")
    today = text.split(bump_poetry.CHANGELOG_MARK)[1]
    assert today.count("\n## ") == 2, text
    entries = today.split("## 2020-01-01")[0]
    assert "instead of 2.6.0" in entries and "instead of 2.5.1" in entries
    assert entries.index("2.6.1") < entries.index("2.6.0 instead")
    assert text.endswith("## 2020-01-01\n\n- Old.\n")


def test_a_snippets_requires_poetry_lower_bound_moves_with_the_pin(tmp_path: Path) -> None:
    team = '[tool.poetry]\nrequires-poetry = ">=2.5.1,<3"\n'
    repo = make_repo(tmp_path, {"pyproject.toml": pyproject("2.5.1"), "snippets/team/pyproject-team.toml": team,
                                "snippets/team/history.toml": '[tool.poetry]\nrequires-poetry = ">=2.5.10"\n'})
    changes = bump_poetry.replace_pins(repo, "2.5.1", "2.6.0")
    assert (repo / "snippets/team/pyproject-team.toml").read_text(encoding="utf-8") == team.replace(">=2.5.1", ">=2.6.0")
    assert ">=2.5.10" in (repo / "snippets/team/history.toml").read_text(encoding="utf-8")
    assert "snippets/team/pyproject-team.toml: 2.5.1 → 2.6.0 (lower bound of a snippet's requires-poetry)" in changes


def test_the_report_names_the_older_releases_and_the_wordings_the_lookup_loses(tmp_path: Path) -> None:
    failing = "$ poetry instal\nThe requested command instal does not exist.\n[exit status 1]\n"
    repo = make_repo(tmp_path, {
        "pyproject.toml": pyproject("2.5.1"),
        "tests/harness/poetry_releases.py": 'RELEASES = {"1.8.5": "a", "2.0.1": "b"}\n',
        "snippets/ts/scenario.toml": '[[scenario]]\nname = "x"\nsteps = [{ run = "now.console" }, { run = "old.console", poetry = "2.0.1" }, { run = "ok.console" }]\n',
        "snippets/ts/now.console": failing,
        "snippets/ts/old.console": failing,
        "snippets/ts/ok.console": "$ poetry --version\nPoetry (version 2.5.1)\n",
    })
    for name in ("now.console", "old.console"):
        (repo / "snippets/ts" / name).write_text(failing.replace("The requested command", "Command"), encoding="utf-8")
    (repo / "snippets/ts/ok.console").write_text("$ poetry --version\nPoetry (version 2.6.0)\n", encoding="utf-8")
    text = bump_poetry.report(repo, "2.5.1", "2.6.0", [], [], 0)
    section = text.split("## Older Poetry releases\n", 1)[1].split("\n## ", 1)[0]
    assert "The pages also run Poetry 1.8.5, 2.0.1" in section
    assert "no longer knows Poetry 2.5.1's words" in section
    assert [line for line in section.splitlines() if line.startswith("- ")] == ["- snippets/ts/now.console"]

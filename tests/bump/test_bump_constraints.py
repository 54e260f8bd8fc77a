"""make bump-poetry keeps every poetry-constraints.txt in step with the new release, in time.

The whole bump runs (tools/bump_poetry.bump) on a small throwaway repository whose Makefile
stands in for the real one: ``make update-snippets`` runs that repository's own
tests/test_snippets.py with real pytest and the ``PYTEST_ARGS`` the bump passed, so the
selection of pages is pytest's own. Its scenarios stand in for the three kinds of page: the
Docker page's records poetry-constraints.txt (as pip freeze does there), the CI page's and a
migrate page's install Poetry with their copy and write down what that copy held at that
moment. Only the package index's list of releases and the wheelhouse re-pinning (both need
PyPI, and other tests cover the rest) are replaced.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from harness.paths import REPO

sys.path.insert(0, str(REPO / "tools"))
import bump_poetry  # noqa: E402

OLD, NEW = "2.5.1", "2.6.0"
RECORDED = bump_poetry.CONSTRAINTS_RECORDED.as_posix()
CI_COPY = "snippets/run-poetry-in-ci/poetry-constraints.txt"
PACKAGED = bump_poetry.CONSTRAINTS_COPIES[0].as_posix()
#: a page that adds a copy later: found, not listed anywhere in the tool
NEW_PAGE_COPY = "snippets/a-later-page/poetry-constraints.txt"

#: scenario id (as tests/test_snippets.py names them) -> the copy it installs Poetry with
SCENARIOS = {
    "build-docker-images-for-a-poetry-project/build-and-run": RECORDED,
    "run-poetry-in-ci/github-actions-test": CI_COPY,
    "migrate-a-dockerized-project/build-migrated-image": PACKAGED,
}

STUB_TESTS = '''
import json, os, pathlib, re, pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
SCENARIOS = json.loads(os.environ["STUB_SCENARIOS"])


@pytest.mark.parametrize("case", list(SCENARIOS), ids=list(SCENARIOS))
def test_scenario(case):
    poetry = re.search(r'requires-poetry = "==(.+)"', (REPO / "pyproject.toml").read_text()).group(1)
    path = REPO / SCENARIOS[case]
    if case.startswith("build-docker-images-for-a-poetry-project/"):  # pip freeze of Poetry's environment
        if os.environ.get("STUB_RECORDING_FAILS"):
            pytest.fail("the recording step failed", pytrace=False)
        path.write_text(os.environ["STUB_PINS"].replace("VERSION", poetry))
    with open(os.environ["STUB_LOG"], "a") as log:
        log.write("ran " + json.dumps({"scenario": case, "poetry": poetry, "copy held": path.read_text()}) + "\\n")
'''


def pins(version: str) -> str:
    """What poetry-constraints.txt holds for a release, in the stub's world."""
    return f"cleo=={version}\npoetry-core=={version}\n"


def git(repo: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def bump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A repository pinned at OLD whose package data lags (an older release's pins), and a
    function that bumps it to NEW and returns (exit status, make's log, the report)."""
    repo, log = tmp_path / "repo", tmp_path / "make.log"
    files = {
        "pyproject.toml": f'[project]\nname = "x"\n\n[tool.poetry]\nrequires-poetry = "=={OLD}"\n',
        "pytest.ini": "[pytest]\n",
        "Makefile": (
            f'lock:\n\t@echo "lock" >> "$$STUB_LOG"\n'
            f'update-snippets:\n\t@echo "update-snippets $(PYTEST_ARGS)" >> "$$STUB_LOG"\n'
            f'\t"{sys.executable}" -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)\n'
        ),
        "tests/test_snippets.py": STUB_TESTS,
        RECORDED: pins(OLD),
        "snippets/build-docker-images-for-a-poetry-project/poetry-constraints.console": f'$ pip install --quiet "poetry=={OLD}"\n',
        CI_COPY: pins(OLD),
        PACKAGED: pins("2.4.0"),  # lagged behind since an earlier bump
        NEW_PAGE_COPY: pins(OLD),
    }
    for name in {*SCENARIOS, "a-later-page/x"}:
        files[f"snippets/{name.split('/')[0]}/scenario.toml"] = ""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "start")

    monkeypatch.setattr(bump_poetry, "released_versions", lambda: [NEW, OLD])
    monkeypatch.setattr(bump_poetry, "refresh_wheelhouse", lambda repo, new: (["- no pin changed"], None, None))
    for name, value in {"STUB_LOG": str(log), "STUB_SCENARIOS": json.dumps(SCENARIOS), "STUB_PINS": pins("VERSION"),
                        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)

    def run(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
        status = bump_poetry.bump(repo, NEW)
        capsys.readouterr()
        return status, log.read_text(encoding="utf-8").splitlines(), (repo / bump_poetry.REPORT).read_text(encoding="utf-8")

    run.repo = repo  # type: ignore[attr-defined]
    return run


def ran(lines: list[str]) -> list[dict[str, str]]:
    return [json.loads(line.removeprefix("ran ")) for line in lines if line.startswith("ran ")]


def test_every_copy_holds_the_new_pins_before_a_scenario_installs_poetry_with_it(bump, capsys) -> None:  # type: ignore[no-untyped-def]
    status, log, text = bump(capsys)
    assert status == 0, "\n".join(log)
    runs = ran(log)
    assert sorted(r["scenario"] for r in runs) == sorted(SCENARIOS), "each scenario runs exactly once"
    assert all(r["poetry"] == NEW for r in runs)
    # what each scenario that installs Poetry with a copy saw at that moment
    stale = {r["scenario"]: r["copy held"] for r in runs if r["copy held"] != pins(NEW)}
    assert not stale, f"scenarios that installed Poetry {NEW} with other pins: {stale}"
    # because the recording page ran alone, first, and every other page in one later run
    calls = [line for line in log if not line.startswith("ran ")]
    assert calls == [
        "lock",
        f"update-snippets tests/test_snippets.py -k {bump_poetry.RECORDING_PAGE}/",
        f"update-snippets tests/test_snippets.py -k 'not {bump_poetry.RECORDING_PAGE}/'",
    ]
    assert log.index(calls[1]) < log.index("ran " + json.dumps(runs[0])) < log.index(calls[2]), log
    assert runs[0]["scenario"].startswith(f"{bump_poetry.RECORDING_PAGE}/")


def test_every_copy_moves_the_lagging_one_too_and_the_report_lists_them(bump, capsys) -> None:  # type: ignore[no-untyped-def]
    status, _, text = bump(capsys)
    assert status == 0
    for name in (RECORDED, CI_COPY, PACKAGED, NEW_PAGE_COPY):
        assert (bump.repo / name).read_text(encoding="utf-8") == pins(NEW), name
    section = text.split("## Poetry's own dependencies (poetry-constraints.txt)\n", 1)[1].split("\n## ", 1)[0]
    assert "ran first and recorded" in section and "before the other pages ran" in section
    moved = sorted(line.split(":", 1)[0] for line in section.splitlines() if line.startswith("- "))
    assert moved == ["- " + name for name in sorted((CI_COPY, NEW_PAGE_COPY, PACKAGED))], section
    assert "| run-poetry-in-ci | poetry-constraints.txt | 2 | 2 |" in text


def test_a_failed_recording_run_moves_no_copy_and_runs_no_other_page(bump, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STUB_RECORDING_FAILS", "1")
    status, log, text = bump(capsys)
    assert status == 1
    assert ran(log) == [], "no scenario finished: the recording failed and nothing else ran"
    assert [line for line in log if line.startswith("update-snippets")] == [
        f"update-snippets tests/test_snippets.py -k {bump_poetry.RECORDING_PAGE}/"
    ]
    assert (bump.repo / CI_COPY).read_text(encoding="utf-8") == pins(OLD)
    assert (bump.repo / PACKAGED).read_text(encoding="utf-8") == pins("2.4.0")
    assert "ran first and FAILED: no copy of poetry-constraints.txt moved" in text

"""Every Renovate configuration the guide shows, and this repository's own renovate.json,
checked by the pinned Renovate (package-lock.json, on its Node 24).

* ``renovate-config-validator --strict --no-global``: each file as repository config, with
  warnings and needed migrations counted as errors.
* ``rangeStrategy`` values against the pinned Renovate's own schema: the validator does not
  check them (``"wide"`` passes), and a run does not refuse them either.
* A real Renovate run (``--dry-run=extract``, no network) over this repository: what it
  would manage, and that snippets and test inputs are not part of it.
* Renovate exits with status 0 even when it gave up on a repository; the snippet tests
  read its report instead (``harness.renovate.report_problems``), checked here to find
  such a problem.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from harness import renovate, scenario
from harness.paths import REPO, SNIPPETS

pytestmark = pytest.mark.xdist_group("renovate")

#: where Renovate looks for a repository's configuration (the folder part aside)
CONFIG_NAMES = {"renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"}


def shown_configs() -> list[Path]:
    """Snippets a scenario writes where Renovate reads its configuration, and any snippet
    named like one."""
    found = {p.resolve() for p in SNIPPETS.rglob("*") if p.name in CONFIG_NAMES}
    for case in scenario.load_all():
        for step in case.steps:
            if step.kind == "write" and step.target and PurePosixPath(step.target).name in CONFIG_NAMES:
                found.add(step.snippet)
    return sorted(found)


CONFIGS = [REPO / "renovate.json", *shown_configs()]
IDS = [str(p.relative_to(REPO)) for p in CONFIGS]


def test_the_guide_shows_renovate_configs() -> None:
    assert len(CONFIGS) >= 3, f"found only {IDS}"


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_renovate_validator_accepts(config: Path, tmp_path: Path) -> None:
    status, output = renovate.run(["renovate-config-validator", "--strict", "--no-global", str(config)], tmp_path, tmp_path)
    assert status == 0 and "Config validated successfully" in output, f"{config.relative_to(REPO)}:\n{output}"


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_range_strategies_are_known(config: Path) -> None:
    bad = renovate.bad_range_strategies(json.loads(config.read_text(encoding="utf-8")))
    assert not bad, f"{config.relative_to(REPO)}: " + "; ".join(bad)


def test_the_validator_does_not_check_range_strategy(tmp_path: Path) -> None:
    """What the explanation page says, and why test_range_strategies_are_known exists. If
    a new Renovate refuses the value, say so on the page."""
    config = tmp_path / "renovate.json"
    config.write_text('{"rangeStrategy": "wide"}\n', encoding="utf-8")
    status, output = renovate.run(["renovate-config-validator", "--strict", "--no-global", str(config)], tmp_path, tmp_path)
    assert status == 0, output
    assert renovate.bad_range_strategies({"rangeStrategy": "wide"})


def test_a_run_that_gives_up_exits_0_and_reports_a_problem(tmp_path: Path) -> None:
    """Why the snippet tests read the report: an invalid renovate.json stops the run, yet
    Renovate exits with 0. Also keeps report_problems from going blind if the report's
    layout changes."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "renovate.json").write_text('{"rangeStrategyy": "widen"}\n', encoding="utf-8")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1"\ndependencies = ["numbat-ledger>=1.2,<2"]\n')
    status, output = renovate.run(
        ["renovate", "--platform=local", "--dry-run=extract", "--report-type=file", "--report-path=report.json"],
        project,
        tmp_path,
    )
    assert status == 0, output
    assert renovate.reports(project) == [project / "report.json"]
    problems = renovate.report_problems(project)
    assert any("Invalid configuration option: rangeStrategyy" in p for p in problems), problems


def test_this_repository_as_renovate_sees_it(tmp_path: Path) -> None:
    """Renovate reads the files git tracks, so this checks the committed renovate.json:
    no problem, the project's own Python and Node dependencies, nothing under snippets/
    or tests/ (their files are fixed inputs or come from real runs)."""
    report = tmp_path / "report.json"
    status, output = renovate.run(
        ["renovate", "--platform=local", "--dry-run=extract", "--report-type=file", f"--report-path={report}"],
        REPO,
        tmp_path,
    )
    assert status == 0, output
    # Renovate on GitHub has a token; a local run has none, and warns that it could not
    # look up the GitHub Actions and pre-commit hooks it found (it does not try).
    problems = [p for p in renovate.report_problems(tmp_path) if "GitHub token is required" not in p]
    assert not problems, "\n".join(problems)
    files = {
        f["packageFile"]
        for managed in json.loads(report.read_text())["repositories"]["local"]["packageFiles"].values()
        for f in managed
    }
    assert {"pyproject.toml", "package.json", ".pre-commit-config.yaml"} <= files, files
    assert not [f for f in files if f.startswith(("snippets/", "tests/"))], files

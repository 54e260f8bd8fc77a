"""Every scenario under snippets/ runs for real; its snippet files must match the run.

One test per scenario (``snippets/<page>/scenario.toml``, ``[[scenario]]``). On failure the
message names the snippet file and line that differ, with a diff against the real run.
``make update-snippets`` rewrites the snippets from real runs instead, for review in git.
"""

from __future__ import annotations

import time

import pytest

from harness import index, record, renovate, runner, scenario
from harness.paths import SNIPPETS
from harness.sandbox import Sandbox

SCENARIOS = scenario.load_all()


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 1, f"no scenario.toml under {SNIPPETS}"


@pytest.mark.parametrize(
    "case",
    [pytest.param(s, id=s.id, marks=[pytest.mark.xdist_group(s.xdist_group)] if s.xdist_group else []) for s in SCENARIOS],
)
def test_scenario(  # type: ignore[no-untyped-def]
    case: scenario.Scenario, make_sandbox, package_index, private_index, made_up, update_snippets: bool
) -> None:
    sandbox: Sandbox = make_sandbox(case.tools)
    served_before = len(package_index.served)
    outcome = runner.ScenarioRun(case, sandbox, update=update_snippets).run()
    runner.record_timings(outcome)
    if outcome.mismatches:
        pytest.fail("\n\n".join(str(m) for m in outcome.mismatches), pytrace=False)
    started = time.perf_counter()
    leaks = sandbox.leaks()
    runner.record_rows([{"harness": "leak check", "test": runner.current_test(), "seconds": time.perf_counter() - started}])
    assert not leaks, f"{case.id}: the private index's password or token appears in {', '.join(leaks)}"
    # what the scenario published itself is not made up; the same name on the public index is
    used = set(package_index.served[served_before:]) | (set(private_index.served) - private_index.uploaded)
    fake = {index.normalise_name(d.name) for d in made_up}
    problems = runner.made_up_problems(case, used, fake)
    assert not problems, "\n".join(problems)
    if "renovate" in case.tools:  # Renovate exits with 0 even when it gave up
        trouble = renovate.report_problems(sandbox.root)
        assert not trouble, f"{case.id}: Renovate's report has problems:\n" + "\n".join(trouble)

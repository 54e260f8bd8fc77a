"""Every scenario under snippets/ runs for real; its snippet files must match the run.

One test per scenario (``snippets/<page>/scenario.toml``, ``[[scenario]]``). On failure the
message names the snippet file and line that differ, with a diff against the real run.
``make update-snippets`` rewrites the snippets from real runs instead, for review in git.
"""

from __future__ import annotations

import pytest

from harness import record, runner, scenario
from harness.paths import SNIPPETS
from harness.sandbox import Sandbox

SCENARIOS = scenario.load_all()


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 1, f"no scenario.toml under {SNIPPETS}"


@pytest.mark.parametrize("case", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(case: scenario.Scenario, make_sandbox, update_snippets: bool) -> None:  # type: ignore[no-untyped-def]
    sandbox: Sandbox = make_sandbox(case.tools)
    outcome = runner.ScenarioRun(case, sandbox, update=update_snippets).run()
    runner.record_timings(outcome)
    if outcome.mismatches:
        pytest.fail("\n\n".join(str(m) for m in outcome.mismatches), pytrace=False)


def test_record_lists_only_existing_transcripts(update_snippets: bool) -> None:
    transcripts = {p.resolve() for p in SNIPPETS.rglob("*.console")}
    if update_snippets:
        record.prune(transcripts)
    stale = sorted(k for k in record.load() if (record.REPO / k).resolve() not in transcripts)
    assert not stale, f"tests/verified-commands.json names transcripts that no longer exist: {stale}"

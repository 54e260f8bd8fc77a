"""Every scenario under snippets/ runs for real; its snippet files must match the run.

One test per scenario (``snippets/<page>/scenario.toml``, ``[[scenario]]``). On failure the
message names the snippet file and line that differ, with a diff against the real run.
``make update-snippets`` rewrites the snippets from real runs instead, for review in git.
"""

from __future__ import annotations

import pytest

from harness import index, record, runner, scenario
from harness.paths import REPO, SNIPPETS
from harness.sandbox import Sandbox

SCENARIOS = scenario.load_all()


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 1, f"no scenario.toml under {SNIPPETS}"


@pytest.mark.parametrize("case", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(  # type: ignore[no-untyped-def]
    case: scenario.Scenario, make_sandbox, package_index, private_index, made_up, update_snippets: bool
) -> None:
    sandbox: Sandbox = make_sandbox(case.tools)
    served_before = len(package_index.served)
    outcome = runner.ScenarioRun(case, sandbox, update=update_snippets).run()
    runner.record_timings(outcome)
    if outcome.mismatches:
        pytest.fail("\n\n".join(str(m) for m in outcome.mismatches), pytrace=False)
    if private_index.served or private_index.uploaded:
        leaks = sandbox.leaks()
        assert not leaks, f"{case.id}: the private index's password appears in {', '.join(leaks)}"
    if case.needs_real_packages:
        fake = {index.normalise_name(d.name) for d in made_up}
        used = (set(package_index.served[served_before:]) | set(private_index.served)) - private_index.uploaded
        undeclared = sorted((used & fake) - {index.normalise_name(n) for n in case.made_up})
        assert not undeclared, (
            f"{case.id}: {case.page.relative_to(REPO) if case.page else '?'} promises real packages, "
            f"but the scenario used the made-up {', '.join(undeclared)}. Use a real release pinned in "
            "tests/package_index/wheelhouse.txt, or declare it with made-up = [...] and say so on the page."
        )


def test_record_lists_only_existing_transcripts(update_snippets: bool) -> None:
    transcripts = {p.resolve() for p in SNIPPETS.rglob("*.console")}
    if update_snippets:
        record.prune(transcripts)
    stale = sorted(k for k in record.load() if (record.REPO / k).resolve() not in transcripts)
    assert not stale, f"tests/verified-commands.json names transcripts that no longer exist: {stale}"

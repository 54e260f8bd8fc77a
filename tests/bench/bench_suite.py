"""Benchmark: wall time of `make test` and `make html`, and where the test time goes.

Run with `make bench`. It is a measurement, not a test: it prints Markdown tables for the
README's contributing section and never fails on a number. It reports the budgets the
project holds itself to (2 cores):

* the harness adds under 5 % to the time of the tools it runs in snippet scenarios;
* both workers stay busy: wall time at most 1.15 x (sum of test durations) / 2;
* each heavy tier (browser, pre-commit, importer round trips, ...) separately;
* the contributor's loop with results cached by their inputs (tests/harness/cache.py): a cold
  ``make test`` (the cache emptied first), the same again with nothing changed, after one prose
  change and after one snippet change, and ``make page`` after a prose change, each with the
  count of tests and scenarios run and cached.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from harness import scenario as scenario_module  # noqa: E402

#: Test files that form a tier of their own (their own xdist group or an expensive kind).
TIERS = {
    "tests/browser/": "Real-browser tests (Chromium)",
    "tests/lint/test_precommit_hook.py": "pre-commit hook environments",
    "tests/importer/": "`pip2poetry import` tests (round trips with pip and Poetry)",
    "tests/survey/": "`pip2poetry survey` tests",
    "tests/lint/": "`pip2poetry lint` tests (rules, poetry-core oracle, Poetry round trip)",
    "tests/test_docs_integrity.py": "Docs integrity (strict Sphinx builds included)",
    "tests/test_harness.py": "Harness self-tests",
    "tests/test_renovate_configs.py": "Renovate config checks (Renovate's validator, a real run over this repository)",
    "tests/test_credentials_leak.py": "Credential leak checks (a keyring-backed Poetry run included)",
}
#: Snippet scenarios that run in an xdist group of their own (scenario.GROUPED_TOOLS, CI jobs).
SCENARIO_TIERS = {
    "docker": "Docker builds and runs (scenarios)",
    "renovate": "Renovate runs (scenarios)",
    "pre-commit": "pre-commit hook runs (scenarios)",
    "ci": "CI jobs' steps (scenarios)",
}


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _tier(classname: str, file: str) -> str:
    path = file or classname.replace(".", "/") + ".py"
    for prefix, name in TIERS.items():
        if path.startswith(prefix) or path.startswith(prefix.rstrip("/").replace("/", ".")):
            return name
    return "Other tests"


CACHE_LINE = re.compile(r"(\d+) cached \((\d+) of them scenarios\).*?; (\d+) run \((\d+) scenarios\)")


def make_test(env: dict[str, str] | None = None, target: list[str] | None = None) -> tuple[float, str]:
    """Wall time of one ``make test`` (or ``target``) and what it ran: "N run (S scenarios), M cached"."""
    started = time.perf_counter()
    result = subprocess.run(target or ["make", "test"], cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-2000:])
        raise SystemExit(f"{' '.join(target or ['make', 'test'])} failed: the figures would not mean anything")
    found = CACHE_LINE.search(result.stdout)
    if not found:
        return wall, "no cache report"
    cached, cached_scenarios, ran, ran_scenarios = map(int, found.groups())
    return wall, f"{ran} run ({ran_scenarios} scenarios), {cached} cached ({cached_scenarios} scenarios)"


def _harmless_snippet_change() -> tuple[Path, str]:
    """A file a scenario writes into its project and nothing prints or compares (a config
    file), and a comment line that changes its bytes but not the run."""
    cases = scenario_module.load_all()
    for case in cases:
        if any(s.kind in ("compare", "ci") for s in case.steps):
            continue  # a later compare could see the change
        consoles = " ".join(s.snippet.read_text(encoding="utf-8") for s in case.steps if s.kind == "run")
        for step in case.steps:
            readers = [c for c in cases if any(s.snippet == step.snippet for s in c.steps)]
            if (step.kind == "write" and step.snippet.suffix in (".toml", ".cfg", ".ini", ".yaml", ".yml")
                    and readers == [case] and Path(str(step.target)).name not in consoles):
                return step.snippet, "\n# a change that does not alter the run (make bench)\n"
    raise SystemExit("no snippet that can change without changing its scenario's output")


def bench_cache() -> list[tuple[str, str]]:
    """The contributor's loop: make test again with nothing changed, after a prose change and
    after a snippet change, and make page after a prose change (results cached by inputs)."""
    rows = []
    # The first run after a full one also pays pytest's removal of that run's temporary
    # folders (see the README), so the loop is measured twice where it follows a full run.
    wall, ran = make_test()
    rows.append(("`make test` again, nothing changed (straight after the cold run)", f"{wall:.1f} s: {ran}"))
    wall, ran = make_test()
    rows.append(("`make test` once more, nothing changed", f"{wall:.1f} s: {ran}"))
    page = REPO / "docs" / "reference" / "lint-rules.md"
    snippet, comment = _harmless_snippet_change()
    for what, path, extra, command in (
        ("`make test` after one prose change (a sentence on the lint rules page)", page, "\nA sentence.\n", None),
        (f"`make test` after one snippet change (`{snippet.relative_to(REPO)}`)", snippet, comment, None),
        ("`make page PAGE=lint-rules` after one prose change (straight after the snippet change's `make test`)", page,
         "\nAnother sentence.\n", ["make", "page", "PAGE=lint-rules"]),
        ("`make page PAGE=lint-rules` after one more prose change", page, "\nA third sentence.\n",
         ["make", "page", "PAGE=lint-rules"]),
    ):
        saved = path.read_bytes()
        path.write_bytes(saved + extra.encode())
        try:
            wall, ran = make_test(target=command)
        finally:
            path.write_bytes(saved)
        rows.append((what, f"{wall:.1f} s: {ran}"))
    return rows


PART_NAMES = {
    "sandbox": "making sandboxes",
    "docker clean-up": "Docker clean-up between scenarios",
    "sample and shell": "copying or publishing the sample and starting the shell",
    "ci steps": "CI steps outside their commands (job set-up included)",
    "CI job set-up": "of that the CI job set-up",
    "run steps": "transcript steps outside their commands (comparison)",
    "compare steps": "file comparisons",
    "write steps": "written files",
    "leak check": "the credential leak check",
}


def bench_tests() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.jsonl"
        junit = Path(tmp) / "junit.xml"
        env = dict(os.environ, P2P_TIMINGS=str(timings), PYTEST_ARGS=f"--junitxml={junit} -o junit_family=xunit1")
        # cold: no cached result, so everything runs (and the results are kept for bench_cache)
        shutil.rmtree(REPO / ".p2p-cache", ignore_errors=True)
        wall, ran = make_test(env)
        rows = [json.loads(line) for line in timings.read_text().splitlines()]
        cases = list(ET.parse(junit).getroot().iter("testcase"))
    durations = [
        (c.get("name", ""), c.get("classname", ""), c.get("file", ""), float(c.get("time", 0))) for c in cases
    ]
    all_time = sum(t for *_, t in durations)
    scenario_cases = [(n, t) for n, _, _, t in durations if n.startswith("test_scenario[")]
    scenario_time = sum(t for _, t in scenario_cases)
    per_page: dict[str, float] = defaultdict(float)
    group_of = {s.id: s.xdist_group for s in scenario_module.load_all()}
    scenario_tiers: dict[str, float] = defaultdict(float)
    for name, seconds in scenario_cases:
        # xdist's loadgroup adds "@<group>" after the parameter id: "test_scenario[page/name]@docker"
        case_id = name.removeprefix("test_scenario[").split("]", 1)[0]
        per_page[case_id.split("/", 1)[0]] += seconds
        if group_of.get(case_id) in SCENARIO_TIERS:
            scenario_tiers[SCENARIO_TIERS[group_of[case_id]]] += seconds
    commands = [r for r in rows if "command" in r]
    poetry = [r["seconds"] for r in commands if r["command"].split()[0] == "poetry"]
    tools = sum(r["seconds"] for r in commands)
    # once per session: the index, the made-up packages, dockerd and its base images, ...
    session = [r for r in rows if "session" in r]
    session_in_scenarios = sum(r["seconds"] for r in session if "::test_scenario[" in r["test"])
    # the harness's own parts (harness.runner, conftest's make_sandbox, test_snippets' leak check)
    parts: dict[str, float] = defaultdict(float)
    for r in rows:
        if "harness" in r and "::test_scenario[" in r["test"]:
            parts[r["harness"]] += r["seconds"]
    harness = scenario_time - tools - session_in_scenarios
    tiers: dict[str, float] = defaultdict(float)
    for name, classname, file, seconds in durations:
        if not name.startswith("test_scenario["):
            tiers[_tier(classname, file)] += seconds
    busy = wall / (all_time / 2)
    summary = [
        ("`make test`, cold (no cached result), wall time (2 workers, tools already installed)", f"{wall:.1f} s: {ran}"),
        ("Sum of all test durations across both workers", f"{all_time:.1f} s"),
        ("Wall time ÷ (sum ÷ 2): both workers busy when at most 1.15", f"{busy:.2f}"),
        (f"… snippet scenarios ({len(per_page)} pages, {len(scenario_cases)} scenarios)", f"{scenario_time:.1f} s"),
        (
            "… … Poetry itself",
            f"{sum(poetry):.1f} s ({len(poetry)} calls, median {statistics.median(poetry):.2f} s)" if poetry else "0 s",
        ),
        ("… … other commands (venv, pip, pip-tools, Pipenv, build, pytest, shell tools)", f"{tools - sum(poetry):.1f} s"),
        ("… … set-up shared by the session, in scenarios (index, made-up packages, dockerd and base images, the CI jobs' Python template)", f"{session_in_scenarios:.1f} s"),
        (
            "… … harness overhead: the rest of each scenario's time (sandbox, Docker clean-up, shell, comparison, checks)",
            f"{harness:.1f} s ({harness / tools:.1%} of tool time)",
        ),
        ("… … … the harness's parts as it times them (a session set-up that happened inside one is in it too): " + ", ".join(
            f"{PART_NAMES.get(name, name)} {seconds:.1f} s" for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1])
        ), f"{sum(v for k, v in parts.items() if k != 'CI job set-up'):.1f} s"),
    ]
    summary += [(f"… … of which {name}", f"{seconds:.1f} s") for name, seconds in sorted(scenario_tiers.items(), key=lambda kv: -kv[1])]
    summary += [(f"… {name}", f"{seconds:.1f} s") for name, seconds in sorted(tiers.items(), key=lambda kv: -kv[1])]
    pages = [(f"`{page}`", f"{seconds:.1f} s") for page, seconds in sorted(per_page.items(), key=lambda kv: -kv[1])]
    return summary, pages


def bench_html() -> list[tuple[str, str]]:
    subprocess.run(["make", "install"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", "_build/html"], cwd=REPO, check=True)
    full = timed(["make", "html"])
    unchanged = timed(["make", "html"])
    page = REPO / "docs" / "tutorials" / "migrate-an-application-from-requirements-txt.md"
    page.touch()
    one_page = timed(["make", "html"])
    pages = len([p for p in (REPO / "docs").rglob("*.md") if "_" not in p.relative_to(REPO / "docs").parts[0][:1]])
    return [
        (f"`make html`, full build ({pages} pages)", f"{full:.1f} s"),
        ("`make html`, nothing changed", f"{unchanged:.1f} s"),
        ("`make html`, one page changed", f"{one_page:.1f} s"),
    ]


def bench_page_loop() -> list[tuple[str, str]]:
    """The contributor's loop for one page, if the Makefile has it."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    if "\npage:" not in makefile:
        return []
    page = "migrate-an-application-from-requirements-txt"
    seconds, ran = make_test(target=["make", "page", f"PAGE={page}", "FRESH=1"])
    return [(f"`make page PAGE={page} FRESH=1` (the tutorial, the longest page, nothing cached)", f"{seconds:.1f} s: {ran}")]


def table(rows: list[tuple[str, str]], head: tuple[str, str] = ("What", "Time")) -> str:
    lines = [f"| {head[0]} | {head[1]} |", "| --- | --- |"]
    lines += [f"| {what} | {value} |" for what, value in rows]
    return "\n".join(lines)


def main() -> int:
    html = bench_html()
    summary, pages = bench_tests()
    print(f"Figures from {time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, Python {sys.version.split()[0]}, tools already installed.\n")
    print(table(html + summary), flush=True)
    print("\nSnippet scenarios by page (worker time):\n")
    print(table(pages, ("Page", "Time")), flush=True)
    print("\nThe contributor's loop (results cached by their inputs):\n")
    print(table(bench_cache() + bench_page_loop()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: wall time of `make test` and `make html`, and where the test time goes.

Run with `make bench`. It is a measurement, not a test: it prints a Markdown table for the
README's contributing section and never fails on a number.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def bench_tests() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.jsonl"
        junit = Path(tmp) / "junit.xml"
        env = dict(os.environ, P2P_TIMINGS=str(timings), PYTEST_ARGS=f"--junitxml={junit}")
        wall = timed(["make", "test"], env)
        rows = [json.loads(line) for line in timings.read_text().splitlines()]
        cases = ET.parse(junit).getroot().iter("testcase")
        durations = [(c.get("name", ""), float(c.get("time", 0))) for c in cases]
    scenario_time = sum(t for name, t in durations if name.startswith("test_scenario["))
    all_time = sum(t for _, t in durations)
    poetry = [r["seconds"] for r in rows if r["command"].split()[0] == "poetry"]
    other = sum(r["seconds"] for r in rows) - sum(poetry)
    harness = scenario_time - sum(poetry) - other
    return [
        ("`make test` (wall, 2 workers, tools already installed)", f"{wall:.1f} s"),
        ("Sum of all test durations across workers", f"{all_time:.1f} s"),
        ("… of which snippet scenarios", f"{scenario_time:.1f} s"),
        (
            "… … Poetry itself (inside scenarios)",
            f"{sum(poetry):.1f} s ({len(poetry)} calls, median {statistics.median(poetry):.2f} s)",
        ),
        ("… … other commands (python -m venv, pip, pytest, shell)", f"{other:.1f} s"),
        ("… … harness overhead (sandbox, shell, comparison)", f"{harness:.1f} s ({harness / scenario_time:.0%})"),
        ("… of which other tests (lint, integrity, harness, Sphinx build)", f"{all_time - scenario_time:.1f} s"),
    ]


def bench_html() -> list[tuple[str, str]]:
    subprocess.run(["make", "install"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", "_build/html"], cwd=REPO, check=True)
    full = timed(["make", "html"])
    unchanged = timed(["make", "html"])
    page = REPO / "docs" / "tutorials" / "migrate-an-application-from-requirements-txt.md"
    page.touch()
    one_page = timed(["make", "html"])
    return [
        ("`make html`, full build", f"{full:.1f} s"),
        ("`make html`, nothing changed", f"{unchanged:.1f} s"),
        ("`make html`, one page changed", f"{one_page:.1f} s"),
    ]


def main() -> int:
    rows = bench_html() + bench_tests()
    print(f"Measured on {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}.\n")
    print("| What | Time |\n| --- | --- |")
    for what, value in rows:
        print(f"| {what} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

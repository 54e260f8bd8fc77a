"""Benchmark all-repos-pip2poetry (not a test).

An organisation of N small pip-era repositories (a requirements file and a Dockerfile each),
served as local bare git remotes and cloned with all-repos-clone, migrated by the autofixer
against the test suite's local index with the merge_to_master push. Reported: the wall
time of -j 1 and -j 2, the time per repository, and the autofixer's own overhead per
repository (its clone, branch, commit and push around pip2poetry migrate), as a share of
migrate's time, next to the checks the issue asks for after each fix (pip2poetry lint and
poetry check --lock, which is mostly Poetry's start-up).

Run: .venv/bin/python tests/bench/bench_fleet.py   (prints a Markdown table)
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "fleet"))
from fleet_helpers import make_fleet  # noqa: E402
from harness import index  # noqa: E402
from harness.sandbox import Sandbox  # noqa: E402

COUNT = 8
APP = {
    "requirements.txt": "click==8.5.1\ntabulate==0.9.0\n",
    "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    "CODEOWNERS": "* @acme/payments\n",
}

# Timings of each repository, measured inside the autofixer's own process.
PROBE = """
import json, sys, time
from pip2poetry.fleet import autofix
real = autofix.fix_one
def timed(repo, **kw):
    result = real(repo, **kw)
    with open(sys.argv[1], "a") as f:
        f.write(json.dumps([result.name, result.outcome, result.seconds, result.migrate_seconds, result.check_seconds]) + "\\n")
    return result
autofix.fix_one = timed
sys.exit(autofix.main(sys.argv[2:]))
"""


def run_fleet(sandbox: Sandbox, root: Path, jobs: int) -> tuple[float, list[list]]:
    env = sandbox.env()
    make_fleet(root, {f"app-{i:02d}": APP for i in range(COUNT)}, env)
    subprocess.run(["all-repos-clone", "-C", "all-repos.json"], cwd=root, env=env, check=True, capture_output=True)
    timings = root / "timings.jsonl"
    probe = root / "probe.py"
    probe.write_text(PROBE)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(probe), str(timings), "-C", "all-repos.json", "-j", str(jobs)],
                            cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [json.loads(line) for line in timings.read_text().splitlines()] if timings.exists() else []
    return wall, rows


def main() -> None:
    dists = index.made_up_distributions() + index.wheelhouse_distributions()
    print(f"all-repos-pip2poetry on {COUNT} small repositories; {os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| -j | wall (s) | wall per repository (s) | migrate (s) | checks (s) | autofixer overhead |")
    print("| --: | --: | --: | --: | --: | --: |")
    with index.PackageIndex(dists) as served:
        for jobs in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                sandbox = Sandbox(Path(tmp), pypi_url=served.pypi_url, simple_url=served.simple_url,
                                  tools=("poetry", "pip2poetry", "all-repos"))
                wall, rows = run_fleet(sandbox, Path(tmp) / "org", jobs)
                per_repo = sum(r[2] for r in rows) / len(rows)
                migrate = sum(r[3] for r in rows) / len(rows)
                checks = sum(r[4] for r in rows) / len(rows)
                overhead = (per_repo - migrate - checks) / migrate
                print(f"| {jobs} | {wall:.1f} | {wall / COUNT:.2f} | {migrate:.2f} | {checks:.2f} | {overhead:.1%} |")


if __name__ == "__main__":
    main()

"""Benchmark pip2poetry migrate (not a test).

1. ``migrate --dry-run`` (no lock) on generated git work trees of 500 to 4,000 files, with
   one consumer (Dockerfile, workflow, GitLab CI, Makefile, tox.ini, script, README,
   Read the Docs) per 40 files: the goal is 2,000 files with 50 consumers under 1 s on
   2 cores, and time linear in size.
2. A full ``migrate`` of the how-to's sample against the test suite's local index, next to
   ``import --lock`` and one ``poetry lock`` on the same files: what migrate adds over
   the import is its per-file work.

Run: .venv/bin/python tests/bench/bench_migrate.py   (prints Markdown tables)
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from harness import index  # noqa: E402
from harness.sandbox import Sandbox  # noqa: E402

PIP2POETRY = Path(sys.executable).parent / "pip2poetry"
RUNS = 9
SIZES = (500, 1000, 2000, 4000, 8000)
FILES_PER_CONSUMER = 40

CONSUMERS = [
    ("Dockerfile", "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements/base.txt requirements/\n"
                   "RUN pip install --no-cache-dir -r requirements/base.txt\nCOPY . .\nCMD [\"python\", \"-m\", \"app\"]\n"),
    (".github/workflows/ci.yml", "jobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n"
                                 "      - run: pip install -r requirements/development.txt\n      - run: pytest -q\n"),
    (".gitlab-ci.yml", "test:\n  image: python:3.11-slim\n  script:\n    - pip install -r requirements/development.txt\n    - pytest -q\n"),
    ("Makefile", "install:\n\tpip install -r requirements/development.txt\ntest:\n\tpytest -q\n"),
    ("tox.ini", "[testenv]\ndeps = -rrequirements/development.txt\ncommands = pytest {posargs}\n"),
    ("scripts/bootstrap.sh", "#!/bin/sh\nset -e\npip install -r requirements/development.txt\npytest\n"),
    ("README.md", "# app\n\n```console\n$ pip install -r requirements/development.txt\n$ pytest\n```\n"),
    (".readthedocs.yaml", "version: 2\nbuild:\n  os: ubuntu-24.04\n  tools:\n    python: \"3.11\"\n"
                          "python:\n  install:\n    - requirements: docs/requirements.txt\n"),
]


def git(root: Path, *args: str) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(root.parent), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "b",
           "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def make_repository(root: Path, size: int, consumers: int | None = None) -> int:
    """A work tree of ``size`` files: requirements, source and tests, and one consumer per
    FILES_PER_CONSUMER files, each in a service folder of its own (services/NN/...)."""
    files = {
        "requirements/base.txt": "tabulate==0.9.0\nmore-itertools==10.8.0\n",
        "requirements/development.txt": "-r base.txt\npytest==9.2.0\n",
        "docs/requirements.txt": "sphinx==9.0.4\n",
    }
    consumers = size // FILES_PER_CONSUMER if consumers is None else consumers
    for i in range(consumers):
        name, text = CONSUMERS[i % len(CONSUMERS)]
        folder = f"services/s{i:03d}/" if i >= len(CONSUMERS) else ""
        rel = folder + name
        if folder and name in ("Makefile", "tox.ini"):  # these run in their own folder
            text = text.replace("requirements/", "../../requirements/").replace("docs/requirements.txt", "../../docs/requirements.txt")
        files[rel] = text
    n = 0
    while len(files) < size:
        files[f"app/pkg{n // 50:03d}/mod{n:05d}.py"] = f"def f{n}(x):\n    return x + {n}\n"
        n += 1
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pip era")
    return consumers


def median_seconds(command: list[str], cwd: Path, env: dict[str, str] | None = None, before=None, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def dry_run_table() -> list[str]:
    rows = ["| Work tree | Consumers | `migrate --dry-run` | Per 1,000 files (after start-up) | Growth (whole run) |", "| --- | ---: | ---: | ---: | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        # Start-up: one consumer of each kind, so every parser's import is counted here.
        smallest = Path(tmp) / "smallest"
        make_repository(smallest, len(CONSUMERS) + 3, consumers=len(CONSUMERS))
        startup = median_seconds([str(PIP2POETRY), "migrate", "--dry-run"], smallest)
        rows.append(f"| {len(CONSUMERS) + 3} files (start-up: one consumer of each kind) | {len(CONSUMERS)} | {startup:.2f} s | | |")
        previous: tuple[int, float] | None = None
        for size in SIZES:
            root = Path(tmp) / f"tree-{size}"
            consumers = make_repository(root, size)
            seconds = median_seconds([str(PIP2POETRY), "migrate", "--dry-run"], root)
            per = (seconds - startup) / size * 1000
            growth = f"{seconds / previous[1]:.2f}x the time for {size / previous[0]:.0f}x files" if previous else ""
            rows.append(f"| {size:,} files | {consumers} | {seconds:.2f} s | {per * 1000:.0f} ms | {growth} |")
            previous = (size, seconds)
            shutil.rmtree(root)
    return rows


def full_table() -> list[str]:
    rows = ["| On the how-to's sample (ledger-export) | Median of 3 |", "| --- | ---: |"]
    dists = index.made_up_distributions() + index.wheelhouse_distributions()
    with index.PackageIndex(dists) as served, tempfile.TemporaryDirectory() as tmp:
        sandbox = Sandbox(Path(tmp), pypi_url=served.pypi_url, simple_url=served.simple_url, tools=("poetry", "pip2poetry"))
        env = sandbox.env()
        project = sandbox.copy_sample("ledger-export")
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "pip era")

        def restore() -> None:
            git(project, "reset", "-q", "--hard")
            git(project, "clean", "-q", "-fdx")

        subprocess.run(["pip2poetry", "migrate"], cwd=project, env=env, capture_output=True)  # warm Poetry's cache
        restore()
        migrate = median_seconds(["pip2poetry", "migrate"], project, env, before=restore, runs=3)
        importing = median_seconds(["pip2poetry", "import", "--lock"], project, env, before=restore, runs=3)
        restore()
        subprocess.run(["pip2poetry", "import"], cwd=project, env=env, capture_output=True)

        def unlock() -> None:
            (project / "poetry.lock").unlink(missing_ok=True)

        lock = median_seconds(["poetry", "lock"], project, env, before=unlock, runs=3)
        restore()
        dry = median_seconds(["pip2poetry", "migrate", "--dry-run"], project, env, runs=3)
    rows.append(f"| `poetry lock` alone | {lock:.2f} s |")
    rows.append(f"| `pip2poetry import --lock` (two locks and a check) | {importing:.2f} s |")
    rows.append(f"| `pip2poetry migrate` (the import, 9 consumers rewritten, 3 files retired) | {migrate:.2f} s |")
    rows.append(f"| … of which not the import | {migrate - importing:+.2f} s |")
    rows.append(f"| `pip2poetry migrate --dry-run` (no lock) | {dry:.2f} s |")
    return rows


def main() -> int:
    print(f"`pip2poetry migrate`; {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}")
    print()
    print("\n".join(dry_run_table()))
    print()
    print("\n".join(full_table()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

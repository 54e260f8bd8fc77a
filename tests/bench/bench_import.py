"""Benchmark pip2poetry import (not a test): translating requirements files of growing
size without --lock, and what --lock adds over Poetry's own `poetry lock`.

Run: .venv/bin/python tests/bench/bench_import.py   (prints a Markdown table)

The --lock part runs the pinned Poetry against the test suite's local index (127.0.0.1),
through the harness's launcher, exactly as the tests do; nothing reaches PyPI.
"""

from __future__ import annotations

import os
import platform
import resource
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
RUNS = 7
SIZES = (125, 250, 500, 1000, 2000)
HASH = "sha256:" + "ab" * 32


def requirements(lines: int) -> str:
    """A pip-compile --generate-hashes style file: a pin, a comment line and two hash
    continuation lines per package, so ``lines`` lines hold lines / 4 packages."""
    out = ["--extra-index-url https://pypi.example.com/simple/"]
    i = 0
    while len(out) < lines:
        extra = "[x]" if i % 5 == 0 else ""
        marker = ' ; python_version >= "3.8"' if i % 7 == 0 else ""
        out += [f"package-{i:04d}{extra}=={i % 9}.{i % 13}.{i % 4}{marker} \\", f"    --hash={HASH} \\", f"    --hash={HASH}", f"    # via -r requirements.in ({i})"]
        i += 1
    return "\n".join(out[:lines]) + "\n"


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None, before=None, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall time and median CPU time (user + system) of the command. On a busy
    machine the wall time includes waiting for a CPU; the CPU time does not."""
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return statistics.median(walls), statistics.median(cpus)


def median(command: list[str], cwd: Path, env: dict[str, str] | None = None, before=None, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    return timed(command, cwd, env, before, runs)[0]


def translate_table() -> list[str]:
    rows = [
        "| Requirements file | Packages | Wall (median of 7) | CPU (median of 7) | CPU beyond start-up, per 1,000 lines |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    # As on a reader's machine, Python caches byte code (this project's shell may have
    # PYTHONDONTWRITEBYTECODE set, which would compile every module on every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "requirements.txt").write_text(requirements(8))
        subprocess.run([str(PIP2POETRY), "import"], cwd=root, env=env, capture_output=True)  # writes the byte code
        base_wall, base_cpu = timed([str(PIP2POETRY), "--version"], root, env)
        for size in SIZES:
            (root / "requirements.txt").write_text(requirements(size))
            wall, cpu = timed([str(PIP2POETRY), "import"], root, env, before=lambda: (root / "pyproject.toml").unlink(missing_ok=True))
            rows.append(f"| {size} lines | {size // 4} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {(cpu - base_cpu) * 1e6 / size:.0f} ms |")
        rows.append(f"| (start-up: `pip2poetry --version`) | | {base_wall * 1000:.0f} ms | {base_cpu * 1000:.0f} ms | |")
    return rows


def lock_table() -> list[str]:
    dists = index.made_up_distributions() + index.wheelhouse_distributions()
    rows = ["| Sample project | `poetry lock` alone | `pip2poetry import --lock` | Added over one `poetry lock` |", "| --- | ---: | ---: | ---: |"]
    with index.PackageIndex(dists) as served, tempfile.TemporaryDirectory() as tmp:
        sandbox = Sandbox(Path(tmp), pypi_url=served.pypi_url, simple_url=served.simple_url, tools=("poetry", "pip2poetry"))
        env = sandbox.env()
        for sample in ("pip-tools-app", "pipenv-app"):
            project = sandbox.copy_sample(sample)
            subprocess.run(["pip2poetry", "import"], cwd=project, env=env, capture_output=True)  # the written pyproject.toml
            written = (project / "pyproject.toml").read_text()

            def fresh() -> None:
                (project / "poetry.lock").unlink(missing_ok=True)

            def restart() -> None:
                fresh()
                (project / "pyproject.toml").unlink()

            subprocess.run(["poetry", "lock"], cwd=project, env=env, capture_output=True)  # warm Poetry's cache
            alone = median(["poetry", "lock"], project, env, before=fresh, runs=3)
            ours = median(["pip2poetry", "import", "--lock"], project, env, before=restart, runs=3)
            assert (project / "pyproject.toml").read_text() == written
            rows.append(f"| {sample} | {alone:.1f} s | {ours:.1f} s | {ours - alone:+.1f} s ({ours / alone:.1f}× one lock) |")
    return rows


def main() -> int:
    print(f"Python {platform.python_version()}, {platform.machine()}, {shutil.which('nproc') and subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} CPUs\n")
    print("\n".join(translate_table()))
    print()
    print("\n".join(lock_table()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

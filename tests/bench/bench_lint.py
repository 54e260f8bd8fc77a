"""Benchmark pip2poetry lint (not a test): start-up against `poetry check`, and --fix scaling.

Run: .venv/bin/python tests/bench/bench_lint.py   (prints a Markdown table)
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
from harness.paths import poetry_venv  # noqa: E402  (the pinned Poetry, declared once)

PIP2POETRY = Path(sys.executable).parent / "pip2poetry"
POETRY = poetry_venv() / "bin" / "poetry"
RUNS = 7


def pyproject(deps: int) -> str:
    lines = [
        "[project]",
        'name = "bench"',
        'version = "0.1.0"',
        'requires-python = ">=3.11,<4.0"',
        'dynamic = ["dependencies"]',
        "",
        "[tool.poetry]",
        "package-mode = false",
        "",
        "[tool.poetry.dependencies]",
    ]
    for i in range(deps):
        major, minor, patch = i % 5, (i * 7) % 13, (i * 3) % 11
        if i % 4 == 0:
            lines.append(f'package-{i:04d} = {{ version = "^{major}.{minor}.{patch}", extras = ["x"] }}  # note {i}')
        else:
            lines.append(f'package-{i:04d} = "^{major}.{minor}.{patch}"')
    return "\n".join(lines) + "\n"


def median_seconds(command: list[str], cwd: Path, env: dict[str, str], reset: str | None = None) -> float:
    times = []
    for _ in range(RUNS):
        if reset is not None:
            (cwd / "pyproject.toml").write_text(reset)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = dict(os.environ)
        for sub in ("home", "config", "cache", "data"):
            (root / sub).mkdir()
        poetry_env = env | {
            "HOME": str(root / "home"),
            "POETRY_CONFIG_DIR": str(root / "config"),
            "POETRY_CACHE_DIR": str(root / "cache"),
            "POETRY_DATA_DIR": str(root / "data"),
        }
        fifty = root / "fifty"
        fifty.mkdir()
        (fifty / "pyproject.toml").write_text(pyproject(50))
        lint = median_seconds([str(PIP2POETRY), "lint"], fifty, env)
        check = median_seconds([str(POETRY), "check"], fifty, poetry_env)
        rows.append(("`pip2poetry lint`, 50 caret dependencies", lint, ""))
        rows.append(("`poetry check`, same file", check, f"{check / lint:.1f}x slower than `pip2poetry lint`"))
        previous = None
        for deps in (250, 500, 1000, 2000):
            folder = root / f"fix{deps}"
            folder.mkdir()
            text = pyproject(deps)
            seconds = median_seconds([str(PIP2POETRY), "lint", "--fix"], folder, env, reset=text)
            note = ""
            if previous:
                per_dep = (seconds - previous[1]) / (deps - previous[0]) * 1000
                note = f"{per_dep:.3f} ms per extra dependency since {previous[0]}"
            rows.append((f"`pip2poetry lint --fix`, {deps} caret dependencies", seconds, note))
            previous = (deps, seconds)
    print(f"Median of {RUNS} runs; Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}.")
    print()
    print("| Command | Median | Note |")
    print("| --- | ---: | --- |")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds * 1000:.0f} ms | {note} |")
    return 0


if __name__ == "__main__":
    if not PIP2POETRY.exists() or not POETRY.exists() or not shutil.which("git"):
        sys.exit("run 'make install' first")
    sys.exit(main())

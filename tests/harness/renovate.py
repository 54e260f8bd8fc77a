"""Renovate as a scenario tool (``tools = [..., "renovate"]`` in a scenario.toml).

The pinned Renovate runs on the pinned Node 24, both installed by make from the committed
package-lock.json into ``node_modules`` (``paths.NODE_BIN``). A scenario that declares it
gets ``renovate``, ``renovate-config-validator`` and that ``node`` on its PATH (Renovate's
``#!/usr/bin/env node`` then finds Node 24, never the machine's own Node), and a few
settings a reader does not need:

* ``RENOVATE_BASE_DIR`` inside the sandbox: Renovate's package cache lives there, so no run
  answers from another run's cache;
* ``RENOVATE_INTERNAL_HOST_ACCESS=allow``: the local index is on 127.0.0.1, which Renovate
  refuses (with a warning in its report) unless the administrator allows internal hosts;
* ``RENOVATE_X_IGNORE_RE2=true``: make installs without npm's optional packages, so
  Renovate runs without the ``re2`` module a reader's npm would download, and says so
  with a warning unless told this is expected.

The pypi datasource reads ``PIP_INDEX_URL``, which every sandbox already points at the
local index, so Renovate looks up releases there just as Poetry and pip do.

Renovate exits with status 0 even when it gave up on the repository (an invalid
``renovate.json``, an unreachable host). ``report_problems`` reads every report that a
scenario's runs wrote (``--report-type=file``) and returns the problems in it, so the
scenario fails on them whatever its transcripts show.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

from .paths import NODE_BIN

#: what a scenario with the tool finds on its PATH
COMMANDS = ("renovate", "renovate-config-validator", "node")


def install(bin_dir: Path) -> None:
    """Link the pinned Renovate, its validator and Node 24 into a sandbox's bin folder."""
    for name in COMMANDS:
        source = NODE_BIN / name
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing: run 'make install' first (npm ci)")
        (bin_dir / name).symlink_to(source)


def environment(root: Path) -> dict[str, str]:
    """The settings every Renovate run in the sandbox at ``root`` gets (see above)."""
    base = root / "renovate"
    base.mkdir(exist_ok=True)
    return {
        "RENOVATE_BASE_DIR": str(base),
        "RENOVATE_INTERNAL_HOST_ACCESS": "allow",
        "RENOVATE_X_IGNORE_RE2": "true",
    }


def reports(folder: Path) -> list[Path]:
    """Renovate's JSON reports under ``folder``: files with its top-level keys."""
    found = []
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in ("node_modules", ".venv", ".git", "renovate")]
        for name in files:
            if not name.endswith(".json"):
                continue
            path = Path(dirpath) / name
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and {"problems", "repositories"} <= data.keys():
                found.append(path)
    return sorted(found)


#: Renovate's log levels (bunyan's numbers), as its own log prints them
LEVELS = {10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL"}


def _line(problem: dict[str, object]) -> str:
    level = problem.get("level")
    err = problem.get("err")
    detail = ""
    if isinstance(err, dict):
        detail = str(err.get("validationMessage") or err.get("message") or "")
    text = f"{LEVELS.get(level, level) if isinstance(level, int) else level}: {problem.get('msg', '')}"
    return text + (f" ({detail})" if detail else "")


def problems(report: Path) -> list[str]:
    """The problems a report records, globally and per repository, one line each."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = [_line(p) for p in data.get("problems", [])]
    for name, repo in data.get("repositories", {}).items():
        found.extend(f"{_line(p)} [repository {name}]" for p in repo.get("problems", []))
    return found


#: a command that runs Renovate itself (not its validator)
RUNS_RENOVATE = re.compile(r"(?:^|[\s;&|(])(?:npx\s+)?renovate(?:@\S+)?(?=\s|$)", re.MULTILINE)


def report_problems(folder: Path) -> list[str]:
    """Every problem in every Renovate report under ``folder`` (a sandbox's root), naming
    the report; and, if a command in the sandbox's shell ran Renovate while no report was
    written, that nothing could tell whether it gave up."""
    found = reports(folder)
    lines = [f"{path.name}: {line}" for path in found for line in problems(path)]
    scripts = sorted((folder / "shell").glob("*.sh")) if (folder / "shell").is_dir() else []
    ran = [p for p in scripts if RUNS_RENOVATE.search(p.read_text(encoding="utf-8", errors="replace"))]
    if ran and not found:
        lines.append("Renovate ran without writing a report (--report-type=file --report-path=...), so nothing tells whether it gave up")
    return lines


def run(argv: list[str], cwd: Path, tmp: Path, timeout: float = 300.0) -> tuple[int, str]:
    """Run one of COMMANDS outside a scenario (the config tests): its own HOME and base
    folder under ``tmp``, Node 24 first on PATH, a dead proxy. Returns (status, output)."""
    import subprocess

    from .sandbox import isolated_env

    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = isolated_env(home, path=[str(NODE_BIN)], tmpdir=tmp)
    env.update(environment(tmp))
    env["NO_COLOR"] = "1"
    if not (NODE_BIN / argv[0]).exists():
        return 127, f"{NODE_BIN / argv[0]} is missing: run 'make install' first (npm ci)\n"
    proc = subprocess.run(
        [str(NODE_BIN / argv[0]), *argv[1:]], cwd=cwd, env=env, timeout=timeout,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


@functools.cache
def schema() -> dict[str, object]:
    """The JSON schema that the pinned Renovate ships for its configuration."""
    return json.loads((NODE_BIN.parent / "renovate" / "renovate-schema.json").read_text(encoding="utf-8"))


def range_strategies() -> list[str]:
    """The values of rangeStrategy that the pinned Renovate knows (from its schema)."""
    return list(schema()["definitions"]["rangeStrategy"]["enum"])  # type: ignore[index]


def bad_range_strategies(config: object, where: str = "$") -> list[str]:
    """Every rangeStrategy in a configuration (also inside packageRules) whose value the
    pinned Renovate does not know. Its validator does not check them; a run falls back
    to "replace" for an unknown one, silently."""
    allowed = range_strategies()
    found: list[str] = []
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "rangeStrategy" and value not in allowed:
                found.append(f"{where}.rangeStrategy: {value!r} is not one of {', '.join(allowed)}")
            found.extend(bad_range_strategies(value, f"{where}.{key}"))
    elif isinstance(config, list):
        for i, value in enumerate(config):
            found.extend(bad_range_strategies(value, f"{where}[{i}]"))
    return found

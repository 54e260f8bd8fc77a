"""``tests/verified-commands.json``: the commands each transcript held when a real run last
produced its output.

A changed output line is caught by comparison, but a changed command is not always: many
flags do not change what a command prints. So update mode records every transcript's
commands after running them, and a normal run first checks that the transcript still holds
exactly those commands. An edited command therefore fails until ``make update-snippets``
has produced its output for real: no expected output exists that a run did not produce.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

from .paths import REPO

RECORD = REPO / "tests" / "verified-commands.json"


def _key(snippet: Path) -> str:
    return snippet.relative_to(REPO).as_posix() if snippet.is_relative_to(REPO) else str(snippet)


def load() -> dict[str, list[str]]:
    if not RECORD.exists():
        return {}
    return json.loads(RECORD.read_text(encoding="utf-8"))


def recorded(snippet: Path) -> list[str] | None:
    return load().get(_key(snippet))


def store(snippet: Path, commands: list[str]) -> None:
    """Record (under a lock: parallel workers update the same file)."""
    RECORD.touch(exist_ok=True)
    with RECORD.open("r+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        text = fh.read()
        data = json.loads(text) if text.strip() else {}
        data[_key(snippet)] = commands
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(dict(sorted(data.items())), indent=2) + "\n")


def prune(existing: set[Path]) -> None:
    """Drop entries for transcripts that no longer exist (update mode, whole-suite runs)."""
    data = load()
    keep = {k: v for k, v in data.items() if (REPO / k).resolve() in existing}
    if keep != data:
        RECORD.write_text(json.dumps(keep, indent=2) + "\n", encoding="utf-8")

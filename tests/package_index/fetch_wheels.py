"""Download the real wheels the local test index serves, exactly as wheelhouse.txt pins them.

    python3 tests/package_index/fetch_wheels.py POETRY_VERSION DEST
    python3 tests/package_index/fetch_wheels.py --pinned NAME     (prints NAME's one pin)

Run by the Makefile (the only step of the test suite that reaches PyPI). The list may pin
one package at several versions: a page that shows "a newer release exists" needs the
older release its sample project uses and the newer one. pip resolves one version per name,
so the list is downloaded in rounds: the first pin of every name together with the pinned
Poetry (dependencies resolved, so a missing pin shows up), later pins without dependencies.

Incremental: wheels already in DEST are not downloaded again, and wheels the list no longer
pins are deleted, so the index never serves a version nobody chose. A wheel that pip brought
in but the list does not pin is an error naming the line to add.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

LIST = Path(__file__).with_name("wheelhouse.txt")
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> list[tuple[str, str]]:
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN_RE.match(line)
        if not match:
            sys.exit(f"{LIST}:{number}: expected one exact pin such as 'name==1.2.3', got {line!r}")
        result.append((match.group(1), match.group(2)))
    return result


def pinned(name: str) -> str:
    """The one version the list pins for ``name`` (a tool installed from the wheelhouse)."""
    versions = [v for n, v in pins(LIST.read_text(encoding="utf-8")) if canonical(n) == canonical(name)]
    if len(versions) != 1:
        raise LookupError(f"{LIST} pins {name} {len(versions)} times; a tool needs exactly one pin")
    return versions[0]


def wheel_key(path: Path) -> tuple[str, str]:
    name, version = path.name.split("-")[:2]
    return canonical(name), version


def rounds(wanted: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    batches: list[list[tuple[str, str]]] = []
    for name, version in wanted:
        for batch in batches:
            if all(canonical(n) != canonical(name) for n, _ in batch):
                batch.append((name, version))
                break
        else:
            batches.append([(name, version)])
    return batches


def download(dest: Path, requirements: list[str], deps: bool) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(dest)]
    if not deps:
        command.append("--no-deps")
    subprocess.run(command + requirements, check=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--pinned":
        print(pinned(sys.argv[2]))
        return
    if len(sys.argv) != 3:
        sys.exit("usage: fetch_wheels.py POETRY_VERSION DEST")
    poetry_version, dest = sys.argv[1], Path(sys.argv[2])
    dest.mkdir(parents=True, exist_ok=True)
    wanted = [("poetry", poetry_version), *pins(LIST.read_text(encoding="utf-8"))]
    keys = {(canonical(n), v) for n, v in wanted}
    have = {wheel_key(p) for p in dest.glob("*.whl")}
    for number, batch in enumerate(rounds(wanted)):
        missing = [f"{n}=={v}" for n, v in batch if (canonical(n), v) not in have]
        if number == 0 and missing:  # resolved together, so an unpinned dependency shows up
            download(dest, [f"{n}=={v}" for n, v in batch], deps=True)
        elif missing:
            download(dest, missing, deps=False)
    unlisted = []
    for path in sorted(dest.glob("*.whl")):
        if wheel_key(path) not in keys:
            unlisted.append(path)
    stale = [p for p in unlisted if wheel_key(p)[0] in {canonical(n) for n, _ in wanted}]
    for path in stale:  # an older pin of a listed package: the list moved on
        path.unlink()
    if extra := [p for p in unlisted if p not in stale]:
        names = ", ".join("==".join(wheel_key(p)) for p in extra)
        for path in extra:
            path.unlink()
        sys.exit(f"{LIST}: pip also needed {names}; pin it there (every served wheel is chosen on purpose)")


if __name__ == "__main__":
    main()

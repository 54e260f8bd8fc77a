"""A requirements file kept as the lock's export during a transition: written by
``pip2poetry migrate --keep-requirements`` and checked by ``pip2poetry check-export``.

During a transition a repository keeps ``requirements.txt`` for whoever still reads it (a
deploy script, another team's image, the way back). ``export_text`` writes it from
``poetry.lock`` alone: each package of the main group pinned to the lock's version, with its
marker and the lock's hashes, as ``poetry export --only main`` does (that command needs the
export plugin, which Poetry installs only on ``poetry install``; migrate installs nothing).
Nothing in Poetry notices when the lock moves on and the file does not: ``check`` does,
offline, from the two files alone. It compares names and versions both ways: a pin the lock
does not hold, a version the lock moved, a main package the file lacks. So the file may be
regenerated with ``poetry export --only main --output FILE`` as well.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib

HELP = "check that a requirements file exported from poetry.lock still holds the lock's versions"
DESCRIPTION = (
    "Compare a requirements file written by 'poetry export --only main' with poetry.lock: "
    "every pin must be the lock's version, and every package of the lock's main group must be "
    "pinned. Reads the two files only. Exit status: 0 in sync, 1 drifted, 2 bad input."
)
FIX = "poetry export --only main --output {path}"


class BadInput(Exception):
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="FILE", default=["requirements.txt"],
                        help="the exported requirements files (default: requirements.txt)")
    parser.add_argument("--lock", metavar="FILE", default="poetry.lock", help="the lock file (default: poetry.lock)")


def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return canonicalize_name(name)


def _load(lock_path: str) -> dict:
    try:
        with open(lock_path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise BadInput(f"{lock_path}: no such file (run poetry lock first)") from None
    except tomllib.TOMLDecodeError as e:
        raise BadInput(f"{lock_path}:{getattr(e, 'lineno', 0) or 1}: not a lock file: {e.args[0].split(' (at')[0]}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(f"{lock_path}: cannot be read: {e}") from None


def _main_packages(doc: dict, where: str) -> list[tuple[str, str, str, list[str]]]:
    """(name, version, marker, hashes) of each package the lock has for the main group."""
    out = []
    for package in doc.get("package", []):
        if not isinstance(package, dict) or "name" not in package or "version" not in package:
            raise BadInput(f"{where}: a [[package]] without name and version: not a Poetry lock file")
        groups = package.get("groups")
        if groups is None:  # lock files written by Poetry 1.x: one category per package
            groups = [package.get("category", "main")]
        if "main" not in groups:
            continue
        markers = package.get("markers", "")
        marker = markers.get("main", "") if isinstance(markers, dict) else markers
        hashes = [f["hash"] for f in package.get("files", []) if isinstance(f, dict) and "hash" in f]
        out.append((package["name"], package["version"], marker, hashes))
    return out


def main_group(lock_path: str) -> dict[str, tuple[str, bool]]:
    """name -> (version, needed without extras) for every main package of the lock."""
    return {_canonical(n): (v, "extra ==" not in m) for n, v, m, _ in _main_packages(_load(lock_path), lock_path)}


def export_text(lock_path: str, rel: str) -> str:
    """The requirements file for the lock's main group, without the project's extras."""
    from packaging.requirements import Requirement

    lines = ["# The main dependencies, exported from poetry.lock (pip2poetry migrate --keep-requirements).",
             f"# Do not edit: change pyproject.toml, run poetry lock, then: {FIX.format(path=rel)}",
             f"# pip2poetry check-export {rel} fails when this file and the lock differ."]
    for name, version, marker, hashes in sorted(_main_packages(_load(lock_path), lock_path), key=lambda p: _canonical(p[0])):
        if "extra ==" in marker:
            continue
        line = f"{name}=={version}" + (f" ; {marker}" if marker else "")
        Requirement(line)  # what is written is a requirement, or this is a bug that writes nothing
        lines.append(line + "".join(f" \\\n    --hash={h}" for h in hashes))
    return "\n".join(lines) + "\n"


def pins(path: str) -> list[tuple[int, str, str | None]]:
    """(line, name, pinned version or None) for each requirement of the file."""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: cannot be read as text: {e.__class__.__name__}") from None
    from pip2poetry.importer.requirements import logical_lines

    out: list[tuple[int, str, str | None]] = []
    for logical in logical_lines(text):  # pip's own joining of continuations, comments gone
        line, start = logical.text, logical.number
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
            raise BadInput(f"{path}:{start}: merge-conflict marker; resolve the conflict, then export again")
        if line.startswith("-"):
            continue  # index options; --hash continuations are part of their requirement's line
        requirement = line.split(" --hash", 1)[0].strip()
        try:
            req = Requirement(requirement)
        except InvalidRequirement as e:
            raise BadInput(f"{path}:{start}: not a requirement: {e}") from None
        versions = [s.version for s in req.specifier if s.operator in ("==", "===")]
        out.append((start, _canonical(req.name), versions[0] if versions else None))
    return out


def check(path: str, locked: dict[str, tuple[str, bool]]) -> list[str]:
    """One line per difference, each naming ``path:line``."""
    problems: list[str] = []
    seen: set[str] = set()
    for line, name, version in pins(path):
        seen.add(name)
        if name not in locked:
            problems.append(f"{path}:{line}: {name} is not in the lock's main group")
        elif version is None:
            problems.append(f"{path}:{line}: {name} is not pinned (the lock has {locked[name][0]})")
        elif version != locked[name][0]:
            problems.append(f"{path}:{line}: {name}=={version}, the lock has {locked[name][0]}")
    for name in sorted(n for n, (_, needed) in locked.items() if needed and n not in seen):
        problems.append(f"{path}: {name}=={locked[name][0]} is in the lock's main group but not in the file")
    return problems


def run(args: argparse.Namespace) -> int:
    try:
        locked = main_group(args.lock)
        results = [(path, check(path, locked)) for path in args.paths]
    except BadInput as e:
        print(f"pip2poetry: {e}", file=sys.stderr)
        return 2
    drifted = False
    for path, problems in results:
        if problems:
            drifted = True
            for p in problems:
                print(p)
            print(f"{path} has drifted from {os.path.basename(args.lock)}: run {FIX.format(path=path)}", file=sys.stderr)
        else:
            print(f"{path} matches {os.path.basename(args.lock)} ({len(locked)} package{'' if len(locked) == 1 else 's'})")
    return 1 if drifted else 0

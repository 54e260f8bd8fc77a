"""``--lock``: lock with today's exact versions, then with the policy's ranges, and verify.

Poetry 2 keeps the locked version of every package that still fits when it locks again, so
the second lock (with the ranges that are written) keeps the versions of the first (with
today's exact versions, transitive packages included, pinned through a temporary group).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

from pip2poetry.files import write_atomically
from pip2poetry.importer import pep508
from pip2poetry.importer.model import InputError, sanitize

LOCKFILE = "poetry.lock"


class Verification:
    def __init__(self, final_text: str, same: int, differing: int, missing: int, summary: str) -> None:
        self.final_text, self.same, self.differing, self.missing = final_text, same, differing, missing
        self.summary = summary


def find_poetry(given: str | None) -> str:
    if given:
        path = shutil.which(given) if os.sep not in given else given
        if not path or not os.access(path, os.X_OK):
            raise InputError(f"--poetry {given}: not an executable file")
        return path
    path = shutil.which("poetry")
    if not path:
        raise InputError("--lock needs Poetry: no poetry on PATH (give --poetry PATH)")
    return path


def _poetry_lock(poetry: str, project: str, step: str) -> None:
    proc = subprocess.run([poetry, "lock", "--no-interaction"], cwd=project, capture_output=True, text=True)
    if proc.returncode != 0:
        output = sanitize((proc.stdout + proc.stderr).strip())
        sys.stderr.write(output + "\n")
        last = next((line.strip() for line in reversed(output.splitlines()) if line.strip()), "no output")
        raise InputError(f"poetry lock failed ({step}): {last}; pyproject.toml and poetry.lock left as they were")


def locked_packages(project: str, env: dict[str, str], extras: set[str] = frozenset()) -> dict[str, tuple[str, bool]]:
    """name -> (version, applies on this platform) from poetry.lock. A package locked for an
    extra of the project (``extra == "table"``) applies when that extra is one of ``extras``."""
    with open(os.path.join(project, LOCKFILE), "rb") as f:
        doc = tomllib.load(f)
    out: dict[str, tuple[str, bool]] = {}
    for package in doc.get("package", []):
        markers = package.get("markers")
        texts = list(markers.values()) if isinstance(markers, dict) else [markers] if markers else []
        applies = not texts or any(_applies(t, env, extras) for t in texts)
        key = pep508.normalize(package["name"])
        version = pep508.canonical_version(package["version"])
        if key not in out or applies:
            out[key] = (version, applies)
    return out


def _applies(marker: str, env: dict[str, str], extras: set[str] = frozenset()) -> bool:
    try:
        parsed = pep508.parse_marker(marker)
    except pep508.SpecifierError:
        return True
    return parsed.evaluate(env) or any(parsed.evaluate({**env, "extra": e}) for e in extras)


def lock(importer, poetry: str, original: str, overrides: dict) -> Verification:  # type: ignore[no-untyped-def]
    from pip2poetry.importer.others import environment

    imp = importer.imp
    project = importer.project
    env = environment(imp.python_full or None)
    pyproject = os.path.join(project, "pyproject.toml")
    lockfile = os.path.join(project, LOCKFILE)
    direct = {d.key for d in imp.deps}
    extras = {d.extra for d in imp.deps if d.extra}
    own = pep508.normalize(str(imp.metadata.get("name") or importer._name()))
    transitive = {key: version for key, (version, _) in sorted(imp.today.items()) if key not in direct and key != own}
    pinned = importer.build(original, importer.constraints(overrides, pinned=True), extra_group=transitive, quiet=True)
    old_lock = open(lockfile, "rb").read() if os.path.exists(lockfile) else None

    def restore() -> None:
        if original:
            write_atomically(pyproject, original)
        elif os.path.exists(pyproject):
            os.unlink(pyproject)
        if old_lock is not None:
            write_atomically(lockfile, old_lock)
        elif os.path.exists(lockfile):
            os.unlink(lockfile)

    try:
        write_atomically(pyproject, pinned)
        _poetry_lock(poetry, project, "with today's exact versions")
        locked = locked_packages(project, env, extras)
        final = importer.build(original, importer.constraints(overrides, locked={k: v for k, (v, _) in locked.items()}))
        write_atomically(pyproject, final)
        _poetry_lock(poetry, project, "with the written ranges")
        locked = locked_packages(project, env, extras)
    except BaseException:
        restore()
        raise

    same = differing = missing = 0
    elsewhere = {
        d.key for d in imp.deps if d.marker and not _applies(d.marker, env)
    } - {d.key for d in imp.deps if not d.marker or _applies(d.marker, env)}
    for key, (version, where) in sorted(imp.today.items()):
        if key == own or key in elsewhere:
            continue  # the project itself, or a dependency for another platform
        got = locked.get(key)
        if got is None or not got[1]:
            missing += 1
            imp.note(LOCKFILE, f"{key} {version} ({where}) runs today but is not locked for this platform", todo=True)
        elif pep508.version_key(got[0]) != pep508.version_key(version):
            differing += 1
            imp.note(LOCKFILE, f"{key}: locked at {got[0]}, today {version} ({where})", todo=True)
        else:
            same += 1
    unknown = sorted(k for k, (v, applies) in locked.items() if applies and k not in imp.today)
    if unknown:
        imp.note(LOCKFILE, f"locked with no version known from today: {', '.join(f'{k} {locked[k][0]}' for k in unknown)}")
    summary = (
        f"Locked {sum(1 for v in locked.values() if v[1])} packages for this platform: "
        f"{same} at today's version, {differing} differing, {missing} missing."
    )
    return Verification(final, same, differing, missing, summary)

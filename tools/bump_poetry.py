"""Move the guide to another Poetry release and re-verify every snippet: make bump-poetry VERSION=X.Y.Z

    python3 tools/bump_poetry.py X.Y.Z      (what make bump-poetry runs)
    python3 tools/bump_poetry.py --newest   (prints the newest Poetry release if it is newer
                                             than the pinned one, else nothing: the workflow)

Steps, in order, on a clean work tree:

1. The pins a person types change: ``requires-poetry`` in pyproject.toml (where the release
   is declared), and in every snippet a reader copies (the commands of transcripts, whole
   other files) and in this repository's .pre-commit-config.yaml, each form of pin in
   ``pin_patterns``: ``poetry==OLD``, the ``rev`` of Poetry's own pre-commit hooks, the
   CircleCI orb's ``version``. The test group's poetry-core pin follows Poetry's.
2. The wheelhouse list's first section (Poetry's own dependencies and pytest's, everything
   above the first ``# ---`` heading) is resolved again for the new Poetry. Pins that still
   fit are kept, so the diff shows what Poetry changed, not what PyPI published meanwhile;
   only when they cannot all be kept is the section resolved fresh.
3. ``make lock`` re-locks with the new Poetry (make installs it first), then
   ``make update-snippets`` reruns every scenario and rewrites its outputs from the real runs,
   in two runs, because Docker images and CI jobs install Poetry with
   ``pip install -c poetry-constraints.txt "poetry==X"`` and the file must pin the new
   release's dependencies before any scenario installs the new release with it:

   a. The Docker page's scenario first (``-k build-docker-images-for-a-poetry-project/``).
      It records ``poetry-constraints.txt`` itself: pip freeze of a fresh virtual environment
      that the new Poetry was installed into from the local index (its own images use that
      file, not a copy).
   b. That recorded file is copied to every other copy: each ``poetry-constraints.txt``
      under ``snippets/`` (the CI page's jobs install Poetry with theirs) and under ``src/``
      (the package data that pip2poetry migrate writes, which migrate's pages build and run).
   c. Every other scenario (``-k 'not build-docker-images-for-a-poetry-project/'``), so the
      CI page's jobs and migrate's pages install the new Poetry with the new pins.

   The copies are what a real pip freeze printed, not pins worked out here; if the first run
   fails, nothing is copied and the rest does not run (it would install with stale pins).
4. A report (printed, and written to _build/bump-poetry-report.md for the pull request)
   lists per page which snippet files changed and by how many lines, the changed pins, the
   copies of poetry-constraints.txt that moved, and every place that still names the old
   release for a person to check.

Bad input (no version, not X.Y.Z, the release already pinned, a dirty tree, a release the
package index does not have) is one line on stderr and exit status 2; nothing is written.
A bump whose lock or rerun fails still prints its report, and exits with status 1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
REQUIRES_RE = re.compile(r'^(requires-poetry\s*=\s*")==([^"]+)(")', re.MULTILINE)
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*$")
REPORT = Path("_build") / "bump-poetry-report.md"  # relative to the repository; the workflow's PR body
CHANGELOG_MARK = "<!-- make bump-poetry adds entries below this line -->"
# pip must see PyPI (or the index the caller names) and nothing of the machine's config.
PIP_ENV = {"PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": "", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_CONSTRAINT": ""}


class BadInput(Exception):
    """One line for the person who ran the command."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def vkey(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def pinned_poetry(repo: Path) -> str:
    try:
        text = (repo / "pyproject.toml").read_text(encoding="utf-8")
        declared = tomllib.loads(text)["tool"]["poetry"]["requires-poetry"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise BadInput(f"{repo / 'pyproject.toml'}: no [tool.poetry].requires-poetry to change ({exc})") from None
    if not REQUIRES_RE.search(text) or not VERSION_RE.match(declared.removeprefix("==")):
        raise BadInput(f'pyproject.toml: requires-poetry must be one exact release such as "==X.Y.Z", found {declared!r}')
    return declared.removeprefix("==")


def pip(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PIP_ENV, **extra}
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, env=env)


def released_versions() -> list[str]:
    """Poetry's final releases on the package index (PIP_INDEX_URL, else PyPI), newest first."""
    result = pip("index", "versions", "poetry")
    match = re.search(r"^Available versions: (.+)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        last = (result.stderr.strip().splitlines() or ["no answer"])[-1]
        raise BadInput(f"cannot list Poetry's releases on the package index: {last}")
    return [v for v in match.group(1).split(", ") if VERSION_RE.match(v)]


def check(repo: Path, version: str | None) -> str:
    """Every refusal happens here, before anything is written. Returns the pinned release."""
    if not version:
        raise BadInput("usage: make bump-poetry VERSION=X.Y.Z (the Poetry release to verify the guide against)")
    if not VERSION_RE.match(version):
        raise BadInput(f"VERSION={version!r} is not a release number X.Y.Z")
    old = pinned_poetry(repo)
    if version == old:
        raise BadInput(f"the guide is already verified against Poetry {old}")
    dirty = git(repo, "status", "--porcelain").splitlines()
    if dirty:
        raise BadInput(
            f"the work tree has {len(dirty)} uncommitted change(s) (first: {dirty[0][3:]}); "
            "commit them first, so the bump's diff holds only the bump"
        )
    releases = released_versions()
    if version not in releases:
        near = ", ".join(releases[:3]) or "none"
        raise BadInput(f"Poetry {version} is not on the package index (newest releases: {near})")
    return old


# -- 1. Declared pins ----------------------------------------------------------------------
def pin_patterns(old: str) -> dict[str, re.Pattern[str]]:
    """Each way a file pins Poetry's release: group 1 is what stands before the version."""
    v = re.escape(old)
    return {
        "pip pin poetry==": re.compile(rf"(?<![\w.-])(poetry==){v}(?![\w.])", re.IGNORECASE),
        "rev of Poetry's pre-commit hooks": re.compile(rf"(repo:\s*https://github\.com/python-poetry/poetry/?\s*\n\s*rev:\s*[\"']?v?){v}(?![\w.])"),
        "version of the CircleCI orb's poetry/install": re.compile(rf"(poetry/install:\s*\n\s*version:\s*[\"']?){v}(?![\w.])"),
        "POETRY_VERSION of migrate's recipes": re.compile(rf"(^POETRY_VERSION = \"){v}(?=\"$)", re.M),
        # a snippet's pyproject.toml that holds the team on the pinned release or later
        "lower bound of a snippet's requires-poetry": re.compile(rf"(requires-poetry\s*=\s*[\"']>=){v}(?=[,\"'])"),
    }


def replace_pins(repo: Path, old: str, new: str) -> list[str]:
    """requires-poetry, and every pin of the release in what readers copy (snippets: commands
    of transcripts, whole other files) and in this repository's pre-commit hooks."""
    changes = []
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(REQUIRES_RE.sub(rf"\g<1>=={new}\g<3>", text, count=1), encoding="utf-8")
    changes.append(f"pyproject.toml: requires-poetry =={old} → =={new}")
    patterns = pin_patterns(old)

    def edit(text: str, found: set[str]) -> str:
        for kind, pattern in patterns.items():
            text, count = pattern.subn(rf"\g<1>{new}", text)
            if count:
                found.add(kind)
        return text

    files = [repo / ".pre-commit-config.yaml", repo / "src" / "pip2poetry" / "migrate" / "recipes.py"]
    files += sorted(p for p in (repo / "snippets").rglob("*") if p.is_file())
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        found: set[str] = set()
        if path.suffix == ".console":  # commands only: outputs come from the real run
            lines = text.splitlines(keepends=True)
            edited = "".join(edit(line, found) if line.startswith(("$ ", "> ")) else line for line in lines)
        else:
            edited = edit(text, found)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            changes.append(f"{path.relative_to(repo)}: {old} → {new} ({', '.join(sorted(found))})")
    return changes


# -- 2. Wheelhouse -------------------------------------------------------------------------
def resolve(requirements: list[str], constraints: list[str]) -> dict[str, tuple[str, str]] | None:
    """pip's resolution for this Python and platform: {canonical name: (name, version)}."""
    with tempfile.TemporaryDirectory() as tmp:
        report, constraint_file = Path(tmp) / "report.json", Path(tmp) / "constraints.txt"
        constraint_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
        result = pip(
            "install", "--dry-run", "--ignore-installed", "--only-binary=:all:", "--quiet",
            "--report", str(report), "--constraint", str(constraint_file), *requirements,
            # A dry run installs nothing; older pips (Debian 12's) refuse it in a Python the
            # system manages unless told this.
            PIP_BREAK_SYSTEM_PACKAGES="1",
        )
        if result.returncode != 0:
            return None
        data = json.loads(report.read_text(encoding="utf-8"))
    return {canonical(i["metadata"]["name"]): (i["metadata"]["name"], i["metadata"]["version"]) for i in data["install"]}


def refresh_wheelhouse(repo: Path, new: str) -> tuple[list[str], str | None, str | None]:
    """Re-pin the list's first section for Poetry ``new``. Returns (report lines, old and new
    poetry-core pins)."""
    path = repo / "tests" / "package_index" / "wheelhouse.txt"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines) if line.startswith("# ---")), len(lines))
    section = {canonical(m.group(1)): (i, m.group(1), m.group(2))
               for i, line in enumerate(lines[:end]) if (m := PIN_RE.match(line.split("#", 1)[0].strip() or "-"))}
    roots = [f"poetry=={new}"] + [f"{name}=={version}" for key, (_, name, version) in section.items() if key == "pytest"]
    kept = [f"{name}=={version}" for key, (_, name, version) in section.items() if key not in {"poetry", "pytest"}]
    resolved, how = resolve(roots, kept), "the pins that still fit were kept"
    if resolved is None:
        resolved, how = resolve(roots, []), "the old pins did not all fit: resolved fresh"
    if resolved is None:
        raise RuntimeError(f"pip cannot resolve {' '.join(roots)} on this Python ({sys.version.split()[0]})")
    report = [f"Resolved {' '.join(roots)} for Python {sys.version.split()[0]}: {how}."]
    added = []
    for key, (name, version) in sorted(resolved.items()):
        if key == "poetry":
            continue
        if key in section:
            index, listed_name, listed = section[key]
            if listed != version:
                lines[index] = f"{listed_name}=={version}\n"
                report.append(f"- {listed_name}: {listed} → {version}")
        else:
            added.append(f"{name}=={version}\n")
            report.append(f"- {name}: added at {version}")
    if added:  # kept sorted, above the first heading
        pins_at = [i for i, _, _ in section.values()]
        body = sorted([lines[i] for i in pins_at] + added, key=lambda line: canonical(line.split("==")[0]))
        first = min(pins_at) if pins_at else end
        rest = [line for i, line in enumerate(lines[first:end], first) if i not in pins_at]
        lines[first:end] = body + rest
    for key, (_, name, version) in sorted(section.items()):
        if key not in resolved:
            report.append(f"- {name}=={version} kept: the new Poetry does not need it on this platform (pinned for another reason)")
    if len(report) == 1:
        report.append("- no pin changed")
    path.write_text("".join(lines), encoding="utf-8")
    core_old = section.get("poetry-core", (0, "", None))[2]
    core_new = resolved.get("poetry-core", ("", None))[1]
    return report, core_old, core_new


def follow_core_pin(repo: Path, core_old: str | None, core_new: str | None) -> list[str]:
    """The test group pins the poetry-core that Poetry uses (the lint oracle): follow it."""
    if not core_old or not core_new or core_old == core_new:
        return []
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    edited = re.sub(rf"(poetry-core\s*\(\s*==\s*){re.escape(core_old)}(\s*\))", rf"\g<1>{core_new}\g<2>", text)
    if edited == text:
        return []
    pyproject.write_text(edited, encoding="utf-8")
    return [f"pyproject.toml: test group poetry-core =={core_old} → =={core_new}"]


# -- 3. Re-lock and re-verify ---------------------------------------------------------------
def make(repo: Path, *args: str) -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    print(f"\n$ make {' '.join(args)}", flush=True)
    return subprocess.run(["make", *args], cwd=repo, env=env).returncode


# -- 4. Report -----------------------------------------------------------------------------
def numstat(repo: Path, *paths: str) -> list[tuple[int, int, str]]:
    rows = []
    for line in git(repo, "diff", "--numstat", "HEAD", "--", *paths).splitlines():
        added, removed, name = line.split("\t", 2)
        rows.append((int(added) if added != "-" else 0, int(removed) if removed != "-" else 0, name))
    return rows


def older_releases(repo: Path) -> dict[str, str]:
    """The older Poetry releases that pages run as history (tests/harness/poetry_releases.py)."""
    path = repo / "tests" / "harness" / "poetry_releases.py"
    if not path.is_file():
        return {}
    import runpy

    return dict(runpy.run_path(str(path)).get("RELEASES", {}))


def lost_wordings(repo: Path) -> list[str]:
    """Failing transcripts the pinned release runs whose output the rerun changed: the error
    lookup knew the old release's words for them from these files, and no longer does."""
    run_by_older: set[str] = set()
    for manifest in (repo / "snippets").rglob("scenario.toml"):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for scenario in data.get("scenario", []):
            for step in scenario.get("steps", []):
                if isinstance(step, dict) and step.get("poetry") and isinstance(step.get("run"), str):
                    run_by_older.add((manifest.parent / step["run"]).relative_to(repo).as_posix())
    found = []
    for _, _, name in numstat(repo, "snippets"):
        if not name.endswith(".console") or name in run_by_older:
            continue
        try:
            before = git(repo, "show", f"HEAD:{name}")
        except subprocess.CalledProcessError:
            continue
        if "\n[exit status " in before:
            found.append(name)
    return found


def still_naming(repo: Path, old: str) -> list[str]:
    """Tracked text that names the old release after the bump: history or prose to check."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w.])")
    hits = []
    for name in git(repo, "ls-files").splitlines():
        # Commands the run rewrote, wheels, and this tool's own tests (their examples).
        if name == "tests/verified-commands.json" or name.startswith("tests/bump/") or name.endswith(".whl"):
            continue
        try:
            text = (repo / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line) and ("oetry" in line or "poetry" in name):
                hits.append(f"{name}:{number}: {line.strip()[:100]}")
    return hits


def report(repo: Path, old: str, new: str, pins: list[str], wheels: list[str], status: int, constraints: list[str] | None = None) -> str:
    out = [f"# Poetry {old} → {new}: what changed", ""]
    verdict = "every scenario passed in update mode" if status == 0 else f"the update run FAILED (exit status {status}): read its output above before merging"
    out += [f"Snippets re-verified with `make update-snippets`: {verdict}.", ""]
    pages: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for added, removed, name in numstat(repo, "snippets"):
        pages[name.split("/")[1]].append((added, removed, name.split("/", 2)[2]))
    all_pages = sorted(p.name for p in (repo / "snippets").iterdir() if (p / "scenario.toml").is_file())
    out += ["## Snippets, per page", ""]
    if pages:
        out += ["| Page | File | Lines added | Lines removed |", "| --- | --- | ---: | ---: |"]
        for page in sorted(pages):
            for added, removed, name in sorted(pages[page], key=lambda row: row[2]):
                out.append(f"| {page} | {name} | {added} | {removed} |")
        transcripts = sum(1 for rows in pages.values() for *_, name in rows if name.endswith(".console"))
        out += ["", f"{transcripts} transcript(s) and {sum(map(len, pages.values()))} file(s) changed on {len(pages)} of {len(all_pages)} pages."]
    else:
        out.append(f"No snippet changed on any of the {len(all_pages)} pages.")
    unchanged = [p for p in all_pages if p not in pages]
    if unchanged and pages:
        out += ["", "Unchanged: " + ", ".join(unchanged) + "."]
    if constraints:
        out += ["", "## Poetry's own dependencies (poetry-constraints.txt)", "", *constraints]
    out += ["", "## Pins", "", *[f"- {line}" for line in pins], "", "## Wheelhouse list", "", *wheels, ""]
    lock = numstat(repo, "poetry.lock")
    out += ["## Lock file", "", f"poetry.lock: {lock[0][0]} line(s) added, {lock[0][1]} removed." if lock else "poetry.lock: unchanged.", ""]
    older, lost = older_releases(repo), lost_wordings(repo)
    out += ["## Older Poetry releases", ""]
    out += [f"The pages also run Poetry {', '.join(older)} (tests/harness/poetry_releases.py); their transcripts keep those releases' words."] if older else ["None."]
    if lost:
        out += ["", f"These failing transcripts changed, so the error lookup no longer knows Poetry {old}'s words for them. "
                f"To keep them, add {old} to RELEASES (and the pins it needs to the wheelhouse list) and a step "
                f"that runs a copy of each transcript with poetry = \"{old}\":", "", *[f"- {name}" for name in lost]]
    out.append("")
    hits = still_naming(repo, old)
    out += [f"## Still naming Poetry {old}", ""]
    out += ["Check each by hand: history may keep it, current prose must not.", "", *[f"- {h}" for h in hits]] if hits else ["Nothing."]
    return "\n".join(out) + "\n"


def add_changelog_entry(repo: Path, old: str, new: str) -> None:
    path = repo / "docs" / "reference" / "changelog.md"
    if not path.is_file() or CHANGELOG_MARK not in (text := path.read_text(encoding="utf-8")):
        return
    today = datetime.date.today().isoformat()
    entry = f"- Verified with Poetry {new} instead of {old}: every snippet reran, and the outputs that changed come from the new release."
    head, rest = text.split(CHANGELOG_MARK, 1)
    heading, rest = f"## {today}", rest.lstrip("\n")
    if rest.startswith(heading + "\n"):  # today's entries: add to them
        rest = rest[len(heading):].lstrip("\n")
    elif rest:
        rest = "\n" + rest
    path.write_text(f"{head}{CHANGELOG_MARK}\n\n{heading}\n\n{entry}\n{rest}", encoding="utf-8")


#: poetry-constraints.txt as the Docker page's scenario records it (pip freeze of Poetry's
#: environment, rewritten by its rerun in update mode), and that page's folder
CONSTRAINTS_RECORDED = Path("snippets/build-docker-images-for-a-poetry-project/poetry-constraints.txt")
RECORDING_PAGE = CONSTRAINTS_RECORDED.parent.name
#: the copy outside snippets/ that is always there: the one migrate writes (its package data)
CONSTRAINTS_COPIES = (Path("src/pip2poetry/migrate/poetry-constraints.txt"),)
#: where copies are looked for, so that a page that adds one is followed without a change here
CONSTRAINTS_FOUND_UNDER = ("snippets", "src")


def constraints_copies(repo: Path) -> list[Path]:
    """Every poetry-constraints.txt but the recorded one, relative to the repository."""
    found = {p.relative_to(repo) for top in CONSTRAINTS_FOUND_UNDER for p in (repo / top).rglob(CONSTRAINTS_RECORDED.name) if p.is_file()}
    found |= {copy for copy in CONSTRAINTS_COPIES if (repo / copy).is_file()}
    return sorted(found - {CONSTRAINTS_RECORDED}, key=Path.as_posix)


def follow_constraints(repo: Path) -> list[str]:
    """Every copy of poetry-constraints.txt takes the pins the Docker page's run recorded."""
    if not (repo / CONSTRAINTS_RECORDED).is_file():
        return []
    recorded = (repo / CONSTRAINTS_RECORDED).read_text(encoding="utf-8")
    moved = []
    for copy in constraints_copies(repo):
        path = repo / copy
        if path.read_text(encoding="utf-8") != recorded:
            path.write_text(recorded, encoding="utf-8")
            moved.append(f"{copy.as_posix()}: Poetry's own dependencies, copied from {CONSTRAINTS_RECORDED} as the Docker page's run recorded it")
    return moved


def rerun(repo: Path) -> tuple[int, list[str], list[str]]:
    """make update-snippets, the recording page first (module docstring, step 3). Returns the
    exit status, the copies that moved, and what the report says about the order."""
    if not (repo / CONSTRAINTS_RECORDED).is_file():  # nothing records the pins: one run
        status = make(repo, "update-snippets", "PYTEST_ARGS=tests/test_snippets.py")
        return status, [], [f"No {CONSTRAINTS_RECORDED} records Poetry's dependencies: every scenario ran in one run."]
    status = make(repo, "update-snippets", f"PYTEST_ARGS=tests/test_snippets.py -k {RECORDING_PAGE}/")
    if status != 0:
        return status, [], [f"The {RECORDING_PAGE} page ran first and FAILED: no copy of poetry-constraints.txt moved "
                            "and the other pages did not run (they would have installed the new Poetry with the old pins)."]
    moved = follow_constraints(repo)
    copies = ", ".join(c.as_posix() for c in constraints_copies(repo)) or "none"
    notes = [f"The {RECORDING_PAGE} page ran first and recorded {CONSTRAINTS_RECORDED} (pip freeze of the new Poetry's environment); "
             f"every other copy ({copies}) was made to hold exactly that before the other pages ran, "
             "so each of them installed the new Poetry with the new pins.",
             "", *([f"- {line}" for line in moved] or ["- no copy moved: each already held those pins"])]
    status = make(repo, "update-snippets", f"PYTEST_ARGS=tests/test_snippets.py -k 'not {RECORDING_PAGE}/'")
    return status, moved, notes


def bump(repo: Path, new: str) -> int:
    old = check(repo, new)
    print(f"Moving the guide from Poetry {old} to {new}.", flush=True)
    pins = replace_pins(repo, old, new)
    wheels, core_old, core_new = refresh_wheelhouse(repo, new)
    pins += follow_core_pin(repo, core_old, core_new)
    add_changelog_entry(repo, old, new)
    status, notes = make(repo, "lock"), ["`make lock` FAILED: no scenario ran."]
    if status == 0:
        status, _, notes = rerun(repo)
    text = report(repo, old, new, pins, wheels, status, constraints=notes)
    out = repo / REPORT
    out.parent.mkdir(exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print("\n" + text + f"\n(This report is also in {out.relative_to(repo)}.)")
    return 0 if status == 0 else 1  # 2 is kept for refused input


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bump-poetry", description=__doc__.split("\n\n")[0])
    parser.add_argument("version", nargs="?", help="the Poetry release to move to, X.Y.Z")
    parser.add_argument("--newest", action="store_true", help="print the newest release if newer than the pinned one")
    parser.add_argument("--repo", type=Path, default=REPO, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.newest:
            old, newest = pinned_poetry(args.repo), released_versions()
            best = max(newest, key=vkey, default=None)
            if best and vkey(best) > vkey(old):
                print(best)
            return 0
        return bump(args.repo.resolve(), (args.version or "").strip())
    except BadInput as exc:
        print(f"bump-poetry: {exc}", file=sys.stderr)
        return 2
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"bump-poetry: {exc}; the tree was clean before: git checkout . && git clean -fd undoes the bump", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

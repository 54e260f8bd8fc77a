"""Test results cached by their inputs: a passed test whose inputs did not change is not run again.

A test's result is a function of what it reads, as in Bazel's cached test results. Each test
gets a key, a SHA-256 over its inputs:

* a snippet scenario (``test_scenario[<page>/<name>]``) reads its own entry in its
  ``scenario.toml`` (and the file's top-level keys), the snippet files its steps run, write,
  compare or hand to a CI job, its sample project's tree, and everything the harness brings
  to every scenario: the repository's files outside ``docs/``, ``snippets/``,
  ``tests/sample_projects/`` and the other tests' own modules, that is the harness and its
  normalisation rules, ``src/``, the pins (``poetry.lock``, ``pyproject.toml`` with the Poetry
  release, ``wheelhouse.txt``, ``packages.toml``, ``package-lock.json``), the Docker base
  image's recipe (``harness.docker``) and the Makefile. A change to a page's prose, to another
  page's snippets or to another sample leaves the key alone; see :data:`SCENARIO_INPUT_KINDS`;
* any other test reads, as far as the cache knows, the whole repository (every file git
  tracks or would track), so any change runs it again.

Both keys also cover the machine: the Python that runs the tests and the Debian packages the
heavy tiers use (Chromium, docker.io, mmdebstrap, git).

Used only when ``P2P_SCENARIO_CACHE=1`` (``make test`` and ``make page`` set it;
``make test FRESH=1`` and ``.ci/run`` do not) and never with ``--update-snippets``. A cached
test is reported as ``cached`` (``c`` in the progress line, ``CACHED`` with ``-v``), never
as a pass, and the run ends with a line that counts what was cached and what ran. Only passes
are kept: a failure, an error or a skip runs again next time. Each test keeps the passes of its
last :data:`KEYS_KEPT` different keys, so that undoing a change, or going back to a branch, finds
the results of that tree again. Results live in ``.p2p-cache/results.json`` (git ignores it; the
docs workflow restores it on pull requests).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pytest
from _pytest.reports import TestReport

from .paths import REPO, SAMPLES
from .scenario import Scenario

ENV = "P2P_SCENARIO_CACHE"
#: The tree whose files key the results: the repository (the cache's own tests point it at
#: a small repository of their own).
ROOT_ENV = "P2P_CACHE_ROOT"
RESULTS = Path(".p2p-cache") / "results.json"
#: Bumped when the key's recipe changes, so that no result made by an older recipe is reused.
RECIPE = "2"
KEY_PROPERTY = "p2p-cache-key"
ID_PROPERTY = "p2p-cache-id"
CACHED_PROPERTY = "p2p-cached"
#: How many passed keys each test keeps, newest last (a change undone is cached again).
KEYS_KEPT = 4

#: Paths (prefixes, relative to the repository) that no scenario reads as a shared input:
#: the pages, and the test modules other than the scenario harness. What one scenario reads
#: alone (its snippets, its sample) is added to that scenario's key only.
PER_SCENARIO = ("snippets/", "tests/sample_projects/")
NOT_READ_BY_SCENARIOS = ("docs/", "tests/verified-commands.json")
#: Under tests/, only these belong to the scenario harness (the rest are other tests' modules).
SCENARIO_HARNESS = ("tests/harness/", "tests/conftest.py", "tests/test_snippets.py", "tests/package_index/")

#: The kinds of input a scenario's key covers, with a file of each kind that the completeness
#: test (tests/test_result_cache.py) changes to see the key change. Keep this table and
#: :func:`scenario_inputs` in step.
SCENARIO_INPUT_KINDS = {
    "the scenario's entry in scenario.toml": "snippets/<page>/scenario.toml",
    "a snippet file a step runs, writes or compares": "snippets/<page>/<file>",
    "a CI configuration a ci step runs": "snippets/<page>/<ci file>",
    "the sample project's tree": "tests/sample_projects/<sample>/<file>",
    "the harness": "tests/harness/runner.py",
    "the normalisation rules": "tests/harness/normalise.py",
    "the test module and shared fixtures": "tests/test_snippets.py, tests/conftest.py",
    "the made-up packages": "tests/package_index/packages.toml",
    "the tools' code": "src/pip2poetry/",
    "the project's lock": "poetry.lock",
    "the Poetry pin": "pyproject.toml",
    "the wheelhouse list": "tests/package_index/wheelhouse.txt",
    "the Node tools' lock": "package-lock.json",
    "the Docker base image's recipe": "tests/harness/docker.py",
    "the command surface": "Makefile",
}

#: Debian packages whose release changes what the heavy tiers do.
MACHINE_PACKAGES = ("chromium", "docker.io", "mmdebstrap", "git")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Tree:
    """The repository's files as git sees them (tracked, or untracked and not ignored), each
    with the SHA-256 of its content, read once."""

    root: Path = REPO
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path = REPO) -> Tree:
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout.decode("utf-8", "surrogateescape")
        return cls.of(root, filter(None, listing.split("\0")))

    @classmethod
    def of(cls, root: Path, names: Iterable[str]) -> Tree:
        files = {}
        for name in sorted(set(names)):
            path = root / name
            if path.is_file():  # a deleted but still tracked file is not an input
                files[name] = _digest(path.read_bytes())
        return cls(root, files)

    def digest(self, names: list[str] | set[str]) -> str:
        h = hashlib.sha256()
        for name in sorted(names):
            h.update(f"{name}\0{self.files.get(name, 'absent')}\n".encode())
        return h.hexdigest()

    @cached_property
    def whole(self) -> str:
        return self.digest(list(self.files))

    @cached_property
    def shared_by_scenarios(self) -> str:
        return self.digest([name for name in self.files if _is_shared_scenario_input(name)])

    def under(self, prefix: str) -> list[str]:
        return [name for name in self.files if name.startswith(prefix)]


def _is_shared_scenario_input(name: str) -> bool:
    if name.startswith(PER_SCENARIO) or name.startswith(NOT_READ_BY_SCENARIOS):
        return False
    if name.startswith("tests/"):
        return name.startswith(SCENARIO_HARNESS)
    return True


@cache
def machine() -> str:
    """The Python running the tests and the Debian packages the heavy tiers use."""
    try:
        packages = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package}=${Version}\n", *MACHINE_PACKAGES],
            capture_output=True, text=True, check=False,
        ).stdout
    except FileNotFoundError:
        packages = "no dpkg"
    return f"{sys.version}\n{sys.platform}\n{os.uname().machine}\n{packages}"


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def scenario_inputs(case: Scenario, tree: Tree) -> dict[str, str]:
    """What one scenario reads, by kind: each value is a digest."""
    manifest = tomllib.loads(case.manifest.read_text(encoding="utf-8"))
    entry = next(raw for raw in manifest.get("scenario", []) if raw.get("name") == case.name)
    top = {k: v for k, v in manifest.items() if k != "scenario"}
    steps = {_relative(step.snippet, tree.root) for step in case.steps}
    steps |= {_relative(step.config, tree.root) for step in case.steps if step.config}
    sample = tree.under(f"tests/sample_projects/{case.sample}/") if case.sample else []
    return {
        "entry": _digest(json.dumps([entry, top], sort_keys=True, default=str).encode()),
        "steps": tree.digest(steps),
        "sample": tree.digest(sample),
        "shared": tree.shared_by_scenarios,
    }


def scenario_key(case: Scenario, tree: Tree) -> str:
    parts = scenario_inputs(case, tree)
    return _digest(json.dumps({"recipe": RECIPE, "machine": machine(), "id": case.id, **parts}, sort_keys=True).encode())


def test_key(nodeid: str, tree: Tree) -> str:
    return _digest(json.dumps({"recipe": RECIPE, "machine": machine(), "id": nodeid, "tree": tree.whole}, sort_keys=True).encode())


# -- the pytest plugin (tests/conftest.py imports these hooks) -----------------------------


def _root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or REPO)


class ResultCache:
    def __init__(self, root: Path) -> None:
        self.path = root / RESULTS
        self.tree = Tree.read(root)
        self.results = _read(self.path)

    def key_for(self, item: pytest.Item) -> str:
        callspec = getattr(item, "callspec", None)
        case = callspec.params.get("case") if callspec is not None else None
        if isinstance(case, Scenario):
            return scenario_key(case, self.tree)
        return test_key(cache_id(item), self.tree)

    def hit(self, nodeid: str, key: str) -> bool:
        return key in self.results.get(nodeid, {})

    def seconds(self, nodeid: str, key: str) -> float:
        """How long the kept pass of a test with this key took."""
        return self.results.get(nodeid, {}).get(key, 0.0)


def _read(path: Path) -> dict[str, dict[str, float]]:
    """Each test's passed keys with the seconds each run took, oldest first (stored as a list
    of ``[key, seconds]``). A file in the first format, one ``{"key", "seconds"}`` per test,
    reads as one key each; anything else in it is ignored."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8")).get("results", {})
    except (OSError, ValueError, AttributeError):
        return {}
    results: dict[str, dict[str, float]] = {}
    for nodeid, kept in raw.items() if isinstance(raw, dict) else ():
        if isinstance(kept, dict):  # the first format
            kept = [[kept.get("key"), kept.get("seconds", 0.0)]]
        pairs = [p for p in kept if isinstance(p, list) and len(p) == 2] if isinstance(kept, list) else []
        found = {k: float(v) for k, v in pairs if isinstance(k, str) and isinstance(v, (int, float))}
        if found:
            results[nodeid] = found
    return results


_CACHE = pytest.StashKey[ResultCache]()


def cache_id(item: pytest.Item) -> str:
    """The test's node id as a run without workers names it: under ``--dist loadgroup`` a
    worker appends ``@<group>``, and a result is the same with or without workers."""
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")})
    return item.nodeid.removesuffix(f"@{'_'.join(names)}") if names else item.nodeid


def enabled(config: pytest.Config) -> bool:
    return os.environ.get(ENV) == "1" and not config.getoption("--update-snippets", default=False)


def configure(config: pytest.Config) -> None:
    if enabled(config):
        try:
            config.stash[_CACHE] = ResultCache(_root())
        except (OSError, subprocess.CalledProcessError) as exc:  # not a git work tree: run everything
            sys.stderr.write(f"result cache off: cannot list the repository's files ({exc})\n")


def _properties(report: TestReport) -> dict[str, str]:
    return {str(name): str(value) for name, value in getattr(report, "user_properties", ())}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    cache_ = item.config.stash.get(_CACHE, None)
    if cache_ is None:
        return None
    key, name = cache_.key_for(item), cache_id(item)
    item.user_properties += [(KEY_PROPERTY, key), (ID_PROPERTY, name)]
    if not cache_.hit(name, key):
        return None
    # A passed run with these exact inputs exists: report it as cached, set nothing up.
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for when in ("setup", "call", "teardown"):
        report = TestReport(
            item.nodeid, item.location, {k: 1 for k in item.keywords}, "passed", None, when,
            user_properties=[(KEY_PROPERTY, key), (ID_PROPERTY, name), (CACHED_PROPERTY, "1")],
        )
        ihook.pytest_runtest_logreport(report=report)
    item.session._setupstate.teardown_exact(nextitem)  # what the previous test left for this one
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def pytest_report_teststatus(report: TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    if _properties(report).get(CACHED_PROPERTY) != "1":
        return None
    if report.when == "call":
        return "cached", "c", "CACHED"
    return "", "", ""


def pytest_runtest_logreport(report: TestReport) -> None:
    """Seen by the controller (or the only process): which tests passed with which key."""
    props = _properties(report)
    key = props.get(KEY_PROPERTY)
    if key is None:
        return
    outcomes = _OUTCOMES_BY_PROCESS.setdefault(props.get(ID_PROPERTY, report.nodeid), {"key": key, "ok": True, "called": False, "cached": False})
    if props.get(CACHED_PROPERTY) == "1":
        outcomes["cached"] = True
    if not report.passed:
        outcomes["ok"] = False  # a failure, an error, a skip or an xfail is not kept
    if report.when == "call":
        outcomes["called"] = True
        outcomes["seconds"] = report.duration


_OUTCOMES_BY_PROCESS: dict[str, dict] = {}


def sessionfinish(session: pytest.Session) -> None:
    """In the controller: keep the passes, forget the rest, and write the file whole."""
    config = session.config
    if hasattr(config, "workerinput") or not enabled(config):
        return
    results = _read(_root() / RESULTS)
    for nodeid, outcome in _OUTCOMES_BY_PROCESS.items():
        kept = results.setdefault(nodeid, {})
        seconds = kept.pop(outcome["key"], None)  # the key moves to the end: newest last
        if outcome["cached"]:
            if seconds is not None:
                kept[outcome["key"]] = seconds
        elif outcome["ok"] and outcome["called"]:
            kept[outcome["key"]] = round(outcome.get("seconds", 0.0), 2)
        # else a failure, an error or a skip: this key's earlier pass is forgotten
        results[nodeid] = dict(list(kept.items())[-KEYS_KEPT:])
        if not results[nodeid]:
            del results[nodeid]
    path = _root() / RESULTS
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    stored = {nodeid: [[key, seconds] for key, seconds in kept.items()] for nodeid, kept in sorted(results.items())}
    temporary.write_text(json.dumps({"recipe": RECIPE, "results": stored}, indent=0), encoding="utf-8")
    os.replace(temporary, path)


def terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if hasattr(config, "workerinput") or not enabled(config):
        return
    cached = {n: o["key"] for n, o in _OUTCOMES_BY_PROCESS.items() if o["cached"]}
    ran = [n for n, o in _OUTCOMES_BY_PROCESS.items() if not o["cached"]]
    scenarios = sum(1 for n in cached if "::test_scenario[" in n)
    ran_scenarios = sum(1 for n in ran if "::test_scenario[" in n)
    cache_ = config.stash.get(_CACHE, None)
    saved = sum(cache_.seconds(n, key) for n, key in cached.items()) if cache_ is not None else 0.0
    terminalreporter.write_sep("-", "result cache (.p2p-cache/results.json)")
    terminalreporter.write_line(
        f"{len(cached)} cached ({scenarios} of them scenarios): not run, a passed run with the same "
        f"inputs exists (it took {saved:.0f} s of worker time); {len(ran)} run ({ran_scenarios} scenarios). "
        "make test FRESH=1 runs everything."
    )


# -- make page: workers only when there is work for two -------------------------------------


def uncached_scenarios(page: str, root: Path | None = None) -> list[str]:
    """The ids of a page's scenarios that a cached run would run (all of them when the
    cache is off): make page starts two workers only for two or more of them."""
    from .scenario import load_all

    cases = [c for c in load_all() if c.id.startswith(f"{page}/")]
    if os.environ.get(ENV) != "1":
        return [c.id for c in cases]
    store = ResultCache(root or _root())
    return [c.id for c in cases if not store.hit(f"tests/test_snippets.py::test_scenario[{c.id}]", scenario_key(c, store.tree))]


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "workers":
        sys.stderr.write("usage: python -m harness.cache workers <page-slug>\n")
        return 2
    print(2 if len(uncached_scenarios(argv[1])) >= 2 else 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

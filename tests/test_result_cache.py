"""The result cache (harness.cache): its keys cover every kind of input, and a cached test is
reported as cached, never as a pass, and never for a failure or a skip."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness import cache, scenario
from harness.paths import REPO

TESTS = REPO / "tests"


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's files (as git lists them) in a work tree of their own, to change."""
    root = tmp_path_factory.mktemp("repository")
    for name in cache.Tree.read(REPO).files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _case(copy: Path, where: str = "") -> scenario.Scenario:
    """A scenario from the copy that has a sample project and a CI step (so every kind applies)."""
    for manifest in sorted((copy / "snippets").rglob(scenario.MANIFEST)):
        for case in scenario.load(manifest):
            if case.sample and any(step.config for step in case.steps) and where in case.id:
                return case
    raise AssertionError("no scenario with a sample and a ci step")


def _key(copy: Path, case: scenario.Scenario) -> str:
    return cache.scenario_key(case, cache.Tree.read(copy))


def _edit_entry(case: scenario.Scenario, other: bool = False) -> None:
    """Add a key to this scenario's entry (or to another one's in the same file)."""
    text = case.manifest.read_text(encoding="utf-8")
    names = [n for n in re.findall(r'^name = "([^"]+)"', text, re.M) if (n != case.name) == other]
    line = f'name = "{names[0]}"\n'
    assert line in text
    case.manifest.write_text(text.replace(line, line + "changed-by-the-test = true\n", 1), encoding="utf-8")


#: Each kind of input the issue names, and how the test changes one file of that kind.
#: The kind names match harness.cache.SCENARIO_INPUT_KINDS one for one.
def _kinds(case: scenario.Scenario) -> dict[str, str | None]:
    first_run = next(step.snippet for step in case.steps if step.kind in ("run", "ci"))
    config = next(step.config for step in case.steps if step.config)
    sample = sorted(p for p in (case.manifest.parents[2] / "tests" / "sample_projects" / case.sample).rglob("*") if p.is_file())[0]
    root = case.manifest.parents[2]
    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    return {
        "the scenario's entry in scenario.toml": None,  # edited by _edit_entry
        "a snippet file a step runs, writes or compares": rel(first_run),
        "a CI configuration a ci step runs": rel(config),
        "the sample project's tree": rel(sample),
        "the harness": "tests/harness/runner.py",
        "the normalisation rules": "tests/harness/normalise.py",
        "the test module and shared fixtures": "tests/conftest.py",
        "the made-up packages": "tests/package_index/packages.toml",
        "the tools' code": "src/pip2poetry/__init__.py",
        "the project's lock": "poetry.lock",
        "the Poetry pin": "pyproject.toml",
        "the wheelhouse list": "tests/package_index/wheelhouse.txt",
        "the Node tools' lock": "package-lock.json",
        "the Docker base image's recipe": "tests/harness/docker.py",
        "the command surface": "Makefile",
    }


def test_the_documented_kinds_are_the_tested_kinds(copy: Path) -> None:
    assert set(_kinds(_case(copy))) == set(cache.SCENARIO_INPUT_KINDS)


@pytest.mark.parametrize("kind", list(cache.SCENARIO_INPUT_KINDS))
def test_a_change_to_each_kind_of_input_runs_the_scenario_again(copy: Path, kind: str) -> None:
    case = _case(copy)
    before = _key(copy, case)
    path = _kinds(case)[kind]
    if path is None:
        saved = case.manifest.read_bytes()
        _edit_entry(case)
    else:
        saved = (copy / path).read_bytes()
        (copy / path).write_bytes(saved + b"\n# changed\n")
    try:
        assert _key(copy, case) != before, f"{kind} ({path or case.manifest}) is not in the scenario's key"
    finally:
        (case.manifest if path is None else copy / path).write_bytes(saved)
    assert _key(copy, case) == before


def test_a_new_file_in_the_sample_runs_the_scenario_again(copy: Path) -> None:
    case = _case(copy)
    before = _key(copy, case)
    added = copy / "tests" / "sample_projects" / str(case.sample) / "NEW.txt"
    added.write_text("new\n")
    try:
        assert _key(copy, case) != before
    finally:
        added.unlink()


def test_the_machine_is_in_the_key(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = _case(copy)
    before = _key(copy, case)
    monkeypatch.setattr(cache, "machine", lambda: "another Python")
    assert _key(copy, case) != before


def test_what_a_scenario_does_not_read_leaves_its_key_alone(copy: Path) -> None:
    """Exactly the scenarios that read a file run again: not for prose, another page's
    snippets, another sample, another scenario's entry or another test module."""
    case = _case(copy)
    before = _key(copy, case)
    page_folder = case.manifest.parent
    other_page = next(m.parent for m in sorted((copy / "snippets").rglob(scenario.MANIFEST)) if m.parent != page_folder)
    other_snippet = next(p for p in sorted(other_page.iterdir()) if p.name != scenario.MANIFEST)
    samples = copy / "tests" / "sample_projects"
    other_sample = next(p for p in sorted(samples.rglob("*")) if p.is_file() and p.relative_to(samples).parts[0] != case.sample)
    others = [
        copy / "docs" / "index.md",
        copy / "docs" / "how-to" / "run-poetry-in-ci.md",
        other_snippet,
        other_sample,
        copy / "tests" / "verified-commands.json",
        copy / "tests" / "test_docs_integrity.py",
    ]
    for path in others:
        saved = path.read_bytes()
        path.write_bytes(saved + b"\n")
        try:
            assert _key(copy, case) == before, f"{path.relative_to(copy)} changed {case.id}'s key"
        finally:
            path.write_bytes(saved)
    if len(scenario.load(case.manifest)) > 1:
        saved = case.manifest.read_bytes()
        _edit_entry(case, other=True)
        try:
            assert _key(copy, case) == before, "another scenario's entry changed this one's key"
        finally:
            case.manifest.write_bytes(saved)


def test_other_tests_are_keyed_by_the_whole_tree(copy: Path) -> None:
    before = cache.test_key("tests/test_x.py::test_x", cache.Tree.read(copy))
    page = copy / "docs" / "index.md"
    saved = page.read_bytes()
    page.write_bytes(saved + b"\n")
    try:
        assert cache.test_key("tests/test_x.py::test_x", cache.Tree.read(copy)) != before
    finally:
        page.write_bytes(saved)


# -- the plugin, end to end, in a small repository of its own -------------------------------

CONFTEST = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from harness import cache as result_cache
from harness import groups

def pytest_collection_modifyitems(config, items):
    groups.mark(config, items)

def pytest_configure(config):
    config.addinivalue_line("markers", "xdist_group(name): one worker")
    result_cache.configure(config)

pytest_runtest_protocol = result_cache.pytest_runtest_protocol
pytest_report_teststatus = result_cache.pytest_report_teststatus
pytest_runtest_logreport = result_cache.pytest_runtest_logreport

def pytest_sessionfinish(session):
    result_cache.sessionfinish(session)

def pytest_terminal_summary(terminalreporter, config):
    result_cache.terminal_summary(terminalreporter, config)
"""

TESTS_FILE = """
import os, pytest
from pathlib import Path

@pytest.fixture(scope="session")
def expensive():
    Path("set-up.log").open("a").write("set up\\n")   # git ignores it: not an input

def test_reads_data(expensive):
    assert Path("data.txt").read_text() == "good\\n"

@pytest.mark.xdist_group("heavy")
def test_passes():
    pass

def test_fails_when_told():
    assert not Path("fail").exists()

@pytest.mark.skip(reason="a skip is not a pass")
def test_skipped():
    pass
"""


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_things.py").write_text(textwrap.dedent(TESTS_FILE))
    (tmp_path / "data.txt").write_text("good\n")
    (tmp_path / ".gitignore").write_text(".p2p-cache/\nset-up.log\nfail\n__pycache__/\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _pytest(repo: Path, *args: str, cached: bool = True) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "P2P_"))}
    env.update({cache.ROOT_ENV: str(repo), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"} | ({cache.ENV: "1"} if cached else {}))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--color=no", "-rA", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def _final(output: str) -> str:
    return [line for line in output.splitlines() if re.search(r" in [\d.]+s", line)][-1]


@pytest.mark.parametrize("workers", [[], ["-p", "xdist", "-n", "2"]], ids=["one process", "two xdist workers"])
def test_a_second_run_reports_passes_as_cached_and_runs_the_rest(small_repo: Path, workers: list[str]) -> None:
    code, out = _pytest(small_repo, *workers)
    assert code == 0, out
    assert "3 passed, 1 skipped" in _final(out), out
    code, out = _pytest(small_repo, *workers)
    assert code == 0, out
    assert "3 cached" in _final(out) and "passed" not in _final(out) and "1 skipped" in _final(out), out
    assert "3 cached (0 of them scenarios)" in out and "1 run" in out, out
    assert (small_repo / "set-up.log").read_text() == "set up\n", "a cached test set its fixtures up"
    # a file git ignores is not an input: what reads it stays cached
    (small_repo / "fail").write_text("")
    code, out = _pytest(small_repo, *workers)
    assert code == 0 and "3 cached" in _final(out), out
    (small_repo / "data.txt").write_text("bad\n")  # an input: everything runs again
    code, out = _pytest(small_repo, *workers)
    assert code == 1 and "2 failed, 1 passed" in _final(out) and "cached" not in _final(out), out
    (small_repo / "fail").unlink()
    # a failure is never kept: both failures run again (one passes now); the pass stays cached
    code, out = _pytest(small_repo, *workers)
    assert code == 1 and "1 failed, 1 passed" in _final(out) and "1 cached" in _final(out), out
    assert "FAILED test_things.py::test_reads_data" in out
    # back to the tree of the first runs: their passes were kept beside the new keys
    (small_repo / "data.txt").write_text("good\n")
    code, out = _pytest(small_repo, *workers)
    assert code == 0 and "3 cached" in _final(out) and "passed" not in _final(out), out


def test_a_test_keeps_its_last_passed_keys_and_forgets_older_ones(small_repo: Path) -> None:
    """Undoing a change, or going back to a branch, finds that tree's results again, for the
    last cache.KEYS_KEPT trees each test passed in; an older tree runs again."""
    trees = [f"good\n{'#' * n}" for n in range(cache.KEYS_KEPT + 1)]
    data = small_repo / "data.txt"
    (small_repo / "test_things.py").write_text(textwrap.dedent(TESTS_FILE).replace('== "good\\n"', '.startswith("good\\n")'))
    for text in trees[: cache.KEYS_KEPT]:
        data.write_text(text)
        code, out = _pytest(small_repo)
        assert code == 0 and "3 passed" in _final(out), out
    for text in trees[: cache.KEYS_KEPT]:  # each of the last KEYS_KEPT trees is cached
        data.write_text(text)
        code, out = _pytest(small_repo)
        assert code == 0 and "3 cached" in _final(out) and "passed" not in _final(out), (text, out)
    data.write_text(trees[-1])  # one more tree: the oldest kept key goes
    code, out = _pytest(small_repo)
    assert code == 0 and "3 passed" in _final(out), out
    data.write_text(trees[0])
    code, out = _pytest(small_repo)
    assert code == 0 and "3 passed" in _final(out) and "cached" not in _final(out), out
    data.write_text(trees[-1])
    code, out = _pytest(small_repo)
    assert code == 0 and "3 cached" in _final(out), out


def test_a_results_file_in_the_first_format_is_read(small_repo: Path) -> None:
    """A cache restored from before several keys were kept (one key per test) still counts."""
    code, out = _pytest(small_repo)
    assert code == 0
    path = small_repo / cache.RESULTS
    stored = json.loads(path.read_text())
    first = {n: {"key": kept[-1][0], "seconds": kept[-1][1]} for n, kept in stored["results"].items()}
    path.write_text(json.dumps({"recipe": stored["recipe"], "results": first}))
    code, out = _pytest(small_repo)
    assert code == 0 and "3 cached" in _final(out), out
    assert all(isinstance(kept, list) for kept in json.loads(path.read_text())["results"].values())


def test_a_result_from_workers_is_reused_without_them(small_repo: Path) -> None:
    """Under --dist loadgroup a grouped test's node id ends in '@<group>'; the cache's does not."""
    code, out = _pytest(small_repo, "-p", "xdist", "-n", "2", "--dist", "loadgroup")
    assert code == 0 and "3 passed" in _final(out), out
    code, out = _pytest(small_repo, "-v")
    assert code == 0 and "3 cached" in _final(out), out
    assert re.search(r"test_things\.py::test_passes CACHED", out), out


def test_make_page_starts_workers_only_for_two_uncached_scenarios() -> None:
    page = next(c.id.split("/")[0] for c in scenario.load_all() if sum(d.id.startswith(c.id.split("/")[0] + "/") for d in scenario.load_all()) >= 2)
    run = lambda env: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "harness.cache", "workers", page], cwd=TESTS, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("P2P_")} | env, check=True,
    ).stdout.strip()
    assert run({cache.ENV: "0"}) == "2"  # FRESH=1: every scenario runs


def test_without_the_switch_everything_runs(small_repo: Path) -> None:
    _pytest(small_repo)
    code, out = _pytest(small_repo, cached=False)
    assert code == 0 and "3 passed" in _final(out) and "cached" not in out, out


def test_verbose_output_names_each_cached_test(small_repo: Path) -> None:
    _pytest(small_repo)
    code, out = _pytest(small_repo, "-v")
    assert code == 0
    assert re.search(r"test_things\.py::test_passes CACHED", out), out


def test_the_contributing_page_and_readme_say_how_many_keys_are_kept() -> None:
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 8: "eight"}
    for name in ("docs/contributing.md", "README.md"):
        text = " ".join((REPO / name).read_text(encoding="utf-8").split())  # the README wraps its lines
        assert f"last {words[cache.KEYS_KEPT]} sets of inputs" in text, name

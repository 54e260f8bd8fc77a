"""The error lookup's matcher (docs/_static/error-lookup.js) in Node, without a browser
(issue 18 item 4): what readers paste, with colour codes, tracebacks, Windows paths, another
home folder, their own names and versions, a wrapped line, a long block, or something the
guide does not explain, against a small fixed index and against the index the site build
writes. The cases are in tests/lookup/matcher_cases.json; tests/lookup/run_matcher.js runs
the script exactly as the lookup page loads it. The real-browser tests in
tests/browser/test_error_lookup_*.py check the page itself.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness.paths import NODE_BIN, REPO
from pip2poetry import transcript

LOOKUP = REPO / "tests" / "lookup"
SCRIPT = REPO / "docs" / "_static" / "error-lookup.js"
CASES = json.loads((LOOKUP / "matcher_cases.json").read_text(encoding="utf-8"))["cases"]
NODE = NODE_BIN / "node"


def _error_lookup() -> Any:
    spec = importlib.util.spec_from_file_location("error_lookup", REPO / "docs" / "_ext" / "error_lookup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_matcher(index: Path, pastes: list[str], tmp_path: Path, script: Path = SCRIPT) -> list[dict[str, Any]]:
    assert NODE.exists(), f"{NODE} is missing: run 'make install' first (npm ci)"
    file = tmp_path / "pastes.json"
    file.write_text(json.dumps(pastes), encoding="utf-8")
    result = subprocess.run(
        [str(NODE), str(LOOKUP / "run_matcher.js"), str(script), str(index), str(file)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fixed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/lookup/fixed_index.json in the shape the build writes, its words split and
    classified by the build's own code (docs/_ext/error_lookup.py)."""
    build = _error_lookup()
    source = json.loads((LOOKUP / "fixed_index.json").read_text(encoding="utf-8"))
    names = build.known_names()
    entries = []
    for number, item in enumerate(source["entries"], start=1):
        command = transcript.Command(lines=[item["command"]], output=item["output"], exit_status=1, line=number)
        lines, indexes = build.template(command, names)
        entries.append({
            "command": command.text, "exit_status": 1, "output": command.output, "lines": lines,
            "line_index": indexes, "url": item["url"], "page": "Fixed", "section": item["url"],
            "snippet": "tests/lookup/fixed_index.json", "line": number, "release": None,
        })
    path = tmp_path_factory.mktemp("lookup") / "index.json"
    data = {"stopwords": build.STOPWORDS, "strip": build.STRIP, "issues": "", "entries": entries}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site_index(built_site: Any) -> Path:
    assert built_site.returncode == 0, f"the site does not build:\n{built_site.stderr}"
    return built_site.path / "_static" / "error-lookup.json"


def problem(case: dict[str, Any], answer: dict[str, Any]) -> str | None:
    """What is wrong with the matcher's answer to one case, or None."""
    results = answer["results"]
    found = [r["urls"] for r in results]
    if case.get("first", "") is None:
        return None if not results else f"{case['id']}: expected nothing, found {found}"
    if not results:
        return f"{case['id']}: found nothing"
    if "first_link" in case:
        if results[0]["urls"][0] != case["first_link"]:
            return f"{case['id']}: first link {results[0]['urls'][0]}, expected {case['first_link']} ({found})"
    elif not set(results[0]["urls"]) & set(expected := as_list(case["first"])):
        return f"{case['id']}: first result {results[0]['urls']}, expected one of {expected} (all: {found})"
    if "shown" in case and not any(case["shown"] in urls for urls in found):
        return f"{case['id']}: {case['shown']} is not among the results shown: {found}"
    return None


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def check(cases: list[dict[str, Any]], index: Path, tmp_path: Path) -> list[str]:
    answers = run_matcher(index, [c["paste"] for c in cases], tmp_path)
    return [p for c, a in zip(cases, answers) if (p := problem(c, a))]


def test_pastes_find_their_entry_in_the_fixed_index(fixed_index: Path, tmp_path: Path) -> None:
    cases = [c for c in CASES if c["index"] == "fixed"]
    assert len(cases) >= 15
    problems = check(cases, fixed_index, tmp_path)
    assert not problems, "\n".join(problems)


def test_pastes_find_their_entry_in_the_sites_index(site_index: Path, tmp_path: Path) -> None:
    cases = [c for c in CASES if c["index"] == "site"]
    assert len(cases) >= 8
    problems = check(cases, site_index, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_case_checker_sees_a_wrong_first_result_and_a_false_match() -> None:
    answer = {"results": [{"urls": ["b.html#x", "a.html#y"]}]}
    assert problem({"id": "c", "first": "a.html#y"}, answer) is None
    assert problem({"id": "c", "first_link": "a.html#y"}, answer)
    assert problem({"id": "c", "first": "z.html"}, answer)
    assert problem({"id": "c", "first": None}, answer)
    assert problem({"id": "c", "first": None}, {"results": []}) is None
    assert problem({"id": "c", "first": "a.html#y"}, {"results": []})
    assert problem({"id": "c", "first": ["z.html", "b.html#x"]}, answer) is None
    assert problem({"id": "c", "first": "a.html#y", "shown": "z.html"}, answer)


NORMALISED = {
    # What the guide prints in place of the reader's home folder, and its "/" in paths.
    "C:\\Users\\dana\\billing\\pyproject.toml": "~/billing/pyproject.toml",
    "C:\\Users\\Dana Smith\\billing\\pyproject.toml": "~/billing/pyproject.toml",
    'File "C:\\\\Users\\\\dana\\\\AppData\\\\x.py", line 3': 'File "~/AppData/x.py", line 3',
    "D:\\work\\billing\\poetry.lock": "/work/billing/poetry.lock",
    "in /home/dana/.cache/pypoetry and /Users/dana/x (/root/y)": "in ~/.cache/pypoetry and ~/x (~/y)",
    "/homestead/x and /home/dana": "/homestead/x and ~",
    # Colour codes, with and without their escape character, and a terminal's hyperlink.
    "\x1b[31;1mred\x1b[0m \x1b(B\x1b[m": "red ",
    "[39;1mThe option[39;22m ^[[0mdone": "The option done",
    "\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\": "link",
    # Words in brackets that are not colour codes stay.
    "[tool.poetry] list[0] [1]": "[tool.poetry] list[0] [1]",
    "a\r\nb\rc": "a\nb\nc",
    "Run \u2018poetry lock\u2019 or \u201cpoetry lock\u201d": "Run 'poetry lock' or \"poetry lock\"",
}


def test_a_paste_is_normalised_to_the_guides_form(fixed_index: Path, tmp_path: Path) -> None:
    answers = run_matcher(fixed_index, list(NORMALISED), tmp_path)
    wrong = [f"{text!r} -> {a['normalised']!r}, expected {want!r}"
             for (text, want), a in zip(NORMALISED.items(), answers) if a["normalised"] != want]
    assert not wrong, "\n".join(wrong)


def test_the_lookup_shows_the_best_few_ranked(site_index: Path, tmp_path: Path) -> None:
    # A long paste that matches many entries: every troubleshooting entry's output at once.
    data = json.loads(site_index.read_text(encoding="utf-8"))
    block = "\n".join(line for e in data["entries"] if "troubleshooting" in e["url"] for line in e["output"])
    [answer] = run_matcher(site_index, [block], tmp_path)
    assert 3 <= answer["shown"] <= 5, f"the page shows up to {answer['shown']} results"
    assert answer["total"] > answer["shown"]
    scores = [r["score"] for r in answer["results"]]
    assert len(scores) == answer["shown"] and scores == sorted(scores, reverse=True), scores


# -- What the build indexes (docs/_ext/error_lookup.py) -----------------------------------
PROGRAMS = {
    "diff ~/pyproject-by-hand.toml pyproject.toml": "diff",
    "diff <(venv/bin/pip freeze | tr A-Z a-z) <(poetry show | awk '{print $1 \"==\" $2}')": "diff",
    "grep colorama dev-requirements.txt": "grep",
    "poetry show | grep cobra": "grep",
    "poetry install && cmp a b": "cmp",
    "[ -f poetry.lock ]": "[",
    "test -f poetry.lock": "test",
    "/usr/bin/diff a b": "diff",
    "FOO=1 poetry install": "poetry",
    'poetry run python -c "import a; print(1 | 2)"': "poetry",
    "diff a b || poetry lock": "poetry",
}


def test_a_comparison_or_search_that_exits_1_is_not_an_error() -> None:
    build = _error_lookup()
    wrong = {c: build.program(c) for c, want in PROGRAMS.items() if build.program(c) != want}
    assert not wrong, wrong
    diff = transcript.Command(lines=["diff a.toml b.toml"], output=["1c1", "< x", "---", "> y"], exit_status=1, line=1)
    poetry = transcript.Command(lines=["poetry install"], output=["The option does not exist"], exit_status=1, line=2)
    assert (build.is_error(diff), build.is_error(poetry)) == (False, True)
    # The guide's own: the pip-tools page's diffs and grep are not indexed, its failures are.
    indexed = build.failing_transcripts()
    commands = [c.text for cs in indexed.values() for c in cs]
    assert not [c for c in commands if build.program(c) in build.NOT_ERRORS], commands
    assert "snippets/migrate-from-pip-tools/compare-versions.console" not in indexed
    assert "snippets/migrate-from-pip-tools/windows-only.console" not in indexed
    assert any(c.startswith("poetry ") for c in commands)


def test_the_build_marks_a_shells_prefix_and_an_operations_package_variable() -> None:
    build = _error_lookup()
    command = transcript.Command(
        lines=['bash -c "poetry --version"'],
        output=["bash: line 1: poetry: command not found", "  - Removing requests (2.34.2)", "Removing the cache"],
        exit_status=127, line=1,
    )
    lines, _ = build.template(command, set())
    kinds = [[kind for _, kind in line] for line in lines]
    assert kinds[0][:3] == ["shell", "shell", "version"], lines[0]
    assert kinds[0][4:] == ["", "", ""], lines[0]  # command not found
    assert [w for w, kind in lines[1] if not kind] == ["-", "removing"], lines[1]
    assert [w for w, kind in lines[2] if not kind] == ["removing", "cache"], lines[2]

"""What the pages say about the guide's own tests and about the tools agrees with the facts.

Each check reads the fact where it lives (the scenarios, the snippets, the pinned Poetry's own
source, the linter) and fails on the sentence that contradicted it before (issue 19's list),
so a page cannot say it again: the tests "have no Docker" while scenarios build images, "do not
run the plugin" while a transcript runs ``poetry export``, a page "walks through" the export
plugin without running it, the proposal recommends a range form that lint rule P2P006
rejects, or ``--lock`` is said to be what makes ``poetry check`` compare the lock file. Claims
that no test runs, such as what a maintainer decided, carry a link to where it was said.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import scenario
from harness.paths import DOCS, REPO, SNIPPETS, poetry_venv
from pip2poetry import constraints

PAGES = sorted(DOCS.rglob("*.md"))
SCENARIOS = scenario.load_all()
LINK = re.compile(r"\]\((?P<target>[^)#\s]+\.md)(?:#[^)]*)?\)")
CITED = re.compile(r"\]\(https?://|<https?://")
#: claims about others' decisions or documents, which a test cannot run: each needs a link
UNEXECUTED = re.compile(r"maintainers (?:have )?declined|PEP 582|`pipenv remove`|`poetry search`[^.]*PyPI", re.I)


def _prose(path: Path) -> list[tuple[int, str]]:
    """The lines of a page outside backtick fences (code, includes, tabs); a ``:::`` note is prose."""
    out, fence = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fence is None:
            marker = re.match(r"^\s*(`{3,})", line)
            if marker:
                fence = marker.group(1)
            else:
                out.append((number, line))
        elif line.strip() == fence:
            fence = None
    return out


def _where(path: Path, number: int, line: str) -> str:
    return f"{path.relative_to(REPO)}:{number}: {line.strip()}"


def _runs_poetry_export(folder: Path) -> bool:
    for path in folder.glob("*"):
        if path.suffix == ".console":
            if any(re.match(r'\$ .*\bpoetry"?\s+export\b', line) for line in path.read_text(encoding="utf-8").splitlines()):
                return True
        elif "Dockerfile" in path.name and re.search(r'\bpoetry"?\s+export\b', path.read_text(encoding="utf-8")):
            return True
    return False


def test_pages_do_not_say_the_tests_have_no_docker() -> None:
    assert any("docker" in case.tools for case in SCENARIOS), "no scenario builds an image any more: this check has no fact"
    found = [_where(p, n, l) for p in PAGES for n, l in _prose(p) if re.search(r"tests (?:have|has) no Docker", l)]
    assert not found, "scenarios build images with the tests' own dockerd:\n" + "\n".join(found)


def test_pages_do_not_say_the_tests_skip_the_export_plugin() -> None:
    running = [folder.name for folder in SNIPPETS.iterdir() if folder.is_dir() and _runs_poetry_export(folder)]
    assert running, "no snippet runs poetry export any more: this check has no fact"
    found = [_where(p, n, l) for p in PAGES for n, l in _prose(p) if re.search(r"tests do not run the (?:export )?plugin", l)]
    assert not found, f"{', '.join(running)} run poetry export:\n" + "\n".join(found)


def test_a_page_sent_to_for_the_export_plugin_runs_it() -> None:
    found = []
    for page in PAGES:
        for number, line in _prose(page):
            if not re.search(r"export plugin|poetry-plugin-export", line):
                continue
            for link in LINK.finditer(line):
                target = (page.parent / link.group("target")).resolve()
                if target.is_file() and target != page and not _runs_poetry_export(SNIPPETS / target.stem):
                    found.append(_where(page, number, line) + f"  ({target.stem} runs no poetry export)")
    assert not found, "a line about the export plugin links a page whose snippets never run it:\n" + "\n".join(found)


PROPOSALS = sorted((SNIPPETS / "write-the-migration-proposal").glob("*.md"))


@pytest.mark.parametrize("proposal", PROPOSALS, ids=lambda p: p.name)
def test_the_proposal_recommends_ranges_lint_accepts(proposal: Path) -> None:
    """A range form such as `>=x.y,<z` has its letters read as numbers; lint's P2P006 must keep it."""
    forms = re.findall(r"`(>=[^`]*,\s*<[^`]*)`", proposal.read_text(encoding="utf-8"))
    bad = []
    for form in forms:
        numbers = re.sub(r"[a-z]", "1", form)
        upper = numbers.split(",", 1)[1].strip()
        if constraints.trailing_zeros(upper) is not None:
            bad.append(form)
    assert not bad, f"{proposal.relative_to(REPO)} recommends {bad}, whose upper bound P2P006 shortens"


def test_pages_agree_on_what_plain_poetry_check_compares() -> None:
    """The pinned Poetry's check command compares poetry.lock whenever there is one; --lock
    only makes a missing lock an error. A page must not give that comparison to --lock."""
    source = next((poetry_venv() / "lib").glob("python3*/site-packages/poetry/console/commands/check.py")).read_text()
    assert 'if self.option("lock") and not self.poetry.locker.is_locked()' in source
    assert "if self.poetry.locker.is_locked() and not self.poetry.locker.is_fresh()" in source
    found = [
        _where(p, n, l)
        for p in PAGES
        for n, l in _prose(p)
        if re.search(r"[Ww]ith `--lock`, (?:it|`poetry check`) also (?:checks|compares)|[Oo]nly `poetry check --lock` compares", l)
    ]
    assert not found, "plain poetry check compares the lock file too:\n" + "\n".join(found)


def test_claims_no_test_runs_carry_a_citation() -> None:
    found = [_where(p, n, l) for p in PAGES for n, l in _prose(p) if UNEXECUTED.search(l) and not CITED.search(l)]
    assert not found, "cite where this was decided or documented (an issue, a PR, a PEP or the tool's docs):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("The tests have no Docker, so they do not build this image.\n", test_pages_do_not_say_the_tests_have_no_docker),
        ("This guide's tests do not run the plugin.\n", test_pages_do_not_say_the_tests_skip_the_export_plugin),
        ("[Another page](other-page.md) walks through the export plugin.\n", test_a_page_sent_to_for_the_export_plugin_runs_it),
        ("With `--lock`, it also checks that the lock file matches `pyproject.toml`.\n", test_pages_agree_on_what_plain_poetry_check_compares),
        ("Its maintainers have declined to add one.\n", test_claims_no_test_runs_carry_a_citation),
    ],
)
def test_each_check_catches_the_old_sentence(text: str, check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "how-to" / "page.md"
    page.parent.mkdir()
    page.write_text("# Page\n\n" + text)
    (page.parent / "other-page.md").write_text("# Other page\n")  # no snippets/other-page/
    module = __import__("test_page_claims")
    monkeypatch.setattr(module, "PAGES", [page])
    monkeypatch.setattr(module, "REPO", tmp_path)
    with pytest.raises(AssertionError):
        check()


def test_the_proposal_check_catches_a_trailing_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proposal = tmp_path / "proposal.md"
    proposal.write_text("explicit `>=x.y,<z.0` ranges\n")
    monkeypatch.setattr(__import__("test_page_claims"), "REPO", tmp_path)
    with pytest.raises(AssertionError, match="P2P006"):
        test_the_proposal_recommends_ranges_lint_accepts(proposal)

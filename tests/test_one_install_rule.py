"""One rule for ``--no-dev`` and for ``install`` versus ``sync``, on every page and in the tools.

The rule is stated once, on the upgrade page (anchor ``install-or-sync``):

- ``--no-dev`` becomes ``--only main`` (Poetry 1.8's own deprecation warning, executed there);
- ``poetry sync`` where the environment must be exactly the lock's selection: images
  (``poetry sync --only main``) and CI;
- ``poetry install`` on the reader's own machine.

This test reads every page, every snippet and the tools' sources for the forms that contradict
it. A snippet that shows a project as it was (a Poetry 1.x Dockerfile, a transcript of the old
commands failing) is named in its scenario.toml's ``[before]`` table with the reason, and may
hold the old forms; on a page, a line may name ``--no-dev`` only next to its replacement, as
labelled history, or when it quotes Poetry 2's error for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import scenario
from harness.paths import DOCS, REPO, SNIPPETS

RULE_PAGE = DOCS / "how-to" / "upgrade-a-poetry-1-x-project-to-poetry-2.md"
BEFORE = {path for manifest in sorted(SNIPPETS.rglob(scenario.MANIFEST)) for path in scenario.befores(manifest)}
PAGES = sorted(DOCS.rglob("*.md"))
SNIPPET_FILES = sorted(p for p in SNIPPETS.rglob("*") if p.is_file() and p.name != scenario.MANIFEST)
SOURCES = sorted((REPO / "src" / "pip2poetry").rglob("*.py"))

NO_DEV = re.compile(r"--no-dev\b")
WITHOUT_DEV = re.compile(r"--without[ =]dev\b")
POETRY_INSTALL = re.compile(r"\bpoetry\s+install\b")
INSTALL_ONLY_MAIN = re.compile(r"\bpoetry\s+install\s+--only[ =]main\b")
#: a diff's removed line (migrate's report shows what it rewrote)
REMOVED = re.compile(r"^-(?!-)")
DEPLOYMENT = re.compile(r"\b(?:Docker\w*|docker|images?|deploy\w*|production)\b")
#: what makes a page's line about --no-dev history or its replacement, not advice
NO_DEV_CONTEXT = ("--only main", "History", "Poetry 1", "does not exist")
#: where --without dev may appear: the upgrade page shows it installs what --only main does there
WITHOUT_DEV_SHOWN = {RULE_PAGE, SNIPPETS / "upgrade-a-poetry-1-x-project-to-poetry-2" / "install-only-main.console"}


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    return list(enumerate(text.splitlines(), 1))


def _where(path: Path, number: int, line: str) -> str:
    return f"{path.relative_to(REPO)}:{number}: {line.strip()}"


def test_the_rule_is_stated_once_where_the_pages_link() -> None:
    text = RULE_PAGE.read_text(encoding="utf-8")
    assert "(install-or-sync)=" in text
    statement = text.split("(install-or-sync)=", 1)[1].split("\n\n", 2)[1]
    for part in ("`--no-dev` becomes `--only main`", "`poetry sync --only main`", "`poetry install` on your own machine"):
        assert part in statement, part
    others = [p for p in PAGES if p != RULE_PAGE and "(install-or-sync)=" in p.read_text(encoding="utf-8")]
    assert not others, f"the rule has one home: {others}"


def test_the_tools_never_offer_without_dev_for_no_dev() -> None:
    found = [_where(p, n, line) for p in SOURCES for n, line in _lines(p) if WITHOUT_DEV.search(line)]
    assert not found, "the survey and migrate replace --no-dev with --only main:\n" + "\n".join(found)


def test_pages_and_snippets_never_offer_without_dev() -> None:
    found = [
        _where(p, n, line)
        for p in PAGES + SNIPPET_FILES
        if p not in WITHOUT_DEV_SHOWN and p.resolve() not in BEFORE
        for n, line in _lines(p)
        if WITHOUT_DEV.search(line)
    ]
    assert not found, "--no-dev becomes --only main (see the rule on the upgrade page):\n" + "\n".join(found)


def test_no_dev_appears_only_as_history() -> None:
    found = [
        _where(p, n, line)
        for p in PAGES
        for n, line in _lines(p)
        if NO_DEV.search(line) and not any(mark in line for mark in NO_DEV_CONTEXT)
    ]
    found += [
        _where(p, n, line)
        for p in SNIPPET_FILES
        if p.resolve() not in BEFORE
        for n, line in _lines(p)
        if NO_DEV.search(line) and "--only main" not in line and not REMOVED.match(line)
    ]
    assert not found, (
        "--no-dev outside labelled history (name the snippet in its scenario.toml's [before] table, "
        "or give the replacement, --only main):\n" + "\n".join(found)
    )


def test_images_use_sync() -> None:
    dockerfiles = [p for p in SNIPPET_FILES if "Dockerfile" in p.name and p.resolve() not in BEFORE]
    assert dockerfiles
    found = [_where(p, n, line) for p in dockerfiles for n, line in _lines(p) if POETRY_INSTALL.search(line)]
    # a page or a Markdown snippet (a proposal, a README) that gives an image poetry install
    found += [
        _where(p, n, line)
        for p in PAGES + [s for s in SNIPPET_FILES if s.suffix == ".md" and s.resolve() not in BEFORE]
        for n, line in _lines(p)
        if INSTALL_ONLY_MAIN.search(line) and DEPLOYMENT.search(line)
        and "poetry sync --only main" not in line and "History" not in line
    ]
    assert not found, "an image installs with poetry sync --only main (see the rule on the upgrade page):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("line", "check"),
    [
        ("RUN poetry install --only main --no-root", test_images_use_sync),
        ("| Docker image | `poetry install --only main` |", test_images_use_sync),
        ("use `poetry install --without dev` instead", test_pages_and_snippets_never_offer_without_dev),
        ("Install with `poetry install --no-dev`.", test_no_dev_appears_only_as_history),
    ],
)
def test_each_check_catches_its_form(line: str, check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each check fails on the form it exists for (a Dockerfile or page written now)."""
    page = tmp_path / "Dockerfile.md"
    page.write_text(f"In the Docker image:\n{line}\n")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(line + "\n")
    module = __import__("test_one_install_rule")
    monkeypatch.setattr(module, "PAGES", [page])
    monkeypatch.setattr(module, "SNIPPET_FILES", [dockerfile])
    monkeypatch.setattr(module, "REPO", tmp_path)
    with pytest.raises(AssertionError):
        check()

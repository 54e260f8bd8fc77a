"""The reference page of ``pip2poetry migrate`` covers the command's one table of rules.

* Every rule in ``pip2poetry.migrate.translations.RULES`` is shown applied: its ID appears
  in what a real run recorded for ``snippets/pip2poetry-migrate/``: a transcript's output
  (the report's ``Rules`` column, which the transcripts grep) or a file a ``compare`` step
  holds to the run (the example report, where each item names its rule).
* Every guide section a rule or a rewriter names ("how-to/x#anchor", the text the report
  prints) exists in the site as ``make html`` builds it, and the reference page gives each
  rule its own anchor (``migrate-rule-p2m101``, made by the ``{migrate-rules}`` directive).

Each check is also shown failing, on a rule or an anchor made up here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import scenario
from harness.paths import SNIPPETS
from pip2poetry import transcript
from pip2poetry.migrate import rewriters, translations

PAGE_SNIPPETS = SNIPPETS / "pip2poetry-migrate"
REFERENCE_PAGE = "reference/pip2poetry-migrate"


def recorded_output() -> str:
    """What real runs recorded for the page: every transcript's output lines, and every
    file that a scenario's compare step holds to what the run left."""
    lines = []
    for path in sorted(PAGE_SNIPPETS.glob("*.console")):
        for command in transcript.parse(path.read_text(encoding="utf-8"), path):
            lines += command.output
    cases = scenario.load(PAGE_SNIPPETS / scenario.MANIFEST)
    compared = {step.snippet for case in cases for step in case.steps if step.kind == "compare"}
    for path in sorted(compared):
        lines += path.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines)


def rules_missing_from(rule_ids: list[str], output: str) -> list[str]:
    return [r for r in rule_ids if not re.search(rf"(?<![\w]){re.escape(r)}(?![\w])", output)]


@pytest.mark.parametrize("rule_id", [r.id for r in translations.RULES])
def test_every_rule_appears_in_a_recorded_transcript(rule_id: str) -> None:
    assert rules_missing_from([rule_id], recorded_output()) == [], (
        f"{rule_id} appears in nothing a real run recorded for {PAGE_SNIPPETS.relative_to(SNIPPETS.parent)}: "
        "add a scenario that applies it, and record it with --update-snippets"
    )


def test_the_transcript_check_finds_a_rule_no_run_applied() -> None:
    output = recorded_output()
    assert "P2M170" in output
    assert rules_missing_from(["P2M170", "P2M999", "P2M17"], output) == ["P2M999", "P2M17"]


# -- the guide sections, in the built site ---------------------------------------------------
def guide_sections() -> list[tuple[str, tuple[str, str]]]:
    """(who names it, (page, anchor)) for every rule and every rewriter module."""
    named = [(rule.id, rule.page) for rule in translations.RULES]
    named += [(module.__name__, module.PAGE) for module in rewriters.MODULES]
    return named


def missing_anchors(site: Path, sections: list[tuple[str, tuple[str, str]]]) -> list[str]:
    problems = []
    for who, (page, anchor) in sections:
        html = site / f"{page}.html"
        if not html.is_file():
            problems.append(f"{who}: {page}#{anchor}: the site has no page {page}")
        elif f'id="{anchor}"' not in html.read_text(encoding="utf-8"):
            problems.append(f"{who}: {page}#{anchor}: no such anchor on the page")
    return problems


def test_every_rules_guide_section_exists_in_the_built_site(built_site) -> None:  # type: ignore[no-untyped-def]
    problems = missing_anchors(built_site.path, guide_sections())
    assert not problems, "\n".join(problems)


def test_the_reference_page_anchors_and_links_every_rule(built_site) -> None:  # type: ignore[no-untyped-def]
    html = (built_site.path / f"{REFERENCE_PAGE}.html").read_text(encoding="utf-8")
    problems = []
    for rule in translations.RULES:
        anchor = f"migrate-rule-{rule.id.lower()}"
        if f'id="{anchor}"' not in html:
            problems.append(f"{rule.id}: no anchor {anchor}")
        page, section = rule.page
        if f'href="../{page}.html#{section}"' not in html:
            problems.append(f"{rule.id}: no link to {page}#{section}")
    for module in rewriters.MODULES:
        if module.__name__ not in html:
            problems.append(f"{module.__name__}: not in the consumer kinds table")
    assert not problems, "\n".join(problems)


def test_the_anchor_check_finds_a_made_up_page_and_anchor(built_site) -> None:  # type: ignore[no-untyped-def]
    sections = [
        ("P2M170", ("how-to/build-docker-images-for-a-poetry-project", "docker-multi-stage")),
        ("P2M998", ("how-to/run-poetry-in-ci", "no-such-section")),
        ("P2M999", ("how-to/no-such-page", "github")),
    ]
    assert missing_anchors(built_site.path, sections) == [
        "P2M998: how-to/run-poetry-in-ci#no-such-section: no such anchor on the page",
        "P2M999: how-to/no-such-page#github: the site has no page how-to/no-such-page",
    ]


def test_the_build_fails_on_a_rule_whose_guide_section_does_not_exist(tmp_path: Path) -> None:
    """The {migrate-rules} directive's links are cross-references that -n -W checks: a rule
    made up here, naming a section its page lacks, fails a build of a one-page site."""
    import subprocess
    import sys

    from harness.paths import DOCS, REPO

    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(DOCS / '_ext')!r})\n"
        "from pip2poetry.migrate import translations\n"
        "translations.RULES = (\n"
        "    translations.Rule('P2M998', 'old', 'new', ('index', 'the-rules'), 'a section the page has'),\n"
        "    translations.Rule('P2M999', 'old', 'new', ('index', 'no-such-section'), 'a section it lacks'),\n"
        ")\n"
        "extensions = ['myst_parser', 'pip2poetry_docs']\n"
        "myst_heading_anchors = 3\n"
        "nitpicky = True\n",
        encoding="utf-8",
    )
    (site / "index.md").write_text("# Probe\n\n## The rules\n\n```{migrate-rules}\n```\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-q", "--no-color", "-n", "-W", "--keep-going", str(site), str(tmp_path / "html")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode != 0
    assert re.findall(r"WARNING: (local id not found[^\n]*)", result.stderr) == [
        "local id not found in doc 'index': 'no-such-section' [myst.xref_missing]"
    ], result.stderr
    assert 'id="migrate-rule-p2m999"' in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")

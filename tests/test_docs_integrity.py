"""The pages and the snippets cover each other, and the site builds without a warning.

Fast checks read the Markdown sources only; the last tests run Sphinx in a subprocess
(myst-parser raises a Python deprecation warning that pytest's ``filterwarnings = error``
would turn into a failed in-process build).

The bypass detector mirrors the before-stop hook's fence detection and is stricter: any
language counts, colon fences and blocks nested in other directives (tabs, admonitions)
count, and the only escape is ``:illustrative: <reason>`` as a leading option of a
``code-block`` (or ``sourcecode``), which docs/_ext/pip2poetry_docs.py also accepts.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import normalise, scenario
from pip2poetry import transcript
from harness.paths import DOCS, REPO, SNIPPETS, poetry_version

PAGES = sorted(p for p in DOCS.rglob("*.md") if not any(part.startswith("_") for part in p.relative_to(DOCS).parts))

# -- Fenced blocks in MyST sources -------------------------------------------------------
# The hook's opening-fence pattern, plus ":::" colon fences (myst colon_fence is enabled).
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{(?P<d>[^}]+)\})?\s*(?P<a>\S*)")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?P<value>.*)$")
# Directives whose body is shown verbatim. Any other directive's body is page markup,
# searched for nested blocks (the hook skips it: this is where we are stricter).
CODE_DIRECTIVES = {"code-block", "code", "sourcecode", "code-cell", "code-tab", "parsed-literal"}
MARKABLE = {"code-block", "sourcecode"}
VERBATIM_DIRECTIVES = {"literalinclude", "toctree", "eval-rst", "raw", "math"}


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line of the opening fence
    directive: str  # "" for a bare fence
    argument: str  # language, or the directive's argument
    options: dict[str, str]  # leading ":key: value" lines


def fenced_blocks(text: str, first_line: int = 1) -> list[Block]:
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match or (match.group(2).startswith(":") and not match["d"]):
            i += 1
            continue
        fence, directive = match.group(2), (match["d"] or "").strip()
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        body = lines[i + 1 : j]
        options: dict[str, str] = {}
        for raw in body:
            option = OPTION.match(raw)
            if not option:
                break
            options[option["key"]] = option["value"].strip()
        blocks.append(Block(first_line + i, directive, match["a"], options))
        if directive and directive not in CODE_DIRECTIVES | VERBATIM_DIRECTIVES:
            blocks.extend(fenced_blocks("\n".join(body), first_line + i + 1))
        i = j + 1
    return blocks


def bypasses(text: str) -> list[str]:
    """Code blocks written on the page instead of included from snippets/."""
    problems = []
    for block in fenced_blocks(text):
        if block.directive and block.directive not in CODE_DIRECTIVES:
            continue
        if block.directive in MARKABLE and block.options.get("illustrative"):
            continue
        kind = f"{{{block.directive}}} " if block.directive else ""
        problems.append(
            f"line {block.line}: a {kind}{block.argument or 'plain'} block bypasses snippets/ "
            "(include a tested snippet, or use a {code-block} with ':illustrative: <reason>')"
        )
    return problems


def includes(page: Path) -> list[tuple[int, Path]]:
    """(line, resolved target) for every literalinclude on a page."""
    found = []
    for block in fenced_blocks(page.read_text(encoding="utf-8")):
        if block.directive == "literalinclude":
            base = DOCS if block.argument.startswith("/") else page.parent
            found.append((block.line, (base / block.argument.lstrip("/")).resolve()))
    return found


def test_there_are_pages() -> None:
    assert len(PAGES) >= 4, f"no pages under {DOCS}"


@pytest.mark.parametrize(
    "text",
    [
        "```console\n$ poetry lock\n```\n",
        "```\nplain\n```\n",
        "~~~toml\n[tool.poetry]\n~~~\n",
        "```{code-block} console\n$ poetry lock\n```\n",
        "```{code} toml\nx = 1\n```\n",
        "```{sourcecode} ini\n[x]\n```\n",
        ":::{code-block} console\n$ poetry lock\n:::\n",
        "```{code-block} console\n:illustrative:\n$ poetry lock\n```\n",
        "```{code-block} console\n:caption: illustrative\n$ poetry lock\n```\n",
        "```{code-block} console\n$ poetry lock\n:illustrative: too late, this is content\n```\n",
        "```{code} console\n:illustrative: code is docutils' directive, without the option\n$ x\n```\n",
        "`````{tabs}\n````{tab} pip\n```console\n$ pip install x\n```\n````\n`````\n",
        "- a list item\n\n  ```toml\n  x = 1\n  ```\n",
    ],
)
def test_detector_catches_a_bypass(text: str) -> None:
    assert len(bypasses(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "```{code-block} console\n:illustrative: make test would run the suite inside itself\n$ make test\n```\n",
        "```{sourcecode} toml\n:caption: a shape\n:illustrative: a made-up shape, not a file\nx = 1\n```\n",
        "```{literalinclude} ../../snippets/verified-with/versions.console\n:language: console\n```\n",
        "```{toctree}\n:maxdepth: 1\n\nverified-with\n```\n",
        "````{code-block} markdown\n:illustrative: markup example\n```console\n$ x\n```\n````\n",
        "Prose with `inline code` only.\n",
    ],
)
def test_detector_accepts_snippets_and_marked_blocks(text: str) -> None:
    assert bypasses(text) == []


def test_no_page_bypasses_snippets() -> None:
    problems = [f"{page.relative_to(REPO)}: {p}" for page in PAGES for p in bypasses(page.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


# -- Snippets: every one tested and shown -------------------------------------------------
def test_every_include_exists_under_snippets() -> None:
    found = [(page, line, target) for page in PAGES for line, target in includes(page)]
    assert found, "no page includes a snippet"
    bad = [
        f"{page.relative_to(REPO)}:{line}: {target} " + ("does not exist" if not target.is_file() else "is not under snippets/")
        for page, line, target in found
        if not target.is_file() or not target.is_relative_to(SNIPPETS)
    ]
    assert not bad, "\n".join(bad)


def test_every_snippet_is_run_and_shown() -> None:
    files = scenario.snippet_files()
    assert files, f"no snippet files under {SNIPPETS}"
    used = scenario.used_snippets(scenario.load_all())
    shown = {target for page in PAGES for _, target in includes(page)}
    untested = sorted(str(f.relative_to(REPO)) for f in files - used)
    unshown = sorted(str(f.relative_to(REPO)) for f in files - shown)
    assert not untested, f"no scenario step uses these snippets: {untested}"
    assert not unshown, f"no page includes these snippets (literalinclude): {unshown}"


# -- Real packages on reader-facing pages -------------------------------------------------
def made_up_page_problems(case: scenario.Scenario) -> list[str]:
    """A scenario that declares made-up packages belongs to a tutorial or how-to whose page
    names each of them and says they are made up."""
    if not case.made_up:
        return []
    page = case.page
    if page is None or not case.needs_real_packages:
        return [f"{case.id}: made-up is only for tutorials and how-to guides"]
    text = page.read_text(encoding="utf-8")
    problems = []
    if not re.search(r"made[ -]up", text, re.IGNORECASE):
        problems.append(f"{page.relative_to(REPO)}: uses made-up packages but never says so")
    problems += [
        f"{page.relative_to(REPO)}: does not name the made-up package {name!r}"
        for name in case.made_up
        if name not in text
    ]
    return problems


def test_made_up_packages_are_said_to_be_made_up() -> None:
    """(test_snippets fails a scenario that uses a made-up package without declaring it.)"""
    problems = [p for case in scenario.load_all() for p in made_up_page_problems(case)]
    assert not problems, "\n".join(problems)


def test_a_declared_made_up_package_the_page_does_not_mention_is_reported() -> None:
    """No page declares one today, so the rule is shown failing on declarations made here."""
    cases = scenario.load_all()
    how_to = next(c for c in cases if c.id.startswith("migrate-from-pipenv/"))
    assert made_up_page_problems(dataclasses.replace(how_to, made_up=("badger",))) == [
        "docs/how-to/migrate-from-pipenv.md: uses made-up packages but never says so",
        "docs/how-to/migrate-from-pipenv.md: does not name the made-up package 'badger'",
    ]
    explanation = next(c for c in cases if c.id.startswith("why-explicit-ranges"))
    assert made_up_page_problems(dataclasses.replace(explanation, made_up=("badger",))) == [
        f"{explanation.id}: made-up is only for tutorials and how-to guides"
    ]


def test_reader_facing_pages_are_recognised() -> None:
    tutorial = next(c for c in scenario.load_all() if c.id.endswith("requirements-txt/migrate"))
    explanation = next(c for c in scenario.load_all() if c.id.startswith("why-explicit-ranges"))
    assert tutorial.needs_real_packages and not explanation.needs_real_packages


# -- Titles and file names ---------------------------------------------------------------
HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# Proper nouns, and names that are written in lower case on purpose.
ALLOWED_WORDS = {
    "Bash", "CI", "Dependabot", "Docker", "Dockerfile", "Git", "GitHub", "GitLab", "JSON", "Linux",
    "MyST", "PEP", "PyPI", "Pipenv", "Pipfile", "Poetry", "Python", "Renovate", "Sphinx", "TOML",
    "Windows", "YAML", "macOS", "pip", "pip-tools", "pip2poetry", "pipx", "pytest", "tox",
}


def headings(page: Path) -> list[tuple[int, int, str]]:
    """(line, level, text) of every heading outside fenced blocks."""
    found, fence = [], ""
    for number, raw in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if fence:
            fence = "" if raw.strip().startswith(fence) else fence
            continue
        if (match := FENCE.match(raw)) and (match["d"] or not match.group(2).startswith(":")):
            fence = match.group(2)
        elif heading := HEADING.match(raw):
            found.append((number, len(heading[1]), heading["text"]))
    return found


def kebab(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.replace("`", "").lower()).strip("-")


def case_problems(heading: str) -> list[str]:
    words = re.sub(r"`[^`]*`", "0", heading).split()  # code spans keep their own case
    problems = []
    for position, raw in enumerate(words):
        word = re.sub(r"'s$", "", raw.strip(".,;:!?()[]\"'"))
        if not word or word in ALLOWED_WORDS or not word[0].isalpha():
            continue
        new_sentence = position == 0 or words[position - 1][-1] in ".:?!"
        if new_sentence and not word[0].isupper():
            problems.append(f"{word!r} starts the title, so capitalize it")
        if not new_sentence and word[0].isupper() and not word.isupper():
            problems.append(f"{word!r} is capitalized (sentence case; add proper nouns to ALLOWED_WORDS)")
    return problems


def test_case_checker() -> None:
    assert case_problems("Migrate an application from `requirements.txt` with Poetry") == []
    assert case_problems("pip2poetry") == []
    assert case_problems("Why PEP 621 and TOML: A note") == []
    assert len(case_problems("Migrate An Application From Pip")) == 4
    assert case_problems("`poetry add` with a Constraint") == ["'Constraint' is capitalized (sentence case; add proper nouns to ALLOWED_WORDS)"]
    assert len(case_problems("verified with")) == 1


def test_titles_match_file_names_and_use_sentence_case() -> None:
    problems = []
    for page in PAGES:
        name = page.relative_to(REPO)
        found = headings(page)
        if not found or found[0][1] != 1:
            problems.append(f"{name}: the first heading must be the page title, a '# ' heading")
            continue
        title = found[0][2]
        if page.name != "index.md" and kebab(title) != page.stem:
            problems.append(f"{name}: for the title {title!r} the file should be {kebab(title)}.md")
        problems.extend(f"{name}:{line}: {p}" for line, _, text in found for p in case_problems(text))
    assert not problems, "\n".join(problems)


# -- The contributing page names what exists ---------------------------------------------
def test_contributing_page_names_real_make_targets_and_every_mask() -> None:
    text = (DOCS / "contributing.md").read_text(encoding="utf-8")
    targets = set(re.findall(r"^\$ make ([\w-]+)", text, re.M)) | set(re.findall(r"`make ([\w-]+)`", text))
    assert {"html", "serve", "test", "update-snippets"} <= targets
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    missing = sorted(t for t in targets if not re.search(rf"^{re.escape(t)}:", makefile, re.M))
    assert not missing, f"docs/contributing.md names make targets the Makefile lacks: {missing}"
    assert normalise.MASKS
    undocumented = [m.name for m in normalise.MASKS if m.name not in text]
    assert not undocumented, f"docs/contributing.md does not list these masks: {undocumented}"


# -- The extension's version source ------------------------------------------------------
def _extension():
    spec = importlib.util.spec_from_file_location("pip2poetry_docs", DOCS / "_ext" / "pip2poetry_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verified_version() -> str:
    """Read independently of the extension: the first output line of `poetry --version`."""
    commands = transcript.parse((SNIPPETS / "verified-with" / "versions.console").read_text(encoding="utf-8"))
    poetry = next(c for c in commands if c.text == "poetry --version")
    match = re.fullmatch(r"Poetry \(version (\S+)\)", poetry.output[0])
    assert match, poetry.output
    return match[1]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "is missing"),
        ("poetry --version\n", "starts with a '$ ' command"),
        ("$ poetry --version\nPoetry version 2\n", "expected 'Poetry (version X.Y.Z)'"),
        ("$ python3 --version\nPython 3.11.7\n", "no '$ poetry --version' command"),
    ],
)
def test_extension_refuses_a_missing_or_unparsable_transcript(tmp_path: Path, content: str | None, error: str) -> None:
    from sphinx.errors import ConfigError

    path = tmp_path / "versions.console"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    extension = _extension()
    with pytest.raises(ConfigError, match=re.escape(error)):
        extension.verified_poetry_version(path)
    assert extension.verified_poetry_version() == verified_version()


# -- Builds ------------------------------------------------------------------------------
def sphinx_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-q", "--no-color", "-n", "-W", "--keep-going", "-c", str(REPO), str(source), str(out)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO)


def test_site_builds_without_warnings(built_site) -> None:  # type: ignore[no-untyped-def]
    """The site as make html builds it (shared with the browser tests, see conftest)."""
    result, tmp_path = built_site, built_site.path
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    footer = re.search(r"<footer>.*?</footer>", index, re.S)
    assert footer, "no <footer> in index.html"
    assert re.search(rf"Verified with Poetry {re.escape(verified_version())}\b", footer[0]), footer[0]
    copybutton = (tmp_path / "_static" / "copybutton.js").read_text(encoding="utf-8")
    # Commands only: prompt regexp, only prompt lines, prompts removed, no empty lines.
    assert r"formatCopyText(text, '\\$ |> ', true, true, true, false," in copybutton
    assert "let exclude = '.linenos, .go, .gr';" in copybutton  # output and status lines
    # The RFC template downloads from the site, byte for byte the tested snippet.
    template = SNIPPETS / "write-the-migration-proposal" / "migration-proposal-template.md"
    downloads = list((tmp_path / "_downloads").glob(f"*/{template.name}"))
    assert [d.read_bytes() for d in downloads] == [template.read_bytes()], downloads
    page = (tmp_path / "how-to" / "write-the-migration-proposal.html").read_text(encoding="utf-8")
    assert f'href="../{downloads[0].relative_to(tmp_path).as_posix()}"' in page


def test_build_fails_on_a_block_that_bypasses_snippets(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    snippet = os.path.relpath(SNIPPETS / "verified-with" / "versions.console", source)
    outside = os.path.relpath(REPO / "conf.py", source)
    (source / "index.md").write_text(
        "# Probe\n"  # 1
        "\n"
        "```console\n$ poetry lock\n```\n"  # 3: bypass
        "\n"
        "```{code-block} toml\n:illustrative: a shape, not a file\nx = 1\n```\n"  # 7: marked
        "\n"
        f"```{{literalinclude}} {snippet}\n:language: console\n```\n"  # 12: a snippet
        "\n"
        f"```{{literalinclude}} {outside}\n:language: python\n```\n",  # 16: not a snippet
        encoding="utf-8",
    )
    result = sphinx_build(source, tmp_path / "html")
    assert result.returncode != 0
    warned = re.findall(r"index\.md:(\d+): WARNING: a literal block bypasses snippets/", result.stderr)
    assert warned == ["3", "16"], result.stderr


def test_emphasize_matching_highlights_by_content_and_fails_when_nothing_matches(tmp_path: Path) -> None:
    source = tmp_path / "site"
    source.mkdir()
    snippet = os.path.relpath(SNIPPETS / "verified-with" / "versions.console", source)
    page = source / "index.md"
    page.write_text(
        f"# Probe\n\n```{{literalinclude}} {snippet}\n:language: console\n:emphasize-matching: ^Poetry\n```\n",
        encoding="utf-8",
    )
    result = sphinx_build(source, tmp_path / "good")
    assert result.returncode == 0, result.stderr
    highlighted = re.findall(r'<span class="hll">(.*?)\n', (tmp_path / "good" / "index.html").read_text())
    assert [re.sub(r"<[^>]+>", "", line) for line in highlighted] == [f"Poetry (version {poetry_version()})"]
    page.write_text(page.read_text().replace("^Poetry", "^Hatch"), encoding="utf-8")
    result = sphinx_build(source, tmp_path / "bad")
    assert result.returncode != 0
    assert "matches no line of" in result.stderr, result.stderr


def test_pages_highlight_by_content_not_by_line_number() -> None:
    """A regenerated snippet can shift its lines; :emphasize-matching: follows the content."""
    numbered = [
        f"{page.relative_to(REPO)}:{number}"
        for page in sorted(DOCS.rglob("*.md"))
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().startswith(":emphasize-lines:")
    ]
    assert not numbered, f"use :emphasize-matching: <regex> instead of :emphasize-lines: at {numbered}"

"""The error lookup: every failing command of every verified transcript, findable by its error,
and every warning that a transcript marks as one.

Sphinx's search needs every word of a query on a page, so an error a reader pastes, with
the reader's own project name, path, version or option in it, finds nothing. This
extension collects, at build time, every command in a ``snippets/**/*.console`` transcript
that ends with ``[exit status N]`` (N > 0), except a comparison or search whose status 1
is its answer (``diff``, ``grep``, ``cmp``, ``test``: see ``NOT_ERRORS``), and writes them to the build as

* ``_static/error-lookup.json``: the data, for tools and tests;
* ``_static/error-lookup-data.js``: the same JSON as ``window.P2P_ERROR_LOOKUP``, so the
  lookup page also works from ``file://`` (where a browser refuses to fetch a JSON file).

``docs/_static/error-lookup.js`` matches a pasted error against that data in the browser.

**Warnings.** Some output that readers paste comes from a command that succeeds: a
deprecation warning of ``poetry check``, the packages ``poetry sync`` removes. A transcript
whose file name ends in ``-warning.console`` shows one in its last command, which exits with
status 0; that command is indexed like a failing one, with ``"warning": true`` in its entry.
Its other commands, and every other transcript's successful commands, are not: "All set!"
or "Writing lock file" would match too much.

**What explains an error.** A page explains a failing command when it includes its
transcript (``literalinclude``). The entry links to the nearest section around the include:
its explicit label when it has one (``(faq-...)=``, ``(error-...)=``), otherwise its heading
anchor, or the page itself for an include under the page title. A transcript with a failing
command that no page includes is a build error (a warning under ``-W``).

**Variable parts.** Each output line is split into words (see ``words``; the JavaScript
side splits a pasted error the same way). A word is variable when it was quoted, contains a
digit (versions, hashes, line numbers, ``py3.11``), looks like a path or an option, or is a
name: a package the test index serves, a sample project, or an argument of the failing
command, or the package of one of Poetry's operations (``- Removing requests (2.34.2)``);
the words of a shell's prefix (``bash: line 1:``) are the reader's shell's. Every
other word is stable. Matching counts stable words only; variable words
count as a small bonus when they are identical, which ranks our own example first.

**Older releases' wordings.** A transcript that a scenario runs with an older Poetry release
(``{ run = "x.console", poetry = "2.0.1" }``, see ``tests/harness/poetry_releases.py``) is
indexed like any other, with that release as the entry's ``release`` (``null`` for the pinned
one), so an error pasted in the words of the release a reader runs finds the entry that
explains it, and the lookup says which release prints those words.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from pip2poetry import transcript

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "snippets"
PACKAGE_INDEX = REPO / "tests" / "package_index"
SAMPLES = REPO / "tests" / "sample_projects"
DATA_JSON = "error-lookup.json"
DATA_JS = "error-lookup-data.js"
LOOKUP_PAGE = "reference/error-lookup"

#: Characters stripped from both ends of a word (quotes, brackets, sentence punctuation).
STRIP = "\"'`()[]{},;:.!?"
QUOTES = "\"'`"
#: Words too common to tell two errors apart. The JavaScript side reads this list from the data.
STOPWORDS = sorted(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
     "on", "or", "so", "that", "the", "this", "to", "was", "were", "with", "you", "your"}
)
WORD_RE = re.compile(r"\S+")


def words(line: str) -> list[tuple[str, bool]]:
    """(word, quoted) for each word of a line: whitespace-separated, ends stripped of quotes,
    brackets and punctuation, lower-cased. Mirrored by ``words()`` in error-lookup.js."""
    found = []
    for raw in WORD_RE.findall(line):
        quoted = raw.lstrip("([{")[:1] in QUOTES and raw.lstrip("([{")[:1] != ""
        word = raw.strip(STRIP).lower()
        if word:
            found.append((word, quoted))
    return found


def known_names() -> set[str]:
    """Names a reader's error shows their own names in place of: the made-up packages and
    the sample projects the examples use. (Real package names such as "virtualenv" or
    "build" are also ordinary words in messages, so they stay stable.)"""
    names: set[str] = {"myapp"}
    names |= set(tomllib.loads((PACKAGE_INDEX / "packages.toml").read_text(encoding="utf-8")))
    if SAMPLES.is_dir():
        for folder in SAMPLES.iterdir():
            if folder.is_dir():
                names |= {folder.name.lower(), folder.name.lower().replace("-", "_")}
    return names


def classify(word: str, quoted: bool, names: set[str], arguments: set[str]) -> str | None:
    """The kind of variable a word is (name, path, version, option, quoted), or None."""
    if quoted:
        return "quoted"
    if word.startswith("-") and len(word) > 1:
        return "option"
    if "/" in word or "\\" in word or word.startswith("~"):
        return "path"
    if any(c.isdigit() for c in word):
        return "version"
    if word in names or word in arguments:
        return "name"
    return None


#: A shell's own prefix ("bash: line 1:", "zsh:", "/bin/sh: 1:"): it names the reader's shell,
#: not the error, so its words are variable (kind "shell"): "zsh: command not found: poetry"
#: is the same message as our "bash: line 1: poetry: command not found".
SHELL_PREFIX = re.compile(r"^\s*-?(?:\S*/)?(?:ba|z|k|da|fi|tc|c)?sh:(?:\s+line)?(?:\s+\d+:)?\s")


#: The verbs of Poetry's package operations ("- Installing aardvark (1.3.0)"), whose package
#: is a name whatever it is: a reader's sync removes their own packages, not ours.
OPERATIONS = frozenset({"installing", "updating", "downgrading", "removing"})


def template(command: transcript.Command, names: set[str]) -> tuple[list[list[list[str]]], list[int]]:
    """The command's output as lines of [word, kind] pairs (kind "" for a stable word), and
    the index of each one in the output. Lines without a stable word are dropped (nothing
    to match them by)."""
    # The program and its subcommand stay stable ("poetry add"); what follows is the reader's.
    arguments = {w for w, _ in words(command.text)[2:]}
    lines, indexes = [], []
    for index, raw in enumerate(command.output):
        line = [[w, classify(w, q, names, arguments) or ""] for w, q in words(raw)]
        for i in range(1, len(line) - 2):
            # Poetry's "- Removing requests (2.34.2)": the package is the reader's.
            if line[i - 1][0] == "-" and line[i][0] in OPERATIONS and line[i + 2][1] == "version":
                line[i + 1][1] = line[i + 1][1] or "name"
        if prefix := SHELL_PREFIX.match(raw):
            for pair in line[: len(words(prefix[0]))]:
                pair[1] = pair[1] or "shell"
        line = [pair for pair in line if pair[1] or pair[0] not in STOPWORDS]
        if any(kind == "" for _, kind in line):
            lines.append(line)
            indexes.append(index)
    return lines, indexes


# -- Where each transcript is included ---------------------------------------------------
def _section_anchor(node: nodes.Node) -> tuple[str, str]:
    """(anchor, title) of the nearest section around a node; ("", page title) at top level."""
    section = node.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is None:
        return "", ""
    title = section.next_node(nodes.title)
    text = title.astext() if title is not None else ""
    if isinstance(section.parent, nodes.document):
        return "", text  # the page title: link to the page itself
    ids = list(section["ids"])
    explicit = [i for i in ids if i.startswith(("faq-", "error-", "warning-"))]
    return (explicit or ids or [""])[0], text


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    includes = env.p2p_transcript_includes  # type: ignore[attr-defined]
    page_title = ""
    first = doctree.next_node(nodes.title)
    if first is not None:
        page_title = first.astext()
    for literal in doctree.findall(nodes.literal_block):
        source = literal.get("source")
        if not source or not source.endswith(".console"):
            continue
        path = Path(source).resolve()
        if not path.is_relative_to(SNIPPETS):
            continue
        anchor, section = _section_anchor(literal)
        includes.setdefault(env.docname, []).append(
            {"snippet": path.relative_to(REPO).as_posix(), "anchor": anchor,
             "section": section or page_title, "page_title": page_title}
        )


def _init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not hasattr(env, "p2p_transcript_includes"):
        env.p2p_transcript_includes = {}  # type: ignore[attr-defined]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "p2p_transcript_includes", {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = env.p2p_transcript_includes  # type: ignore[attr-defined]
    for docname in docnames:
        if docname in other.p2p_transcript_includes:  # type: ignore[attr-defined]
            mine[docname] = other.p2p_transcript_includes[docname]  # type: ignore[attr-defined]


def older_releases() -> dict[str, str]:
    """snippet path (relative to the repository) -> the older Poetry release its scenario
    step runs it with (``poetry = "2.0.1"``); transcripts run by the pinned release are absent."""
    found: dict[str, str] = {}
    for manifest in sorted(SNIPPETS.rglob("scenario.toml")):
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            continue  # the snippet tests report a malformed manifest
        for scenario in data.get("scenario", []):
            for step in scenario.get("steps", []):
                if isinstance(step, dict) and isinstance(step.get("run"), str) and step.get("poetry"):
                    path = (manifest.parent / step["run"]).resolve()
                    found[path.relative_to(REPO).as_posix()] = str(step["poetry"])
    return found


#: A transcript named ``*-warning.console`` shows a warning in its last command (exit status 0).
WARNING_SUFFIX = "-warning.console"


def is_warning(command: transcript.Command) -> bool:
    """A command indexed for the warning it prints rather than for a failure."""
    return not command.exit_status


#: Programs whose exit status 1 is an answer, not an error: ``diff`` and ``cmp`` found a
#: difference, ``grep`` found no line, ``test`` / ``[`` found the condition false. A reader
#: never pastes their output as an error, and it would match much ("Only in", a file's lines).
NOT_ERRORS = frozenset({"diff", "grep", "cmp", "test", "["})
_SEPARATORS = ("&&", "||", "|", ";")


def program(command: str) -> str:
    """The program whose exit status a shell command line ends with: the last command of
    a pipeline or list (``a | b``, ``a && b``), its variable assignments and ``sudo``/``env``
    set aside; ``|`` inside quotes or ``<(...)`` does not split. ``""`` for an empty line."""
    text = command.replace("\\\n", " ")
    last, depth, quote, i = 0, 0, "", 0
    while i < len(text):
        c = text[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (sep := next((x for x in _SEPARATORS if text.startswith(x, i)), "")):
            last = i + len(sep)
            i += len(sep)
            continue
        i += 1
    for word in text[last:].split():
        if word in ("!", "sudo", "env", "time", "command", "exec") or re.fullmatch(r"[A-Za-z_]\w*=\S*", word):
            continue
        return word.rsplit("/", 1)[-1]
    return ""


def is_error(command: transcript.Command) -> bool:
    """A failing command whose failure is an error, not a comparison's or search's answer."""
    return bool(command.exit_status) and program(command.text) not in NOT_ERRORS


def failing_transcripts() -> dict[str, list[transcript.Command]]:
    """snippet path (relative to the repository) -> its failing commands, and for a
    ``*-warning.console`` transcript its last command, the one that warns."""
    found = {}
    for path in sorted(SNIPPETS.rglob("*.console")):
        try:
            commands = transcript.parse(path.read_text(encoding="utf-8"), path)
        except transcript.TranscriptError:
            continue  # the snippet tests report a malformed transcript
        failing = [c for c in commands if is_error(c)]
        if path.name.endswith(WARNING_SUFFIX) and commands and not commands[-1].exit_status and commands[-1].output:
            failing.append(commands[-1])
        if failing:
            found[path.relative_to(REPO).as_posix()] = failing
    return found


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    """Every failing command is explained: its transcript is included on some page.

    One exception keeps a page under construction from breaking everyone's build: when no
    page includes any snippet of a folder yet (its page is a stub, or not written), its
    transcripts are only reported. The snippet tests still fail on every snippet that no
    page shows (tests/test_docs_integrity.py)."""
    includes = env.p2p_transcript_includes  # type: ignore[attr-defined]
    included = {i["snippet"] for items in includes.values() for i in items}
    shown_folders = {Path(s).parent.as_posix() for s in included} | {
        Path(i).parent.as_posix() for i in _all_includes(env)
    }
    for snippet, commands in failing_transcripts().items():
        if snippet in included:
            continue
        report = logger.warning if Path(snippet).parent.as_posix() in shown_folders else logger.info
        report(
            "%s: `%s` %s, and no page explains it: include the "
            "transcript with literalinclude in the section that explains the error",
            snippet, commands[0].text,
            "warns" if is_warning(commands[0]) else f"fails (exit status {commands[0].exit_status})",
            type="pip2poetry", subtype="error-lookup",
        )


def _all_includes(env: BuildEnvironment) -> set[str]:
    """Every file under snippets/ that some page includes (any kind, not only transcripts)."""
    found = set()
    for paths in env.dependencies.values():
        for path in paths:
            resolved = (Path(env.srcdir) / path).resolve()
            if resolved.is_relative_to(SNIPPETS):
                found.add(resolved.relative_to(REPO).as_posix())
    return found


def issues_url() -> str:
    """The project's issue tracker, from pyproject.toml: where "nothing matches" sends a reader."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    return str(project.get("urls", {}).get("Issues", ""))


def lookup_data(app: Sphinx) -> dict[str, Any]:
    env = app.env
    names = known_names()
    failing = failing_transcripts()
    releases = older_releases()
    entries = []
    for docname in sorted(env.p2p_transcript_includes):  # type: ignore[attr-defined]
        for include in env.p2p_transcript_includes[docname]:  # type: ignore[attr-defined]
            for command in failing.get(include["snippet"], []):
                lines, indexes = template(command, names)
                uri = app.builder.get_target_uri(docname)
                entries.append(
                    {
                        "command": command.text,
                        "exit_status": command.exit_status,
                        "warning": is_warning(command),
                        "output": command.output,
                        "lines": lines,
                        "line_index": indexes,
                        "url": uri + (f"#{include['anchor']}" if include["anchor"] else ""),
                        "page": include["page_title"],
                        "section": include["section"],
                        "snippet": include["snippet"],
                        "line": command.line,
                        "release": releases.get(include["snippet"]),
                    }
                )
    return {"stopwords": STOPWORDS, "strip": STRIP, "issues": issues_url(), "entries": entries}


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    data = lookup_data(app)
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=1, ensure_ascii=False)
    (static / DATA_JSON).write_text(text + "\n", encoding="utf-8")
    (static / DATA_JS).write_text(f"window.P2P_ERROR_LOOKUP = {text};\n", encoding="utf-8")


def _page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == LOOKUP_PAGE:
        app.add_js_file(DATA_JS)
        app.add_js_file("error-lookup.js")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", _collect)
    app.connect("env-check-consistency", _check)
    app.connect("html-page-context", _page_scripts)
    app.connect("build-finished", _write)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}

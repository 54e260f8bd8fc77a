"""Sphinx glue for pip2poetry: make the snippet system visible, and hold pages to it.

* The Poetry release the snippets were verified against is read from the verified
  transcript ``snippets/verified-with/versions.console`` (never typed by hand). It is shown
  in the site footer (``verified_poetry_version`` in the HTML context) and is available to
  pages as the MyST substitution ``{{ poetry_version }}``.
* Every literal block on a page must come from a ``literalinclude`` of a file under
  ``snippets/``; anything else is a warning (an error under ``-W``), unless it is marked
  illustrative with a reason: ``code-block`` and ``sourcecode`` accept
  ``:illustrative: <reason>``, and the reason is shown to readers as the block's caption.
* ``literalinclude`` accepts ``:emphasize-matching: <regex>``: it highlights every line of
  the included file that the regular expression matches, and fails the build when none
  does. Unlike ``:emphasize-lines:``, a highlight cannot drift onto the wrong lines when a
  snippet is regenerated or edited.
* ``literalinclude`` accepts ``:fold: <head>[,<tail>]`` for a long transcript: its first
  ``head`` lines (and last ``tail`` lines) stay open, and the lines between render inside a
  ``<details>`` element whose summary says how many lines the full output has, so a page
  shows no wall of output and still shows every line it ran (tests/test_no_walls.py).
* ``{migrate-rules}`` renders ``pip2poetry migrate``'s one table of translations
  (``pip2poetry.migrate.translations.RULES``): each rule's row carries the anchor
  ``migrate-rule-<id>`` (``migrate-rule-p2m101``), and its guide section ("how-to/x#anchor")
  becomes a MyST cross-reference, so ``-n -W`` fails on a page or anchor that does not exist.
  ``{migrate-consumers}`` renders the rewriters' registry the same way: each module, the
  consumer kinds it handles and the guide section whose recipe it writes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import CodeBlock, LiteralInclude
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from pip2poetry import transcript  # one definition of the format, shared with the test harness
from pip2poetry.migrate import translations  # the one table of migrate's rules
from pip2poetry.migrate import report, rewriters  # the report's labels; one rewriter per consumer kind

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "snippets"
VERSIONS = SNIPPETS / "verified-with" / "versions.console"
VERSION_COMMAND = "poetry --version"
VERSION_PREFIX, VERSION_SUFFIX = "Poetry (version ", ")"


def verified_poetry_version(path: Path = VERSIONS) -> str:
    """'2.5.1' from the first output line of '$ poetry --version' in the verified transcript."""
    if not path.is_file():
        raise ConfigError(
            f"pip2poetry_docs: {path} is missing. The footer states the Poetry release a test "
            "run verified; restore the snippet (make update-snippets records it from a real run)."
        )
    try:
        commands = transcript.parse(path.read_text(encoding="utf-8"), path)
    except transcript.TranscriptError as exc:
        raise ConfigError(f"pip2poetry_docs: cannot read the verified versions: {exc}") from None
    for command in commands:
        if command.text == VERSION_COMMAND and command.output:
            first = command.output[0]
            version = first.removeprefix(VERSION_PREFIX).removesuffix(VERSION_SUFFIX)
            if first.startswith(VERSION_PREFIX) and first.endswith(VERSION_SUFFIX) and version:
                return version
            raise ConfigError(
                f"pip2poetry_docs: {path}: expected '{VERSION_PREFIX}X.Y.Z{VERSION_SUFFIX}' "
                f"after '$ {VERSION_COMMAND}', found {first!r}"
            )
    raise ConfigError(f"pip2poetry_docs: {path}: no '$ {VERSION_COMMAND}' command with output")


def _share_version(app: Sphinx, config: Config) -> None:
    version = verified_poetry_version()
    # New dicts (not in-place edits), so a changed version changes the config and
    # Sphinx rebuilds every page's footer.
    config.html_context = {**config.html_context, "verified_poetry_version": version}
    config.myst_substitutions = {**config.myst_substitutions, "poetry_version": version}


class MarkableCodeBlock(CodeBlock):
    """``code-block`` plus ``:illustrative: <reason>`` for a block no test runs."""

    option_spec = {**CodeBlock.option_spec, "illustrative": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        reason = self.options.get("illustrative", "").strip()
        if "illustrative" in self.options:
            if not reason:
                raise self.error(":illustrative: needs a reason (why no test runs this block)")
            self.options.setdefault("caption", f"Illustrative, not run by the tests: {reason}")
        result = super().run()
        if reason:
            for node in result:
                for literal in node.findall(nodes.literal_block):
                    literal["illustrative"] = reason
                    literal["classes"].append("illustrative")
        return result


class folded_output(nodes.container):
    """The hidden middle of a folded transcript: ``<details>`` in HTML. Other builders
    fall back to ``container`` (Sphinx dispatches along the class's MRO), showing it all."""


def _visit_folded_output(self: Any, node: folded_output) -> None:
    self.body.append(f'<details class="folded-output"><summary>{self.encode(node["summary"])}</summary>\n')


def _depart_folded_output(self: Any, node: folded_output) -> None:
    self.body.append("</details>\n")


#: The language of a folded transcript's parts that hold no command: the transcript lexer
#: under another name, so conf.py's copybutton_selector can leave them without a copy button.
OUTPUT_ONLY = "console-output"


def fold_spec(value: str) -> tuple[int, int]:
    """``:fold: <head>[,<tail>]``: how many lines stay open at the start and at the end."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > 2 or not all(part.isdigit() for part in parts) or int(parts[0]) < 1:
        raise ValueError(f"{value!r} is not <head>[,<tail>] (head at least 1, tail 0 or more)")
    return int(parts[0]), int(parts[1]) if len(parts) == 2 else 0


class AnchoredLiteralInclude(LiteralInclude):
    """``literalinclude`` plus ``:emphasize-matching: <regex>`` (highlights by content) and
    ``:fold: <head>[,<tail>]`` (the middle of a long transcript in ``<details>``)."""

    option_spec = {
        **LiteralInclude.option_spec,
        "emphasize-matching": directives.unchanged_required,
        "fold": directives.unchanged_required,
    }
    SELECTORS = ("lines", "start-at", "start-after", "end-at", "end-before", "pyobject", "emphasize-lines")

    def run(self) -> list[nodes.Node]:
        fold = self.options.pop("fold", None)
        if fold is not None and "emphasize-lines" in self.options:
            raise self.error(":fold: cannot be combined with :emphasize-lines: (use :emphasize-matching:)")
        if not self._emphasize_matching() or fold is None:
            return super().run()  # (a missing file: literalinclude reports it itself)
        return self._fold(fold)

    def _fold(self, value: str) -> list[nodes.Node]:
        try:
            head, tail = fold_spec(value)
        except ValueError as exc:
            raise self.error(f":fold: {exc}")
        if clash := [o for o in self.SELECTORS[:-1] + ("caption", "linenos", "lineno-start") if o in self.options]:
            raise self.error(f":fold: cannot be combined with :{clash[0]}:")
        _, path = self.env.relfn2path(self.arguments[0])
        try:
            text = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError:
            return super().run()  # literalinclude reports the missing file itself
        total = len(text)
        if head + tail >= total:
            raise self.error(f":fold: {value} leaves nothing to fold: {self.arguments[0]} has {total} lines")
        emphasized = [int(n) for n in self.options.pop("emphasize-lines", "").split(",") if n]
        spans = [(1, head), (head + 1, total - tail)] + ([(total - tail + 1, total)] if tail else [])
        language = self.options.get("language")
        parts = []
        for first, last in spans:
            self.options["lines"] = f"{first}-{last}"
            if language == "console" and not self._has_command(text[first - 1 : last]):
                # Output only: the same lexer, but no copy button (it would copy nothing).
                self.options["language"] = OUTPUT_ONLY
            else:
                self.options["language"] = language
            hits = [str(n - first + 1) for n in emphasized if first <= n <= last]
            if hits:
                self.options["emphasize-lines"] = ",".join(hits)
            else:
                self.options.pop("emphasize-lines", None)
            parts.append(super().run())
        if language is None:
            self.options.pop("language")
        hidden = spans[1][1] - spans[1][0] + 1
        middle = folded_output(summary=f"Show the full output ({total} lines, {hidden} folded here)")
        middle["classes"].append("folded-output")
        middle.extend(parts[1])
        return [*parts[0], middle, *(parts[2] if tail else [])]

    @staticmethod
    def _has_command(lines: list[str]) -> bool:
        roles = transcript.line_roles("\n".join(lines) + "\n")
        return any(role == transcript.COMMAND for role, _ in roles)

    def _emphasize_matching(self) -> bool:
        """Turn ``:emphasize-matching:`` into ``:emphasize-lines:``; False if the file is missing."""
        pattern = self.options.pop("emphasize-matching", None)
        if pattern is not None:
            if clash := [o for o in self.SELECTORS if o in self.options]:
                raise self.error(f":emphasize-matching: cannot be combined with :{clash[0]}:")
            try:
                regex = re.compile(pattern)
            except re.error as exc:
                raise self.error(f":emphasize-matching: {pattern!r} is not a regular expression: {exc}")
            _, path = self.env.relfn2path(self.arguments[0])
            try:
                lines = Path(path).read_text(encoding="utf-8").splitlines()
            except OSError:
                return False
            hits = [str(number) for number, line in enumerate(lines, 1) if regex.search(line)]
            if not hits:
                raise self.error(f":emphasize-matching: {pattern!r} matches no line of {self.arguments[0]}")
            self.options["emphasize-lines"] = ",".join(hits)
        return True


def _check_literal_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about literal blocks that bypass snippets/ and are not marked illustrative."""
    for literal in doctree.findall(nodes.literal_block):
        if literal.get("illustrative"):
            continue
        # literalinclude records the included file as node["source"]; a code block written
        # on the page has no such attribute (its node.source is the page itself).
        included = literal.get("source")
        if included and Path(included).resolve().is_relative_to(SNIPPETS):
            continue
        logger.warning(
            "a literal block bypasses snippets/: show a tested file with "
            "```{literalinclude} ../../snippets/<page>/<file>, or mark the block with "
            "':illustrative: <reason>' on a {code-block}",
            location=literal,
            type="pip2poetry",
            subtype="snippet",
        )


# -- pip2poetry migrate's tables, from the code that applies them ---------------------------
RULE_ANCHOR_PREFIX = "migrate-rule-"


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule's row on the reference page: ``migrate-rule-p2m101``."""
    return RULE_ANCHOR_PREFIX + rule_id.lower()


def _guide_link(env: Any, page: translations.Page) -> nodes.Node:
    """A cross-reference to the guide section ``page`` names (a path inside docs/ and an
    anchor), resolved the way MyST resolves ``[text](path.md#anchor)``: a missing page or
    anchor is a warning, an error under ``-W``. Shown as the text the report prints."""
    path, anchor = page
    shown = f"{path}#{anchor}"
    xref = addnodes.pending_xref(
        "", nodes.inline("", "", nodes.literal(shown, shown)),
        refdomain="doc", reftype="myst", reftarget=path, reftargetid=anchor,
        refdoc=env.docname, refexplicit=True,
    )
    return nodes.paragraph("", "", xref)


def _table(widths: list[int], header: list[str], rows: list[tuple[nodes.row | None, list[nodes.Node]]]) -> nodes.table:
    # The cells hold commands and the code's own words: no smart quotes ("--only" stays).
    table = nodes.table(classes=["migrate-table"], support_smartquotes=False)
    group = nodes.tgroup(cols=len(widths))
    table += group
    group += [nodes.colspec(colwidth=w) for w in widths]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(text=h)) for h in header))
    group += head
    body = nodes.tbody()
    for row, cells in rows:
        row = row if row is not None else nodes.row()
        row += [nodes.entry("", cell) for cell in cells]
        body += row
    group += body
    return table


def _text(value: str) -> nodes.paragraph:
    return nodes.paragraph(value, value)


def _code(value: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.literal(value, value))


class MigrateRules(SphinxDirective):
    """``{migrate-rules}``: ``translations.RULES``, one row per rule, with an anchor per row."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(__file__)
        self.env.note_dependency(translations.__file__)
        rows = []
        for rule in translations.RULES:
            anchor = rule_anchor(rule.id)
            target = nodes.target("", "", ids=[anchor], names=[anchor])
            self.state.document.note_explicit_target(target, target)
            link = nodes.reference("", "", nodes.strong(rule.id, rule.id), refid=anchor, classes=["migrate-rule-id"])
            cells = [
                nodes.paragraph("", "", target, link),
                _text(rule.old),
                _text(rule.new),
                _text(rule.why),
                _guide_link(self.env, rule.page),
            ]
            rows.append((None, cells))
        return [_table([8, 22, 22, 28, 20], ["Rule", "Old", "New", "Why", "Guide section"], rows)]


class MigrateConsumers(SphinxDirective):
    """``{migrate-consumers}``: ``rewriters.REGISTRY``, one row per rewriter module."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(__file__)
        self.env.note_dependency(rewriters.__file__)
        self.env.note_dependency(report.__file__)
        kinds = {}
        for kind, module in rewriters.REGISTRY.items():
            kinds.setdefault(module, []).append(kind)
        rows = []
        for module in rewriters.MODULES:
            self.env.note_dependency(module.__file__)
            listed = nodes.paragraph()
            for i, kind in enumerate(kinds.get(module, [])):
                if i:
                    listed += nodes.Text(", ")
                listed += nodes.literal(kind, kind)
            labels = list(dict.fromkeys(report.KIND_LABELS[k] for k in kinds.get(module, []) if k in report.KIND_LABELS))
            shown = _text(", ".join(labels)) if labels else _text("(listed, never rewritten)")
            rows.append((None, [listed, shown, _code(module.__name__), _guide_link(self.env, module.PAGE)]))
        return [_table([24, 16, 32, 28], ["Kinds", "In the report", "Module", "Guide section"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _share_version)
    app.add_directive("code-block", MarkableCodeBlock, override=True)
    app.add_directive("sourcecode", MarkableCodeBlock, override=True)
    app.add_directive("literalinclude", AnchoredLiteralInclude, override=True)
    from transcript_lexer import TranscriptLexer

    app.add_lexer(OUTPUT_ONLY, TranscriptLexer)
    app.add_node(folded_output, html=(_visit_folded_output, _depart_folded_output))
    app.connect("doctree-read", _check_literal_blocks)
    app.add_directive("migrate-rules", MigrateRules)
    app.add_directive("migrate-consumers", MigrateConsumers)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""A Pygments lexer for this guide's transcripts, registered for the ``console`` language.

Pygments' own console lexer guesses: it takes an output line that starts with ``# `` (a
comment in a ``cat``-ed file) for a root prompt and colours it as a command. A transcript
has a fixed format (``pip2poetry.transcript``): ``$ `` starts a command, ``> `` continues
it, ``[exit status N]`` ends a failing command's output, and every other line is output.
This lexer applies exactly those rules (``transcript.line_roles``), so

* prompts are ``Generic.Prompt`` (``.gp``), commands are lexed as Bash,
* output lines are ``Generic.Output`` (``.go``), whatever they start with, ``> `` included,
* ``[exit status N]`` is ``Generic.Error`` (``.gr``).

The copy button (conf.py) removes ``.go`` and ``.gr`` before it looks for prompts, so
it copies the commands and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pygments.lexer import Lexer
from pygments.lexers.shell import BashLexer
from pygments.token import Generic, _TokenType

from pip2poetry import transcript


class TranscriptLexer(Lexer):
    name = "pip2poetry transcript"
    aliases = ["console", "transcript"]
    filenames = ["*.console"]

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._bash = BashLexer(**options)

    def get_tokens_unprocessed(self, text: str) -> Iterator[tuple[int, _TokenType, str]]:
        position = 0
        for role, line in transcript.line_roles(text):
            if role in (transcript.COMMAND, transcript.CONTINUATION_LINE):
                prompt = transcript.PROMPT if role == transcript.COMMAND else transcript.CONTINUATION
                yield position, Generic.Prompt, prompt
                for offset, token, value in self._bash.get_tokens_unprocessed(line[len(prompt):] + "\n"):
                    yield position + len(prompt) + offset, token, value
            else:
                token = Generic.Error if role == transcript.STATUS else Generic.Output
                if line:
                    yield position, token, line
                yield position + len(line), Generic.Output if line else Generic.Text, "\n"
            position += len(line) + 1


def _focusable_code(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """A code block or table that scrolls sideways must be reachable by keyboard (axe:
    scrollable-region-focusable), so every highlighted <pre> and every furo table wrapper
    gets tabindex="0"."""
    if "body" in context:
        body = context["body"].replace('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">')
        # furo wraps every table in a div that scrolls sideways when the table is wide.
        context["body"] = body.replace('<div class="table-wrapper', '<div tabindex="0" class="table-wrapper')


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _focusable_code)
    app.add_lexer("console", TranscriptLexer)
    app.add_lexer("transcript", TranscriptLexer)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

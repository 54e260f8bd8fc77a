"""READMEs, CONTRIBUTING and the docs' pages: the commands in their code blocks
(Markdown fences, reStructuredText ``code-block`` and ``::`` blocks). In a console block
only the lines after a ``$`` prompt are commands; a shell block is a script. An install
command met in prose (inline code) is listed, since prose is a person's to reword."""

from __future__ import annotations

import re

from pip2poetry.migrate.model import Edit, Finding, Plan
from pip2poetry.migrate.rewriters.base import Result, apply, mentions_pip_era
from pip2poetry.migrate.shell import Shell, Unit

KINDS = ("readme",)
PAGE = ("how-to/migrate-a-whole-repository-in-one-command", "migrate-makefiles-scripts-and-readmes")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`]*)")
_SHELL_INFO = {"", "console", "shell", "sh", "bash", "zsh", "shell-session", "bash-session", "shellsession", "terminal", "text"}
_RST_BLOCK = re.compile(r"^(?P<indent>\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*(?P<info>\S*)\s*$")
_PROMPT = re.compile(r"^(?P<prompt>\s*(?:\(\S+\)\s*)?[$%>]\s+)")
_PROSE = re.compile(r"`(?P<cmd>(?:python3? -m )?pip3? install [^`]*(?:-r|-e|\.)[^`]*|python3? setup\.py [^`]+|pipenv [^`]+|pip-(?:sync|compile)[^`]*)`")


def check(rel: str, text: str) -> None:
    return None  # prose: nothing but the code blocks changed, each checked by the shell parser


def _blocks(text: str) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """(info, [(line number, start offset, end offset)]) for each code block's lines."""
    out = []
    lines = text.splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        m = _FENCE.match(line)
        if m:
            fence = m.group("fence")
            info = m.group("info").lower()
            body = []
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                body.append((j + 1, offsets[j], offsets[j] + len(lines[j].rstrip("\r\n"))))
                j += 1
            out.append((info, body))
            i = j + 1
            continue
        r = _RST_BLOCK.match(line)
        if r or (line.rstrip().endswith("::") and not line.lstrip().startswith("..")):
            info = r.group("info").lower() if r else ""
            base = len(line) - len(line.lstrip())
            j = i + 1
            body = []
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > base):
                if lines[j].strip():
                    body.append((j + 1, offsets[j], offsets[j] + len(lines[j].rstrip("\r\n"))))
                j += 1
            if body:
                out.append((info, body))
            i = j
            continue
        i += 1
    return out


def rewrite(rel: str, text: str, plan: Plan) -> Result:
    result = Result()
    if not mentions_pip_era(text):
        return result
    blocks = [(info, body) for info, body in _blocks(text) if info in _SHELL_INFO]
    probe = Shell(plan, rel, "dev")
    probe_unit = Unit()
    in_blocks = set()
    for info, body in blocks:
        for number, start, end in body:
            in_blocks.add(number)
            command = _command(text[start:end], info)
            if command is not None:
                probe.rewrite(command[1], probe_unit)
    edits: list[Edit] = []
    shell = Shell(plan, rel, "dev")
    for info, body in blocks:
        unit = Unit(installed=probe_unit.installed)
        for number, start, end in body:
            command = _command(text[start:end], info)
            if command is None:
                continue
            skip, script = command
            if not mentions_pip_era(script) and not unit.installed:
                continue
            if shell.parse_errors(script) is not None:
                continue  # prose-like lines in a block: not a command
            found = shell.rewrite(script, unit, line_of=lambda o, n=number: n)
            for e in found or []:
                edits.append(Edit(start + skip + e.start, start + skip + e.end, e.new, e.rule, number))
                result.rules.append(e.rule)
    result.findings += shell.findings
    for number, line in enumerate(text.splitlines(), start=1):
        if number in in_blocks:
            continue
        for m in _PROSE.finditer(line):
            result.findings.append(Finding(rel, number, "P2M000", f"`{m.group('cmd')}` in the text: reword it for Poetry"))
    if edits:
        result.text = apply(text, edits)
    return result


def _command(line: str, info: str) -> tuple[int, str] | None:
    """(offset of the command in the line, the command), or None for output lines."""
    m = _PROMPT.match(line)
    if m:
        return len(m.group("prompt")), line[len(m.group("prompt")):]
    if info in ("console", "shell-session", "bash-session", "shellsession", "terminal"):
        return None  # output
    stripped = line.lstrip()
    return len(line) - len(stripped), stripped

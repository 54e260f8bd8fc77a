"""The transcript format: one file is both what the reader sees and what the test checks.

    $ poetry lock
    Resolving dependencies...
    $ poetry install --no-dev
    The option "--no-dev" does not exist
    [exit status 1]

- A line starting with ``$ `` is a command; following lines starting with ``> `` continue it
  (heredocs, multi-line commands), exactly as a shell shows them.
- Every other line, up to the next command, is that command's expected output
  (stdout and stderr interleaved, as a terminal shows them).
- An optional last output line ``[exit status N]`` says the command is meant to fail with
  status N. Without it, the command must succeed (status 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PROMPT = "$ "
CONTINUATION = "> "
EXIT_RE = re.compile(r"^\[exit status (\d+)\]$")


class TranscriptError(ValueError):
    """A transcript file that does not follow the format."""


@dataclass
class Command:
    lines: list[str]  # the command as typed, without prompts (continuations included)
    output: list[str] = field(default_factory=list)
    exit_status: int = 0
    line: int = 0  # 1-based line of the "$ " prompt in the file

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def output_start(self) -> int:
        """1-based file line of the first output line."""
        return self.line + len(self.lines)


def parse(text: str, path: Path | str = "<transcript>") -> list[Command]:
    if not text.endswith("\n"):
        raise TranscriptError(f"{path}: the file must end with a newline")
    commands: list[Command] = []
    in_command = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith(PROMPT):
            commands.append(Command(lines=[raw[len(PROMPT):]], line=number))
            in_command = True
        elif raw.startswith(CONTINUATION) and in_command:
            commands[-1].lines.append(raw[len(CONTINUATION):])
        elif not commands:
            raise TranscriptError(f"{path}:{number}: a transcript starts with a '$ ' command line")
        else:
            in_command = False
            commands[-1].output.append(raw)
    if not commands:
        raise TranscriptError(f"{path}: no '$ ' command in the transcript")
    for command in commands:
        for offset, out in enumerate(command.output):
            match = EXIT_RE.match(out)
            if match and offset != len(command.output) - 1:
                raise TranscriptError(
                    f"{path}:{command.output_start + offset}: '[exit status N]' must be the "
                    "last output line of its command"
                )
        if command.output and (match := EXIT_RE.match(command.output[-1])):
            status = int(match.group(1))
            if status == 0:
                raise TranscriptError(
                    f"{path}:{command.output_start + len(command.output) - 1}: "
                    "success is the default; write '[exit status N]' only for N > 0"
                )
            command.exit_status = status
            command.output.pop()
    return commands


def render(commands: list[Command]) -> str:
    out: list[str] = []
    for command in commands:
        out.append(PROMPT + command.lines[0])
        out.extend(CONTINUATION + line for line in command.lines[1:])
        out.extend(command.output)
        if command.exit_status:
            out.append(f"[exit status {command.exit_status}]")
    return "\n".join(out) + "\n"


# -- Line roles, for renderers (the docs' Pygments lexer) ---------------------------------
COMMAND, CONTINUATION_LINE, OUTPUT, STATUS = "command", "continuation", "output", "status"


def line_roles(text: str) -> list[tuple[str, str]]:
    """(role, line) for every line of a transcript, by the rules ``parse`` applies:
    ``$ `` starts a command, ``> `` right after a command line continues it, a last output
    line ``[exit status N]`` is a status line, and every other line is output. Unlike
    ``parse`` it never raises, so it can colour a block that breaks the format."""
    roles: list[tuple[str, str]] = []
    in_command = False
    lines = text.splitlines()
    for index, raw in enumerate(lines):
        if raw.startswith(PROMPT):
            roles.append((COMMAND, raw))
            in_command = True
        elif raw.startswith(CONTINUATION) and in_command:
            roles.append((CONTINUATION_LINE, raw))
        else:
            in_command = False
            last_of_command = index + 1 == len(lines) or lines[index + 1].startswith(PROMPT)
            roles.append((STATUS if EXIT_RE.match(raw) and last_of_command else OUTPUT, raw))
    return roles

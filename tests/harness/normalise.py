"""The declared normalisations between a real run and a snippet file.

Two kinds, deliberately few (each is listed on the contributing page):

* **Rewrites** turn machine-specific values into what a reader's own machine would show.
  They are applied to real output before it is compared or written to a snippet, so the
  snippet shows the rewritten value: the scenario's temporary HOME becomes ``~``, and a
  local index's address becomes the public-looking address the snippets use for it
  (``https://pypi.example.com`` for the private index; see ``harness.index``).
* **Masks** hide values that legitimately differ between two runs. They are applied to
  both the snippet and the real output, only for the comparison; the snippet keeps the
  value a real run produced (so a reader sees a real duration, not a placeholder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Mask:
    name: str
    pattern: re.Pattern[str]
    replacement: str
    why: str


MASKS: tuple[Mask, ...] = (
    Mask(
        "durations",
        re.compile(r"\b\d+\.\d+s\b"),
        "<duration>",
        "timings such as pytest's 'in 0.02s' change from run to run",
    ),
    Mask(
        "virtualenv-hash",
        re.compile(r"-[A-Za-z0-9_-]{8}-py(\d+\.\d+)"),
        r"-<hash>-py\1",
        "Poetry names a cached virtualenv after a hash of the project's full path",
    ),
    Mask(
        "python-patch-version",
        re.compile(r"\b([Pp]ython (?:version )?)(3\.\d+)\.\d+\b"),
        r"\1\2.<patch>",
        "the machine's Python 3.11 patch release may differ",
    ),
    Mask(
        "pipenv-virtualenv-hash",
        re.compile(r"(/virtualenvs/[A-Za-z0-9._-]+)-[A-Za-z0-9_-]{8}(?![A-Za-z0-9_-])"),
        r"\1-<hash>",
        "Pipenv names a virtualenv after a hash of the project's full path",
    ),
)


def _swap_address(text: str, old: str, new: str) -> str:
    """Replace the address ``old`` (scheme://host) by ``new``, also where a URL carries
    credentials before the host (``https://user:token@host/``)."""
    old_scheme, old_host = old.split("://", 1)
    new_scheme, new_host = new.split("://", 1)
    pattern = re.compile(re.escape(old_scheme) + r"://([^/@\s\"']*@)?" + re.escape(old_host))
    return pattern.sub(lambda m: f"{new_scheme}://{m.group(1) or ''}{new_host}", text)


def rewrite(text: str, home: Path, aliases: dict[str, str] | None = None) -> str:
    """Real output -> what a reader would see: no colour codes, HOME shown as '~', and each
    local index address (an alias's value) shown as the address snippets use (its key)."""
    text = ANSI_RE.sub("", text)
    text = text.replace("\r\n", "\n")
    for spelling in {str(home), str(home.resolve())}:
        text = text.replace(spelling, "~")
    for shown, real in (aliases or {}).items():
        text = _swap_address(text, real, shown)
    return text


def to_real(text: str, aliases: dict[str, str] | None = None) -> str:
    """What a snippet says -> what runs here: each alias's key becomes its local address."""
    for shown, real in (aliases or {}).items():
        text = _swap_address(text, shown, real)
    return text


def mask(line: str) -> str:
    for rule in MASKS:
        line = rule.pattern.sub(rule.replacement, line)
    return line


#: Poetry's installer runs operations in parallel threads and prints each one as its thread
#: starts, so a run of "  - Installing ..." lines can come out in any order.
OPERATION_RE = re.compile(r"^  - (Installing|Updating|Downgrading|Removing) ")


def canonical(lines: list[str]) -> list[str]:
    """The form two outputs are compared in: masks applied, operation runs sorted."""
    masked = [mask(line) for line in lines]
    result: list[str] = []
    run: list[str] = []
    for line in masked + [""]:
        if OPERATION_RE.match(line):
            run.append(line)
            continue
        result.extend(sorted(run))
        run = []
        result.append(line)
    return result[:-1]

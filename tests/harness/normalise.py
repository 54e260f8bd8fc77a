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
        "buildkit-step-time",
        re.compile(r"^(#\d+) \d+\.\d+ "),
        r"\1 <time> ",
        "docker build --progress=plain prefixes a step's output with the seconds since the step began",
    ),
    Mask(
        "buildkit-shared-base",
        re.compile(r"^(#\d+ )\[[\w.-]+ 1/\d+\] FROM "),
        r"\1[<stage> 1/<steps>] FROM ",
        "stages that start from the same image share one FROM step, named after either stage",
    ),
    Mask(
        "buildkit-done-time",
        re.compile(r" \d+\.\d+s done$"),
        " done",
        "BuildKit prints a finished transfer or export with its duration or without it, by timing",
    ),
    Mask(
        "sha256-digest",
        re.compile(r"^(#\d+ (?:writing image )?)sha256:[0-9a-f]{64}"),
        r"\1sha256:<digest>",
        "BuildKit's step digests and image IDs change with the base image each test run builds",
    ),
    Mask(
        "download-speed",
        re.compile(r"━+ (\S+ [kMG]?B) \d+(?:\.\d+)? [kMG]?B/s\b"),
        r"<bar> \1 <speed>",
        "pip's download progress bar shows the download speed, and its bar is as long as the speed's digits leave room for",
    ),
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
    Mask(
        "session-run-time",
        re.compile(r"(?<=\()\d+\.\d+(?:=setup\[[\d.]+\]\+cmd\[[\d.,]*\])? seconds(?=\))"),
        "<run time>",
        "tox ends a run with the seconds it took, such as '5.20=setup[1.37]+cmd[2.65,1.19] seconds'",
    ),
    Mask(
        "nox-run-time",
        re.compile(r"(?<=was successful) in (?:\d+|an?) (?:second|minute|hour)s?\b"),
        "",
        "nox says how long a session took ('was successful in 7 seconds'), and says nothing under a second",
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
        text = _swap_netloc(text, real, shown)
    return text


def _swap_netloc(text: str, real: str, shown: str) -> str:
    """A local address's host and port where no URL holds them, as connection errors print
    them (``All attempts to connect to 127.0.0.1:41234``, urllib3's ``host='127.0.0.1',
    port=41234``): the shown host, on its scheme's default port."""
    real_host, _, real_port = real.split("://", 1)[1].rstrip("/").partition(":")
    scheme, shown_host = shown.split("://", 1)
    if not real_port:
        return text
    default = "443" if scheme == "https" else "80"
    text = text.replace(f"host='{real_host}', port={real_port})", f"host='{shown_host}', port={default})")
    return re.sub(rf"(?<![/\w.@]){re.escape(real_host)}:{real_port}(?!\d)", shown_host, text)


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
OPERATION_RE = re.compile(r"^(# <time> )?  - (Installing|Updating|Downgrading|Removing) ")


BUILDKIT_RE = re.compile(r"^#(\d+) (.*)$")
PIP_ROOT_WARNING = "<time> WARNING: Running pip as the 'root' user"


def buildkit_steps(lines: list[str]) -> list[str]:
    """BuildKit runs independent steps in parallel and prints each line as it comes, so its
    plain output interleaves steps (a step cut short by another prints ``#N ...``, and later
    its title again), numbers steps in the order they start, sometimes prints a finished
    step's status lines twice, and prints a transfer's status line before its ``done`` line
    only when it is slow enough. Compare each step as a block: its lines in their order,
    without repeated status lines (the step's output, which starts with its time, is kept
    whole) or a status line that a later one completes, and the blocks sorted by title. Lines after the steps (a failed build's summary) stay in place."""
    rows = [i for i, line in enumerate(lines) if BUILDKIT_RE.match(line)]
    if not rows:
        return lines
    first = rows[0]
    last = next((i for i in range(first, len(lines)) if lines[i].startswith("------")), len(lines))
    steps: dict[str, list[str]] = {}
    current = ""
    for line in lines[first:last]:
        match = BUILDKIT_RE.match(line)
        if match:
            current, line = match.group(1), match.group(2)
        if not line.strip() or line == "...":
            continue
        steps.setdefault(current, []).append(line)
    blocks = []
    for body in steps.values():
        kept: list[str] = []
        for n, line in enumerate(body):
            if not line.startswith("<time> ") and (  # a status line, not the step's own output
                line in kept or any(later.startswith(line + " ") for later in body[n + 1 :])
            ):
                continue
            kept.append(line)
        # pip warns about running as root on stderr, which BuildKit interleaves with the
        # step's stdout at its own pace: compare the warning at the end of its step.
        kept.sort(key=lambda line: line.startswith(PIP_ROOT_WARNING))
        blocks.append(["# " + line for line in kept])
    return lines[:first] + [line for block in sorted(blocks) for line in block] + lines[last:]


def canonical(lines: list[str]) -> list[str]:
    """The form two outputs are compared in: masks applied, BuildKit's steps as blocks,
    operation runs sorted."""
    masked = buildkit_steps([mask(line) for line in lines])
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

"""Run one scenario's steps and check (or, in update mode, rewrite) its snippet files."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pip2poetry import transcript

from . import normalise, poetry_wrapper, record
from .index import normalise_name
from .paths import REPO
from .sandbox import Sandbox, ShellError
from .scenario import Scenario, Step


@dataclass
class Mismatch:
    snippet: Path
    line: int
    message: str
    diff: str = ""

    def __str__(self) -> str:
        path = self.snippet.relative_to(REPO) if self.snippet.is_relative_to(REPO) else self.snippet
        where = f"{path}:{self.line}"
        return f"{where}: {self.message}" + (f"\n{self.diff}" if self.diff else "")


@dataclass
class Outcome:
    mismatches: list[Mismatch] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    timings: list[dict[str, object]] = field(default_factory=list)


def _first_difference(expected: list[str], actual: list[str]) -> int:
    for i, (e, a) in enumerate(zip(normalise.canonical(expected), normalise.canonical(actual))):
        if e != a:
            return i
    return min(len(expected), len(actual))


def _diff(expected: list[str], actual: list[str], name: str) -> str:
    return "\n".join(
        difflib.unified_diff(expected, actual, f"{name} (snippet)", f"{name} (real run)", lineterm="")
    )


def _same(expected: list[str], actual: list[str]) -> bool:
    return normalise.canonical(expected) == normalise.canonical(actual)


def _merge(expected: list[str], actual: list[str]) -> list[str]:
    """Real output, but keeping the snippet's own spelling of lines that only differ in masks."""
    if _same(expected, actual):
        return expected
    masked_e = [normalise.mask(l) for l in expected]
    masked_a = [normalise.mask(l) for l in actual]
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(a=masked_e, b=masked_a, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(expected[i1:i2] if tag == "equal" else actual[j1:j2])
    return merged


def _lines(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return text.splitlines()


class ScenarioRun:
    def __init__(self, scenario: Scenario, sandbox: Sandbox, update: bool) -> None:
        self.scenario = scenario
        self.sandbox = sandbox
        self.update = update
        self.outcome = Outcome()
        with self._harness("sample and shell"):
            self._start()

    def _start(self) -> None:
        scenario, sandbox = self.scenario, self.sandbox
        if scenario.remote and scenario.sample:  # the reader clones it (harness.remote)
            self.cwd = sandbox.publish_sample(scenario.sample, scenario.remote)
            self.shell = sandbox.shell(sandbox.home)
        elif scenario.remotes and scenario.sample:  # an organisation's repositories (harness.remote)
            self.cwd = sandbox.copy_sample(scenario.sample)
            for folder in sorted((self.cwd / "remotes").iterdir()):
                sandbox.publish_sample(f"{scenario.sample}/remotes/{folder.name}",
                                       f"{scenario.remotes.rstrip('/')}/{folder.name}.git",
                                       message=f"{folder.name}, before the move to Poetry 2")
            shutil.rmtree(self.cwd / "remotes")
            self.shell = sandbox.shell(self.cwd)
        else:
            self.cwd = sandbox.copy_sample(scenario.sample)
            self.shell = sandbox.shell(self.cwd)

    @contextmanager
    def _harness(self, part: str) -> Iterator[None]:
        """Time a part of the harness's own work (make bench's overhead breakdown)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.outcome.timings.append(
                {"harness": part, "test": current_test(), "seconds": round(time.perf_counter() - started, 4)}
            )

    def run(self) -> Outcome:
        try:
            for step in self.scenario.steps:
                started, commands = time.perf_counter(), self._command_seconds()
                restore = self._use_poetry(step) if step.poetry else None
                try:
                    if not step.poetry or restore is not None:
                        getattr(self, f"_{step.kind}")(step)
                finally:
                    if restore is not None:
                        restore()
                    own = time.perf_counter() - started - (self._command_seconds() - commands)
                    self.outcome.timings.append(
                        {"harness": f"{step.kind} steps", "test": current_test(), "seconds": round(own, 4)}
                    )
                if self.outcome.mismatches and not self.update:
                    break  # later steps would only fail because this one did
        finally:
            self.shell.close()
        return self.outcome

    def _command_seconds(self) -> float:
        return sum(float(t["seconds"]) for t in self.outcome.timings if "command" in t)  # type: ignore[arg-type]

    def _use_poetry(self, step: Step) -> Callable[[], None] | None:
        """Make ``poetry`` on the reader's PATH the step's older release (the session's
        ``poetry_releases`` fixture: installed by make into .tools/poetry-<version>), started
        like the pinned one, its PyPI the local index. Returns what puts the pinned one back."""
        python = getattr(self.sandbox, "poetry_releases", {}).get(step.poetry)
        if python is None or not Path(python).exists():
            self.outcome.mismatches.append(Mismatch(
                step.snippet, 1, f"Poetry {step.poetry} is not installed in .tools/poetry-{step.poetry}: run 'make install'"))
            return None
        launcher = self.sandbox.home / ".local" / "bin" / "poetry"
        pinned = launcher.read_text(encoding="utf-8") if launcher.exists() else None
        harness = str(Path(poetry_wrapper.__file__).parent)
        launcher.write_text(poetry_wrapper.script(harness, str(python), self.sandbox.pypi_url), encoding="utf-8")
        launcher.chmod(0o755)

        def restore() -> None:
            if pinned is None:
                launcher.unlink()
            else:
                launcher.write_text(pinned, encoding="utf-8")

        return restore

    def _project_path(self, step: Step) -> Path:
        assert step.target is not None
        return self.cwd / step.target

    # -- steps ---------------------------------------------------------------------------
    def _write(self, step: Step) -> None:
        target = self._project_path(step)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = step.snippet.read_text(encoding="utf-8")
        target.write_text(normalise.to_real(text, self.sandbox.aliases), encoding="utf-8")

    def _compare(self, step: Step) -> None:
        target = self._project_path(step)
        if not target.is_file():
            self.outcome.mismatches.append(
                Mismatch(step.snippet, 1, f"the scenario produced no file {step.target!r} to compare with")
            )
            return
        actual_text = normalise.rewrite(
            target.read_text(encoding="utf-8", errors="replace"), self.sandbox.home, self.sandbox.aliases
        )
        expected_text = step.snippet.read_text(encoding="utf-8")
        expected, actual = expected_text.splitlines(), actual_text.splitlines()
        if _same(expected, actual) and (
            expected_text.endswith("\n") == actual_text.endswith("\n")
        ):
            return
        if self.update:
            merged = "\n".join(_merge(expected, actual)) + ("\n" if actual_text.endswith("\n") else "")
            step.snippet.write_text(merged, encoding="utf-8")
            self.outcome.updated.append(step.snippet)
            return
        index = _first_difference(expected, actual)
        self.outcome.mismatches.append(
            Mismatch(
                step.snippet,
                index + 1,
                f"differs from {step.target} as the scenario left it: "
                + _describe(expected, actual, index),
                _diff(expected, actual, step.target or ""),
            )
        )

    def _ci(self, step: Step) -> None:
        """A CI job's commands, in order, as the step's transcript (see harness.ci)."""
        from . import ci

        assert step.config is not None and step.job is not None
        try:
            job = ci.load_job(step.config, step.job)
            commands = transcript.parse(step.snippet.read_text(encoding="utf-8"), step.snippet)
        except (ci.CiError, transcript.TranscriptError) as exc:
            self.outcome.mismatches.append(Mismatch(step.config, 1, str(exc)))
            return
        problem = job.check_transcript(step.snippet, [c.text for c in commands])
        if problem and self.update:  # the commands come from the configuration
            step.snippet.write_text(transcript.render([transcript.Command(c.text.split("\n")) for c in job.commands]), encoding="utf-8")
        elif problem:
            index, message = problem
            line = commands[index].line if index < len(commands) else commands[-1].line
            self.outcome.mismatches.append(Mismatch(step.snippet, line, message))
            return
        try:
            with self._harness("CI job set-up"):
                job.prepare(self.shell, self.cwd, self.sandbox)
            self._run(step, after=lambda text: job.after(text, self.shell, self.sandbox))
        except (ci.CiError, ShellError) as exc:
            self.outcome.mismatches.append(Mismatch(step.config, 1, str(exc)))

    def _run(self, step: Step, after: Callable[[str], None] | None = None) -> None:
        try:
            commands = transcript.parse(step.snippet.read_text(encoding="utf-8"), step.snippet)
        except transcript.TranscriptError as exc:
            self.outcome.mismatches.append(Mismatch(step.snippet, 1, str(exc)))
            return
        texts = [c.text for c in commands]
        if not self.update and record.recorded(step.snippet) != texts:
            was = record.recorded(step.snippet)
            line, what = 1, "this transcript has never been run"
            if was is not None:
                index = next((i for i, (a, b) in enumerate(zip(was, texts)) if a != b), min(len(was), len(texts)))
                line = commands[index].line if index < len(commands) else commands[-1].line
                before = f"`{was[index]}`" if index < len(was) else "nothing"
                what = f"command changed since a real run produced its output (was {before})"
            self.outcome.mismatches.append(
                Mismatch(step.snippet, line, f"{what}; run `make update-snippets` and review the diff")
            )
            return
        changed = False
        for command in commands:
            try:
                result = self.shell.run(normalise.to_real(command.text, self.sandbox.aliases))
            except ShellError as exc:
                self.outcome.mismatches.append(Mismatch(step.snippet, command.line, f"{exc}: $ {command.text}"))
                return
            if after is not None:
                after(command.text)
            self.outcome.timings.append(
                {
                    "scenario": self.scenario.id,
                    "snippet": step.snippet.name,
                    "command": command.text,
                    "seconds": round(result.seconds, 3),
                }
            )
            actual = normalise.rewrite(
                result.output.decode("utf-8", errors="replace"), self.sandbox.home, self.sandbox.aliases
            ).splitlines()
            expected = command.output
            same_output = _same(expected, actual)
            same_status = result.status == command.exit_status
            if same_output and same_status:
                continue
            if self.update:
                command.output = _merge(expected, actual)
                command.exit_status = result.status
                changed = True
                continue
            if not same_status:
                want = "success (status 0)" if command.exit_status == 0 else f"exit status {command.exit_status}"
                self.outcome.mismatches.append(
                    Mismatch(
                        step.snippet,
                        command.line,
                        f"`{command.text}` exited with status {result.status}, the snippet expects {want}",
                        _diff(expected, actual, step.snippet.name),
                    )
                )
            else:
                index = _first_difference(expected, actual)
                self.outcome.mismatches.append(
                    Mismatch(
                        step.snippet,
                        command.output_start + index,
                        f"output of `{command.text}` differs: " + _describe(expected, actual, index),
                        _diff(expected, actual, step.snippet.name),
                    )
                )
            return  # the shell's state no longer matches the transcript
        if self.update:
            record.store(step.snippet, texts)
        if changed:
            step.snippet.write_text(transcript.render(commands), encoding="utf-8")
            self.outcome.updated.append(step.snippet)


def _describe(expected: list[str], actual: list[str], index: int) -> str:
    want = repr(expected[index]) if index < len(expected) else "no more lines"
    got = repr(actual[index]) if index < len(actual) else "no more lines"
    return f"expected {want}, got {got}"


def made_up_problems(case: Scenario, used: set[str], fake: set[str]) -> list[str]:
    """Tutorials and how-to guides promise real packages: a made-up package (one of
    ``fake``) that the scenario used (``used``: the indexes' normalised project names) must
    be declared with ``made-up = [...]``, and a declared one must really be used."""
    if not case.needs_real_packages:
        return []
    page = case.page.relative_to(REPO) if case.page else "?"
    declared = {normalise_name(n) for n in case.made_up}
    problems = []
    if undeclared := sorted((used & fake) - declared):
        problems.append(
            f"{case.id}: {page} promises real packages, but the scenario used the made-up "
            f"{', '.join(undeclared)}. Use a real release pinned in tests/package_index/wheelhouse.txt, "
            "or declare it with made-up = [...] and say so on the page."
        )
    if unused := sorted(declared - (used & fake)):
        problems.append(f"{case.id}: declares made-up {', '.join(unused)}, but the scenario never used it")
    return problems


def current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]


def record_timings(outcome: Outcome) -> None:
    """Append per-command timings to $P2P_TIMINGS (used by the benchmark, not by tests)."""
    record_rows(outcome.timings)


def record_rows(rows: list[dict]) -> None:
    """Append rows to $P2P_TIMINGS: a tool's command (``command``), a part of the harness's
    own work in a scenario (``harness``) or a session fixture's set-up (``session``)."""
    path = os.environ.get("P2P_TIMINGS")
    if not path or not rows:
        return
    with open(path, "a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")

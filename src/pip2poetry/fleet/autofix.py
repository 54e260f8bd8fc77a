"""``all-repos-pip2poetry``: the all-repos autofixer that moves each repository to Poetry 2.

all-repos lists the organisation's repositories, clones them (``all-repos-clone``) and
pushes through its push modules (``github_pull_request``, ``gitlab_pull_request``,
``merge_to_master``, ``readonly`` ...). This autofixer takes all-repos' standard options
(``autofix_lib.add_fixer_args``) and follows ``autofix_lib.fix``'s steps for each
repository: a fresh clone, a branch from ``origin/HEAD``, the fix, the diff, a check, the
optional interactive approval, a commit, the configured push. It differs in three ways,
each because the rollout needs it:

- the commit message, and so the pull request's body, is migrate's report for *that*
  repository (``autofix_lib.fix`` takes one message for all);
- new files (``pyproject.toml``, ``poetry.lock``) and removed ones are part of the commit
  (``git commit -a`` alone leaves new files out);
- a failure in one repository is one line and an entry in the state folder, and the run
  goes on (``autofix_lib.repo_context`` prints a traceback).

find_repos: the repositories ``pip2poetry survey`` marks as to migrate (see
``pip2poetry.fleet.status``). apply_fix: ``pip2poetry migrate``. check: ``pip2poetry lint``
and ``poetry check --lock``, and ``--verify`` when given. The guide page:
how-to/roll-poetry-out-across-many-repositories.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

BRANCH = "pip2poetry"  # all-repos prefixes it: all-repos_autofix_pip2poetry
TITLE = "Move to Poetry 2 with pip2poetry migrate"
TRAILER = "Committed via https://github.com/asottile/all-repos"
PROG = "all-repos-pip2poetry"


class _Failed(Exception):
    """One repository's failure: one line, recorded, and the run goes on."""


@dataclass
class Options:
    state_dir: str
    poetry: str
    guide_url: str | None
    verify: str | None
    author: str | None
    dry_run: bool
    interactive: bool
    use_color: bool


@dataclass
class Result:
    name: str
    outcome: str  # a state outcome, or "would-push" in a dry run
    message: str
    commit: str = ""
    migrate_seconds: float = 0.0
    seconds: float = 0.0
    check_seconds: float = 0.0  # pip2poetry lint and poetry check --lock


def _parser() -> argparse.ArgumentParser:
    from all_repos import autofix_lib

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Move every repository that pip2poetry survey marks as to migrate to Poetry 2 with "
            "pip2poetry migrate, check each change with pip2poetry lint and poetry check --lock, and "
            "push it with the all-repos configuration's push module; the commit message and pull "
            "request body are migrate's report. A failure in one repository is recorded and the run "
            "goes on. Exit status: 0 every repository moved or nothing to do, 1 some failed "
            "(see the state folder), 2 bad configuration."
        ),
    )
    autofix_lib.add_fixer_args(parser)
    parser.add_argument("--state", metavar="DIR",
                        help="where to record what happened to each repository, for the next run and for "
                        "pip2poetry survey --by-owner (default: pip2poetry-state beside the configuration)")
    parser.add_argument("--skip", metavar="FILE",
                        help="the team's skip list: one repository name a line, '# why' after it")
    parser.add_argument("--poetry", metavar="PATH", default="poetry",
                        help="the poetry to lock and check with (default: poetry on PATH)")
    parser.add_argument("--guide-url", metavar="URL", help="link the reports' guide pages under URL")
    parser.add_argument("--verify", metavar="COMMAND", nargs="?", const="",
                        help="pass --verify to pip2poetry migrate: run each repository's tests before and after; "
                        "this runs the repositories' code")
    return parser


def _name_of(repo: str, output_dir: str) -> str:
    path = os.path.abspath(repo)
    inside = os.path.relpath(path, output_dir)
    return repo if inside.startswith("..") else inside.replace(os.sep, "/")


def find_repos(config, skip: dict[str, str], state_dir: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The clones whose status is to migrate, as all-repos names them (paths)."""
    from pip2poetry.fleet import progress, state

    entries, _errors = state.load(state_dir)
    found = progress.statuses(progress.cloned(config), entries, skip)
    return [r.folder for r in found if r.status.status == "to-migrate"]


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def _error_line(stderr: str) -> str:
    """pip2poetry's own error line, else the last line it printed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line.removeprefix("pip2poetry: error: ") for line in lines if line.startswith("pip2poetry: error: ")]
    line = errors[0] if errors else (lines[-1] if lines else "")
    return line.removeprefix("pip2poetry: ")


def _git(cwd: str, *argv: str, what: str) -> str:
    result = subprocess.run(["git", *argv], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode:
        raise _Failed(f"{what}: {_first_line(result.stderr) or f'git {argv[0]} exited {result.returncode}'}")
    return result.stdout


def _migrate(work: str, report: str, options: Options) -> tuple[int, str]:
    from pip2poetry import cli

    argv = ["migrate", work, "--report", report, "--poetry", options.poetry]
    if options.guide_url:
        argv += ["--guide-url", options.guide_url]
    if options.verify is not None:
        argv += ["--verify", options.verify] if options.verify else ["--verify"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as e:  # argparse
            code = e.code if isinstance(e.code, int) else 2
    return code, err.getvalue()


def _check(work: str, options: Options) -> None:
    from pip2poetry.fleet.status import lint_problem

    if problem := lint_problem(work):
        raise _Failed(f"pip2poetry lint: {problem}")
    try:
        result = subprocess.run([options.poetry, "check", "--lock"], cwd=work, capture_output=True, text=True, check=False)
    except OSError as e:
        raise _Failed(f"poetry check --lock: cannot run {options.poetry}: {e.strerror}") from None
    if result.returncode:
        raise _Failed(f"poetry check --lock: {_first_line(result.stdout + result.stderr)}")


def _changed_files(work: str) -> int:
    return len(_git(work, "diff", "--cached", "--name-only", "origin/HEAD", what="git diff").splitlines())


def _fix(repo: str, name: str, config, options: Options) -> Result:  # type: ignore[no-untyped-def]
    from all_repos import autofix_lib

    started = time.perf_counter()
    from pip2poetry.fleet.progress import clone_problem

    if problem := clone_problem(repo):
        raise _Failed(f"cannot clone: {problem}")
    remote = _git(repo, "config", "remote.origin.url", what="cannot read the clone's remote").strip()
    with tempfile.TemporaryDirectory(prefix="pip2poetry-fleet-") as tmp:
        work = os.path.join(tmp, "work")
        _git(tmp, "clone", "--quiet", "--no-checkout", os.path.abspath(repo), work, what="cannot clone")
        _git(work, "remote", "set-url", "origin", remote, what="cannot set the remote")
        _git(work, "fetch", "--prune", "--quiet", what="cannot fetch from origin")
        branch = f"all-repos_autofix_{BRANCH}"
        _git(work, "checkout", "--quiet", "origin/HEAD", "-b", branch, what="cannot check out origin/HEAD")

        report = os.path.join(tmp, "report.md")
        migrate_started = time.perf_counter()
        code, stderr = _migrate(work, report, options)
        migrate_seconds = time.perf_counter() - migrate_started
        if code == 2 or not os.path.exists(report):
            message = _error_line(stderr) or f"exited {code}"
            raise _Failed(f"pip2poetry migrate: {message}")
        with open(report, encoding="utf-8") as f:
            body = f.read().strip()

        _git(work, "add", "--all", what="git add")
        changed = _changed_files(work)
        if not changed:
            raise _Failed("pip2poetry migrate changed nothing")
        check_started = time.perf_counter()
        _check(work, options)
        check_seconds = time.perf_counter() - check_started
        for_a_person = "" if code == 0 else ", items for a person in the report"
        summary = f"{changed} file{'s' if changed != 1 else ''} changed{for_a_person}"

        if options.interactive:
            print(_git(work, "diff", "--cached", "--stat", "origin/HEAD", what="git diff"), end="", flush=True)
            if not autofix_lib._interactive_check(use_color=options.use_color):
                return Result(name, "declined", summary, seconds=time.perf_counter() - started)

        message = f"{TITLE}\n\n{body}\n\n{TRAILER}\n"
        commit = ["commit", "--quiet", "--cleanup=verbatim", "-m", message]
        if options.author:
            commit += ["--author", options.author]
        _git(work, *commit, what="git commit")
        sha = _git(work, "rev-parse", "HEAD", what="git rev-parse").strip()
        if options.dry_run:
            return Result(name, "would-push", summary, sha, migrate_seconds, time.perf_counter() - started, check_seconds)

        from pip2poetry.fleet import state

        out = io.StringIO()
        try:
            with contextlib.chdir(work), contextlib.redirect_stdout(out):
                config.push(config.push_settings, branch)
        except subprocess.CalledProcessError as e:
            raise _Failed(f"push failed: {' '.join(map(str, e.cmd))} exited {e.returncode}") from None
        except Exception as e:  # noqa: BLE001 - a push module's error (HTTP, api_key_env ...): one line
            raise _Failed(f"push failed: {type(e).__name__}: {_first_line(str(e))}") from None
        outcome = state.outcome_of_push(config.push.__module__)
        pushed = [line for line in out.getvalue().splitlines() if line.startswith("Pull request created at")]
        where = f"; {pushed[0][0].lower()}{pushed[0][1:]}" if pushed else ""
        return Result(name, outcome, f"{summary}{where}", sha, migrate_seconds,
                      time.perf_counter() - started, check_seconds)


def fix_one(repo: str, *, config, options: Options) -> Result:  # type: ignore[no-untyped-def]
    """One repository, start to end; never raises."""
    from pip2poetry.fleet import state

    name = _name_of(repo, config.output_dir)
    started = time.perf_counter()
    try:
        result = _fix(repo, name, config, options)
    except _Failed as e:
        result = Result(name, "failed", str(e), seconds=time.perf_counter() - started)
    except Exception as e:  # noqa: BLE001 - a defect of ours: still one line, and the run goes on
        result = Result(name, "failed", f"internal error: {type(e).__name__}: {_first_line(str(e))}",
                        seconds=time.perf_counter() - started)
    if not options.dry_run and result.outcome in state.OUTCOMES:
        try:
            state.record(options.state_dir, state.Entry(name, result.outcome, result.message, result.commit))
        except OSError as e:
            result.message += f" (state not recorded: {options.state_dir}: {e.strerror})"
    return result


def main(argv: Sequence[str] | None = None) -> int:
    from all_repos import autofix_lib, mapper

    from pip2poetry.fleet import progress, state

    args = _parser().parse_args(argv)
    try:
        config = progress.load_config(args.config_filename)
        skip = progress.load_skip(args.skip)
        state_dir = args.state or state.default_dir(args.config_filename)
        repos = list(args.repos) if args.repos is not None else find_repos(config, skip, state_dir)
    except progress.FleetError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    settings = autofix_lib.AutofixSettings.from_cli(args)
    repos = repos[: settings.limit]
    options = Options(state_dir, args.poetry, args.guide_url, args.verify, args.author,
                      settings.dry_run, settings.interactive, settings.color)
    if not repos:
        print("Nothing to migrate: no repository is marked as to migrate.")
        return 0
    func = functools.partial(fix_one, config=config, options=options)
    results = []
    with mapper.process_mapper(settings.jobs) as do_map:
        for result in do_map(func, repos):  # in the order given, whichever finishes first
            print(f"{result.name}: {result.outcome.replace('-', ' ')}: {result.message}", flush=True)
            results.append(result)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    summary = ", ".join(f"{n} {outcome.replace('-', ' ')}" for outcome, n in sorted(counts.items()))
    where = "" if settings.dry_run else f"; recorded in {os.path.relpath(state_dir)}"
    print(f"{len(results)} repositor{'ies' if len(results) != 1 else 'y'}: {summary}{where}")
    return 1 if counts.get("failed") else 0


if __name__ == "__main__":
    raise SystemExit(main())

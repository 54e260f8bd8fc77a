"""``pip2poetry survey``: the inventory step of a rollout, as a command.

The top level stays light (argparse wiring only): ``pip2poetry --help`` and the other
commands never pay for the survey's imports.
"""

from __future__ import annotations

import argparse

FORMATS = ("table", "csv", "json", "markdown")

HELP = "inventory repositories before a migration: starting point, dependencies, what needs a person"
DESCRIPTION = (
    "Report, for each repository, how it manages dependencies today (its starting point), "
    "how many direct dependencies it declares, what will need a person during the migration, "
    "its owners from CODEOWNERS, and the guide page that covers its case. "
    "The survey only reads files: it never runs code from the surveyed repositories. "
    "Exit status: 0 every file read, 1 some input could not be read (reported per repository; "
    "the survey goes on), 2 bad command line."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a repository, or a folder whose sub-folders are repositories (default: .)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table: readable in a terminal (default); csv: one row per repository, for a "
        "spreadsheet; json: a list of repositories, for scripts and tracking issues; "
        "markdown: with --by-owner, a table and a checklist to paste into a tracking issue",
    )
    parser.add_argument(
        "--all-repos",
        metavar="CONFIG",
        help="survey exactly the repositories all-repos cloned for the all-repos configuration CONFIG "
        "(or in its output folder, when CONFIG is that folder), named as all-repos names them, instead of PATH",
    )
    parser.add_argument(
        "--by-owner",
        action="store_true",
        help="with --all-repos: the rollout's progress per CODEOWNERS owner (done, pull request open, "
        "to migrate, needs a person, skipped), from the clones and all-repos-pip2poetry's state folder",
    )
    parser.add_argument(
        "--state",
        metavar="DIR",
        help="with --by-owner: all-repos-pip2poetry's state folder (default: pip2poetry-state beside CONFIG)",
    )
    parser.add_argument(
        "--skip",
        metavar="FILE",
        help="with --by-owner: the team's skip list, as all-repos-pip2poetry reads it "
        "(one repository name a line, '# why' after it)",
    )
    parser.add_argument(
        "--guide-url",
        metavar="URL",
        help="print each guide page as a link under URL, where the guide is published "
        "(default: the page's path inside the guide, such as how-to/migrate-from-pipenv)",
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from pip2poetry.survey import inventory, report

    if args.by_owner or args.state or args.skip:
        if not args.all_repos:
            print("pip2poetry: error: --by-owner, --state and --skip need --all-repos CONFIG", file=sys.stderr)
            return 2
    if args.format == "markdown" and not args.by_owner:
        print("pip2poetry: error: --format markdown is the --by-owner progress table's", file=sys.stderr)
        return 2
    if args.all_repos:
        if args.paths:
            print("pip2poetry: error: give PATH or --all-repos CONFIG, not both", file=sys.stderr)
            return 2
        return _all_repos(args)
    repositories = inventory.survey(args.paths or ["."])
    sys.stdout.write(report.render(repositories, args.format, args.guide_url))
    return _finish(repositories, [], summary=True)


def _finish(rows: list, errors: list[str], *, summary: bool) -> int:  # type: ignore[type-arg]
    """Each input that could not be read, one line on stderr, then the summary line."""
    import sys

    from pip2poetry.survey import report

    sys.stdout.flush()
    for line in errors:
        print(f"pip2poetry: error: {line}", file=sys.stderr)
    for repository in rows:
        for where, message in repository.errors:
            print(f"pip2poetry: error: {report.join(repository.name, where)}: {message}", file=sys.stderr)
    if summary:
        print(report.summary(rows), file=sys.stderr)
    return 1 if errors or any(r.errors for r in rows) else 0


def _all_repos(args: argparse.Namespace) -> int:
    import sys

    from pip2poetry.fleet import progress, state
    from pip2poetry.survey import report

    try:
        clones, state_dir = progress.clones_of(args.all_repos)
        skip = progress.load_skip(args.skip)
    except progress.FleetError as e:
        print(f"pip2poetry: error: {e}", file=sys.stderr)
        return 2
    if args.by_owner:
        entries, errors = state.load(args.state or state_dir)
        found = progress.statuses(clones, entries, skip)
        sys.stdout.write(progress.render(found, args.format, args.guide_url))
        # the progress table is its own summary
        return _finish([row for r in found for row in r.rows], errors, summary=False)
    rows = [row for name, folder in clones.items() for row, _ in progress.survey_folder(name, folder)]
    sys.stdout.write(report.render(rows, args.format, args.guide_url))
    return _finish(rows, [], summary=True)

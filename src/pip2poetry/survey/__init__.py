"""``pip2poetry survey``: the inventory step of a rollout, as a command.

The top level stays light (argparse wiring only): ``pip2poetry --help`` and the other
commands never pay for the survey's imports.
"""

from __future__ import annotations

import argparse

FORMATS = ("table", "csv", "json")

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
        "spreadsheet; json: a list of repositories, for scripts and tracking issues",
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

    repositories = inventory.survey(args.paths or ["."])
    out = report.render(repositories, args.format, args.guide_url)
    sys.stdout.write(out)
    sys.stdout.flush()
    for repository in repositories:
        for where, message in repository.errors:
            print(f"pip2poetry: error: {report.join(repository.name, where)}: {message}", file=sys.stderr)
    print(report.summary(repositories), file=sys.stderr)
    return 1 if any(r.errors for r in repositories) else 0

"""``pip2poetry migrate``. The top level stays light: argparse wiring only."""

from __future__ import annotations

import argparse

HELP = "move a whole repository to Poetry 2 in one change: dependency files, Dockerfiles, CI, Makefiles, tox, scripts, READMEs"
DESCRIPTION = (
    "Import the dependency files into pyproject.toml with a lock that keeps today's versions, "
    "rewrite every Dockerfile, CI file, Makefile, tox.ini, shell script, Read the Docs config and "
    "README that installs the old way to the guide's recipes, retire the files the change replaced, "
    "and list, with path:line, what needs a person. Nothing found is ever run. "
    "Exit status: 0 done, 1 done with items for a person (or --verify found a difference), "
    "2 nothing written."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="the repository's work tree (default: .)")
    parser.add_argument("--dry-run", action="store_true", help="print the unified diff (the report with --report FILE); write nothing (no lock)")
    parser.add_argument("--report", metavar="FILE", help="also write the Markdown report (a pull request's body) to FILE")
    parser.add_argument("--guide-url", metavar="URL",
                        help="link the report's guide pages under URL, where the guide is published "
                        "(default: the page's path inside the guide, such as how-to/run-poetry-in-ci)")
    parser.add_argument("--allow-dirty", action="store_true", help="migrate a work tree with uncommitted changes")
    parser.add_argument("--keep-requirements", action="store_true",
                        help="keep the main requirements file as the lock's export (poetry export --only main, with "
                        "the export plugin declared), for whoever still reads it during the transition; "
                        "pip2poetry check-export fails when it drifts from the lock")
    parser.add_argument("--poetry", metavar="PATH", help="the poetry to run for the lock (default: poetry on PATH)")
    parser.add_argument("--verify", metavar="COMMAND", nargs="?", const="",
                        help="run COMMAND (the repository's tests; default: the pytest command its CI, tox or Makefile "
                        "runs) installed the old way before the change and with Poetry after it, and compare the "
                        "installed versions and the outcomes; this runs the repository's code")


def run(args: argparse.Namespace) -> int:
    from pip2poetry.migrate.command import run as _run

    return _run(args)

"""``pip2poetry import``. The top level stays light: argparse wiring only; the work is
in the submodules, imported when the command runs."""

from __future__ import annotations

import argparse

HELP = "turn requirements files, pip-tools, Pipfiles and setup.py/setup.cfg into a Poetry 2 project"
DESCRIPTION = (
    "Write the dependencies of requirements files, pip-tools .in/.txt pairs, a Pipfile "
    "(and Pipfile.lock) or setup.cfg/setup.py (read statically) into pyproject.toml, "
    "with >=TODAY,<NEXT_BREAKING ranges (== for calendar-versioned packages), and with "
    "--lock a poetry.lock that keeps every version that runs today. "
    "Exit status: 0 done, 1 done with lines left for you, 2 nothing written."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="requirements files, .in files, Pipfile, setup.cfg or setup.py "
        "(default: those found in the current directory)",
    )
    parser.add_argument(
        "--group",
        nargs=2,
        action="append",
        metavar=("NAME", "FILE"),
        help="import FILE into dependency group NAME (files named *dev*, *test*, *doc* "
        "go to groups dev, test and docs without this option)",
    )
    parser.add_argument(
        "--versions-from",
        metavar="PATH",
        help="today's versions: a pip freeze file or a virtual environment",
    )
    parser.add_argument(
        "--keep-ranges",
        action="store_true",
        help="keep a range the source already states, instead of >=TODAY,<NEXT_BREAKING",
    )
    parser.add_argument(
        "--internal",
        action="append",
        default=[],
        metavar="PACKAGE[=SOURCE]",
        help="a package that an --extra-index-url serves (repeat for each): it gets source = SOURCE in "
        "[tool.poetry.dependencies] (SOURCE may be left out when there is one such index); without it, "
        "Poetry takes no package from that index",
    )
    parser.add_argument(
        "--lock",
        action="store_true",
        help="run poetry lock so that every locked version equals today's, and verify it",
    )
    parser.add_argument("--poetry", metavar="PATH", help="the poetry to run for --lock (default: poetry on PATH)")
    parser.add_argument("--name", help="the project name, when pyproject.toml is created (default: the directory's name)")
    parser.add_argument("--dry-run", action="store_true", help="print the report and the diff; write nothing")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace dependency tables that pyproject.toml already declares",
    )


def run(args: argparse.Namespace) -> int:
    from pip2poetry.importer.command import run as _run

    return _run(args)

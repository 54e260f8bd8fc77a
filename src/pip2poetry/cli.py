"""Command-line entry point: ``pip2poetry``."""

from __future__ import annotations

import argparse
import os
import sys

from pip2poetry import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pip2poetry",
        description="Small tools that make a move from pip to Poetry 2 mechanical.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    lint = commands.add_parser(
        "lint",
        help="check pyproject.toml files against the guide's dependency policy",
        description=(
            "Check pyproject.toml files against the guide's dependency policy: "
            "explicit >=,< ranges instead of Poetry's caret and tilde, upper bounds "
            "written up to the part that breaks (<2, not <2.0.0), exact pins for "
            "calendar-versioned packages, dependency groups, Poetry 2 source priorities and Poetry outside the project. "
            "Exit status: 0 clean, 1 problems found, 2 bad input."
        ),
    )
    lint.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a pyproject.toml file, or a directory searched for them "
        "(default: ./pyproject.toml)",
    )
    lint.add_argument(
        "--fix",
        action="store_true",
        help="rewrite caret and tilde constraints to the equivalent >=,< range, "
        "pin calendar-versioned packages to the version poetry.lock holds "
        "and shorten upper bounds written with trailing zeros, in place, "
        "leaving the rest of the file as it is",
    )
    # The other commands describe their own options: each module's top level stays light
    # (argparse only), so building this parser costs no heavy import.
    from pip2poetry import importer, migrate, requirements_export, survey

    importer.add_arguments(
        commands.add_parser("import", help=importer.HELP, description=importer.DESCRIPTION)
    )
    survey.add_arguments(commands.add_parser("survey", help=survey.HELP, description=survey.DESCRIPTION))
    migrate.add_arguments(commands.add_parser("migrate", help=migrate.HELP, description=migrate.DESCRIPTION))
    requirements_export.add_arguments(
        commands.add_parser("check-export", help=requirements_export.HELP, description=requirements_export.DESCRIPTION)
    )
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "lint":
        from pip2poetry.lint import run

        return run(args.paths, fix=args.fix)
    if args.command == "import":
        from pip2poetry import importer

        return importer.run(args)
    if args.command == "survey":
        from pip2poetry import survey

        return survey.run(args)
    if args.command == "migrate":
        from pip2poetry import migrate

        return migrate.run(args)
    if args.command == "check-export":
        from pip2poetry import requirements_export

        return requirements_export.run(args)
    return 2  # pragma: no cover - argparse requires a command


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("pip2poetry: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader closed our output early (`pip2poetry lint | head`): stop quietly.
        # Point stdout at devnull so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())

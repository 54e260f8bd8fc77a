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
            "explicit >=,< ranges instead of Poetry's caret and tilde, dependency "
            "groups, Poetry 2 source priorities and Poetry outside the project. "
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
        help="rewrite caret and tilde constraints to the equivalent >=,< range "
        "in place, leaving the rest of the file as it is",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "lint":
        from pip2poetry.lint import run

        try:
            return run(args.paths, fix=args.fix)
        except KeyboardInterrupt:
            print("pip2poetry: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            # The reader closed our output early (`pip2poetry lint | head`): stop quietly.
            # Point stdout at devnull so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())

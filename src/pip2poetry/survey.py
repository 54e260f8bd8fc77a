"""`pip2poetry survey` (being written). The top level stays light: argparse wiring only."""

from __future__ import annotations

import argparse
import sys

HELP = "(not yet available)"
DESCRIPTION = "Not yet available."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("pip2poetry: 'survey' is not available yet", file=sys.stderr)
    return 2

"""Command-line entry point (placeholder until the lint command lands)."""

import sys


def main(argv: list[str] | None = None) -> int:
    print("pip2poetry: no command yet", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

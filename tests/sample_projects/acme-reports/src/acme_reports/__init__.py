"""Acme's shared report helpers: one table format for every internal service."""

from tabulate import tabulate

__version__ = "1.4.0"


def table(rows: list[tuple[object, ...]], headers: list[str]) -> str:
    """Rows as a plain-text table, in the format every Acme report uses."""
    return tabulate(rows, headers=headers, tablefmt="simple")

"""Ledger tables for Acme services."""

from tabulate import tabulate

from acme_core import money


def ledger(lines: list[tuple[str, int]]) -> str:
    rows = [(item, money(cents)) for item, cents in lines]
    rows.append(("total", money(sum(cents for _, cents in lines))))
    return tabulate(rows, headers=["item", "amount"], colalign=("left", "right"), disable_numparse=True)

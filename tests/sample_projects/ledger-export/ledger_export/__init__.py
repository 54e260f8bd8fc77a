"""The ledger's totals per month and account, in the finance team's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from more_itertools import map_reduce

#: Where the finance team closes its months (tzdata has the rules where the system has none).
TIME_ZONE = ZoneInfo("Europe/Oslo")

#: (when, in UTC; account; amount in euros)
ENTRIES = [
    ("2026-01-12T09:30:00+00:00", "sales", 1200),
    ("2026-01-31T23:30:00+00:00", "sales", 300),
    ("2026-01-20T14:00:00+00:00", "rent", -900),
    ("2026-02-03T08:15:00+00:00", "sales", 750),
]


def local_month(when: str) -> str:
    """The month of a UTC timestamp in the finance team's time zone, as YYYY-MM."""
    return datetime.fromisoformat(when).astimezone(TIME_ZONE).strftime("%Y-%m")


def monthly_totals(entries: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """(month, account, total) for every month and account, in order."""
    totals = map_reduce(
        entries,
        keyfunc=lambda entry: (local_month(entry[0]), entry[1]),
        valuefunc=lambda entry: entry[2],
        reducefunc=sum,
    )
    return [(month, account, total) for (month, account), total in sorted(totals.items())]

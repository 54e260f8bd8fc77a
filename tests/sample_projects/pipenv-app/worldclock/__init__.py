"""Show one moment in several time zones."""

from datetime import datetime
from zoneinfo import ZoneInfo

from tabulate import tabulate


def table(moment: datetime, zones: list[str]) -> str:
    """A table with the local time of ``moment`` in each of ``zones``."""
    rows = [(zone, moment.astimezone(ZoneInfo(zone)).strftime("%a %H:%M")) for zone in zones]
    return tabulate(rows, headers=["Zone", "Local time"])

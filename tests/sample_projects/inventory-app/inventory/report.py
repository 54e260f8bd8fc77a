"""Builds the stock report."""

from importlib.metadata import version
from zoneinfo import ZoneInfo

import structlog
from more_itertools import chunked
from tabulate import tabulate

log = structlog.get_logger()


def summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{len(counts)} items, {total} in stock"


def table(counts: dict[str, int], per_page: int = 20) -> list[str]:
    """The stock as text tables, one per page."""
    pages = [tabulate(page, headers=["item", "count"]) for page in chunked(sorted(counts.items()), per_page)]
    log.debug("report built", pages=len(pages))
    return pages


def warehouse_time_zone() -> ZoneInfo:
    return ZoneInfo("Europe/Oslo")  # from the tzdata package when the system has no zone files


def libraries() -> dict[str, str]:
    """The library versions this service runs with, by name."""
    return {name: version(name) for name in ("more-itertools", "tabulate", "tzdata", "structlog")}

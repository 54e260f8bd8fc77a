"""Pages of departures: a few trains per page, times in the station's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import more_itertools
import tabulate

STATION = ZoneInfo("Europe/Zurich")


def pages(departures: list[tuple[str, datetime]], per_page: int = 3) -> list[str]:
    """One table per page; destinations in any script line up (tabulate's widechars extra)."""
    return [
        tabulate.tabulate(
            [(to, when.astimezone(STATION).strftime("%H:%M")) for to, when in page],
            headers=["To", "Time"],
        )
        for page in more_itertools.chunked(departures, per_page)
    ]

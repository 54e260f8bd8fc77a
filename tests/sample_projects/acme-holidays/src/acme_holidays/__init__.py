"""Public holidays at Acme's sites."""

import datetime
import json
from importlib.resources import files

_CALENDAR = json.loads(files(__name__).joinpath("calendar.json").read_text(encoding="utf-8"))


def holiday(site: str, day: datetime.date) -> str | None:
    """The name of the holiday at ``site`` on ``day``, or None on a working day."""
    return _CALENDAR.get(site, {}).get(day.isoformat())

"""python -m worldclock [ISO-8601 MOMENT]: the moment (default: now) in WORLDCLOCK_ZONES."""

import os
import sys
from datetime import datetime, timezone

from worldclock import table

if sys.platform == "win32":
    import colorama

    colorama.just_fix_windows_console()

zones = os.environ.get("WORLDCLOCK_ZONES")
if not zones:
    sys.exit("worldclock: WORLDCLOCK_ZONES is not set (the team keeps it in .env)")
moment = datetime.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else datetime.now(timezone.utc)
print(table(moment, zones.split(",")))

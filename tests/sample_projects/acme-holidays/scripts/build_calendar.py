"""Write src/acme_holidays/calendar.json from data/holidays.csv (run before each build)."""

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
calendar: dict[str, dict[str, str]] = {}
with open(ROOT / "data" / "holidays.csv", newline="", encoding="utf-8") as rows:
    for row in csv.DictReader(rows):
        calendar.setdefault(row["site"], {})[row["date"]] = row["name"]
target = ROOT / "src" / "acme_holidays" / "calendar.json"
target.write_text(json.dumps(calendar, indent=2, sort_keys=True) + "\n", encoding="utf-8")
print(f"wrote {target.relative_to(ROOT)}: {sum(map(len, calendar.values()))} holidays")

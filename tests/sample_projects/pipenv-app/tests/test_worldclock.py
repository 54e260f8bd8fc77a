from datetime import datetime, timezone

from worldclock import table


def test_converts_to_each_zone():
    moment = datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc)
    lines = table(moment, ["Asia/Tokyo", "Europe/Paris"]).splitlines()
    assert lines[2].split() == ["Asia/Tokyo", "Tue", "00:00"]
    assert lines[3].split() == ["Europe/Paris", "Mon", "16:00"]


def test_summer_time():
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    assert table(moment, ["America/New_York"]).splitlines()[2].split() == ["America/New_York", "Wed", "08:00"]

from datetime import datetime, timezone

from departures import board

NOON_UTC = datetime(2025, 7, 1, 12, 0, tzinfo=timezone.utc)


def test_times_are_shown_in_the_station_time_zone():
    (page,) = board.pages([("Bern", NOON_UTC)])
    assert page.splitlines()[-1].split() == ["Bern", "14:00"]


def test_wide_destinations_line_up():
    (page,) = board.pages([("東京", NOON_UTC), ("Basel", NOON_UTC)])
    tokyo, basel = page.splitlines()[-2:]
    # Each of the two characters of 東京 fills two columns of a terminal.
    assert tokyo.index("14:00") == basel.index("14:00") - 2


def test_a_page_holds_three_departures():
    assert len(board.pages([("Bern", NOON_UTC)] * 7)) == 3

"""The departures board of a small station."""

"""What a parcel costs to ship, per zone."""

#: Price in cents of the first kilogram, and of each further kilogram, per zone.
ZONES = {"domestic": (450, 120), "europe": (1100, 300), "world": (2400, 650)}


def price(zone: str, kilograms: int) -> int:
    """The price in cents of a parcel of ``kilograms`` (at least 1) sent to ``zone``."""
    first, further = ZONES[zone]
    return first + further * (max(kilograms, 1) - 1)

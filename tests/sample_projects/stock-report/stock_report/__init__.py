"""The warehouse's stock, as a table."""

STOCK = [
    ("bolts", "M6 x 20", 1200),
    ("nuts", "M6", 950),
    ("washers", "6 mm", 2400),
]

DELIVERIES = [
    ("Åsa Lindqvist", "Malmö", 2),
    ("Chidi Okafor", "Lagos", 1),
    ("Mei Tanaka", "Ōsaka", 3),
]

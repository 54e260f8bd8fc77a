"""Takes orders from the shop."""

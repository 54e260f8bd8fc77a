"""Builds the stock report from the libraries the service depends on."""

import aardvark
import badger
import cobra
import emu
import gecko


def versions() -> dict[str, str]:
    """The library versions this service runs with, by name."""
    return {module.__name__: module.__version__ for module in (aardvark, badger, cobra, emu, gecko)}


def summary(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{len(counts)} items, {total} in stock"

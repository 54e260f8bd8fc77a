"""Count the words of a text."""

from fastcount._speedups import count_words
from fastcount._version import version as __version__

__all__ = ["__version__", "count_words"]

"""Turn titles into URL slugs."""

import re
import unicodedata
from importlib.resources import files

from more_itertools import unique_everseen

STOPWORDS = frozenset(files(__name__).joinpath("stopwords.txt").read_text(encoding="utf-8").split())


def slugify(title: str) -> str:
    """A lower-case ASCII slug: no accents, no stop words, no repeated words."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(unique_everseen([w for w in words if w not in STOPWORDS] or words))

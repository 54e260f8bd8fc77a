"""The guide's dependency policy: ``>=TODAY,<NEXT_BREAKING`` (``>=1.2.0,<2``), ``==`` for calendar versions."""

from __future__ import annotations

import time

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pip2poetry.importer import pep508
from pip2poetry.importer.model import Dep


def calendar_reason(version: str) -> str | None:
    """Why ``version`` looks calendar-versioned, or None.

    * the first number is a year: 2000 up to next year (tzdata 2025.2, certifi 2026.10.18);
    * or a date written as one number, YYYYMMDD;
    * or a two-digit year (13 up to next year) followed by a number from 0 to 12, a month
      or the year's release count (structlog 25.4.0, pip 26.3, black 25.1.0).
    Semantic versions that happen to look the same (gunicorn 23.0.0) need an override.
    """
    parts = pep508.release(version)
    if not parts:
        return None
    year = time.gmtime().tm_year
    first = parts[0]
    if 2000 <= first <= year + 1:
        return f"{first} is a year"
    if 10_000_000 <= first and 2000 <= first // 10_000 <= year + 1 and 1 <= first // 100 % 100 <= 12:
        return f"{first} is a date"
    if 13 <= first <= year % 100 + 1 and len(parts) > 1 and parts[1] <= 12:
        return f"{first}.{parts[1]} reads as a year and a month"
    return None


def read_overrides(doc: dict) -> dict[str, set[str]]:
    """``[tool.pip2poetry] calendar-versioned`` / ``semantic-versioned`` as sets of
    normalized names; values that are not lists of strings are ignored here (the
    commands reject them with the file's path first)."""
    config = doc.get("tool", {}).get("pip2poetry", {})
    out: dict[str, set[str]] = {"calendar": set(), "semantic": set()}
    if not isinstance(config, dict):
        return out
    for name, key in (("calendar", "calendar-versioned"), ("semantic", "semantic-versioned")):
        values = config.get(key, [])
        if isinstance(values, list):
            out[name] = {pep508.normalize(v) for v in values if isinstance(v, str)}
    return out


def pin_reason(name: str, version: str, overrides: dict[str, set[str]]) -> str | None:
    """The guide's calendar version rule, the one ``import`` and ``lint`` both apply:
    why ``name`` at ``version`` is pinned exactly (``==``) instead of given a range, or
    None. ``[tool.pip2poetry] calendar-versioned`` and ``semantic-versioned`` win over
    the guess made from the version (calendar_reason)."""
    key = pep508.normalize(name)
    if key in overrides.get("calendar", ()):
        return "calendar-versioned ([tool.pip2poetry] calendar-versioned)"
    if key in overrides.get("semantic", ()):
        return None
    guess = calendar_reason(version)
    return f"calendar-versioned ({guess})" if guess else None


def next_breaking(version: str) -> str:
    """The upper bound: the next major release, or the next minor release for 0.x.

    The bound is written up to the part that breaks, and no further: 10.8.0 -> 11,
    0.9.0 -> 0.10, 2.5 -> 3, 0.0.3 -> 0.1. ``poetry add`` would write 11.0.0 and
    0.10.0, which mean the same; the short form is the one Renovate's ``widen``
    moves to the next breaking release (``<11`` -> ``<12``, where ``<11.0.0``
    becomes ``<11.1.0``). See lint rule P2P006.
    """
    parsed = pep508.parse_version(version)
    assert parsed is not None
    parts = list(parsed.release)
    while len(parts) < 2:
        parts.append(0)
    index = 0 if parts[0] > 0 else 1
    bumped = parts[:index] + [parts[index] + 1]
    text = ".".join(map(str, bumped))
    return f"{parsed.epoch}!{text}" if parsed.epoch else text


def base_version(version: str) -> str:
    return version.split("+", 1)[0]


def satisfies(version: str, specifier: str) -> bool | None:
    """Whether ``version`` fits ``specifier`` (None when either is not PEP 440). Pre-releases
    count like any other version: the question is whether today's version is inside the range."""
    parsed = pep508.parse_version(version)
    try:
        spec = SpecifierSet(specifier)
    except InvalidSpecifier:
        return None
    if parsed is None:
        return None
    return spec.contains(parsed, prereleases=True)


def render(dep: Dep, constraint: str) -> str:
    """A dependency the way ``poetry add`` writes it into [project]:
    ``name[extra] (>=1.2.0,<2) ; marker`` or ``name @ URL ; marker``."""
    text = dep.name + (f"[{','.join(dep.extras)}]" if dep.extras else "")
    if dep.url:
        text += f" @ {dep.url}"
    elif constraint:
        text += f" ({constraint})"
    if dep.marker:
        text += f" ; {dep.marker}"
    return text


def requires_python(source: tuple[str, str] | None, today: str, keep: bool = False) -> tuple[str, str]:
    """requires-python and why: the source's lower bound, or the Python that runs today,
    with ``<4.0`` added when there is no upper bound. With ``keep`` (--keep-ranges) the
    source's own range is kept as written: for a library it is published metadata."""
    if source and keep:
        return source[0], "kept as written (--keep-ranges)"
    if source:
        spec, where = source
        why = f"the lower bound of {where}"
    else:
        spec, where = f">={today}", ""
        why = f"{today} is the Python that runs today"
    terms = [t for t in spec.split(",") if t]
    if not any(t.startswith(("<", "==", "~=")) for t in terms):
        terms.append("<4.0")
        why += "; <4.0 added because Poetry locks for every Python the range allows, and packages that declare <4 cannot be locked for an open-ended range"
    return ",".join(terms), why

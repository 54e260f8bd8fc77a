"""PEP 508 dependency specifiers and PEP 440 versions, through ``packaging``.

``packaging`` is the parser pip uses, so a line is accepted here exactly when pip accepts
it, and a rejected one gets packaging's reason at packaging's column. This module keeps the
small interface the importer was written against (``parse_requirement``, ``parse_marker``,
``normalize``, ``release``, ``version_key``, ``canonical_version``…) as thin wrappers:
errors become ``SpecifierError(message, column)``, and an invalid version is ``None``
instead of an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName
from packaging.markers import Marker as _PackagingMarker
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as _PackagingRequirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


class SpecifierError(ValueError):
    """Not a dependency specifier: ``message`` as pip words it, at ``column`` (0-based)."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def _error(e: InvalidRequirement | InvalidMarker, column: int = 0) -> SpecifierError:
    """packaging's reason and the column of its caret (the end of the span it underlines)."""
    cause = e.__cause__
    span = getattr(cause, "span", None)
    message = getattr(cause, "message", None)
    if span is not None and isinstance(message, str):
        return SpecifierError(message, span[1])
    return SpecifierError(str(e).splitlines()[0] if str(e) else type(e).__name__, column)


class Marker:
    """A PEP 508 marker: packaging's, rendered the way Poetry writes markers
    (``python_version >= "3.11" and (os_name == "nt" or …)``)."""

    def __init__(self, marker: _PackagingMarker) -> None:
        self.marker = marker

    def render(self) -> str:
        return str(self.marker)

    def evaluate(self, env: Mapping[str, str]) -> bool:
        """Whether the marker holds in ``env`` (marker variable -> value). ``extra`` is ""
        unless ``env`` names one; ``extras`` and ``dependency_groups`` are empty sets. A
        comparison that PEP 508 leaves undefined (``~=`` on a string that is not a version)
        does not hold."""
        full: dict[str, str | frozenset[str]] = {"extra": "", "extras": frozenset(), "dependency_groups": frozenset()}
        full.update(env)
        try:
            return self.marker.evaluate(full)
        except (UndefinedComparison, UndefinedEnvironmentName):
            return False


class Requirement:
    """A parsed requirement, with the parts the importer writes back as text."""

    def __init__(self, name: str) -> None:
        self.name = name  # as written
        self.extras: list[str] = []  # sorted, as packaging and Poetry write them
        self.specifier = ""  # in the written order, whitespace removed: ">=1.2,<2"
        self.url = ""
        self.marker: Marker | None = None

    def marker_text(self) -> str:
        return self.marker.render() if self.marker else ""


def parse_requirement(source: str) -> Requirement:
    try:
        parsed = _PackagingRequirement(source)
    except InvalidRequirement as e:
        raise _error(e, _bad_term(source)) from None
    req = Requirement(parsed.name)
    req.extras = sorted(parsed.extras)
    req.url = parsed.url or ""
    req.specifier = _written_order(source, parsed)
    req.marker = Marker(parsed.marker) if parsed.marker is not None else None
    return req


def _bad_term(source: str) -> int:
    """Where the term that packaging's SpecifierSet refused starts (``foo===1.0,>=``: the
    ``===`` operator takes everything up to a space, so the parser passes ``1.0,>=`` and
    only SpecifierSet, which splits on commas, refuses ``>=``; its error has no column).
    Kept by hand because packaging gives no position for this error; the case is
    tests/importer/test_import_packaging.py::test_an_arbitrary_equality_pin_followed_by_a_bad_term_is_refused."""
    head = re.match(r"\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*\(?", source)
    start = head.end() if head else 0
    offset = start
    for term in source[start:].split(";", 1)[0].split(","):
        try:
            Specifier(term.strip().rstrip(")").strip())
        except InvalidSpecifier:
            return offset + len(term) - len(term.lstrip())
        offset += len(term) + 1
    return start


def _written_order(source: str, parsed: _PackagingRequirement) -> str:
    """The specifier as written (">=1.2,<2"), whitespace and parentheses removed.

    ``str(SpecifierSet)`` sorts the terms ("<2,>=1.2"), and the importer writes a source's
    own constraint back (--keep-ranges) in the order the source gave it. packaging has
    already accepted ``source``, so the text after the name and extras, up to the marker,
    is the specifier; each term is re-read with packaging, and the result is checked to
    be the same set as packaging's. Kept by hand because packaging does not keep the
    order; the cases are test_keep_ranges and test_every_requirement_syntax
    ("alpha (>=1.0,<2)") in tests/importer/test_import_sources.py."""
    if not parsed.specifier:
        return ""
    head = re.match(r"\s*" + re.escape(parsed.name) + r"\s*(?:\[[^\]]*\])?", source)
    if head is not None:
        text = source[head.end() :].split(";", 1)[0].strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        try:
            terms = [str(Specifier(term.strip())) for term in text.split(",") if term.strip()]
        except InvalidSpecifier:
            terms = []
        if terms and SpecifierSet(",".join(terms)) == parsed.specifier:
            return ",".join(terms)
    return str(parsed.specifier)


def parse_marker(source: str) -> Marker:
    try:
        return Marker(_PackagingMarker(source))
    except InvalidMarker as e:
        raise _error(e) from None


# -- names and versions -------------------------------------------------------------------
def normalize(name: str) -> str:
    return canonicalize_name(name)


def parse_version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def release(text: str) -> list[int]:
    version = parse_version(text)
    return list(version.release) if version is not None else []


def version_key(text: str) -> Version | None:
    """Something that sorts in PEP 440's order, or None for a string that is not a version."""
    return parse_version(text)


def canonical_version(text: str) -> str:
    """PEP 440's normal form: "1.0-RC1" is "1.0rc1"."""
    version = parse_version(text)
    return str(version) if version is not None else text.strip()


# -- checks of what is written ------------------------------------------------------------
def requirement_problem(text: str) -> str | None:
    """Why ``text`` is not a PEP 508 requirement, as packaging words it, or None."""
    try:
        _PackagingRequirement(text)
    except InvalidRequirement as e:
        return _error(e).message
    return None


def specifier_problem(text: str) -> str | None:
    """Why ``text`` is not a PEP 440 version specifier (requires-python), or None."""
    try:
        SpecifierSet(text)
    except InvalidSpecifier as e:
        return str(e)
    return None


def pinned(specifier: str) -> str | None:
    """The version a specifier pins: "==1.2.0" or "===1.2.0" is "1.2.0"; None for a range,
    a wildcard ("==1.2.*") or more than one term."""
    try:
        terms = list(SpecifierSet(specifier))
    except InvalidSpecifier:
        return None
    if len(terms) != 1 or terms[0].operator not in ("==", "===") or terms[0].version.endswith(".*"):
        return None
    return terms[0].version

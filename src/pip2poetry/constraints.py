"""Poetry version constraints: validation and the guide's range form.

This is a small, dependency-free re-implementation of the parts of
poetry-core's ``parse_constraint`` that the linter needs:

* whether Poetry can parse a constraint at all (same regular expressions,
  tried in the same order, on the same ``||`` / ``,`` / space split),
* the ``>=,<`` form of a caret (``^``) or Poetry tilde (``~``) term, with
  the bounds poetry-core computes; the lower bound as poetry-core renders
  it, the upper bound written only up to the part whose bump breaks
  (``^1.2.3`` is ``>=1.2.3,<2``, ``^0.9.0`` is ``>=0.9.0,<0.10``,
  ``~1.2.3`` is ``>=1.2.3,<1.3``), the form Renovate's ``widen`` moves to the
  next major (``<2`` becomes ``<3``; ``<2.0.0`` would become ``<2.2.0``), and
* upper bounds written with trailing zero parts (``<2.0.0``, ``<0.10.0``),
  which mean the same as the short form (``<2``, ``<0.10``).

poetry-core itself is deliberately not imported: it would triple the
start-up time of a pre-commit hook.  The test suite checks this module
against poetry-core's parser, which stays the reference.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# packaging.version.VERSION_PATTERN (packaging 26.3, the release Poetry 2.5.1
# uses), copied so that a term matches here exactly when it matches there.
VERSION_PATTERN = r"""
    v?+                                                   # optional leading v
    (?a:
        (?:(?P<epoch>[0-9]+)!)?+                          # epoch
        (?P<release>[0-9]+(?:\.[0-9]+)*+)                 # release segment
        (?P<pre>                                          # pre-release
            [._-]?+
            (?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)
            [._-]?+
            (?P<pre_n>[0-9]+)?
        )?+
        (?P<post>                                         # post release
            (?:-(?P<post_n1>[0-9]+))
            |
            (?:
                [._-]?
                (?P<post_l>post|rev|r)
                [._-]?
                (?P<post_n2>[0-9]+)?
            )
        )?+
        (?P<dev>                                          # dev release
            [._-]?+
            (?P<dev_l>dev)
            [._-]?+
            (?P<dev_n>[0-9]+)?
        )?+
    )
    (?a:\+
        (?P<local>                                        # local version
            [a-z0-9]+
            (?:[._-][a-z0-9]+)*+
        )
    )?+
"""

_FLAGS = re.VERBOSE | re.IGNORECASE

# The patterns of poetry.core.constraints.version.patterns, in the order
# parse_single_constraint tries them.
_ANY = re.compile(r"(?i)^v?[xX*](\.[xX*])*$")
_TILDE = re.compile(rf"^~(?!=)\s*(?P<version>{VERSION_PATTERN})$", _FLAGS)
_TILDE_PEP440 = re.compile(rf"^~=\s*(?P<version>{VERSION_PATTERN})$", _FLAGS)
_CARET = re.compile(rf"^\^\s*(?P<version>{VERSION_PATTERN})$", _FLAGS)
_X = re.compile(
    r"^(?P<op>!=|==)?\s*v?(?P<version>(\d+)(?:\.(\d+))?(?:\.(\d+))?)(?:\.\*)+$"
)
_BASIC = re.compile(
    rf"^(?P<op><>|!=|>=?|<=?|==?)?\s*(?P<version>{VERSION_PATTERN}|dev)"
    r"(?P<wildcard>\.\*)?$",
    _FLAGS,
)

# The separators of parse_constraint, with a capturing group so that
# re.split keeps them and the original spelling can be put back together.
_OR_SPLIT = re.compile(r"(\s*\|\|?\s*)")
_AND_SPLIT = re.compile(r"((?<!^)(?<![\^~=>< ,]) *(?<!-)[, ](?!-) *(?!,|$))")

_PHASES = {
    "a": "a", "alpha": "a",
    "b": "b", "beta": "b",
    "rc": "rc", "c": "rc", "pre": "rc", "preview": "rc",
    "post": "post", "r": "post", "rev": "post",
    "dev": "dev",
}  # fmt: skip

CARET = "caret"
TILDE = "tilde"
TRAILING_ZEROS = "trailing zeros"


class ConstraintError(ValueError):
    """Poetry itself would refuse this constraint."""


class Term(NamedTuple):
    """One term to rewrite inside a constraint (or requirement) string."""

    kind: str  # CARET, TILDE or TRAILING_ZEROS
    start: int  # offset of the term in the string
    text: str  # the term as written, e.g. "^1.2" or "<2.0.0"
    replacement: str  # e.g. ">=1.2,<2" or "<2"


def _normalize(m: re.Match[str]) -> tuple[int, list[int], str]:
    """Epoch, release parts and the PEP 440 text poetry-core renders."""
    epoch = int(m.group("epoch") or 0)
    release = [int(p) for p in m.group("release").split(".")]
    text = ".".join(map(str, release))
    if epoch:
        text = f"{epoch}!{text}"
    if m.group("pre") is not None:
        text += _PHASES[m.group("pre_l").lower()] + str(int(m.group("pre_n") or 0))
    if m.group("post") is not None:
        label = m.group("post_l")
        phase = _PHASES[label.lower()] if label else "post"
        number = int(m.group("post_n1") or m.group("post_n2") or 0)
        text += f".{phase}{number}"
    if m.group("dev") is not None:
        text += f".dev{int(m.group('dev_n') or 0)}"
    if m.group("local") is not None:
        text += "+" + ".".join(re.split(r"[._-]", m.group("local")))
    return epoch, release, text.lower()


def _bump(release: list[int], index: int) -> list[int]:
    """poetry-core's Release.next_major/next_minor/next_patch.

    The bumped part is incremented (created as 1 if the version was written
    with less precision), every later part that was written becomes 0.
    """
    parts = list(release)
    while len(parts) <= index:
        parts.append(0)
    parts[index] += 1
    for i in range(index + 1, len(parts)):
        parts[i] = 0
    return parts


def _render(epoch: int, release: list[int]) -> str:
    text = ".".join(map(str, release))
    return f"{epoch}!{text}" if epoch else text


def _breaking(release: list[int], index: int) -> list[int]:
    """The next breaking release, written up to the bumped part only:
    poetry-core's bound without its trailing zeros (2.0.0 -> 2, 0.10.0 -> 0.10)."""
    return _bump(release, index)[: index + 1]


def caret_range(version: re.Match[str]) -> str:
    epoch, release, low = _normalize(version)
    major = release[0]
    minor = release[1] if len(release) > 1 else None
    patch = release[2] if len(release) > 2 else None
    if major > 0 or minor is None:
        index = 0
    elif minor > 0 or patch is None:
        index = 1
    else:
        index = 2
    return f">={low},<{_render(epoch, _breaking(release, index))}"


def tilde_range(version: re.Match[str]) -> str:
    epoch, release, low = _normalize(version)
    index = 0 if len(release) == 1 else 1
    return f">={low},<{_render(epoch, _breaking(release, index))}"


# An exclusive upper bound with a plain release (no pre, post, dev or local
# part): the only bounds whose trailing zeros the short form drops.
_UPPER = re.compile(
    r"^<(?!=)\s*v?(?:[0-9]+!)?(?P<release>[0-9]+(?:\.[0-9]+)+)$", re.IGNORECASE | re.ASCII
)


def trailing_zeros(term: str) -> str | None:
    """``term`` with the trailing zero parts of its upper bound dropped
    (``<2.0.0`` -> ``<2``, ``<0.10.0`` -> ``<0.10``, ``< 1!3.0`` -> ``< 1!3``),
    or None when it is not such a bound."""
    m = _UPPER.match(term.strip())
    if not m:
        return None
    parts = m.group("release").split(".")
    keep = len(parts)
    while keep > 1 and int(parts[keep - 1]) == 0:
        keep -= 1
    if keep == len(parts):
        return None
    lead = len(term) - len(term.lstrip())
    start = lead + m.start("release")
    return term[:start] + ".".join(parts[:keep]) + term[lead + m.end("release") :]


def _upper_term(term: str, pos: int) -> Term | None:
    short = trailing_zeros(term)
    return Term(TRAILING_ZEROS, pos, term, short) if short is not None else None


def _check_term(term: str) -> None:
    if (
        _ANY.match(term)
        or _TILDE.match(term)
        or _TILDE_PEP440.match(term)
        or _CARET.match(term)
        or _X.match(term)
        or _BASIC.match(term)
    ):
        return
    raise ConstraintError(term)


def analyze(constraint: str) -> list[Term]:
    """Validate ``constraint`` as Poetry does and list its caret and tilde
    terms, and its upper bounds written with trailing zeros.

    Raises ConstraintError (with the offending term) when poetry-core's
    parse_constraint would raise.
    """
    core = constraint.strip()
    if core == "*":
        return []
    offset = len(constraint) - len(constraint.lstrip())
    terms: list[Term] = []
    for i, group in enumerate(_OR_SPLIT.split(core)):
        if i % 2:  # an "||" separator
            offset += len(group)
            continue
        group_core = group.rstrip(",").rstrip()
        pos = offset
        for j, term in enumerate(_AND_SPLIT.split(group_core)):
            if j % 2 == 0:
                _check_term(term)
                m = _CARET.match(term)
                if m:
                    replacement = caret_range(m)
                    terms.append(Term(CARET, pos, term, replacement))
                else:
                    m = _TILDE.match(term)
                    if m:
                        replacement = tilde_range(m)
                        terms.append(Term(TILDE, pos, term, replacement))
                    else:
                        upper = _upper_term(term, pos)
                        if upper:
                            terms.append(upper)
            pos += len(term)
        offset += len(group)
    return terms


def lower_bound(term: Term) -> str:
    """The version a caret or tilde term starts from, as poetry-core renders it
    (``^2025.6`` -> ``2025.6``)."""
    return term.replacement.split(",", 1)[0][2:]


def rewrite(constraint: str, terms: list[Term]) -> str:
    """Replace the given terms of ``constraint`` by their >=,< form."""
    out = []
    last = 0
    for term in sorted(terms, key=lambda t: t.start):
        out.append(constraint[last : term.start])
        out.append(term.replacement)
        last = term.start + len(term.text)
    out.append(constraint[last:])
    return "".join(out)


# The name and extras of a PEP 508 requirement; its version specifier follows,
# up to the marker's ";" (a URL requirement, "name @ URL", has none).
_REQUIREMENT_HEAD = re.compile(
    r"\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\]\s*)?", re.ASCII
)


def requirement_upper_bounds(requirement: str) -> list[Term]:
    """The upper bounds written with trailing zeros in the version specifier of a
    PEP 508 requirement (``aardvark (>=1.2.0,<2.0.0) ; python_version < "4.0"``
    has one, ``<2.0.0``; the marker is never touched)."""
    head = _REQUIREMENT_HEAD.match(requirement)
    if not head or requirement[head.end() :].startswith("@"):
        return []
    end = requirement.find(";", head.end())
    end = len(requirement) if end < 0 else end
    terms = []
    for item in re.finditer(r"[^,()]+", requirement[head.end() : end]):
        text = item.group()
        core = text.strip()
        pos = head.end() + item.start() + len(text) - len(text.lstrip())
        upper = _upper_term(core, pos) if core else None
        if upper:
            terms.append(upper)
    return terms

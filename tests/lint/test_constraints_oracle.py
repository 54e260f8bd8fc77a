"""pip2poetry.constraints against poetry-core's own parser (the reference).

The linter does not import poetry-core (start-up time); these tests prove that
its reading of caret and tilde constraints is Poetry's, version for version,
and that every rewrite it makes (a caret or tilde to the guide's ``>=,<`` form,
an upper bound's trailing zeros dropped) means the same to poetry-core and to
packaging, the PEP 440 implementation pip uses.
"""

from __future__ import annotations

import itertools

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version as PEP440Version
from poetry.core.constraints.version import Version, parse_constraint
from poetry.core.constraints.version.exceptions import ParseConstraintError

from pip2poetry import constraints

# The guide's form: the lower bound as poetry-core renders it, the upper bound
# poetry-core computes, written up to the part that breaks (facts §4; issue 9).
EXACT = {
    "^1": ">=1,<2",
    "^1.0": ">=1.0,<2",
    "^1.0.0": ">=1.0.0,<2",
    "^1.2": ">=1.2,<2",
    "^1.2.3": ">=1.2.3,<2",
    "^0": ">=0,<1",
    "^0.0": ">=0.0,<0.1",
    "^0.1": ">=0.1,<0.2",
    "^0.0.2": ">=0.0.2,<0.0.3",
    "^0.0.3": ">=0.0.3,<0.0.4",
    "^0.1.2": ">=0.1.2,<0.2",
    "^0.2.3": ">=0.2.3,<0.3",
    "^0.9.0": ">=0.9.0,<0.10",
    "^0.2": ">=0.2,<0.3",
    "^1!2.3": ">=1!2.3,<1!3",
    "~1": ">=1,<2",
    "~1.0": ">=1.0,<1.1",
    "~1.2": ">=1.2,<1.3",
    "~1.2.3": ">=1.2.3,<1.3",
    "^1.2,!=1.3.5": ">=1.2,<2,!=1.3.5",
    # Upper bounds with trailing zeros (P2P006).
    ">=1.2.0,<2.0.0": ">=1.2.0,<2",
    ">=0.9.0,<0.10.0": ">=0.9.0,<0.10",
    ">=1.2.3,<1.3.0": ">=1.2.3,<1.3",
    "<2.0": "<2",
    "< 3.0.0": "< 3",
    ">=1!2.3,<1!3.0": ">=1!2.3,<1!3",
}


def _same_to_packaging(a: str, b: str) -> None:
    """Both strings, as PEP 440 specifiers, allow the same versions of the grid."""
    left, right = SpecifierSet(a), SpecifierSet(b)
    for version in PEP440_VERSIONS:
        for pre in (True, False):
            assert left.contains(version, prereleases=pre) == right.contains(version, prereleases=pre), (
                a, b, version, pre,
            )  # fmt: skip


def _pep440(value: str) -> bool:
    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        return False
    return True


def rewrite_all(value: str) -> str:
    return constraints.rewrite(value, constraints.analyze(value))


@pytest.mark.parametrize(("original", "expected"), EXACT.items())
def test_exact_rewrites(original: str, expected: str) -> None:
    assert rewrite_all(original) == expected
    assert parse_constraint(expected) == parse_constraint(original)
    for version in VERSIONS:
        assert parse_constraint(expected).allows(version) == parse_constraint(original).allows(version), version
    assert _pep440(expected)
    _same_to_packaging(expected, str(parse_constraint(original)))


def _versions() -> list[str]:
    """A grid of versions around every boundary the terms below can have."""
    grid = set()
    for parts in itertools.product(range(0, 4), range(0, 4), range(0, 4)):
        base = ".".join(map(str, parts))
        grid.update({base, base + "a1", base + ".dev0", base + ".post1", base + "rc2"})
        grid.add(".".join(map(str, parts[:2])))
        grid.add(str(parts[0]))
        grid.add(base + ".1")
    grid.update({"1!0.5", "1!1.2", "1!2.0", "1!3.0.dev0", "1.2+local.x", "2.0+abc"})
    return sorted(grid)


VERSIONS = [Version.parse(v) for v in _versions()]
PEP440_VERSIONS = [PEP440Version(v) for v in _versions()]


def _terms() -> list[str]:
    releases = ["0", "1", "2", "0.0", "0.1", "0.2", "1.0", "1.2", "2.3",
                "0.0.0", "0.0.1", "0.0.3", "0.1.0", "0.2.3", "1.0.0", "1.2.3", "2.0.1",
                "1.2.3.4", "0.0.3.4", "0.0.0.1", "01.02"]  # fmt: skip
    suffixes = ["", "a1", "b2", "rc1", ".post1", ".dev1", "-1", "+local.x", "-beta.1", "rc"]
    terms = []
    for op in ("^", "~", "^ ", "~ ", "^v", "~V"):
        for release in releases:
            for suffix in suffixes:
                terms.append(f"{op}{release}{suffix}")
    terms += ["^1!2.3", "~1!2.3.4", "^2!0.0.3"]
    return terms


TERMS = _terms()


def _bounds(text: str) -> tuple[str, str]:
    lower, upper = text.split(",<")
    return lower, "<" + upper


@pytest.mark.parametrize("term", TERMS)
def test_single_term_is_rendered_as_poetry_renders_it(term: str) -> None:
    """Same range; the lower bound as Poetry renders it, the upper bound Poetry
    computes without its trailing zeros."""
    ours = rewrite_all(term)
    theirs = parse_constraint(term)
    low, high = _bounds(ours)
    their_low, their_high = _bounds(str(theirs))
    assert low == their_low
    assert high == (constraints.trailing_zeros(their_high) or their_high)
    assert parse_constraint(ours) == theirs
    for version in VERSIONS:
        assert parse_constraint(ours).allows(version) == theirs.allows(version), version
    assert _pep440(ours) == _pep440(str(theirs))  # a local version (+x) is not a PEP 440 bound
    if _pep440(ours):
        _same_to_packaging(ours, str(theirs))


def _upper_bounds() -> list[str]:
    releases = ["0.0", "0.1", "1.0", "2.0.0", "0.10.0", "1.3.0", "3.0.0.0", "2.1.0", "10.0",
                "1!2.0", "v2.0", "0.0.0", "02.00", "1.2", "2"]  # fmt: skip
    return [f"<{space}{r}" for r in releases for space in ("", " ")]


@pytest.mark.parametrize("bound", _upper_bounds())
def test_dropping_trailing_zeros_keeps_the_range(bound: str) -> None:
    short = constraints.trailing_zeros(bound)
    if short is None:  # nothing to drop: the last part is not 0
        assert not bound.rstrip().endswith(".0") or "." not in bound
        return
    assert not short.endswith(".0")
    assert parse_constraint(short) == parse_constraint(bound)
    for version in VERSIONS:
        assert parse_constraint(short).allows(version) == parse_constraint(bound).allows(version), version
    if "v" not in bound:
        _same_to_packaging(short, bound)


@pytest.mark.parametrize(
    "value", ["<2.0.0a1", "<2.0.dev0", "<2.0.post1", "<2.0+local", "<=2.0.0", "==2.0.0", ">2.0", "!=2.0", "<2.0.*"]
)
def test_only_plain_exclusive_upper_bounds_are_shortened(value: str) -> None:
    assert constraints.trailing_zeros(value) is None


REQUIREMENTS = {
    "aardvark (>=1.2.0,<2.0.0)": "aardvark (>=1.2.0,<2)",
    "aardvark>=1.2.0,<2.0.0": "aardvark>=1.2.0,<2",
    "tabulate[widechars] (>=0.9.0,<0.10.0)": "tabulate[widechars] (>=0.9.0,<0.10)",
    'colorama (>=0.4.6,<0.5.0) ; sys_platform == "win32" and python_version < "4.0"':
        'colorama (>=0.4.6,<0.5) ; sys_platform == "win32" and python_version < "4.0"',
    "a [x, y] ( < 3.0 , >= 2 )": "a [x, y] ( < 3 , >= 2 )",
    "a (<2.0.0a1)": None,
    "a (<=2.0.0)": None,
    "a (>=1.2,<2)": None,
    'a @ https://example.com/a-1.0.zip ; python_version < "3.0"': None,
}  # fmt: skip


@pytest.mark.parametrize(("requirement", "expected"), REQUIREMENTS.items())
def test_requirement_upper_bounds(requirement: str, expected: str | None) -> None:
    """Only the version specifier changes, to one packaging reads as the same."""
    terms = constraints.requirement_upper_bounds(requirement)
    if expected is None:
        assert terms == []
        return
    ours = constraints.rewrite(requirement, terms)
    assert ours == expected
    before, after = Requirement(requirement), Requirement(ours)
    assert (after.name, after.extras, after.marker, after.url) == (before.name, before.extras, before.marker, before.url)
    _same_to_packaging(str(after.specifier), str(before.specifier))
    assert parse_constraint(str(after.specifier)) == parse_constraint(str(before.specifier))


COMPOUND = [
    "^1.2 || ^2.0",
    "^1.2 | ~2.1",
    "^0.2.3 || ^0.4 || ~1.0",
    "^1.2,!=1.3.5",
    "^1.2, !=1.3.5",
    "^1.2 !=1.3.5",
    " ^1.2 , <1.5 ",
    "^1.2,",
    ">=1.0,<2.0 || ^3.1",
    "~1.2.3,^1.2",
    "~=1.4, ^1.4.2",
    ">=0.9 ^1.0",
    "^1.2.0-beta.1 || ^2",
    "^ 1.2 || ~ 0.1",
]


@pytest.mark.parametrize("value", COMPOUND)
def test_compound_constraints_allow_exactly_the_same_versions(value: str) -> None:
    ours = parse_constraint(rewrite_all(value))
    theirs = parse_constraint(value)
    assert constraints.analyze(rewrite_all(value)) == []  # nothing left to rewrite
    assert ours == theirs
    for version in VERSIONS:
        assert ours.allows(version) == theirs.allows(version), version


@pytest.mark.parametrize("value", ["~=1.2", ">=1,<2", "==1.2.*", "1.2.*", "*", "1.2.3", "!=1.0"])
def test_non_poetry_operators_are_left_alone(value: str) -> None:
    assert constraints.analyze(value) == []


VALIDITY = [
    "^1.2", "~1.2", "~=1.2", "*", "x", "1.*", "==1.2.*", "!=1.2.*", ">=1,<2",
    "^1.2 || ^2.0", "^1.2,", ">= 1.2", "dev", "==dev", "<>1.0", "v1.2", "=1.2",
    "", " ", "^", "~", "^^1.2", "^1.2.x", "1.2.x", "latest", "^1.2 ||", "|| ^1",
    ">=1.2;<2.0", "^1.2 -1.3", "~=1", "^1.2..3", "foo", ">=1.2,,<2", "1.2-", "^1.2+",
    ">1.0 <2.0", "^1.2.3-alpha.4", "~1.2.3.post", "> =1.2", "=>1.2", "^v", "^1.0a1b1",
]  # fmt: skip


@pytest.mark.parametrize("value", VALIDITY)
def test_accepts_exactly_what_poetry_accepts(value: str) -> None:
    try:
        parse_constraint(value)
        poetry_ok = True
    except (ParseConstraintError, ValueError):
        poetry_ok = False
    try:
        constraints.analyze(value)
        ours_ok = True
    except constraints.ConstraintError:
        ours_ok = False
    assert ours_ok == poetry_ok


def test_oracle_is_the_poetry_core_that_the_pinned_poetry_uses() -> None:
    """poetry-core in the test group must be the release Poetry itself runs on."""
    from importlib.metadata import version

    from harness.paths import poetry_venv

    # Poetry's own environment, not the wheelhouse: that also serves the older Poetry
    # releases' poetry-core (tests/harness/poetry_releases.py)
    bundled = {p.name.removesuffix(".dist-info").split("-")[1] for p in poetry_venv().glob("lib/python3*/site-packages/poetry_core-*.dist-info")}
    assert bundled == {version("poetry-core")}, (
        f"the test group pins poetry-core {version('poetry-core')}, the pinned Poetry uses {bundled}"
    )

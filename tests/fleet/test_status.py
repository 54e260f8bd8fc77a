"""The one definition of done, which the progress table and the autofixer share: a Poetry 2
project, lint clean, and nothing left that installs the old way."""

from __future__ import annotations

from pathlib import Path

import pytest

from pip2poetry.fleet.progress import survey_folder
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

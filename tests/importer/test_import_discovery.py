"""The import finds what the repository's own tooling installs (the discovery that survey
and migrate share): a dev file with any name that a Makefile or tox installs with -r, and
requirements files below the top folder, each in the group its name, folder or jobs give."""

from __future__ import annotations

import tomllib


def test_a_dev_file_not_named_requirements_is_read_when_something_installs_it(proj, imp) -> None:
    root = proj({
        "requirements.txt": "tabulate==0.9.0\n",
        "development.txt": "-r requirements.txt\npytest==9.2.0\nwcwidth==0.2.13\n",
        "Makefile": "dev:\n\tpip install -r development.txt\n",
    })
    result = imp(root)
    assert result.returncode == 0, result.stderr
    doc = tomllib.loads((root / "pyproject.toml").read_text())
    assert doc["project"]["dependencies"] == ["tabulate (>=0.9.0,<0.10)"]
    assert doc["dependency-groups"]["dev"] == ["pytest (>=9.2.0,<10)", "wcwidth (>=0.2.13,<0.3)"]


def test_requirements_below_the_top_folder_are_read_in_their_groups(proj, imp) -> None:
    root = proj({
        "requirements/base.txt": "tabulate==0.9.0\n",
        "requirements/development.txt": "-r base.txt\npytest==9.2.0\n",
        "docs/requirements.txt": "sphinx==9.0.4\n",
        "lint.txt": "ruff==0.14.0\n",
        ".github/workflows/lint.yml": "jobs:\n  lint:\n    steps:\n      - run: pip install -r lint.txt\n",
    })
    result = imp(root)
    assert result.returncode == 0, result.stderr
    doc = tomllib.loads((root / "pyproject.toml").read_text())
    assert doc["project"]["dependencies"] == ["tabulate (>=0.9.0,<0.10)"]
    assert doc["dependency-groups"] == {
        "docs": ["sphinx (>=9.0.4,<10)"],
        "dev": ["pytest (>=9.2.0,<10)"],
        "lint": ["ruff (>=0.14.0,<0.15)"],
    }


def test_a_sub_projects_requirements_stay_out(proj, imp) -> None:
    root = proj({
        "requirements.txt": "tabulate==0.9.0\n",
        "services/worker/setup.py": "from setuptools import setup\nsetup(name='worker')\n",
        "services/worker/requirements.txt": "wcwidth==0.2.13\n",
    })
    result = imp(root)
    assert result.returncode == 0, result.stderr
    doc = tomllib.loads((root / "pyproject.toml").read_text())
    assert doc["project"]["dependencies"] == ["tabulate (>=0.9.0,<0.10)"]

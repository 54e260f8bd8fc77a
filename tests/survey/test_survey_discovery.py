"""The survey sees what migrate will touch, through the discovery import and migrate use:
requirements below the top folder, and every file that installs the old way."""

from __future__ import annotations

import json


def test_requirements_below_the_top_folder_are_a_starting_point(survey, make_repo) -> None:
    repo = make_repo("app", {
        ".git/HEAD": "ref: refs/heads/main\n",  # a clone: the folder is the repository
        "deploy/requirements.txt": "tabulate==0.9.0\nwcwidth==0.2.13\n",
        "deploy/Dockerfile": "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
    })
    entry = json.loads(survey("--format", "json", str(repo), cwd=repo).stdout)[0]
    assert (entry["starting_point"], entry["dependencies"]) == ("requirements", 2)
    assert entry["dependency_files"] == ["deploy/requirements.txt"]
    assert entry["installs_the_old_way"] == [{"file": "deploy/Dockerfile", "kind": "dockerfile", "lines": [3]}]


def test_consumers_and_nested_files_in_the_table(survey, make_repo) -> None:
    repo = make_repo("app", {
        "requirements/base.txt": "tabulate==0.9.0\n",
        "development.txt": "-r requirements/base.txt\npytest==9.2.0\n",
        "Makefile": "install:\n\tpip install -r development.txt\ntest:\n\tpython setup.py test\n",
        ".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - run: pip install -r development.txt\n",
        "docs/requirements.txt": "sphinx==9.0.4\n",
        ".readthedocs.yaml": "version: 2\npython:\n  install:\n    - requirements: docs/requirements.txt\n",
    })
    result = survey(str(repo), cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[1:5] == ["requirements", "3", "4", "0"]  # tabulate, pytest, sphinx; 4 old installs
    start = lines.index("Installs the old way (pip2poetry migrate rewrites or lists them):")
    assert lines[start + 1:start + 4] == [
        f"  {repo}/.readthedocs.yaml:4 (readthedocs)",
        f"  {repo}/Makefile:2,4 (makefile)",
        f"  {repo}/.github/workflows/ci.yml:4 (github-actions)",
    ]

"""The command as a whole: refusals, dry runs, nothing to do, and bad input."""

from __future__ import annotations

import os

from migrate_helpers import git, snapshot

REQS = {"requirements.txt": "tabulate==0.9.0\n", "requirements-dev.txt": "-r requirements.txt\npytest==9.2.0\n"}
DOCKERFILE = "FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_dry_run_leaves_the_tree_byte_for_byte(repo, migrate) -> None:
    root = repo({**REQS, "Dockerfile": DOCKERFILE, "Makefile": "test:\n\tpytest\n"})
    before = snapshot(root)
    result = migrate(root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "+++ b/pyproject.toml" in result.stdout and "--- a/requirements.txt\n+++ /dev/null" in result.stdout
    assert snapshot(root) == before
    assert git(root, "status", "--porcelain") == ""


def test_dirty_work_tree_is_refused(repo, migrate) -> None:
    root = repo({**REQS, "Dockerfile": DOCKERFILE})
    (root / "Dockerfile").write_text(DOCKERFILE + "# local edit\n")
    before = snapshot(root)
    result = migrate(root)
    assert result.returncode == 2
    assert one_error_line(result) == (
        "pip2poetry: error: Dockerfile: the work tree has uncommitted changes; commit or stash them, or give --allow-dirty"
    )
    assert snapshot(root) == before


def test_allow_dirty_lets_a_dry_run_through(repo, migrate) -> None:
    root = repo({**REQS, "Dockerfile": DOCKERFILE})
    (root / "notes.txt").write_text("untracked\n")
    assert migrate(root, "--dry-run", "--allow-dirty").returncode == 0


def test_not_a_git_work_tree_is_refused(tmp_path, migrate) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "requirements.txt").write_text("tabulate==0.9.0\n")
    result = migrate(tmp_path / "plain")
    assert result.returncode == 2
    assert "not a git work tree" in one_error_line(result)


def test_nothing_to_do_says_so_and_changes_nothing(repo, migrate) -> None:
    pyproject = '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["tabulate (>=0.9.0,<0.10)"]\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n'
    root = repo({"pyproject.toml": pyproject, "Makefile": "test:\n\tpoetry run pytest\n"})
    before = snapshot(root)
    result = migrate(root)
    assert result.returncode == 0, result.stderr
    assert one_error_line(result) == "pip2poetry: nothing to migrate: no file installs the old way"
    assert snapshot(root) == before


def test_poetry_1_commands_in_a_poetry_2_project_are_rewritten(repo, dry) -> None:
    pyproject = '[project]\nname = "app"\nversion = "0.1.0"\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n'
    script = "#!/bin/sh\npoetry install --no-dev\npoetry lock --no-update\npoetry install --remove-untracked\n"
    root, report, _ = dry(repo({"pyproject.toml": pyproject, "ci.sh": script}))
    assert (root / "ci.sh").read_text() == "#!/bin/sh\npoetry install --only main\npoetry lock\npoetry sync\n"
    for rule in ("P2M140", "P2M142", "P2M141"):
        assert f"`{rule}`" in report


# -- bad input: the file named with its line, left as it is --------------------------------

def test_merge_conflict_markers_in_a_dependency_file_write_nothing(repo, migrate) -> None:
    conflicted = "tabulate==0.9.0\n<<<<<<< HEAD\npytest==9.2.0\n=======\npytest==9.1.0\n>>>>>>> topic\n"
    root = repo({"requirements.txt": conflicted, "Dockerfile": DOCKERFILE})
    before = snapshot(root)
    result = migrate(root)
    assert result.returncode == 2
    assert one_error_line(result) == "pip2poetry: error: requirements.txt:2: merge-conflict marker; resolve the conflict, then migrate"
    assert snapshot(root) == before


def test_invalid_yaml_is_listed_and_the_rest_proceeds(repo, dry) -> None:
    broken = "test:\n  script:\n    - pip install -r requirements.txt\n  image: [unclosed\n"
    root, report, result = dry(repo({**REQS, ".gitlab-ci.yml": broken, "Dockerfile": DOCKERFILE}))
    assert (root / ".gitlab-ci.yml").read_text() == broken
    assert "`.gitlab-ci.yml:5` (P2M000): invalid YAML" in report
    assert '"$POETRY_HOME/bin/poetry" sync' in (root / "Dockerfile").read_text()
    assert (root / "requirements.txt").exists(), "the broken file still installs it: kept"
    assert result.returncode == 1


def test_invalid_ini_is_listed(repo, dry) -> None:
    broken = "[testenv\ndeps = -rrequirements.txt\n"
    root, report, _ = dry(repo({**REQS, "tox.ini": broken}))
    assert (root / "tox.ini").read_text() == broken
    assert "`tox.ini:1` (P2M000): invalid INI" in report


def test_unknown_dockerfile_instruction_is_listed(repo, dry) -> None:
    broken = "FROM python:3.11-slim\nRUNN pip install -r requirements.txt\n"
    root, report, _ = dry(repo({**REQS, "Dockerfile": broken}))
    assert (root / "Dockerfile").read_text() == broken
    assert "`Dockerfile:2` (P2M000): RUNN is not a Dockerfile instruction" in report


def test_binary_file_with_a_config_name_is_listed(repo, dry) -> None:
    root, report, _ = dry(repo({**REQS, "Makefile": b"\x7fELF\x00\x01binary", "Dockerfile": DOCKERFILE}))
    assert (root / "Makefile").read_bytes() == b"\x7fELF\x00\x01binary"
    assert "`Makefile` (P2M000): binary file (NUL byte at offset 4), expected text; skipped" in report


def test_symlink_loop_is_listed(repo, dry, tmp_path) -> None:
    root = repo({**REQS, "Dockerfile": DOCKERFILE}, commit=False)
    os.symlink("..", root / "docs-loop")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "loop")
    root, report, result = dry(root)
    assert "`docs-loop` (P2M000): symbolic link loop (it points at a folder that contains it); not followed" in report
    assert result.returncode == 1


def test_binary_dependency_file_writes_nothing(repo, migrate) -> None:
    root = repo({"requirements.txt": b"tabulate\x00==0.9.0\n", "Dockerfile": DOCKERFILE})
    before = snapshot(root)
    result = migrate(root)
    assert result.returncode == 2
    assert one_error_line(result).startswith("pip2poetry: error: requirements.txt: binary file")
    assert snapshot(root) == before


def test_poetry_export_gets_the_plugin_declared(repo, dry) -> None:
    pyproject = '[project]\nname = "app"\nversion = "0.1.0"\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n'
    script = "#!/bin/sh\npoetry export -f requirements.txt --output requirements.txt\n"
    root, report, _ = dry(repo({"pyproject.toml": pyproject, "requirements.txt": "tabulate==0.9.0\n", "ci.sh": script}))
    assert (root / "pyproject.toml").read_text() == pyproject + '\n[tool.poetry.requires-plugins]\npoetry-plugin-export = ">=1.9,<2"\n'
    assert (root / "requirements.txt").read_text() == "tabulate==0.9.0\n", "an export is not imported nor removed"
    assert "`P2M145`" in report


def test_guide_url_links_the_reports_pages(repo, dry) -> None:
    root, report, _ = dry(repo({**REQS, "Dockerfile": DOCKERFILE}), "--guide-url", "https://guide.example.com/pip2poetry/")
    assert "- [how-to/build-docker-images-for-a-poetry-project](https://guide.example.com/pip2poetry/how-to/build-docker-images-for-a-poetry-project.html)" in report


def test_keep_requirements_keeps_the_main_file_for_the_export(repo, dry) -> None:
    root, report, _ = dry(repo({**REQS, "Dockerfile": DOCKERFILE}), "--keep-requirements")
    assert (root / "requirements.txt").read_text() == REQS["requirements.txt"], "the dry run locks nothing, so exports nothing"
    assert not (root / "requirements-dev.txt").exists(), "a group's file retires as without the option"
    assert "- `requirements.txt` (P2M191): kept as the lock's export (poetry export --only main --output requirements.txt)" in report
    assert "poetry-plugin-export" in (root / "pyproject.toml").read_text()
    assert '"$POETRY_HOME/bin/poetry" sync' in (root / "Dockerfile").read_text()


def test_dry_run_on_the_how_tos_sample_changes_no_byte(tmp_path, migrate) -> None:
    import shutil
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "sample_projects" / "ledger-export"
    root = tmp_path / "ledger-export"
    shutil.copytree(sample, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pip era")
    before = snapshot(root)
    result = migrate(root, "--dry-run")
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.count("\n+++ ") + result.stdout.startswith("+++ ") >= 10, "the diff covers the consumers"
    assert snapshot(root) == before
    assert git(root, "status", "--porcelain") == ""


def test_bad_input_is_one_line_on_stderr_each(repo, migrate) -> None:
    broken = "test:\n  script:\n    - pip install -r requirements.txt\n  image: [unclosed\n"
    root = repo({**REQS, ".gitlab-ci.yml": broken, "tox.ini": "[testenv\ndeps = -rrequirements.txt\n"})
    result = migrate(root, "--dry-run")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "pip2poetry: .gitlab-ci.yml:5: invalid YAML: expected ',' or ']', but got '<stream end>'; the file is left as it is",
        "pip2poetry: tox.ini:1: invalid INI: File contains no section headers.; the file is left as it is",
        "Dry run: 2 file(s) would change; nothing written.",  # pyproject.toml, requirements-dev.txt
    ]


def test_a_uv_project_is_not_migrates_to_move(repo, migrate) -> None:
    pyproject = '[project]\nname = "app"\nversion = "1.0"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    root = repo({"pyproject.toml": pyproject, "uv.lock": "version = 1\n", "Makefile": "dev:\n\tpip install -e .\n"})
    before = snapshot(root)
    result = migrate(root)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "pip2poetry: nothing to migrate: pyproject.toml is a [project] built with hatchling.build, locked in uv.lock; 2 item(s) for a person"
    )
    assert "- `Makefile:2` (P2M000): left as it is: pip install -e ." in result.stdout
    assert snapshot(root) == before


def test_pip_dependency_groups_become_poetry_groups(repo, dry) -> None:
    # pip 25.1 installs [dependency-groups] of pyproject.toml; Poetry 2 reads the same table.
    pyproject = '[project]\nname = "app"\nversion = "1.0"\n\n[dependency-groups]\nlint = ["ruff (>=0.14.0,<0.15)"]\n'
    files = {**REQS, "pyproject.toml": pyproject, "Makefile": "dev:\n\tpip install -r requirements.txt --group lint\n"}
    root, _report, _ = dry(repo(files))
    assert (root / "Makefile").read_text() == "dev:\n\tpoetry sync --only main,lint --no-root\n"
    assert 'lint = ["ruff (>=0.14.0,<0.15)"]' in (root / "pyproject.toml").read_text()


def test_a_notebook_with_large_outputs_is_not_an_item_for_a_person(repo, migrate) -> None:
    """Saved outputs make a notebook larger than any configuration file: the discovery does
    not read it, and that is nothing for a person (before: exit 1 with a "too large" item)."""
    import json

    big = json.dumps({"cells": [{"cell_type": "code", "source": ["print(1)\n"], "outputs": [{"data": "x" * (3 << 20)}]}]})
    root = repo({"requirements.txt": "tabulate==0.9.0\n", "study.ipynb": big})
    result = migrate(root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "too large" not in result.stdout + result.stderr


def test_a_requirement_the_import_cannot_name_is_an_item_for_a_person(repo, dry) -> None:
    """An -e line whose folder names no package (here: pip resolves it from the top of the
    repository, the import from the file's folder) is dropped from pyproject.toml, so the
    report lists it with its path:line under Needs a person and the exit status is 1."""
    reqs = "-e ./libs/core\nclick==8.5.1\n"
    root, report, result = dry(repo({"services/app/requirements.txt": reqs, "libs/core/setup.py": "from setuptools import setup\nsetup(name='core')\n"}))
    needs = report.split("### Needs a person", 1)[1].split("###", 1)[0]
    assert "- `services/app/requirements.txt:1` (P2M000): ./libs/core: no package name" in needs
    assert "add it to pyproject.toml by hand" in needs
    assert "click" not in needs
    assert result.returncode == 1

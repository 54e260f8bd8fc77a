"""The calendar version rule is one rule: ``import`` pins a calendar-versioned package
exactly, and ``lint`` asks for the same pin where a caret or tilde gives it a range
(``lint --fix`` leaves it: the caret's lower bound is not the version that runs)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

# (name, version today, caret written by poetry add); the [tool.pip2poetry] table below
# overrides the guess for two of them.
PACKAGES = [
    ("tzdata", "2025.2", "^2025.2"),  # the first number is a year
    ("structlog", "25.4.0", "^25.4.0"),  # a two-digit year and a month
    ("certifi", "2025.6.15", "~2025.6.15"),  # a tilde, same rule
    ("requests", "2.32.3", "^2.32.3"),  # semantic
    ("gunicorn", "23.0.0", "^23.0.0"),  # looks like 2023.0, declared semantic below
    ("example-nightly", "1.2.0", "^1.2.0"),  # looks semantic, declared calendar below
]
OVERRIDES = '[tool.pip2poetry]\nsemantic-versioned = ["gunicorn"]\ncalendar-versioned = ["Example_Nightly"]\n'


def run(script_runner, cwd: Path, *args: str):
    env = {"PATH": os.environ["PATH"], "HOME": str(cwd / "home"), "LANG": "C.UTF-8"}
    return script_runner.run(["pip2poetry", *args], cwd=cwd, env=env)


def test_lint_fix_does_not_give_a_calendar_version_a_range(script_runner, project) -> None:
    path = project('[tool.poetry.dependencies]\ntzdata = "^2025.6"\nrequests = "^2.31"\n')
    result = run(script_runner, path.parent, "lint", "--fix")
    assert result.stdout == (
        'pyproject.toml:2:11: P2P001 caret constraint "^2025.6" (tzdata): tzdata is calendar-versioned '
        '(2025 is a year): pin the version you run, "==VERSION", not a range '
        '(see "Calendar versions" in the lint rules)\n'
        'pyproject.toml:3:13: P2P001 fixed caret constraint: "^2.31" -> ">=2.31,<3"\n'
    )
    assert result.returncode == 1
    assert result.stderr == "Fixed 1 problem in 1 file; 1 problem left (1 file checked).\n"
    text = path.read_text()
    assert "<2026" not in text
    assert 'tzdata = "^2025.6"' in text


def test_plain_lint_does_not_count_the_pin_as_fixable(script_runner, project) -> None:
    path = project('[tool.poetry.group.dev.dependencies]\ntzdata = { version = "~2025.6" }\n')
    result = run(script_runner, path.parent, "lint")
    assert result.returncode == 1
    assert "tzdata is calendar-versioned (2025 is a year)" in result.stdout
    assert result.stderr == "Found 1 problem in 1 file.\n"


def test_import_and_lint_agree_on_which_packages_are_pinned(script_runner, tmp_path: Path) -> None:
    imported = tmp_path / "imported"
    imported.mkdir()
    (imported / "requirements.txt").write_text("".join(f"{n}=={v}\n" for n, v, _ in PACKAGES))
    (imported / "pyproject.toml").write_text(OVERRIDES)
    result = run(script_runner, imported, "import")
    assert result.returncode == 0, result.stderr
    deps = tomllib.loads((imported / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned_by_import = {Requirement(d).name for d in deps if str(Requirement(d).specifier).startswith("==")}

    linted = tmp_path / "linted"
    linted.mkdir()
    table = "".join(f'{n} = "{caret}"\n' for n, _, caret in PACKAGES)
    (linted / "pyproject.toml").write_text(OVERRIDES + "\n[tool.poetry.dependencies]\n" + table)
    result = run(script_runner, linted, "lint", "--fix")
    assert result.returncode == 1, result.stderr
    pinned_by_lint = {line.split("(")[1].split(")")[0] for line in result.stdout.splitlines() if "calendar-versioned" in line}
    ranged_by_lint = {n for n, _, caret in PACKAGES if f'"{caret}" -> ">=' in result.stdout}

    assert pinned_by_import == pinned_by_lint == {"tzdata", "structlog", "certifi", "example-nightly"}
    assert ranged_by_lint == {"requests", "gunicorn"}


LOCK = '[[package]]\nname = "tzdata"\nversion = "2025.3"\n\n[[package]]\nname = "Gecko"\nversion = "2025.6.0"\n'


def test_lint_fix_pins_the_version_poetry_lock_holds(script_runner, project) -> None:
    path = project('[tool.poetry.dependencies]\ntzdata = "^2025.2"\ngecko = { version = "~2025" }\nold = "^2025.6"\n')
    project(LOCK + '\n[[package]]\nname = "old"\nversion = "2025.1"\n', "poetry.lock")
    result = run(script_runner, path.parent, "lint", "--fix")
    assert result.stdout.splitlines()[:2] == [
        'pyproject.toml:2:11: P2P001 fixed caret constraint: "^2025.2" -> "==2025.3"',
        'pyproject.toml:3:22: P2P002 fixed tilde constraint: "~2025" -> "==2025.6.0"',
    ]
    # a lock outside the range (stale) is no answer: reported, left as written
    assert 'P2P001 caret constraint "^2025.6" (old): old is calendar-versioned' in result.stdout
    assert result.returncode == 1
    assert path.read_text() == '[tool.poetry.dependencies]\ntzdata = "==2025.3"\ngecko = { version = "==2025.6.0" }\nold = "^2025.6"\n'
    assert run(script_runner, path.parent, "lint", "--fix").stdout.count("\n") == 1


def test_unreadable_lock_is_one_line_and_nothing_is_written(script_runner, project) -> None:
    text = '[tool.poetry.dependencies]\ntzdata = "^2025.2"\nrequests = "^2.31"\n'
    path = project(text)
    project('[[package]]\nname = "tzdata"\nversion = \n', "poetry.lock")
    result = run(script_runner, path.parent, "lint", "--fix")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pip2poetry: error: ") and result.stderr.count("\n") == 1
    assert "poetry.lock:3:" in result.stderr and "invalid TOML" in result.stderr
    assert path.read_text() == text


def test_a_written_range_on_a_calendar_version_is_pinned_to_the_lock(script_runner, project) -> None:
    """P2P007: the range `lint --fix` would otherwise pass (>=2025.6,<2026) asks for the
    pin `import` writes; --fix pins the version poetry.lock holds when it is inside."""
    path = project(
        '[project]\ndependencies = [\n    "tzdata (>=2025.2,<2026.0)",\n    "structlog>=25.4,<26 ; python_version >= \'3.11\'",\n'
        '    "pytz (>=2024.1,<2025)",\n    "requests (>=2.31,<3.0)",\n]\n'
        '[tool.poetry.group.dev.dependencies]\nblack = ">=25.1,<26"\n'
    )
    project(LOCK + '\n[[package]]\nname = "structlog"\nversion = "25.4.0"\n\n[[package]]\nname = "black"\nversion = "25.1.0"\n'
            '\n[[package]]\nname = "pytz"\nversion = "2025.2"\n', "poetry.lock")
    result = run(script_runner, path.parent, "lint", "--fix")
    assert result.stdout.splitlines() == [
        'pyproject.toml:3:13: P2P007 fixed calendar range: "tzdata (>=2025.2,<2026.0)" -> "tzdata (==2025.3)"',
        "pyproject.toml:4:15: P2P007 fixed calendar range: \"structlog>=25.4,<26 ; python_version >= '3.11'\" -> \"structlog==25.4.0 ; python_version >= '3.11'\"",
        # the locked 2025.2 is outside the range: left for a person
        'pyproject.toml:5:11: P2P007 range "pytz (>=2024.1,<2025)" ([project].dependencies): pytz is calendar-versioned (2024 is a year): '
        'pin the version you run, "==VERSION", not a range (see "Calendar versions" in the lint rules)',
        'pyproject.toml:6:23: P2P006 fixed upper bound: "requests (>=2.31,<3.0)" -> "requests (>=2.31,<3)"',
        'pyproject.toml:9:10: P2P007 fixed calendar range: ">=25.1,<26" -> "==25.1.0"',
    ]
    assert result.returncode == 1
    assert tomllib.loads(path.read_text())["project"]["dependencies"][:2] == [
        "tzdata (==2025.3)", "structlog==25.4.0 ; python_version >= '3.11'"]
    assert 'black = "==25.1.0"' in path.read_text()
    assert run(script_runner, path.parent, "lint").stderr == "Found 1 problem in 1 file.\n"

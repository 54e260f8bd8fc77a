"""A fixed file is still the same project to Poetry: ``poetry check`` accepts it and
``poetry lock`` picks the same versions (pinned Poetry, local test index only)."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from lint_support import POETRY, offline_env

CARET_PROJECT = """\
[project]
name = "caret-lock"
version = "0.1.0"
requires-python = ">=3.11"
dynamic = ["dependencies"]

[tool.poetry]
package-mode = false

# gecko's versions start with a year; declared semantic so that --fix gives its Poetry
# tilde a range, which this test compares with Poetry's (the guide pins calendar versions).
[tool.pip2poetry]
semantic-versioned = ["gecko"]

[tool.poetry.dependencies]
python = "^3.11"
aardvark = "^1.2"                                   # 1.3.0, not 2.0.0
badger = { version = "^1.0", extras = ["fast"] }    # pulls cobra through the extra
cobra = "^0.1.0"                                    # 0.1.0, not 0.2.0
emu = [
    { version = "~2.4", markers = "sys_platform == 'linux'" },
    { version = "^2.5 || ^3.0", markers = "sys_platform != 'linux'" },
]
gecko = "~2025"                                     # 2025.6.0, not 2026.1.0

[tool.poetry.group.dev.dependencies]
dingo = "^0.0.1 || ^0.1"

[[tool.poetry.source]]
name = "local"
url = "SIMPLE_URL"
priority = "primary"
"""


def poetry(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(POETRY), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def locked(folder: Path) -> list[tuple[str, str, str]]:
    lock = tomllib.loads((folder / "poetry.lock").read_text())
    return sorted((p["name"], p["version"], str(p.get("markers"))) for p in lock["package"])


def test_fixed_file_passes_poetry_check_and_locks_to_the_same_versions(
    tmp_path: Path, package_index, script_runner
) -> None:
    env = offline_env(tmp_path)
    text = CARET_PROJECT.replace("SIMPLE_URL", package_index.simple_url)
    before, after = tmp_path / "before", tmp_path / "after"
    for folder in (before, after):
        folder.mkdir()
        (folder / "pyproject.toml").write_text(text)

    fixed = script_runner.run(["pip2poetry", "lint", "--fix"], cwd=after)
    assert fixed.returncode == 0, fixed.stderr
    assert "^" not in (after / "pyproject.toml").read_text()
    assert "~2" not in (after / "pyproject.toml").read_text()

    check = poetry(["check"], after, env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "All set!" in check.stdout

    for folder in (before, after):
        result = poetry(["lock"], folder, env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert locked(after) == locked(before)
    assert {(name, version) for name, version, _ in locked(after)} == {
        ("aardvark", "1.3.0"),
        ("badger", "1.1.0"),
        ("cobra", "0.1.0"),
        ("dingo", "0.1.0"),
        ("emu", "2.4.1"),
        ("emu", "3.0.0"),
        ("gecko", "2025.6.0"),
    }
    assert poetry(["check", "--lock"], after, env).returncode == 0


LONG_BOUNDS_PROJECT = """\
[project]
name = "long-bounds"
version = "0.1.0"
requires-python = ">=3.11,<4.0"
dependencies = ["aardvark (>=1.2.0,<2.0.0)", "cobra (>=0.1.0,<0.2.0)"]

[dependency-groups]
dev = ["dingo (>=0.1,<0.2.0)"]

[tool.poetry]
package-mode = false

[[tool.poetry.source]]
name = "local"
url = "SIMPLE_URL"
priority = "primary"
"""


def test_shortened_bounds_keep_the_lock_but_change_its_hash(tmp_path: Path, package_index, script_runner) -> None:
    """P2P006 on what poetry add writes: the lock must be refreshed (its content-hash
    covers the requirement strings), and poetry lock keeps every version."""
    env = offline_env(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(LONG_BOUNDS_PROJECT.replace("SIMPLE_URL", package_index.simple_url))
    assert poetry(["lock"], project, env).returncode == 0
    before = locked(project)
    assert {(name, version) for name, version, _ in before} == {("aardvark", "1.3.0"), ("cobra", "0.1.0"), ("dingo", "0.1.0")}

    fixed = script_runner.run(["pip2poetry", "lint", "--fix"], cwd=project)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert fixed.stdout.count(" P2P006 fixed upper bound: ") == 3
    assert '"aardvark (>=1.2.0,<2)", "cobra (>=0.1.0,<0.2)"' in (project / "pyproject.toml").read_text()

    stale = poetry(["check", "--lock"], project, env)
    assert stale.returncode == 1 and "Run `poetry lock` to fix the lock file." in stale.stdout + stale.stderr
    assert poetry(["lock"], project, env).returncode == 0
    assert locked(project) == before
    assert poetry(["check", "--lock"], project, env).returncode == 0

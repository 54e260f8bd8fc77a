"""pip2poetry check-export: a kept requirements file against poetry.lock, offline."""

from __future__ import annotations

import os
from pathlib import Path

LOCK = '''[[package]]
name = "tabulate"
version = "0.9.0"
groups = ["main"]
files = [{file = "tabulate-0.9.0-py3-none-any.whl", hash = "sha256:aa"}]

[[package]]
name = "Colorama"
version = "0.4.6"
groups = ["main"]
markers = "sys_platform == \\"win32\\""
files = []

[[package]]
name = "wcwidth"
version = "0.2.13"
groups = ["main"]
markers = "extra == \\"wide\\""
files = []

[[package]]
name = "pytest"
version = "9.2.0"
groups = ["dev"]
files = []
'''


def check(script_runner, tmp_path: Path, requirements: str, lock: str = LOCK):  # type: ignore[no-untyped-def]
    (tmp_path / "poetry.lock").write_text(lock)
    (tmp_path / "requirements.txt").write_text(requirements)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    return script_runner.run(["pip2poetry", "check-export"], cwd=tmp_path, env=env)


def test_the_export_it_writes_is_in_sync(script_runner, tmp_path: Path, console_scripts_on_path) -> None:
    from pip2poetry.requirements_export import export_text

    (tmp_path / "poetry.lock").write_text(LOCK)
    text = export_text(str(tmp_path / "poetry.lock"), "requirements.txt")
    assert text.splitlines()[3:] == ['Colorama==0.4.6 ; sys_platform == "win32"', "tabulate==0.9.0 \\", "    --hash=sha256:aa"]
    result = check(script_runner, tmp_path, text)
    assert (result.returncode, result.stdout) == (0, "requirements.txt matches poetry.lock (3 packages)\n"), result.stderr


def test_drift_names_each_line(script_runner, tmp_path: Path, console_scripts_on_path) -> None:
    result = check(script_runner, tmp_path, "# kept\ntabulate==0.8.10 \\\n    --hash=sha256:bb\nrequests==2.0\npytest\n")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "requirements.txt:2: tabulate==0.8.10, the lock has 0.9.0",
        "requirements.txt:4: requests is not in the lock's main group",
        "requirements.txt:5: pytest is not in the lock's main group",
        "requirements.txt: colorama==0.4.6 is in the lock's main group but not in the file",
    ]
    assert result.stderr == "requirements.txt has drifted from poetry.lock: run poetry export --only main --output requirements.txt\n"


def test_bad_input_is_one_line(script_runner, tmp_path: Path, console_scripts_on_path) -> None:
    conflict = check(script_runner, tmp_path, "tabulate==0.9.0\n<<<<<<< HEAD\ncolorama==0.4.6\n=======\n>>>>>>> main\n")
    assert (conflict.returncode, conflict.stderr) == (2, "pip2poetry: requirements.txt:2: merge-conflict marker; resolve the conflict, then export again\n")
    broken = check(script_runner, tmp_path, "tabulate==0.9.0\n", lock="[[package]\n")
    assert broken.returncode == 2 and broken.stderr.startswith("pip2poetry: poetry.lock:1: not a lock file"), broken.stderr
    invalid = check(script_runner, tmp_path, "tabulate=0.9.0\n")
    assert invalid.returncode == 2 and invalid.stderr.startswith("pip2poetry: requirements.txt:1: not a requirement"), invalid.stderr
    assert "Traceback" not in conflict.stderr + broken.stderr + invalid.stderr

"""Round trips on the guide's sample projects: what pip installs today (or what
Pipfile.lock / the compiled pip-tools files pin) is exactly what ``pip2poetry import
--lock`` locks, and the written pyproject.toml passes ``poetry check`` and
``pip2poetry lint``. pip and the pinned Poetry only ever reach the local index."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.utils import canonicalize_name

from harness.paths import SAMPLES

pytestmark = pytest.mark.xdist_group("importer-roundtrip")

# sample -> (how pip installs it today, the import command's options)
SAMPLE_PLANS = {
    "inventory-app": (["-r", "requirements-dev.txt"], ["--versions-from", "venv"]),
    "pip-tools-app": (["-r", "requirements.txt", "-r", "dev-requirements.txt"], []),
    "pipenv-app": (None, []),  # today's versions: Pipfile.lock
    "acme-slugkit": ([".[table]"], ["--versions-from", "venv", "--keep-ranges"]),  # an extra installed today
}
# Samples with a pip-era file that no page imports, and why.
NOT_IMPORTED = {
    # setup.py stays: it compiles the C extension (how-to "Keep setuptools as the build backend").
    "acme-fastcount": "keeps setuptools as its build backend",
    # its requirements.txt names an extra index for a made-up +cpu wheel: import leaves that
    # source to a person until --internal names the package (how-to "Migrate a data-science
    # repository" runs both imports)
    "acme-forecast": "an --extra-index-url that import leaves to a person",
}
PRESENT = list(SAMPLE_PLANS)
SOURCES = ("requirements*.txt", "requirements*.in", "Pipfile", "setup.cfg", "setup.py")


def test_every_sample_project_that_is_an_import_source_has_a_round_trip() -> None:
    sources = {p.name for p in SAMPLES.iterdir() if any(next(p.glob(g), None) for g in SOURCES)}
    assert sources == set(SAMPLE_PLANS) | set(NOT_IMPORTED)


def sh(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def installed_today(project: Path, pip_args: list[str], env: dict[str, str]) -> dict[str, str]:
    """pip install into a fresh venv from the local index, then pip freeze."""
    python = shutil.which("python3", path=env["PATH"])
    done = sh([python, "-m", "venv", "--without-pip", "venv"], project, env)
    assert done.returncode == 0, done.stderr
    pip = [sys.executable, "-m", "pip", "--python", str(project / "venv" / "bin" / "python")]
    done = sh([*pip, "install", "--quiet", *pip_args], project, env)
    assert done.returncode == 0, done.stdout + done.stderr
    freeze = sh([*pip, "freeze", "--exclude-editable"], project, env)
    out = {}
    for line in freeze.stdout.splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            out[canonicalize_name(name)] = version
    return out


def pipfile_lock_versions(project: Path) -> dict[str, str]:
    lock = json.loads((project / "Pipfile.lock").read_text())
    out = {}
    for category, packages in lock.items():
        if category == "_meta":
            continue
        for name, entry in packages.items():
            if "markers" in entry and not Marker(entry["markers"]).evaluate():
                continue
            out[canonicalize_name(name)] = entry["version"].lstrip("=")
    return out


def locked_here(project: Path, extras: tuple[str, ...] = ("",)) -> dict[str, str]:
    """poetry.lock's packages that apply on this machine with these extras installed
    (packaging evaluates the markers)."""
    env = default_environment()
    out = {}
    for package in tomllib.loads((project / "poetry.lock").read_text())["package"]:
        markers = package.get("markers")
        texts = list(markers.values()) if isinstance(markers, dict) else [markers] if markers else []
        if not texts or any(Marker(t).evaluate(env | {"extra": e}) for t in texts for e in extras):
            out[canonicalize_name(package["name"])] = package["version"]
    return out


@pytest.mark.parametrize("sample", PRESENT)
def test_import_lock_reproduces_today(sample: str, sandbox, script_runner) -> None:
    project = sandbox.copy_sample(sample)
    env = sandbox.env()
    pip_args, options = SAMPLE_PLANS[sample]
    if pip_args is None:
        assert (project / "Pipfile.lock").exists(), f"{sample} has no Pipfile.lock to compare with"
        today = pipfile_lock_versions(project)
    else:
        today = installed_today(project, pip_args, env)
    today.pop("acme-slugkit", None)  # the library itself, installed by pip install ".[table]"

    result = script_runner.run(["pip2poetry", "import", *options, "--lock"], cwd=project, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 differing, 0 missing." in result.stderr

    locked = locked_here(project, ("", "table") if sample == "acme-slugkit" else ("",))
    assert locked == today

    check = sh(["poetry", "check"], project, env)
    assert (check.returncode, check.stdout) == (0, "All set!\n"), check.stdout + check.stderr
    lint = script_runner.run(["pip2poetry", "lint"], cwd=project, env=env)
    assert lint.returncode == 0, lint.stdout + lint.stderr

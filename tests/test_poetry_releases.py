"""Older Poetry releases as a step option (harness.poetry_releases): each check shown failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import poetry_releases, poetry_wrapper, record, runner, scenario
from harness.paths import poetry_version


def _folder(tmp_path: Path, steps: str, files: dict[str, str]) -> Path:
    folder = tmp_path / "snippets" / "teammate"
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(f'[[scenario]]\nname = "teammate"\nsteps = [\n{steps}]\n')
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_a_step_runs_its_release_and_the_next_step_the_pinned_one(  # type: ignore[no-untyped-def]
    tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    files = {
        "old.console": "$ poetry --version\nPoetry (version 1.8.5)\n",
        "pinned.console": f"$ poetry --version\nPoetry (version {poetry_version()})\n",
    }
    folder = _folder(tmp_path, '  { run = "old.console", poetry = "1.8.5" },\n  { run = "pinned.console" },\n', files)
    for name in files:
        record.store(folder / name, ["poetry --version"])
    (case,) = scenario.load(folder / "scenario.toml")
    assert [s.poetry for s in case.steps] == ["1.8.5", None]
    outcome = runner.ScenarioRun(case, make_sandbox(case.tools), update=False).run()
    assert outcome.mismatches == []


def test_a_release_not_in_the_list_is_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '  { run = "old.console", poetry = "1.8.4" },\n', {"old.console": "$ true\n"})
    with pytest.raises(scenario.ManifestError, match=r"'1\.8\.4' is not one of the older releases in tests/harness/poetry_releases\.py"):
        scenario.load(folder / "scenario.toml")


def test_only_a_run_step_picks_a_release(tmp_path: Path) -> None:
    folder = _folder(tmp_path, '  { write = "a.txt", to = "a.txt", poetry = "1.8.5" },\n', {"a.txt": "a\n"})
    with pytest.raises(scenario.ManifestError, match="unknown key"):
        scenario.load(folder / "scenario.toml")


def test_a_release_that_make_did_not_install_fails_its_step_naming_make_install(  # type: ignore[no-untyped-def]
    tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    folder = _folder(tmp_path, '  { run = "old.console", poetry = "2.0.1" },\n', {"old.console": "$ poetry --version\n"})
    record.store(folder / "old.console", ["poetry --version"])
    (case,) = scenario.load(folder / "scenario.toml")
    sandbox = make_sandbox(case.tools)
    sandbox.poetry_releases = {}
    outcome = runner.ScenarioRun(case, sandbox, update=False).run()
    assert [m.message for m in outcome.mismatches] == [
        "Poetry 2.0.1 is not installed in .tools/poetry-2.0.1: run 'make install'"
    ]
    assert (sandbox.home / ".local" / "bin" / "poetry").read_text().startswith(f"#!{poetry_releases.REPO}/.tools/poetry-{poetry_version()}/")


@pytest.mark.parametrize("version", list(poetry_releases.RELEASES))
def test_each_older_release_asks_the_local_index_never_pypi(version: str, make_sandbox, package_index) -> None:  # type: ignore[no-untyped-def]
    """The launcher's redirect works on each release (Poetry 1.8's PyPiRepository has more
    positional defaults than 2.x's); without it the lock would go to the dead proxy."""
    sandbox = make_sandbox()
    project = sandbox.copy_sample(None)
    (project / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "app"\nversion = "0.1.0"\ndescription = ""\nauthors = []\npackage-mode = false\n\n'
        '[tool.poetry.dependencies]\npython = ">=3.11,<4.0"\ntabulate = "0.9.0"\n'
    )
    launcher = sandbox.root / "old-poetry"
    launcher.write_text(poetry_wrapper.script(str(Path(poetry_wrapper.__file__).parent),
                                              str(poetry_releases.python(version)), sandbox.pypi_url))
    launcher.chmod(0o755)
    served_before = len(package_index.served)
    shell = sandbox.shell(project)
    try:
        result = shell.run(f"env -u P2P_PYPI_URL {launcher} --version && env -u P2P_PYPI_URL {launcher} lock")
    finally:
        shell.close()
    output = result.output.decode(errors="replace")
    assert result.status == 0 and f"Poetry (version {version})" in output and "Writing lock file" in output, output
    assert "tabulate" in package_index.served[served_before:]


@pytest.mark.parametrize("version", list(poetry_releases.RELEASES))
def test_each_older_release_installs_from_the_wheelhouse_list_alone(version: str, tmp_path: Path) -> None:
    """What make installs on a fresh machine: the release and every dependency it needs come
    from the wheels wheelhouse.txt pins (a bump that re-pins the pinned Poetry's section can
    leave an older release without one; an installed .tools/poetry-<version> would hide it)."""
    import os
    import subprocess
    import sys

    from harness.paths import wheelhouse

    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INPUT": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--no-index",
         "--find-links", str(wheelhouse()), f"poetry=={version}"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]

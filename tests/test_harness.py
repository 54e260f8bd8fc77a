"""The harness itself: each check here must be able to fail, so each is shown failing."""

from __future__ import annotations

import dataclasses

import base64
import json
import shutil
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness import index, normalise, record, runner, scenario
from pip2poetry import transcript
from harness.paths import SAMPLES, SNIPPETS


# -- transcript format ---------------------------------------------------------------------
def test_transcript_round_trip() -> None:
    text = textwrap.dedent(
        """\
        $ cat > notes.txt <<'EOF'
        > one
        > EOF
        $ poetry install --no-dev
        The option "--no-dev" does not exist
        [exit status 1]
        $ true
        """
    )
    commands = transcript.parse(text)
    assert [c.text for c in commands] == ["cat > notes.txt <<'EOF'\none\nEOF", "poetry install --no-dev", "true"]
    assert [c.exit_status for c in commands] == [0, 1, 0]
    assert commands[1].output == ['The option "--no-dev" does not exist']
    assert commands[1].line == 4 and commands[1].output_start == 5
    assert transcript.render(commands) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("output first\n$ true\n", "starts with a '$ ' command"),
        ("$ false\n[exit status 1]\nmore\n", "must be the last output line"),
        ("$ true\n[exit status 0]\n", "only for N > 0"),
        ("$ true", "must end with a newline"),
        ("", "must end with a newline"),
    ],
)
def test_transcript_errors(text: str, message: str) -> None:
    with pytest.raises(transcript.TranscriptError, match=message.replace("$", r"\$").replace("[", r"\[")):
        transcript.parse(text)


# -- normalisation -------------------------------------------------------------------------
def test_rewrite_shows_home_as_tilde_and_strips_colour(tmp_path: Path) -> None:
    out = normalise.rewrite(f"\x1b[32mCreating virtualenv in {tmp_path}/.cache\x1b[0m\r\n", tmp_path)
    assert out == "Creating virtualenv in ~/.cache\n"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2 passed in 0.01s", "2 passed in 1.73s", True),
        ("2 passed in 0.01s", "3 passed in 0.01s", False),
        ("inventory-YqYbytM4-py3.11 (Activated)", "inventory-Ab_d-f12-py3.11 (Activated)", True),
        ("inventory-YqYbytM4-py3.11", "inventory-YqYbytM4-py3.12", False),
        ("Python 3.11.7", "Python 3.11.9", True),
        ("Python 3.11.7", "Python 3.12.7", False),
        ("  - Installing emu (2.5.0)", "  - Installing emu (2.5.1)", False),
        ("  py311: OK (5.20=setup[1.37]+cmd[2.65,1.19] seconds)", "  py311: OK (3.02=setup[0.41]+cmd[2.61] seconds)", True),
        ("  congratulations :) (5.24 seconds)", "  congratulations :) (12.7 seconds)", True),
        ("  py311: OK (5.20 seconds)", "  py311: FAIL code 1 (5.20 seconds)", False),
        ("nox > Session tests was successful in 7 seconds.", "nox > Session tests was successful in a minute.", True),
        ("nox > Session tests was successful in a second.", "nox > Session tests was successful.", True),
        ("nox > Session tests was successful in 7 seconds.", "nox > Session lint was successful in 7 seconds.", False),
    ],
)
def test_masks(a: str, b: str, same: bool) -> None:
    assert (normalise.mask(a) == normalise.mask(b)) is same


def test_canonical_sorts_only_runs_of_parallel_operations() -> None:
    real = ["ops:", "  - Installing b (1)", "  - Installing a (1)", "", "  - Installing c (1)"]
    shown = ["ops:", "  - Installing a (1)", "  - Installing b (1)", "", "  - Installing c (1)"]
    assert normalise.canonical(real) == normalise.canonical(shown)
    moved = ["ops:", "  - Installing a (1)", "", "  - Installing b (1)", "  - Installing c (1)"]
    assert normalise.canonical(real) != normalise.canonical(moved)


# -- a scenario end to end, with shell commands only ----------------------------------------
@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A snippets folder outside the repository, with its own command record."""
    folder = tmp_path / "snippets" / "tiny"
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(
        '[[scenario]]\nname = "tiny"\nsteps = [\n'
        '  { write = "notes-before.txt", to = "notes.txt" },\n'
        '  { run = "session.console" },\n'
        '  { compare = "notes-after.txt", with = "notes.txt" },\n]\n'
    )
    (folder / "notes-before.txt").write_text("alpha\n")
    (folder / "session.console").write_text(
        "$ cd sub 2>/dev/null || mkdir sub\n"
        "$ echo beta >> notes.txt; wc -l < notes.txt\n2\n"
        "$ export GREETING=hello\n"
        "$ echo $GREETING from $HOME\nhello from ~\n"
        "$ ls missing\nls: cannot access 'missing': No such file or directory\n[exit status 2]\n"
    )
    (folder / "notes-after.txt").write_text("alpha\nbeta\n")
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    return folder


def _run(folder: Path, make_sandbox, update: bool = False) -> runner.Outcome:  # type: ignore[no-untyped-def]
    (case,) = scenario.load(folder / "scenario.toml")
    return runner.ScenarioRun(case, make_sandbox(case.tools), update=update).run()


def _record_current(folder: Path) -> None:
    text = (folder / "session.console").read_text()
    record.store(folder / "session.console", [c.text for c in transcript.parse(text)])


def test_a_matching_scenario_passes_and_keeps_shell_state(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    _record_current(tiny)
    outcome = _run(tiny, make_sandbox)
    assert outcome.mismatches == []


def test_one_changed_character_fails_naming_file_and_line(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    session = tiny / "session.console"
    session.write_text(session.read_text().replace("hello from ~", "hello from ~!"))
    _record_current(tiny)
    (mismatch,) = _run(tiny, make_sandbox).mismatches
    assert str(mismatch).startswith(f"{session}:6: output of `echo $GREETING from $HOME` differs")
    assert "expected 'hello from ~!', got 'hello from ~'" in str(mismatch)


def test_a_changed_flag_fails_until_a_real_run_records_it(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    _record_current(tiny)
    session = tiny / "session.console"
    session.write_text(session.read_text().replace("wc -l <", "wc -l -- <"))  # same output
    (mismatch,) = _run(tiny, make_sandbox).mismatches
    assert str(mismatch).startswith(f"{session}:2: command changed since a real run produced its output")
    assert "was `echo beta >> notes.txt; wc -l < notes.txt`" in str(mismatch)


def test_an_unexpected_exit_status_fails(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    session = tiny / "session.console"
    session.write_text(session.read_text().replace("[exit status 2]\n", ""))
    _record_current(tiny)
    (mismatch,) = _run(tiny, make_sandbox).mismatches
    assert "`ls missing` exited with status 2, the snippet expects success (status 0)" in str(mismatch)


def test_a_compared_file_that_differs_fails_naming_the_line(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    (tiny / "notes-after.txt").write_text("alpha\ngamma\n")
    _record_current(tiny)
    (mismatch,) = _run(tiny, make_sandbox).mismatches
    assert str(mismatch).startswith(f"{tiny / 'notes-after.txt'}:2: differs from notes.txt")


def test_update_mode_rewrites_from_the_real_run(tiny: Path, make_sandbox) -> None:  # type: ignore[no-untyped-def]
    session = tiny / "session.console"
    good = session.read_text()
    session.write_text(good.replace("hello from ~", "stale").replace("[exit status 2]\n", ""))
    (tiny / "notes-after.txt").write_text("stale\n")
    outcome = _run(tiny, make_sandbox, update=True)
    assert outcome.mismatches == [] and set(outcome.updated) == {session, tiny / "notes-after.txt"}
    assert session.read_text() == good
    assert (tiny / "notes-after.txt").read_text() == "alpha\nbeta\n"
    assert _run(tiny, make_sandbox).mismatches == []  # and the record now allows a normal run


def test_manifest_errors_are_specific(tmp_path: Path) -> None:
    manifest = tmp_path / "scenario.toml"
    manifest.write_text('[[scenario]]\nname = "x"\nsteps = [{ run = "missing.console" }]\n')
    with pytest.raises(scenario.ManifestError, match="step 1: snippet 'missing.console' does not exist"):
        scenario.load(manifest)
    manifest.write_text('[[scenario]]\nname = "x"\nsample = "no-such-sample"\nsteps = []\n')
    with pytest.raises(scenario.ManifestError, match="no sample project 'no-such-sample'"):
        scenario.load(manifest)


def test_ci_refuses_update_mode(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, CI="true")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--update-snippets", "-p", "no:xdist", "--collect-only", "-q"],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--update-snippets is refused when CI is set: CI only compares" in run.stderr


# -- with the real, pinned Poetry ----------------------------------------------------------
def test_real_poetry_output_is_compared(tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "verified-with"
    shutil.copytree(SNIPPETS / "verified-with", folder)
    session = folder / "versions.console"
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    _record = [c.text for c in transcript.parse(session.read_text())]
    record.store(session, _record)
    assert _run_versions(folder, make_sandbox) == []
    text = session.read_text()
    version_line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("Poetry (version "))
    session.write_text(text.replace("Poetry (version 2.", "Poetry (version 3."))
    (mismatch,) = _run_versions(folder, make_sandbox)
    assert str(mismatch).startswith(f"{session}:{version_line}: output of `poetry --version` differs")


def _run_versions(folder: Path, make_sandbox) -> list[runner.Mismatch]:  # type: ignore[no-untyped-def]
    (case,) = scenario.load(folder / "scenario.toml")
    return runner.ScenarioRun(case, make_sandbox(case.tools), update=False).run().mismatches


def test_private_index_is_reached_under_its_public_address(
    tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Snippets name https://pypi.example.com; the run reaches the local index behind basic
    auth, and the output shows the public address again, never 127.0.0.1."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "scenario.toml").write_text(
        '[[scenario]]\nname = "private"\nsteps = [\n'
        '  { write = "pyproject.toml", to = "pyproject.toml" },\n  { run = "session.console" },\n]\n'
    )
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11,<4.0"\n\n'
        '[tool.poetry]\npackage-mode = false\n\n'
        '[[tool.poetry.source]]\nname = "private"\nurl = "https://pypi.example.com/simple/"\n'
        'priority = "primary"\n'
    )
    session = folder / "session.console"
    session.write_text(
        "$ poetry add badger\n$ poetry config http-basic.private alice s3cret\n$ poetry add badger\n"
    )
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    (case,) = scenario.load(folder / "scenario.toml")
    outcome = runner.ScenarioRun(case, make_sandbox(case.tools), update=True).run()
    assert outcome.mismatches == []
    first, configure, second = transcript.parse(session.read_text())
    assert first.exit_status == 1
    assert "Source (private): Authorization error accessing https://pypi.example.com/simple/badger/" in first.output
    assert configure.exit_status == 0 and second.exit_status == 0
    assert "  - Installing badger (1.1.0)" in second.output
    assert "127.0.0.1" not in session.read_text()
    # and a normal run now compares against what the update run wrote
    outcome = runner.ScenarioRun(case, make_sandbox(case.tools), update=False).run()
    assert outcome.mismatches == []


def test_poetry_asks_the_local_index_also_where_a_tool_empties_the_environment(make_sandbox) -> None:  # type: ignore[no-untyped-def]
    """tox passes its commands only some variables (not the sandbox's own): the ``poetry``
    launcher knows the local index itself, as a reader's Poetry knows PyPI's address."""
    sandbox = make_sandbox()
    project = sandbox.copy_sample(None)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11,<4.0"\n\n'
        "[tool.poetry]\npackage-mode = false\n"
    )
    shell = sandbox.shell(project)
    try:
        result = shell.run("env -u P2P_PYPI_URL poetry add --lock tabulate==0.9.0")
    finally:
        shell.close()
    output = result.output.decode(errors="replace")
    assert result.status == 0 and "Writing lock file" in output, output


# -- a sample served as a git repository (remote) --------------------------------------------
REMOTE = "https://github.com/acme/ledger-export.git"


def _remote_scenario(tmp_path: Path, console: str) -> Path:
    folder = tmp_path / "snippets" / "clone"
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(
        f'[[scenario]]\nname = "clone"\nsample = "ledger-export"\nremote = "{REMOTE}"\n'
        'steps = [{ run = "clone.console" }, { compare = "tox.ini", with = "tox.ini" }]\n'
    )
    shutil.copy(SAMPLES / "ledger-export" / "tox.ini", folder / "tox.ini")
    (folder / "clone.console").write_text(console)
    return folder


def test_a_remote_sample_is_cloned_from_its_address_not_copied(
    tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """``remote``: the scenario starts in an empty HOME, and git clone fetches the sample,
    as one commit with its file modes, from the address the snippet names; the project
    folder (write, compare, ci) is the clone's."""
    files = sum(1 for p in (SAMPLES / "ledger-export").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    folder = _remote_scenario(
        tmp_path,
        "$ ls\n"
        f"$ git clone {REMOTE}\nCloning into 'ledger-export'...\n"
        "$ cd ledger-export\n"
        "$ git status --short\n"
        "$ git log --oneline | wc -l\n1\n"
        f"$ git config remote.origin.url\n{REMOTE}\n"
        f"$ test -x scripts/bootstrap.sh && git ls-files | wc -l\n{files}\n",
    )
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    _record_clone(folder)
    (case,) = scenario.load(folder / "scenario.toml")
    assert runner.ScenarioRun(case, make_sandbox(case.tools), update=False).run().mismatches == []


def test_a_remote_is_reachable_only_through_the_mapping(
    tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Another address on the same host is not served: the scenario cannot reach GitHub."""
    folder = _remote_scenario(tmp_path, "$ git clone https://github.com/acme/other.git\n")
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    _record_clone(folder)
    (case,) = scenario.load(folder / "scenario.toml")
    (mismatch, *_) = runner.ScenarioRun(case, make_sandbox(case.tools), update=False).run().mismatches
    assert "`git clone https://github.com/acme/other.git` exited with status 128" in str(mismatch)


def _record_clone(folder: Path) -> None:
    session = folder / "clone.console"
    record.store(session, [c.text for c in transcript.parse(session.read_text())])


def test_a_remote_needs_a_sample(tmp_path: Path) -> None:
    manifest = tmp_path / "scenario.toml"
    (tmp_path / "x.console").write_text("$ true\n")
    manifest.write_text(f'[[scenario]]\nname = "x"\nremote = "{REMOTE}"\nsteps = [{{ run = "x.console" }}]\n')
    with pytest.raises(scenario.ManifestError, match="'remote' serves a sample: name it with 'sample'"):
        scenario.load(manifest)


# -- the local index -----------------------------------------------------------------------
def test_index_speaks_simple_html_json_and_pypi_json(package_index: index.PackageIndex) -> None:
    html = urllib.request.urlopen(package_index.simple_url + "Badger/").read().decode()
    assert "badger-1.1.0-py3-none-any.whl#sha256=" in html
    request = urllib.request.Request(
        package_index.simple_url + "badger/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    files = json.loads(urllib.request.urlopen(request).read())["files"]
    assert {f["filename"] for f in files} == {"badger-1.0.0-py3-none-any.whl", "badger-1.1.0-py3-none-any.whl"}
    info = json.loads(urllib.request.urlopen(package_index.pypi_url + "pypi/badger/1.1.0/json").read())["info"]
    assert info["requires_dist"] == ["aardvark>=1.2,<2", 'cobra>=0.1; extra == "fast"']
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(package_index.simple_url + "no-such-package/")


def test_made_up_wheels_are_reproducible() -> None:
    first = {d.filename: d.sha256 for d in index.made_up_distributions()}
    assert first == {d.filename: d.sha256 for d in index.made_up_distributions()}
    assert len(first) >= 10


def test_index_with_auth_answers_401_then_403_then_200() -> None:
    dists = [index.build_wheel("aardvark", "1.0.0")]
    with index.PackageIndex(dists, auth=("alice", "s3cret")) as served:
        url = served.simple_url + "aardvark/"

        def status(user: str | None, password: str = "") -> int:
            return index.http_status(url, (user, password) if user is not None else None)

        assert (status(None), status("alice", "wrong"), status("alice", "s3cret")) == (401, 403, 200)


def _upload(url: str, fields: dict[str, str], file: tuple[str, bytes], auth: tuple[str, str]) -> int:
    boundary = "p2p-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="content"; filename="{file[0]}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode() + file[1] + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    return index.http_status(request, auth)


def test_private_index_accepts_an_upload_once_and_then_serves_it() -> None:
    wheel = index.build_wheel("mylib", "1.0.0")
    fields = {":action": "file_upload", "name": "mylib", "version": "1.0.0", "sha256_digest": wheel.sha256}
    with index.PackageIndex([], auth=("alice", "s3cret"), uploads=True) as served:
        upload = served.root_url + "legacy/"
        assert _upload(upload, fields, (wheel.filename, wheel.data), ("alice", "wrong")) == 403
        assert _upload(upload, {**fields, "sha256_digest": "0" * 64}, (wheel.filename, wheel.data), ("alice", "s3cret")) == 400
        assert _upload(upload, fields, (wheel.filename, wheel.data), ("alice", "s3cret")) == 200
        assert _upload(upload, fields, (wheel.filename, wheel.data), ("alice", "s3cret")) == 400  # exists
        assert served.uploaded == {"mylib"}
        request = urllib.request.Request(served.simple_url + "mylib/")
        request.add_header("Authorization", "Basic " + base64.b64encode(b"alice:s3cret").decode())
        assert wheel.filename in urllib.request.urlopen(request).read().decode()
        assert served.served == ["mylib"]
    with index.PackageIndex([], uploads=False) as read_only:
        assert _upload(read_only.root_url, fields, (wheel.filename, wheel.data), ("alice", "s3cret")) == 405


def test_a_credential_outside_poetrys_auth_file_is_a_leak(make_sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox = make_sandbox(())
    password = sandbox.credentials[1]
    assert password and sandbox.env()["INDEX_PASSWORD"] == password
    auth = sandbox.home / ".config" / "pypoetry" / "auth.toml"
    auth.parent.mkdir(parents=True)
    auth.write_text(f'[http-basic.private]\nusername = "alice"\npassword = "{password}"\n')
    assert sandbox.leaks() == []
    (sandbox.home / "project").mkdir()
    (sandbox.home / "project" / "pyproject.toml").write_text(f'url = "https://alice:{password}@x/"\n')
    shell = sandbox.shell(sandbox.home)
    try:
        shell.run('echo "token is $INDEX_PASSWORD"; echo fine')
    finally:
        shell.close()
    (sandbox.root / "tmp" / "pip-build.log").write_text(f"token {password}\n")  # TMPDIR is searched too
    assert sandbox.leaks() == ["~/project/pyproject.toml", "the output of command 1", "<sandbox>/tmp/pip-build.log"]


def test_a_scenario_can_commit_with_git_as_a_reader_whose_git_knows_them(make_sandbox) -> None:  # type: ignore[no-untyped-def]
    """pip2poetry migrate works on a committed work tree, so a scenario makes one. A reader's
    git knows their name; the sandbox's HOME has no .gitconfig (Poetry's init would read it
    into authors), so the identity comes from git's GIT_AUTHOR_* and GIT_COMMITTER_* variables."""
    sandbox = make_sandbox(())
    (sandbox.home / "project").mkdir()
    shell = sandbox.shell(sandbox.home / "project")
    try:
        result = shell.run("git init -q && git commit -q --allow-empty -m first && git log --format='%an <%ae>'")
    finally:
        shell.close()
    assert (result.status, result.output.decode()) == (0, "Reader <reader@example.com>\n")
    assert not (sandbox.home / ".gitconfig").exists()


def test_tutorials_and_how_tos_must_declare_a_made_up_package_and_use_what_they_declare() -> None:
    how_to = next(c for c in scenario.load_all() if c.id.startswith("migrate-from-pipenv/"))
    fake = {"aardvark", "badger"}
    assert runner.made_up_problems(how_to, {"tabulate", "tzdata"}, fake) == []
    (problem,) = runner.made_up_problems(how_to, {"tabulate", "badger"}, fake)
    assert "used the made-up badger" in problem and "docs/how-to/migrate-from-pipenv.md" in problem
    declared = dataclasses.replace(how_to, made_up=("Badger", "aardvark"))
    assert runner.made_up_problems(declared, {"badger"}, fake) == [
        f"{how_to.id}: declares made-up aardvark, but the scenario never used it"
    ]
    explanation = next(c for c in scenario.load_all() if c.id.startswith("why-explicit-ranges"))
    assert runner.made_up_problems(explanation, {"badger"}, fake) == []


def test_grouped_tests_carry_their_group_in_the_node_id(request: pytest.FixtureRequest) -> None:
    """make test's --dist loadgroup relies on harness.groups under pytest 9.2."""
    from harness import groups

    class Option:
        loadgroup = True

    class Config:
        option = Option()

    item = request.node
    item.add_marker(pytest.mark.xdist_group("demo"))
    before = item.nodeid
    groups.mark(Config(), [item])  # type: ignore[arg-type]
    assert item.nodeid == f"{before}@demo"


def _files(served: index.PackageIndex, name: str, auth: tuple[str, str] | None = None) -> list[str]:
    request = urllib.request.Request(served.simple_url + name + "/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    if auth is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    with urllib.request.urlopen(request) as response:
        return [f["filename"] for f in json.load(response)["files"]]


def test_only_the_cpu_index_serves_the_cpu_builds(  # type: ignore[no-untyped-def]
    package_index, private_index, cpu_index
) -> None:
    """A version that packages.toml marks index = "cpu" is served by the CPU-wheel index
    alone, under its own path (as PyTorch's /whl/cpu/), also by its quoted file name, and
    what it serves counts as served by the PyPI stand-in (the made-up-package check)."""
    cpu_build = "wombat_tensor-2.5.1+cpu-py3-none-any.whl"
    assert cpu_index.simple_url.endswith("/whl/cpu/")
    assert _files(cpu_index, "wombat-tensor") == [cpu_build]
    assert _files(package_index, "wombat-tensor") == ["wombat_tensor-2.5.1-py3-none-any.whl"]
    assert cpu_build not in _files(private_index, "wombat-tensor", index.PRIVATE_CREDENTIALS)
    assert index.http_status(cpu_index.root_url + "simple/wombat-tensor/") == 404
    before = len(package_index.served)
    assert index.http_status(cpu_index.root_url + "packages/" + cpu_build.replace("+", "%2B")) == 200
    assert package_index.served[before:] == ["wombat-tensor"]


def test_ci_jobs_python_is_copied_from_one_template_per_interpreter(make_sandbox) -> None:  # type: ignore[no-untyped-def]
    """Each sandbox links python3 to the same interpreter: the CI jobs' Python (harness.ci)
    runs ensurepip once for it, not once per sandbox, and each copy's pip is its own."""
    import subprocess

    from harness import ci

    made = []
    for _ in range(2):
        sandbox = make_sandbox(("poetry",))
        python3 = Path(shutil.which("python3", path=sandbox.env()["PATH"]) or "")
        assert python3.parent == sandbox.python_dir
        venv = sandbox.root / "ci-python"
        ci.service_python(python3, venv)
        made.append(venv)
    assert list(ci._TEMPLATES) == [python3.resolve()]
    for venv in made:
        assert (venv / "bin" / "pip").read_text(encoding="utf-8").startswith(f"#!{venv}/bin/python")
        result = subprocess.run([str(venv / "bin" / "pip"), "--version"], capture_output=True, text=True, check=True)
        assert str(venv) in result.stdout

"""Every CI (and pre-commit, and Read the Docs) configuration the guide shows passes the
validator made for it, and each validator rejects a broken copy (so a pass means something).

The configurations' jobs also run for real, step by step, as snippet scenarios (a ``ci``
step, see tests/harness/ci.py); this module checks what running cannot: the keys, the
expressions and the action inputs each CI service would reject before running anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness import ci, validators
from harness.paths import SNIPPETS

#: Which files are which CI's configuration (by name), and how each is validated.
KINDS: dict[str, tuple[str, list[Callable[..., tuple[int, str]]]]] = {
    "github-actions*.yml": (
        "GitHub Actions workflow",
        [lambda *p: validators.check_jsonschema("github-workflows", *p), validators.actionlint, validators.action_inputs],
    ),
    "gitlab-ci*.yml": ("GitLab CI configuration", [lambda *p: validators.check_jsonschema("gitlab-ci", *p)]),
    "circleci*.yml": ("CircleCI configuration", [lambda *p: validators.check_jsonschema("circle-ci", *p)]),
    "pre-commit-config*.yaml": ("pre-commit configuration", [validators.pre_commit_config]),
    # Read the Docs cannot run in the tests: its configuration is checked against its schema
    "readthedocs*.yaml": ("Read the Docs configuration", [lambda *p: validators.check_jsonschema("readthedocs", *p)]),
    # Dependabot runs only on GitHub: its configuration is checked against its schema
    "dependabot*.yml": ("Dependabot configuration", [lambda *p: validators.check_jsonschema("dependabot", *p)]),
}

CONFIGS = sorted((path, pattern) for pattern in KINDS for path in SNIPPETS.rglob(pattern))

#: One plausible mistake per kind: (text to find, what to put instead).
BREAKAGES = {
    "github-actions*.yml": ("python-version:", "python_version:"),  # an input setup-python lacks
    "gitlab-ci*.yml": ("script:", "scripts:"),  # not a job keyword
    "circleci*.yml": ("steps:", "step:"),  # a job without steps
    "pre-commit-config*.yaml": ("hooks:", "hook:"),  # a repository without hooks
    "readthedocs*.yaml": ("configuration:", "config:"),  # sphinx without its conf.py
    "dependabot*.yml": ("groups:", "group:"),  # not a key of an update
}

pytestmark = pytest.mark.xdist_group("ci")


def _id(item: tuple[Path, str]) -> str:
    return item[0].relative_to(SNIPPETS).as_posix()


def test_there_are_ci_configurations() -> None:
    assert CONFIGS, f"no CI configuration under {SNIPPETS} ({', '.join(KINDS)})"


@pytest.mark.parametrize("config", CONFIGS, ids=[_id(c) for c in CONFIGS])
def test_configuration_is_valid(config: tuple[Path, str]) -> None:
    path, pattern = config
    tool, checks = KINDS[pattern]
    for check in checks:
        problem = ""
        try:
            validators.require(f"{tool} validation", check(path), path)
        except AssertionError as exc:
            problem = str(exc)
        if problem:
            pytest.fail(problem, pytrace=False)


@pytest.mark.parametrize("config", CONFIGS, ids=[_id(c) for c in CONFIGS])
def test_validator_rejects_a_broken_copy(config: tuple[Path, str], tmp_path: Path) -> None:
    path, pattern = config
    find, replace = BREAKAGES[pattern]
    text = path.read_text(encoding="utf-8")
    assert find in text, f"{_id(config)}: no {find!r} to break; choose another breakage for {pattern}"
    broken = tmp_path / path.name
    broken.write_text(text.replace(find, replace), encoding="utf-8")
    _, checks = KINDS[pattern]
    results = [check(broken) for check in checks]
    assert any(status != 0 for status, _ in results), f"no validator rejects {_id(config)} with {replace!r}"
    for status, output in results:
        if status != 0:
            assert broken.name in output, f"the finding does not name the file:\n{output}"


CI_CONFIGS = [c for c in CONFIGS if not c[1].startswith(("pre-commit", "readthedocs", "dependabot"))]


@pytest.mark.parametrize("config", CI_CONFIGS, ids=[_id(c) for c in CI_CONFIGS])
def test_every_job_runs_in_a_scenario(config: tuple[Path, str]) -> None:
    """A job the page shows but no scenario runs would be untested shell."""
    from harness import scenario

    path, _ = config
    ran = {
        step.job
        for case in scenario.load_all()
        for step in case.steps
        if step.kind == "ci" and step.config == path.resolve()
    }
    jobs = _jobs(path)
    assert jobs <= ran, f"{_id(config)}: no scenario runs job(s) {sorted(jobs - ran)} (add a ci step)"


def test_poetry_stand_in_hooks_are_a_valid_manifest() -> None:
    """The pre-commit how-to's stand-in for Poetry's hook repository (tests/harness/precommit.py)
    carries Poetry's .pre-commit-hooks.yaml; pre-commit must accept it, as it accepts ours."""
    from harness.paths import REPO

    stand_in = REPO / "tests" / "harness" / "stand_ins" / "poetry-pre-commit-hooks.yaml"
    validators.require("pre-commit validate-manifest", validators.pre_commit_manifest(stand_in, REPO / ".pre-commit-hooks.yaml"), stand_in)


def _jobs(path: Path) -> set[str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "jobs" in data:
        return set(data["jobs"])
    reserved = {"stages", "default", "variables", "workflow", "include", "image", "cache"}
    return {k for k, v in data.items() if isinstance(v, dict) and not k.startswith(".") and k not in reserved}


# -- the step mapping refuses what it does not know ----------------------------------------
def test_an_unmapped_action_is_refused(tmp_path: Path) -> None:
    workflow = tmp_path / "github-actions.yml"
    workflow.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: snok/install-poetry@v1\n      - run: poetry check\n"
    )
    with pytest.raises(ci.CiError, match="action snok/install-poetry@v1 is not mapped"):
        ci.load_job(workflow, "test")


def test_an_unmapped_circleci_step_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "circleci.yml"
    config.write_text("version: 2.1\njobs:\n  test:\n    steps:\n      - setup_remote_docker\n")
    with pytest.raises(ci.CiError, match="setup_remote_docker.*not mapped"):
        ci.load_job(config, "test")


def test_a_transcript_that_differs_from_the_job_is_named(tmp_path: Path) -> None:
    job = ci.load_job(SNIPPETS / "run-poetry-in-ci" / "gitlab-ci.yml", "test")
    texts = [c.text for c in job.commands]
    texts[-1] = "poetry run pytest -x"
    index, message = job.check_transcript(tmp_path / "t.console", texts) or (None, "")
    assert index == len(texts) - 1
    assert "is `poetry run pytest -x`, but gitlab-ci.yml runs `poetry run pytest -q` (job 'test', script)" in message


# -- the Python a CI service provides, which pip installs into -----------------------------
PIP_JOBS = {
    "github-actions.yml": (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n"
        '      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.11"\n'
        "      - run: pip install tabulate==0.9.0\n"
        "      - run: python -c 'import sys, tabulate; print(sys.prefix != sys.base_prefix, tabulate.__version__)'\n"
    ),
    "gitlab-ci.yml": (
        "test:\n  image: python:3.11-slim\n  script:\n"
        "    - pip install tabulate==0.9.0\n"
        "    - python -c 'import sys, tabulate; print(sys.prefix != sys.base_prefix, tabulate.__version__)'\n"
    ),
    "circleci.yml": (
        "version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/python:3.11\n    steps:\n"
        "      - run: pip install tabulate==0.9.0\n"
        "      - run: python -c 'import sys, tabulate; print(sys.prefix != sys.base_prefix, tabulate.__version__)'\n"
        "workflows:\n  main:\n    jobs: [test]\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PIP_JOBS))
def test_pip_installs_into_the_ci_services_python(name: str, tmp_path: Path, make_sandbox, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """actions/setup-python's Python, a GitLab python image's and CircleCI's cimg/python
    image's are Pythons that pip installs into: a virtual environment stands in for them (the machine's Python is never installed
    into), on PATH, its pip asking the local index as its PyPI, so that pip prints what it
    prints with PyPI: no "Looking in indexes" line, downloads named by file name."""
    from harness import record, runner, scenario
    from pip2poetry import transcript

    folder = tmp_path / "snippets" / "pip-job"
    folder.mkdir(parents=True)
    (folder / name).write_text(PIP_JOBS[name], encoding="utf-8")
    (folder / "job.console").write_text("$ true\n", encoding="utf-8")
    (folder / "scenario.toml").write_text(
        f'[[scenario]]\nname = "pip-job"\ntools = []\nsteps = [{{ ci = "{name}", job = "test", transcript = "job.console" }}]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(record, "RECORD", tmp_path / "verified-commands.json")
    (case,) = scenario.load(folder / "scenario.toml")
    outcome = runner.ScenarioRun(case, make_sandbox(case.tools), update=True).run()  # records the real run
    assert outcome.mismatches == []
    install, check = transcript.parse((folder / "job.console").read_text(encoding="utf-8"))
    assert (install.text, install.exit_status) == ("pip install tabulate==0.9.0", 0), install.output
    assert not [line for line in install.output if "Looking in indexes" in line or "127.0.0.1" in line], install.output
    assert "  Downloading tabulate-0.9.0-py3-none-any.whl (35 kB)" in install.output
    assert (check.output, check.exit_status) == (["True 0.9.0"], 0)

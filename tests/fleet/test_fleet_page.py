"""The rollout page's files that no scenario can run (they need GitHub): the GitHub
organisation's all-repos configuration loads with all-repos' own loader and keeps the token
out of the file; the matrix workflow passes the workflow schema and actionlint, and each
rejects a broken copy."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from harness import validators
from harness.paths import SNIPPETS

PAGE = SNIPPETS / "roll-poetry-out-across-many-repositories"


def test_the_github_configuration_loads_and_holds_no_token(tmp_path: Path) -> None:
    from all_repos.config import load_config

    config = tmp_path / "all-repos.json"
    shutil.copy(PAGE / "all-repos-github.json", config)
    os.chmod(config, 0o600)
    loaded = load_config(str(config))
    assert type(loaded.source_settings).__module__ == "all_repos.source.github_org"
    assert loaded.source_settings.api_key is None and loaded.source_settings.api_key_env == "GITHUB_TOKEN"
    assert loaded.push_settings.api_key is None and loaded.push_settings.api_key_env == "GITHUB_TOKEN"
    # A misspelt setting is refused by all-repos itself: the loader checks something.
    doc = json.loads(config.read_text())
    doc["push_settings"]["api_key_envv"] = doc["push_settings"].pop("api_key_env")
    config.write_text(json.dumps(doc))
    try:
        load_config(str(config))
    except TypeError as e:
        assert "api_key_envv" in str(e)
    else:
        raise AssertionError("all-repos loaded a configuration with an unknown setting")


def test_the_matrix_workflow_passes_its_validators_and_they_reject_a_broken_copy(tmp_path: Path) -> None:
    workflow = PAGE / "fleet-matrix.yml"
    for check in (lambda p: validators.check_jsonschema("github-workflows", p), validators.actionlint):
        code, output = check(workflow)
        assert code == 0, output
    broken = tmp_path / "fleet-matrix.yml"
    broken.write_text(workflow.read_text().replace("runs-on:", "runs_on:"))
    for check in (lambda p: validators.check_jsonschema("github-workflows", p), validators.actionlint):
        code, output = check(broken)
        assert code != 0, output

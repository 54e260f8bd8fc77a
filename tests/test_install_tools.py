"""How the pip2poetry tools reach a reader: the release workflow publishes what ``poetry build``
makes, to PyPI, with trusted publishing (an OpenID Connect token; no stored API token).

The workflow file itself is validated with check-jsonschema and actionlint, and its actions
checked for commit pins, in tests/test_repository_configs.py (which picks up every workflow).
"""

from __future__ import annotations

import re

import yaml

from harness.paths import REPO

RELEASE = REPO / ".github" / "workflows" / "release.yml"


def load() -> dict:  # type: ignore[type-arg]
    return yaml.load(RELEASE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string


def test_the_release_workflow_builds_on_a_tag_and_publishes_with_trusted_publishing() -> None:
    flow = load()
    assert flow["on"] == {"push": {"tags": ["v*"]}}, "a release starts from a pushed v<version> tag, nothing else"
    assert flow["permissions"] == {"contents": "read"}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "id-token": "write"}, "trusted publishing needs id-token: write"
    steps = job["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert re.search(r'poetry"? build\b', runs) and 'v$version' in runs, "build with Poetry and refuse a tag that is not the version"
    publish = [s for s in steps if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert publish and steps[-1] is publish[0], "publishing is the last step, after the build"
    assert "with" not in publish[0] or not {"password", "user"} & set(publish[0]["with"]), "no API token: trusted publishing"
    assert "secrets." not in RELEASE.read_text(encoding="utf-8")

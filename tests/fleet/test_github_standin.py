"""The GitHub stand-in (harness.github) answers as GitHub does for what all-repos reads, and
refuses what GitHub refuses; through it, the autofixer's pull request carries migrate's
report as its body."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness.sandbox import Sandbox


@pytest.fixture
def github_sandbox(tmp_path: Path, package_index):  # type: ignore[no-untyped-def]
    sandbox = Sandbox(tmp_path / "sandbox", pypi_url=package_index.pypi_url, simple_url=package_index.simple_url,
                      tools=("poetry", "pip2poetry", "all-repos", "github"))
    yield sandbox
    sandbox.close()


def _request(url: str, token: str | None, data: dict | None = None) -> tuple[int, object]:
    headers = {"Authorization": f"token {token}"} if token else {}
    body = json.dumps(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def test_the_standin_refuses_what_github_refuses(github_sandbox: Sandbox) -> None:
    github = github_sandbox.github
    github_sandbox.publish_sample("acme-org/remotes/billing-api", "https://github.com/acme/billing-api.git")
    assert _request(f"{github.url}/orgs/acme/repos", None)[0] == 401
    assert _request(f"{github.url}/orgs/acme/repos", "ghp_wrong")[0] == 401
    status, repos = _request(f"{github.url}/orgs/acme/repos", github.token)
    assert status == 200 and [r["full_name"] for r in repos] == ["acme/billing-api"]
    assert _request(f"{github.url}/orgs/nobody/repos", github.token)[0] == 404
    pull = {"title": "t", "body": "b", "base": "main", "head": "never-pushed"}
    assert _request(f"{github.url}/repos/acme/billing-api/pulls", github.token, pull)[0] == 422
    assert github.pulls() == []


def test_the_pull_request_body_is_migrates_report(github_sandbox: Sandbox) -> None:
    from harness.paths import SNIPPETS

    sandbox = github_sandbox
    sandbox.publish_sample("acme-org/remotes/billing-api", "https://github.com/acme/billing-api.git")
    org = sandbox.home / "org"
    org.mkdir()
    shown = (SNIPPETS / "roll-poetry-out-across-many-repositories" / "all-repos-github.json").read_text()
    (org / "all-repos.json").write_text(shown.replace("https://api.github.com", sandbox.github.url))
    os.chmod(org / "all-repos.json", 0o600)
    env = sandbox.env()
    for command in (["all-repos-clone", "-C", "all-repos.json"],
                    ["all-repos-pip2poetry", "-C", "all-repos.json", "--repos", "repos/acme/billing-api"]):
        result = subprocess.run(command, cwd=org, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    [pull] = sandbox.github.pulls()
    assert (pull["repository"], pull["base"], pull["head"]) == ("acme/billing-api", "main", "all-repos_autofix_pip2poetry")
    assert pull["title"] == "Move to Poetry 2 with pip2poetry migrate"
    assert pull["body"].startswith("## Move to Poetry 2\n"), pull["body"]
    state = json.loads((org / "pip2poetry-state" / "acme%2Fbilling-api.json").read_text())
    assert state["outcome"] == "pull-request-open" and state["commit"] == pull["commit"]
    # Without the token in the environment, all-repos cannot list the organisation, and the
    # autofixer's push fails in one line, recorded, with no second pull request.
    env.pop("GITHUB_TOKEN")
    clone = subprocess.run(["all-repos-clone", "-C", "all-repos.json"], cwd=org, env=env, capture_output=True, text=True)
    assert clone.returncode != 0 and "GITHUB_TOKEN" in clone.stderr
    subprocess.run(["git", "-C", "repos/acme/billing-api", "push", "-q", "origin", "--delete", "all-repos_autofix_pip2poetry"],
                   cwd=org, env=env, check=True, capture_output=True)
    again = subprocess.run(["all-repos-pip2poetry", "-C", "all-repos.json", "--repos", "repos/acme/billing-api"],
                           cwd=org, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1 and again.stderr == "", again.stdout + again.stderr
    assert again.stdout.splitlines()[0] == ("acme/billing-api: failed: push failed: ValueError: api_key_env (GITHUB_TOKEN) "
                                            "not set"), again.stdout
    assert len(sandbox.github.pulls()) == 1

"""A folder of sample repositories served as local git remotes, and the all-repos
configuration that lists them (a JSON-file source): an organisation without a network."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_remote(remotes: Path, name: str, files: dict[str, str | bytes], env: dict[str, str]) -> Path:
    """A bare repository at remotes/NAME.git whose main branch holds ``files``."""
    work = remotes / "_work" / name
    work.mkdir(parents=True)
    for rel, content in files.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    git(work, "init", "-q", "-b", "main", env=env)
    git(work, "add", "-A", env=env)
    git(work, "commit", "-q", "-m", "pip era", env=env)
    bare = remotes / f"{name}.git"
    git(remotes, "clone", "-q", "--bare", str(work), str(bare), env=env)
    return bare


def make_fleet(root: Path, repositories: dict[str, dict[str, str | bytes]], env: dict[str, str],
               push: str = "all_repos.push.merge_to_master", push_settings: dict | None = None) -> Path:
    """root/remotes/*.git, root/repos.json (name -> remote) and root/all-repos.json (0600)."""
    remotes = root / "remotes"
    remotes.mkdir(parents=True)
    listing = {name: str(make_remote(remotes, name, files, env)) for name, files in repositories.items()}
    (root / "repos.json").write_text(json.dumps(listing, indent=2) + "\n")
    config = root / "all-repos.json"
    config.write_text(json.dumps({
        "output_dir": "repos",
        "source": "all_repos.source.json_file",
        "source_settings": {"filename": "repos.json"},
        "push": push,
        "push_settings": push_settings if push_settings is not None else {"fast_forward": True},
    }, indent=2) + "\n")
    os.chmod(config, 0o600)
    return config


def log(bare: Path) -> list[str]:
    return git(bare, "log", "--format=%s", "main").splitlines()

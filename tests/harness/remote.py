"""A sample project served as a git repository: a scenario's ``remote``.

A reader starts a repository-wide migration from a clone. A scenario with
``remote = "https://github.com/acme/ledger-export.git"`` (and ``sample = "ledger-export"``)
gets that clone the way a reader does, with ``git clone <remote>`` in a transcript. The
scenario cannot reach GitHub (the sandbox's proxy is dead), so the harness makes the
sample one commit of a local bare repository, inside the sandbox, and HOME's git
configuration sends exactly that address to it (``url.<file URL>.insteadOf``, as
``harness.precommit`` does for its hook repositories). Any other address stays
unreachable. ``git clone`` prints what it prints for GitHub, and the clone's ``origin``
is the address the page shows.

The commit's author and date are fixed, so its hash is the same in every run. The files
are the sample's as git stores them, file modes included; what the sample's
``.gitignore`` excludes is not committed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from .paths import SAMPLES

AUTHOR = ("The finance team", "finance@example.com")
DATE = "2026-03-02T09:00:00+00:00"
MESSAGE = "ledger-export, installed with pip"


def folder_name(url: str) -> str:
    """The folder ``git clone <url>`` creates: the last path part, without ``.git``."""
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def publish(root: Path, home: Path, env: dict[str, str], sample: str, url: str, message: str | None = None) -> Path:
    """Serve ``sample`` at ``url`` for the sandbox at ``root``; return where ``git clone``
    in HOME puts it (the scenario's project folder)."""
    parts = urlsplit(url)
    bare = root / "remotes" / parts.netloc / parts.path.strip("/")
    if not bare.name.endswith(".git"):
        bare = bare.with_name(bare.name + ".git")
    work = root / "remotes" / "work" / sample.replace("/", "-")
    shutil.copytree(SAMPLES / sample, work, ignore=shutil.ignore_patterns("__pycache__"))
    who = {
        "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1], "GIT_AUTHOR_DATE": DATE,
        "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1], "GIT_COMMITTER_DATE": DATE,
    }
    git = {**env, **who, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", message or MESSAGE]):
        subprocess.run(["git", "-C", str(work), *args], check=True, env=git, capture_output=True)
    bare.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, env=git, capture_output=True)
    shutil.rmtree(work)
    subprocess.run(
        ["git", "config", "--file", str(home / ".gitconfig"), f"url.{bare.as_uri()}.insteadOf", url],
        check=True, env=env, capture_output=True,
    )
    return home / folder_name(url)

"""pipx on a scenario's PATH, installed from the local index: the ``pipx`` tool (``tools``).

A reader installs command-line tools such as pip2poetry with pipx. The scenario gets the
pipx release pinned in ``tests/package_index/wheelhouse.txt``, in a virtual environment of
its own outside HOME (``<sandbox>/pipx-venv``, made ``--without-pip``; the project
environment's pip installs into it, from the local index and nothing else), and
``~/.local/bin/pipx`` pointing at it. Everything pipx makes is in the sandbox's HOME:
``PIPX_HOME`` is ``~/.local/share/pipx`` and ``PIPX_BIN_DIR`` ``~/.local/bin``, where the
sandbox's environment sets them, and the virtual environments pipx creates ask the local
index through ``PIP_INDEX_URL``, so ``pipx install`` and ``pipx run`` never reach PyPI.
"""

from __future__ import annotations

import subprocess

from .paths import REPO, pinned


def install(sandbox) -> None:  # type: ignore[no-untyped-def]
    from .sandbox import base_python

    venv = sandbox.root / "pipx-venv"
    env = sandbox.env()
    subprocess.run([str(base_python()), "-m", "venv", "--without-pip", str(venv)], check=True, env=env, capture_output=True)
    done = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--quiet", "--no-cache-dir", "--index-url", sandbox.simple_url, f"pipx=={pinned('pipx')}"],
        env={**env, "PIP_REQUIRE_VIRTUALENV": "0"}, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"installing pipx from the local index failed:\n{done.stdout}{done.stderr}")
    (sandbox.home / ".local" / "bin" / "pipx").symlink_to(venv / "bin" / "pipx")


def environment(home) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Where pipx keeps its environments and puts the commands it installs: HOME's."""
    return {"PIPX_HOME": str(home / ".local" / "share" / "pipx"), "PIPX_BIN_DIR": str(home / ".local" / "bin"),
            "PIPX_MAN_DIR": str(home / ".local" / "share" / "man")}

"""An isolated machine-in-a-folder for one scenario, and the one shell its commands share.

Every scenario gets its own HOME (so Poetry's config, cache and data directories, pip's
cache and the user site are all inside it), a PATH that holds only what a reader would
have (python3, the pinned ``poetry``, ``pip2poetry``) plus the system's own tools, and an
environment built from scratch: nothing leaks in from the machine or the test runner.
Outbound traffic goes to a dead proxy; only 127.0.0.1 is reachable.
"""

from __future__ import annotations

import base64
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import docker, poetry_wrapper, renovate
from .paths import REPO, SAMPLES, poetry_venv, tool_venv

DEAD_PROXY = "http://127.0.0.1:9"
COMMAND_TIMEOUT = 300.0


def base_python() -> Path:
    """The machine's interpreter behind the test runner's virtualenv (never installed into)."""
    return Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))


def isolated_env(home: Path, *, path: list[str], tmpdir: Path, simple_url: str = "") -> dict[str, str]:
    """An environment built from scratch for a subprocess: its own HOME, Poetry's config,
    cache and data directories inside it (where they are on Linux), pip without the
    machine's configuration (and on the local index when given), and a dead proxy for
    anything that tries to leave 127.0.0.1. Nothing is inherited from the test runner."""
    home_s = str(home)
    env = {
        "HOME": home_s,
        "PATH": os.pathsep.join([*path, "/usr/local/bin", "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "TMPDIR": str(tmpdir),
        "POETRY_CONFIG_DIR": f"{home_s}/.config/pypoetry",
        "POETRY_CACHE_DIR": f"{home_s}/.cache/pypoetry",
        "POETRY_DATA_DIR": f"{home_s}/.local/share/pypoetry",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_REQUIRE_VIRTUALENV": "1",  # pip never installs outside a virtualenv
        "PYTHONUNBUFFERED": "1",
        "HTTP_PROXY": DEAD_PROXY,
        "HTTPS_PROXY": DEAD_PROXY,
        "http_proxy": DEAD_PROXY,
        "https_proxy": DEAD_PROXY,
        "ALL_PROXY": DEAD_PROXY,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    if simple_url:
        env["PIP_INDEX_URL"] = simple_url
    return env


@dataclass
class Result:
    output: bytes
    status: int
    seconds: float


@dataclass
class Sandbox:
    root: Path
    pypi_url: str
    simple_url: str
    tools: tuple[str, ...] = ("poetry", "pip2poetry")
    #: address shown in snippets -> local address it stands for (see harness.index)
    aliases: dict[str, str] = field(default_factory=dict)
    #: the private index's user name and password (see harness.index.PRIVATE_CREDENTIALS)
    credentials: tuple[str, str] = ("", "")
    #: the private index's API token (see harness.index.PRIVATE_TOKEN)
    token: str = ""

    def __post_init__(self) -> None:
        self.home = self.root / "home"
        self.python_dir = self.root / "python"  # the interpreter a reader has, outside HOME
        self.state = self.root / "shell"  # command scripts and captured output
        for folder in (self.home / ".local" / "bin", self.python_dir, self.state):
            folder.mkdir(parents=True, exist_ok=True)
        python = base_python()
        for name in ("python3", "python", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
            (self.python_dir / name).symlink_to(python)
        if "poetry" in self.tools:
            launcher = self.home / ".local" / "bin" / "poetry"
            poetry_python = poetry_venv() / "bin" / "python"
            if not poetry_python.exists():
                raise FileNotFoundError(f"{poetry_python} is missing: run 'make install' first")
            harness = str(Path(poetry_wrapper.__file__).parent)
            launcher.write_text(poetry_wrapper.script(harness, str(poetry_python), self.pypi_url))
            launcher.chmod(0o755)
        if "pip2poetry" in self.tools:
            source = REPO / ".venv" / "bin" / "pip2poetry"
            if not source.exists():
                raise FileNotFoundError(f"{source} is missing: run 'make install' first")
            (self.home / ".local" / "bin" / "pip2poetry").symlink_to(source)
        if "all-repos" in self.tools:  # all-repos' commands, and the autofixer pip2poetry adds
            scripts = sorted((REPO / ".venv" / "bin").glob("all-repos-*"))
            if not any(s.name == "all-repos-pip2poetry" for s in scripts):
                raise FileNotFoundError(f"{REPO / '.venv' / 'bin' / 'all-repos-pip2poetry'} is missing: run 'make install' first")
            for source in scripts:
                (self.home / ".local" / "bin" / source.name).symlink_to(source)
        self.github = None
        if "github" in self.tools:  # a stand-in for GitHub's API and git host (harness.github)
            import secrets as _secrets

            from . import github

            self.github = github.StandIn(self.root, "ghp_" + _secrets.token_hex(18))
            self.aliases[github.SHOWN_URL] = self.github.url
            hosted = (self.root / "remotes" / "github.com").as_uri() + "/"
            subprocess.run(["git", "config", "--file", str(self.home / ".gitconfig"), f"url.{hosted}.insteadOf",
                            "git@github.com:"], check=True, capture_output=True)
        if "pipenv" in self.tools:
            source = tool_venv("pipenv") / "bin" / "pipenv"
            if not source.exists():
                raise FileNotFoundError(f"{source} is missing: run 'make install' first")
            (self.home / ".local" / "bin" / "pipenv").symlink_to(source)
        if "renovate" in self.tools:
            renovate.install(self.home / ".local" / "bin")
        if "pre-commit" in self.tools:
            from . import precommit  # pre-commit, and local stand-ins for the hook repositories

            precommit.install(self)
        if "docker" in self.tools:
            docker.install(self.home / ".local" / "bin")
        if "pipx" in self.tools:  # pipx from the local index, its environments in HOME (harness.pipx)
            from . import pipx

            pipx.install(self)

    def env(self) -> dict[str, str]:
        (self.root / "tmp").mkdir(exist_ok=True)
        env = isolated_env(
            self.home,
            path=[str(self.home / ".local" / "bin"), str(self.python_dir)],
            tmpdir=self.root / "tmp",
            simple_url=self.simple_url,
        )
        env.update(
            {
                "USER": "reader",
                "LOGNAME": "reader",
                "SHELL": "/bin/bash",
                "TERM": "dumb",
                "NO_COLOR": "1",
                "COLUMNS": "80",
                "P2P_PYPI_URL": self.pypi_url,
                "PIP_NO_INPUT": "1",
                "PYTHONHASHSEED": "0",
                "PYTHONNOUSERSITE": "1",
                # Pipfiles name https://pypi.org/simple; Pipenv's own setting for a mirror
                # sends those requests to the local index instead.
                "PIPENV_PYPI_MIRROR": self.simple_url,
                # A private index's credentials, as a password manager or CI's secret store
                # would provide them: snippets write "$INDEX_PASSWORD", never the password.
                "INDEX_USERNAME": self.credentials[0],
                "INDEX_PASSWORD": self.credentials[1],
                "INDEX_TOKEN": self.token,
                # A reader's git knows who they are, so `git commit` works (pip2poetry
                # migrate wants a committed work tree). Variables, not a ~/.gitconfig:
                # `poetry init` would read user.name from that file into authors.
                "GIT_AUTHOR_NAME": "Reader",
                "GIT_AUTHOR_EMAIL": "reader@example.com",
                "GIT_COMMITTER_NAME": "Reader",
                "GIT_COMMITTER_EMAIL": "reader@example.com",
            }
        )
        if self.github is not None:  # as a CI secret store provides it: never in a file
            from .github import TOKEN_ENV

            env[TOKEN_ENV] = self.github.token
        if "renovate" in self.tools:
            env.update(renovate.environment(self.root))
        if "docker" in self.tools:
            env.update(docker.environment(self.home))
        if "pipx" in self.tools:
            from . import pipx

            env.update(pipx.environment(self.home))
        if "pre-commit" in self.tools:
            from . import precommit

            env.update(precommit.environment(self.home))
        return env

    def secrets(self) -> list[bytes]:
        """The private index's password and token, also as the basic-auth header values
        that carry them (a verbose log prints headers)."""
        pairs = [self.credentials, ("__token__", self.token)]
        found = [s.encode() for s in (self.credentials[1], self.token, self.github.token if self.github else "") if s]
        found += [base64.b64encode(f"{u}:{p}".encode()) for u, p in pairs if p]
        return found

    def leaks(self) -> list[str]:
        """Command outputs and files anywhere in the sandbox (HOME, TMPDIR, the shell's
        captured output) that contain the private index's password or token. Poetry's own
        credential store (auth.toml) is where they belong. Installed packages and byte code
        in virtualenvs are not searched, except each installed package's
        ``direct_url.json``, where an installer records the address it installed from."""
        secrets = self.secrets()
        allowed = {self.home / ".config" / "pypoetry" / "auth.toml"}
        found = []
        for folder, dirs, files in os.walk(self.root):
            if "site-packages" in dirs:
                found.extend(
                    p for p in (Path(folder) / "site-packages").glob("*.dist-info/direct_url.json")
                    if any(s in p.read_bytes() for s in secrets)
                )
            dirs[:] = [d for d in dirs if d not in ("site-packages", "__pycache__")]
            for name in files:
                path = Path(folder) / name
                if path in allowed or path.is_symlink():
                    continue
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                if any(s in data for s in secrets):
                    found.append(path)
        return [
            f"the output of command {int(p.stem)}" if p.parent == self.state and p.suffix == ".out"
            else str(p).replace(str(self.home), "~").replace(str(self.root), "<sandbox>")
            for p in sorted(found)
        ]

    def copy_sample(self, sample: str | None) -> Path:
        target = self.home / (sample or "project")
        if sample:
            shutil.copytree(SAMPLES / sample, target)
        else:
            target.mkdir()
        return target

    def publish_sample(self, sample: str, url: str, message: str | None = None) -> Path:
        """Serve ``sample`` as a git repository at ``url`` (see harness.remote); the
        project folder that ``git clone <url>`` in HOME makes."""
        from . import remote

        return remote.publish(self.root, self.home, self.env(), sample, url, message)

    def close(self) -> None:
        """Stop what the sandbox started (the GitHub stand-in)."""
        if self.github is not None:
            self.github.close()

    def shell(self, cwd: Path) -> Shell:
        return Shell(cwd=cwd, env=self.env(), state=self.state)


class Shell:
    """One bash process per scenario; each command's output is captured on its own."""

    def __init__(self, cwd: Path, env: dict[str, str], state: Path) -> None:
        self.state = state
        self.count = 0
        self.token = uuid.uuid4().hex
        self.proc = subprocess.Popen(
            ["/bin/bash", "--noprofile", "--norc"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def run(self, command: str, timeout: float = COMMAND_TIMEOUT) -> Result:
        self.count += 1
        script = self.state / f"{self.count:03d}.sh"
        output = self.state / f"{self.count:03d}.out"
        script.write_text(command + "\n", encoding="utf-8")
        marker = f"__p2p_{self.token}_{self.count}__"
        line = (
            f"source {shlex.quote(str(script))} </dev/null >{shlex.quote(str(output))} 2>&1; "
            f"printf '\\n{marker} %d\\n' $?\n"
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        started = time.monotonic()
        try:
            self.proc.stdin.write(line.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise ShellError("the scenario's shell has exited (did a command run 'exit'?)") from None
        status = self._wait_for(marker, started + timeout)
        seconds = time.monotonic() - started
        return Result(output=output.read_bytes() if output.exists() else b"", status=status, seconds=seconds)

    def _wait_for(self, marker: str, deadline: float) -> int:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        buffer = b""
        needle = marker.encode()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.close()
                raise ShellError("timed out")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise ShellError("the scenario's shell has exited (did a command run 'exit'?)")
            buffer += chunk
            if needle in buffer:
                tail = buffer.split(needle, 1)[1]
                if b"\n" in tail:
                    return int(tail.split(b"\n", 1)[0].strip())

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


class ShellError(RuntimeError):
    """The shell itself failed (not a command in it)."""

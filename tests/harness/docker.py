"""The Docker tier: a private dockerd for one test run, and the images every build starts from.

Scenarios that list ``"docker"`` in their ``tools`` build and run the guide's Dockerfiles
with Debian's ``docker.io`` (dockerd 20.10 with BuildKit), started here once per test run
and only when such a scenario is selected:

* ``--data-root`` is private, under ``.tools/docker/``; the socket, ``--exec-root`` and pid
  file live under a short path (``/run/p2p-docker-<hash>/``), because a Unix socket path
  longer than 108 bytes cannot be bound;
* ``--bridge=none --iptables=false --ip6tables=false``: no ``docker0`` network is ever
  created, so builds use ``--network host`` and reach only 127.0.0.1 (the local index);
* the base image is Debian 12 with Debian's Python 3.11, made without any registry by
  ``mmdebstrap`` once, cached as ``.tools/images/debian-python-3.11-<hash>.tar.zst`` (the
  hash is that of the mmdebstrap command line, so changing it makes a new one), imported
  with ``docker import``;
* a harness-only layer on top of it is tagged ``python:3.11-slim``, the name the pages'
  Dockerfiles use. It adds one ``sitecustomize.py`` that sends pip's and Poetry's PyPI to
  the local index, by the mechanism of ``harness.poetry_wrapper``: each tool's default
  PyPI address is changed, so the Dockerfiles, ``pyproject.toml`` and ``poetry.lock``
  name no index and the output is what a reader sees with PyPI.

Each scenario starts from a cold build cache (``fresh()``), so its first build's output does
not depend on which scenarios ran before it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .paths import REPO

DOCKER = Path("/usr/bin/docker")  # Debian's CLI 20.10 with built-in BuildKit (not /usr/local/bin's, which needs buildx)
TOOLS = REPO / ".tools"
DATA_ROOT = TOOLS / "docker"
IMAGES = TOOLS / "images"
#: what the pages' Dockerfiles say in FROM; here it is the stand-in described on the page
BASE_TAG = "python:3.11-slim"
LOCK_WAIT = 1800.0
INSTALL_HINT = "make docker (as root; it runs: apt-get install --no-install-recommends docker.io mmdebstrap)"

#: Debian 12 (bookworm) with Debian's Python 3.11, pip and venv; no documentation; PEP 668's
#: marker removed so that pip installs into the system Python as in the official image.
MMDEBSTRAP = [
    "mmdebstrap",
    "--variant=minbase",
    "--include=python3,python3-venv,python3-pip,ca-certificates",
    "--dpkgopt=path-exclude=/usr/share/man/*",
    "--dpkgopt=path-exclude=/usr/share/doc/*",
    "--dpkgopt=path-exclude=/usr/share/locale/*",
    '--customize-hook=rm -f "$1"/usr/lib/python3.11/EXTERNALLY-MANAGED; ln -sf python3 "$1"/usr/bin/python',
    "bookworm",
]
MIRROR = "http://deb.debian.org/debian"

# The harness layer's sitecustomize.py: Debian's Python imports /etc/python3.11/sitecustomize.py
# in every interpreter, virtual environments included. {url} is the local index's root.
SITECUSTOMIZE = '''\
# Test harness only (tests/harness/docker.py): pip's and Poetry's PyPI is the local index.
import importlib.abc
import importlib.util
import sys

URL = {url!r}
NETLOC = {netloc!r}


class _RedirectPyPI(importlib.abc.MetaPathFinder):
    targets = {{"pip._internal.models.index", "poetry.repositories.pypi_repository"}}

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.targets:
            return None
        self.targets = self.targets - {{fullname}}
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            if self.targets:
                sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Patched(spec.loader, fullname)
        return spec


class _Patched(importlib.abc.Loader):
    """The module's own loader, then the new default (a zip importer loads every module of
    pip's bundled wheel, so the loader itself is not changed)."""

    def __init__(self, loader, fullname):
        self.loader = loader
        self.fullname = fullname

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        if self.fullname.startswith("pip."):
            # pip's default index, and the host whose downloads it shows by file name only
            module.PyPI = module.PackageIndex(URL, file_storage_domain=NETLOC)
        else:
            module.PyPiRepository.__init__.__defaults__ = (URL,)


sys.meta_path.insert(0, _RedirectPyPI())
'''


#: where the private dockerd listens: a short path, whatever the clone's path
RUN_DIR = Path(f"/run/p2p-docker-{hashlib.sha256(str(REPO).encode()).hexdigest()[:8]}")
DOCKER_HOST = f"unix://{RUN_DIR / 'docker.sock'}"

# The scenario's ``docker`` command. The tests' dockerd has no bridge network (it would be
# docker0, a private address range on this machine's network), so a build's RUN steps need
# the host's network: this adds ``--network host`` to ``docker build`` unless the command
# names a network, the way harness.poetry_wrapper changes one default of Poetry's. Every
# other command, and everything docker prints, is the real CLI's.
CLI_SCRIPT = f"""#!/bin/sh
# Test harness only (tests/harness/docker.py): builds use the host network.
if [ "$1" = build ]; then
    case " $* " in
        *" --network"*) ;;
        *) shift; exec {DOCKER} build --network host "$@" ;;
    esac
fi
exec {DOCKER} "$@"
"""


def install(bindir: Path) -> None:
    """Put ``docker`` (see CLI_SCRIPT) and the pinned ``hadolint`` on a scenario's PATH."""
    cli = bindir / "docker"
    cli.write_text(CLI_SCRIPT)
    cli.chmod(0o755)
    hadolint = REPO / ".venv" / "bin" / "hadolint"
    if not hadolint.exists():
        raise FileNotFoundError(f"{hadolint} is missing: run 'make install' first")
    (bindir / "hadolint").symlink_to(hadolint)


def environment(home: Path) -> dict[str, str]:
    """A scenario's Docker settings: the tests' dockerd, BuildKit, the CLI's config in HOME."""
    return {"DOCKER_HOST": DOCKER_HOST, "DOCKER_BUILDKIT": "1", "DOCKER_CONFIG": str(home / ".docker")}


class DockerUnavailable(RuntimeError):
    """dockerd cannot run here; the message says what to do."""


def _hash(text: str, n: int = 8) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def base_tarball() -> Path:
    """The cached base root file system, named after the hash of the command that makes it."""
    return IMAGES / f"debian-python-3.11-{_hash(' '.join([*MMDEBSTRAP, MIRROR]), 12)}.tar.zst"


def check_machine() -> None:
    missing = [name for name in ("dockerd", "mmdebstrap", "zstd") if shutil.which(name) is None]
    if not DOCKER.exists():
        missing.append(str(DOCKER))
    if missing:
        raise DockerUnavailable(f"the Docker tests need {', '.join(missing)}: run {INSTALL_HINT}")
    if os.geteuid() != 0:
        raise DockerUnavailable(
            "the Docker tests start their own dockerd, which needs root: run the tests as root "
            f"(and {INSTALL_HINT} once)"
        )


def _mounts_under(*roots: Path) -> list[str]:
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as fh:
        for line in fh:
            point = line.split()[4].encode().decode("unicode_escape")
            if any(point == str(r) or point.startswith(f"{r}/") for r in roots):
                found.append(point)
    return sorted(found, key=len, reverse=True)


def _unmount_under(*roots: Path) -> None:
    """dockerd leaves an nsfs mount at <exec-root>/netns/default (and, after a failed start,
    a bind mount on its data root): remove them before the folders go."""
    for point in _mounts_under(*roots):
        subprocess.run(["umount", "-l", point], capture_output=True)


class Daemon:
    """A private dockerd for one test run (see the module's docstring)."""

    def __init__(self, index_root_url: str) -> None:
        self.index_root_url = index_root_url
        self.run_dir = RUN_DIR
        self.socket = RUN_DIR / "docker.sock"
        self.host = DOCKER_HOST
        self.pidfile = self.run_dir / "dockerd.pid"
        self.log = DATA_ROOT / "dockerd.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._lock: int | None = None

    # -- the CLI, as the harness uses it (never shown on a page) ----------------------------
    def env(self) -> dict[str, str]:
        return {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(DATA_ROOT),
            "DOCKER_HOST": self.host,
            "DOCKER_CONFIG": str(DATA_ROOT / "cli"),
            "DOCKER_BUILDKIT": "1",
        }

    def docker(self, *args: str, input: bytes | None = None, timeout: float = 600) -> str:
        result = subprocess.run(
            [str(DOCKER), *args], env=self.env(), input=input, capture_output=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"docker {' '.join(args)} failed ({result.returncode}):\n"
                + result.stdout.decode(errors="replace")[-3000:]
                + result.stderr.decode(errors="replace")[-3000:]
            )
        return result.stdout.decode(errors="replace")

    # -- lifecycle ----------------------------------------------------------------------
    def __enter__(self) -> Daemon:
        check_machine()
        DATA_ROOT.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(DATA_ROOT / ".lock", os.O_CREAT | os.O_RDWR)
        deadline = time.monotonic() + LOCK_WAIT
        while True:  # another test run of this clone may be using the daemon: wait for it
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self._lock)
                    self._lock = None
                    raise DockerUnavailable(
                        f"another test run has used the Docker tier's dockerd ({DATA_ROOT}) for "
                        f"{LOCK_WAIT // 60:.0f} minutes; let it finish, or stop it"
                    ) from None
                time.sleep(2)
        try:
            self._stop_leftover()
            self._start()
            self._base_images()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        _unmount_under(self.run_dir, DATA_ROOT / "data")
        shutil.rmtree(self.run_dir, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def _stop_leftover(self) -> None:
        """A dockerd that a killed test run left behind (we hold the lock, so it is ours)."""
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            pid = 0
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.1)
            except ProcessLookupError:
                pass
        _unmount_under(self.run_dir, DATA_ROOT / "data")
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def _start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        command = [
            "dockerd",
            "--data-root", str(DATA_ROOT / "data"),
            "--exec-root", str(self.run_dir / "exec"),
            "--pidfile", str(self.pidfile),
            "--host", self.host,
            "--bridge=none", "--iptables=false", "--ip6tables=false",
            "--storage-driver", "overlay2",
        ]  # fmt: skip
        # the daemon never pulls: a registry request goes to a dead proxy and fails at once
        proxy = _proxy_env()
        log = open(self.log, "wb")
        self.proc = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", **proxy}, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log.read_text(errors="replace").splitlines()[-5:]
                raise DockerUnavailable(
                    f"dockerd exited with status {self.proc.returncode} at start (log: {self.log}):\n"
                    + "\n".join(tail)
                    + f"\nCommand: {' '.join(command)}"
                )
            if self.socket.exists():
                probe = subprocess.run([str(DOCKER), "info"], env=self.env(), capture_output=True)
                if probe.returncode == 0:
                    return
            time.sleep(0.2)
        raise DockerUnavailable(f"dockerd did not answer within 60 s (log: {self.log})")

    # -- one-off images -----------------------------------------------------------------
    def _base_images(self) -> None:
        tarball = base_tarball()
        if not tarball.exists():
            make_base_tarball(tarball)
        debian = f"p2p/debian-python:3.11-{tarball.name.rsplit('-', 1)[1].split('.')[0]}"
        if subprocess.run([str(DOCKER), "image", "inspect", debian], env=self.env(), capture_output=True).returncode:
            with subprocess.Popen(["zstdcat", str(tarball)], stdout=subprocess.PIPE) as cat:
                assert cat.stdout is not None
                result = subprocess.run(
                    [str(DOCKER), "import", "--change", 'CMD ["python3"]', "--change", "ENV LANG=C.UTF-8", "-", debian],
                    stdin=cat.stdout, env=self.env(), capture_output=True,
                )
            if result.returncode:
                raise RuntimeError(f"docker import {tarball} failed: {result.stderr.decode(errors='replace')}")
        host_port = self.index_root_url.split("://", 1)[1].rstrip("/")
        with tempfile.TemporaryDirectory(prefix="p2p-docker-base-") as context:
            Path(context, "sitecustomize.py").write_text(SITECUSTOMIZE.format(url=self.index_root_url, netloc=host_port))
            # what a build or container tries beyond 127.0.0.1 goes to a dead proxy
            proxy = " ".join(f"{k}={v}" for k, v in _proxy_env().items())
            Path(context, "Dockerfile").write_text(
                f"FROM {debian}\nCOPY sitecustomize.py /etc/python3.11/sitecustomize.py\nENV {proxy}\n"
            )
            self.docker("build", "--network", "host", "-q", "-t", BASE_TAG, context)

    def fresh(self) -> None:
        """Forget what earlier scenarios built: their images, containers and the build cache
        (the base images stay), so a scenario's first build is a cold one."""
        self.docker("container", "prune", "-f")
        for line in self.docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").splitlines():
            name, image_id = line.rsplit(" ", 1)
            if name != BASE_TAG and not name.startswith("p2p/debian-python:"):
                self.docker("image", "rm", "-f", image_id if name.startswith("<none>") else name)
        self.docker("image", "prune", "-f")
        self.docker("builder", "prune", "-af")


def _proxy_env() -> dict[str, str]:
    from .sandbox import DEAD_PROXY

    dead = {k: DEAD_PROXY for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    return dead | {"no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}


def make_base_tarball(target: Path) -> None:
    """Run mmdebstrap once (about a minute; it downloads Debian packages from the mirror),
    then compress its tar next to ``target`` and move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mmdebstrap-", dir=target.parent) as work:
        tar = Path(work) / "base.tar"
        result = subprocess.run([*MMDEBSTRAP, str(tar), MIRROR], capture_output=True, timeout=1200)
        if result.returncode:
            raise DockerUnavailable(
                "mmdebstrap could not make the Docker tests' base image "
                f"(command: {' '.join(MMDEBSTRAP)} {tar} {MIRROR}):\n"
                + result.stderr.decode(errors="replace")[-3000:]
            )
        subprocess.run(["zstd", "-q", "-3", "-T2", str(tar), "-o", f"{tar}.zst"], check=True)
        os.replace(f"{tar}.zst", target)

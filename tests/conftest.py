"""Shared fixtures: the local package index, scenario sandboxes, and the machine guard."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness import cache as result_cache
from harness import groups, runner
from harness import index as index_module
from harness import tls
from harness.paths import REPO
from harness.sandbox import Sandbox, base_python


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snippets",
        action="store_true",
        help="rewrite expected outputs and compared files from real runs (never in CI)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist registers this marker only when it is active (not under -p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one worker (make test uses --dist loadgroup)")
    if config.getoption("--update-snippets") and os.environ.get("CI"):
        raise pytest.UsageError("--update-snippets is refused when CI is set: CI only compares")
    result_cache.configure(config)
    if os.environ.get("P2P_TIMINGS"):
        config.pluginmanager.register(SessionTimings(), "p2p-session-timings")


# Results cached by their inputs (harness.cache): only with P2P_SCENARIO_CACHE=1, as make sets it.
pytest_runtest_protocol = result_cache.pytest_runtest_protocol
pytest_report_teststatus = result_cache.pytest_report_teststatus
pytest_runtest_logreport = result_cache.pytest_runtest_logreport


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    result_cache.terminal_summary(terminalreporter, config)


class SessionTimings:
    """make bench: how long each session fixture's set-up took, and in which test (set-up
    shared by the session, reported apart from the harness's work in each scenario).
    Registered as a plugin: a session fixture's set-up hook is not offered to this
    conftest, which is not at the rootdir."""

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):  # type: ignore[no-untyped-def]
        if fixturedef.scope != "session":
            return (yield)
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
            runner.record_rows([{"session": fixturedef.argname, "test": test, "seconds": time.perf_counter() - started}])


@pytest.fixture
def console_scripts_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-console-scripts finds ``pip2poetry`` through PATH: put the test environment's
    bin directory first (``make test`` runs .venv/bin/pytest without activating the venv).
    The tool tests' conftest files use it for every test."""
    bindir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bindir + os.pathsep + os.environ.get("PATH", ""))


@pytest.fixture(scope="session")
def update_snippets(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snippets"))


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    returncode: int
    stderr: str


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> BuiltSite:
    """The site exactly as ``make html`` builds it (``_build/html``, ``-n -W --keep-going``),
    built once per test run and shared by both workers (the strict-build test and the
    browser tests). Incremental: after ``make html`` (as in CI) it only checks what changed.
    A lock serialises the workers; a stamp with the run's id lets the second one reuse it."""
    out = REPO / "_build" / "html"
    out.parent.mkdir(exist_ok=True)
    run = getattr(request.config, "workerinput", {}).get("testrunuid") or f"pid-{os.getpid()}"
    stamp = out.parent / "p2p-test-build.json"
    with open(out.parent / ".p2p-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and (done := json.loads(stamp.read_text(encoding="utf-8")))["run"] == run:
            return BuiltSite(out, done["returncode"], done["stderr"])
        command = [sys.executable, "-m", "sphinx", "-q", "--no-color", "-n", "-W", "--keep-going", "-c", str(REPO), str(REPO / "docs"), str(out)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)
        stamp.write_text(json.dumps({"run": run, "returncode": result.returncode, "stderr": result.stderr}), encoding="utf-8")
        return BuiltSite(out, result.returncode, result.stderr)


@pytest.fixture(scope="session")
def made_up() -> list[index_module.Distribution]:
    """The made-up packages, built once per worker."""
    return index_module.made_up_distributions()


@pytest.fixture(scope="session")
def package_index(made_up: list[index_module.Distribution]) -> Iterator[index_module.PackageIndex]:
    """Made-up packages plus the real wheelhouse, served on 127.0.0.1 (one per worker)."""
    dists = [d for d in made_up if not d.index] + index_module.wheelhouse_distributions()
    with index_module.PackageIndex(dists) as served:
        yield served


@pytest.fixture
def private_index(made_up: list[index_module.Distribution]) -> Iterator[index_module.PackageIndex]:
    """The made-up packages behind basic auth, shown in snippets as index.PRIVATE_URL
    (all but the public-only ones, which stand for public releases of an internal name).
    One per test (starting one takes a millisecond): what a scenario publishes to it is
    gone for the next."""
    private = [d for d in made_up if not d.public_only and not d.index]
    with index_module.PackageIndex(
        private, auth=index_module.PRIVATE_CREDENTIALS, uploads=True, token=index_module.PRIVATE_TOKEN
    ) as served:
        yield served


@pytest.fixture(scope="session")
def mirror_index(package_index: index_module.PackageIndex) -> Iterator[index_module.PackageIndex]:
    """The same distributions on a server of their own, shown in snippets as
    index.MIRROR_URL (a company's mirror of PyPI)."""
    with index_module.PackageIndex.mirror_of(package_index) as served:
        yield served


@pytest.fixture(scope="session")
def private_ca(tmp_path_factory: pytest.TempPathFactory) -> tls.Authority:
    """A throwaway CA and a server certificate for 127.0.0.1 that it signed (harness.tls)."""
    try:
        return tls.make_ca(tmp_path_factory.mktemp("private-ca"))
    except tls.TlsUnavailable as exc:
        pytest.fail(f"HTTPS index: {exc}", pytrace=False)  # never a skip


@pytest.fixture(scope="session")
def https_index(package_index: index_module.PackageIndex, private_ca: tls.Authority) -> Iterator[index_module.PackageIndex]:
    """The same distributions over HTTPS with the throwaway CA's certificate, shown in
    snippets as tls.SHOWN_URL; no tool trusts it until given the CA's certificate."""
    with index_module.PackageIndex.mirror_of(package_index, tls=private_ca.server_context()) as served:
        yield served


@pytest.fixture(scope="session")
def cpu_index(made_up: list[index_module.Distribution], package_index: index_module.PackageIndex) -> Iterator[index_module.PackageIndex]:
    """The made-up CPU-only wheels (packages.toml ``index = "cpu"``), shown in snippets as
    index.CPU_URL with the simple API under index.CPU_SIMPLE_PATH, as PyTorch's CPU index
    is. It records what it serves in the PyPI stand-in's ``served``, so the made-up-package
    check of a scenario sees it."""
    cpu = [d for d in made_up if d.index == "cpu"]
    with index_module.PackageIndex(cpu, simple_path=index_module.CPU_SIMPLE_PATH) as served:
        served.served = package_index.served
        yield served


@pytest.fixture(scope="session")
def docker_daemon(package_index: index_module.PackageIndex) -> Iterator[object]:
    """The Docker tier's own dockerd and base images (see harness.docker), started once per
    worker, and only when a scenario with tools = [..., "docker"] asks for it."""
    from harness import docker

    try:
        with docker.Daemon(package_index.root_url) as daemon:
            yield daemon
            return
    except docker.DockerUnavailable as exc:
        problem = str(exc)
    pytest.fail(f"Docker tier: {problem}", pytrace=False)  # never a skip: make test must run it


@pytest.fixture(scope="session")
def poetry_releases() -> dict[str, Path]:
    """The older Poetry releases a step can pick (``poetry = "1.8.5"``), each its own
    virtualenv's interpreter: make installs them from the wheelhouse into
    .tools/poetry-<version> (harness.poetry_releases). A missing one fails only the steps
    that use it, naming make install."""
    from harness import poetry_releases as releases

    return {version: releases.python(version) for version in releases.RELEASES if (releases.venv(version) / ".done").exists()}


@pytest.fixture
def make_sandbox(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
    tmp_path: Path,
    package_index: index_module.PackageIndex,
    private_index: index_module.PackageIndex,
    cpu_index: index_module.PackageIndex,
    mirror_index: index_module.PackageIndex,
    https_index: index_module.PackageIndex,
    private_ca: tls.Authority,
    poetry_releases: dict[str, Path],
):
    """Build the isolated HOME/PATH/environment for a scenario (see harness.sandbox).
    Its HOME holds the throwaway CA's certificate as ~/.local/share/certs/acme-root-ca.pem (harness.tls)."""

    count = 0

    def make(tools: tuple[str, ...] = ("poetry", "pip2poetry")) -> Sandbox:
        nonlocal count
        count += 1
        daemon = request.getfixturevalue("docker_daemon") if "docker" in tools else None
        started = time.perf_counter()
        test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
        if daemon is not None:  # a cold build cache, whichever scenarios ran before
            daemon.fresh()
            runner.record_rows([{"harness": "docker clean-up", "test": test, "seconds": time.perf_counter() - started}])
        root = tmp_path / f"sandbox-{count}"
        root.mkdir()
        sandbox = Sandbox(
            root,
            pypi_url=package_index.pypi_url,
            simple_url=package_index.simple_url,
            tools=tools,
            aliases={
                index_module.PRIVATE_URL: private_index.root_url.rstrip("/"),
                index_module.MIRROR_URL: mirror_index.root_url.rstrip("/"),
                tls.SHOWN_URL: https_index.root_url.rstrip("/"),
            },
            credentials=index_module.PRIVATE_CREDENTIALS,
            token=index_module.PRIVATE_TOKEN,
        )
        sandbox.aliases[index_module.CPU_URL] = cpu_index.root_url.rstrip("/")
        sandbox.poetry_releases = poetry_releases  # type: ignore[attr-defined]  # see harness.runner
        request.addfinalizer(sandbox.close)
        private_ca.install(sandbox.home)
        runner.record_rows([{"harness": "sandbox", "test": test, "seconds": time.perf_counter() - started}])
        return sandbox

    return make


# -- The machine's own Python must be exactly as it was -----------------------------------
def _site_listing() -> list[str]:
    """Every entry in the base interpreter's site-packages and user site."""
    import json
    import subprocess

    code = "import json, site; print(json.dumps(site.getsitepackages() + [site.getusersitepackages()]))"
    folders = json.loads(subprocess.run([str(base_python()), "-c", code], capture_output=True, text=True, check=True).stdout)
    listing = []
    for folder in map(Path, folders):
        if folder.is_dir():
            listing.extend(f"{folder}/{entry.name}" for entry in sorted(folder.iterdir()))
    return listing


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller, or a run without xdist
        session.config.stash[_SITE_KEY] = _site_listing()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    result_cache.sessionfinish(session)
    before = session.config.stash.get(_SITE_KEY, None)
    if before is None:
        return
    after = _site_listing()
    if after != before:
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        sys.stderr.write(
            "\nERROR: the machine's own Python changed during the tests "
            f"(added: {added}, removed: {removed})\n"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_SITE_KEY = pytest.StashKey[list[str]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the long snippet scenarios first, so two workers finish together."""
    items.sort(key=lambda item: 0 if item.name.startswith("test_scenario[") else 1)
    groups.mark(config, items)

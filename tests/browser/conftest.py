"""Real-browser tests of the built site: Playwright drives Debian's Chromium.

One site build, one HTTP server on 127.0.0.1 and one browser per test run; the tests share
one page, resized to 375 px for the phone checks, instead of opening a context each (about 1 s each).
Chromium is never downloaded by Playwright: `make browser` installs Debian's package, and
a missing browser FAILS the run with the command to type (CI must not go green without it).

The browser is told to resolve no host name but 127.0.0.1
(``--host-resolver-rules``): without it Chromium itself calls Google's hosts at start-up.
Its network log (``--log-net-log``) is kept so a test can prove that.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_pages import SITE_PATH, one_page

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LOOPBACK = "127.0.0.1"
INSTALL_HINT = (
    f"The browser tests need Debian's Chromium, and {CHROMIUM} does not exist. "
    "Run: make browser (as root), or: sudo apt-get install chromium, "
    "or set CHROMIUM=/path/to/chromium."
)


@pytest.fixture(scope="session")
def site(built_site) -> Path:  # type: ignore[no-untyped-def]
    """The site as make html builds it, warnings as errors, built once per run for every
    worker (tests/conftest.py). P2P_SITE=<folder> checks a site built before instead."""
    if os.environ.get("P2P_SITE"):
        return Path(os.environ["P2P_SITE"]).resolve()
    assert built_site.returncode == 0, f"the site does not build:\n{built_site.stderr}"
    return built_site.path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(SITE_PATH):
            return "/nonexistent"  # outside the site's path: 404, as on the host
        return super().translate_path("/" + path[len(SITE_PATH):])


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/<SITE_PATH> (overrides pytest-base-url's)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def net_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chromium") / "net-log.json"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], net_log: Path) -> dict[str, Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(INSTALL_HINT, pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-quic",
            f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOOPBACK}",
            f"--log-net-log={net_log}",
        ],
    }


class Requests:
    """Every request a page of the shared contexts made; anything off 127.0.0.1 is aborted."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        self.urls.append(url)
        if url.startswith(f"http://{LOOPBACK}:") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        return [u for u in self.urls if not u.startswith((f"http://{LOOPBACK}:", "data:", "blob:", "about:"))]


@pytest.fixture(scope="session")
def requests() -> Requests:
    return Requests()


@pytest.fixture(scope="session")
def desktop(browser: Any, base_url: str, requests: Requests) -> Iterator[Any]:
    """One page at 1280x800 shared by the tests (clipboard allowed, for the copy button)."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 800},
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.route("**/*", requests.route)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def pages(site: Path) -> list[str]:
    """Every HTML page of the build, as paths relative to the site root (or only P2P_PAGE's)."""
    everything = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
    )
    only = one_page()
    return [only] if only else everything

"""A local package index on 127.0.0.1, so no test ever talks to PyPI.

It serves two kinds of distributions:

* made-up packages (``tests/package_index/packages.toml``) built here as tiny, byte-for-byte
  reproducible wheels, so examples can show conflicts, extras and markers on demand;
* real wheels from the bootstrapped wheelhouse (Poetry and pytest with their dependencies),
  for steps that install Poetry or run a sample project's own tests.

The server speaks the three dialects the tools use:

* ``/simple/<name>/``: PEP 503 HTML, or PEP 691 JSON when asked (pip, Poetry sources);
* ``/pypi/<name>/<version>/json``: PyPI's JSON API (Poetry's built-in PyPI repository);
* ``/packages/<file>``: the files themselves.

Optionally it demands HTTP basic auth (401 without credentials, 403 with wrong ones), as a
private index does, with a password or an API token (user ``__token__``, as on PyPI); a
made-up package marked ``public-only`` is left out of it (tests/conftest.py). It accepts uploads
(``poetry publish``, twine: the legacy upload API, a multipart POST to the index root or
``/legacy/``).

It remembers which projects it answered for (``served``), so a test can tell which packages
a scenario really used.
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import html
import io
import json
import re
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
import tomllib
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .paths import PACKAGE_INDEX, wheelhouse

ZIP_DATE = (2020, 1, 1, 0, 0, 0)

#: A public index of CPU-only wheels, as PyTorch's ``/whl/cpu`` is, as snippets write it
#: (``CPU_URL`` + ``/`` + ``CPU_SIMPLE_PATH``). It serves only the made-up versions that
#: packages.toml marks ``index = "cpu"`` (local versions such as ``2.5.1+cpu``, tiny
#: stand-ins for wheels far too large to serve); no other index serves those.
CPU_URL = "https://download.example.com"
CPU_SIMPLE_PATH = "whl/cpu"

#: A private index, as snippets write it. Scenarios reach a local index behind basic auth
#: under this address: commands and written files have it replaced by the local address,
#: and output shows it again in place of the local one (``normalise.rewrite``).
PRIVATE_URL = "https://pypi.example.com"
PRIVATE_CREDENTIALS = ("alice", "s3cret")
#: An API token the private index also accepts, sent the way PyPI and many registries take
#: one: HTTP basic auth with the user name ``__token__`` and the token as the password.
PRIVATE_TOKEN = "acme-tok-5c1e7b9d"
TOKEN_USERNAME = "__token__"
#: A company's mirror of PyPI, as snippets write it: the local PyPI stand-in's distributions
#: on a server of their own (``PackageIndex.mirror_of``), so that only this address shows
#: as it. ``harness.tls.SHOWN_URL`` is the same over HTTPS, behind a company's own CA.
MIRROR_URL = "https://mirror.example.com"


def normalise_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Distribution:
    name: str
    version: str
    filename: str
    data: bytes
    requires_dist: list[str] = field(default_factory=list)
    requires_python: str | None = None
    summary: str = ""
    #: served by the public stand-in only, never by the private index (packages.toml
    #: ``public-only = true``): a public release that takes an internal package's name
    public_only: bool = False
    #: served only by the index of that name (packages.toml ``index = "cpu"`` on a version:
    #: the CPU-wheel index), never by the PyPI stand-in or the private index; else ""
    index: str = ""

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build_wheel(
    name: str,
    version: str,
    *,
    summary: str = "",
    requires: list[str] | tuple[str, ...] = (),
    extras: dict[str, list[str]] | None = None,
    requires_python: str | None = None,
) -> Distribution:
    """A minimal, valid, reproducible pure-Python wheel with an importable module."""
    module = normalise_name(name).replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {summary}",
    ]
    if requires_python:
        metadata.append(f"Requires-Python: {requires_python}")
    requires_dist = list(requires)
    for extra, reqs in (extras or {}).items():
        metadata.append(f"Provides-Extra: {extra}")
        for req in reqs:
            sep = " and " if ";" in req else "; "
            requires_dist.append(f'{req}{sep}extra == "{extra}"')
    metadata.extend(f"Requires-Dist: {req}" for req in requires_dist)
    files = {
        f"{module}/__init__.py": (
            f'"""{summary or name} (a made-up package for the guide\'s tests)."""\n\n'
            f'__version__ = "{version}"\n'
        ).encode(),
        f"{dist_info}/METADATA": ("\n".join(metadata) + "\n").encode(),
        f"{dist_info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: pip2poetry-tests\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
    }
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Distribution(
        name=name,
        version=version,
        filename=f"{module}-{version}-py3-none-any.whl",
        data=buffer.getvalue(),
        requires_dist=requires_dist,
        requires_python=requires_python,
        summary=summary,
    )


def made_up_distributions(spec: Path = PACKAGE_INDEX / "packages.toml") -> list[Distribution]:
    data = tomllib.loads(spec.read_text(encoding="utf-8"))
    dists = []
    for name, package in data.items():
        for version, details in package["versions"].items():
            dist = build_wheel(
                name,
                version,
                summary=package.get("summary", ""),
                requires=details.get("requires", []),
                extras=details.get("extras"),
                requires_python=details.get("requires-python"),
            )
            dist.public_only = bool(package.get("public-only", False))
            dist.index = details.get("index", "")
            dists.append(dist)
    return dists


def wheelhouse_distributions(folder: Path | None = None) -> list[Distribution]:
    folder = folder or wheelhouse()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is missing: run 'make install' first")
    dists = []
    for path in sorted(folder.glob("*.whl")):
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            meta = email.parser.BytesParser().parsebytes(archive.read(meta_name), headersonly=True)
        dists.append(
            Distribution(
                name=meta["Name"],
                version=meta["Version"],
                filename=path.name,
                data=data,
                requires_dist=meta.get_all("Requires-Dist") or [],
                requires_python=meta.get("Requires-Python"),
                summary=meta.get("Summary") or "",
            )
        )
    return dists


class PackageIndex:
    """Serves distributions on 127.0.0.1 (an ephemeral port) from a background thread."""

    def __init__(
        self,
        dists: list[Distribution],
        auth: tuple[str, str] | None = None,
        uploads: bool = False,
        token: str | None = None,
        simple_path: str = "simple",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.projects: dict[str, list[Distribution]] = {}
        self.files: dict[str, Distribution] = {}
        #: where the simple API (PEP 503/691) lives: "simple", or CPU_SIMPLE_PATH
        self.simple_parts = simple_path.strip("/").split("/")
        for dist in dists:
            self.add(dist)
        self.auth = auth
        #: with auth, also accepted: user name TOKEN_USERNAME and this token as the password
        self.token = token
        self.uploads = uploads
        #: normalised names of the projects a request found (page, JSON or file), in order
        self.served: list[str] = []
        #: normalised names of the projects uploaded to this index
        self.uploaded: set[str] = set()
        handler = type("Handler", (_Handler,), {"index": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        #: with a server context (harness.tls), HTTPS: a client that rejects the certificate
        #: ends its own connection in the handshake, which the server loop drops quietly
        self.scheme = "https" if tls else "http"
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        # a short poll: shutdown() waits for the loop to notice (0.5 s by default), and the
        # private index starts and stops once per scenario
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @classmethod
    def mirror_of(cls, other: PackageIndex, tls: ssl.SSLContext | None = None) -> PackageIndex:
        """Another server for ``other``'s distributions, recording what it serves in
        ``other.served`` (so the made-up-package checks see it), over HTTPS with ``tls``."""
        mirror = cls([], tls=tls)
        mirror.projects, mirror.files, mirror.served = other.projects, other.files, other.served
        return mirror

    def add(self, dist: Distribution) -> None:
        self.projects.setdefault(normalise_name(dist.name), []).append(dist)
        self.files[dist.filename] = dist

    @property
    def root_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{self.scheme}://{host}:{port}/"

    @property
    def pypi_url(self) -> str:
        """Root URL in PyPI's layout, for Poetry's built-in PyPI repository."""
        return self.root_url

    @property
    def simple_url(self) -> str:
        """PEP 503 URL, for pip's --index-url or a Poetry [[tool.poetry.source]]."""
        return self.root_url + "/".join(self.simple_parts) + "/"

    def __enter__(self) -> PackageIndex:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    index: PackageIndex
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a test's output should show its own failures, not the index's log."""

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if status == HTTPStatus.UNAUTHORIZED:
            self.send_header("WWW-Authenticate", 'Basic realm="pip2poetry-tests"')
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _authorised(self) -> bool:
        if self.index.auth is None:
            return True
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            self._send(HTTPStatus.UNAUTHORIZED, b"401 Unauthorized")
            return False
        pairs = [self.index.auth] + ([(TOKEN_USERNAME, self.index.token)] if self.index.token else [])
        expected = {base64.b64encode(":".join(pair).encode()).decode() for pair in pairs}
        if header.removeprefix("Basic ").strip() not in expected:
            self._send(HTTPStatus.FORBIDDEN, b"403 Forbidden")
            return False
        return True

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if not self._authorised():
            return
        # unquoted: a local version's "+" arrives as %2B from a client that quotes it
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        parts = [p for p in path.split("/") if p]
        simple = self.index.simple_parts
        if parts == simple:
            return self._simple_root()
        if len(parts) == len(simple) + 1 and parts[:-1] == simple:
            return self._simple_project(parts[-1])
        if len(parts) in (3, 4) and parts[0] == "pypi" and parts[-1] == "json":
            return self._json_api(parts[1], parts[2] if len(parts) == 4 else None)
        if len(parts) == 2 and parts[0] == "packages" and parts[1] in self.index.files:
            dist = self.index.files[parts[1]]
            self.index.served.append(normalise_name(dist.name))
            return self._send(HTTPStatus.OK, dist.data, "application/octet-stream")
        self._send(HTTPStatus.NOT_FOUND, b"404 Not Found")

    def do_POST(self) -> None:  # noqa: N802
        """The legacy upload API: multipart form with ':action' = 'file_upload' and 'content'."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)  # read before answering, so the client sees the answer
        if not self._authorised():
            return
        path = self.path.split("?", 1)[0].rstrip("/")
        if not self.index.uploads or path not in ("", "/legacy"):
            return self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"405 Method Not Allowed")
        fields = _multipart(self.headers.get("Content-Type", ""), body)
        content = fields.get("content")
        if fields.get(":action") != b"file_upload" or not isinstance(content, tuple):
            return self._send(HTTPStatus.BAD_REQUEST, b"400 Bad Request: not a file upload")
        filename, data = content
        if filename in self.index.files:
            return self._send(HTTPStatus.BAD_REQUEST, b"400 File already exists")
        if hashlib.sha256(data).hexdigest() != fields.get("sha256_digest", b"").decode():
            return self._send(HTTPStatus.BAD_REQUEST, b"400 Digest mismatch")
        name, version = fields.get("name", b"").decode(), fields.get("version", b"").decode()
        requires = [r.decode() for r in fields.get_all("requires_dist")]
        self.index.add(
            Distribution(
                name=name,
                version=version,
                filename=filename,
                data=data,
                requires_dist=requires,
                requires_python=(fields.get("requires_python") or b"").decode() or None,
                summary=(fields.get("summary") or b"").decode(),
            )
        )
        self.index.uploaded.add(normalise_name(name))
        self._send(HTTPStatus.OK, b"OK")

    def _wants_json(self) -> bool:
        return "application/vnd.pypi.simple.v1+json" in self.headers.get("Accept", "")

    def _file_entry(self, dist: Distribution) -> dict[str, object]:
        entry: dict[str, object] = {
            "filename": dist.filename,
            "url": f"/packages/{dist.filename}",
            "hashes": {"sha256": dist.sha256},
            "size": len(dist.data),
        }
        if dist.requires_python:
            entry["requires-python"] = dist.requires_python
        return entry

    def _simple_root(self) -> None:
        names = sorted(self.index.projects)
        if self._wants_json():
            body = {"meta": {"api-version": "1.0"}, "projects": [{"name": n} for n in names]}
            return self._send(HTTPStatus.OK, json.dumps(body).encode(), "application/vnd.pypi.simple.v1+json")
        links = "".join(f'<a href="{n}/">{n}</a>\n' for n in names)
        self._send(HTTPStatus.OK, f"<!DOCTYPE html><html><body>\n{links}</body></html>\n".encode(), "text/html")

    def _simple_project(self, raw_name: str) -> None:
        name = normalise_name(raw_name)
        dists = self.index.projects.get(name)
        if dists is None:
            return self._send(HTTPStatus.NOT_FOUND, b"404 Not Found")
        self.index.served.append(name)
        if self._wants_json():
            body = {
                "meta": {"api-version": "1.0"},
                "name": name,
                "files": [self._file_entry(d) for d in dists],
            }
            return self._send(HTTPStatus.OK, json.dumps(body).encode(), "application/vnd.pypi.simple.v1+json")
        lines = []
        for d in dists:
            rp = f' data-requires-python="{html.escape(d.requires_python)}"' if d.requires_python else ""
            lines.append(f'<a href="/packages/{d.filename}#sha256={d.sha256}"{rp}>{d.filename}</a><br/>')
        body = f"<!DOCTYPE html><html><body>\n<h1>Links for {name}</h1>\n" + "\n".join(lines) + "\n</body></html>\n"
        self._send(HTTPStatus.OK, body.encode(), "text/html")

    def _json_api(self, raw_name: str, version: str | None) -> None:
        dists = self.index.projects.get(normalise_name(raw_name), [])
        if version is None and dists:
            version = max((d.version for d in dists), key=_version_key)
        chosen = [d for d in dists if d.version == version]
        if not chosen:
            return self._send(HTTPStatus.NOT_FOUND, b"404 Not Found")
        self.index.served.append(normalise_name(raw_name))
        first = chosen[0]
        body = {
            "info": {
                "name": first.name,
                "version": first.version,
                "summary": first.summary,
                "requires_dist": first.requires_dist,
                "requires_python": first.requires_python,
                "yanked": False,
                "yanked_reason": None,
            },
            "urls": [
                {
                    "filename": d.filename,
                    "packagetype": "bdist_wheel",
                    "url": f"{self.index.root_url}packages/{d.filename}",
                    "digests": {"sha256": d.sha256},
                    "size": len(d.data),
                    "yanked": False,
                }
                for d in chosen
            ],
        }
        self._send(HTTPStatus.OK, json.dumps(body).encode(), "application/json")


class _Fields(dict):  # type: ignore[type-arg]
    """Form fields: the first value of each name, and every value through get_all."""

    def __init__(self) -> None:
        super().__init__()
        self.every: dict[str, list[object]] = {}

    def get_all(self, name: str) -> list[bytes]:
        return [v for v in self.every.get(name, []) if isinstance(v, bytes)]


def _multipart(content_type: str, body: bytes) -> _Fields:
    """Parse multipart/form-data with the standard library's MIME parser."""
    message = email.parser.BytesParser().parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
    )
    fields = _Fields()
    if not message.is_multipart():
        return fields
    for part in message.get_payload():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        value: object = (filename, payload) if filename else payload
        fields.setdefault(name, value)
        fields.every.setdefault(name, []).append(value)
    return fields


def _version_key(version: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.+-]", version))


def http_status(request: "str | urllib.request.Request", auth: tuple[str, str] | None = None) -> int:
    """The HTTP status an index answers a request (or a plain GET of a URL) with, sent with
    basic auth when ``auth`` is given; an error status is an answer too. For tests."""
    if isinstance(request, str):
        request = urllib.request.Request(request)
    if auth is not None:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code

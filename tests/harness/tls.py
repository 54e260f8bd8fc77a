"""A throwaway certificate authority, and the local index served over HTTPS with it.

Pages about a company index behind the company's own CA need a server whose certificate no
tool trusts until it is told about that CA. ``make_ca`` creates one with the ``openssl``
command-line tool (Debian's, always on the machine): a self-signed CA certificate and a server
certificate it signed for ``IP:127.0.0.1``, valid for two days, in a folder of the test run's
temporary directory. Nothing is added to any trust store: only a tool given ``ca.pem`` (Poetry
with ``certificates.<name>.cert``) trusts the server.

``https_index`` (tests/conftest.py) serves the same distributions as the local PyPI stand-in,
through the same ``served`` list, so the made-up-package checks see what a scenario fetched
over HTTPS too. Snippets call it :data:`SHOWN_URL`; every scenario's HOME holds the CA's
certificate as :data:`CA_FILE`, where a reader keeps the file their IT department gave them.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The HTTPS index, as snippets write it (a company's PyPI mirror behind the company's CA).
SHOWN_URL = "https://artifacts.example.com"
#: Where every scenario's HOME holds the CA's certificate (relative to HOME): out of sight of
#: an ``ls`` in HOME, which a scenario that clones its sample expects to find empty.
CA_FILE = ".local/share/certs/acme-root-ca.pem"

_SERVER_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


class TlsUnavailable(RuntimeError):
    """The openssl command is missing or failed."""


@dataclass(frozen=True)
class Authority:
    folder: Path

    @property
    def ca_cert(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def server_cert(self) -> Path:
        return self.folder / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.folder / "server.key"

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.server_cert, self.server_key)
        return context

    def install(self, home: Path) -> Path:
        """Put the CA's certificate (never a key) into a scenario's HOME."""
        target = home / CA_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.ca_cert, target)
        return target


def _openssl(*args: str, cwd: Path) -> None:
    command = shutil.which("openssl")
    if command is None:
        raise TlsUnavailable("the openssl command is not on PATH (Debian package openssl)")
    result = subprocess.run([command, *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise TlsUnavailable(f"openssl {args[0]} failed: {result.stderr.strip()}")


def make_ca(folder: Path) -> Authority:
    """A new CA and a server certificate for 127.0.0.1 that it signed, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/O=Acme/CN=Acme Root CA (pip2poetry tests)",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)
    _openssl("req", "-new", *curve, "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/O=Acme/CN=127.0.0.1", cwd=folder)
    (folder / "server.ext").write_text(_SERVER_EXTENSIONS, encoding="utf-8")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-days", "2", "-extfile", "server.ext", "-out", "server.pem", cwd=folder)
    return Authority(folder)

"""The private index's credentials never reach what readers see or what a project commits.

Two halves:

* every snippet file (what a page shows, what a scenario writes into a project) and every
  reader-facing page is searched for the private index's password and token, and for the
  basic-auth header values that carry them;
* every scenario run is searched the same way afterwards, files and outputs alike
  (``Sandbox.leaks``, called by test_snippets for each scenario). Here that search is
  shown finding each kind of leak, and leaving Poetry's own ``auth.toml`` alone.

The index itself accepts a token the way PyPI does (user ``__token__``); that is tested
here too, since the how-to "Use a private package index" relies on it, as is what the
how-to says the pinned Poetry does where it finds a keyring backend (the scenarios' machine
has none).
"""

from __future__ import annotations

import base64
from pathlib import Path

from harness import index
from harness.paths import DOCS, REPO, SNIPPETS

#: Sections readers see. docs/contributing.md names the test password on purpose: it
#: tells contributors what the private index accepts.
READER_SECTIONS = ("tutorials", "how-to", "explanation", "reference")


def secrets() -> dict[bytes, str]:
    user, password = index.PRIVATE_CREDENTIALS
    token = index.PRIVATE_TOKEN
    return {
        password.encode(): "the password",
        token.encode(): "the token",
        base64.b64encode(f"{user}:{password}".encode()): "a basic-auth header with the password",
        base64.b64encode(f"{index.TOKEN_USERNAME}:{token}".encode()): "a basic-auth header with the token",
    }


def files_with_credentials(paths: list[Path], root: Path = REPO) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [f"{path.relative_to(root)}: {what}" for secret, what in secrets().items() if secret in data]
    return found


def reader_files() -> list[Path]:
    files = [p for p in SNIPPETS.rglob("*") if p.is_file()]
    for section in READER_SECTIONS:
        files += [p for p in (DOCS / section).rglob("*") if p.is_file()]
    return sorted(files)


def test_no_snippet_or_page_holds_a_credential() -> None:
    files = reader_files()
    assert any(p.parent.name == "use-a-private-package-index" for p in files)
    assert files_with_credentials(files) == []


def test_a_credential_in_a_snippet_is_found(tmp_path: Path) -> None:
    """The search above can fail: a written file with the token, an output with the header."""
    (tmp_path / "pyproject.toml").write_text(
        f'[[tool.poetry.source]]\nurl = "https://__token__:{index.PRIVATE_TOKEN}@pypi.example.com/simple/"\n'
    )
    header = base64.b64encode(b"alice:" + index.PRIVATE_CREDENTIALS[1].encode()).decode()
    (tmp_path / "verbose.console").write_text(f"$ poetry -vvv lock\nAuthorization: Basic {header}\n")
    (tmp_path / "clean.console").write_text('$ poetry config http-basic.acme "$INDEX_USERNAME" "$INDEX_PASSWORD"\n')
    assert files_with_credentials(sorted(tmp_path.iterdir()), tmp_path) == [
        "pyproject.toml: the token",
        "verbose.console: a basic-auth header with the password",
    ]


def test_a_run_leaking_the_token_or_a_header_is_caught_but_auth_toml_is_not(make_sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox = make_sandbox(())
    assert sandbox.env()["INDEX_TOKEN"] == index.PRIVATE_TOKEN
    auth = sandbox.home / ".config" / "pypoetry" / "auth.toml"
    auth.parent.mkdir(parents=True)
    auth.write_text(f'[pypi-token]\nacme = "{index.PRIVATE_TOKEN}"\n')
    assert sandbox.leaks() == []
    shell = sandbox.shell(sandbox.home)
    try:
        shell.run('echo "Authorization: Basic $(printf "__token__:%s" "$INDEX_TOKEN" | base64)"')
        shell.run('echo "the token is hidden: ${INDEX_TOKEN//?/*}"')
    finally:
        shell.close()
    # an installer that records an address with credentials in an installed package
    dist_info = sandbox.home / "venv" / "lib" / "python3.11" / "site-packages" / "acme_reports-1.4.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "direct_url.json").write_text(f'{{"url": "https://__token__:{index.PRIVATE_TOKEN}@x/a.whl"}}')
    (dist_info / "METADATA").write_text(f"Summary: {index.PRIVATE_TOKEN}\n")  # package files: not searched
    assert sandbox.leaks() == [
        "~/venv/lib/python3.11/site-packages/acme_reports-1.4.0.dist-info/direct_url.json",
        "the output of command 1",
    ]


def _status(url: str, user: str | None, password: str = "") -> int:
    return index.http_status(url, (user, password) if user is not None else None)


def test_private_index_takes_a_token_as_the_password_of_user_token() -> None:
    dists = [index.build_wheel("aardvark", "1.0.0")]
    with index.PackageIndex(dists, auth=("alice", "s3cret"), token="tok-1") as served:
        url = served.simple_url + "aardvark/"
        assert _status(url, "__token__", "tok-1") == 200
        assert _status(url, "alice", "s3cret") == 200
        assert _status(url, "alice", "tok-1") == 403  # a token belongs to __token__ only
        assert _status(url, "__token__", "wrong") == 403
        assert _status(url, None) == 401
    with index.PackageIndex(dists, auth=("alice", "s3cret")) as without_token:
        assert _status(without_token.simple_url + "aardvark/", "__token__", "") == 403


def test_a_public_only_package_is_never_on_the_private_index(private_index, package_index) -> None:  # type: ignore[no-untyped-def]
    """The made-up public acme-reports stands for a public release of an internal name."""
    public_only = {d.name for d in index.made_up_distributions() if d.public_only}
    assert public_only == {"acme-reports"}
    assert "acme-reports" in package_index.projects
    assert "acme-reports" not in private_index.projects


#: Run inside the pinned Poetry's own interpreter: a keyring backend that keeps passwords in
#: memory (as a desktop's keyring keeps them outside Poetry's files), then Poetry's own
#: ``main()`` on the command the how-to runs. Prints what the keyring holds afterwards.
WITH_A_KEYRING = """
import sys, keyring, keyring.backend

class DesktopKeyring(keyring.backend.KeyringBackend):
    priority = 1
    store = {}
    def get_password(self, service, username):
        return self.store.get((service, username))
    def set_password(self, service, username, password):
        self.store[(service, username)] = password
    def delete_password(self, service, username):
        self.store.pop((service, username), None)

keyring.set_keyring(DesktopKeyring())
from poetry.console.application import main
sys.argv = ["poetry", "config", "http-basic.acme", "alice", sys.argv[1]]
try:
    sys.exit(main())
finally:
    print("keyring:", sorted(DesktopKeyring.store.items()))
"""


def test_with_a_keyring_backend_poetry_keeps_the_password_there_and_prints_no_notice(tmp_path: Path) -> None:
    """The how-to says so next to the notice that this machine's run prints; here the
    pinned Poetry says it too, with a keyring backend that Poetry accepts."""
    import subprocess

    from harness.paths import poetry_venv
    from harness.sandbox import isolated_env

    env = isolated_env(tmp_path / "home", path=[], tmpdir=tmp_path)
    (tmp_path / "home").mkdir()
    password = index.PRIVATE_CREDENTIALS[1]
    result = subprocess.run(
        [str(poetry_venv() / "bin" / "python"), "-c", WITH_A_KEYRING, password],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"keyring: [(('poetry-repository-acme', 'alice'), '{password}')]\n"
    assert result.stderr == ""  # no "Using a plaintext file to store credentials"
    auth = (tmp_path / "home" / ".config" / "pypoetry" / "auth.toml").read_text()
    assert auth == '[http-basic.acme]\nusername = "alice"\n'

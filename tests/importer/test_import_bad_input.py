"""Bad input: one line on stderr, exit status 2, no traceback, nothing written.
Credentials in URLs: never written, never printed."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement

SECRET = "s3cr3t-t0ken"


def assert_refused(result, root: Path, before: dict[Path, bytes], fragment: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pip2poetry: error: "), result.stderr
    assert fragment in lines[0], lines[0]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before  # nothing written


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("files", "args", "fragment"),
    [
        ({}, ["requirements.txt"], "requirements.txt: no such file"),
        ({"requirements.txt": "a==1\n"}, ["--dry-run", "--lock"], "--dry-run writes nothing, and --lock writes poetry.lock"),
        ({"README.md": "x"}, [], "no dependency files found here"),
        ({"requirements.txt": "-r base.txt\n"}, [], "requirements.txt:1:1: -r base.txt: no such file"),
        ({"requirements.txt": "-r a.txt\n", "a.txt": "x==1\n-r b.txt\n", "b.txt": "-r a.txt\n"}, [],
         "b.txt: include cycle: requirements.txt -> a.txt -> b.txt -> a.txt"),
        ({"requirements.txt": "ok==1\nfoo >= 1.0 bar\n"}, [], "requirements.txt:2:12: pip would reject this line: Expected comma (within version specifier), semicolon (after version specifier) or end"),
        ({"requirements.txt": "a==1 \\\n  --frobnicate\n"}, [], "requirements.txt:2:3: pip would reject this line: no such option: --frobnicate"),
        ({"requirements.txt": b"caf\xe9==1.0\n"}, [], "requirements.txt:1: not UTF-8 text (byte 0xe9 at offset 3)"),
        ({"requirements.txt": b"\x89PNG\r\n\x1a\n\x00\x00"}, [], "requirements.txt: binary file (NUL byte at offset 8)"),
        ({"Pipfile": "[packages]\nrequests = \n"}, [], "Pipfile:2:12: malformed Pipfile: invalid value"),
        ({"Pipfile": '[packages]\nrequests = {version = "=>1.0"}\n'}, [], "malformed Pipfile: requests = '=>1.0'"),
        ({"setup.cfg": "[metadata]\nname = x\nname = y\n"}, [], "setup.cfg:3: malformed setup.cfg: option 'name' in section 'metadata' already exists"),
        ({"setup.cfg": "install_requires = x\n"}, [], "setup.cfg:1: malformed setup.cfg: File contains no section headers."),
        ({"setup.py": "setup(\n"}, [], "setup.py:1:6: setup.py is not valid Python: '(' was never closed"),
        ({"requirements.txt": "a==1\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["b"]\n'}, [],
         "pyproject.toml: already declares dependencies ([project] dependencies); refusing to replace them (use --force)"),
        ({"requirements.txt": "a==1\n", "pyproject.toml": '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nb = "^1"\n'}, [],
         "([tool.poetry.dependencies])"),
        ({"requirements.txt": "a==1\n", "pyproject.toml": "[project\n"}, [], "pyproject.toml: invalid TOML"),
        ({"requirements.txt": "a==1\n"}, ["--versions-from", "nowhere"], "--versions-from nowhere: no such file or directory"),
        ({"environment.yml": "dependencies:\n  - python=3.11\n  - pip:\n      - -r requirements.txt\n", "requirements.txt": "a==1\n"},
         ["environment.yml"], "environment.yml: a conda environment, which import does not read"),
        ({"requirements.txt": "a==1\n", "freeze.txt": "a is 1\n"}, ["--versions-from", "freeze.txt"], "freeze.txt:1: not a pip freeze line"),
        ({"requirements.txt": "a==1\n"}, ["--lock", "--poetry", "/nonexistent/poetry"], "--poetry /nonexistent/poetry: not an executable file"),
    ],
    ids=lambda v: None,
)
def test_bad_input_is_refused_with_one_line(proj, imp, files, args, fragment) -> None:
    root = proj(files)
    before = snapshot(root)
    assert_refused(imp(root, *args), root, before, fragment)


def test_force_replaces_a_conflicting_table(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1.0.0\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nb = "^1"\n'})
    result = imp(root, "--force")
    assert result.returncode == 0, result.stderr
    text = (root / "pyproject.toml").read_text()
    assert "[tool.poetry.dependencies]" not in text and '"a (>=1.0.0,<2)"' in text
    assert "pyproject.toml: [tool.poetry.dependencies]: removed (--force)" in result.stdout


# pip rejects these lines; the importer rejects them with pip's reason (packaging's, which
# both use) at the column of packaging's caret, mapped back to the file's line and column.
# The expectations are written out: they are the behaviour, not a comparison of packaging
# with itself.
REJECTED = [
    ("foo ==", "2:5", "Expected semicolon (after name with no version specifier) or end"),
    ("foo[bar", "2:8", "Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras"),
    ("foo[bar baz]", "2:9", "Expected comma between extra names"),
    ("foo>=1.0+local", "2:9", "Local version label can only be used with `==` or `!=` operators"),
    ("foo==1.0.*+x", "2:11", "Local version label can only be used with `==` or `!=` operators"),
    (">=1.0", "2:1", "Expected package name at the start of dependency specifier"),
    ("foo; python_version >", "2:22", "Expected a marker variable or quoted string"),
    ("foo; python_version == '3.11' or", "2:33", "Expected a marker variable or quoted string"),
    ("foo; nonsense == '1'", "2:6", "Expected a marker variable or quoted string"),
    ("foo @", "2:6", "Expected URL after @"),
    ("foo (>=1.0", "2:11", "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier"),
    ("foo>=1.0 bar", "2:10", "Expected comma (within version specifier), semicolon (after version specifier) or end"),
    ("foo~=1", "2:4", "Expected semicolon (after name with no version specifier) or end"),
    ("foo>=1.*", "2:8", ".* suffix can only be used with `==` or `!=` operators"),
    # A continued line: the column is on the physical line where the error is.
    ("foo>=1.0 \\\n  bar", "3:3", "Expected comma (within version specifier), semicolon (after version specifier) or end"),
    # A URL line's marker is read on its own; the column is still the file's.
    ("https://x.example/f-1.0-py3-none-any.whl ; python_version >", "2:60", "Expected a marker variable or quoted string"),
]


@pytest.mark.parametrize(("line", "where", "message"), REJECTED)
def test_rejected_lines_say_why_and_where(proj, imp, line: str, where: str, message: str) -> None:
    root = proj({"requirements.txt": f"ok==1\n{line}\n"})
    before = snapshot(root)
    result = imp(root)
    assert_refused(result, root, before, f"requirements.txt:{where}: pip would reject this line: {message}")
    if not line.startswith("https://"):
        with pytest.raises(InvalidRequirement):  # pip's parser rejects the line too
            Requirement(line.replace("\\\n", ""))


ACCEPTED = ["foo", "foo[a,b]>=1,<2", "foo (>=1.0)", "foo===anything", "foo @ https://x.example/f.whl ; python_version > '3'",
            "foo; python_version >= '3.8' and (os_name == 'nt' or sys_platform != 'win32')", "foo!=1.0.*", "foo==1.0+cpu"]  # fmt: skip


@pytest.mark.parametrize("line", ACCEPTED)
def test_accepted_lines_are_written_as_the_same_requirement(proj, imp, line: str) -> None:
    expected = Requirement(line)
    root = proj({"requirements.txt": line + "\n"})
    result = imp(root)
    assert result.returncode in (0, 1), result.stderr
    import tomllib

    got = Requirement(tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"][0])
    assert (got.name, got.extras, got.specifier, got.url, got.marker) == (expected.name, expected.extras, expected.specifier, expected.url, expected.marker)


def test_credentials_are_never_written_or_printed(proj, imp) -> None:
    root = proj(
        {
            "requirements.txt": (
                f"--index-url https://alice:{SECRET}@pypi.example.com/simple/\n"
                "--extra-index-url https://${INDEX_USER}:${INDEX_TOKEN}@extra.example.com/simple\n"
                f"private-pkg @ git+https://oauth2:{SECRET}@git.example.com/acme/private.git@v1\n"
                "a==1.0.0\n"
            ),
            "Pipfile.unused": f"url = https://bob:{SECRET}@x.example.com\n",
        }
    )
    result = imp(root, "requirements.txt", env={"INDEX_USER": "alice", "INDEX_TOKEN": SECRET})
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    for path in root.rglob("*"):
        if path.is_file() and path.name not in ("requirements.txt", "Pipfile.unused"):
            assert SECRET.encode() not in path.read_bytes(), path
    text = (root / "pyproject.toml").read_text()
    assert 'url = "https://pypi.example.com/simple/"' in text
    assert 'url = "https://extra.example.com/simple"' in text
    assert '"private-pkg @ git+https://git.example.com/acme/private.git@v1"' in text
    assert ('requirements.txt:1: credentials removed from the URL of source "pypi-example-com": run poetry config '
            "http-basic.pypi-example-com USER, or set POETRY_HTTP_BASIC_PYPI_EXAMPLE_COM_USERNAME and "
            "POETRY_HTTP_BASIC_PYPI_EXAMPLE_COM_PASSWORD") in result.stdout  # fmt: skip
    # A bad line that holds a credential: the error does not print it either.
    (root / "bad.txt").write_text(f"--index-url https://alice:{SECRET}@pypi.example.com/simple/ stray\n")
    bad = imp(root, "bad.txt")
    assert bad.returncode == 2 and SECRET not in bad.stdout + bad.stderr


def _no_file_growth() -> None:
    """In the child: any write that grows a file fails with EFBIG ("File too large"), for
    root too, with no privilege needed (SIGXFSZ ignored, so the write fails instead of
    killing the process)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_write_the_system_refuses_leaves_nothing_behind(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'})
    before = snapshot(root)
    result = imp(root, preexec_fn=_no_file_growth)
    assert_refused(result, root, before, "pyproject.toml: cannot write")
    assert not [p for p in root.iterdir() if p.name.endswith(".p2p.tmp")]


def test_a_failed_write_replaces_nothing(proj, imp, tmp_path) -> None:
    """Atomicity: the write goes to a temporary file that is renamed over pyproject.toml.
    A rename that cannot happen (pyproject.toml is a folder's name here) leaves the old
    state and no temporary file."""
    root = proj({"requirements.txt": "a==1\n"})
    (root / "pyproject.toml").mkdir()
    (root / "pyproject.toml" / "keep").write_text("x")
    before = snapshot(root)
    result = imp(root)
    assert result.returncode == 2
    assert snapshot(root) == before
    assert not [p for p in root.iterdir() if p.name.endswith(".p2p.tmp")]

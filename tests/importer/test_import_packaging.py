"""pip2poetry import and ``packaging``: what is written is PEP 508 as pip and Poetry read it.

* A direct reference is written as ``name @ URL``, never with a version, even when the
  source names one (``#egg=foo==1.0+local``); the report says which version that was.
* Every string written is checked with packaging before anything is written; one that
  is not valid is an error naming the source's file and line, and nothing is written.
* Requirements are read with packaging itself, so a line packaging refuses is refused.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_refused(result, root: Path, before: dict[Path, bytes], fragment: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pip2poetry: error: "), result.stderr  # no traceback
    assert fragment in lines[0], lines[0]
    assert snapshot(root) == before  # nothing written


def written(root: Path) -> dict:
    doc = tomllib.loads((root / "pyproject.toml").read_text())
    project = doc["project"]
    for line in [*project.get("dependencies", []), *sum(project.get("optional-dependencies", {}).values(), []),
                 *sum(doc.get("dependency-groups", {}).values(), [])]:  # fmt: skip
        Requirement(line)  # raises if it is not PEP 508
    SpecifierSet(project["requires-python"])
    return doc


# -- 1. direct references carry no version ---------------------------------------------------
def test_an_egg_fragment_with_a_version_is_written_as_name_at_url(proj, imp) -> None:
    root = proj(
        {
            "requirements.txt": (
                "git+https://github.com/acme/foo.git@v1#egg=foo==1.0+local\n"
                "-e git+https://github.com/acme/bar.git@abc123#egg=bar[cli]==2.0\n"
                "git+https://github.com/acme/baz.git@v3#egg=baz ; python_version >= '3.11'\n"
            ),
            "freeze.txt": "baz==3.0.1+g1234\n",
        }
    )
    result = imp(root, "--versions-from", "freeze.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Wrote pyproject.toml" in result.stderr
    lines = written(root)["project"]["dependencies"]
    assert lines == [
        "foo @ git+https://github.com/acme/foo.git@v1",
        "bar[cli] @ git+https://github.com/acme/bar.git@abc123",
        'baz @ git+https://github.com/acme/baz.git@v3 ; python_version >= "3.11"',
    ]
    for line in lines:
        req = Requirement(line)
        assert req.url and not req.specifier, line
    out = result.stdout
    assert ("requirements.txt:1: git+https://github.com/acme/foo.git@v1#egg=foo==1.0+local: #egg=foo==1.0+local: "
            "a direct reference cannot carry a version; written as foo @ URL, the URL decides what is installed") in out  # fmt: skip
    assert "requirements.txt:2: git+https://github.com/acme/bar.git@abc123#egg=bar[cli]==2.0: #egg=bar[cli]==2.0: a direct reference cannot carry a version" in out
    # A version known from elsewhere is reported, not written.
    assert ("requirements.txt:3: git+https://github.com/acme/baz.git@v3#egg=baz: today's 3.0.1+g1234 (freeze.txt:1) is not written: "
            "a direct reference installs what its URL names") in out  # fmt: skip


def test_an_egg_fragment_that_is_not_a_name_is_left_for_the_reader(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1.0.0\ngit+https://github.com/acme/foo.git@v1#egg=foo@bar\n"})
    result = imp(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert written(root)["project"]["dependencies"] == ["a (>=1.0.0,<2)"]
    assert "requirements.txt:2: git+https://github.com/acme/foo.git@v1#egg=foo@bar: #egg=foo@bar is not a package name; not carried over" in result.stdout


# -- 2. everything written is checked first ----------------------------------------------------
@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({"Pipfile": '[packages]\nalpha = "*"\n"foo bar" = "*"\n'},
         "Pipfile:3: 'foo bar' would not be a valid PEP 508 requirement (Expected semicolon (after name with no version specifier) or end); nothing written"),
        ({"setup.py": 'from setuptools import setup\nsetup(\n    name="x",\n    python_requires=">=3.8, <4 garbage",\n    install_requires=["a==1"],\n)\n'},
         "setup.py:4: requires-python '>=3.8,<4garbage' would not be a valid version specifier (Invalid specifier: '<4garbage'); nothing written"),
        ({"requirements.txt": "a==1.0.0\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.11,<4 garbage"\n'},
         "pyproject.toml: requires-python '>=3.11,<4garbage' would not be a valid version specifier"),
    ],
    ids=["pipfile-name", "setup-py-python-requires", "existing-requires-python"],
)  # fmt: skip
@pytest.mark.parametrize("mode", [[], ["--dry-run"]], ids=["write", "dry-run"])
def test_an_invalid_string_is_an_error_and_nothing_is_written(proj, imp, files, fragment, mode) -> None:
    root = proj(files)
    before = snapshot(root)
    assert_refused(imp(root, *mode), root, before, fragment)


@pytest.mark.parametrize("lock", [False, True], ids=["write", "lock"])
def test_a_requirement_the_importer_got_wrong_is_caught_before_writing(proj, monkeypatch, capsys, lock: bool) -> None:
    """In-process, with the rendering broken on purpose for one dependency: the check, not
    the renderer, is what keeps the file unwritten (also with --lock, whose first step
    writes pyproject.toml before Poetry runs)."""
    from pip2poetry import cli
    from pip2poetry.importer import policy

    render = policy.render

    def broken(dep, constraint: str) -> str:
        text = render(dep, constraint)
        return text[:-1] if dep.name == "beta" and text.endswith(")") else text

    monkeypatch.setattr(policy, "render", broken)
    root = proj({"requirements.txt": "alpha==1.0.0\nbeta==2.0.0\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'})
    before = snapshot(root)
    monkeypatch.chdir(root)
    args = ["import", "--lock", "--poetry", "/bin/false"] if lock else ["import"]
    assert cli.main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"pip2poetry: error: requirements.txt:2: 'beta ({'==2.0.0' if lock else '>=2.0.0,<3'}' would not be a valid PEP 508 requirement "
        "(Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier); nothing written"
    ]
    assert snapshot(root) == before


# -- 3. requirements are read with packaging ---------------------------------------------------
def test_an_arbitrary_equality_pin_followed_by_a_bad_term_is_refused(proj, imp) -> None:
    """``===`` takes everything up to a space, commas included; packaging's SpecifierSet then
    splits on commas and refuses ``>=``, as pip does. The hand-written parser took the
    whole ``===1.0,>=`` as one pin and wrote ``foo (===1.0,>=)``."""
    root = proj({"requirements.txt": "ok==1\nfoo===1.0,>=\n"})
    before = snapshot(root)
    assert_refused(imp(root), root, before, "requirements.txt:2:11: pip would reject this line: Invalid specifier: '>='")


def test_a_setup_cfg_requirement_is_read_with_packaging(proj, imp) -> None:
    cfg = "[metadata]\nname = lib\nversion = 1.0\n\n[options]\ninstall_requires =\n    click>=8\n    legacy===2.0,<\n"
    root = proj({"setup.cfg": cfg})
    before = snapshot(root)
    assert_refused(imp(root), root, before, "setup.cfg:8: invalid requirement 'legacy===2.0,<': Invalid specifier: '<' (column 14)")


def test_the_written_order_of_a_constraint_is_kept(proj, imp) -> None:
    """packaging's SpecifierSet prints its terms sorted (<2,>=1.2); a constraint the source
    states is written back the way the source wrote it."""
    root = proj({"requirements.txt": "alpha>=1.2, <2 ; python_version < '3.13'\nbeta[b,a] (!=1.5,>1.0)\n"})
    result = imp(root, "--keep-ranges")
    assert result.returncode == 1, result.stdout + result.stderr  # no version known to run today
    assert written(root)["project"]["dependencies"] == ['alpha (>=1.2,<2) ; python_version < "3.13"', "beta[a,b] (!=1.5,>1.0)"]

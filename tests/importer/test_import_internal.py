"""--extra-index-url is a decision for a person: ``import`` makes it an explicit source, which
serves only the packages named with ``--internal``, and never the supplemental source that
would let a public release with an internal package's name replace it (the private index
how-to shows that happen). No Poetry, no network."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

REQUIREMENTS = "--extra-index-url https://pypi.example.com/simple/\nacme-reports==1.4.0\ntabulate==0.9.0\n"
DEV = "pytest==9.2.0\nacme_testkit==0.3.0\n"
SOURCE = {"name": "pypi-example-com", "url": "https://pypi.example.com/simple/", "priority": "explicit"}


def written(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())


def test_an_extra_index_becomes_an_explicit_source_left_for_a_person(proj, imp) -> None:
    root = proj({"requirements.txt": REQUIREMENTS, "requirements-dev.txt": DEV})
    result = imp(root)
    assert result.returncode == 1, result.stderr  # a line left for you
    assert written(root)["tool"]["poetry"]["source"] == [SOURCE]
    assert "dependencies" not in written(root)["tool"]["poetry"]
    assert result.stdout.splitlines()[:2] == [
        'requirements.txt:1: --extra-index-url https://pypi.example.com/simple/: became source "pypi-example-com" (priority "explicit")',
        'requirements.txt:1: source "pypi-example-com": no package comes from it yet. pip asked this index for every package, '
        "so a public release could replace yours; name the packages it serves with --internal PACKAGE",
    ]
    assert "supplemental" not in (root / "pyproject.toml").read_text()


def test_internal_packages_name_their_source(proj, imp) -> None:
    root = proj({"requirements.txt": REQUIREMENTS, "requirements-dev.txt": DEV})
    result = imp(root, "--internal", "acme-reports", "--internal", "Acme.Testkit")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = written(root)
    assert doc["tool"]["poetry"]["source"] == [SOURCE]
    assert doc["tool"]["poetry"]["dependencies"] == {"acme-reports": {"source": "pypi-example-com"}}
    assert doc["tool"]["poetry"]["group"]["dev"]["dependencies"] == {"acme_testkit": {"source": "pypi-example-com"}}
    assert doc["project"]["dependencies"] == ["acme-reports (>=1.4.0,<2)", "tabulate (>=0.9.0,<0.10)"]
    assert 'source "pypi-example-com": acme-reports, acme_testkit come from it (source = "pypi-example-com"), every other package from PyPI' in result.stdout


def test_internal_with_several_indexes_names_the_source(proj, imp) -> None:
    text = "--extra-index-url https://a.example.com/simple/\n--extra-index-url https://b.example.com/simple/\nacme-reports==1.4.0\nacme-maps==2.0.0\n"
    root = proj({"requirements.txt": text})
    result = imp(root, "--internal", "acme-reports=a-example-com", "--internal", "acme-maps=b-example-com")
    assert result.returncode == 0, result.stdout + result.stderr
    assert written(root)["tool"]["poetry"]["dependencies"] == {
        "acme-reports": {"source": "a-example-com"},
        "acme-maps": {"source": "b-example-com"},
    }


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (REQUIREMENTS, ["--internal", "acme-report"], "--internal acme-report: no imported dependency is called 'acme-report'; nothing written"),
        ("acme-reports==1.4.0\n", ["--internal", "acme-reports"], "--internal acme-reports: no --extra-index-url to take it from; nothing written"),
        (REQUIREMENTS, ["--internal", "acme-reports=acme"], "--internal acme-reports=acme: no --extra-index-url became source 'acme' (sources: pypi-example-com); nothing written"),
        (
            "--extra-index-url https://a.example.com/simple/\n--extra-index-url https://b.example.com/simple/\nacme-reports==1.4.0\n",
            ["--internal", "acme-reports"],
            "--internal acme-reports: say which source serves it, acme-reports=SOURCE (sources: a-example-com, b-example-com); nothing written",
        ),
        (REQUIREMENTS + "git+https://git.example.com/acme/ferret@v1#egg=ferret\n", ["--internal", "ferret"], "a direct reference or path does not come from an index"),
        (REQUIREMENTS, ["--internal", "acme reports"], "--internal acme reports: not a package name"),
    ],
)
def test_bad_internal_is_one_line_and_nothing_is_written(proj, imp, text: str, args: list[str], message: str) -> None:
    root = proj({"requirements.txt": text})
    result = imp(root, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("pip2poetry: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert not (root / "pyproject.toml").exists()

"""pip2poetry import on requirements files, pip-tools pairs, Pipfiles and setup files:
every syntax feature, the policy, the report and the exit status. No Poetry, no network."""

from __future__ import annotations

import subprocess

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from harness.paths import SAMPLES, SNIPPETS


def written(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())


def deps(root: Path, group: str | None = None) -> list[str]:
    doc = written(root)
    found = doc["project"]["dependencies"] if group is None else doc["dependency-groups"][group]
    for line in found:
        Requirement(line)  # every line is PEP 508, as pip and Poetry read it
    return found


def test_inventory_app_matches_the_tutorial_written_by_hand(proj, imp) -> None:
    """The tutorial's hand-made pyproject.toml and the importer's have the same
    dependencies, spelled the same way (colorama's order aside: the tutorial adds it last)."""
    root = proj({})
    for f in (SAMPLES / "inventory-app").glob("requirements*.txt"):
        (root / f.name).write_text(f.read_text())
    (root / "freeze.txt").write_text("more-itertools==10.8.0\ntabulate==0.9.0\nwcwidth==0.2.13\ntzdata==2025.2\nstructlog==25.4.0\npytest==9.2.0\n")
    result = imp(root, "--versions-from", "freeze.txt")
    assert result.returncode == 0, result.stderr
    by_hand = tomllib.loads((SNIPPETS / "migrate-an-application-from-requirements-txt" / "pyproject-with-ranges.toml").read_text())
    assert sorted(deps(root)) == sorted(by_hand["project"]["dependencies"])
    assert deps(root, "dev") == by_hand["dependency-groups"]["dev"]
    assert written(root)["project"]["requires-python"] == by_hand["project"]["requires-python"]
    assert 'requirements-dev.txt:2: -r requirements.txt: the main dependencies; not repeated in group "dev"' in result.stdout


def test_pip_tools_app_matches_the_how_to_written_by_hand(tmp_path, imp) -> None:
    import shutil

    root = tmp_path / "app"
    shutil.copytree(SAMPLES / "pip-tools-app", root)
    result = imp(root)
    assert result.returncode == 0, result.stdout + result.stderr
    by_hand = tomllib.loads((SNIPPETS / "migrate-from-pip-tools" / "pyproject-with-ranges.toml").read_text())
    assert deps(root) == by_hand["project"]["dependencies"]
    assert deps(root, "dev") == by_hand["dependency-groups"]["dev"]


HASH = "sha256:" + "0" * 64


def big_hashed_file(n: int) -> str:
    lines = ["# pip-compile --generate-hashes", "--extra-index-url https://alice:s3cret@pypi.example.com/simple/"]
    for i in range(n):
        lines.append(f"pkg{i}[fast]==1.{i}.0 \\" if i % 7 == 0 else f"pkg{i}==0.{i}.3 \\")
        lines += [f"    --hash={HASH} \\", f"    --hash={HASH}"]
    return "\n".join(lines) + "\n"


def test_hash_pinned_file_with_hundreds_of_continuation_lines(proj, imp) -> None:
    root = proj({"requirements.txt": big_hashed_file(120)})
    result = imp(root)
    assert result.returncode == 1  # the credentials are a line left for the reader
    got = deps(root)
    assert len(got) == 120
    assert got[0] == "pkg0[fast] (>=1.0.0,<2)"
    assert got[1] == "pkg1 (>=0.1.3,<0.2)"
    assert result.stdout.count("--hash options dropped: poetry.lock records every file's hash") == 120
    assert "requirements.txt:3: --hash options dropped" in result.stdout  # the requirement's first line


def test_every_requirement_syntax(proj, imp) -> None:
    root = proj(
        {
            "requirements.txt": (
                "# comment line \\\n"
                "alpha>=1.0,<2 ; python_version < \"3.12\" \\\n"
                f"    --hash={HASH}\n"
                "beta[x,y]==2.0.0  # trailing comment\n"
                "torch==2.1.0+cpu\n"
                "gamma~=1.4\n"
                "delta!=1.5,>1.0\n"
                "epsilon===1.0-legacy\n"
                "zeta==2024.10.1\n"
                "eta (==0.3.1)\n"
                "--pre\n"
                "-i https://pypi.org/simple\n"
                "--trusted-host pypi.example.com\n"
                "-e .\n"
                "-e ./libs/inner\n"
                "git+https://github.com/acme/widget@v1.2#egg=widget\n"
                "theta @ git+https://github.com/acme/theta@abc123 ; sys_platform == 'linux'\n"
                "https://files.example.com/packages/iota-3.1.0-py3-none-any.whl\n"
                "./wheels/kappa-0.5.0-py3-none-any.whl\n"
                "git+https://github.com/acme/nameless@main\n"
                "lambda==${LAMBDA_VERSION}\n"
            ),
            "libs/inner/pyproject.toml": '[project]\nname = "inner"\nversion = "1.0"\n',
        }
    )
    result = imp(root, env={"LAMBDA_VERSION": "4.0.1"})
    out = result.stdout
    assert result.returncode == 1, result.stderr  # --trusted-host and the unnamed URL are left for the reader
    got = deps(root)
    assert got == [
        'alpha (>=1.0,<2) ; python_version < "3.12"',
        "beta[x,y] (>=2.0.0,<3)",
        "torch (==2.1.0+cpu)",
        "gamma (~=1.4)",
        "delta (!=1.5,>1.0)",
        "epsilon (===1.0-legacy)",
        "zeta (==2024.10.1)",
        "eta (>=0.3.1,<0.4)",
        "inner",
        "widget @ git+https://github.com/acme/widget@v1.2",
        'theta @ git+https://github.com/acme/theta@abc123 ; sys_platform == "linux"',
        "iota @ https://files.example.com/packages/iota-3.1.0-py3-none-any.whl",
        "kappa",
        "lambda (>=4.0.1,<5)",
    ]
    doc = written(root)
    assert doc["tool"]["poetry"]["dependencies"] == {
        "inner": {"path": "libs/inner", "develop": True},
        "kappa": {"path": "wheels/kappa-0.5.0-py3-none-any.whl"},
    }
    for expected in (
        "requirements.txt:2: --hash options dropped",
        "requirements.txt:9: zeta==2024.10.1",  # calendar: kept as ==, no change, so no line
        "requirements.txt:11: --pre: not needed",
        "requirements.txt:12: -i https://pypi.org/simple: PyPI, Poetry's default source",
        "requirements.txt:13: --trusted-host pypi.example.com: not carried over",
        "requirements.txt:14: -e .: the project itself; Poetry installs it",
        "requirements.txt:20: git+https://github.com/acme/nameless@main: unnamed URL",
        "requirements.txt:21: ${VAR} references expanded from the environment",
    ):
        if expected.startswith("requirements.txt:9"):
            assert expected not in out
        else:
            assert expected in out, expected


def test_calendar_versions_and_overrides(proj, imp) -> None:
    root = proj(
        {
            "requirements.txt": "tzdata==2025.2\nstructlog==25.4.0\ngunicorn==23.0.0\nvirtualenv==21.15.8\n",
            "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n\n[tool.pip2poetry]\nsemantic-versioned = ["gunicorn"]\n',
        }
    )
    assert imp(root).returncode == 0
    assert deps(root) == ["tzdata (==2025.2)", "structlog (==25.4.0)", "gunicorn (>=23.0.0,<24)", "virtualenv (>=21.15.8,<22)"]
    lint = subprocess.run(["pip2poetry", "lint"], cwd=root, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr  # the override table passes the linter


def test_keep_ranges(proj, imp) -> None:
    root = proj({"requirements.txt": "a>=1.2,<3\nb==1.0.0\n", "freeze.txt": "a==2.5.0\nb==1.0.0\n"})
    assert imp(root, "--keep-ranges", "--versions-from", "freeze.txt").returncode == 0
    assert deps(root) == ["a (>=1.2,<3)", "b (>=1.0.0,<2)"]


def test_keep_ranges_keeps_a_librarys_requires_python(proj, imp) -> None:
    """A library's python_requires is published metadata: --keep-ranges adds no <4.0."""
    setup_cfg = "[metadata]\nname = lib\nversion = 1.0\n\n[options]\npython_requires = >=3.11\ninstall_requires =\n    a>=1.2,<3\n"
    root = proj({"setup.cfg": setup_cfg, "freeze.txt": "a==2.5.0\n"})
    assert imp(root, "--keep-ranges", "--versions-from", "freeze.txt").returncode == 0
    assert tomllib.loads((root / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11"
    (root / "pyproject.toml").unlink()
    assert imp(root, "--versions-from", "freeze.txt").returncode == 0  # without it, <4.0 is added
    assert tomllib.loads((root / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11,<4.0"


def test_constraint_chains_give_todays_versions(proj, imp) -> None:
    root = proj({"requirements.in": "-c constraints/a.txt\nalpha\n", "constraints/a.txt": "-c b.txt\n", "constraints/b.txt": "alpha==3.4.5\n"})
    result = imp(root, "requirements.in")
    assert deps(root) == ["alpha (>=3.4.5,<4)"], result.stdout


def test_without_todays_version_the_line_is_left_for_the_reader(proj, imp) -> None:
    root = proj({"requirements.txt": "alpha>=1\nbeta\n"})
    result = imp(root)
    assert result.returncode == 1
    assert deps(root) == ["alpha (>=1)", "beta"]
    assert "requirements.txt:2: beta -> beta: no version known to run today: left unconstrained" in result.stdout
    assert result.stderr.endswith("2 lines left for you (above).\n")


def test_group_option_and_group_names(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1.0.0\n", "requirements-test.txt": "b==1.0.0\n", "ci.txt": "c==1.0.0\n", "requirements-docs.txt": "a==1.0.0\nd==1.0.0\n"})
    assert imp(root, "requirements.txt", "requirements-test.txt", "requirements-docs.txt", "--group", "ci", "ci.txt").returncode == 0
    doc = written(root)
    assert doc["dependency-groups"] == {"test": ["b (>=1.0.0,<2)"], "docs": ["d (>=1.0.0,<2)"], "ci": ["c (>=1.0.0,<2)"]}


def test_pipfile_with_custom_category_unnamed_source_and_marker_fields(proj, imp) -> None:
    root = proj(
        {
            "Pipfile": (
                '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n'
                '[[source]]\nurl = "https://mirror.example.com/simple"\nverify_ssl = true\n\n'
                '[packages]\nalpha = "*"\nbeta = {version = ">=1.0", sys_platform = "== \'linux\'"}\n'
                'gamma = {git = "https://github.com/acme/gamma.git", ref = "v2"}\n'
                'delta = {extras = ["x"], version = "==0.2.0", markers = "python_version >= \'3.11\'"}\n\n'
                '[dev-packages]\npytest = "*"\n\n[docs]\nsphinx = "==9.0.4"\n\n[requires]\npython_version = "3.12"\n'
            ),
            "Pipfile.lock": '{"_meta": {}, "default": {"alpha": {"version": "==1.2.3"}, "beta": {"version": "==1.5.0"}, "pytest": {"version": "==9.2.0"}},'
            ' "develop": {"pytest": {"version": "==9.1.0"}}, "docs": {"sphinx": {"version": "==9.0.4"}}}',
        }
    )
    result = imp(root)
    out = result.stdout
    assert result.returncode == 1, result.stderr  # pytest: two versions in Pipfile.lock
    doc = written(root)
    assert doc["project"]["dependencies"] == [
        "alpha (>=1.2.3,<2)",
        'beta (>=1.5.0,<2) ; sys_platform == "linux"',
        "gamma @ git+https://github.com/acme/gamma.git@v2",
        'delta[x] (>=0.2.0,<0.3) ; python_version >= "3.11"',
    ]
    assert doc["dependency-groups"] == {"dev": ["pytest"], "docs": ["sphinx (>=9.0.4,<10)"]}
    assert doc["project"]["requires-python"] == ">=3.12,<4.0"
    assert doc["tool"]["poetry"]["source"] == [{"name": "mirror-example-com", "url": "https://mirror.example.com/simple", "priority": "supplemental"}]
    assert 'became source "mirror-example-com" (priority "supplemental") (the [[source]] has no name)' in out
    assert "sys_platform = \"== 'linux'\": became the marker sys_platform == \"linux\"" in out
    assert '[docs]: a custom category; became group "docs"' in out
    assert 'pytest: locked at 9.2.0 in "default" and at 9.1.0 in "develop"; not guessed' in out


SETUP_PY = '''\
from setuptools import setup, find_packages
import os

def read_requirements():
    return open("requirements.txt").read().splitlines()

VERSION = "2.1.0"

setup(
    name="widget",
    version=VERSION,
    description="Widgets",
    python_requires=">=3.10",
    install_requires=["click>=8.1,<9", "tabulate[widechars]>=0.9"],
    extras_require={"yaml": ["pyyaml>=6"]},
    tests_require=read_requirements(),
    long_description=open("README.md").read(),
    entry_points={"console_scripts": ["widget = widget.cli:main"]},
)
'''


def test_setup_py_is_read_statically(proj, imp) -> None:
    root = proj({"setup.py": SETUP_PY + 'raise SystemExit("setup.py was executed")\n', "freeze.txt": "click==8.5.1\ntabulate==0.9.0\n"})
    result = imp(root, "--versions-from", "freeze.txt")
    assert result.returncode == 1
    doc = written(root)
    assert doc["project"]["name"] == "widget"
    assert doc["project"]["version"] == "2.1.0"
    assert doc["project"]["requires-python"] == ">=3.10,<4.0"
    assert doc["project"]["dependencies"] == ["click (>=8.5.1,<9)", "tabulate[widechars] (>=0.9.0,<0.10)"]
    assert doc["project"]["optional-dependencies"] == {"yaml": ["pyyaml (>=6)"]}
    assert doc["project"]["scripts"] == {"widget": "widget.cli:main"}
    assert "setup.py:17: long_description is computed at run time (open('README.md').read()); left for the reader" in result.stdout


def test_setup_cfg_library(tmp_path, imp, script_runner) -> None:
    import shutil

    root = tmp_path / "lib"
    shutil.copytree(SAMPLES / "acme-slugkit", root)
    (root / "freeze.txt").write_text("click==8.5.1\nmore-itertools==10.8.0\n")
    result = imp(root, "--versions-from", "freeze.txt")
    assert result.returncode == 1, result.stderr  # tabulate (an extra) was not installed today
    doc = written(root)
    assert doc["project"]["name"] == "acme-slugkit"
    assert doc["project"]["dependencies"] == ["click (>=8.5.1,<9)", "more-itertools (>=10.8.0,<11)"]
    assert doc["project"]["optional-dependencies"] == {"table": ["tabulate (>=0.9,<0.11)"]}
    assert doc["project"]["scripts"] == {"slugkit": "slugkit.cli:main"}
    assert doc["tool"]["poetry"]["packages"] == [{"include": "slugkit", "from": "src"}]
    assert doc["build-system"]["build-backend"] == "poetry.core.masonry.api"
    lint = script_runner.run(["pip2poetry", "lint"], cwd=root)
    assert lint.returncode == 0, lint.stdout


def test_versions_from_a_virtual_environment(proj, imp) -> None:
    root = proj({"requirements.txt": "alpha\n", "venv/pyvenv.cfg": "home = /usr/bin\nversion = 3.12.4\n",
                 "venv/lib/python3.12/site-packages/alpha-2.0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: Alpha\nVersion: 2.0.1\n"})  # fmt: skip
    result = imp(root, "--versions-from", "venv")
    assert result.returncode == 0, result.stdout
    assert deps(root) == ["alpha (>=2.0.1,<3)"]
    assert written(root)["project"]["requires-python"] == ">=3.12,<4.0"


def test_existing_pyproject_is_edited_in_place_byte_for_byte(proj, imp) -> None:
    before = (
        "# Our project.\n[project]\nname = 'x'   # the name\nversion = \"1.0\"\nrequires-python = \">=3.11\"\n"
        "dependencies = [\n]\n\n[tool.black]\nline-length = 100   # wide\n"
    )
    root = proj({"pyproject.toml": before, "requirements.txt": "a==1.0.0\n"})
    result = imp(root)
    assert result.returncode == 0, result.stderr
    after = (root / "pyproject.toml").read_text()
    assert after == (
        "# Our project.\n[project]\nname = 'x'   # the name\nversion = \"1.0\"\nrequires-python = \">=3.11,<4.0\"\n"
        'dependencies = [\n    "a (>=1.0.0,<2)"\n]\n\n[tool.black]\nline-length = 100   # wide\n\n'
        '[build-system]\nrequires = ["poetry-core>=2.0.0,<3.0.0"]\nbuild-backend = "poetry.core.masonry.api"\n'
    )
    assert 'pyproject.toml: requires-python ">=3.11,<4.0": the lower bound of the existing requires-python; <4.0 added' in result.stdout


def test_dry_run_writes_nothing(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1.0.0\n", "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'})
    before = {p: p.read_bytes() for p in root.rglob("*")}
    result = imp(root, "--dry-run")
    assert result.returncode == 0
    assert {p: p.read_bytes() for p in root.rglob("*")} == before
    assert '+    "a (>=1.0.0,<2)"' in result.stdout
    assert result.stderr == "Dry run: pyproject.toml not written.\n"


def test_rerun_is_a_no_op(proj, imp) -> None:
    root = proj({"requirements.txt": "a==1.0.0\n-r requirements-dev.txt\n", "requirements-dev.txt": "b==2.0\n"})
    assert imp(root, "requirements.txt").returncode == 0
    first = (root / "pyproject.toml").read_bytes()
    assert imp(root, "requirements.txt").returncode == 0
    assert (root / "pyproject.toml").read_bytes() == first


@pytest.mark.parametrize(
    ("today", "bound"),
    [("10.8.0", "11"), ("0.9.0", "0.10"), ("2.5", "3"), ("0.0.3", "0.1"), ("1", "2"), ("0.2.13", "0.3"),
     ("1!2.3.4", "1!3"), ("1.2.3rc1", "2"), ("2.0.0.post1", "3"), ("1.2.3+local", "2")],
)  # fmt: skip
def test_next_breaking_is_written_up_to_the_part_that_breaks(today: str, bound: str) -> None:
    """The short form (lint rule P2P006), and the same range as the form ``poetry add`` writes."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    from pip2poetry.importer.policy import next_breaking

    assert next_breaking(today) == bound
    long = bound.split("!")[-1] + ".0" * (3 - len(bound.split("!")[-1].split(".")))
    long = f"{bound.split('!')[0]}!{long}" if "!" in bound else long
    short, padded = SpecifierSet(f"<{bound}"), SpecifierSet(f"<{long}")
    for v in ("0.1", "0.3", "0.9.9", "0.10.0a1", "1.9", "2", "2.0.0a1", "2.0.post1", "2.1", "3.0.0.dev0", "10.9", "11.0.0rc1", "1!2.9", "1!3.0a1"):
        assert short.contains(Version(v), prereleases=True) == padded.contains(Version(v), prereleases=True), (bound, v)

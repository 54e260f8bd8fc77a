"""pip2poetry survey: a repository with both setup.cfg and setup.py counts the static
dependencies of both files (setuptools reads both: setup.cfg first, then setup()'s keyword
arguments). Run through the console script; setup.py is parsed, never run."""

from __future__ import annotations

import json

import pytest

RUNS = 'raise SystemExit("setup.py was executed")\n'  # a survey that ran setup.py would fail


def entry(survey, make_repo, files: dict[str, str]) -> dict:
    repo = make_repo("lib", files)
    result = survey("--format", "json", str(repo), cwd=repo.parent)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data) == 1, data
    return data[0]


@pytest.mark.parametrize(
    ("files", "dependencies"),
    [
        # setup.cfg holds only metadata; the dependencies are in setup.py.
        ({"setup.cfg": "[metadata]\nname = lib\nversion = 1.0\n",
          "setup.py": 'from setuptools import setup\nsetup(install_requires=["click>=8", "tabulate"])\n' + RUNS}, 2),
        # [options] without install_requires.
        ({"setup.cfg": "[metadata]\nname = lib\n\n[options]\npackages = find:\npython_requires = >=3.11\n",
          "setup.py": 'from setuptools import setup\nDEPS = ["click>=8", "tabulate"]\nsetup(install_requires=DEPS, extras_require={"yaml": ["pyyaml"]})\n'}, 3),
        # Both files declare some: counted once per package, names normalized.
        ({"setup.cfg": "[metadata]\nname = lib\n\n[options]\ninstall_requires =\n    click>=8\n    More_Itertools\n\n[options.extras_require]\ntable = tabulate\n",
          "setup.py": 'from setuptools import setup\nsetup(install_requires=["Click>=8", "more-itertools", "structlog"])\n'}, 4),
        # A shim setup.py: setup.cfg's alone, as before.
        ({"setup.cfg": "[metadata]\nname = lib\n\n[options]\ninstall_requires =\n    click>=8\n",
          "setup.py": "from setuptools import setup\n\nsetup()\n"}, 1),
        # setup.py computes its dependencies: the count is unknown, not setup.cfg's alone.
        ({"setup.cfg": "[metadata]\nname = lib\n\n[options]\ninstall_requires =\n    click>=8\n",
          "setup.py": 'from setuptools import setup\nsetup(install_requires=open("requirements.txt").read().splitlines())\n'}, None),
    ],
    ids=["cfg-metadata-only", "cfg-options-without-install-requires", "both-files", "setup-py-shim", "setup-py-computes-them"],
)  # fmt: skip
def test_dependencies_of_setup_cfg_and_setup_py_are_both_counted(survey, make_repo, files, dependencies) -> None:
    found = entry(survey, make_repo, files)
    assert (found["starting_point"], found["dependencies"]) == ("setup.cfg", dependencies)


def test_a_direct_reference_in_setup_py_beside_setup_cfg_is_counted_and_flagged(survey, make_repo) -> None:
    found = entry(
        survey,
        make_repo,
        {"setup.cfg": "[metadata]\nname = lib\n",
         "setup.py": 'from setuptools import setup\nsetup(\n    install_requires=[\n        "auth @ git+https://github.com/acme/auth@v1",\n    ],\n)\n'},
    )  # fmt: skip
    assert found["dependencies"] == 1
    assert [(i["kind"], i["file"], i["line"]) for i in found["needs_a_person"]] == [("vcs", "setup.py", 3)]

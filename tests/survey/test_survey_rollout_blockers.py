"""What blocks a rollout, beyond the starting point: several projects in one repository,
notebooks and conda environments, the Python and Poetry releases in use, and the package
indexes the repositories install from (never with their credentials)."""

from __future__ import annotations

import csv
import io
import json

import pytest

POETRY_1 = '[tool.poetry]\nname = "a"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nclick = "^8.1"\n'
SETUP_PY = 'from setuptools import setup\nsetup(name="b", python_requires=">=3.9", install_requires=["tabulate"])\n'
API_DOCKERFILE = "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"

MONOREPO = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "CODEOWNERS": "* @acme/platform\n/services/api/ @acme/api\n",
    "packages/a/pyproject.toml": POETRY_1,
    "packages/b/setup.py": SETUP_PY,
    "services/api/requirements.txt": "fastapi==0.118.0\nuvicorn==0.37.0\n",
    "services/api/Dockerfile": API_DOCKERFILE,
}


def entries(result) -> dict[str, dict]:
    return {e["repository"]: e for e in json.loads(result.stdout)}


# -- Several projects in one repository ---------------------------------------------------------
def test_each_project_root_of_a_monorepo_is_a_row_of_its_own(survey, make_repo) -> None:
    repos = make_repo("platform", MONOREPO).parent
    result = survey("--format", "json", ".", cwd=repos)
    assert result.returncode == 0, result.stderr
    found = {name: (e["group"], e["starting_point"], e["dependencies"], e["owners"]) for name, e in entries(result).items()}
    assert found == {
        "platform": ("platform", "monorepo", 0, ["@acme/platform"]),
        "platform/packages/a": ("platform", "poetry-1", 1, ["@acme/platform"]),
        "platform/packages/b": ("platform", "setup.py", 1, ["@acme/platform"]),
        "platform/services/api": ("platform", "requirements", 2, ["@acme/api"]),
    }
    api = entries(result)["platform/services/api"]
    assert api["installs_the_old_way"] == [{"file": "Dockerfile", "kind": "dockerfile", "lines": [3]}]
    assert entries(result)["platform"]["installs_the_old_way"] == []


def test_a_monorepo_whose_top_has_a_project_keeps_it(survey, make_repo) -> None:
    files = dict(MONOREPO, **{"requirements.txt": "structlog==25.4.0\n"})
    repo = make_repo("platform", files)
    result = survey("--format", "json", str(repo), cwd=repo)
    found = {name: (e["group"], e["starting_point"], e["dependencies"]) for name, e in entries(result).items()}
    assert found[str(repo)] == (str(repo), "requirements", 1)  # services/api's file is not the top's
    assert found[f"{repo}/services/api"] == (str(repo), "requirements", 2)
    assert len(found) == 4


SEVERAL_PACKAGES = "how-to/migrate-a-repository-with-several-packages"


def test_the_top_of_a_repository_with_projects_below_it_points_at_the_several_packages_page(survey, make_repo) -> None:
    """The top's row, monorepo or a project of its own, names the page that moves the
    projects together; each project below keeps the page of its own starting point."""
    make_repo("platform", MONOREPO)
    repos = make_repo("billing", dict(MONOREPO, **{"requirements.txt": "structlog==25.4.0\n"})).parent
    make_repo("single", {"requirements.txt": "click\n", "deploy/requirements.txt": "click\n", "deploy/Dockerfile": API_DOCKERFILE})
    found = {name: (e["starting_point"], e["guide"]) for name, e in entries(survey("--format", "json", ".", cwd=repos)).items()}
    assert found["platform"] == ("monorepo", SEVERAL_PACKAGES)
    assert found["billing"] == ("requirements", SEVERAL_PACKAGES)
    assert found["platform/packages/b"] == ("setup.py", "how-to/migrate-a-library-from-setup-py-or-setup-cfg")
    assert found["billing/services/api"] == ("requirements", "tutorials/migrate-an-application-from-requirements-txt")
    assert found["single"] == ("requirements", "tutorials/migrate-an-application-from-requirements-txt")
    table = survey(".", cwd=repos).stdout.splitlines()
    pages = table[table.index("Guide pages:") + 1 :]
    assert f"  monorepo                             {SEVERAL_PACKAGES}" in pages
    assert f"  requirements with projects below it  {SEVERAL_PACKAGES}" in pages
    assert "  requirements                         tutorials/migrate-an-application-from-requirements-txt" in pages


def test_one_deploy_folder_is_not_a_project_of_its_own(survey, make_repo) -> None:
    """A folder with a requirements file and a Dockerfile is a project root only in a
    repository that holds other projects, or beside another such folder."""
    repo = make_repo("app", {".git/HEAD": "x\n", "deploy/requirements.txt": "click\n", "deploy/Dockerfile": API_DOCKERFILE})
    assert list(entries(survey("--format", "json", str(repo), cwd=repo))) == [str(repo)]
    two = make_repo("two", {
        ".git/HEAD": "x\n",
        "services/api/requirements.txt": "click\n", "services/api/Dockerfile": API_DOCKERFILE,
        "services/worker/requirements.txt": "celery\n", "services/worker/Dockerfile": API_DOCKERFILE,
    })  # fmt: skip
    rows = entries(survey("--format", "json", str(two), cwd=two))
    assert [(n, e["starting_point"]) for n, e in rows.items()] == [
        (str(two), "monorepo"), (f"{two}/services/api", "requirements"), (f"{two}/services/worker", "requirements"),
    ]  # fmt: skip


def test_monorepo_in_the_table(survey, make_repo) -> None:
    repos = make_repo("platform", MONOREPO).parent
    result = survey(".", cwd=repos)
    assert result.returncode == 0, result.stderr
    rows = [line.split()[:2] for line in result.stdout.split("\n\n")[0].splitlines()[1:]]
    assert rows == [
        ["platform", "monorepo"], ["platform/packages/a", "poetry-1"],
        ["platform/packages/b", "setup.py"], ["platform/services/api", "requirements"],
    ]  # fmt: skip
    assert "  platform/services/api/Dockerfile:3 (dockerfile)" in result.stdout.splitlines()
    assert result.stderr == "Surveyed 4 repositories: 3 to migrate, 1 item that needs a person.\n"  # a's carets


# -- Notebooks and conda --------------------------------------------------------------------------
NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "source": ["%pip install pandas==2.3.3 seaborn\n", "import pandas"]}]})
ENVIRONMENT = """\
name: forecast
channels:
  - conda-forge
dependencies:
  - python=3.11
  - numpy=2.3
  - conda-forge::pandas>=2.2
  - pip
  - pip:
      - -r requirements.txt
      - prophet==1.1.7
"""


@pytest.mark.parametrize(
    ("files", "point", "dependencies"),
    [
        ({"study.ipynb": NOTEBOOK, "README.md": "# notes\n"}, "notebooks", 2),
        ({"notebooks/deep/study.ipynb": NOTEBOOK}, "notebooks", 2),
        ({".ipynb_checkpoints/study-checkpoint.ipynb": NOTEBOOK, "README.md": "x\n"}, "none", 0),
        ({".hidden/study.ipynb": NOTEBOOK, "README.md": "x\n"}, "none", 0),
        ({"study.ipynb": NOTEBOOK, "requirements.txt": "pandas\n"}, "requirements", 1),
        ({"environment.yml": ENVIRONMENT, "requirements.txt": "statsmodels\nnumpy\n"}, "conda", 5),
        ({"environment.yaml": "dependencies:\n  - python>=3.11\n  - scipy\n"}, "conda", 1),
        ({"environment.yml": "name: x\n", "study.ipynb": NOTEBOOK}, "conda", 0),
    ],
    ids=["notebook", "nested-notebook", "checkpoints-only", "hidden-only", "notebook-and-requirements",
         "conda-with-pip", "conda-yaml", "conda-without-dependencies"],
)  # fmt: skip
def test_notebooks_and_conda_starting_points(survey, make_repo, files, point, dependencies) -> None:
    repo = make_repo("lab", files)
    result = survey("--format", "json", str(repo), cwd=repo)
    assert result.returncode == 0, result.stderr
    (entry,) = entries(result).values()
    assert (entry["starting_point"], entry["dependencies"]) == (point, dependencies)


def test_notebooks_and_conda_have_a_guide_section(survey, make_repo) -> None:
    make_repo("a-lab", {"study.ipynb": NOTEBOOK})
    repos = make_repo("b-forecast", {"environment.yml": ENVIRONMENT, "requirements.txt": "statsmodels\n"}).parent
    result = survey("--format", "json", "--guide-url", "https://docs.example.com/", ".", cwd=repos)
    page = "https://docs.example.com/how-to/migrate-a-data-science-repository.html"
    assert {n: e["guide"] for n, e in entries(result).items()} == {"a-lab": page, "b-forecast": page}
    table = survey(".", cwd=repos).stdout.splitlines()
    assert "  conda      how-to/migrate-a-data-science-repository" in table
    assert "  notebooks  how-to/migrate-a-data-science-repository" in table


def test_guide_link_renders_an_anchor() -> None:
    from pip2poetry.survey.report import guide_link

    assert guide_link("how-to/x#y", "https://d.example.com/g/") == "https://d.example.com/g/how-to/x.html#y"
    assert guide_link("how-to/x#y", None) == "how-to/x#y"
    assert guide_link("how-to/x", "https://d.example.com") == "https://d.example.com/how-to/x.html"


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ({"environment.yml": "name: x\ndependencies:\n  - numpy\n  - [unclosed\n"}, "environment.yml:5: invalid YAML: "),
        ({"environment.yml": b"name: x\x00\n"}, "environment.yml: binary file (NUL byte at offset 7), expected text"),
        ({"environment.yml": "name: caf\xe9\n".encode("latin-1")}, "environment.yml: not UTF-8 text (byte 0xe9 at offset 9)"),
        ({"environment.yml": "- just\n- a list\n"}, "environment.yml:1: expected a mapping with a dependencies list"),
        ({"study.ipynb": b"\x89PNG\r\n\x1a\n\x00\x00"}, "study.ipynb: binary file (NUL byte at offset 8), expected text; skipped"),
        ({"study.ipynb": '{"cells": ["caf\xe9"]}\n'.encode("latin-1")}, "study.ipynb:1: not UTF-8 text (byte 0xe9); skipped"),
    ],
    ids=["malformed-yaml", "binary-yaml", "latin-1-yaml", "not-a-mapping", "binary-notebook", "latin-1-notebook"],
)
def test_bad_conda_and_notebook_files_are_one_error_line(survey, make_repo, files, error) -> None:
    make_repo("a-bad", files)
    repos = make_repo("b-good", {"requirements.txt": "click\n"}).parent
    result = survey("--format", "json", ".", cwd=repos)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("pip2poetry: error:")]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"pip2poetry: error: a-bad/{error}")
    assert entries(result)["b-good"]["starting_point"] == "requirements"


# -- Python, Poetry and package indexes in use ---------------------------------------------------
WORKFLOW = """\
jobs:
  test:
    strategy:
      matrix:
        python-version: ["3.10", "3.11"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - uses: snok/install-poetry@v1
        with:
          version: 1.8.3
  lint:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: 3.12
      - uses: abatilo/actions-poetry@v4
        with:
          poetry-version: "2.1.3"
  docs:
    strategy:
      matrix:
        python-version:
          - "3.13"
          - pypy3.10
"""


def test_python_versions_in_use(survey, make_repo) -> None:
    repo = make_repo("svc", {
        "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.10,<4.0"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n',
        ".python-version": "3.11.7\n",
        "Dockerfile": "FROM --platform=linux/amd64 python:3.11-slim-bookworm AS build\nFROM docker.io/library/python:3.11.7\nFROM debian:12\n",
        ".github/workflows/ci.yml": WORKFLOW,
        ".gitlab-ci.yml": "image: python:3.9\ntest:\n  image:\n    name: python:3.8-alpine\n",
        ".circleci/config.yml": "jobs:\n  test:\n    docker:\n      - image: cimg/python:3.7\n",
        "tox.ini": "[tox]\nenvlist = py311, py3{12,13}, lint\n    py39-django42\n",
        "setup.cfg": "[metadata]\nname = svc\n\n[options]\npython_requires = >=3.6\n",
        "setup.py": 'from setuptools import setup\nsetup(python_requires=">=3.5")\n',
    })  # fmt: skip
    entry = json.loads(survey("--format", "json", str(repo), cwd=repo).stdout)[0]
    assert entry["python_versions"] == [
        ">=3.5", ">=3.6", "3.7", "3.8", "3.9", "3.10", ">=3.10,<4.0", "^3.10", "3.11", "3.11.7", "3.12", "3.13", "pypy3.10",
    ]  # fmt: skip
    where = entry["found_in"]["python_versions"]
    assert where["3.11"] == [".github/workflows/ci.yml:5", "Dockerfile:1", "tox.ini:2"]
    assert where["3.11.7"] == [".python-version:1", "Dockerfile:2"]
    assert where[">=3.10,<4.0"] == ["pyproject.toml:3"]
    assert where["^3.10"] == ["pyproject.toml:6"]
    assert where["3.9"] == [".gitlab-ci.yml:1", "tox.ini:3"]


def test_poetry_versions_in_use(survey, make_repo) -> None:
    repo = make_repo("svc", {
        "pyproject.toml": '[tool.poetry]\nname = "svc"\nrequires-poetry = ">=2.0,<3.0"\npackage-mode = false\n',
        "poetry.lock": "# This file is automatically @generated by Poetry 2.2.1 and should not be changed by hand.\n",
        "Dockerfile": "ENV POETRY_VERSION=1.8.2\nRUN pip install 'poetry==1.8.4'\n",
        ".gitlab-ci.yml": "variables:\n  POETRY_VERSION: \"2.0.1\"\ntest:\n  script:\n    - pipx install poetry==2.1.2\n",
        ".github/workflows/ci.yml": WORKFLOW,
        "Makefile": "setup:\n\tcurl -sSL https://install.python-poetry.org | python3 - --version 1.7.1\n",
    })  # fmt: skip
    entry = json.loads(survey("--format", "json", str(repo), cwd=repo).stdout)[0]
    assert entry["poetry_versions"] == ["1.7.1", "1.8.2", "1.8.3", "1.8.4", ">=2.0,<3.0", "2.0.1", "2.1.2", "2.1.3", "2.2.1"]
    where = entry["found_in"]["poetry_versions"]
    assert where["1.8.3"] == [".github/workflows/ci.yml:12"]
    assert where["2.1.3"] == [".github/workflows/ci.yml:20"]
    assert where["2.2.1"] == ["poetry.lock:1"]
    assert where[">=2.0,<3.0"] == ["pyproject.toml:3"]


def test_indexes_in_use_are_non_pypi_and_without_credentials(survey, make_repo) -> None:
    repo = make_repo("svc", {
        "requirements.txt": (
            "--index-url https://pypi.org/simple\n"
            "-i https://deploy:hunter2@pypi.example.com/simple/\n"
            "--extra-index-url=https://${INDEX_USER}:${INDEX_TOKEN}@extra.example.com/simple\n"
            "click\n"
        ),
        "Dockerfile": "ENV PIP_INDEX_URL https://ghp_t0k3n@docker.example.com/simple\n"
                      "RUN pip install --extra-index-url https://x.example.com/simple?token=s3cr3t -r requirements.txt\n",
        ".gitlab-ci.yml": 'variables:\n  PIP_EXTRA_INDEX_URL: "https://gitlab.example.com/api/v4/projects/1/packages/pypi/simple"\n',
        "pip.conf": "[global]\nindex-url = https://alice:pa55@conf.example.com/simple\nextra-index-url =\n    https://one.example.com/simple\n    https://pypi.python.org/simple\n",
        "Pipfile": '[[source]]\nurl = "https://pypi.org/simple"\nname = "pypi"\n\n[[source]]\nurl = "https://pipenv.example.com/simple"\nname = "corp"\n\n[packages]\nclick = "*"\n',
        ".pypirc": "[distutils]\n[corp]\nrepository = https://upload.example.com/\n",
    })  # fmt: skip
    entry = json.loads(survey("--format", "json", str(repo), cwd=repo).stdout)[0]
    assert entry["indexes"] == [
        "https://${INDEX_USER}:${INDEX_TOKEN}@extra.example.com/simple",
        "https://conf.example.com/simple",
        "https://docker.example.com/simple",
        "https://gitlab.example.com/api/v4/projects/1/packages/pypi/simple",
        "https://one.example.com/simple",
        "https://pipenv.example.com/simple",
        "https://pypi.example.com/simple/",
        "https://x.example.com/simple",
    ]
    assert entry["found_in"]["indexes"]["https://pypi.example.com/simple/"] == ["requirements.txt:2"]
    assert entry["found_in"]["indexes"]["https://one.example.com/simple"] == ["pip.conf:4"]


def test_poetry_sources_are_indexes(survey, make_repo) -> None:
    repo = make_repo("svc", {
        "pyproject.toml": '[tool.poetry]\nname = "svc"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "https://ci:p4ss@poetry.example.com/simple/"\npriority = "primary"\n\n[[tool.poetry.source]]\nname = "PyPI"\npriority = "supplemental"\n',
    })  # fmt: skip
    entry = json.loads(survey("--format", "json", str(repo), cwd=repo).stdout)[0]
    assert entry["indexes"] == ["https://poetry.example.com/simple/"]
    assert entry["found_in"]["indexes"] == {"https://poetry.example.com/simple/": ["pyproject.toml:6"]}


SECRETS = ("hunter2", "ghp_t0k3n", "s3cr3t", "pa55", "p4ss")


def test_a_credential_never_appears_in_any_output(survey, make_repo) -> None:
    make_repo("a", {
        "requirements.txt": "-i https://deploy:hunter2@pypi.example.com/simple/\nclick\n",
        "Dockerfile": "ENV PIP_INDEX_URL=https://ghp_t0k3n@docker.example.com/simple\nRUN pip install -r requirements.txt\n",
        "pip.ini": "[global]\nindex-url = https://alice:pa55@conf.example.com/simple\n",
        "tox.ini": "[testenv]\nsetenv =\n    PIP_EXTRA_INDEX_URL = https://x.example.com/simple?token=s3cr3t\n",
    })  # fmt: skip
    repos = make_repo("b", {"pyproject.toml": '[tool.poetry]\nname = "b"\n\n[[tool.poetry.source]]\nname = "corp"\nurl = "https://ci:p4ss@poetry.example.com/simple/"\n'}).parent
    for fmt in ("table", "csv", "json"):
        result = survey("--format", fmt, ".", cwd=repos)
        assert result.returncode == 0, result.stderr
        for secret in SECRETS:
            assert secret not in result.stdout + result.stderr, (fmt, secret)
    assert "https://pypi.example.com/simple/" in survey(".", cwd=repos).stdout


# -- Output ---------------------------------------------------------------------------------------
def test_csv_and_json_have_the_new_fields(survey, make_repo) -> None:
    repos = make_repo("platform", dict(MONOREPO, **{".python-version": "3.12\n"})).parent
    rows = {r["repository"]: r for r in csv.DictReader(io.StringIO(survey("--format", "csv", ".", cwd=repos).stdout))}
    assert {n: (r["group"], r["python_versions"], r["indexes"], r["poetry_versions"]) for n, r in rows.items()} == {
        "platform": ("platform", "3.12", "", ""),
        "platform/packages/a": ("platform", "^3.10", "", ""),
        "platform/packages/b": ("platform", ">=3.9", "", ""),
        "platform/services/api": ("platform", "3.12", "", ""),
    }
    data = json.loads(survey("--format", "json", ".", cwd=repos).stdout)
    for entry in data:
        assert {"group", "python_versions", "indexes", "poetry_versions", "found_in"} <= set(entry)
    assert data[3]["found_in"] == {"python_versions": {"3.12": ["Dockerfile:1"]}, "indexes": {}, "poetry_versions": {}}


def test_the_table_lists_what_is_in_use(survey, make_repo) -> None:
    make_repo("a-app", {"requirements.txt": "-i https://pypi.example.com/simple\nclick\n", "Dockerfile": "FROM python:3.11-slim\n"})
    make_repo("b-lib", {"pyproject.toml": '[tool.poetry]\nname = "b"\nrequires-poetry = ">=2.1"\n\n[tool.poetry.dependencies]\npython = ">=3.10,<4.0"\n'})
    repos = make_repo("c-none", {"README.md": "x\n"}).parent
    out = survey(".", cwd=repos).stdout
    start = out.index("In use:\n")
    assert out[start:].split("\n\n")[0].splitlines() == [
        "In use:",
        "  a-app: Python 3.11; index https://pypi.example.com/simple",
        "  b-lib: Python >=3.10,<4.0; Poetry >=2.1",
    ]
    assert all(len(line) <= 100 for line in out.splitlines())


def test_survey_api_rows_have_a_group(tmp_path) -> None:
    """The fleet autofixer builds on inventory.survey(): the old fields stay, group is new."""
    from pip2poetry.survey import inventory

    (tmp_path / "r" / "packages" / "a").mkdir(parents=True)
    (tmp_path / "r" / ".git").mkdir()
    (tmp_path / "r" / "packages" / "a" / "setup.py").write_text("from setuptools import setup\nsetup(name='a')\n")
    rows = inventory.survey([str(tmp_path / "r")])
    assert [(r.name, r.group, r.starting_point) for r in rows] == [
        (str(tmp_path / "r"), str(tmp_path / "r"), "monorepo"),
        (f"{tmp_path / 'r'}/packages/a", str(tmp_path / "r"), "setup.py"),
    ]
    for r in rows:
        assert (r.items, r.consumers, r.owners, r.errors) == ([], [], [], [])
    assert inventory.Repository("x").group == ""


def test_test_fixtures_examples_and_templates_are_not_projects(survey, make_repo) -> None:
    """A project below tests/, examples/, docs/ or vendored code, or a cookiecutter
    template, is data for the repository's own project, not a project to migrate."""
    repo = make_repo("lib", {
        "setup.py": SETUP_PY,
        "tests/fixtures/old-style/setup.py": SETUP_PY,
        "examples/demo/pyproject.toml": POETRY_1,
        "src/lib/_vendor/six/setup.py": SETUP_PY,
        "{{cookiecutter.slug}}/pyproject.toml": POETRY_1,
        "packages/real/pyproject.toml": POETRY_1,
    })  # fmt: skip
    rows = entries(survey("--format", "json", str(repo), cwd=repo))
    assert [(n, e["starting_point"]) for n, e in rows.items()] == [(str(repo), "setup.py"), (f"{repo}/packages/real", "poetry-1")]


def test_rows_of_the_current_folder_are_named_by_their_folder(survey, make_repo) -> None:
    repo = make_repo("platform", MONOREPO)
    rows = entries(survey("--format", "json", cwd=repo))
    assert [(n, e["group"]) for n, e in rows.items()] == [
        (".", "."), ("packages/a", "."), ("packages/b", "."), ("services/api", "."),
    ]  # fmt: skip


def test_a_notebook_with_large_outputs_is_a_notebook_not_an_error(survey, make_repo) -> None:
    """Saved outputs make notebooks larger than any configuration file: one is not read
    (its %pip installs cannot be counted), and nothing is wrong with the input."""
    big = json.dumps({"cells": [{"cell_type": "code", "source": ["%pip install pandas\n"], "outputs": [{"data": "x" * (3 << 20)}]}]})
    repo = make_repo("lab", {"study.ipynb": big, "small.ipynb": NOTEBOOK})
    result = survey("--format", "json", str(repo), cwd=repo)
    assert result.returncode == 0, result.stderr
    (entry,) = entries(result).values()
    assert (entry["starting_point"], entry["dependencies"], entry["errors"]) == ("notebooks", None, [])

"""Each consumer kind: a rewrite, and a case the rewriter cannot do safely, listed with
``path:line``. Every test runs the console script with ``--dry-run`` and applies the
printed diff with ``git apply``, as a reader reviewing the change would."""

from __future__ import annotations

from pip2poetry.migrate import recipes
from pip2poetry.migrate.recipes import POETRY_VERSION

BASE = "tabulate==0.9.0\n"
DEV = "-r base.txt\npytest==9.2.0\n"


def files(**extra: str) -> dict[str, str]:
    out = {"requirements/base.txt": BASE, "requirements/development.txt": DEV}
    out.update({k.replace("__", "/").replace("_DOT_", "."): v for k, v in extra.items()})
    return out


def read(root, rel: str) -> str:  # type: ignore[no-untyped-def]
    """The file, with the pinned Poetry release written as 2.5.1 (what make bump-poetry moves)."""
    return (root / rel).read_text(encoding="utf-8").replace(f"poetry=={POETRY_VERSION}", "poetry==2.5.1").replace(
        f"POETRY_VERSION={POETRY_VERSION}", "POETRY_VERSION=2.5.1"
    )


# -- Dockerfile ------------------------------------------------------------------------------

DOCKERFILE = """\
FROM python:3.11-slim
WORKDIR /app
# dependencies first, for the layer cache
COPY requirements/base.txt requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
COPY . .
CMD ["python", "-m", "app"]
"""


def test_dockerfile_rewritten_to_poetry_in_its_own_venv(repo, dry) -> None:
    root, report, result = dry(repo({**files(), "Dockerfile": DOCKERFILE}))
    assert read(root, "Dockerfile") == """\
FROM python:3.11-slim
WORKDIR /app
# dependencies first, for the layer cache
ENV POETRY_VERSION=2.5.1 \\
    POETRY_HOME=/opt/poetry \\
    POETRY_VIRTUALENVS_IN_PROJECT=true \\
    POETRY_NO_INTERACTION=1
COPY poetry-constraints.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \\
    python -m venv "$POETRY_HOME" \\
 && "$POETRY_HOME/bin/pip" install -c /tmp/poetry-constraints.txt "poetry==$POETRY_VERSION"
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry \\
    "$POETRY_HOME/bin/poetry" sync --only main --no-root
ENV PATH="/app/.venv/bin:$PATH"
COPY . .
CMD ["python", "-m", "app"]
"""
    assert result.returncode == 0, report
    assert "| `Dockerfile` | Dockerfile | rewritten | `P2M101`, `P2M170` |" in report
    assert read(root, "poetry-constraints.txt") == recipes.constraints_text()
    assert "| `poetry-constraints.txt` | Poetry's own pins | created: Poetry's own dependencies pinned, for the recipes that install Poetry | `P2M170` |" in report


def test_dockerfile_on_a_system_python_is_listed(repo, dry) -> None:
    text = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-pip\nCOPY requirements/base.txt .\nRUN pip install -r base.txt\n"
    root, report, result = dry(repo({**files(), "Dockerfile": text}))
    assert read(root, "Dockerfile") == text
    assert "`Dockerfile:4` (P2M170): the stage starts FROM debian:bookworm and installs into its system Python" in report
    assert "`requirements/base.txt` (P2M190): kept: still installed by Dockerfile:3, Dockerfile:4, which the change left as it is" in report
    assert (root / "requirements/base.txt").exists()
    assert result.returncode == 1


def test_dockerfile_user_install_is_listed(repo, dry) -> None:
    text = "FROM python:3.11-slim AS build\nCOPY requirements/base.txt .\nRUN pip install --user -r base.txt\n"
    root, report, _ = dry(repo({**files(), "Dockerfile": text}))
    assert read(root, "Dockerfile") == text
    assert "`Dockerfile:3` (P2M170): pip installs into a layout of its own (--user, --prefix or --target)" in report


# -- GitHub Actions --------------------------------------------------------------------------

WORKFLOW = """\
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"  # the production Python
          cache: pip
      - run: pip install -r requirements/development.txt
      - name: Test
        run: |
          pytest -q
"""


def test_github_actions_job_installs_poetry_and_runs_tools_in_its_environment(repo, dry) -> None:
    root, report, _ = dry(repo({**files(), ".github/workflows/ci.yml": WORKFLOW}))
    assert read(root, ".github/workflows/ci.yml") == """\
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"  # the production Python
      - name: Install Poetry
        run: |
          python3 -m venv ~/.poetry
          ~/.poetry/bin/pip install --quiet -c poetry-constraints.txt "poetry==2.5.1"
          echo "$HOME/.poetry/bin" >> "$GITHUB_PATH"
      - run: poetry sync --no-root
      - name: Test
        run: |
          poetry run pytest -q
"""
    assert "`P2M171`" in report and "`P2M160`" in report
    assert read(root, "poetry-constraints.txt") == recipes.constraints_text(), "the recipe's -c file comes with it"
    assert "| `poetry-constraints.txt` | Poetry's own pins | created: Poetry's own dependencies pinned, for the recipes that install Poetry | `P2M160` |" in report


def test_a_constraints_file_already_there_is_kept_and_said(repo, dry) -> None:
    mine = "# ours\npoetry-core==2.3.1\n"
    root, report, _ = dry(repo({**files(), ".github/workflows/ci.yml": WORKFLOW, "Dockerfile": DOCKERFILE, "poetry-constraints.txt": mine}))
    assert (root / "poetry-constraints.txt").read_text() == mine
    assert "-c poetry-constraints.txt" in read(root, ".github/workflows/ci.yml")
    assert "| `poetry-constraints.txt` |" not in report
    assert (f"- `poetry-constraints.txt` (P2M170): kept as it is: Dockerfile, .github/workflows/ci.yml now install Poetry with it; "
            f"check it pins Poetry {POETRY_VERSION}'s own dependencies") in report.replace(".github/workflows/ci.yml, Dockerfile", "Dockerfile, .github/workflows/ci.yml")


def test_no_recipe_no_constraints_file(repo, dry) -> None:
    root, report, _ = dry(repo({**files(), "Makefile": "install:\n\tpip install -r requirements/base.txt\n"}))
    assert not (root / "poetry-constraints.txt").exists()
    assert "poetry-constraints.txt" not in report


def test_the_packaged_constraints_are_the_docker_pages() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "snippets" / "build-docker-images-for-a-poetry-project" / "poetry-constraints.txt"
    assert recipes.constraints_text() == page.read_text(encoding="utf-8")


def test_github_actions_folded_scalar_is_listed(repo, dry) -> None:
    text = "jobs:\n  test:\n    steps:\n      - run: >\n          pip install\n          -r requirements/development.txt\n"
    root, report, result = dry(repo({**files(), ".github/workflows/ci.yml": text}))
    assert read(root, ".github/workflows/ci.yml") == text
    assert "`.github/workflows/ci.yml:4` (P2M000): a folded or escaped YAML string" in report
    assert result.returncode == 1


# -- GitLab CI -------------------------------------------------------------------------------

GITLAB = """\
default:
  image: python:3.11-slim

test:
  stage: test
  cache:
    key:
      files: [requirements/base.txt, requirements/development.txt]
    paths: [.cache/pip]
  script:
    - pip install -r requirements/development.txt
    - python -m pytest -q  # all of them
"""


def test_gitlab_job_script_rewritten(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": GITLAB}))
    assert read(root, ".gitlab-ci.yml") == """\
default:
  image: python:3.11-slim

test:
  stage: test
  cache:
    key:
      files: [poetry.lock]
    paths: [.cache/pip, .cache/pypoetry]
  variables:
    POETRY_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pypoetry"
  script:
    - python3 -m venv ~/.poetry
    - ~/.poetry/bin/pip install --quiet -c poetry-constraints.txt "poetry==2.5.1"
    - export PATH="$HOME/.poetry/bin:$PATH"
    - poetry sync --no-root
    - poetry run python -m pytest -q  # all of them
"""


GITLAB_BLOCK = """\
variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/pip-cache"
  PIP_DISABLE_PIP_VERSION_CHECK: "1"

default:
  image: python:3.11-slim
  cache:
    key: pip
    paths:
      - ./pip-cache/
      - node_modules

test:
  script:
    - pip install -r requirements/development.txt
    - pytest

lint:
  script:
    - pip install -r requirements/development.txt
    - flake8
"""


def test_gitlab_default_cache_of_pips_folder_gets_poetrys_once(repo, dry) -> None:
    """Block style: Poetry's folder after pip's in default:'s paths, POETRY_CACHE_DIR after
    PIP_CACHE_DIR in the global variables, once for the two jobs that use them."""
    root, report, _ = dry(repo({**files(), ".gitlab-ci.yml": GITLAB_BLOCK}))
    text = read(root, ".gitlab-ci.yml")
    assert text.split("\ntest:")[0] == """\
variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/pip-cache"
  POETRY_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pypoetry"
  PIP_DISABLE_PIP_VERSION_CHECK: "1"

default:
  image: python:3.11-slim
  cache:
    key: pip
    paths:
      - ./pip-cache/
      - .cache/pypoetry
      - node_modules
"""
    assert "| `.gitlab-ci.yml` | GitLab CI | rewritten | `P2M101`, `P2M150`, `P2M160`, `P2M173` |" in report


def test_gitlab_flow_variables_and_a_global_cache(repo, dry) -> None:
    """Flow style: the variable at the end of the job's {…}; the global cache: (no default:)
    gets the folder; a global cache's variable goes in a new global variables: block."""
    text = ("test:\n  variables: {PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"}\n  cache:\n    paths: [.cache/pip, ]\n"
            "  script:\n    - pip install -r requirements/development.txt\n")
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}))
    assert read(root, ".gitlab-ci.yml").split("  script:")[0] == (
        "test:\n  variables: {PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\", POETRY_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pypoetry\"}\n"
        "  cache:\n    paths: [.cache/pip, .cache/pypoetry]\n")
    text = ("cache:\n  paths: [.cache/pip]\n\ntest:\n  script:\n    - pip install -r requirements/development.txt\n")
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}, name="global"))
    assert read(root, ".gitlab-ci.yml").split("test:")[0] == (
        "cache:\n  paths: [.cache/pip, .cache/pypoetry]\n\nvariables:\n  POETRY_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pypoetry\"\n\n")


def test_gitlab_cache_without_pips_folder_is_left_as_it_is(repo, dry) -> None:
    text = ("variables:\n  PIP_CACHE_DIR: /tmp/pip\n\ntest:\n  cache:\n    paths: [.venv]\n"
            "  script:\n    - pip install -r requirements/development.txt\n")
    root, report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}))
    after = read(root, ".gitlab-ci.yml")
    assert after.split("  script:")[0] == text.split("  script:")[0]
    assert "poetry sync --no-root" in after and "P2M173" not in report


def test_gitlab_cache_that_does_not_close_on_its_line_is_listed(repo, dry) -> None:
    text = ("test:\n  cache:\n    paths: [.cache/pip,\n      .venv]\n  variables:\n    POETRY_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pypoetry\"\n"
            "  script:\n    - pip install -r requirements/development.txt\n")
    root, report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}))
    assert read(root, ".gitlab-ci.yml").split("  script:")[0] == text.split("  script:")[0]
    assert "`.gitlab-ci.yml:3` (P2M173): add .cache/pypoetry to this cache's paths, as the CI page shows" in report


def test_gitlab_poetry_cache_is_added_once(repo, dry) -> None:
    """A second migration of the migrated file changes nothing in it, and a job migrated
    once that installs with pip again gets that line rewritten, with no second variable or path."""
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": GITLAB_BLOCK}))
    migrated = read(root, ".gitlab-ci.yml")
    assert migrated.count("POETRY_CACHE_DIR") == 1 and migrated.count(".cache/pypoetry") == 2
    root, _report, result = dry(repo({**files(), ".gitlab-ci.yml": migrated}, name="again"))
    assert ".gitlab-ci.yml" not in result.stdout and read(root, ".gitlab-ci.yml") == migrated
    line = "    - pip install -r requirements/development.txt\n"
    text = migrated.replace("    - poetry run pytest\n", "    - poetry run pytest\n" + line, 1)
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}, name="once-more"))
    again = read(root, ".gitlab-ci.yml")
    assert "pip install -r" not in again and again.split("\ntest:")[0] == migrated.split("\ntest:")[0]
    assert again.count("POETRY_CACHE_DIR") == 1 and again.count(".cache/pypoetry") == 2


def test_gitlab_unparsable_shell_is_listed(repo, dry) -> None:
    text = 'test:\n  script:\n    - pip install -r requirements/development.txt "unterminated\n'
    root, report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}))
    assert read(root, ".gitlab-ci.yml") == text
    assert "`.gitlab-ci.yml:3` (P2M000): a shell command the parser cannot read" in report


# -- CircleCI --------------------------------------------------------------------------------

CIRCLE = """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/python:3.11
    steps:
      - checkout
      - run:
          name: Install
          command: pip install -r requirements/development.txt
      - run: pytest
"""


def test_circleci_job_rewritten(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), ".circleci/config.yml": CIRCLE}))
    assert read(root, ".circleci/config.yml") == """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/python:3.11
    steps:
      - checkout
      - run:
          name: Install Poetry
          command: |
            python3 -m venv ~/.poetry
            ~/.poetry/bin/pip install --quiet -c poetry-constraints.txt "poetry==2.5.1"
            echo 'export PATH="$HOME/.poetry/bin:$PATH"' >> "$BASH_ENV"
      - run:
          name: Install
          command: poetry sync --no-root
      - run: poetry run pytest
"""


def test_circleci_orb_install_packages_is_listed(repo, dry) -> None:
    text = "version: 2.1\norbs:\n  python: circleci/python@2.1\njobs:\n  test:\n    executor: python/default\n    steps:\n      - checkout\n      - python/install-packages:\n          pkg-manager: pip\n          pip-dependency-file: requirements/development.txt\n"
    root, report, _ = dry(repo({**files(), ".circleci/config.yml": text}))
    assert read(root, ".circleci/config.yml") == text
    assert "`.circleci/config.yml:9` (P2M160): python/install-packages installs with pip" in report
    assert (root / "requirements/development.txt").exists()


CIRCLE_CACHED = """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/python:3.11
    steps:
      - checkout
      - restore_cache:
          keys:
            - deps-{{ checksum "requirements/base.txt" }}-{{ checksum "requirements/development.txt" }}
            - deps-
      - run: pip install -r requirements/development.txt
      - save_cache:
          key: deps-{{ checksum "requirements/base.txt" }}-{{ checksum "requirements/development.txt" }}
          paths:
            - ~/.cache/pip
      - run: pytest
"""


def test_circleci_cache_of_a_rewritten_job_follows_the_lock(repo, dry) -> None:
    """CircleCI cannot take the checksum of a file the change removes (the cache steps fail
    with "error calling checksum: ... no such file or directory"): the keys name the lock,
    once, and pip's cached downloads gain Poetry's folder."""
    root, report, _ = dry(repo({**files(), ".circleci/config.yml": CIRCLE_CACHED}))
    after = read(root, ".circleci/config.yml")
    assert not (root / "requirements/development.txt").exists()
    assert """\
      - restore_cache:
          keys:
            - deps-{{ checksum "poetry.lock" }}
            - deps-
""" in after
    assert """\
      - save_cache:
          key: deps-{{ checksum "poetry.lock" }}
          paths:
            - ~/.cache/pip
            - ~/.cache/pypoetry
      - run: poetry run pytest
""" in after
    assert "`P2M174`" in report and "`P2M175`" in report


def test_circleci_cache_in_flow_style_and_a_key_kept_as_it_is(repo, dry) -> None:
    """A flow list of paths gains Poetry's folder at its end; a key that names no imported
    file (the lock already, or a file the change keeps) is left alone."""
    text = CIRCLE_CACHED.replace("""\
          paths:
            - ~/.cache/pip
""", "          paths: [~/.cache/pip, .tox]\n").replace(
        '- deps-{{ checksum "requirements/base.txt" }}-{{ checksum "requirements/development.txt" }}',
        '- tox-{{ checksum "tox.ini" }}')
    root, report, _ = dry(repo({**files(), "tox.ini": "[tox]\nenv_list = py311\n", ".circleci/config.yml": text}))
    after = read(root, ".circleci/config.yml")
    assert '            - tox-{{ checksum "tox.ini" }}\n' in after
    assert '          key: deps-{{ checksum "poetry.lock" }}\n          paths: [~/.cache/pip, .tox, ~/.cache/pypoetry]\n' in after


def test_circleci_cache_key_written_over_lines_is_listed(repo, dry) -> None:
    text = CIRCLE_CACHED.replace(
        '          key: deps-{{ checksum "requirements/base.txt" }}-{{ checksum "requirements/development.txt" }}\n',
        '          key: >-\n            deps-{{ checksum "requirements/base.txt" }}\n')
    root, report, _ = dry(repo({**files(), ".circleci/config.yml": text}))
    assert 'deps-{{ checksum "requirements/base.txt" }}\n' in read(root, ".circleci/config.yml")
    assert "`.circleci/config.yml:14` (P2M174): make this cache key's checksum {{ checksum \"poetry.lock\" }}" in report


def test_circleci_cache_of_a_job_left_as_it_is_is_left_too(repo, dry) -> None:
    """Only a job migrate rewrites moves to the lock: another job's cache still reads its files."""
    text = CIRCLE_CACHED.replace("      - run: pip install -r requirements/development.txt\n", "").replace(
        "      - run: pytest\n", "")
    root, report, _ = dry(repo({**files(), ".circleci/config.yml": text}))
    assert "P2M174" not in report and "P2M175" not in report


# -- Makefile --------------------------------------------------------------------------------

MAKEFILE = """\
PIP ?= .venv/bin/pip

.PHONY: install test
install:  ## the developer set-up
\t$(PIP) install -r requirements/development.txt
test:
\t@.venv/bin/pytest -q
\tcp -r src build
"""


def test_makefile_recipes_rewritten(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), "Makefile": MAKEFILE}))
    assert read(root, "Makefile") == """\
PIP ?= .venv/bin/pip

.PHONY: install test
install:  ## the developer set-up
\tVIRTUAL_ENV="$$PWD/.venv" poetry sync --no-root
test:
\t@.venv/bin/pytest -q
\tcp -r src build
"""


def test_makefile_variable_requirements_file_is_listed(repo, dry) -> None:
    text = "install:\n\tpip install -r $(REQS)\n"
    root, report, _ = dry(repo({**files(), "Makefile": text}))
    assert read(root, "Makefile") == text
    assert "`Makefile:2` (P2M101): -r $(REQS): a file named by a variable" in report


# -- tox -------------------------------------------------------------------------------------

TOX = """\
[tox]
envlist = py311

[testenv]
# the developer requirements
deps =
    -rrequirements/development.txt
commands =
    pytest {posargs}
"""


def test_tox_environment_installs_with_poetry(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), "tox.ini": TOX}))
    assert read(root, "tox.ini") == """\
[tox]
envlist = py311

[testenv]
# the developer requirements
skip_install = true
allowlist_externals = poetry
commands_pre =
    poetry sync
commands =
    poetry run pytest {posargs}
"""


def test_tox_keeps_poetry_install_where_deps_still_names_packages(repo, dry) -> None:
    """poetry sync would remove what deps installs beside the lock."""
    text = TOX.replace("    -rrequirements/development.txt\n", "    -rrequirements/development.txt\n    coverage\n")
    assert text != TOX
    root, report, _ = dry(repo({**files(), "tox.ini": text}))
    tox = read(root, "tox.ini")
    assert "commands_pre =\n    poetry install\n" in tox and "    coverage\n" in tox, tox
    assert "(P2M103)" in report


def test_tox_requirements_outside_the_repository_is_listed(repo, dry) -> None:
    text = "[testenv]\ndeps = -r../shared/requirements.txt\ncommands = pytest\n"
    root, report, _ = dry(repo({**files(), "tox.ini": text}))
    assert read(root, "tox.ini") == text
    assert "`tox.ini:2` (P2M101): installs ../shared/requirements.txt, outside the repository" in report


# -- shell scripts ---------------------------------------------------------------------------

SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --upgrade pip
pip install -r requirements/development.txt && echo installed
pytest "$@"
"""


def test_shell_script_rewritten(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), "scripts/bootstrap.sh": SCRIPT}))
    # The script activated its virtual environment: Poetry installs into it, and pytest
    # runs from it as before.
    assert read(root, "scripts/bootstrap.sh") == SCRIPT.replace(
        "pip install -r requirements/development.txt && echo installed", "poetry sync --no-root && echo installed"
    )


def test_shell_script_installing_with_a_venvs_pip_installs_into_that_venv(repo, dry) -> None:
    text = "#!/bin/sh\npython3 -m venv .venv\n.venv/bin/pip install -r requirements/development.txt\n.venv/bin/pytest\npytest\n"
    root, _report, _ = dry(repo({**files(), "scripts/bootstrap.sh": text}))
    assert read(root, "scripts/bootstrap.sh") == (
        '#!/bin/sh\npython3 -m venv .venv\nVIRTUAL_ENV="$PWD/.venv" poetry sync --no-root\n.venv/bin/pytest\npoetry run pytest\n'
    )


def test_shell_script_without_suffix_found_by_its_shebang(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), "bin/setup": "#!/bin/sh\npip install -r requirements/base.txt\n"}))
    assert read(root, "bin/setup") == "#!/bin/sh\npoetry sync --only main --no-root\n"


def test_shell_script_that_does_not_parse_is_listed(repo, dry) -> None:
    text = "#!/bin/sh\nif [ -f x ]; then\n  pip install -r requirements/base.txt\n"
    root, report, _ = dry(repo({**files(), "ci/run.sh": text}))
    assert read(root, "ci/run.sh") == text
    assert "`ci/run.sh:" in report and "a shell command the parser cannot read" in report
    assert (root / "requirements/base.txt").exists()


# -- Read the Docs ---------------------------------------------------------------------------

RTD = """\
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: "3.11"
sphinx:
  configuration: docs/conf.py
python:
  install:
    - requirements: docs/requirements.txt
"""


def test_readthedocs_installs_the_docs_group_with_poetry(repo, dry) -> None:
    root, _report, _ = dry(repo({**files(), "docs/requirements.txt": "sphinx==9.0.4\n", ".readthedocs.yaml": RTD}))
    assert read(root, ".readthedocs.yaml") == """\
version: 2
build:
  os: ubuntu-24.04
  tools:
    python: "3.11"
  jobs:
    post_create_environment:
      - python -m pip install "poetry==2.5.1"
    post_install:
      - VIRTUAL_ENV=$READTHEDOCS_VIRTUALENV_PATH python -m poetry install --only docs --no-root
sphinx:
  configuration: docs/conf.py
"""
    assert 'docs = [\n    "sphinx (>=9.0.4,<10)"\n]' in read(root, "pyproject.toml")
    assert not (root / "docs/requirements.txt").exists()


def test_readthedocs_with_build_commands_is_listed(repo, dry) -> None:
    text = RTD.replace("    python: \"3.11\"\n", "    python: \"3.11\"\n  commands:\n    - make html\n")
    root, report, _ = dry(repo({**files(), "docs/requirements.txt": "sphinx==9.0.4\n", ".readthedocs.yaml": text}))
    assert read(root, ".readthedocs.yaml") == text
    assert "`.readthedocs.yaml:6` (P2M181): build already has jobs or commands" in report


# -- README ----------------------------------------------------------------------------------

README = """\
# App

Install the developer set-up, then run the tests:

```console
$ pip install -r requirements/development.txt
Successfully installed tabulate-0.9.0
$ pytest -q
```

Or see `pip install -r requirements/base.txt` for production.
"""


def test_readme_console_block_rewritten_and_prose_listed(repo, dry) -> None:
    root, report, _ = dry(repo({**files(), "README.md": README}))
    assert read(root, "README.md") == README.replace(
        "$ pip install -r requirements/development.txt", "$ poetry sync --no-root"
    ).replace("$ pytest -q", "$ poetry run pytest -q")
    assert "`README.md:11` (P2M000): `pip install -r requirements/base.txt` in the text: reword it for Poetry" in report


# -- Configs that are listed, never rewritten -----------------------------------------------

def test_configs_naming_a_retired_file_are_listed(repo, dry) -> None:
    root, report, _ = dry(repo({
        **files(),
        "MANIFEST.in": "include requirements/base.txt\n",
        "renovate.json": '{\n  "pip_requirements": {"fileMatch": ["requirements/.*\\\\.txt$"]}\n}\n',
        "noxfile.py": 'import nox\n\n@nox.session\ndef tests(session):\n    session.install("-r", "requirements/development.txt")\n',
    }))
    assert "`MANIFEST.in:1` (P2M190): names requirements/base.txt, which the change removes" in report
    assert "`renovate.json:2` (P2M190): the pip_requirements manager" in report
    assert ("`noxfile.py:5` (P2M190): names requirements/development.txt, which the change removes: let Poetry "
            "install the lock: session.run_install('poetry', 'sync', external=True) (how-to/run-tox-and-nox-with-poetry)") in report
    assert read(root, "MANIFEST.in") == "include requirements/base.txt\n"


def test_gitlab_job_extending_a_template_that_installs_poetry_gets_no_second_install(repo, dry) -> None:
    text = (".poetry:\n  before_script:\n    - pip install \"poetry==2.5.1\"\n\n"
            "test:\n  extends: .poetry\n  script:\n    - pip install -r requirements/development.txt\n    - pytest\n")
    root, _report, _ = dry(repo({**files(), ".gitlab-ci.yml": text}))
    assert read(root, ".gitlab-ci.yml") == text.replace(
        "    - pip install -r requirements/development.txt\n    - pytest\n", "    - poetry sync --no-root\n    - poetry run pytest\n"
    )


def test_github_expressions_are_not_shell(repo, dry) -> None:
    text = (
        "jobs:\n  test:\n    steps:\n      - run: |\n"
        '          if [ -n "${{ inputs.target }}" ]; then echo "${{ github.sha }}"; fi\n'
        "          pip install -r requirements/development.txt\n"
    )
    root, report, _ = dry(repo({**files(), ".github/workflows/ci.yml": text}))
    assert "poetry sync --no-root" in read(root, ".github/workflows/ci.yml")
    assert "cannot read" not in report


def test_circleci_parameters_are_not_shell(repo, dry) -> None:
    text = (
        "version: 2.1\njobs:\n  test:\n    parameters:\n      file:\n        type: string\n    steps:\n"
        "      - run: pip install -r << parameters.file >>\n      - run: pip install -r requirements/development.txt\n"
    )
    root, report, _ = dry(repo({**files(), ".circleci/config.yml": text}))
    assert "- run: pip install -r << parameters.file >>" in read(root, ".circleci/config.yml")
    assert "(P2M101): -r << parameters.file >>: a file named by a variable" in report
    assert "      - run: poetry sync --no-root\n" in read(root, ".circleci/config.yml")


def test_dockerfile_with_a_conditional_install_keeps_its_file(repo, dry) -> None:
    # Seen on pypa/warehouse: options before install, an install inside if, files copied to /tmp.
    text = ("FROM python:3.11-slim\nCOPY requirements /tmp/requirements\n"
            "RUN if [ \"$DEVEL\" = yes ]; then pip --no-cache-dir install -r /tmp/requirements/development.txt; fi\n"
            "RUN pip --no-cache-dir install -r /tmp/requirements/base.txt $(echo '-r /tmp/requirements/x.txt')\n")
    root, report, _ = dry(repo({**files(), "Dockerfile": text}))
    assert (root / "requirements/base.txt").exists(), "the Dockerfile still installs it"
    assert "Dockerfile:4" in report


def test_makefile_conditionals_and_defines(repo, dry) -> None:
    text = ("define CHECK\n\tprint(\"x\" if y else z)\nendef\n\n"
            "install:\n\tpip install -r requirements/base.txt\nifeq ($(X),yes)\n\tpip install -r requirements/development.txt\nendif\n"
            "lock:\n\t$(BIN)/pip-compile --upgrade requirements.in\n")
    root, report, _ = dry(repo({**files(), "Makefile": text}))
    out = read(root, "Makefile")
    assert "\tpoetry sync --only main --no-root\nifeq ($(X),yes)\n\tpoetry install --no-root\nendif\n" in out
    assert "\tpoetry update --lock\n" in out
    assert "cannot read" not in report


def test_a_conda_environment_that_installs_a_removed_requirements_file_is_listed(repo, dry) -> None:
    """conda env create would fail on a pip: section whose -r file the change removed."""
    environment = ("name: lab\ndependencies:\n  - python=3.11\n  - graphviz\n  - pip\n  - pip:\n"
                   "      - -r requirements.txt\n")
    root, report, _ = dry(repo({"environment.yml": environment, "requirements.txt": "tabulate==0.9.0\n"}))
    assert not (root / "requirements.txt").exists()
    assert ("`environment.yml:7` (P2M190): its pip: section installs requirements.txt, which the change removes: "
            "drop the pip: section, Poetry installs those packages (how-to/migrate-a-data-science-repository)") in report
    assert "`environment.yml` (P2M190): a conda environment: conda packages are not PyPI packages; move what comes from PyPI by hand (how-to/migrate-a-data-science-repository)" in report

"""The lines the rewriters insert, each copied from the guide page whose recipe it is.

A test compares every recipe with that page's snippet (tests/migrate/test_recipes.py), so
the tool writes what the guide shows, and ``make bump-poetry`` moves ``POETRY_VERSION``
with every other pin of the release.
"""

from __future__ import annotations

from importlib import resources

#: the Poetry release the guide is verified against (pyproject.toml's requires-poetry)
POETRY_VERSION = "2.5.1"

#: the file the Docker and CI recipes install Poetry with (``pip install -c``): Poetry's own
#: dependencies pinned, as the Docker page's scenario makes it with pip freeze. migrate writes
#: it at the repository's root when a rewrite inserts one of those recipes.
CONSTRAINTS_FILE = "poetry-constraints.txt"


def constraints_text() -> str:
    """The content migrate writes as ``poetry-constraints.txt`` (package data; a test
    compares it with the pinned Poetry's own environment, and ``make bump-poetry`` renews it)."""
    return resources.files(__package__).joinpath(CONSTRAINTS_FILE).read_text(encoding="utf-8")


# how-to/build-docker-images-for-a-poetry-project#docker-multi-stage
DOCKER_POETRY = (
    f"ENV POETRY_VERSION={POETRY_VERSION} \\\n"
    "    POETRY_HOME=/opt/poetry \\\n"
    "    POETRY_VIRTUALENVS_IN_PROJECT=true \\\n"
    "    POETRY_NO_INTERACTION=1\n"
    f"COPY {CONSTRAINTS_FILE} /tmp/\n"
    "RUN --mount=type=cache,target=/root/.cache/pip \\\n"
    '    python -m venv "$POETRY_HOME" \\\n'
    f' && "$POETRY_HOME/bin/pip" install -c /tmp/{CONSTRAINTS_FILE} "poetry==$POETRY_VERSION"\n'
)
DOCKER_POETRY_COMMAND = '"$POETRY_HOME/bin/poetry"'
DOCKER_COPY = "COPY pyproject.toml poetry.lock ./\n"
#: what starts every RUN that runs Poetry: Poetry's cache kept between builds, out of the image
DOCKER_POETRY_CACHE = "--mount=type=cache,target=/root/.cache/pypoetry \\\n    "

# how-to/run-poetry-in-ci#github
GITHUB_INSTALL_STEP = [
    "- name: Install Poetry",
    "  run: |",
    "    python3 -m venv ~/.poetry",
    f'    ~/.poetry/bin/pip install --quiet -c {CONSTRAINTS_FILE} "poetry=={POETRY_VERSION}"',
    '    echo "$HOME/.poetry/bin" >> "$GITHUB_PATH"',
]

# how-to/run-poetry-in-ci#gitlab
GITLAB_INSTALL = [
    "python3 -m venv ~/.poetry",
    f'~/.poetry/bin/pip install --quiet -c {CONSTRAINTS_FILE} "poetry=={POETRY_VERSION}"',
    'export PATH="$HOME/.poetry/bin:$PATH"',
]

# how-to/run-poetry-in-ci#circleci
CIRCLECI_INSTALL_STEP = [
    "- run:",
    "    name: Install Poetry",
    "    command: |",
    "      python3 -m venv ~/.poetry",
    f'      ~/.poetry/bin/pip install --quiet -c {CONSTRAINTS_FILE} "poetry=={POETRY_VERSION}"',
    "      echo 'export PATH=\"$HOME/.poetry/bin:$PATH\"' >> \"$BASH_ENV\"",
]

# how-to/migrate-a-whole-repository-in-one-command#migrate-read-the-docs
READTHEDOCS_JOBS = [
    "jobs:",
    "  post_create_environment:",
    f'    - python -m pip install "poetry=={POETRY_VERSION}"',
    "  post_install:",
    "    - VIRTUAL_ENV=$READTHEDOCS_VIRTUALENV_PATH python -m poetry install {flags}",
]

# how-to/migrate-a-whole-repository-in-one-command#migrate-tox
TOX_ALLOWLIST = "poetry"

"""The one table of command translations: each pip-era (or Poetry 1.x) command that
``pip2poetry migrate`` rewrites, what it becomes, and the guide page that says why.

The reference page renders this table (docs/_ext/pip2poetry_docs.py), and every rewriter
names the rule it applied by its ID, so a report line, a table row and a page section are
one thing. The matching itself is in :mod:`pip2poetry.migrate.shell`.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the guide page a rule implements: a path inside the guide and an anchor on it
Page = tuple[str, str]

MIGRATE_PAGE = "how-to/migrate-a-whole-repository-in-one-command"


@dataclass(frozen=True)
class Rule:
    id: str
    old: str  # the command as a reader would write it
    new: str  # what it becomes
    page: Page
    why: str


RULES: tuple[Rule, ...] = (
    Rule("P2M000", "a pip-era line no rule can rewrite safely", "left as it is, listed with path:line",
         (MIGRATE_PAGE, "migrate-what-needs-a-person"),
         "the safety net: a line that installs the old way is either rewritten or listed, never left silently"),
    Rule("P2M101", "pip install -r FILE", "poetry sync (--only GROUPS --no-root)",
         ("tutorials/migrate-an-application-from-requirements-txt", "install-and-run-the-tests"),
         "the lock installs what the requirements files listed; --only names the groups those files became"),
    Rule("P2M102", "pip install -e . / pip install .", "poetry sync (--only GROUPS)",
         ("tutorials/migrate-an-application-from-requirements-txt", "install-and-run-the-tests"),
         "Poetry installs the project itself, editable, with its locked dependencies"),
    Rule("P2M103", "pip install FILE's packages by name", "left as it is, listed",
         (MIGRATE_PAGE, "migrate-what-needs-a-person"),
         "a package installed by name bypasses the lock: add it with poetry add, or drop the line"),
    Rule("P2M110", "python setup.py test", "poetry run pytest",
         ("how-to/migrate-a-library-from-setup-py-or-setup-cfg", "build-with-poetry-and-compare-the-wheels"),
         "setup.py test is gone from setuptools; the tests run in Poetry's environment"),
    Rule("P2M111", "python setup.py install / develop", "poetry sync",
         ("how-to/migrate-a-library-from-setup-py-or-setup-cfg", "build-with-poetry-and-compare-the-wheels"),
         "the project is installed by Poetry from the lock"),
    Rule("P2M112", "python setup.py sdist / bdist_wheel", "poetry build",
         ("how-to/migrate-a-library-from-setup-py-or-setup-cfg", "build-with-poetry-and-compare-the-wheels"),
         "Poetry builds the sdist and the wheel from pyproject.toml"),
    Rule("P2M120", "pipenv install / pipenv sync", "poetry sync (--only main with --deploy)",
         ("how-to/migrate-from-pipenv", "daily-commands-side-by-side"),
         "Pipenv's install from the lock is Poetry's sync"),
    Rule("P2M121", "pipenv run CMD", "poetry run CMD",
         ("how-to/migrate-from-pipenv", "daily-commands-side-by-side"), "the same command in Poetry's environment"),
    Rule("P2M122", "pipenv lock", "poetry lock",
         ("how-to/migrate-from-pipenv", "daily-commands-side-by-side"), "Poetry writes poetry.lock"),
    Rule("P2M130", "pip-compile", "poetry lock",
         ("how-to/migrate-from-pip-tools", "daily-commands-side-by-side"), "the lock replaces the compiled files"),
    Rule("P2M131", "pip-sync FILE", "poetry sync",
         ("how-to/migrate-from-pip-tools", "daily-commands-side-by-side"), "sync installs exactly the lock"),
    Rule("P2M140", "poetry install --no-dev", "poetry install --only main",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "install-without-the-development-dependencies"),
         "Poetry 2 removed --no-dev"),
    Rule("P2M141", "poetry install --remove-untracked / --sync", "poetry sync",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "remove-what-the-lock-file-does-not-list"),
         "Poetry 2 removed --remove-untracked and deprecated --sync"),
    Rule("P2M142", "poetry lock --no-update", "poetry lock",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "refresh-the-lock-file"),
         "Poetry 2 keeps locked versions by default and removed --no-update"),
    Rule("P2M143", "poetry lock --check", "poetry check --lock",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "refresh-the-lock-file"), "Poetry 2 removed lock --check"),
    Rule("P2M144", "poetry shell", "eval \"$(poetry env activate)\"",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "activate-the-environment"),
         "poetry shell is a plugin since Poetry 2.0"),
    Rule("P2M145", "poetry export", "poetry export, with poetry-plugin-export in [tool.poetry.requires-plugins]",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "export-requirements-txt"),
         "export is a plugin since Poetry 2.0: the project declares it, and Poetry installs it"),
    Rule("P2M146", "poetry add --dev NAME", "poetry add --group dev NAME",
         ("how-to/upgrade-a-poetry-1-x-project-to-poetry-2", "replace-the-removed-commands"), "Poetry 2 removed --dev"),
    Rule("P2M150", "pytest, python and the project's tools after the install", "poetry run …",
         ("how-to/run-poetry-in-ci", "what-every-job-does"),
         "the dependencies now live in Poetry's environment, not in the job's Python"),
    Rule("P2M160", "(a job that installs with pip)", "Poetry installed first, in its own environment",
         ("how-to/run-poetry-in-ci", "what-every-job-does"),
         "each CI job installs the pinned Poetry with pip into ~/.poetry, never into the project's environment"),
    Rule("P2M170", "Dockerfile: COPY requirements + RUN pip install -r", "Poetry in its own venv, poetry sync --only main --no-root, .venv on PATH",
         ("how-to/build-docker-images-for-a-poetry-project", "docker-multi-stage"),
         "Poetry lives in /opt/poetry and the project's environment in the image's .venv"),
    Rule("P2M171", "setup-python's cache: pip", "removed",
         (MIGRATE_PAGE, "migrate-github-actions"),
         "its cache key is the requirements files, which the change removes; the CI page caches Poetry's folders"),
    Rule("P2M172", "GitLab cache: key: files: the requirements files", "[poetry.lock]",
         ("how-to/run-poetry-in-ci", "gitlab"), "the cached environment follows the lock now"),
    Rule("P2M173", "GitLab cache: paths: pip's cache folder (PIP_CACHE_DIR in $CI_PROJECT_DIR, or .cache/pip)",
         "also .cache/pypoetry, with POETRY_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pypoetry\"",
         ("how-to/run-poetry-in-ci", "gitlab"),
         "Poetry downloads into its own cache, outside the project folder that GitLab caches; pip's folder stays for the Poetry install"),
    Rule("P2M174", 'CircleCI cache key: {{ checksum "requirements.txt" }} (any dependency file the change imports)',
         '{{ checksum "poetry.lock" }}, once per key', ("how-to/run-poetry-in-ci", "circleci"),
         "the cached environment follows the lock now; the checksum of a removed file fails the cache step (error calling checksum: … no such file or directory) and nothing is cached"),
    Rule("P2M175", "CircleCI save_cache: paths: ~/.cache/pip", "also ~/.cache/pypoetry",
         ("how-to/run-poetry-in-ci", "circleci"),
         "Poetry keeps its downloads there, and the project's environment unless it is in the project; pip's folder stays for the Poetry install"),
    Rule("P2M180", "tox: deps = -rFILE", "skip_install, allowlist_externals = poetry, commands_pre = poetry sync",
         (MIGRATE_PAGE, "migrate-tox"), "tox runs the lock's versions, installed by Poetry into tox's environment "
         "(poetry install where deps still names packages, which sync would remove)"),
    Rule("P2M181", "Read the Docs: python.install requirements", "build.jobs installing Poetry and the docs group",
         (MIGRATE_PAGE, "migrate-read-the-docs"), "Read the Docs installs the docs group from the lock"),
    Rule("P2M190", "a retired file named in a config (Renovate, Dependabot, MANIFEST.in, pre-commit, compose)", "listed",
         (MIGRATE_PAGE, "migrate-what-needs-a-person"), "the file is gone after the change: the config needs a person"),
    Rule("P2M191", "--keep-requirements: the main requirements file", "poetry export --only main --output FILE",
         (MIGRATE_PAGE, "keep-requirements-txt-during-the-transition"),
         "whoever still reads the file gets the lock's versions; pip2poetry check-export fails when it drifts"),
)  # fmt: skip

BY_ID = {r.id: r for r in RULES}


def page_of(rule_id: str) -> str:
    path, anchor = BY_ID[rule_id].page
    return f"{path}#{anchor}"

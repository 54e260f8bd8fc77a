#!/bin/sh
set -e
pip install -r requirements-dev.txt
pip install tabulate
pytest -q

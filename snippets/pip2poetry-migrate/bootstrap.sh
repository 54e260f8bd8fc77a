#!/bin/sh
# Set up a development environment from the compiled requirements.
set -e
pip-compile requirements.in
pip-sync requirements.txt
pip install -e .
python -m report --help

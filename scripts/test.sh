#!/bin/sh
# The README's second command: set up, start the local services the tests use, run the tests
# (extra arguments go to pytest).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --test
sh scripts/services.sh
exec .venv/bin/python -m pytest "$@"

#!/bin/sh
# The README's first command: set up, then run the demo (extra arguments go to `manage.py demo`).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
exec .venv/bin/python manage.py demo "$@"

#!/bin/sh
# The README's second command: set up, start the local services the tests use, check lint,
# format and types, then run the whole suite twice (extra arguments go to pytest both times):
#   1. the embedded default: Django on SQLite, django-q2's ORM broker;
#   2. production shape: Django on PostgreSQL (Unix socket, the OS user's role; pytest-django
#      creates test_syncadmin_ci) and django-q2 on Redis (database 15).
# Both passes run every ERP test on SQLite and PostgreSQL through ODBC. PostgreSQL being
# unreachable fails the run instead of skipping (SYNCADMIN_TEST_REQUIRE_SERVICES=1).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --test
sh scripts/services.sh
export SYNCADMIN_TEST_REQUIRE_SERVICES=1
python=.venv/bin/python

echo "== lint and format (ruff), types (mypy on the ERP package, the engine, the timetable)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy

echo "== migrations are in step with the models (makemigrations --check)"
"$python" manage.py makemigrations --check --dry-run

echo "== pass 1: Django on SQLite, ORM broker"
env -u DATABASE_URL -u SYNCADMIN_REDIS_URL "$python" -m pytest "$@"

echo "== pass 2: Django on PostgreSQL, Redis broker"
DATABASE_URL="${SYNCADMIN_CI_DATABASE_URL:-postgres:///syncadmin_ci?host=/var/run/postgresql}" \
SYNCADMIN_REDIS_URL="${SYNCADMIN_CI_REDIS_URL:-redis://127.0.0.1:6379/15}" \
    "$python" -m pytest "$@"

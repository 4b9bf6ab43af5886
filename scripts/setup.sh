#!/bin/sh
# Set up syncadmin on a Debian/Ubuntu machine: OS packages (unixODBC and the ODBC drivers),
# a virtual environment in .venv and the Python package in it. Safe to run again.
#   sh scripts/setup.sh          what the demo needs
#   sh scripts/setup.sh --test   plus what the test suite needs (PostgreSQL, Redis, Chromium)
set -eu
cd "$(dirname "$0")/.."

packages="unixodbc libsqliteodbc odbc-postgresql python3 python3-venv python3-dev gcc gettext"
extras=""
if [ "${1:-}" = "--test" ]; then
    packages="$packages postgresql redis-server chromium chromium-driver"
    extras="[test]"
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=""
for p in $packages; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing OS packages:$missing"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq $missing >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".$extras"

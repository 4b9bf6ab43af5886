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
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "Installing OS packages needs root: run this as root or install sudo." >&2
        exit 1
    fi
}

installed() {  # a package removed but not purged is not installed
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=""
for p in $packages; do
    installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing OS packages:$missing"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq $missing >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "syncadmin needs Python 3.11 or newer; $python is $("$python" -V 2>&1)." \
         "Set PYTHON=/path/to/python3.11 and run again." >&2
    exit 1
fi
# A venv left half-made (no pip) by an earlier failure is made again.
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    rm -rf .venv
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".$extras"

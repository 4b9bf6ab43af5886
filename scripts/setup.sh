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
# Installed already for this pyproject.toml? Then nothing is fetched: the commands work
# offline once set up (a server beside Optima often has no internet). The test extras include
# everything the demo needs, so the test stamp will do for the demo too.
stamp=".venv/.syncadmin-installed${extras:+-test}"
want="$(cksum < pyproject.toml)"
for done in "$stamp" .venv/.syncadmin-installed-test; do
    if [ -f "$done" ] && [ "$(cat "$done")" = "$want" ] \
            && .venv/bin/python -c 'import syncadmin, django, django_q, pyodbc' 2>/dev/null; then
        exit 0
    fi
done
.venv/bin/python -m pip install -q --upgrade pip setuptools wheel >/dev/null
# No isolated build environment: setuptools comes from the venv, not from the index. The
# build backend's notice about editable installs is not for the user.
log=$(mktemp)
if ! .venv/bin/python -m pip install -q --no-build-isolation -e ".$extras" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "scripts/setup.sh: pip could not install syncadmin (see above; the first setup needs" \
         "the package index)" >&2
    exit 1
fi
grep -v -e "BuildBackendWarning" -e "^  *!!" -e "^  *\*\*\*" -e "Please be careful" \
    -e "name as your package" -e "WheelFile(wheel_path" -e "^ *$" "$log" >&2 || true
rm -f "$log"
echo "$want" > "$stamp"

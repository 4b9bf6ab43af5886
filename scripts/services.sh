#!/bin/sh
# Start PostgreSQL and Redis for the tests if they are not running (a fresh machine has
# neither running; machines without systemd need the daemons started by hand).
set -eu

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$version" ]; then
        echo "PostgreSQL is installed but has no cluster in /etc/postgresql" >&2
        exit 1
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# The tests connect as the current OS user's namesake role without a password; make sure the
# role exists (trust or peer authentication on localhost, as Debian sets it up) .
user=$(id -un)
as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1 \
    || as_root su postgres -c "createuser --superuser $user"
# Django's own database for the PostgreSQL pass of scripts/test.sh (pytest-django creates and
# drops test_syncadmin_ci next to it).
psql -h /var/run/postgresql -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='syncadmin_ci'" \
    | grep -q 1 || createdb -h /var/run/postgresql syncadmin_ci

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    mkdir -p /tmp/syncadmin-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --dir /tmp/syncadmin-redis --logfile /tmp/syncadmin-redis/redis.log
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

#!/bin/sh
# Start PostgreSQL and Redis for the tests if they are not running (a fresh machine has
# neither running; machines without systemd need the daemons started by hand). Fails at
# once, saying why, when a service cannot be started or reached.
set -eu

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

fail() {
    echo "scripts/services.sh: $*" >&2
    exit 1
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
    seconds=$1 what=$2
    shift 2
    tries=$((seconds * 2))
    while ! "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || fail "$what did not answer within $seconds s"
        sleep 0.5
    done
}

command -v pg_isready >/dev/null 2>&1 || fail "PostgreSQL is not installed (apt-get install postgresql)"
if ! pg_isready -q -h /var/run/postgresql -p 5432; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || fail "PostgreSQL is installed but has no cluster in /etc/postgresql"
    port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' \
        "/etc/postgresql/$version/main/postgresql.conf" 2>/dev/null | head -n 1)
    if [ -n "$port" ] && [ "$port" != 5432 ]; then
        fail "the PostgreSQL cluster $version/main listens on port $port; the tests use 5432" \
             "(set port = 5432 in /etc/postgresql/$version/main/postgresql.conf)"
    fi
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start \
        || fail "could not start the PostgreSQL cluster $version/main (see its log in /var/log/postgresql)"
    wait_for 30 "PostgreSQL on /var/run/postgresql:5432" pg_isready -q -h /var/run/postgresql -p 5432
fi
# The tests connect as the current OS user's namesake role without a password over the Unix
# socket: peer (stock Debian) or trust authentication both let it in. Make sure it exists.
user=$(id -un)
exists=$(as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"") \
    || fail "cannot ask PostgreSQL for the role $user as the postgres user"
if [ "$exists" != 1 ]; then
    as_root su postgres -c "createuser --superuser $user" || fail "cannot create the role $user"
fi
# Django's own database for the PostgreSQL pass of scripts/test.sh (pytest-django creates and
# drops test_syncadmin_ci next to it).
found=$(psql -h /var/run/postgresql -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname='syncadmin_ci'") \
    || fail "cannot connect to PostgreSQL as $user over /var/run/postgresql"
if [ "$found" != 1 ]; then
    createdb -h /var/run/postgresql syncadmin_ci || fail "cannot create the database syncadmin_ci"
fi

command -v redis-server >/dev/null 2>&1 || fail "Redis is not installed (apt-get install redis-server)"
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    mkdir -p /tmp/syncadmin-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --dir /tmp/syncadmin-redis --logfile /tmp/syncadmin-redis/redis.log \
        || fail "could not start redis-server (see /tmp/syncadmin-redis/redis.log)"
    wait_for 10 "Redis on 127.0.0.1:6379" redis-cli -h 127.0.0.1 -p 6379 ping
fi

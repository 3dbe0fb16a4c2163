#!/usr/bin/env bash
# Starts a private PostgreSQL server on 127.0.0.1 for the beacon's tests and prints the JDBC URL.
# Installs PostgreSQL from the distribution's packages when it is missing. Any failure is fatal:
# CI must not pass without the PostgreSQL tests.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "installing PostgreSQL from the distribution's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${BEACON_PG_PORT:-55432}
dir=$(mktemp -d /tmp/beacon-pg.XXXXXX)
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
run "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE USER beacon PASSWORD 'beacon'" -c "CREATE DATABASE beacon OWNER beacon" >&2
echo "$dir" > /tmp/beacon-pg.dir
echo "jdbc:postgresql://127.0.0.1:$port/beacon?user=beacon&password=beacon"

#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for the test suite (CI and local runs).
#   tools/ci_postgres.sh start DIR PORT   -> prints the SQLAlchemy URL on stdout
#   tools/ci_postgres.sh stop DIR
# The server runs as the 'postgres' system user (initdb refuses root), listens on
# 127.0.0.1 only, trusts local connections and keeps its data in DIR (deleted on stop).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
case "$cmd" in
start)
    port=${3:-55432}
    mkdir -p "$dir"
    chown postgres:postgres "$dir"
    runuser -u postgres -- "$bindir/initdb" -D "$dir/data" -U chokepoints --auth=trust \
        -E UTF8 >"$dir/initdb.log" 2>&1
    runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    runuser -u postgres -- "$bindir/createdb" -h 127.0.0.1 -p "$port" -U chokepoints \
        chokepoints_test
    echo "postgresql+psycopg://chokepoints@127.0.0.1:$port/chokepoints_test"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR [PORT] | stop DIR" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suites: initdb into a temp folder, listening on
# 127.0.0.1 only, on a free port, run as the `postgres` user when started as root.
#   start: prints `export TEST_POSTGRES_URL=…; export PG_TEST_CLUSTER=…` for eval
#   stop <folder>: stops it and removes the folder
set -euo pipefail

pg_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  done
  return 1
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    bin="$(pg_bin)" || { echo "PostgreSQL server binaries not found (install Debian's postgresql)" >&2; exit 1; }
    folder="$(mktemp -d /tmp/pg-test-XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    port="$(free_port)"
    as_postgres "$bin/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1
    as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "export TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export PG_TEST_CLUSTER=$folder"
    ;;
  stop)
    folder="${2:?stop needs the cluster folder}"
    bin="$(pg_bin)"
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start | stop <folder>" >&2
    exit 2
    ;;
esac

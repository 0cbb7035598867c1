#!/usr/bin/env bash
# `make dev`: runs every built service and the gateway against the local infrastructure (already started and
# migrated by make), seeds demo data, prints what to try, and streams all logs prefixed by process name.
# REPLICAS=order=2,cart=2 runs that many instances of a service, on the stage ports + 10 per instance
# (pkg/src/config/replica-addresses.ts); the gateway balances over the ready ones. Each instance's pid is in
# .run/dev/<service>-<slot>.pid, which `make rolling-restart svc=<service>` reads and updates.
# Ctrl-C stops the processes; the infrastructure keeps running (`make infra-down` stops it).
set -uo pipefail
# Job control puts every background job in its own process group, so a Ctrl-C reaches only this script,
# which then stops each service with SIGTERM (a graceful drain), as Kubernetes would.
set -m
cd "$(dirname "$0")/.."
export STAGE="${STAGE:-config/local.yaml}"
RUN_DIR=.run/dev

# A make dev still running would fight over the ports and the pid files.
for file in "$RUN_DIR"/*.pid; do
  [ -e "$file" ] || continue
  if kill -0 "$(cat "$file")" 2>/dev/null; then
    echo "make dev is already running (pid $(cat "$file") in $file); stop it first (Ctrl-C in its terminal)."
    exit 1
  fi
done
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

if [ ! -f pkg/dist/config/replica-plan-main.js ]; then
  echo "Nothing is built: run 'make build'."
  exit 1
fi
# One line per instance with its name, slot, readiness URL and CONFIG__* ports (REPLICAS and STAGE from the
# environment; a bad REPLICAS stops here with the reason).
plan=$(node pkg/dist/config/replica-plan-main.js) || exit 1

pids=()
node_flags=()
start() {
  local name="$1" entry="$2" pid_file="$3"
  shift 3
  # $! is node itself (env execs it); the prefixer ends when node closes its output, so the last log lines are kept.
  env "$@" node "${node_flags[@]}" "$entry" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=($!)
  echo $! > "$pid_file"
}

stop_all() {
  trap - INT TERM
  echo
  # Every instance on file, also those a rolling restart started (not this script's children); the gateway
  # first, so that nothing reaches a service that is stopping.
  local file pid all=()
  [ -e "$RUN_DIR/gateway.pid" ] && all+=("$(cat "$RUN_DIR/gateway.pid")")
  for file in "$RUN_DIR"/*-*.pid; do [ -e "$file" ] && all+=("$(cat "$file")"); done
  echo "stopping ${#all[@]} processes..."
  for pid in "${all[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${all[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  wait
  rm -f "$RUN_DIR"/*.pid
  exit 0
}
trap stop_all INT TERM

# customer first: the others fetch its JWKS.
while read -r kind rest; do
  case "$kind" in
    node_flags)
      # shellcheck disable=SC2206 # flags are words without spaces (pkg/src/config/node-flags.ts)
      node_flags=($rest)
      ;;
    instance)
      read -r name svc slot ready_url env_pairs <<<"$rest"
      [ -f "service.$svc/dist/main.js" ] || continue
      # shellcheck disable=SC2086 # env_pairs is a list of NAME=value words without spaces
      start "$name" "service.$svc/dist/main.js" "$RUN_DIR/$svc-$slot.pid" $env_pairs
      [ "$slot" = 0 ] || echo "started $name (${ready_url%/readyz})"
      ;;
    gateway)
      # shellcheck disable=SC2086
      [ -f scripts/gateway/dist/main.js ] && start gateway scripts/gateway/dist/main.js "$RUN_DIR/gateway.pid" $rest
      ;;
    replicas)
      printf 'STAGE=%s\nREPLICAS=%s\n' "$STAGE" "$rest" > "$RUN_DIR/launch"
      ;;
  esac
done <<<"$plan"
if [ ${#pids[@]} -eq 0 ]; then
  echo "Nothing is built: run 'make build'."
  exit 1
fi

if npx tsx scripts/seed.ts; then
  cat <<'TRY'

  The system is up. Try it (curl and jq come with make setup):
    curl -s 127.0.0.1:8080/api/v1/product | jq
    TOKEN=$(curl -s -X POST 127.0.0.1:8080/api/v1/customer/login -H 'content-type: application/json' \
      -d '{"email":"demo@micro-ecommerce.local","password":"demo-password"}' | jq -r .data.access_token)
    SKU=$(curl -s '127.0.0.1:8080/api/v1/product?category=kitchen' | jq -r '.data[0].variants[0].sku_id')
    curl -s -X POST 127.0.0.1:8080/api/v1/cart_item -H "authorization: Bearer $TOKEN" \
      -H 'content-type: application/json' -d "{\"sku_id\":\"$SKU\",\"quantity\":2}" | jq
    curl -s 127.0.0.1:8080/api/v1/cart_item -H "authorization: Bearer $TOKEN" | jq
    curl -s 127.0.0.1:8080/api/v1/cart_item          # 401 in the error envelope
    curl -s -X POST 127.0.0.1:8080/api/v1/order -H "authorization: Bearer $TOKEN" \
      -H 'content-type: application/json' -d '{"from_cart":true}' | jq          # checkout: 201, status PAID
    curl -s 127.0.0.1:8080/api/v1/payment/wallet -H "authorization: Bearer $TOKEN" | jq
  Traces of every process: Jaeger on http://127.0.0.1:16686 (search service order or gateway; README "Try it"
  says why that page is Jaeger's placeholder). The checkout's one trace, span by span, from Jaeger's API:
    curl -s '127.0.0.1:16686/api/traces?service=order&operation=POST%20/api/v1/order&limit=1' | jq -r \
      '.data[0] as $t | $t.spans | sort_by(.startTime)[] | "\($t.processes[.processID].serviceName)\t\(.operationName)"'
  After the payment: staff (staff@micro-ecommerce.local / staff-password-local) accept, ship, deliver while the
  customer watches (README "Try it"):
    curl -N 127.0.0.1:8080/api/v1/order/<order id>/events -H "authorization: Bearer $TOKEN"
    curl -s 127.0.0.1:8080/api/v1/customer/notifications -H "authorization: Bearer $TOKEN" | jq; ls .run/mail/
  API docs: http://127.0.0.1:8080/docs      Ctrl-C stops the services.
  Replace the instances of a service one by one, no request failing (README "Replicas and rolling restarts"):
    make rolling-restart svc=order

TRY
else
  echo "seeding failed; the services keep running (see their logs above)"
fi
# Until Ctrl-C. Not `wait`: instances a rolling restart started are not this script's children.
while true; do
  sleep 1 &
  wait $!
done

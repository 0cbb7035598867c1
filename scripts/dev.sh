#!/usr/bin/env bash
# `make dev`: runs every built service and the gateway against the local infrastructure (already started and
# migrated by make), seeds demo data, prints what to try, and streams all logs prefixed by process name.
# Ctrl-C stops the processes; the infrastructure keeps running (`make infra-down` stops it).
set -uo pipefail
# Job control puts every background job in its own process group, so a Ctrl-C reaches only this script,
# which then stops each service with SIGTERM (a graceful drain), as Kubernetes would.
set -m
cd "$(dirname "$0")/.."
export STAGE="${STAGE:-config/local.yaml}"

names=()
pids=()
start() {
  local name="$1" entry="$2"
  # $! is node itself; the prefixer ends when node closes its output, so the last log lines are kept.
  node "$entry" > >(sed -u "s/^/[$name] /") 2>&1 &
  names+=("$name")
  pids+=($!)
}

stop_all() {
  trap - INT TERM
  echo
  echo "stopping ${names[*]}..."
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait
  exit 0
}
trap stop_all INT TERM

# customer first: the others fetch its JWKS.
for svc in customer product cart order payment; do
  [ -f "service.$svc/dist/main.js" ] && start "$svc" "service.$svc/dist/main.js"
done
[ -f scripts/gateway/dist/main.js ] && start gateway scripts/gateway/dist/main.js
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

TRY
else
  echo "seeding failed; the services keep running (see their logs above)"
fi
wait

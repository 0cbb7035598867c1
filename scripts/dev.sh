#!/usr/bin/env bash
# `make dev`: starts every service (and the gateway, once it exists) against the local infrastructure with
# one log stream prefixed by service name; Ctrl-C stops them all. The infrastructure keeps running
# (`make infra-down` stops it).
set -uo pipefail
cd "$(dirname "$0")/.."
export STAGE="${STAGE:-config/local.yaml}"

pids=()
start() {
  local name="$1" entry="$2"
  ( node "$entry" 2>&1 | sed -u "s/^/[$name] /" ) &
  pids+=($!)
}

for dir in service.*/; do
  [ -f "$dir/dist/main.js" ] || continue
  start "${dir%/}" "$dir/dist/main.js"
done
[ -f scripts/gateway/dist/main.js ] && start gateway scripts/gateway/dist/main.js

bash scripts/infra/infra.sh status
if [ ${#pids[@]} -eq 0 ]; then
  echo "No services are built yet: the infrastructure is up and migrated. Stop it with 'make infra-down'."
  exit 0
fi
trap 'echo; echo "stopping..."; kill "${pids[@]}" 2>/dev/null; wait; exit 0' INT TERM
wait

#!/usr/bin/env bash
# Local infrastructure launcher: `infra.sh up|down|status|install`, `infra.sh dlq [group...]` (what the consumer
# groups dead-lettered) and `infra.sh restart-rocketmq-proxy [TERM|KILL]`.
# Components live in scripts/infra/<name>.sh and each defines <name>_install, <name>_up, <name>_down and
# <name>_status (prints one status_line per server it runs; returns non-zero when one is down).
# up is idempotent: a component whose pid file points at a live process is left alone.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
# shellcheck source=ports.sh
. "$HERE/ports.sh"

COMPONENTS=(postgres redis mongo rocketmq jaeger)
for c in "${COMPONENTS[@]}"; do
  # shellcheck disable=SC1090
  . "$HERE/$c.sh"
done

cmd="${1:-status}"
shift || true
selected=("${@:-${COMPONENTS[@]}}")

status_all() {
  local rc=0 c
  for c in "${selected[@]}"; do "${c}_status" || rc=1; done
  return $rc
}

# curl and jq: the README's and `make dev`'s example commands use them.
install_tools() { command -v jq >/dev/null && command -v curl >/dev/null || apt_install jq curl; }

case "$cmd" in
  install) install_tools; for c in "${selected[@]}"; do "${c}_install"; done ;;
  up)
    install_tools
    for c in "${selected[@]}"; do "${c}_install"; done
    for c in "${selected[@]}"; do "${c}_up"; done
    status_all
    ;;
  down)
    for ((i=${#selected[@]}-1; i>=0; i--)); do "${selected[$i]}_down"; done
    ;;
  status) status_all ;;
  # `make dlq`: what the consumer groups dead-lettered (arguments are group names, default groups.txt's).
  dlq) rocketmq_dlq "$@" ;;
  # A broker outage for e2e/order-events-resilience.test.ts: the name server stays up, clients reconnect.
  restart-rocketmq-proxy) rocketmq_restart_proxy "${1:-TERM}" ;;
  *) die "usage: infra.sh up|down|status|install [component...] | dlq [group...] | restart-rocketmq-proxy [TERM|KILL]" ;;
esac

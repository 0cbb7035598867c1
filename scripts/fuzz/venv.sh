#!/usr/bin/env bash
# Creates .run/venv with the pinned schemathesis (requirements.txt) for the contract fuzzing step of `make test`.
# Re-run whenever requirements.txt changes (make tracks it); pip's own cache keeps a re-install quick.
set -euo pipefail
source "$(dirname "$0")/../infra/lib.sh"
VENV="$RUN_DIR/venv"
REQUIREMENTS="$ROOT/scripts/fuzz/requirements.txt"

# Debian's python3 leaves ensurepip (and so `venv`) to the python3-venv package.
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then apt_install python3-venv; fi
[ -x "$VENV/bin/pip" ] || { log "creating the Python virtualenv $VENV"; python3 -m venv "$VENV"; }
log "installing schemathesis into $VENV (pinned in scripts/fuzz/requirements.txt)"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
"$VENV/bin/schemathesis" --version >&2

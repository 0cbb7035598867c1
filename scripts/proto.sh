#!/usr/bin/env bash
# Protobuf pipeline (DESIGN.md §5): `proto.sh generate|check|breaking`.
#   generate  buf lint, then ts-proto into pkg/src/gen (committed, never edited by hand)
#   check     regenerate into a temp dir and fail, naming the files, if pkg/src/gen is not what the protos give
#   breaking  buf breaking against main's pkg/proto (skipped while main has none)
# The module is pkg/proto (buf.yaml); codegen options are pinned in pkg/proto/buf.gen.yaml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/pkg"
GEN_REL="src/gen"
BASE_BRANCH="main"

log() { printf '\033[36m[proto]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[proto] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Use the pinned buf and ts-proto of this workspace, wherever npm hoisted them, never global installs.
use_local_tools() {
  local dir
  for dir in "$ROOT/node_modules/.bin" "$PKG/node_modules/.bin"; do
    [ -d "$dir" ] && PATH="$dir:$PATH"
  done
  if ! command -v protoc-gen-ts_proto >/dev/null 2>&1; then
    # No .bin link (e.g. installed with --no-bin-links): ask node where the package is.
    dir="$(cd "$PKG" && node -p 'require("path").dirname(require.resolve("ts-proto/package.json"))' 2>/dev/null)" ||
      die "ts-proto is not installed: run npm ci at the repository root"
    PATH="$dir:$PATH"
  fi
  command -v buf >/dev/null 2>&1 || die "buf is not installed: run npm ci at the repository root"
  export PATH
}

# generate_into DIR: lint, then write the generated tree to DIR/src/gen (clean: true empties it first).
generate_into() {
  (cd "$PKG" && buf lint proto && buf generate proto --template proto/buf.gen.yaml --output "$1")
}

cmd_generate() {
  generate_into "$PKG"
  log "generated $(find "$PKG/$GEN_REL" -name '*.ts' | wc -l | tr -d ' ') file(s) in pkg/$GEN_REL"
}

cmd_check() {
  CHECK_DIR="$(mktemp -d)"
  trap 'rm -rf "$CHECK_DIR"' EXIT
  generate_into "$CHECK_DIR"
  mkdir -p "$PKG/$GEN_REL"
  local changed
  changed="$(cd "$CHECK_DIR/$GEN_REL" && diff -rq . "$PKG/$GEN_REL" 2>&1 | sed -E \
    -e "s#^Files \./(.*) and .* differ\$#changed: pkg/$GEN_REL/\1#" \
    -e "s#^Only in \.(/(.*))?: (.*)\$#missing: pkg/$GEN_REL/\2/\3#" \
    -e "s#^Only in $PKG/$GEN_REL/?(.*): (.*)\$#stale:   pkg/$GEN_REL/\1/\2#" \
    -e 's#//+#/#g')" || true
  if [ -n "$changed" ]; then
    printf '%s\n' "$changed" >&2
    die "pkg/$GEN_REL is out of date with pkg/proto: run 'make proto' and commit the result"
  fi
  log "pkg/$GEN_REL matches pkg/proto"
}

cmd_breaking() {
  if ! git -C "$ROOT" rev-parse -q --verify "refs/heads/$BASE_BRANCH^{commit}" >/dev/null; then
    log "skipped: no branch $BASE_BRANCH to compare with"
    return 0
  fi
  if ! git -C "$ROOT" cat-file -e "$BASE_BRANCH:pkg/proto/buf.yaml" 2>/dev/null; then
    log "skipped: $BASE_BRANCH has no pkg/proto yet"
    return 0
  fi
  (cd "$PKG" && buf breaking proto --against "$ROOT/.git#branch=$BASE_BRANCH,subdir=pkg/proto")
  log "no breaking change against $BASE_BRANCH"
}

use_local_tools
case "${1:-}" in
  generate) cmd_generate ;;
  check) cmd_check ;;
  breaking) cmd_breaking ;;
  *) die "usage: proto.sh generate|check|breaking" ;;
esac

#!/usr/bin/env bash
# Node.js for this project, whatever the machine has: the release pinned below, from the npm registry's
# node-<os>-<arch> package (the official binary, what the `node` package installs), unpacked once into
# ${XDG_CACHE_HOME:-~/.cache}/micro-ecommerce and linked as .run/node. The Makefile and .ci/run put .run/node/bin
# first on PATH; npm stays the machine's own and runs on this node.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/lib.sh
. "$HERE/infra/lib.sh"

NODE_VERSION=24.22.3
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/micro-ecommerce"

platform() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) die "no Node.js package for $(uname -s)" ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) die "no Node.js package for $(uname -m)" ;; esac
  echo "$os-$arch"
}

install_node() {
  local package="node-$(platform)" target
  target="$CACHE_DIR/$package-$NODE_VERSION"
  if [ ! -x "$target/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node.js $NODE_VERSION from the npm registry"
    log "installing Node.js $NODE_VERSION ($package@$NODE_VERSION from the npm registry, ~50 MB) into $target"
    local work
    work="$(mktemp -d)"
    (cd "$work" && npm pack --silent "$package@$NODE_VERSION" >/dev/null) || die "npm pack $package@$NODE_VERSION failed"
    mkdir -p "$work/unpacked"
    tar -xzf "$work/$package-$NODE_VERSION.tgz" -C "$work/unpacked"
    mkdir -p "$CACHE_DIR"
    rm -rf "$target"
    mv "$work/unpacked/package" "$target"
    rm -rf "$work"
  fi
  ln -sfn "$target" "$RUN_DIR/node"
  [ "$("$RUN_DIR/node/bin/node" --version)" = "v$NODE_VERSION" ] || die "$RUN_DIR/node/bin/node is not Node.js $NODE_VERSION"
}

install_node

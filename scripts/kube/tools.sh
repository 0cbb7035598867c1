#!/usr/bin/env bash
# The real Kubernetes and Istio tools `make test` checks the deploy manifests with (scripts/deploy/*.int.test.ts):
#   etcd            Debian's etcd-server
#   kube-apiserver  k8s.io/kubernetes/cmd/kube-apiserver, built from scripts/kube/apiserver (go.mod pins the release)
#   istioctl        istio.io/istio/istioctl/cmd/istioctl, built from scripts/kube/istioctl
# Go builds are cached outside the clone (${XDG_CACHE_HOME:-~/.cache}/micro-ecommerce), keyed by a hash of the
# module files and the Go version, so a fresh clone on a machine that built them once links them in seconds.
# `tools.sh install` leaves .run/bin/{kube-apiserver,istioctl} pointing at the cached binaries.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../infra/lib.sh
. "$HERE/../infra/lib.sh"

CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/micro-ecommerce"
BIN_DIR="$RUN_DIR/bin"

# build_tool NAME MODULE_DIR PACKAGE [LDFLAGS]: go build PACKAGE inside MODULE_DIR unless the cache has it.
build_tool() {
  local name="$1" module="$2" package="$3" ldflags="${4:-}" go hash
  go="$(go_cmd)" || die "Go is needed to build the Kubernetes tools (scripts/kube): install Go >= 1.26 or put it on PATH"
  hash="$({ cat "$module/go.mod" "$module/go.sum"; "$go" version; echo "$ldflags"; } | sha256sum | cut -c1-16)"
  local cached="$CACHE_DIR/$name-$hash"
  if [ ! -x "$cached" ]; then
    log "building $name ($package, $("$go" version | cut -d' ' -f3)); the first build downloads its modules and takes minutes on 2 cores"
    go_build "$name" "$module" "$package" "$cached" "$RUN_DIR/logs/$name-build.log" "$ldflags"
  fi
  mkdir -p "$BIN_DIR"
  ln -sfn "$cached" "$BIN_DIR/$name"
}

case "${1:-install}" in
  install)
    command -v etcd >/dev/null 2>&1 || apt_install etcd-server
    # A module build has no git tree to stamp the version from: stamp it as the release does, because
    # istioctl analyze compares the API server's /version against the Kubernetes versions Istio supports.
    k8s_version="$(cd "$HERE/apiserver" && "$(go_cmd)" list -m -f '{{.Version}}' k8s.io/kubernetes)" ||
      die "cannot read the k8s.io/kubernetes version of scripts/kube/apiserver/go.mod"
    minor="${k8s_version#v*.}"; minor="${minor%%.*}"
    build_tool kube-apiserver "$HERE/apiserver" k8s.io/kubernetes/cmd/kube-apiserver \
      "-X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
    build_tool istioctl "$HERE/istioctl" istio.io/istio/istioctl/cmd/istioctl
    ;;
  *) die "usage: tools.sh install" ;;
esac

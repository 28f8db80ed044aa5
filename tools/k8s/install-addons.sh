#!/usr/bin/env bash
# Finds or builds the add-ons of the local cluster, CoreDNS and metrics-server, each from its Go module at
# the version pinned below, once, into a cache outside the repository keyed by that version; prints the
# directory that holds `coredns` and `metrics-server` (progress goes to stderr, the directory alone to stdout).
set -euo pipefail

coredns_version=v1.14.7
metrics_server_version=v0.9.0
say() { printf '[k8s-addons] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<EOF2
Usage: bash tools/k8s/install-addons.sh

Builds CoreDNS $coredns_version and metrics-server $metrics_server_version from their Go modules into
\${XDG_CACHE_HOME:-~/.cache}/daca-nest/k8s-addons once, and prints the directory holding both binaries.

Environment:
  DACA_K8S_ADDONS_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/k8s-addons)
EOF2
}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_help_argument "$@"

root=${DACA_K8S_ADDONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/k8s-addons}
# Builds package $2 of module version $3 as binary $1 into its own versioned directory, unless there.
build() {
  local name=$1 package=$2 version=$3 dir="$root/$1-$3"
  [ -x "$dir/$name" ] || {
    command -v go >/dev/null || fail "Go is needed to build $name: install Go 1.26 or newer (apt-get install golang-go, or go.dev), then run this again"
    say "building $name $version from its Go module (a few minutes the first time; later calls reuse the cache)"
    rm -rf "$dir.partial"
    CGO_ENABLED=0 GOBIN="$dir.partial" go install -v -trimpath -ldflags "-s -w" "$package@$version" 2>&1 |
      progress "$name: packages compiled:" 100 '*' '@(#*|*: *)'
    [ -x "$dir.partial/$name" ] ||
      fail "building $name $version failed (see the Go output above); check the access to the Go module proxy and the disk space, then run again"
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
    say "built $name in $dir"
  }
  ln -sfn "$dir/$name" "$bin/$name"
}

bin="$root/bin-coredns-$coredns_version-metrics-server-$metrics_server_version"
mkdir -p "$bin"
build coredns github.com/coredns/coredns "$coredns_version"
build metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server "$metrics_server_version"
echo "$bin"

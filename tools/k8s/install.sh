#!/usr/bin/env bash
# Finds or builds the Kubernetes binaries of the release pinned in tools/k8s/go.mod and prints the
# directory that holds them (progress goes to stderr, the directory alone to stdout).
# Looked up in this order: $K8S_BIN_DIR; a cache outside the repository keyed by version, built from the
# official Go module k8s.io/kubernetes when empty or when a binary asked for is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
known=(kube-apiserver kubectl kube-controller-manager kube-scheduler kube-proxy kubelet)
default=(kube-apiserver kubectl)
say() { printf '[k8s] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<EOF
Usage: bash tools/k8s/install.sh [BINARY...]

Builds the Kubernetes binaries pinned in tools/k8s/go.mod (default: ${default[*]}) into
\${XDG_CACHE_HOME:-~/.cache}/daca-nest/k8s/<version>-<recipe> once, and prints that directory.
BINARY is one of: ${known[*]}.

Environment:
  K8S_BIN_DIR      use this directory instead (it must hold the binaries asked for)
  DACA_K8S_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/k8s)
EOF
}

# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_binary_arguments "$@"

read_pinned_version k8s.io/kubernetes

use_bin_dir K8S_BIN_DIR "Kubernetes $version"

use_cache "${DACA_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/k8s}"
require_go "Kubernetes $version" K8S_BIN_DIR

say "building Kubernetes $version (${binaries[*]}) from the Go module k8s.io/kubernetes into $cache"
say "the first build downloads about 900 MB of Go modules and compiles for 4-10 minutes; later calls reuse the cache"
cd "$here"
download_go_modules "Kubernetes $version"

begin_staging

# The version stamps Kubernetes' own release build sets (hack/lib/version.sh): without them the binaries
# report v0.0.0-master and kubectl warns of a version skew with the apiserver.
minor=${version#v*.}
minor=${minor%%.*}
stamp=""
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  stamp+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
for name in "${binaries[@]}"; do
  if [ -x "$staging/$name" ]; then
    say "reusing $name"
    continue
  fi
  pkg=k8s.io/kubernetes/cmd/$name
  total=$(go list -deps "$pkg" | wc -l)
  # Static like the release binaries, except the kubelet, which links cgo like upstream's.
  cgo=0
  [ "$name" != kubelet ] || cgo=1
  say "compiling $name (up to $total packages)"
  if ! CGO_ENABLED=$cgo go build -v -trimpath -ldflags "-s -w$stamp" -o "$staging/$name" "$pkg" 2>&1 |
    progress "$name: packages compiled (of at most $total):" 100 '*' '@(#*|*: *)'; then
    fail "building $name failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
  fi
  say "built $name"
done
finish_staging "Kubernetes $version"

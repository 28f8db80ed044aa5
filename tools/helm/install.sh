#!/usr/bin/env bash
# Finds or builds helm, which renders Dapr's chart for the local Kubernetes cluster, and prints the path of
# its binary (progress goes to stderr, the path alone to stdout). Built once from its Go module into a
# cache outside the repository keyed by version, like vegeta.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[helm] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<USAGE
Usage: bash tools/helm/install.sh

Builds helm $version from its Go module into \${XDG_CACHE_HOME:-~/.cache}/daca-nest/helm/$version once
(2-5 minutes), and prints the path of the binary.

Environment:
  DACA_HELM_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/helm)
USAGE
}

# The one place the version is pinned.
version=v3.22.0
# The Kubernetes release helm assumes when it renders without a cluster (.Capabilities.KubeVersion), as
# helm's own Makefile stamps it from its k8s.io/client-go requirement (v0.37 → 1.37).
kube_minor=37

for arg in "$@"; do
  case $arg in
  -h | --help) usage; exit 0 ;;
  *) usage >&2; fail "unknown argument $arg" ;;
  esac
done

# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
stamp="-X helm.sh/helm/v3/internal/version.version=$version"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  stamp+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$kube_minor"
done
go_install_cached helm helm.sh/helm/v3/cmd/helm "$version" "${DACA_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/helm}" "$stamp"

#!/usr/bin/env bash
# Prints the directory of the CustomResourceDefinitions (Component, Configuration, Resiliency,
# Subscription, ...) of the Dapr release pinned in tools/dapr/go.mod: the Helm chart's crds/ inside
# that release's Go module, downloaded into the Go module cache when missing.
set -euo pipefail
dapr_tools=$(cd "$(dirname "${BASH_SOURCE[0]}")/../dapr" && pwd)
# Inside tools/dapr, the module resolves to the pinned version; the download is a no-op when cached.
(cd "$dapr_tools" && go mod download github.com/dapr/dapr)
module_dir=$(cd "$dapr_tools" && go list -m -f '{{.Dir}}' github.com/dapr/dapr)
[ -d "$module_dir/charts/dapr/crds" ] || { echo "[dapr-crds] error: no charts/dapr/crds in $module_dir" >&2; exit 1; }
echo "$module_dir/charts/dapr/crds"

#!/usr/bin/env bash
# Finds or builds `registry` (distribution, the OCI image registry) of the release pinned in
# tools/registry/go.mod and prints the directory that holds it (progress goes to stderr, the directory
# alone to stdout). Looked up in this order: $REGISTRY_BIN_DIR; a cache outside the repository keyed by
# version and recipe, built from the Go module github.com/distribution/distribution/v3 when empty.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binaries=(registry)
say() { printf '[registry] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<USAGE
Usage: bash tools/registry/install.sh

Builds the image registry (distribution) pinned in tools/registry/go.mod into
\${XDG_CACHE_HOME:-~/.cache}/daca-nest/registry/<version>-<recipe> once, and prints that directory.

Environment:
  REGISTRY_BIN_DIR      use this directory instead (it must hold an executable 'registry')
  DACA_REGISTRY_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/registry)
USAGE
}
# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_help_argument "$@"

module=github.com/distribution/distribution/v3
read_pinned_version "$module"

use_bin_dir REGISTRY_BIN_DIR "distribution $version"

use_cache "${DACA_REGISTRY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/registry}"
require_go "distribution $version" REGISTRY_BIN_DIR

say "building distribution $version from the Go module $module into $cache"
say "the first build downloads about 200 MB of Go modules and compiles for 1-3 minutes; later calls reuse the cache"
cd "$here"
download_go_modules "distribution $version"
package=$module/cmd/registry

begin_staging
if ! CGO_ENABLED=0 go_build_counted "$package" -trimpath -ldflags "-s -w -X $module/version.version=$version" \
  -o "$staging/registry"; then
  fail "building registry failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
fi
finish_staging "distribution $version"

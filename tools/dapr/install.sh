#!/usr/bin/env bash
# Finds or builds binaries of the Dapr release pinned in tools/dapr/go.mod (by default daprd, placement,
# scheduler and sentry; the Kubernetes-only operator and injector on request) and prints the directory
# that holds them (progress goes to stderr, the directory alone to stdout).
# Looked up in this order: $DAPR_BIN_DIR; ~/.dapr/bin when its daprd is the pinned version; a cache
# outside the repository keyed by version, built from the official Go module when empty or when a binary
# asked for is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
known=(daprd placement scheduler sentry operator injector)
default=(daprd placement scheduler sentry)
say() { printf '[dapr] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<USAGE
Usage: bash tools/dapr/install.sh [BINARY...]

Finds or builds the Dapr binaries pinned in tools/dapr/go.mod (default: ${default[*]}) and prints
the directory that holds them; builds go to \${XDG_CACHE_HOME:-~/.cache}/daca-nest/dapr/<version>-<recipe>.
BINARY is one of: ${known[*]} (operator and injector run on Kubernetes only).

Environment:
  DAPR_BIN_DIR      use this directory instead (it must hold the binaries asked for)
  DACA_DAPR_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/dapr)
USAGE
}

# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_binary_arguments "$@"

read_pinned_version github.com/dapr/dapr

use_bin_dir DAPR_BIN_DIR "Dapr $version"

init_dir="$HOME/.dapr/bin"
if has_all "$init_dir"; then
  init_version=$("$init_dir/daprd" --version 2>/dev/null | head -n 1 || true)
  if [ "v${init_version#v}" = "$version" ]; then
    say "using the 'dapr init' install in $init_dir ($version)"
    echo "$init_dir"
    exit 0
  fi
  say "$init_dir holds daprd '${init_version:-unknown}', not $version: using a build of $version instead"
fi

use_cache "${DACA_DAPR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/dapr}"
require_go "Dapr $version" DAPR_BIN_DIR

say "building Dapr $version (${binaries[*]}) from the Go module github.com/dapr/dapr into $cache"
say "the first build downloads about 1.5 GB of Go modules and compiles for 5-15 minutes; later calls reuse the cache"
cd "$here"
download_go_modules "Dapr $version"
# daprd with every component, as in Dapr's own release builds (its Makefile's default flavour); without
# a component tag, cmd/daprd/components panics at start.
tags=allcomponents
packages=()
for name in "${binaries[@]}"; do packages+=("github.com/dapr/dapr/cmd/$name"); done
total=$(go list -tags "$tags" -deps "${packages[@]}" | wc -l)
say "compiling up to $total packages"

begin_staging
ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${version#v}"
for pkg in "${packages[@]}"; do
  name=$(basename "$pkg")
  if [ -x "$staging/$name" ]; then
    say "reusing $name"
    continue
  fi
  if ! go build -v -trimpath -tags "$tags" -ldflags "$ldflags" -o "$staging/$name" "$pkg" 2>&1 |
    progress "$name: packages compiled (of at most $total):" 100 '*' '@(#*|*: *)'; then
    fail "building $name failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
  fi
  say "built $name"
done
finish_staging "Dapr $version"

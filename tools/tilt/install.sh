#!/usr/bin/env bash
# Finds or builds Tilt of the release pinned in tools/tilt/go.mod and prints the directory that holds it
# (progress goes to stderr, the directory alone to stdout). Looked up in this order: $TILT_BIN_DIR; a cache
# outside the repository keyed by version and recipe, built from the Go module github.com/tilt-dev/tilt
# when empty. Only the local cluster's inner loop needs it (the Tiltfile's local-cluster mode).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binaries=(tilt)
say() { printf '[tilt] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<USAGE
Usage: bash tools/tilt/install.sh

Builds Tilt, pinned in tools/tilt/go.mod, into
\${XDG_CACHE_HOME:-~/.cache}/daca-nest/tilt/<version>-<recipe> once, and prints that directory.

Environment:
  TILT_BIN_DIR      use this directory instead (it must hold an executable 'tilt')
  DACA_TILT_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/tilt)
USAGE
}
# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_help_argument "$@"
module=github.com/tilt-dev/tilt
read_pinned_version "$module"
use_bin_dir TILT_BIN_DIR "Tilt $version"

web_ui=$here/web-ui.html
use_cache "${DACA_TILT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/tilt}" "$web_ui"
require_go "Tilt $version" TILT_BIN_DIR

say "building Tilt $version from the Go module $module into $cache"
say "the first build downloads about 400 MB of Go modules and compiles for 5-15 minutes; later calls reuse the cache"
cd "$here"
download_go_modules "Tilt $version"
package=$module/cmd/tilt

begin_staging
# A release build (main.version set, as goreleaser does) serves the web UI embedded from pkg/assets/build,
# which Tilt's release fills with the UI built by Node.js; the Go module has the UI's sources only, and a
# release build without an index.html there refuses to start. So the module is built from a copy whose
# pkg/assets/build holds web-ui.html, a page that says so and how to follow Tilt in the terminal.
module_dir=$(go list -m -f '{{.Dir}}' "$module")
cp -r "$module_dir" "$staging/module"
chmod -R u+w "$staging/module"
cp "$web_ui" "$staging/module/pkg/assets/build/index.html"
cp "$here/go.mod" "$staging/build.mod"
cp "$here/go.sum" "$staging/build.sum"
go mod edit -modfile="$staging/build.mod" -replace="$module=$staging/module"
if ! go_build_counted "$package" -modfile="$staging/build.mod" -trimpath -ldflags "-s -w -X main.version=${version#v}" \
  -o "$staging/tilt"; then
  fail "building Tilt failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
fi
rm -rf "$staging/module" "$staging/build.mod" "$staging/build.sum"
finish_staging "Tilt $version"

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
for arg in "$@"; do
  case $arg in
  -h | --help) usage; exit 0 ;;
  *) usage >&2; fail "unknown argument $arg" ;;
  esac
done

module=github.com/tilt-dev/tilt
version=$(awk -v module="$module" '($1 == "require" && $2 == module) { print $3; exit } $1 == module { print $2; exit }' "$here/go.mod")
[ -n "$version" ] || fail "no $module requirement in $here/go.mod"

# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
use_bin_dir TILT_BIN_DIR "Tilt $version"

use_cache "${DACA_TILT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/tilt}"
require_go "Tilt $version" TILT_BIN_DIR

say "building Tilt $version from the Go module $module into $cache"
say "the first build downloads about 400 MB of Go modules and compiles for 5-15 minutes; later calls reuse the cache"
cd "$here"
say "downloading Go modules"
if ! go mod download -x 2>&1 | awk '/^# get .*\.zip$/ { n++; if (n % 25 == 0) printf "[tilt] downloaded %d modules\n", n > "/dev/stderr" }'; then
  fail "downloading the Go modules of Tilt $version failed; check the access to the Go module proxy and disk space, then run again"
fi
package=$module/cmd/tilt
total=$(go list -deps "$package" | wc -l)
say "compiling up to $total packages"

begin_staging
# A development build, as Tilt's Go module makes it: `tilt version` says the module's devVersion (0.33.22-dev
# for v0.34.0). Setting main.version, as goreleaser does, makes a release build, which refuses to start
# without the web UI's assets, built by npm in Tilt's release and absent from the module.
if ! go build -v -trimpath -ldflags "-s -w" -o "$staging/tilt" "$package" 2>&1 |
  awk -v total="$total" '
    /^#|: / { print > "/dev/stderr"; next }
    { n++; if (n % 100 == 0) printf "[tilt] compiled %d packages (of at most %d)\n", n, total > "/dev/stderr" }'; then
  fail "building Tilt failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
fi
finish_staging "Tilt $version"

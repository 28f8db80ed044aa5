#!/usr/bin/env bash
# Finds or builds Jaeger, the trace backend of `npm start` and of the tracing e2e tests, and prints the
# path of its binary (progress goes to stderr, the path alone to stdout). Built once from its Go module
# (pinned in tools/jaeger/go.mod) into a cache outside the repository keyed by version, like the Dapr
# runtime. The module's UI assets are a placeholder page (the real UI is built by npm in Jaeger's own
# release): the query API, which the tests read, is complete.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[jaeger] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<USAGE
Usage: bash tools/jaeger/install.sh

Builds Jaeger, pinned in tools/jaeger/go.mod, into
\${XDG_CACHE_HOME:-~/.cache}/daca-nest/jaeger/<version> once, and prints the path of its binary.

Environment:
  DACA_JAEGER_CACHE   cache root (default \${XDG_CACHE_HOME:-~/.cache}/daca-nest/jaeger)
USAGE
}
# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
read_help_argument "$@"

read_pinned_version github.com/jaegertracing/jaeger

cache_root=${DACA_JAEGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/jaeger}
cache="$cache_root/$version"
if [ -x "$cache/jaeger" ]; then
  echo "$cache/jaeger"
  exit 0
fi

command -v go >/dev/null || fail "Go is needed to build Jaeger $version: install Go 1.26 or newer (apt-get install golang-go, or go.dev), then run this again"

package=github.com/jaegertracing/jaeger/cmd/jaeger
say "building Jaeger $version from the Go module github.com/jaegertracing/jaeger into $cache"
say "the first build downloads about 1 GB of Go modules and compiles for several minutes; later calls reuse the cache"
cd "$here"
download_go_modules "Jaeger $version"

staging="$cache.partial"
rm -rf "$staging"
mkdir -p "$staging"
ldflags="-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$version"
if ! go_build_counted "$package" -trimpath -ldflags "$ldflags" -o "$staging/jaeger"; then
  fail "building Jaeger $version failed (see the compiler output above); free disk space or check the Go toolchain, then run again"
fi
[ -x "$staging/jaeger" ] || fail "go build left no jaeger binary in $staging"
rm -rf "$cache"
mv "$staging" "$cache"
say "Jaeger $version ready in $cache ($(du -sh "$cache" | cut -f1))"
echo "$cache/jaeger"

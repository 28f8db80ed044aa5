#!/usr/bin/env bash
# Finds or builds vegeta, the open-model (fixed arrival rate) HTTP load generator of the benchmarks, and
# prints the path of its binary (progress goes to stderr, the path alone to stdout). Built once from
# its Go module into a cache outside the repository keyed by version, like the Dapr runtime.
set -euo pipefail
say() { printf '[vegeta] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# The one place the version is pinned: the newest v12 tag the Go module proxy serves.
version=v12.13.0

cache_root=${DACA_VEGETA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/vegeta}
cache="$cache_root/$version"
if [ -x "$cache/vegeta" ]; then
  echo "$cache/vegeta"
  exit 0
fi

command -v go >/dev/null || fail "Go is needed to build vegeta $version: install Go 1.26 or newer (apt-get install golang-go, or go.dev), then run this again"

say "building vegeta $version from the Go module github.com/tsenart/vegeta/v12 into $cache (under a minute)"
staging="$cache.partial"
rm -rf "$staging"
# Outside any module of ours: `go install pkg@version` builds from the module's own go.mod and go.sum.
if ! (cd / && GOBIN="$staging" go install -v -trimpath -ldflags "-s -w -X main.Version=$version" \
  "github.com/tsenart/vegeta/v12@$version" 2>&1 |
  awk '/^#|: / { print > "/dev/stderr"; next } { n++; if (n % 25 == 0) printf "[vegeta] compiled %d packages\n", n > "/dev/stderr" }'); then
  fail "building vegeta $version failed (see the output above); check the network access to the Go module proxy, disk space and the Go toolchain, then run again"
fi
[ -x "$staging/vegeta" ] || fail "go install left no vegeta binary in $staging"
rm -rf "$cache"
mv "$staging" "$cache"
say "vegeta $version ready in $cache"
echo "$cache/vegeta"

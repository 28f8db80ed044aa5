#!/usr/bin/env bash
# Finds or builds vegeta, the open-model (fixed arrival rate) HTTP load generator of the benchmarks, and
# prints the path of its binary (progress goes to stderr, the path alone to stdout). Built once from
# its Go module into a cache outside the repository keyed by version, like the Dapr runtime.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[vegeta] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# The one place the version is pinned: the newest v12 tag the Go module proxy serves.
version=v12.13.0

# shellcheck source=../cached-binaries.sh
source "$here/../cached-binaries.sh"
go_install_cached vegeta github.com/tsenart/vegeta/v12 "$version" \
  "${DACA_VEGETA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/vegeta}" "-X main.Version=$version"

# Sourced by the install scripts of binaries built once into a cache (tools/dapr, tools/k8s): they set
# `say`/`fail` first, and `binaries` (the executables asked for) before the cache functions.

# Counts the lines of stdin that match `counted` and says "<what> <count>" every `every` of them; lines
# that match `passed` (errors) go through to stderr. A bash loop, not awk: Debian's mawk reads a pipe in
# blocks, which would hold the progress back until the end.
shopt -s extglob
progress() {
  local what=$1 every=$2 counted=$3 passed=$4 n=0 line
  while IFS= read -r line; do
    # shellcheck disable=SC2053 # the patterns are globs on purpose
    if [[ $line == $passed ]]; then
      printf '%s\n' "$line" >&2
    elif [[ $line == $counted ]]; then
      n=$((n + 1))
      [ $((n % every)) -ne 0 ] || say "$what $n"
    fi
  done
}

# Whether directory $1 holds every executable of $binaries.
has_all() {
  local dir=$1 bin
  for bin in "${binaries[@]}"; do [ -x "$dir/$bin" ] || return 1; done
}

# When the variable named $1 (e.g. DAPR_BIN_DIR) is set, prints its directory and exits, or fails if it
# lacks a binary; $2 names what would be built instead, for that message.
use_bin_dir() {
  local variable=$1 instead=$2 dir=${!1:-}
  [ -n "$dir" ] || return 0
  has_all "$dir" || fail "$variable=$dir must hold executable ${binaries[*]}; unset it to build $instead instead"
  say "using $variable=$dir"
  echo "$dir"
  exit 0
}

# Sets `cache` to the build directory under root $1, keyed by $version and by what it is built from (a
# change of go.mod or go.sum rebuilds); when that already holds every binary, prints it and exits.
use_cache() {
  local recipe
  recipe=$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)
  cache="$1/$version-$recipe"
  if has_all "$cache" && [ -f "$cache/.complete" ]; then
    echo "$cache"
    exit 0
  fi
}

# Fails unless Go is installed, saying how to get it or which variable ($2) to set instead.
require_go() {
  command -v go >/dev/null ||
    fail "Go is needed to build $1: install Go 1.26 or newer (apt-get install golang-go, or go.dev), or set $2 to a directory with ${binaries[*]}"
}

# Sets `staging`, the directory binaries are built into next to `cache`; a complete cache of an earlier
# binary list is copied in, so that only the missing binaries are built.
begin_staging() {
  staging="$cache.partial"
  rm -rf "$staging"
  if [ -f "$cache/.complete" ]; then cp -a "$cache" "$staging" && rm "$staging/.complete"; else mkdir -p "$staging"; fi
}

# Makes the staged build the cache, all at once, and prints its directory; $1 names what was built.
finish_staging() {
  touch "$staging/.complete"
  rm -rf "$cache"
  mv "$staging" "$cache"
  say "$1 ready in $cache ($(du -sh "$cache" | cut -f1))"
  echo "$cache"
}

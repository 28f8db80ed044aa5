# Sourced by the install scripts of binaries built once into a cache (tools/dapr, tools/k8s): they set
# `binaries` (the executables asked for) and `say`/`fail` first.

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

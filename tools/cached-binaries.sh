# Sourced by the install scripts of tools/ (binaries built once into a cache, and the local cluster's node
# packages): they set `say`/`fail` (and `usage`) first, and `binaries` (the executables asked for) for the
# cache functions but go_install_cached.

# Sets `version` to the version of module $1 that $here/go.mod requires (a `require` line or a line of a
# require block), or fails saying so.
read_pinned_version() {
  version=$(awk -v module="$1" '$1 == "require" && $2 == module { print $3; exit } $1 == module { print $2; exit }' "$here/go.mod")
  [ -n "$version" ] || fail "no $1 requirement in $here/go.mod"
}

# Counts the lines of stdin that match `counted` and says "<what> <count>" every `every` of them; lines
# that match `passed` (errors) go through to stderr. A bash loop, not awk: Debian's mawk reads a pipe in
# blocks, which would hold the progress back until the end. `passed` may be an extended glob.
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
# change of go.mod, go.sum or any further file named after $1 rebuilds); when that already holds every
# binary, prints it and exits.
use_cache() {
  local recipe
  recipe=$(cat "$here/go.mod" "$here/go.sum" "${@:2}" | sha256sum | cut -c1-12)
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

# Downloads the Go modules of the module in the working directory, counting them; $1 names what they build.
download_go_modules() {
  say "downloading Go modules"
  go mod download -x 2>&1 | progress "downloaded modules:" 25 '# get *.zip' 'go: *' ||
    fail "downloading the Go modules of $1 failed; check the access to the Go module proxy and disk space, then run again"
}

# Builds package $1 with `go build -v` and the further arguments (flags, -o), counting the packages
# compiled against all those it depends on; compiler errors go through to stderr.
go_build_counted() {
  local package=$1 total
  shift
  total=$(go list -deps "$package" | wc -l)
  say "compiling up to $total packages"
  go build -v "$@" "$package" 2>&1 | progress "packages compiled (of at most $total):" 100 '*' '@(#*|*: *)'
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

# For a tool whose module builds with `go install pkg@version` (no replace directive in its go.mod):
# builds package $2 of module version $3 as executable $1 into cache root $4, with ldflags $5 (on top of
# -s -w), once, and prints the executable's path. Built outside any module of ours, from the module's own
# go.mod and go.sum.
go_install_cached() {
  local name=$1 package=$2 version=$3 root=$4 ldflags=${5:-} dir
  dir="$root/$version"
  if [ -x "$dir/$name" ]; then
    echo "$dir/$name"
    return 0
  fi
  command -v go >/dev/null ||
    fail "Go is needed to build $name $version: install Go 1.26 or newer (apt-get install golang-go, or go.dev), then run this again"
  say "building $name $version from the Go module of $package into $dir"
  rm -rf "$dir.partial"
  if ! (cd / && GOBIN="$dir.partial" go install -v -trimpath -ldflags "-s -w $ldflags" "$package@$version" 2>&1 |
    progress "packages compiled:" 50 '*' '@(#*|*: *)'); then
    fail "building $name $version failed (see the output above); check the network access to the Go module proxy, disk space and the Go toolchain, then run again"
  fi
  [ -x "$dir.partial/$name" ] || fail "go install left no $name binary in $dir.partial"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  say "$name $version ready in $dir ($(du -sh "$dir" | cut -f1))"
  echo "$dir/$name"
}

# Reads the arguments of an install script that builds binaries by name: sets `binaries` to those named
# (each one of `known`), or to `default` when none is; --help prints `usage` and exits; anything else
# prints it and fails.
read_binary_arguments() {
  local arg
  binaries=()
  for arg in "$@"; do
    case $arg in
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; fail "unknown option $arg" ;;
    *)
      [[ " ${known[*]} " == *" $arg "* ]] || { usage >&2; fail "unknown binary $arg"; }
      binaries+=("$arg")
      ;;
    esac
  done
  [ ${#binaries[@]} -gt 0 ] || binaries=("${default[@]}")
}

# Reads the arguments of an install script that takes none but --help, which prints `usage` and exits.
read_help_argument() {
  local arg
  for arg in "$@"; do
    case $arg in
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument $arg" ;;
    esac
  done
}

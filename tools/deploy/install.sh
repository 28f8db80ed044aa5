#!/usr/bin/env bash
# The tools that check the deploy files, each built once into a cache outside the repository keyed
# by its version: kustomize (the engine of `kubectl kustomize`, from the Go module proxy), the
# project's Python venv (tools/python: kubernetes-validate, Kubernetes JSON schemas), and tiltfile-check (runs the Tiltfile in
# Starlark with Tilt's functions recorded). Prints a directory holding `kustomize`, `python` and
# `tiltfile-check`; progress goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[deploy-tools] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

kustomize_version=v5.7.1
root=${DACA_DEPLOY_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daca-nest/deploy-tools}
key() { cat "$@" | sha256sum | cut -c1-12; }

kustomize_dir="$root/kustomize-$kustomize_version"
if [ ! -x "$kustomize_dir/kustomize" ]; then
  command -v go >/dev/null || fail "Go is needed to build kustomize: install Go 1.26 or newer, then run this again"
  say "building kustomize $kustomize_version from its Go module (about a minute)"
  GOBIN="$kustomize_dir.partial" go install "sigs.k8s.io/kustomize/kustomize/v5@$kustomize_version"
  mv "$kustomize_dir.partial" "$kustomize_dir"
fi

venv=$(bash "$here/../python/install.sh")

checker_src="$here/tiltfile-check"
checker_dir="$root/tiltfile-check-$(key "$checker_src/go.mod" "$checker_src/go.sum" "$checker_src/main.go")"
if [ ! -x "$checker_dir/tiltfile-check" ]; then
  say "building tiltfile-check"
  (cd "$checker_src" && go build -trimpath -o "$checker_dir/tiltfile-check" .)
fi

bin="$root/bin-$(echo "$kustomize_dir $venv $checker_dir" | sha256sum | cut -c1-12)"
if [ ! -d "$bin" ]; then
  mkdir -p "$bin.partial"
  ln -sf "$kustomize_dir/kustomize" "$bin.partial/kustomize"
  # A wrapper, not a link: Python finds its venv from the path it is started by.
  printf '#!/bin/sh\nexec "%s/bin/python" "$@"\n' "$venv" >"$bin.partial/python"
  chmod +x "$bin.partial/python"
  ln -sf "$checker_dir/tiltfile-check" "$bin.partial/tiltfile-check"
  mv "$bin.partial" "$bin"
fi
echo "$bin"

#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, then returns at once on the next call:
# npm packages (from package-lock.json), Debian's redis-server and etcd-server, the pinned Dapr runtime,
# Jaeger, vegeta and the control plane of the pinned Kubernetes (kube-apiserver, kubectl,
# kube-controller-manager, kube-scheduler).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[setup] %s\n' "$*" >&2; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "error: $1 is missing: run 'sudo apt-get update && sudo apt-get install -y $2', then run this again"
    exit 1
  fi
  say "installing $2 with apt-get"
  [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

command -v redis-server >/dev/null || apt_install redis-server redis-server
command -v setpriv >/dev/null || apt_install setpriv util-linux
command -v ss >/dev/null || apt_install ss iproute2
# tools/deploy/compose-secrets.sh makes the trust bundle and passwords of docker-compose.yml with it.
command -v openssl >/dev/null || apt_install openssl openssl
command -v docker-compose >/dev/null || apt_install docker-compose docker-compose
if ! command -v prometheus >/dev/null; then
  apt_install prometheus prometheus
  # Debian's package starts a Prometheus service on :9090, chat-agent's sidecar metrics port: the
  # tests run their own, so stop it.
  if command -v systemctl >/dev/null; then systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
fi
if ! command -v etcd >/dev/null; then
  apt_install etcd etcd-server
  # Like Prometheus: the package's service would hold etcd's default ports; server-side validation
  # starts its own etcd on free ports.
  if command -v systemctl >/dev/null; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
fi
python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv python3-venv

bash tools/dapr/install.sh >/dev/null
bash tools/vegeta/install.sh >/dev/null
bash tools/jaeger/install.sh >/dev/null
bash tools/python/install.sh >/dev/null
bash tools/deploy/install.sh >/dev/null
bash tools/k8s/install.sh kube-apiserver kubectl kube-controller-manager kube-scheduler >/dev/null

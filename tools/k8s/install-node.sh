#!/usr/bin/env bash
# Installs the Debian packages a local cluster's node needs (tools/k8s/local-cluster.ts), unless present:
# containerd, runc and the CNI plugins for the pods, nftables and conntrack for kube-proxy, iproute2 and
# util-linux for the node's network namespace, etcd, openssl for the cluster's certificates, buildah for
# its images. Debian 12; run as root.
set -euo pipefail

say() { printf '[k8s-node] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }
usage() {
  cat <<EOF2
Usage: bash tools/k8s/install-node.sh

Installs with apt-get (after apt-get update) the Debian packages of a local cluster's node that are missing.
EOF2
}
# shellcheck source=../cached-binaries.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cached-binaries.sh"
read_help_argument "$@"

# package:command it provides
needed=(containerd:containerd runc:runc containernetworking-plugins:/usr/lib/cni/bridge nftables:nft
  conntrack:conntrack iproute2:ip util-linux:nsenter etcd-server:etcd openssl:openssl buildah:buildah)
missing=()
for entry in "${needed[@]}"; do
  command -v "${entry#*:}" >/dev/null || missing+=("${entry%%:*}")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "every package of the node is installed"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || fail "installing ${missing[*]} needs root: run this as root (or install them yourself)"
say "installing ${missing[*]}"
apt-get update >&2 || fail "apt-get update failed: check this machine's apt sources and network, then run again"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
  fail "apt-get install ${missing[*]} failed (see above): check the apt sources, then run again"
# containerd's Debian service would run a second, system-wide containerd: the cluster runs its own.
if command -v systemctl >/dev/null && systemctl is-active --quiet containerd 2>/dev/null; then
  say "note: the system containerd service is running too; the cluster does not use it"
fi
say "installed ${missing[*]}"

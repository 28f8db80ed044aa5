#!/usr/bin/env bash
# Creates, in a namespace (default daca-dev), each holding a new random value, unless it exists already:
#   daca-app-token, daca-api-token (key `token`, see k8s/base/app-defaults.yaml): the tokens between
#     every app and its daprd;
#   daca-redis (key `password`): Redis's password, which the dev overlay's Redis asks for, Dapr's operator
#     hands to the components, and the apps read as REDIS_PASSWORD.
# The values live in the cluster only: never on a command line, in a file or in the repository.
set -euo pipefail
usage="usage: bash tools/deploy/dev-tokens.sh [namespace]   (default daca-dev)"
case "${1:-}" in
  -h | --help) echo "$usage"; exit 0 ;;
  -*) echo "unknown option '$1'" >&2; echo "$usage" >&2; exit 2 ;;
esac
namespace=${1:-daca-dev}
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null

# Secret $1 with key $2 set to 32 random bytes in hex, unless the Secret exists.
create_random_secret() {
  if ! kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; then
    openssl rand -hex 32 | tr -d '\n' |
      kubectl -n "$namespace" create secret generic "$1" --from-file="$2"=/dev/stdin >/dev/null
    echo "created Secret $namespace/$1"
  fi
}

create_random_secret daca-app-token token
create_random_secret daca-api-token token
create_random_secret daca-redis password

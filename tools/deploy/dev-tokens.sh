#!/usr/bin/env bash
# Creates the Secrets daca-app-token and daca-api-token (key `token`, see k8s/base/app-defaults.yaml)
# in a namespace (default daca-dev), each holding a new random token, unless they exist already.
# The values live in the cluster only: never on a command line, in a file or in the repository.
set -euo pipefail
namespace=${1:-daca-dev}
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
for secret in daca-app-token daca-api-token; do
  if ! kubectl -n "$namespace" get secret "$secret" >/dev/null 2>&1; then
    openssl rand -hex 32 | tr -d '\n' |
      kubectl -n "$namespace" create secret generic "$secret" --from-file=token=/dev/stdin >/dev/null
    echo "created Secret $namespace/$secret"
  fi
done

#!/usr/bin/env bash
# Makes what docker-compose.yml needs and the repository must never hold, in a directory outside it
# (default ${XDG_CONFIG_HOME:-$HOME/.config}/daca-nest/compose), unless it holds them already:
#   ca.crt, issuer.crt, issuer.key  Dapr's trust bundle: the root every Dapr process trusts and the issuer
#                                   sentry signs their identities with (the root's key is not kept)
#   secrets.json                    the sidecars' secret store (components/secretstore.yaml): Redis's password
#   redis.conf                      Redis's requirepass, the same password
#   compose.env                     `export` lines to source before `docker compose up`: APP_API_TOKEN,
#                                   DAPR_API_TOKEN, REDIS_PASSWORD, DAPR_TRUST_ANCHORS, DACA_COMPOSE_SECRETS
# The directory is 0700 and compose.env 0600: only you can read them. The files the containers mount
# (they run as other users) are 0644, reachable through the directory only. Remove the directory to
# start over with new values; the bundle is valid for a year.
set -euo pipefail
usage="usage: bash tools/deploy/compose-secrets.sh [directory]
  Makes the trust bundle, Redis's password and the tokens of docker-compose.yml, then:
  . <directory>/compose.env && docker compose up --build"
case "${1:-}" in
  -h | --help) echo "$usage"; exit 0 ;;
  -*) echo "unknown option '$1'" >&2; echo "$usage" >&2; exit 2 ;;
esac
dir=${1:-${XDG_CONFIG_HOME:-$HOME/.config}/daca-nest/compose}
mkdir -p "$dir"
chmod 700 "$dir"
dir=$(cd "$dir" && pwd)
cd "$dir"
umask 022

if [[ ! -f ca.crt || ! -f issuer.crt || ! -f issuer.key ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$work/root.key" -out ca.crt -days 365 -subj /O=daca-nest/CN=cluster.local \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -new "${ec[@]}" -keyout issuer.key -out "$work/issuer.csr" -subj /O=daca-nest/CN=cluster.local 2>/dev/null
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >"$work/issuer.ext"
  openssl x509 -req -in "$work/issuer.csr" -CA ca.crt -CAkey "$work/root.key" -CAcreateserial \
    -CAserial "$work/root.srl" -out issuer.crt -days 365 -extfile "$work/issuer.ext" 2>/dev/null
  chmod 644 ca.crt issuer.crt issuer.key
  echo "made Dapr's trust bundle in $dir" >&2
fi

if [[ ! -f compose.env ]]; then
  redis_password=$(openssl rand -hex 32)
  printf '{"daca-redis":{"password":"%s"}}' "$redis_password" >secrets.json
  printf 'requirepass "%s"\n' "$redis_password" >redis.conf
  chmod 644 secrets.json redis.conf
  (
    umask 077
    {
      echo "export APP_API_TOKEN=$(openssl rand -hex 32)"
      echo "export DAPR_API_TOKEN=$(openssl rand -hex 32)"
      echo "export REDIS_PASSWORD=$redis_password"
      echo "export DAPR_TRUST_ANCHORS='$(cat ca.crt)'"
      echo "export DACA_COMPOSE_SECRETS='$dir'"
    } >compose.env
  )
  echo "made Redis's password and the tokens in $dir" >&2
fi
echo "$dir/compose.env"

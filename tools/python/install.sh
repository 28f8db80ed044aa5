#!/usr/bin/env bash
# The project's Python virtualenv (Dapr SDK for the interop test, kubernetes-validate for the deploy
# checks) with tools/python/requirements.txt, cached outside the repo and keyed by that
# file's content: the first call installs it, later calls print its path at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
key=$(sha256sum requirements.txt | cut -c1-12)
venv="${DACA_PYTHON_CACHE:-$HOME/.cache/daca-nest/python}/venv-$key"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  echo "[python] creating $venv with $(grep -v '^#' requirements.txt | tr '\n' ' ')" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt >&2
  touch "$venv/.complete"
fi
echo "$venv"

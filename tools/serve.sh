#!/usr/bin/env bash
# Builds the page and serves it on localhost: installs what is missing (idempotent), builds dist/
# with tools/build-web.sh, then serves it with Python's static server until Ctrl-C.
# PORT (default 8080) and HOST (default 127.0.0.1) choose where.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
HOST="${HOST:-127.0.0.1}"
bash tools/install.sh
bash tools/build-web.sh
echo
echo "nvmcalc is served at http://$HOST:$PORT/   (Ctrl-C stops it)"
exec python3 -m http.server "$PORT" --bind "$HOST" --directory dist

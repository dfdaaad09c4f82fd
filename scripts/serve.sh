#!/usr/bin/env bash
# Sets up whatever is missing, builds Kura (release) and serves it on
# http://127.0.0.1:8080 . Stop with Ctrl-C.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

bash scripts/setup.sh

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "Building and serving Kura at http://127.0.0.1:8080 (first build takes a few minutes)"
exec trunk serve --release --offline --skip-version-check \
  --address 127.0.0.1 --port 8080 --no-autoreload

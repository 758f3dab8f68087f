#!/usr/bin/env bash
# Installs what is missing, builds, and starts reeld on its embedded default
# (RocksDB in ./data). Extra arguments go to reeld.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh default
exec build/tools/reeld/reeld --data "${REEL_DATA:-./data}" "$@"

#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest.
# Usage: scripts/test.sh [default|asan|tsan|release]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-default}
bash scripts/install-deps.sh
bash scripts/build.sh "$flavour"
case "$flavour" in
  default) dir=build ;;
  asan) dir=build-asan ;;
  tsan) dir=build-tsan ;;
  release) dir=build-release ;;
esac
if [[ $flavour == tsan ]]; then
  # RocksDB is not built with TSan; see the file for what is suppressed and why.
  export TSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/tsan.supp ${TSAN_OPTIONS:-}"
fi
ctest --test-dir "$dir" --output-on-failure -j2

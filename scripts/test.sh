#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest.
# Usage: scripts/test.sh [default|asan|tsan|release|fuzz]
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
  fuzz) dir=build-fuzz ;;
esac
if [[ $flavour == release ]]; then
  # Built without its tests (as packagers build it); the programs must start.
  "$dir/tools/reeld/reeld" --help >/dev/null
  "$dir/tools/reelctl/reelctl" --help >/dev/null
  exit 0
fi
if [[ $flavour == fuzz ]]; then
  # Each target for REEL_FUZZ_SECONDS over its seeds; what it finds is kept in build-fuzz/.
  for name in frame_parser record_decoder ids_and_cursors; do
    found="$dir/corpus-$name"
    mkdir -p "$found"
    "$dir/fuzz/fuzz_$name" -max_total_time="${REEL_FUZZ_SECONDS:-60}" -print_final_stats=1 \
      -artifact_prefix="$dir/crash-$name-" "$found" "fuzz/corpus/$name"
  done
  exit 0
fi
if [[ $flavour == tsan ]]; then
  # RocksDB is not built with TSan; see the file for what is suppressed and why.
  export TSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/tsan.supp ${TSAN_OPTIONS:-}"
fi
ctest --test-dir "$dir" --output-on-failure -j2

#!/usr/bin/env bash
# Configures and builds reel. Usage: scripts/build.sh [default|asan|tsan|release|fuzz]
# Each flavour has its own build folder: build/, build-asan/, build-tsan/, build-release/,
# build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-default}
build_type=RelWithDebInfo
case "$flavour" in
  default) dir=build; flags=() ;;
  # What packagers build (-O3, the programs without the tests), with warnings as errors
  # so CI sees any it brings.
  release) dir=build-release; build_type=Release; flags=(-DREEL_WERROR=ON -DBUILD_TESTING=OFF) ;;
  # The libFuzzer targets (fuzz/), with clang; the libraries they link are instrumented.
  fuzz) dir=build-fuzz; flags=(-DREEL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DBUILD_TESTING=OFF
          "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1") ;;
  # Sanitizer builds: -O1 and line tables only (enough for their stack traces), which
  # halves their compile time on two cores.
  asan) dir=build-asan; flags=(-DREEL_SANITIZE_ADDRESS=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1") ;;
  # TSan links a CAF built with TSan (scripts/caf-tsan.sh, cached after the first run):
  # Debian's is not, and its mailbox hand-offs would all report as races.
  tsan) dir=build-tsan; caf=$(bash scripts/caf-tsan.sh)
        flags=(-DREEL_SANITIZE_THREAD=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
          -DCAF_CORE_LIBRARY="$caf/lib/libcaf_core.so" -DCAF_INCLUDE_DIR="$caf/include") ;;
  *) echo "build: unknown flavour '$flavour' (default, asan, tsan, release, fuzz)" >&2; exit 2 ;;
esac

jobs=${REEL_BUILD_JOBS:-2}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$build_type" "${flags[@]}" >/dev/null
case "$flavour" in
  # Sanitizer builds build what their tests run (the benchmarks are built by the default
  # flavour).
  asan|tsan) cmake --build "$dir" -j"$jobs" --target reel_domain_tests reel_storage_tests \
          reel_crash_writer reel_actors_tests reel_gateway_tests reeld reel_tools_tests ;;
  fuzz) cmake --build "$dir" -j"$jobs" --target fuzz_frame_parser fuzz_record_decoder \
          fuzz_ids_and_cursors ;;
  *) cmake --build "$dir" -j"$jobs" ;;
esac

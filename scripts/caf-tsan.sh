#!/usr/bin/env bash
# Builds CAF 0.17.6 (core only, what reel links) with ThreadSanitizer, once, into a cache
# folder, and prints that folder. Debian's libcaf is built without TSan: its mailbox
# atomics are invisible to TSan, so every hand-off between actors would report as a race.
# Usage: scripts/caf-tsan.sh   (REEL_CAF_TSAN_PREFIX overrides where it goes)
#
# The source is Debian's own: `apt-get source` with a deb-src line for bookworm fetches
# actor-framework_0.17.6.orig.tar.gz and checks it against the .dsc's SHA-256 (the
# package's .debian.tar.xz is not served, so apt reports an error after the tarball is in).
set -euo pipefail

version=0.17.6
prefix=${REEL_CAF_TSAN_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/reel/caf-$version-tsan}
if [[ -f $prefix/.complete ]]; then
  echo "$prefix"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

sources=/etc/apt/sources.list.d/reel-deb-src.sources
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "caf-tsan: needs a deb-src line for bookworm; run as root to add $sources" >&2
    exit 1
  fi
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' >"$sources"
  apt-get update -qq >&2
fi
apt-get source --download-only actor-framework >&2 2>&1 || true
tarball=actor-framework_$version.orig.tar.gz
if [[ ! -f $tarball ]]; then
  echo "caf-tsan: apt-get source did not fetch $tarball" >&2
  exit 1
fi
# apt checks the tarball only when the whole download succeeds; check it against the .dsc.
expected=$(awk '/^Checksums-Sha256:/ {on = 1; next} on && /orig.tar.gz$/ {print $1; exit}' \
  actor-framework_*.dsc)
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
if [[ -z $expected || $expected != "$actual" ]]; then
  echo "caf-tsan: $tarball does not match its .dsc (want '$expected', have '$actual')" >&2
  exit 1
fi

tar xzf "$tarball"
src=$(find . -maxdepth 1 -type d -name 'actor-framework*' | head -1)
# GCC 12 needs <limits> where 0.17.6 uses std::numeric_limits without including it.
cmake -S "$src" -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$prefix" \
  "-DCMAKE_CXX_FLAGS=-fsanitize=thread -include limits" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DCAF_NO_EXAMPLES=yes -DCAF_NO_UNIT_TESTS=yes -DCAF_NO_OPENCL=yes -DCAF_NO_PYTHON=yes \
  -DCAF_NO_TOOLS=yes -DCAF_NO_OPENSSL=yes -DCAF_NO_IO=yes >&2
cmake --build build -j"${REEL_BUILD_JOBS:-2}" >&2
cmake --install build >&2
touch "$prefix/.complete"
echo "$prefix"

#!/usr/bin/env bash
# Installs the Debian bookworm packages reel needs; does nothing when all are present.
set -euo pipefail

packages=(
  g++ cmake make pkg-config ccache git
  libboost1.81-dev libboost-test1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  librocksdb-dev libcaf-dev libsimdjson-dev libprotobuf-dev protobuf-compiler
  libspdlog-dev libssl-dev libroaring-dev libbenchmark-dev libcli11-dev libicu-dev
  libhowardhinnant-date-dev tzdata
  clang-14 libfuzzer-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or with sudo) to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

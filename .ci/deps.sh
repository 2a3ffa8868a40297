#!/usr/bin/env bash
# Installs the Debian 12 packages covercheck builds with, if any is missing. Run as root.
set -euo pipefail
packages=(build-essential cmake g++ clang libclang-rt-14-dev
          libboost-dev libpugixml-dev libspdlog-dev libfmt-dev libcli11-dev
          libgtest-dev libgmock-dev libbenchmark-dev libssl-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

#!/usr/bin/env bash
# Installs what is missing, then configures and builds covercheck into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo ${COVERCHECK_CMAKE_ARGS:-}
cmake --build build -j"$(nproc)"

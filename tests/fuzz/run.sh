#!/usr/bin/env bash
# Runs every libFuzzer target (or those named) for SECONDS each, growing its corpus.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
# Crashes are written to tests/fuzz/corpus/<target>/crash-*: keep them (they become
# regression cases replayed by ctest) and fix the code.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(rules_fuzz treatment_xml_fuzz claim_xml_fuzz)
# Assertions stay on (no -DNDEBUG): Boost and our own assert()s are part of what is tested.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCOVERCHECK_FUZZ=ON -DCOVERCHECK_TESTS=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
for t in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$t"
  work="build-fuzz/corpus-$t"
  mkdir -p "$work"
  echo "== $t for ${seconds}s"
  ./build-fuzz/tests/fuzz/"$t" "$work" "$corpus" -max_total_time="$seconds" -max_len=65536 \
      -artifact_prefix="$corpus/" -print_final_stats=1 2>&1 | tail -n 25
done

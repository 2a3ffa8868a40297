#!/usr/bin/env bash
# Batch review end to end, as a user runs it: generated claims, `covercheck batch` with 1 and 2
# jobs (CSV + JSON Lines + HTML written), pugixml alone on the same files, peak memory.
#   bash tests/bench/batch_bench.sh [CLAIMS=100000] [FILES=100]
# Uses a Release build in build-bench (configured here) and a scratch folder under /tmp.
set -euo pipefail
cd "$(dirname "$0")/../.."
claims="${1:-100000}"
files="${2:-100}"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCOVERCHECK_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target covercheck generate_claims pugixml_parse >/dev/null
work="$(mktemp -d /tmp/covercheck-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
build-bench/tests/tools/generate_claims --claims "$claims" --files "$files" --seed 1 --out "$work/claims"
du -sh "$work/claims" | sed 's/^/input: /'

echo "== pugixml alone (parse every file in memory, one thread)"
build-bench/tests/bench/pugixml_parse "$work"/claims/*.xml
build-bench/tests/bench/pugixml_parse "$work"/claims/*.xml

for jobs in 1 2; do
  echo "== covercheck batch --jobs $jobs"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    build-bench/covercheck batch --quiet --jobs "$jobs" --rules rules "$work/claims" \
      --csv "$work/out-$jobs.csv" --jsonl "$work/out-$jobs.jsonl" --html "$work/out-$jobs.html" || true
done
cmp "$work/out-1.csv" "$work/out-2.csv" && echo "CSV identical for 1 and 2 jobs"
cmp "$work/out-1.jsonl" "$work/out-2.jsonl" && echo "JSON Lines identical for 1 and 2 jobs"

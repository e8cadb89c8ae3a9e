#!/usr/bin/env bash
# Issue 18's target: a table imported from DMN runs as fast as the same table written by hand. Imports
# bench/classify.dmn (bench/classify.dkt's table written by hand as DMN) with `docket import`, then runs
# `docket classify` on the same seeded CSV with the hand-written and the imported program in turn, one
# thread, RUNS rounds; prints medians of wall and CPU seconds and their ratios (target: within 5 %). CPU time
# is the steadier figure on a shared machine.
#
#   bash bench/classify_imported.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 5 runs)
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
rows="${1:-1000000}"
runs="${2:-5}"
docket=build/normal/tools/docket
work="${TMPDIR:-/tmp}/docket-classify-imported"
mkdir -p "$work"
csv="$work/customers_${rows}.csv"
[[ -x "$docket" ]] || { echo "build first: cmake --build build/normal" >&2; exit 1; }
[[ -s "$csv" ]] || python3 bench/gen_customers.py "$rows" > "$csv"
"$docket" import bench/classify.dmn -o "$work/classify_imported.dkt"
"$docket" check "$work/classify_imported.dkt" >/dev/null
echo "input: $csv ($rows rows); load: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A results
for ((run = 1; run <= runs; run++)); do
  for program in bench/classify.dkt "$work/classify_imported.dkt"; do
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" \
      "$docket" classify "$program" "$csv" --decision classify --threads 1 -o "$work/out.csv"
    [[ "$(wc -l < "$work/out.csv")" -eq $((rows + 1)) ]] || { echo "$program: wrong row count" >&2; exit 1; }
    results["$program"]+="$(cat "$work/time.txt");"
  done
done
python3 - "$rows" "${results[bench/classify.dkt]}" "${results[$work/classify_imported.dkt]}" <<'PY'
import statistics, sys
rows = int(sys.argv[1])
def medians(text):
    runs = [list(map(float, r.split())) for r in text.strip(";").split(";")]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] + r[2] for r in runs)
(hand_wall, hand_cpu), (imp_wall, imp_cpu) = medians(sys.argv[2]), medians(sys.argv[3])
print(f"{'program':<12} {'wall s':>8} {'cpu s':>8} {'rows/s':>12}")
print(f"{'hand-written':<12} {hand_wall:8.3f} {hand_cpu:8.3f} {rows / hand_wall:12,.0f}")
print(f"{'imported':<12} {imp_wall:8.3f} {imp_cpu:8.3f} {rows / imp_wall:12,.0f}")
print(f"imported / hand-written: wall {imp_wall / hand_wall:.3f}, cpu {imp_cpu / hand_cpu:.3f}")
PY

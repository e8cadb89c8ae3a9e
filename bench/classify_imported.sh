#!/usr/bin/env bash
# Issue 18's target: a table imported from DMN runs as fast as the same table written by hand. Imports
# bench/classify.dmn (bench/classify.dkt's table written by hand as DMN) with `docket import`, then runs
# `docket classify` on the same seeded CSV with the hand-written and the imported program in turn, one
# thread, RUNS rounds; prints medians and the ratio (target: within 5 %).
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
def median_wall(text):
    return statistics.median(float(r.split()[0]) for r in text.strip(";").split(";"))
hand_wall, imp_wall = median_wall(sys.argv[2]), median_wall(sys.argv[3])
print(f"{'program':<12} {'wall s':>8} {'rows/s':>12}")
print(f"{'hand-written':<12} {hand_wall:8.3f} {rows / hand_wall:12,.0f}")
print(f"{'imported':<12} {imp_wall:8.3f} {rows / imp_wall:12,.0f}")
print(f"imported / hand-written (wall): {imp_wall / hand_wall:.3f}")
PY

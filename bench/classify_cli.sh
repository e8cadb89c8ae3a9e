#!/usr/bin/env bash
# `docket classify` end to end on issue 4's workload: a seeded 1M-row CSV (bench/gen_customers.py),
# --threads 1 and 2, parse and write included; wall and CPU seconds and peak RSS from /usr/bin/time.
#
#   bash bench/classify_cli.sh [ROWS] [RUNS]      (defaults: 1000000 rows, 3 runs of each case)
#
# Uses build/normal/tools/docket (RelWithDebInfo). Cases run in turn within each round, so a busy
# machine slows them alike; the medians and the ratio to the `overhead` decision (reading,
# converting and writing rows with next to nothing to evaluate) are printed at the end.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
rows="${1:-1000000}"
runs="${2:-3}"
docket=build/normal/tools/docket
work="${TMPDIR:-/tmp}/docket-classify-bench"
mkdir -p "$work"
csv="$work/customers_${rows}.csv"
[[ -x "$docket" ]] || { echo "build first: cmake --build build/normal" >&2; exit 1; }
[[ -s "$csv" ]] || python3 bench/gen_customers.py "$rows" > "$csv"
echo "input: $csv ($(stat -c %s "$csv") bytes, $rows rows); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

cases=("classify 1" "classify 2" "overhead 1" "overhead 2")
declare -A results
for ((run = 1; run <= runs; run++)); do
  for c in "${cases[@]}"; do
    read -r decision threads <<<"$c"
    out="$work/out.csv"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
      "$docket" classify bench/classify_cli.toml "$csv" --decision "$decision" --threads "$threads" -o "$out"
    lines=$(wc -l < "$out")
    [[ "$lines" -eq $((rows + 1)) ]] || { echo "$c: wrote $lines lines, expected $((rows + 1))" >&2; exit 1; }
    results["$c"]+="$(cat "$work/time.txt");"
  done
done

python3 - "$rows" "${cases[@]}" <<PY
import statistics, sys
rows = int(sys.argv[1])
results = {$(for c in "${cases[@]}"; do printf '"%s": "%s",' "$c" "${results[$c]}"; done)}
print(f"{'case':<12} {'wall s':>8} {'cpu s':>8} {'rows/s (wall)':>15} {'peak RSS MB':>12}   (medians of {len(next(iter(results.values())).strip(';').split(';'))})")
medians = {}
for case, text in results.items():
    runs = [list(map(float, r.split())) for r in text.strip(";").split(";")]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] + r[2] for r in runs)
    rss = statistics.median(r[3] for r in runs) / 1024
    medians[case] = wall
    print(f"{case:<12} {wall:8.3f} {cpu:8.3f} {rows / wall:15,.0f} {rss:12.1f}")
print(f"classify 2 threads / 1 thread (wall): {medians['classify 2'] / medians['classify 1']:.2f}")
print(f"classify / overhead, 2 threads (wall): {medians['classify 2'] / medians['overhead 2']:.2f}")
PY

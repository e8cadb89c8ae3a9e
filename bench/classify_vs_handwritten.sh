#!/usr/bin/env bash
# Issue 16's end-to-end target: `docket classify` against a hand-written C++ program doing the same job.
#
#   bash bench/classify_vs_handwritten.sh [--handwritten PATH] [--eval MODE] [ROWS] [ROUNDS]
#        (defaults: build/normal/bench/docket_classify_handwritten, docket's default evaluator,
#         1000000 rows, 5 rounds)
#
# On bench/gen_customers.py's seeded CSV (reused from bench/classify_cli.sh's folder), checks that the
# hand-written program (bench/classify_handwritten.cpp) writes byte for byte what `docket classify
# bench/classify_cli.toml CSV --decision classify` writes, then times, interleaved in rounds so a busy
# machine slows them alike: the hand-written program, docket --threads 1 and docket --threads 2.
# Every timed output is compared with the first. Prints medians of wall and CPU seconds, rows per
# wall second and peak RSS, and the issue's two ratios: docket's CPU per row at 1 thread over the
# hand-written program's (target <= 1.2), and docket's rate at 2 threads over its rate (target >= 2).
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
handwritten=build/normal/bench/docket_classify_handwritten
eval_mode=""
positional=()
while (($#)); do
  case "$1" in
    --handwritten) handwritten="$2"; shift 2 ;;
    --eval) eval_mode="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
rows="${positional[0]:-1000000}"
rounds="${positional[1]:-5}"
docket=build/normal/tools/docket
work="${TMPDIR:-/tmp}/docket-classify-bench"
mkdir -p "$work"
csv="$work/customers_${rows}.csv"
[[ -x "$docket" ]] || { echo "build first: cmake --build build/normal" >&2; exit 1; }
if [[ ! -x "$handwritten" ]]; then
  echo "no hand-written program at $handwritten: build docket_classify_handwritten or pass --handwritten PATH" >&2
  exit 1
fi
[[ -s "$csv" ]] || python3 bench/gen_customers.py "$rows" > "$csv"

eval_args=()
if [[ -n "$eval_mode" ]]; then eval_args=(--eval "$eval_mode"); fi
# Which evaluator `auto` is in this build: the JIT when an --eval jit run works, else compiled.
if [[ -z "$eval_mode" || "$eval_mode" == auto ]]; then
  head -n 2 "$csv" > "$work/probe.csv"
  if "$docket" classify bench/classify_cli.toml "$work/probe.csv" --decision classify --eval jit \
       -o "$work/probe.out.csv" 2>/dev/null; then
    evaluator="auto = jit (compiled batches; the LLVM kernel compiles in the background after 2,000,000 rows)"
  else
    evaluator="auto = compiled (this build has no JIT)"
  fi
else
  evaluator="$eval_mode"
fi
echo "input: $csv ($(stat -c %s "$csv") bytes, $rows rows); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "docket: $docket, evaluator: $evaluator"
echo "hand-written: $handwritten"

# Byte identity first: docket at 1 thread is the reference.
ref="$work/ref.csv"
"$docket" classify bench/classify_cli.toml "$csv" --decision classify --threads 1 "${eval_args[@]}" -o "$ref"
"$handwritten" "$csv" "$work/hand.csv"
if ! cmp "$ref" "$work/hand.csv"; then
  echo "FAIL: the hand-written output differs from docket's (diff $ref $work/hand.csv)" >&2
  exit 1
fi
echo "byte-identical: hand-written and docket outputs ($(stat -c %s "$ref") bytes, $(wc -l < "$ref") lines)"

cases=("hand-written" "docket-1" "docket-2")
declare -A results
out="$work/out.csv"
for ((round = 1; round <= rounds; round++)); do
  for c in "${cases[@]}"; do
    case "$c" in
      hand-written) cmd=("$handwritten" "$csv" "$out") ;;
      docket-*) cmd=("$docket" classify bench/classify_cli.toml "$csv" --decision classify --threads "${c#docket-}"
                     "${eval_args[@]}" -o "$out") ;;
    esac
    rm -f "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "${cmd[@]}"
    cmp -s "$ref" "$out" || { echo "FAIL: $c wrote different bytes in round $round (cmp $ref $out)" >&2; exit 1; }
    results["$c"]+="$(cat "$work/time.txt");"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$rows" <<PY
import statistics, sys
rows = int(sys.argv[1])
results = {$(for c in "${cases[@]}"; do printf '"%s": "%s",' "$c" "${results[$c]}"; done)}
n = len(next(iter(results.values())).strip(";").split(";"))
print(f"{'case':<14} {'wall s':>8} {'cpu s':>8} {'rows/s (wall)':>15} {'peak RSS MB':>12}   (medians of {n})")
wall, cpu = {}, {}
for case, text in results.items():
    runs = [list(map(float, r.split())) for r in text.strip(";").split(";")]
    wall[case] = statistics.median(r[0] for r in runs)
    cpu[case] = statistics.median(r[1] + r[2] for r in runs)
    rss = statistics.median(r[3] for r in runs) / 1024
    print(f"{case:<14} {wall[case]:8.3f} {cpu[case]:8.3f} {rows / wall[case]:15,.0f} {rss:12.1f}")
def ratio(a, b):
    return a / b if b > 0 else float("nan")  # /usr/bin/time counts in 10 ms steps
cpu_ratio = ratio(cpu["docket-1"], cpu["hand-written"])
rate_ratio = ratio(wall["hand-written"], wall["docket-2"])
verdict = lambda ok: "met" if ok else "NOT met"
print(f"docket 1 thread CPU / hand-written CPU:    {cpu_ratio:5.2f}  (target <= 1.2: {verdict(cpu_ratio <= 1.2)})")
print(f"docket 2 threads rate / hand-written rate: {rate_ratio:5.2f}  (target >= 2: {verdict(rate_ratio >= 2)})")
print(f"docket 1 thread rate / hand-written rate:  {ratio(wall['hand-written'], wall['docket-1']):5.2f}")
PY

#!/usr/bin/env bash
# docket developer entry point: installs Debian packages, builds (normal + ASan/UBSan), tests, fuzzes,
# runs the demo and the benchmarks.
#
# Usage: bash tools/dev.sh <deps|build [normal|asan|fuzz]|test|fuzz [SECONDS]|fuzz-all [SECONDS]|demo|bench|simulate-bench|lsp-bench|serve-bench|takeover-bench|help>
# Works from any directory (it changes to the repository root itself). Meant for Debian 12 (bookworm);
# `deps` needs root when a package is missing. Every subcommand is idempotent: a second run does no
# needless work (no apt-get when all packages are present, no configure when a build tree exists, and
# ninja rebuilds only what changed).
set -euo pipefail

# Debian 12 packages the project needs. Later issues add to this one list.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates tzdata
  libboost-dev libboost-graph-dev
  libtomlplusplus-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libhowardhinnant-date-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev
  libxml2-dev     # `docket import` reads DMN XML (import/src/xml_tree.cpp)
  libpq-dev postgresql   # PostgresStore, and the PostgreSQL server its tests start on loopback
  libssl-dev      # plugin sha256 pins (OpenSSL libcrypto)
  abigail-tools   # abidw/abidiff: the plugin ABI diff test (tests/plugins/abi)
  rustc           # the Rust example plugin (plugins/site_phone_rs; no crates, builds offline)
  clang-14 libclang-rt-14-dev   # the libFuzzer build (fuzz): clang++-14 and its fuzzer/sanitizer runtimes
  llvm-14-dev     # the ORC JIT evaluator (--eval=jit; DOCKET_WITH_LLVM): LLVM 14, the same major version as clang-14
  time            # /usr/bin/time -v: peak memory in bench/classify_cli.sh
  python3         # bench/gen_*.py input generators; tests/graph/svg_image_test.py
  graphviz        # `docket graph --format svg` and the HTML report's pictures run its `dot` program
  fonts-noto-cjk  # Chinese labels in the pictures (fontconfig family "Noto Sans CJK SC")
  librsvg2-bin    # rsvg-convert: tests/graph renders a picture to PNG
  libcpp-httplib-dev   # `docket serve`'s HTTP server (tools/serve) and the tests' HTTP client
  chromium chromium-driver   # the HTML report's browser test (tests/browser), headless
  nodejs npm      # Node.js for tools/vscode (grammar test, .vsix) and tests/browser (any Node.js >= 18 with npm on PATH will do)
)

# npm packages (the npm registry only, pinned with integrity hashes in each folder's package-lock.json).
# Installed with `npm ci` only when the lock file changed since the last install (a stamp in node_modules).
NPM_FOLDERS=(tests/browser)

REPO_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"

JOBS=2   # the project's machines (developers' and CI's) have 2 cores

# ccache keeps its cache in the user's cache directory, not in build/: CI runs from a fresh clone every
# time, so a cache inside the clone's build/ would always start empty, while ~/.cache/ccache survives
# between runs on the same machine (a hit needs the same source path). It is also ccache's own default,
# so a plain `ninja` in a build tree shares it.
# CCACHE_BASEDIR is deliberately not set: it would make ccache hand the compiler relative paths, which
# changes __FILE__ (and anything that locates test data from it) depending on the build directory.
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}"

log() { printf '==> %s\n' "$*"; }
die() { printf 'dev.sh: error: %s\n' "$*" >&2; exit 1; }

# Phase timing: `timed "build normal" cmd args...` runs the command and prints "build normal: 93.4 s".
now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $((t / 1000)); }
timed() {
  local name="$1"; shift
  local start rc=0 ms
  start="$(now_ms)"
  "$@" || rc=$?
  ms=$(($(now_ms) - start))
  printf '%s: %d.%d s%s\n' "$name" $((ms / 1000)) $((ms % 1000 / 100)) "$([[ $rc -eq 0 ]] || echo " (FAILED, exit $rc)")"
  return "$rc"
}

usage() {
  cat <<'EOF'
Usage: bash tools/dev.sh <command>

  deps                 install the Debian 12 packages the project needs (only the missing ones; needs root then)
                       and the npm packages of tests/browser (npm ci, only when package-lock.json changed)
  build [normal|asan|fuzz]
                       configure (once) and build: normal = RelWithDebInfo in build/normal (with the LLVM JIT),
                       asan = Debug + AddressSanitizer/UndefinedBehaviorSanitizer in build/asan (without it),
                       fuzz = clang-14 + libFuzzer + ASan/UBSan in build/fuzz (default: normal)
  test                 deps, then build and run the whole ctest suite in the normal and the asan build,
                       then fuzz every target for 180 s in total
  fuzz [SECONDS]       deps, build fuzz, run each libFuzzer target (tests/fuzz/README.md: the .dkt front end,
                       fmt, classify CSV and JSON lines, scenarios, docket.toml, calendar files, simulation
                       profiles, explain --input, what the language server reads) for SECONDS / 10 s (default 180 in total) on
                       build/fuzz/corpus/NAME, a writable copy of its seeds; fails on any crash, hang, leak
                       or sanitizer report, after running every target
  fuzz-all [SECONDS]   the same for longer (default 3600 s in total, an hour): run it now and then, in the
                       background (`setsid nohup bash tools/dev.sh fuzz-all 3600 >fuzz-all.log 2>&1 &`)
  demo                 deps, build normal, check the 95598 examples, run their tests, a meter installation on a virtual clock
                       and a simulated month with a what-if (no make-up working days)
  bench                deps, build normal, run the benchmarks (medians of 5 runs); results in build/normal/bench/
  simulate-bench       build normal, then `docket simulate` of the 95598 month scaled to 100,000 tickets,
                       3 runs: wall time, CPU time and peak RSS of each (/usr/bin/time -v) and their medians
  lsp-bench            build normal, then the language server's latency from an edit to its diagnostics
                       (`docket lsp` over pipes) on the 95598 example and a generated 50,000-line program:
                       medians of 21 edits each, against dsl::compile of the same text in the same run
  serve-bench          build normal, then `docket serve` on a fresh SQLite store under a steady 1,000 requests/s
                       over loopback (tickets started, then accepted), 5 runs of 10 s: p50/p99 of start and
                       complete against GET / (the HTTP round trip alone) at the same rate, in JSON lines
  takeover-bench       build normal, then two `docket serve --shared-lease 2000` processes on a PostgreSQL server
                       on loopback, one SIGKILLed while it holds a claimed action or timer, 5 rounds of each:
                       the time from the kill until the other process claims the work, and its medians
  help                 this text
EOF
}

# ---------------------------------------------------------------- deps
missing_packages() {
  local p status
  for p in "${DEBIAN_PACKAGES[@]}"; do
    # A Node.js from elsewhere (e.g. NodeSource's nodejs, which bundles npm and conflicts with
    # Debian's npm package) serves as well: only install Debian's when the commands are missing.
    if [[ "$p" == nodejs || "$p" == npm ]] && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
      continue
    fi
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || printf '%s\n' "$p"
  done
}

deps_install() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "dpkg-query/apt-get not found: this script expects Debian 12 (bookworm)"
  fi
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "deps: all ${#DEBIAN_PACKAGES[@]} Debian packages are installed"
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]}
  installing them needs root: run 'sudo bash tools/dev.sh deps' (or run this command as root)"
  fi
  log "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  # Checked explicitly: callers run this under `timed`, where bash ignores `set -e`.
  apt-get update || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed"
  mapfile -t missing < <(missing_packages)
  [[ ${#missing[@]} -eq 0 ]] || die "still missing after apt-get install: ${missing[*]}"
}

npm_install() {
  local folder stamp want
  command -v npm >/dev/null 2>&1 || die "npm not found: the browser tests need Node.js and npm (the machine's own)"
  for folder in "${NPM_FOLDERS[@]}"; do
    stamp="$folder/node_modules/.docket-lock.sha256"
    want="$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
      echo "deps: npm packages of $folder are installed"
      continue
    fi
    log "npm ci in $folder (from package-lock.json)"
    (cd "$folder" && npm ci --ignore-scripts --no-audit --no-fund) || die "npm ci failed in $folder"
    echo "$want" >"$stamp"
  done
}

cmd_deps() {
  timed "deps" deps_install
  timed "npm" npm_install
}

# ---------------------------------------------------------------- build
build_dir() { printf '%s/build/%s' "$REPO_ROOT" "$1"; }

configure() {
  local kind="$1" dir
  dir="$(build_dir "$kind")"
  local args=(-S "$REPO_ROOT" -B "$dir" -G Ninja)
  case "$kind" in
    normal) args+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
    # asan is the build without the JIT (DOCKET_WITH_LLVM=OFF), so CI builds and tests both.
    asan)   args+=(-DCMAKE_BUILD_TYPE=Debug -DDOCKET_SANITIZE=ON -DDOCKET_BUILD_BENCH=OFF -DDOCKET_WITH_LLVM:STRING=OFF) ;;
    fuzz)   args+=(-DCMAKE_BUILD_TYPE=Debug -DDOCKET_FUZZ=ON) ;;
    *) die "unknown build kind '$kind' (expected normal, asan or fuzz)" ;;
  esac
  if [[ "$kind" == fuzz ]]; then
    # libFuzzer needs clang; the compiler is fixed when the tree is configured (later runs reuse it).
    CC=clang-14 CXX=clang++-14 cmake "${args[@]}"
  else
    cmake "${args[@]}"
  fi
}

# Configure only when the build tree is missing (or a previous configure did not finish); after that
# ninja re-runs cmake by itself whenever a CMakeLists.txt changes, and is a no-op when all is up to date.
build_kind() {
  local kind="$1" dir
  case "$kind" in normal|asan|fuzz) ;; *) die "unknown build kind '$kind' (expected normal, asan or fuzz)" ;; esac
  if ! command -v cmake >/dev/null 2>&1 || ! command -v ninja >/dev/null 2>&1; then
    die "cmake/ninja not found: run 'bash tools/dev.sh deps' first (as root)"
  fi
  if [[ "$kind" == fuzz ]] && ! command -v clang++-14 >/dev/null 2>&1; then
    die "clang++-14 not found: run 'bash tools/dev.sh deps' first (as root)"
  fi
  dir="$(build_dir "$kind")"
  if [[ ! -f "$dir/CMakeCache.txt" || ! -f "$dir/build.ninja" ]]; then
    timed "configure $kind" configure "$kind" || return 1
  elif [[ "$kind" == asan ]] && ! grep -qx 'DOCKET_WITH_LLVM:STRING=OFF' "$dir/CMakeCache.txt"; then
    # A tree configured before asan became the build without the JIT.
    timed "configure $kind" cmake -DDOCKET_WITH_LLVM:STRING=OFF "$dir" || return 1
  fi
  timed "build $kind" cmake --build "$dir" -j "$JOBS"
}

cmd_build() {
  [[ $# -le 1 ]] || die "usage: bash tools/dev.sh build [normal|asan|fuzz]"
  build_kind "${1:-normal}"
}

# ---------------------------------------------------------------- test
# Runs ctest in one build tree, keeps its output in build/<kind>/ctest.log and sets TEST_PASSED/TEST_FAILED.
# --no-tests=error: a suite that registers no test at all is a failure, not a silent pass.
TEST_PASSED=0
TEST_FAILED=0
run_ctest() {
  local kind="$1" dir rc=0 line
  dir="$(build_dir "$kind")"
  if [[ "$kind" == asan ]]; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$JOBS" 2>&1 | tee "$dir/ctest.log" || rc=$?
  else
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$JOBS" 2>&1 | tee "$dir/ctest.log" || rc=$?
  fi
  # ctest closes with e.g. "100% tests passed, 0 tests failed out of 42"
  line="$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$dir/ctest.log" | tail -n 1 || true)"
  if [[ "$line" =~ ^([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+)$ ]]; then
    TEST_FAILED=${BASH_REMATCH[1]}
    TEST_PASSED=$((BASH_REMATCH[2] - BASH_REMATCH[1]))
  else
    TEST_PASSED=0
    TEST_FAILED=0
  fi
  return "$rc"
}

cmd_test() {
  cmd_deps
  local kind total_passed=0 total_failed=0 failures=() summary=()
  for kind in normal asan; do
    if ! build_kind "$kind"; then
      failures+=("build $kind")
      summary+=("$kind: build FAILED, tests not run")
      continue
    fi
    local rc=0
    timed "test $kind" run_ctest "$kind" || rc=$?
    total_passed=$((total_passed + TEST_PASSED))
    total_failed=$((total_failed + TEST_FAILED))
    if [[ $rc -ne 0 && $TEST_FAILED -eq 0 ]]; then
      summary+=("$kind: ctest FAILED (exit $rc, no test counted; see build/$kind/ctest.log)")
    else
      summary+=("$kind: $TEST_PASSED passed, $TEST_FAILED failed")
    fi
    if [[ $rc -ne 0 ]]; then
      failures+=("test $kind")
    fi
  done
  if ! build_kind fuzz; then
    failures+=("build fuzz")
    summary+=("fuzz: build FAILED, not run")
  else
    local rc=0
    timed "fuzz" run_fuzz 180 || rc=$?
    summary+=("$FUZZ_SUMMARY")
    [[ $rc -eq 0 ]] || failures+=("fuzz")
  fi
  echo
  echo "== summary =="
  printf '%s\n' "${summary[@]}"
  if [[ ${#failures[@]} -gt 0 ]]; then
    echo "FAILED: ${failures[*]}"
  fi
  echo "total: $total_passed passed, $total_failed failed"
  [[ ${#failures[@]} -eq 0 ]]
}

# ---------------------------------------------------------------- fuzz
# One libFuzzer target per reader of outside input (tests/fuzz/README.md): NAME runs build/fuzz/tests/fuzz/fuzz_NAME.
FUZZ_TARGETS=(compile fmt classify_csv classify_jsonl scenario config calendar profile explain_input lsp_input plugin_wire snapshot evaluators dmn_import)

# fuzz_options NAME: the dictionary and input size of a target. The sizes reach every limit: 256 nested brackets
# and a 500-operator chain in .dkt (a few KB), 64 levels of JSON, the fuzz targets' 2 KiB record size.
fuzz_options() {
  case "$1" in
    compile|fmt) echo "-max_len=16384 -dict=tests/fuzz/dkt.dict" ;;
    scenario|classify_jsonl|explain_input|snapshot) echo "-max_len=8192 -dict=tests/fuzz/json.dict" ;;
    config|calendar|profile) echo "-max_len=8192 -dict=tests/fuzz/toml.dict" ;;
    lsp_input) echo "-max_len=4096" ;;
    dmn_import) echo "-max_len=32768 -dict=tests/fuzz/dmn.dict" ;;  # the TCK seeds are 2-30 KB
    evaluators) echo "-max_len=1024" ;;
    *) echo "-max_len=8192" ;;
  esac
}

# fuzz_one NAME SECONDS: replays tests/fuzz/regressions/NAME/ (inputs that once crashed), then fuzzes for SECONDS
# on build/fuzz/corpus/NAME: the committed seeds (tests/fuzz/corpus/NAME/, and for compile and fmt the .dkt seeds
# the build collects) plus whatever earlier runs added. Output in build/fuzz/fuzz-NAME.log, a crashing input in
# build/fuzz/artifacts/NAME/. Appends a line to FUZZ_REPORT; returns non-zero on a crash, hang, leak or report.
FUZZ_REPORT=()
fuzz_one() {
  local name="$1" seconds="$2" dir bin corpus artifacts logfile rc=0 runs cov regressions=() before after
  dir="$(build_dir fuzz)"
  bin="$dir/tests/fuzz/fuzz_$name"
  corpus="$dir/corpus/$name"
  artifacts="$dir/artifacts/$name"
  logfile="$dir/fuzz-$name.log"
  [[ -x "$bin" ]] || die "$bin was not built"
  mkdir -p "$corpus" "$artifacts"
  if [[ "$name" == compile || "$name" == fmt ]]; then
    [[ -d "$dir/tests/fuzz/seeds" ]] || die "$dir/tests/fuzz/seeds was not generated"
    cp -f "$dir"/tests/fuzz/seeds/*.dkt "$corpus"/
  fi
  if [[ "$name" == fmt ]]; then cp -f tests/fuzz/corpus/compile/* "$corpus"/; fi  # the same inputs matter to both
  if [[ -d "tests/fuzz/corpus/$name" ]]; then
    cp -f tests/fuzz/corpus/"$name"/* "$corpus"/
  fi
  : >"$logfile"
  shopt -s nullglob
  regressions=(tests/fuzz/regressions/"$name"/*)
  shopt -u nullglob
  if [[ ${#regressions[@]} -gt 0 ]]; then
    "$bin" "${regressions[@]}" >>"$logfile" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
      tail -n 60 "$logfile"
      FUZZ_REPORT+=("$(printf '%-15s a regression input crashes (exit %d; see %s)' "$name" "$rc" "$logfile")")
      return "$rc"
    fi
  fi
  before="$(find "$corpus" -type f | wc -l)"
  # shellcheck disable=SC2046  # fuzz_options prints separate words on purpose
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 $(fuzz_options "$name") \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >>"$logfile" 2>&1 || rc=$?
  # libFuzzer ends with stat::number_of_executed_units; status lines carry "cov: 2712 ft: 9876".
  runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$logfile" | grep -Eo '[0-9]+$' | tail -n 1 || true)"
  cov="$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$logfile" | tail -n 1 || true)"
  after="$(find "$corpus" -type f | wc -l)"
  if [[ $rc -ne 0 ]]; then
    tail -n 80 "$logfile"
    FUZZ_REPORT+=("$(printf '%-15s CRASH after %s runs (exit %d; input in %s, output in %s)' "$name" "${runs:-?}" "$rc" \
      "$artifacts/" "$logfile")")
    return "$rc"
  fi
  FUZZ_REPORT+=("$(printf '%-15s %6d s %10s runs, no crash, %s, corpus %d -> %d inputs' "$name" "$seconds" "${runs:-?}" \
    "${cov:-cov: ?}" "$before" "$after")")
}

# run_fuzz SECONDS: every target in turn, SECONDS in total (at least 5 s each). Goes on after a crash, so that
# one run reports every target; fails if any target failed. Sets FUZZ_SUMMARY.
FUZZ_SUMMARY="fuzz: not run"
run_fuzz() {
  local total="$1" each name rc=0 failed=()
  each=$((total / ${#FUZZ_TARGETS[@]}))
  [[ $each -ge 5 ]] || each=5
  # Leaks fail the run too (libFuzzer's -detect_leaks is on by default); UBSan stops at the first report.
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  FUZZ_REPORT=()
  for name in "${FUZZ_TARGETS[@]}"; do
    log "fuzz_$name for $each s"
    fuzz_one "$name" "$each" || failed+=("$name")
    echo "${FUZZ_REPORT[-1]}"
  done
  echo
  echo "== fuzz report ($each s per target) =="
  printf '%s\n' "${FUZZ_REPORT[@]}"
  if [[ ${#failed[@]} -gt 0 ]]; then
    FUZZ_SUMMARY="fuzz: FAILED in ${failed[*]} (see build/fuzz/fuzz-NAME.log and build/fuzz/artifacts/NAME/)"
    rc=1
  else
    FUZZ_SUMMARY="fuzz: ${#FUZZ_TARGETS[@]} targets, $each s each, no crash"
  fi
  echo "$FUZZ_SUMMARY"
  return "$rc"
}

cmd_fuzz() {
  [[ $# -le 1 ]] || die "usage: bash tools/dev.sh fuzz [SECONDS]"
  local seconds="${1:-180}"
  [[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "fuzz: SECONDS must be a positive whole number, not '$seconds'"
  cmd_deps
  build_kind fuzz
  timed "fuzz" run_fuzz "$seconds"
}

# ---------------------------------------------------------------- demo
cmd_demo() {
  cmd_deps
  build_kind normal
  local docket config scenario
  docket="$(build_dir normal)/tools/docket"
  config="examples/95598/docket.toml"
  scenario="examples/95598/scenarios/meter_install_A1.jsonl"
  [[ -x "$docket" ]] || die "$docket was not built"
  log "docket check --config $config"
  timed "demo check" "$docket" check --config "$config"
  echo
  log "docket test --config $config"
  timed "demo test" "$docket" test --config "$config"
  echo
  # The embedded default store: every instance, its audit trail and its actions in one SQLite file.
  local store
  store="$(build_dir normal)/demo/95598.sqlite"
  mkdir -p "$(dirname "$store")"
  rm -f "$store" "$store-wal" "$store-shm"
  log "docket run --config $config $scenario --store $store"
  timed "demo run" "$docket" run --config "$config" "$scenario" --store "$store"
  echo
  log "docket audit $store --instance 1 --zone Asia/Shanghai  (the trail read back from the store)"
  timed "demo audit" "$docket" audit "$store" --instance 1 --zone Asia/Shanghai | tail -n 6
  echo
  log "docket simulate --config $config --profile examples/95598/simulate.toml --what-if-config examples/95598/what-if/no_makeup_days.toml"
  timed "demo simulate" "$docket" simulate --config "$config" --profile examples/95598/simulate.toml \
    --what-if-config examples/95598/what-if/no_makeup_days.toml
}

# ---------------------------------------------------------------- bench
# Medians of 5 repetitions. The table goes to the terminal and to build/normal/bench/results.txt,
# the full figures (every aggregate) to build/normal/bench/results.json.
cmd_bench() {
  cmd_deps
  build_kind normal
  local dir bench
  dir="$(build_dir normal)/bench"
  bench="$dir/docket_bench"
  [[ -x "$bench" ]] || die "$bench was not built"
  log "docket_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true"
  timed "bench" run_bench "$bench" "$dir" || return 1
  echo "bench: table in $dir/results.txt, JSON in $dir/results.json"
}

run_bench() {
  local bench="$1" dir="$2" rc=0
  "$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$dir/results.json" --benchmark_out_format=json 2>&1 | tee "$dir/results.txt" || rc=$?
  return "$rc"
}

# ---------------------------------------------------------------- simulate-bench
# Issue 5's target: a month of 100,000 tickets over the example workflows in under 10 s.
cmd_simulate_bench() {
  build_kind normal
  local docket runs=3 i out walls=() rss=() cpus=()
  docket="$(build_dir normal)/tools/docket"
  [[ -x "$docket" ]] || die "$docket was not built"
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
  log "docket simulate --config examples/95598/docket.toml --profile examples/95598/simulate.toml --tickets 100000 (x$runs)"
  for ((i = 1; i <= runs; i++)); do
    out="$(/usr/bin/time -v "$docket" simulate --config examples/95598/docket.toml \
      --profile examples/95598/simulate.toml --tickets 100000 --format json 2>&1 >/dev/null)" || die "simulate failed: $out"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + p[k]; print s }' <<<"$out")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' <<<"$out")")
    cpus+=("$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' <<<"$out")")
    printf 'run %d: %s s wall, %s s CPU, %s MB peak RSS\n' "$i" "${walls[-1]}" "${cpus[-1]}" "$((${rss[-1]} / 1024))"
  done
  printf 'median: %s s wall, %s s CPU, %s MB peak RSS\n' \
    "$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")" \
    "$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")" \
    "$(($(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p") / 1024))"
}

# ---------------------------------------------------------------- lsp-bench
# Issue 17's targets: diagnostics after an edit under 100 ms on the 95598 example, under 1 s on 50,000 lines.
cmd_lsp_bench() {
  build_kind normal
  local dir
  dir="$(build_dir normal)"
  cmake --build "$dir" -j "$JOBS" --target docket_lsp_bench >/dev/null || die "docket_lsp_bench did not build"
  log "docket_lsp_bench --runs 21 --lines 50000"
  timed "lsp-bench" "$dir/bench/docket_lsp_bench" --runs 21 --lines 50000
}

cmd_serve_bench() {
  build_kind normal
  local dir run
  dir="$(build_dir normal)"
  cmake --build "$dir" -j "$JOBS" --target docket_serve_bench >/dev/null || die "docket_serve_bench did not build"
  for run in 1 2 3 4 5; do
    log "docket_serve_bench --rate 1000 --seconds 10 (run $run of 5)"
    "$dir/bench/docket_serve_bench" --rate 1000 --seconds 10 --connections 32
  done
}

cmd_takeover_bench() {
  build_kind normal
  local dir
  dir="$(build_dir normal)"
  cmake --build "$dir" -j "$JOBS" --target docket_serve_takeover >/dev/null || die "docket_serve_takeover did not build"
  log "docket_serve_takeover --lease-ms 2000 --rounds 5"
  "$dir/bench/docket_serve_takeover" --lease-ms 2000 --rounds 5
}

# ---------------------------------------------------------------- main
main() {
  local cmd="${1:-help}"
  [[ $# -eq 0 ]] || shift
  case "$cmd" in
    deps)  [[ $# -eq 0 ]] || die "deps takes no arguments"; cmd_deps ;;
    build) cmd_build "$@" ;;
    test)  [[ $# -eq 0 ]] || die "test takes no arguments"; cmd_test ;;
    fuzz)  cmd_fuzz "$@" ;;
    fuzz-all) [[ $# -le 1 ]] || die "usage: bash tools/dev.sh fuzz-all [SECONDS]"; cmd_fuzz "${1:-3600}" ;;
    demo)  [[ $# -eq 0 ]] || die "demo takes no arguments"; cmd_demo ;;
    bench) [[ $# -eq 0 ]] || die "bench takes no arguments"; cmd_bench ;;
    simulate-bench) [[ $# -eq 0 ]] || die "simulate-bench takes no arguments"; cmd_simulate_bench ;;
    lsp-bench) [[ $# -eq 0 ]] || die "lsp-bench takes no arguments"; cmd_lsp_bench ;;
    serve-bench) [[ $# -eq 0 ]] || die "serve-bench takes no arguments"; cmd_serve_bench ;;
    takeover-bench) [[ $# -eq 0 ]] || die "takeover-bench takes no arguments"; cmd_takeover_bench ;;
    help|-h|--help) usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"

#!/usr/bin/env bash
# deb_test.sh BUILD_DIR SOURCE_DIR WORKDIR: cpack's .deb unpacked with dpkg -x into WORKDIR/root; its docket
# program checks examples/95598 and runs the meter installation scenario on SQLite, finding its plugins in
# the unpacked tree (<root>/usr/lib/docket/plugins) by itself.
set -euo pipefail
build="$1" source="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/out/docket_*.deb)"
dpkg-deb --field "$deb" Package Version Depends
dpkg -x "$deb" "$work/root"
docket="$work/root/usr/bin/docket"
env -u LD_LIBRARY_PATH "$docket" check --config "$source/examples/95598/docket.toml"
env -u LD_LIBRARY_PATH "$docket" run --config "$source/examples/95598/docket.toml" \
  "$source/examples/95598/scenarios/meter_install_A1.jsonl" --store "$work/meter.sqlite" | tee "$work/run.txt"
grep -qF 'A1: meter_install finished at `done`' "$work/run.txt" || { echo "the meter installation did not end at done"; exit 1; }

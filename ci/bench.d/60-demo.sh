#!/usr/bin/env bash
# ci/bench.d/60-demo.sh: wall time of ci/demo (all three IETF 113 demos and
# the index page) from a built tree, on the backend ci/demo picks (ns-3 when
# built in).  Baseline, same run: the three `altospec run` commands alone on
# that backend, so the ratio is what ci/demo adds (the no-op build check,
# the backend probe, the index page).  Each demo's own time is printed too.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD_DIR:-build}
BIN="$BUILD/altospec"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

t0=$(now)
BUILD_DIR=$BUILD DEMO_OUT="$out/demo" ci/demo >"$out/demo.log" 2>&1 || {
  rc=$?; [ $rc -eq 1 ] || { cat "$out/demo.log"; echo "60-demo: ci/demo failed (exit $rc)"; exit 1; }; }
t1=$(now)
backend=$(sed -n 's/^ci\/demo: three demos on \([a-z0-9]*\) in.*/\1/p' "$out/demo.log")
[ -n "$backend" ] || { cat "$out/demo.log"; echo "60-demo: no backend in ci/demo's output"; exit 1; }

printf "%-34s %10s\n" "part" "wall s"
base=0
for s in d1.yaml d2-estimator.yaml d3-sla.yaml; do
  a=$(now)
  "$BIN" run "scenarios/ietf113/$s" --backend "$backend" --quiet --report-dir "$out/base-$s" >/dev/null || [ $? -eq 1 ]
  b=$(now)
  w=$(calc "$b - $a")
  base=$(calc "$base + $w")
  printf "%-34s %10.2f\n" "altospec run $s ($backend)" "$w"
done
demo=$(calc "$t1 - $t0")
printf "%-34s %10.2f\n" "baseline: the three runs" "$base"
printf "%-34s %10.2f   ratio %.2fx the baseline\n" "ci/demo (built tree, $backend)" "$demo" "$(calc "$demo / $base")"

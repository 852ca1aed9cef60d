#!/usr/bin/env bash
# ci/bench.d/60-demo.sh: wall time of ci/demo (all three IETF 113 demos and
# the index page) from a built tree, on the backend ci/demo picks (ns-3 when
# built in).  Baseline, same run: the three `altospec run` commands alone on
# that backend, so the ratio is what ci/demo adds (the no-op build check,
# the backend probe, the index page).  Each demo's own time is printed too.
# Then Demo 1 on the mininet backend at --size-scale 0.1 (root and Debian's
# mininet needed, else skipped): the network built once per run (now) vs
# once per batch (ALTOSPEC_MININET_REBUILD=1, the behaviour before network
# reuse, as the baseline in the same run), with the set-up counts.
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

if [ "$(id -u)" -ne 0 ] || ! /usr/bin/python3 -c 'import mininet.net' 2>/dev/null; then
  echo "mininet Demo 1: skipped (needs root and Debian's mininet)"
  exit 0
fi
mn() {  # $1: label, rest: env; prints "wall-s builds/batches"
  local label=$1; shift
  local a b
  a=$(now)
  env "$@" "$BIN" run scenarios/ietf113/d1.yaml --backend mininet --size-scale 0.1 \
    --quiet --report-dir "$out/mn-$label" >/dev/null 2>"$out/mn-$label.err" || {
    rc=$?; [ $rc -eq 1 ] || { cat "$out/mn-$label.err"; echo "60-demo: mininet run failed (exit $rc)"; exit 1; }; }
  b=$(now)
  /usr/bin/python3 - "$out/mn-$label/report.json" "$(calc "$b - $a")" <<'PY'
import json, sys
info = json.load(open(sys.argv[1]))["backends"][0]["info"]
print(sys.argv[2], f"{info['network_builds']}/{info['batches']}")
PY
}
mn rebuild ALTOSPEC_MININET_REBUILD=1 >"$out/mn-rebuild.res"
mn reuse ALTOSPEC_MININET_REBUILD=0 >"$out/mn-reuse.res"
read -r before bb <"$out/mn-rebuild.res"
read -r after ab <"$out/mn-reuse.res"
printf "%-34s %10.2f   set-ups/batches %s\n" "mininet d1 x0.1, rebuilt (before)" "$before" "$bb"
printf "%-34s %10.2f   set-ups/batches %s   ratio %.2fx faster\n" "mininet d1 x0.1, reused (after)" \
  "$after" "$ab" "$(calc "$before / $after")"

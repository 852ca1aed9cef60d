#!/usr/bin/env bash
# ci/bench.d/40-ns3.sh: simulation wall time of the flow model vs ns-3 on
# the same problems, measured in the same run: Demo 1 (one download from
# each of xrd2, xrd3, xrd4 to client, 100- and 1000-packet queues), the
# IETF 113 six-flow set and the 10-flow dumbbell.  Target: flow >= 1000x
# faster.  The timing comes from tests/unit/test_ns3_xval.c in bench mode
# (ALTOSPEC_BENCH=1), which runs both backends through sim_backend on the
# same sim_topo and transfers; the flow model, a few microseconds per run,
# is timed over repeated runs.  Its accuracy figures print alongside.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD_DIR:-build}
exe="$BUILD/test_ns3_xval"
if [ ! -x "$exe" ]; then
  echo "40-ns3: $exe not built (no ns-3 in this build: install libns3-dev libgsl-dev, rerun ci/setup)"
  exit 0
fi
out=$(ALTOSPEC_BENCH=1 "$exe" 2>&1) || true
if echo "$out" | grep -q '^SKIP'; then
  echo "40-ns3: $out"; exit 0
fi
echo "$out" | grep -E '^(BENCH|  \|error\|)' || true
echo "$out" | awk '
  /^BENCH/ {
    label = $0; sub(/^BENCH /, "", label); sub(/:.*/, "", label)
    if (label ~ /^demo 1/) label = "demo 1"
    match($0, /flow [0-9.e+-]+ s/);  f = substr($0, RSTART + 5, RLENGTH - 7) + 0
    match($0, /ns-3 [0-9.e+-]+ s/);  n = substr($0, RSTART + 5, RLENGTH - 7) + 0
    if (!(label in seen)) { order[++k] = label; seen[label] = 1 }
    fs[label] += f; ns[label] += n
  }
  END {
    if (k == 0) { print "40-ns3: no BENCH lines (test failed to run?)"; exit 1 }
    printf "%-16s %14s %12s %12s\n", "problem", "flow wall s", "ns-3 wall s", "ratio"
    bad = 0
    for (i = 1; i <= k; i++) {
      l = order[i]; r = ns[l] / fs[l]
      printf "%-16s %14.3e %12.3f %11.0fx\n", l, fs[l], ns[l], r
      if (r < 1000) bad = 1
    }
    print (bad ? "target flow >= 1000x faster than ns-3: NOT MET" \
               : "target flow >= 1000x faster than ns-3: met")
  }'

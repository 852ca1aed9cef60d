#!/usr/bin/env bash
# ci/bench.d/30-flow.sh: the flow simulator at scale (issue 4).
#   10,000 and 100,000 transfers, Poisson arrivals among 50 hosts on the
#   Topology Zoo Kdl topology (754 nodes), through `altospec run` (topology
#   loading, routing, simulation and the report included).
# Prints wall time and peak RSS (GNU time) against the targets
# (10k: < 2 s and < 200 MB; 100k: < 30 s), and two baselines measured in
# the same run: the same 10k workload re-solving every active flow at every
# event (ALTOSPEC_FLOW_FULL_RESOLVE=1) instead of only the changed
# component, and a 1k run (scaling).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
DATA=$PWD/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Scenario variants in a temp dir: absolute GraphML path, other sizes.
mk() {  # $1 = requests, $2 = output file
  sed -e "s#\.\./\.\./data#$DATA#" -e "s/requests: 10000/requests: $1/" \
      -e "s/^name: .*/name: kdl-poisson-$1/" scenarios/kdl/poisson-10k.yaml > "$2"
}
mk 1000 "$TMP/p1k.yaml"
mk 10000 "$TMP/p10k.yaml"
mk 100000 "$TMP/p100k.yaml"

measure() {  # $1 = label, rest = command; prints wall, CPU (user+sys), peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$TMP/time" "$@" >/dev/null
  read -r wall rss usr sys < "$TMP/time"
  awk -v l="$label" -v w="$wall" -v r="$rss" -v c="$usr" -v s="$sys" \
    'BEGIN { printf "%-32s wall %7.2f s  cpu %7.2f s  peak RSS %7.1f MB\n", l, w, c + s, r / 1024 }'
  echo "$wall $rss" > "$TMP/last"
}


echo "flow simulator, Kdl (754 nodes), 50 hosts, Poisson arrivals, 10 MB files"
measure "1k transfers" "$BIN" run "$TMP/p1k.yaml" --report-dir "$TMP/out" --quiet;                 read -r w1k r1k < "$TMP/last"
measure "10k transfers" "$BIN" run "$TMP/p10k.yaml" --report-dir "$TMP/out10k" --quiet;             read -r w10k r10k < "$TMP/last"
measure "10k, full re-solve (baseline)" env ALTOSPEC_FLOW_FULL_RESOLVE=1 "$BIN" run "$TMP/p10k.yaml" \
  --report-dir "$TMP/outfull" --quiet;                       read -r wfull rfull < "$TMP/last"
python3 - "$TMP/out10k/report.json" "$TMP/outfull/report.json" <<'PY' || true
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sa, sb = (r["backends"][0]["info"]["stats"] for r in (a, b))
same = all(abs(x["seconds"] - y["seconds"]) < 1e-6 for x, y in zip(a["transfers"], b["transfers"]))
print(f"10k solver work: component {sa['solved_flows']} flow-solves, full {sb['solved_flows']} "
      f"({sa['solved_flows'] / sb['solved_flows']:.2f}x); identical completion times: {same}")
PY
measure "100k transfers" "$BIN" run "$TMP/p100k.yaml" --report-dir "$TMP/out" --quiet;             read -r w100k r100k < "$TMP/last"
python3 - "$TMP/out/report.json" <<'PY' || true
import json, sys
r = json.load(open(sys.argv[1]))
st = r["backends"][0]["info"].get("stats", {})
print(f"100k run: {st.get('events')} events, {st.get('solves')} solves, "
      f"{st.get('solved_flows')} flow-solves, at most {st.get('max_active')} flows at once")
PY
awk -v a="$w10k" -v b="$wfull" -v c="$w1k" -v d="$w100k" -v m="$r10k" 'BEGIN {
  printf "ratio component/full re-solve (10k): %.2f\n", a / b
  printf "scaling 10k/1k: %.1fx time for 10x transfers; 100k/10k: %.1fx\n", a / c, d / a
  printf "targets: 10k < 2 s: %s; 10k < 200 MB: %s; 100k < 30 s: %s\n",
         (a < 2 ? "met" : "MISSED"), (m / 1024 < 200 ? "met" : "MISSED"), (d < 30 ? "met" : "MISSED")
}'

#!/usr/bin/env bash
# ci/bench.d/10-server.sh: throughput of the reference ALTO server (wrk on
# loopback).  A benchmark, not a test: it prints figures and whether they
# meet the targets; it fails (exit 2) only when it cannot run.
#
# Setup: a generated 100-host topology (10 edge switches of 10 hosts under
# one core switch, mixed rates and delays) served by `altospec serve
# --quiet`; wrk with 2 threads and 32 connections, 5 s per endpoint,
# keep-alive (the driver, shared with 17-server-multicost.sh: lib-wrk.sh).
# Endpoints: the IRD, a full cost map (101 PIDs, ~10,000 entries), a
# filtered cost map POST (10 x 10 PIDs) and an endpoint cost POST (1 x 10
# hosts).  Targets on a 2-core machine: >= 20,000 req/s for the GETs,
# >= 5,000 req/s for the filtered POST.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_SECONDS (5),
#        BENCH_CONNECTIONS (32), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
. ci/bench.d/lib-wrk.sh
wrk_init server
wrk_topology
wrk_serve

# ---- request bodies (wrk Lua scripts) ----
hosts() { local out=""; for i in $(seq "$1" "$2"); do out="$out\"ipv4:10.1.$((i / 10)).$((i % 10 + 1))\","; done; echo "${out%,}"; }
lua_post() {   # $1 file, $2 content type, $3 body
  cat >"$1" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "$2"
wrk.headers["Accept"] = "application/alto-costmap+json,application/alto-endpointcost+json,application/alto-error+json"
wrk.body = '$3'
EOF
}
lua_post "$tmp/fcm.lua" application/alto-costmapfilter+json \
  "{\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"numerical\"},\"pids\":{\"srcs\":[$(wrk_pids 0 9)],\"dsts\":[$(wrk_pids 50 59)]}}"
lua_post "$tmp/ecs.lua" application/alto-endpointcostparams+json \
  "{\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"ordinal\"},\"endpoints\":{\"srcs\":[$(hosts 0 0)],\"dsts\":[$(hosts 10 19)]}}"

# Each request must succeed before it is timed.
check() {   # $1 method, $2 path, $3 content type, $4 lua (for the body)
  local code
  if [ "$1" = GET ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base$2")
  else
    local body; body=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$4")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Content-Type: $3" --data-binary "$body" "$base$2")
  fi
  [ "$code" = 200 ] || { echo "server bench: $1 $2 answered $code" >&2; exit 2; }
}
check GET /directory
check GET /costmap/num-routingcost
check POST /costmap/filtered application/alto-costmapfilter+json "$tmp/fcm.lua"
check POST /endpointcost/lookup application/alto-endpointcostparams+json "$tmp/ecs.lua"
size=$(curl -s "$base/costmap/num-routingcost" | wc -c)

# ---- runs ----
verdict=0
run() {   # $1 label, $2 path, $3 target req/s (0 = none), $4 lua script (optional)
  wrk_measure "$2" "${4:-}"
  local rps=$wrk_rps p99=$wrk_p99 errs=$wrk_errs
  local mark=""
  if [ "$3" != 0 ]; then
    if awk -v r="$rps" -v t="$3" 'BEGIN {exit !(r >= t)}'; then mark="target >= $3: met"
    else mark="target >= $3: BELOW"; verdict=1; fi
  fi
  [ -z "${base_rps:-}" ] && errs=""       # the baseline's 404s are its point
  local ratio=""
  [ -n "${base_rps:-}" ] && ratio=$(awk -v r="$rps" -v b="$base_rps" 'BEGIN {printf "%.2fx baseline", r / b}')
  printf '  %-34s %10s req/s   p99 %8s   %-16s %s%s\n' "$1" "$rps" "$p99" "$ratio" "$mark" "${errs:+   errors: $errs}"
  last_rps=$rps
}
echo "  server: $THREADS wrk threads, $CONNS connections, ${SECS}s each; 100 hosts, full cost map $size bytes"
# Baseline measured in the same run: a request for an unknown path, the
# server's cheapest answer (routing plus a small cached 404 body).  The
# ratios say how close each ALTO resource comes to that floor, which is
# steadier across machines than the absolute figures.
base_rps=
run "GET  /no-such-path (baseline 404)" /no-such-path 0
base_rps=$last_rps
run "GET  /directory (IRD)" /directory 20000
run "GET  /costmap/num-routingcost" /costmap/num-routingcost 20000
run "POST /costmap/filtered (10x10)" /costmap/filtered 5000 "$tmp/fcm.lua"
run "POST /endpointcost/lookup (1x10)" /endpointcost/lookup 0 "$tmp/ecs.lua"
[ "$verdict" = 0 ] && echo "  server: all targets met" || echo "  server: some targets not met (see BELOW)"
exit 0

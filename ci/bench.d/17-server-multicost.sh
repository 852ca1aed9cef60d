#!/usr/bin/env bash
# ci/bench.d/17-server-multicost.sh: the RFC 8189 multi-cost filtered cost
# map POST of the reference server against the single-cost one, measured
# in the same run (wrk on loopback, Lua POST scripts).  A benchmark, not a
# test: it prints figures and whether the target is met; it fails (exit 2)
# only when it cannot run.
#
# Setup as 10-server.sh, by the driver they share (lib-wrk.sh): the
# generated 100-host topology, `altospec serve --multi-cost --quiet`, wrk
# 2 threads, 32 connections, 5 s each.
# Baseline: POST /costmap/filtered, routingcost, 10 x 10 PIDs.  Measured:
# POST /costmap/multicost, the same 10 x 10 PIDs with multi-cost-types
# [routingcost, hopcount, delay-ow], and the same with or-constraints;
# and POST /costmap/pm (RFC 9439, `--perf-metrics`: its tput matrix adds
# about 2 s to the start-up on this topology) with [delay-ow:p95, tput,
# lossrate], figures only.
# Target: the multi-cost rate >= 0.5x the single-cost rate (the answer
# holds three costs per pair and is written straight into a buffer,
# srv_mc.c; a json_t tree per request reached 0.35x).
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_SECONDS (5),
#        BENCH_CONNECTIONS (32), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
. ci/bench.d/lib-wrk.sh
wrk_init multicost
wrk_topology
wrk_serve --multi-cost --perf-metrics

# ---- request bodies (wrk Lua scripts) ----
lua_post() {   # $1 file, $2 body
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/alto-costmapfilter+json"
wrk.headers["Accept"] = "application/alto-costmap+json,application/alto-error+json"
wrk.body = '$2'
LUA
}
sel="\"pids\":{\"srcs\":[$(wrk_pids 0 9)],\"dsts\":[$(wrk_pids 50 59)]}"
types='[{"cost-metric":"routingcost","cost-mode":"numerical"},{"cost-metric":"hopcount","cost-mode":"numerical"},{"cost-metric":"delay-ow","cost-mode":"numerical"}]'
lua_post "$tmp/single.lua" "{\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"numerical\"},$sel}"
lua_post "$tmp/multi.lua" "{\"multi-cost-types\":$types,$sel}"
lua_post "$tmp/multi-or.lua" "{\"multi-cost-types\":$types,\"or-constraints\":[[\"[1] le 3\"],[\"[2] ge 1000\"]],$sel}"
pm='[{"cost-metric":"delay-ow:p95","cost-mode":"numerical"},{"cost-metric":"tput","cost-mode":"numerical"},{"cost-metric":"lossrate","cost-mode":"numerical"}]'
lua_post "$tmp/multi-pm.lua" "{\"multi-cost-types\":$pm,$sel}"

# Each request must succeed before it is timed (the multi-cost one with
# 100 arrays of 3 costs).
check() {   # $1 path, $2 lua
  local body code; body=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$2")
  code=$(curl -s -o "$tmp/answer" -w '%{http_code}' -H "Content-Type: application/alto-costmapfilter+json" \
    --data-binary "$body" "$base$1")
  [ "$code" = 200 ] || { echo "multicost bench: POST $1 answered $code: $(head -c 300 "$tmp/answer")" >&2; exit 2; }
}
check /costmap/filtered "$tmp/single.lua"
check /costmap/multicost "$tmp/multi.lua"
n=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["cost-map"]; print(sum(len(v) == 3 for r in d.values() for v in r.values()))' "$tmp/answer")
[ "$n" = 100 ] || { echo "multicost bench: the multi-cost answer has $n pairs of 3 costs, expected 100" >&2; exit 2; }
check /costmap/multicost "$tmp/multi-or.lua"
check /costmap/pm "$tmp/multi-pm.lua"

# ---- runs ----
run() {   # $1 label, $2 path, $3 lua
  wrk_measure "$2" "$3"
  local rps=$wrk_rps p99=$wrk_p99 errs=$wrk_errs
  local ratio=""
  [ -n "${base_rps:-}" ] && ratio=$(awk -v r="$rps" -v b="$base_rps" 'BEGIN {printf "%.2fx baseline", r / b}')
  printf '  %-48s %10s req/s   p99 %8s   %s%s\n' "$1" "$rps" "$p99" "$ratio" "${errs:+   errors: $errs}"
  last_rps=$rps
}
echo "  multicost: $THREADS wrk threads, $CONNS connections, ${SECS}s each; 100 hosts, 10 x 10 PIDs"
base_rps=
run "POST /costmap/filtered 1 type (baseline)" /costmap/filtered "$tmp/single.lua"
base_rps=$last_rps
run "POST /costmap/multicost 3 types" /costmap/multicost "$tmp/multi.lua"
multi_rps=$last_rps
run "POST /costmap/multicost 3 types, or-constraints" /costmap/multicost "$tmp/multi-or.lua"
run "POST /costmap/pm 3 RFC 9439 types" /costmap/pm "$tmp/multi-pm.lua"
if awk -v r="$multi_rps" -v b="$base_rps" 'BEGIN {exit !(r >= 0.5 * b)}'; then
  echo "  multicost: target >= 0.5x the single-cost rate: met"
else
  echo "  multicost: target >= 0.5x the single-cost rate: BELOW"
fi
exit 0

#!/usr/bin/env bash
# ci/bench.d/17-server-multicost.sh: the RFC 8189 multi-cost filtered cost
# map POST of the reference server against the single-cost one, measured
# in the same run (wrk on loopback, Lua POST scripts).  A benchmark, not a
# test: it prints figures and whether the target is met; it fails (exit 2)
# only when it cannot run.
#
# Setup as 10-server.sh (the generated 100-host topology, `altospec serve
# --multi-cost --quiet`, wrk 2 threads, 32 connections, 5 s each).
# Baseline: POST /costmap/filtered, routingcost, 10 x 10 PIDs.  Measured:
# POST /costmap/multicost, the same 10 x 10 PIDs with multi-cost-types
# [routingcost, hopcount, delay-ow], and the same with or-constraints.
# Target: the multi-cost rate >= 0.5x the single-cost rate (the answer
# holds three costs per pair and is written straight into a buffer,
# srv_mc.c; a json_t tree per request reached 0.35x).
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_SECONDS (5),
#        BENCH_CONNECTIONS (32), BENCH_THREADS (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
command -v wrk >/dev/null || { echo "multicost bench: wrk not installed (ci/setup installs it)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "multicost bench: no altospec binary at $BIN" >&2; exit 2; }

tmp=$(mktemp -d)
srv_pid=
cleanup() {
  if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
    kill -TERM "$srv_pid"; wait "$srv_pid" 2>/dev/null || true
  fi
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# ---- topology: deterministic, 100 hosts ----
/usr/bin/python3 - "$tmp/topo.yaml" <<'PY'
import sys
rates = ["10Mbps", "20Mbps", "50Mbps", "100Mbps", "1Gbps"]
core = ["100Mbps", "200Mbps", "500Mbps", "1Gbps", "2Gbps"]
with open(sys.argv[1], "w") as f:
    f.write("name: bench100\nhosts:\n")
    for i in range(100):
        f.write(f"  - {{name: h{i}, ipv4: 10.1.{i // 10}.{i % 10 + 1}}}\n")
    f.write("switches: [core, " + ", ".join(f"e{j}" for j in range(10)) + "]\nlinks:\n")
    for j in range(10):
        f.write(f"  - {{a: e{j}, b: core, bandwidth: {core[j % 5]}, delay: {1 + j}ms}}\n")
    for i in range(100):
        f.write(f"  - {{a: h{i}, b: e{i // 10}, bandwidth: {rates[i % 5]}, delay: {i % 3}ms}}\n")
PY

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --topology "$tmp/topo.yaml" --listen "127.0.0.1:$port" --multi-cost --quiet >"$tmp/out" 2>"$tmp/err" &
srv_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  grep -q "serving ALTO" "$tmp/out" 2>/dev/null && break
  kill -0 "$srv_pid" 2>/dev/null || { echo "multicost bench: server did not start:" >&2; cat "$tmp/err" >&2; exit 2; }
  sleep 0.1
done
grep -q "serving ALTO" "$tmp/out" || { echo "multicost bench: server did not start" >&2; exit 2; }

# ---- request bodies (wrk Lua scripts) ----
pids() { local out=""; for i in $(seq "$1" "$2"); do out="$out\"pid-h$i\","; done; echo "${out%,}"; }
lua_post() {   # $1 file, $2 body
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/alto-costmapfilter+json"
wrk.headers["Accept"] = "application/alto-costmap+json,application/alto-error+json"
wrk.body = '$2'
LUA
}
sel="\"pids\":{\"srcs\":[$(pids 0 9)],\"dsts\":[$(pids 50 59)]}"
types='[{"cost-metric":"routingcost","cost-mode":"numerical"},{"cost-metric":"hopcount","cost-mode":"numerical"},{"cost-metric":"delay-ow","cost-mode":"numerical"}]'
lua_post "$tmp/single.lua" "{\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"numerical\"},$sel}"
lua_post "$tmp/multi.lua" "{\"multi-cost-types\":$types,$sel}"
lua_post "$tmp/multi-or.lua" "{\"multi-cost-types\":$types,\"or-constraints\":[[\"[1] le 3\"],[\"[2] ge 1000\"]],$sel}"

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

# ---- runs ----
run() {   # $1 label, $2 path, $3 lua
  local out; out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s "$3" "$base$2")
  local rps p99 errs
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors:/ {print "socket:" $0}' <<<"$out" | tr '\n' ' ')
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
if awk -v r="$multi_rps" -v b="$base_rps" 'BEGIN {exit !(r >= 0.5 * b)}'; then
  echo "  multicost: target >= 0.5x the single-cost rate: met"
else
  echo "  multicost: target >= 0.5x the single-cost rate: BELOW"
fi
exit 0

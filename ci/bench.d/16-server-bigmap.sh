#!/usr/bin/env bash
# ci/bench.d/16-server-bigmap.sh: a production-size full cost map (issue 20:
# a deployed server publishes a 47 MB cost map) served by the reference
# server to 10 concurrent clients.  The body is serialized once per vtag and
# every response sends the same shared bytes, so the server's memory must
# not grow by a copy per client: printed are the body size, the server's
# resident memory before and its peak during the downloads (VmHWM), the
# growth as a multiple of the body, and the wall time of one client alone
# (the same-run baseline) against 10 at once.  Target: growth < 1x body.
# A benchmark, not a test: exit 2 only when it cannot run.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_HOSTS (1360: ~47 MB)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
HOSTS=${BENCH_HOSTS:-1360}
command -v curl >/dev/null || { echo "big-map bench: curl not installed" >&2; exit 2; }
[ -x "$BIN" ] || { echo "big-map bench: no altospec binary at $BIN" >&2; exit 2; }
tmp=$(mktemp -d)
srv_pid=
cleanup() {
  if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
    kill -TERM "$srv_pid"; wait "$srv_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Hosts under edge switches of 10, mixed rates: every num-routingcost value
# is a 15-digit decimal, so HOSTS^2 entries of ~26 bytes.
/usr/bin/python3 - "$tmp/topo.yaml" "$HOSTS" <<'PY'
import sys
path, hosts = sys.argv[1], int(sys.argv[2])
n_edge = (hosts + 9) // 10
rates = ["10Mbps", "20Mbps", "30Mbps", "70Mbps", "1Gbps", "3Mbps", "7Mbps"]
with open(path, "w") as f:
    f.write("name: bigmap\nhosts:\n")
    for i in range(hosts):
        f.write(f"  - {{name: h{i}, ipv4: 10.{i // 250}.{i % 250 // 10}.{i % 10 + 1}}}\n")
    f.write("switches: [core, " + ", ".join(f"e{j}" for j in range(n_edge)) + "]\nlinks:\n")
    for j in range(n_edge):
        f.write(f"  - {{a: e{j}, b: core, bandwidth: {rates[j % 7]}, delay: {1 + j % 13}ms}}\n")
    for i in range(hosts):
        f.write(f"  - {{a: h{i}, b: e{i // 10}, bandwidth: {rates[(i * 3) % 7]}, delay: {i % 3}ms}}\n")
PY

"$BIN" serve --topology "$tmp/topo.yaml" --listen 127.0.0.1:0 --quiet >"$tmp/out" 2>"$tmp/err" &
srv_pid=$!
for _ in $(seq 1200); do
  grep -q "serving ALTO" "$tmp/out" 2>/dev/null && break
  kill -0 "$srv_pid" 2>/dev/null || { echo "big-map bench: server did not start:" >&2; cat "$tmp/err" >&2; exit 2; }
  sleep 0.1
done
url=$(sed -n 's/^altospec: serving ALTO on \(.*\)\/directory$/\1/p' "$tmp/out")
[ -n "$url" ] || { echo "big-map bench: server did not start in 120 s" >&2; exit 2; }
map="$url/costmap/num-routingcost"

kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$srv_pid/status"; }
fetch() { curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' "$map"; }
read -r code size _ < <(fetch)       # warm-up: the pages of the cached body are in
[ "$code" = 200 ] || { echo "big-map bench: GET answered $code" >&2; exit 2; }
# Peak resident memory from here on (clear_refs 5 resets VmHWM), so the
# serialization at startup does not count.
echo 5 >"/proc/$srv_pid/clear_refs" 2>/dev/null || true
rss0=$(kb VmRSS)
t0=$(date +%s.%N); fetch >/dev/null; t1=$(date +%s.%N)
pids=()
for i in $(seq 10); do fetch >"$tmp/c$i" & pids+=($!); done
wait "${pids[@]}"
t2=$(date +%s.%N)
hwm=$(kb VmHWM)
ok=$(cat "$tmp"/c* | awk -v s="$size" '$1 == 200 && $2 == s' | wc -l)
awk -v size="$size" -v rss0="$rss0" -v hwm="$hwm" -v one="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    -v ten="$(awk -v a="$t1" -v b="$t2" 'BEGIN {print b - a}')" -v ok="$ok" 'BEGIN {
  mb = size / 1e6; grow = (hwm - rss0) * 1024 / size
  printf "  big map: full cost map %.1f MB (%d hosts), 10 concurrent clients: %d/10 complete\n", mb, '"$HOSTS"', ok
  printf "  %-34s %7.3f s   %7.0f MB/s\n", "1 client (baseline)", one, mb / one
  printf "  %-34s %7.3f s   %7.0f MB/s   %.2fx baseline time\n", "10 clients at once", ten, 10 * mb / ten, ten / one
  printf "  server memory: %.0f MB resident before, peak %.0f MB during: growth %.2fx the body\n", rss0 / 1024, hwm / 1024, grow
  printf "  big map: target growth < 1x body (no copy per request), all complete: %s\n", (grow < 1 && ok == 10) ? "met" : "BELOW"
}'

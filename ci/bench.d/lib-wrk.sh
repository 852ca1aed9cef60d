# ci/bench.d/lib-wrk.sh: what the wrk benches of the reference server
# (10-server.sh, 17-server-multicost.sh) share, sourced by them; not a
# part of its own (ci/bench runs the NN-name.sh files).  One driver, so
# the two benches measure the same way and their ratios can be compared:
#   wrk_init NAME        settings (ALTOSPEC_BIN, BENCH_SECONDS,
#                        BENCH_CONNECTIONS, BENCH_THREADS), wrk and binary
#                        checks (errors say "NAME bench: ..."), $tmp and its
#                        cleanup (the server stopped, $tmp removed unless
#                        BENCH_KEEP)
#   wrk_topology         the generated 100-host topology, $tmp/topo.yaml:
#                        10 edge switches of 10 hosts under one core
#                        switch, mixed rates and delays, deterministic
#   wrk_serve [ARG...]   `altospec serve --quiet` on it with ARGs, on a
#                        free loopback port; sets $base; exit 2 when it does
#                        not start within WRK_START_TENTHS tenths of a
#                        second (100; a big generated map needs more)
#   wrk_pids FROM TO     "pid-hFROM",...,"pid-hTO" (JSON strings)
#   wrk_measure PATH [LUA]  one wrk run of $SECS s against $base/PATH;
#                        sets wrk_rps, wrk_p99 and wrk_errs (non-2xx and
#                        socket errors, "" when none)

wrk_init() {
  wrk_name=$1
  BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
  SECS=${BENCH_SECONDS:-5}
  CONNS=${BENCH_CONNECTIONS:-32}
  THREADS=${BENCH_THREADS:-2}
  command -v wrk >/dev/null || { echo "$wrk_name bench: wrk not installed (ci/setup installs it)" >&2; exit 2; }
  [ -x "$BIN" ] || { echo "$wrk_name bench: no altospec binary at $BIN" >&2; exit 2; }
  tmp=$(mktemp -d)
  srv_pid=
  trap wrk_cleanup EXIT
}

wrk_cleanup() {
  if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
    kill -TERM "$srv_pid"; wait "$srv_pid" 2>/dev/null || true
  fi
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}

wrk_topology() {
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
}

wrk_serve() {
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$BIN" serve --topology "$tmp/topo.yaml" --listen "127.0.0.1:$port" "$@" --quiet >"$tmp/out" 2>"$tmp/err" &
  srv_pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq "${WRK_START_TENTHS:-100}"); do
    grep -q "serving ALTO" "$tmp/out" 2>/dev/null && break
    kill -0 "$srv_pid" 2>/dev/null || { echo "$wrk_name bench: server did not start:" >&2; cat "$tmp/err" >&2; exit 2; }
    sleep 0.1
  done
  grep -q "serving ALTO" "$tmp/out" || { echo "$wrk_name bench: server did not start" >&2; exit 2; }
}

wrk_pids() { local out=""; for i in $(seq "$1" "$2"); do out="$out\"pid-h$i\","; done; echo "${out%,}"; }

wrk_measure() {
  local args=(-t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency)
  [ -n "${2:-}" ] && args+=(-s "$2")
  local out; out=$(wrk "${args[@]}" "$base$1")
  wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  wrk_p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  wrk_errs=$(awk '/Non-2xx or 3xx responses:/ {print $NF} /Socket errors:/ {print "socket:" $0}' <<<"$out" | tr '\n' ' ')
}

#!/usr/bin/env bash
# ci/bench.d/15-server-slow.sh: the reference server under slow clients
# (issue 20).  A legitimate client's latency (a fresh connection per request,
# GET /directory, from 127.0.0.2) on an idle server, then while 2,000 slow
# connections are held (slowloris: the start of a head, then one byte a
# second), in the same run; prints p50/p99 of both and the ratio.  Two
# floods: 2,000 from one address (beyond --per-address-limit they are
# refused with 503) and 2,000 spread over 40 addresses, 50 each, which the
# server holds (within every limit).  Target: p99 under load <= 10x idle
# and every legitimate request answered 200.  A benchmark, not a test:
# exit 2 only when it cannot run.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_REQUESTS (500)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
[ -x "$BIN" ] || { echo "slow-client bench: no altospec binary at $BIN" >&2; exit 2; }
exec /usr/bin/python3 - "$BIN" "${BENCH_REQUESTS:-500}" <<'PY'
import os, resource, select, socket, subprocess, sys, time

binary, nreq = sys.argv[1], int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = 4500
if soft < want:
    if hard != resource.RLIM_INFINITY and hard < want:
        print(f"slow-client bench: needs {want} descriptors, hard limit {hard}", file=sys.stderr)
        sys.exit(2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

p = subprocess.Popen([binary, "serve", "--topology", "scenarios/ietf113/topology.yaml",
                      "--listen", "127.0.0.1:0", "--quiet"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
line = p.stdout.readline().decode()
if "serving ALTO on" not in line:
    print("slow-client bench: server did not start:", p.stderr.read().decode(), file=sys.stderr)
    sys.exit(2)
port = int(line.rsplit(":", 1)[1].split("/")[0])
REQ = b"GET /directory HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def one():
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30,
                                  source_address=("127.0.0.2", 0)) as s:
        s.sendall(REQ)
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    return time.perf_counter() - t0, data[9:12] == b"200"


def measure():
    for _ in range(20):
        one()                       # warm-up
    lat, bad = [], 0
    for _ in range(nreq):
        t, ok = one()
        lat.append(t)
        bad += not ok
    lat.sort()
    return lat[len(lat) // 2] * 1e3, lat[int(len(lat) * 0.99) - 1] * 1e3, bad


class Flood:
    """n slow connections per source address, a byte per second each, held
    by a child process (so the flood's work does not slow the measuring
    client through the interpreter lock)."""
    def __init__(self, sources, n):
        self.r, w = os.pipe()
        self.stop_r, self.stop_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.r)
            os.close(self.stop_w)
            socks = []
            for src in sources:
                for _ in range(n):
                    s = socket.create_connection(("127.0.0.1", port), timeout=10,
                                                 source_address=(src, 0))
                    s.setblocking(False)
                    socks.append(s)
            head = b"GET /directory HTTP/1.1\r\nHost: x\r\nX-Slow: "
            live = list(socks)
            first = True
            while True:
                for s in list(live):
                    try:
                        s.send(head if first else b"a")
                    except OSError:
                        live.remove(s)
                if first:
                    os.write(w, b"r")
                first = False
                rd, _, _ = select.select([self.stop_r], [], [], 1)
                if rd:
                    break
            held = 0
            for s in socks:
                try:
                    s.recv(1, socket.MSG_PEEK)      # answered (503/408) or closed
                except BlockingIOError:
                    held += 1                       # nothing answered: still held
                except OSError:
                    pass
            os.write(w, b"%d" % held)
            os._exit(0)
        os.close(w)
        os.close(self.stop_r)
        os.read(self.r, 1)          # every connection open and its head started

    def close(self):
        os.write(self.stop_w, b"x")
        held = int(os.read(self.r, 32) or b"0")
        os.waitpid(self.pid, 0)
        os.close(self.r)
        os.close(self.stop_w)
        return held


try:
    idle = measure()
    rows = [("idle server", idle, None)]
    for label, sources, n in [("2,000 slow from one address", ["127.0.0.1"], 2000),
                              ("2,000 slow from 40 addresses", [f"127.0.0.{10 + i}" for i in range(40)], 50)]:
        f = Flood(sources, n)
        r = measure()
        held = f.close()
        rows.append((f"{label} ({held} held)", r, idle))
        time.sleep(1.5)             # the server drops the flood's leftovers
    verdict = "met"
    print(f"  slow clients: legitimate GET /directory, fresh connection each, {nreq} requests")
    for label, (p50, p99, bad), base in rows:
        ratio = ""
        if base:
            x = p99 / base[1]
            ratio = f"p99 {x:.2f}x idle"
            if x > 10 or bad:
                verdict = "BELOW"
        print(f"  {label:<40} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   non-200 {bad:<4} {ratio}")
    print(f"  slow clients: target p99 <= 10x idle, all 200: {verdict}")
finally:
    p.terminate()
    p.wait(10)
PY

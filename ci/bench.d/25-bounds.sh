#!/usr/bin/env bash
# ci/bench.d/25-bounds.sh: the engine's bounds against hostile servers
# (issue 20 item 1).  A benchmark, not a test: it prints wall time and peak
# RSS (os.wait4 of that process alone) and whether each stays within the
# documented limit; it fails (exit 2) only when it cannot run.
#
# 0. Baseline, same run: the suites against tests/py/faultserver.py (the
#    correct fault server, no fault).
# 1. A root IRD of 100k resources, default bounds: the closure keeps 1000
#    (--max-resources), every case ERROR naming the bound.  Limit: far
#    under the 300 s deadline, memory a few times the 10 MB IRD.
# 2. The same IRD with every entry kept (--max-resources 200000,
#    --deadline 30): linear closure checks, 100k GETs of rfc7285/9.2.2/
#    get-resources until the deadline.  Limit: wall <= deadline + timeout.
# 3. Every answer sent 1.9 s late, --timeout 2 --deadline 20: the run ends
#    at the deadline, the rest ERROR.  Limit: wall <= deadline + timeout.
#   env: ALTOSPEC_BIN (default build/altospec)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
[ -x "$BIN" ] || { echo "bounds bench: no altospec binary at $BIN" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$BIN" "$tmp" <<'PY'
import json, os, subprocess, sys, time
bin_, tmp = sys.argv[1], sys.argv[2]
py = os.path.join(os.getcwd(), "tests", "py")

def server(*args):
    p = subprocess.Popen([sys.executable, *args], cwd=py, stdout=subprocess.PIPE, text=True)
    port = p.stdout.readline().strip()
    if not port.isdigit():
        print(f"bounds bench: {args[0]} did not start", file=sys.stderr)
        sys.exit(2)
    return p, f"http://127.0.0.1:{port}/directory"

def conform(name, url, *opts):
    d = os.path.join(tmp, name)
    t0 = time.monotonic()
    with open(d + ".log", "w") as log:
        p = subprocess.Popen([bin_, "conform", url, "--quiet", "--report-dir", d, *opts], stdout=log, stderr=log)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    try:
        rep = json.load(open(os.path.join(d, "report.json")))
    except OSError:
        print(f"bounds bench: {name}: no report (exit {os.waitstatus_to_exitcode(status)})", file=sys.stderr)
        sys.exit(2)
    return wall, ru.ru_maxrss / 1024, rep, os.waitstatus_to_exitcode(status)

def show(name, wall, rss, rep, rc, limit_s, limit_mb, base=None):
    s = rep["summary"]
    vs = f", {wall/base[0]:.1f}x wall and {rss/base[1]:.1f}x RSS of the baseline" if base else ""
    print(f"{name}: wall {wall:.2f} s, peak RSS {rss:.0f} MB{vs}; {rep['requests']} requests, "
          f"{s['total']} cases ({s['PASS']} PASS, {s['ERROR']} ERROR, {s['FAIL']} FAIL), exit {rc}, "
          f"bounds {[b['bound'] for b in rep.get('bounds', [])]}  limits {limit_s:g} s / {limit_mb:g} MB: "
          f"{'OK' if wall <= limit_s and rss <= limit_mb else 'MISSED'}")

srv, url = server("faultserver.py", "--port", "0")
base = conform("baseline", url)
srv.terminate(); srv.wait()
show("baseline (correct fault server)", *base, 30, 100)

srv, url = server("faultserver_bounds.py", "big-ird", "100000")
show("100k-resource IRD, default bounds", *conform("big", url), 300, 400, base[:2])
show("100k-resource IRD, all kept (--max-resources 200000 --deadline 30)",
     *conform("big-all", url, "--max-resources", "200000", "--deadline", "30"), 30 + 10, 1000, base[:2])
srv.terminate(); srv.wait()

srv, url = server("faultserver_bounds.py", "slow", "1.9")
show("every answer 1.9 s late (--timeout 2 --deadline 20)",
     *conform("slow", url, "--timeout", "2", "--deadline", "20"), 20 + 2, 100, base[:2])
srv.terminate(); srv.wait()
PY

#!/usr/bin/env bash
# ci/bench.d/50-matrix.sh: the interop matrix's harness overhead and
# sharding.  A benchmark, not a test: it prints figures; it fails (exit 2)
# only when it cannot run.
#
# The 6 x 6 matrix of scenarios/matrix/bench.yaml (six ways of starting the
# reference server x rfc7285, rfc9275 and four IETF 113 demos), measured in
# one run:
# 1. unsharded: wall time of `altospec matrix` against the sum of its 36
#    cells' own times (matrix.json cells[].elapsed: server start, child,
#    stop); the difference is the harness's overhead (suite discovery,
#    demo pre-flight, reports).
# 2. the same matrix as 3 shards started together (`--shard I/3`), then
#    `altospec merge`: wall time of the shards + merge, and its ratio to
#    the unsharded run.  This machine has 2 cores, so 3 shards overlap the
#    servers' and children's waits rather than adding CPUs.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_RUNS (3), BENCH_KEEP
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
RUNS=${BENCH_RUNS:-3}
[ -x "$BIN" ] || { echo "matrix bench: no altospec binary at $BIN" >&2; exit 2; }
tmp=$(mktemp -d)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$BIN" "$tmp" "$RUNS" <<'PY'
import json, os, statistics, subprocess, sys, time
bin_, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
FILE = "scenarios/matrix/bench.yaml"
SUITES = ["--suite", "rfc7285,rfc9275"]

def matrix(*args):
    return subprocess.Popen([bin_, "matrix", FILE, *SUITES, "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

def done(p, what):
    out, err = p.communicate()
    if p.returncode != 0:
        print(f"matrix bench: {what} exited {p.returncode}\n{out}{err}", file=sys.stderr)
        sys.exit(2)

walls, sums, sharded, merges, cells = [], [], [], [], 0
for r in range(runs):
    d = os.path.join(tmp, f"full{r}")
    t0 = time.monotonic()
    done(matrix("--report-dir", d), "the unsharded matrix")
    walls.append(time.monotonic() - t0)
    m = json.load(open(os.path.join(d, "matrix.json")))
    cells = len(m["cells"])
    sums.append(sum(c["elapsed"] for c in m["cells"]))
    t0 = time.monotonic()
    ps = [matrix("--report-dir", os.path.join(tmp, f"r{r}s{i}"), "--shard", f"{i}/3") for i in (1, 2, 3)]
    for i, p in enumerate(ps, 1):
        done(p, f"shard {i}/3")
    t1 = time.monotonic()
    mp = subprocess.Popen([bin_, "merge", *[os.path.join(tmp, f"r{r}s{i}") for i in (1, 2, 3)],
                           "--report-dir", os.path.join(tmp, f"merged{r}")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done(mp, "merge")
    t2 = time.monotonic()
    sharded.append(t2 - t0)
    merges.append(t2 - t1)
w, s, sh, mg = (statistics.median(x) for x in (walls, sums, sharded, merges))
print(f"6x6 matrix ({cells} cells), unsharded: wall {w:.2f} s, sum of cell times {s:.2f} s, "
      f"harness overhead {w - s:.2f} s ({(w - s) / cells * 1000:.0f} ms per cell, wall/sum {w / s:.3f}); "
      f"median of {runs}")
print(f"6x6 matrix, 3 shards in parallel + merge: wall {sh:.2f} s (merge {mg * 1000:.0f} ms), "
      f"{w / sh:.2f}x faster than unsharded ({os.cpu_count()} cores); median of {runs}")
PY

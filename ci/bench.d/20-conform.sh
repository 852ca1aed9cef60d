#!/usr/bin/env bash
# ci/bench.d/20-conform.sh: the conformance engine's two figures.  A
# benchmark, not a test: it prints figures and whether they meet the
# targets; it fails (exit 2) only when it cannot run.
#
# 1. The full RFC 7285 suite against the embedded reference server
#    (`altospec conform` without a URL): wall time of the whole process and
#    the number of HTTP requests it sent (report.json "requests"); median of
#    BENCH_RUNS runs.  Target: < 2 s; requests well under one per case
#    (responses are reused across cases, connections kept alive).
# 2. Validating a 1000 x 1000 PID cost map response (~27 MB of JSON,
#    generated here, deterministic): `altospec conform --validate-file
#    costmap FILE` parses it (bounded parser) and runs every cost map
#    validator.  Wall time and peak RSS of that process (getrusage of the
#    child).  Targets: < 2 s and peak memory < 10x the body size.
# 3. The ordinal comparison of rfc7285/6.1.2.2/ordinal-* on that map and
#    its ordinal twin (ranked across the map, dense): `altospec conform
#    --compare-ordinal ORD NUM`; the comparison alone (one sort, no
#    pairwise loop over the million entries) against the validation time
#    of that map as a DOM (`--dom --validate-file`: the comparison works
#    on DOMs too; figure 2 streams), measured in the same run.  Target: comparison < 0.5 x
#    the validation.
#   env: ALTOSPEC_BIN (default build/altospec), BENCH_RUNS (5), BENCH_KEEP
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${ALTOSPEC_BIN:-$PWD/build/altospec}
RUNS=${BENCH_RUNS:-5}
[ -x "$BIN" ] || { echo "conform bench: no altospec binary at $BIN" >&2; exit 2; }
tmp=$(mktemp -d)
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$BIN" "$tmp" "$RUNS" <<'PY'
import json, os, random, resource, statistics, subprocess, sys, time
bin_, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

# ---- 1. the suite against the embedded server ----
walls, reqs, cases = [], None, None
for i in range(runs):
    d = os.path.join(tmp, f"run{i}")
    t0 = time.monotonic()
    p = subprocess.run([bin_, "conform", "--quiet", "--report-dir", d], capture_output=True, text=True)
    walls.append(time.monotonic() - t0)
    if p.returncode != 0:
        print(f"conform bench: the suite did not pass against the embedded server (exit {p.returncode})\n{p.stdout}{p.stderr}",
              file=sys.stderr)
        sys.exit(2)
    rep = json.load(open(os.path.join(d, "report.json")))
    reqs, cases = rep["requests"], rep["summary"]["total"]
wall = statistics.median(walls)
print(f"suites {rep['suite']['name']} vs embedded server: {cases} cases, {reqs} HTTP requests, "
      f"wall {wall*1000:.0f} ms (median of {runs}; min {min(walls)*1000:.0f}, max {max(walls)*1000:.0f})"
      f"  target < 2000 ms: {'OK' if wall < 2 else 'MISSED'}")

# ---- 2. a 1000 x 1000 cost map ----
n = 1000
rnd = random.Random(7285)
pids = [f"pid-{i:07d}" for i in range(n)]
path = os.path.join(tmp, "costmap-1000.json")
with open(path, "w") as f:
    f.write('{"meta":{"dependent-vtags":[{"resource-id":"big-network-map","tag":"0123456789abcdef"}],'
            '"cost-type":{"cost-metric":"routingcost","cost-mode":"numerical"}},"cost-map":{')
    for i, s in enumerate(pids):
        row = ",".join(f'"{d}":{rnd.uniform(1, 9999):.7f}' for d in pids)
        f.write(("," if i else "") + f'"{s}":{{{row}}}')
    f.write("}}\n")
size = os.path.getsize(path)
t0 = time.monotonic()
p = subprocess.run([bin_, "conform", "--validate-file", "costmap", path], capture_output=True, text=True)
wall = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024   # max over children: this one dominates
if p.returncode != 0:
    print(f"conform bench: validation failed (exit {p.returncode})\n{p.stdout}{p.stderr}", file=sys.stderr)
    sys.exit(2)
print(f"validate 1000x1000 cost map: {size/1e6:.1f} MB, wall {wall*1000:.0f} ms, peak RSS {rss/1e6:.0f} MB "
      f"({rss/size:.1f}x body)  targets < 2000 ms: {'OK' if wall < 2 else 'MISSED'}, "
      f"< 10x: {'OK' if rss < 10*size else 'MISSED'}")
print("  " + p.stdout.strip().splitlines()[-1])
import re
validate_s = float(re.search(r"validated in ([0-9.]+) s", p.stdout).group(1))

# ---- 3. the ordinal twin and the comparison ----
doc = json.load(open(path))
vals = sorted({v for row in doc["cost-map"].values() for v in row.values()})
rank = {v: i + 1 for i, v in enumerate(vals)}
doc["meta"]["cost-type"]["cost-mode"] = "ordinal"
doc["cost-map"] = {s: {d: rank[v] for d, v in row.items()} for s, row in doc["cost-map"].items()}
opath = os.path.join(tmp, "costmap-1000-ordinal.json")
with open(opath, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
del doc
# The comparison works on two DOMs: its same-run baseline is the DOM
# validation of the numerical map (--dom), not the streamed one above.
p = subprocess.run([bin_, "conform", "--dom", "--validate-file", "costmap", path], capture_output=True, text=True)
if p.returncode != 0:
    print(f"conform bench: the DOM validation failed (exit {p.returncode})\n{p.stdout}{p.stderr}", file=sys.stderr)
    sys.exit(2)
validate_s = float(re.search(r"validated in ([0-9.]+) s", p.stdout).group(1))
t0 = time.monotonic()
p = subprocess.run([bin_, "conform", "--compare-ordinal", opath, path], capture_output=True, text=True)
wall = time.monotonic() - t0
if p.returncode != 0:
    print(f"conform bench: the ordinal comparison failed (exit {p.returncode})\n{p.stdout}{p.stderr}", file=sys.stderr)
    sys.exit(2)
cmp_s = float(re.search(r"compared in ([0-9.]+) s", p.stdout).group(1))
print(f"compare ordinal vs numerical 1000x1000: comparison {cmp_s*1000:.0f} ms, {cmp_s/validate_s:.2f}x the "
      f"DOM validation (--dom, {validate_s*1000:.0f} ms, same run); process wall {wall*1000:.0f} ms with two parses  "
      f"target < 0.5x: {'OK' if cmp_s < 0.5 * validate_s else 'MISSED'}")
print("  " + p.stdout.strip().splitlines()[-1])
PY

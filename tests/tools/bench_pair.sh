#!/usr/bin/env bash
# tests/tools/bench_pair.sh BEFORE_BIN AFTER_BIN [RUNS]: the ci/bench
# figures of the suite and the runner for two altospec binaries (e.g. the
# build of main before a refactoring, in its own checkout and build dir,
# and the branch), measured in the same run, interleaved (ABBA order per
# round, so drift in the machine's load falls on both), median of RUNS
# (default 7) each.  Written for issue 11 ("neither slower by more than
# 10%"); ci/bench.d measures one binary against baselines of its own,
# which cannot say whether a change made it slower.
#   1. suite: `altospec conform` against the embedded reference server
#      (20-conform.sh figure 1);
#   2. Demo 1: `altospec run scenarios/ietf113/d1.yaml`;
#   3. flow 10k: 10,000 transfers on Kdl (30-flow.sh's 10k figure).
# Prints, per figure, the median wall time and CPU time (user + sys of the
# child, steadier than wall time on a loaded machine) of each side and the
# ratios after / before, and whether the after side is within 1.10x.  The
# scenarios are this checkout's; both binaries must read them.
#   env: BENCH_TREE  checkout whose scenarios and data are used (default:
#        this one); BENCH_FIGURES  which figures, comma-separated (suite,
#        demo1, flow; default all); BENCH_INSTR=1  also count the
#        instructions of one run per side under valgrind (callgrind: the
#        embedded server's threads included), a figure the machine's load
#        cannot move, for when the timings are too noisy to judge 10%
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: tests/tools/bench_pair.sh BEFORE_BIN AFTER_BIN [RUNS]" >&2; exit 2; }
T=${BENCH_TREE:-$PWD}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s#\.\./\.\./data#$T/data#" "$T/scenarios/kdl/poisson-10k.yaml" > "$tmp/p10k.yaml"
/usr/bin/python3 - "$1" "$2" "${3:-7}" "$tmp" "$T" "${BENCH_FIGURES:-suite,demo1,flow}" "${BENCH_INSTR:-}" <<'PY'
import os, re, resource, statistics, subprocess, sys, time
before, after, runs, tmp, tree = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
wanted, instr = sys.argv[6].split(","), sys.argv[7] == "1"
figures = [
    ("suite", "suite vs embedded server", ["conform"]),
    ("demo1", "Demo 1 run", ["run", os.path.join(tree, "scenarios/ietf113/d1.yaml")]),
    ("flow", "flow 10k transfers (Kdl)", ["run", os.path.join(tmp, "p10k.yaml")]),
]
unknown = set(wanted) - {f[0] for f in figures}
if unknown:
    sys.exit(f"bench_pair: no figure {', '.join(sorted(unknown))} (suite, demo1, flow)")
figures = [f[1:] for f in figures if f[0] in wanted]

def once(binary, args, d):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([binary, *args, "--quiet", "--report-dir", d], capture_output=True, text=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit(f"bench_pair: {binary} {' '.join(args)} exited {p.returncode}\n{p.stderr[-2000:]}")
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

def instructions(binary, args, d):
    out = os.path.join(tmp, "callgrind.out")
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, *args,
                        "--quiet", "--report-dir", d], capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if not m:
        sys.exit(f"bench_pair: valgrind did not count {binary}:\n{p.stderr[-2000:]}")
    return int(m.group(1))

worst = {"wall": 0.0, "cpu": 0.0, "instructions": 0.0}
for label, args in figures:
    m = {"before": ([], []), "after": ([], [])}
    for i in range(runs):
        order = ("before", "after") if i % 2 == 0 else ("after", "before")
        for side in order:
            w, c = once(before if side == "before" else after, args, os.path.join(tmp, f"{side}{i}"))
            m[side][0].append(w)
            m[side][1].append(c)
    wb, cb = (statistics.median(v) for v in m["before"])
    wa, ca = (statistics.median(v) for v in m["after"])
    rw, rc = wa / wb, ca / cb
    worst["wall"], worst["cpu"] = max(worst["wall"], rw), max(worst["cpu"], rc)
    print(f"{label:28s} wall before {wb*1000:7.0f} ms  after {wa*1000:7.0f} ms  ratio {rw:.2f}   "
          f"cpu before {cb*1000:7.0f} ms  after {ca*1000:7.0f} ms  ratio {rc:.2f}   "
          f"(median of {runs}, interleaved)  {'OK' if max(rw, rc) <= 1.10 else 'SLOWER than 1.10x'}")
    if instr:
        ib, ia = (instructions(b, args, os.path.join(tmp, f"instr-{s}")) for b, s in ((before, "b"), (after, "a")))
        worst["instructions"] = max(worst["instructions"], ia / ib)
        print(f"{'':28s} instructions before {ib/1e6:9.1f} M  after {ia/1e6:9.1f} M  ratio {ia/ib:.3f}  "
              f"{'OK' if ia / ib <= 1.10 else 'SLOWER than 1.10x'}")
# Wall time includes waiting for a core: on a shared machine it moves with
# the others' load, so each measure gets its own line.
for k, w in worst.items():
    if w:
        print(f"worst {k} ratio after/before: {w:.2f} ({'within' if w <= 1.10 else 'BEYOND'} 1.10x)")
PY

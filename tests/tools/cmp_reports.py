#!/usr/bin/python3
"""cmp_reports.py: are two run reports (report.json) the same run?

    cmp_reports.py A/report.json B/report.json    exit 0 same, 1 differ
    cmp_reports.py --ignore-solver-stats A B      also ignore each backend's
                                                  info.stats (solver work counts)

Written for refactors that must not change behaviour (issue 11): it
compares everything except what legitimately differs between two runs of
one scenario:
  - wall times and elapsed times (`wall_seconds`, every `elapsed` member);
  - the ephemeral port of the embedded ALTO server (`127.0.0.1:NNNN` in
    URLs, IRD bodies and curl lines becomes `127.0.0.1:PORT`);
  - HTTP dates in recorded headers (Date:, Last-Modified:) and a
    conformance report's `started`;
  - the top-level `generated` record (tool, version, the command as typed,
    utc): it names the binary, its report folder and the time, not what
    the run did;
  - the order of the evidence records (compared as a multiset): a run
    report's `alto.evidence`, and each conformance result's `evidence`
    (`altospec conform` reports: the reference server, the fault servers);
  - with --ignore-solver-stats, each backend's `info.stats` (how many
    events, solves and flow-solves the flow simulator needed): for changes
    to the solver's algorithm, which must change its work, not its answers.
Every other difference is printed with its JSON path, and numbers must be
equal exactly (no tolerance: the simulation is deterministic)."""
import json
import re
import sys

PORT = re.compile(r"(127\.0\.0\.1|\[::1\]|localhost):\d+")
HTTP_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
IGNORED = {"wall_seconds", "elapsed", "started"}


def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if k not in IGNORED}
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, str):
        return HTTP_DATE.sub("DATE", PORT.sub(r"\1:PORT", v))
    return v


def _multiset(ev):
    return sorted(ev, key=lambda e: json.dumps(e, sort_keys=True))


def canon(r, ignore_stats=False):
    r = norm(r)
    if isinstance(r, dict):
        r.pop("generated", None)
    if ignore_stats:
        for b in r.get("backends", []):
            if isinstance(b, dict) and isinstance(b.get("info"), dict):
                b["info"].pop("stats", None)
    ev = r.get("alto", {}).get("evidence")
    if isinstance(ev, list):
        r["alto"]["evidence"] = _multiset(ev)
    for res in r.get("results") if isinstance(r.get("results"), list) else []:
        if isinstance(res, dict) and isinstance(res.get("evidence"), list):
            res["evidence"] = _multiset(res["evidence"])
    return r


def diff(a, b, path, out):
    if type(a) is not type(b):
        out.append(f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: only in the second report")
            elif k not in b:
                out.append(f"{path}.{k}: only in the first report")
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}")


def main(argv):
    ignore_stats = "--ignore-solver-stats" in argv[1:]
    argv = [a for a in argv if a != "--ignore-solver-stats"]
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    a, b = (canon(json.load(open(p)), ignore_stats) for p in argv[1:3])
    out = []
    diff(a, b, "$", out)
    for line in out[:50]:
        print(line)
    if len(out) > 50:
        print(f"... and {len(out) - 50} more differences")
    print(f"{argv[1]} vs {argv[2]}: " + ("same" if not out else f"{len(out)} differences"))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

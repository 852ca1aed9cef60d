#!/usr/bin/python3
"""cmp_reports.py: are two report.json files the same apart from what
must differ between runs?  Used to prove a refactoring changed no
behaviour (issue 11): the reports of the same run made by the binary
before and after must be identical apart from evidence ordering.

    cmp_reports.py BEFORE.json AFTER.json     exit 0 same, 1 differ, 2 usage

Ignored: wall-clock fields (started, elapsed, generated, duration, wall
and *_ms / *_s timings), HTTP Date / Last-Modified headers, the port of
a server started for the run (127.0.0.1:PORT, localhost:PORT), request
sequence numbers, and the absolute path of the report directory.  Every
list under a key named "evidence" (and "exchanges") is compared as a
multiset: the same exchanges in any order.  Everything else, verdicts,
reasons, problems, checked counts, request bodies, response bodies,
must be equal; the first differences are printed with their JSON path.
"""
import json
import re
import sys

VOLATILE_KEYS = {"started", "elapsed", "generated", "duration", "wall", "seq", "time", "date",
                 "finished", "wall_ms", "cpu", "host", "pid"}
UNORDERED_KEYS = {"evidence", "exchanges"}
SUBS = [
    (re.compile(r'(127\.0\.0\.1|localhost|\[::1\]):\d+'), r'\1:PORT'),
    (re.compile(r'(Date|Last-Modified): [^\r\n]*'), r'\1: DATE'),
    (re.compile(r'[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT'), 'DATE'),
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?'), 'TIMESTAMP'),
    (re.compile(r'/tmp/[^\s"\']+'), '/tmp/PATH'),
]


def norm(v, key=""):
    if isinstance(v, dict):
        return {k: norm(x, k) for k, x in v.items() if k not in VOLATILE_KEYS}
    if isinstance(v, list):
        items = [norm(x) for x in v]
        if key in UNORDERED_KEYS:
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return items
    if isinstance(v, str):
        for rx, rep in SUBS:
            v = rx.sub(rep, v)
        return v
    if isinstance(v, float) and key.endswith(("_ms", "_s", "seconds_wall")):
        return "TIMING"
    return v


def diff(a, b, path="$", out=None, limit=20):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: only in {'after' if k in b else 'before'}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out, limit)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:200]} before, {json.dumps(b)[:200]} after")
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    a, b = (norm(json.load(open(p))) for p in argv[1:3])
    d = diff(a, b)
    for line in d:
        print(line)
    print(f"{argv[1]} vs {argv[2]}: {'identical apart from evidence ordering' if not d else 'DIFFER'}")
    return 1 if d else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

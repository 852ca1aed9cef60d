#!/usr/bin/env python3
"""gen_bigmap.py: production-size ALTO maps for ci/bench.d/26-bigmap.sh and
tests/py/test_bigmap.py, deterministic for a given size.

    gen_bigmap.py OUT_DIR [--pids N] [--prefixes K] [--fault F]

writes OUT_DIR/networkmap.json (N PIDs of K IPv4 /24 prefixes each; the
defaults give ~6 MB, the size of the Benocs network map) and
OUT_DIR/costmap.json (numerical routingcost, N x N; the default N = 1320
gives ~47 MB, the size of the Benocs cost map).  --fault breaks the cost
map on purpose: wrong-pid (one destination not in the network map),
string-cost (one cost a string), truncated (the body cut in the middle),
ordinal-real (cost-mode ordinal with one non-integer cost)."""
import argparse, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--pids", type=int, default=1320)
ap.add_argument("--prefixes", type=int, default=280)
ap.add_argument("--fault", choices=["wrong-pid", "string-cost", "truncated", "ordinal-real"])
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
rnd = random.Random(7285)
pids = [f"pid-{i:07d}" for i in range(a.pids)]
vtag = '{"resource-id":"big-network-map","tag":"0123456789abcdef"}'

with open(os.path.join(a.out, "networkmap.json"), "w") as f:
    f.write('{"meta":{"vtag":' + vtag + '},"network-map":{')
    k = 1 << 16                     # 1.0.0.0/24 onwards, disjoint /24s
    for i, p in enumerate(pids):
        pre = ",".join(f'"{(j >> 16) & 255}.{(j >> 8) & 255}.{j & 255}.0/24"' for j in range(k, k + a.prefixes))
        k += a.prefixes
        f.write(("," if i else "") + f'"{p}":{{"ipv4":[{pre}]}}')
    f.write(',"pid-default":{"ipv4":["0.0.0.0/0"],"ipv6":["::/0"]}}}\n')   # complete (11.2.1.6)

mode = "ordinal" if a.fault == "ordinal-real" else "numerical"
body = []
body.append('{"meta":{"dependent-vtags":[' + vtag + '],"cost-type":{"cost-metric":"routingcost",'
            f'"cost-mode":"{mode}"}}}},"cost-map":{{')
mid = a.pids // 2
for i, s in enumerate(pids):
    if mode == "ordinal":
        row = [f'"{d}":{rnd.randint(1, 1000000)}' for d in pids]
    else:
        row = [f'"{d}":{rnd.uniform(1, 9999):.7f}' for d in pids]
    if i == mid and a.fault == "wrong-pid":
        row[mid] = '"pid-nowhere":12.5'
    if i == mid and a.fault == "string-cost":
        row[mid] = f'"{pids[mid]}":"12.5"'
    if i == mid and a.fault == "ordinal-real":
        row[mid] = f'"{pids[mid]}":2.5'
    body.append(("," if i else "") + f'"{s}":{{' + ",".join(row) + "}")
body.append("}}\n")
text = "".join(body)
if a.fault == "truncated":
    text = text[: len(text) // 2]
with open(os.path.join(a.out, "costmap.json"), "w") as f:
    f.write(text)

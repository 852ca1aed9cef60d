"""The alto-multicost policy (runner/pol_alto_multicost.c, issue 12 item 3):
on the shipped Demo 1 variants, on a small topology where the tie-break
decides (and where a tolerance or the order of the costs changes the
choice), on a stub multi-cost server that answers nulls and leaves pairs
out, and on bad input: scenario members (file:line:col errors), a server
without a multi-cost resource (the documented exit 2 at the policy's
line), one whose max-cost-types is too small, and answers the policy must
not rank on (arrays of the wrong length, costs out of order).

The evidence rule: one RFC 8189 POST per decision, multi-cost-types
listing every cost type of the ranking, meta cost-type {} in the answer."""
import http.server
import json
import os
import re
import subprocess
import threading

import pytest

SC = "scenarios/ietf113"


def run(altospec, path, out, *extra):
    return subprocess.run([altospec, "run", str(path), "--quiet", "--report-dir", str(out), *extra],
                          capture_output=True, text=True, timeout=300)


def report(altospec, path, tmp_path, rc=0):
    out = tmp_path / "r"
    p = run(altospec, path, out)
    assert p.returncode == rc, p.stdout + p.stderr
    return json.load(open(out / "report.json"))


def chosen(rep, policy):
    return sorted({t["replica"] for t in rep["transfers"] if t["policy"] == policy})


def mc_posts(rep, policy="alto-multicost"):
    return [e for e in rep["alto"]["evidence"] if e["policy"] == policy and e["method"] == "POST"]


def metrics_of(post):
    return [t["cost-metric"] for t in post["request_body"]["multi-cost-types"]]


def pol(rep, name):
    return next(p for p in rep["policies"] if p["name"] == name)


# ---- the shipped scenarios ----------------------------------------------------------

def test_demo1_multicost(altospec, root, tmp_path):
    rep = report(altospec, os.path.join(root, SC, "d1-multicost.yaml"), tmp_path)
    assert chosen(rep, "alto-multicost") == ["xrd3"] == chosen(rep, "alto-bandwidth")
    assert chosen(rep, "alto-latency") == ["xrd2"]
    assert [e["met"] for e in rep["expectations"]] == [True, True]
    posts = mc_posts(rep)
    assert len(posts) == 1                          # one decision, one query
    assert metrics_of(posts[0]) == ["bw-available", "delay-ow"]
    assert "cost-type" not in posts[0]["request_body"]
    ans = posts[0]["response_body"]
    assert ans["meta"]["cost-type"] == {}
    assert [t["cost-metric"] for t in ans["meta"]["multi-cost-types"]] == ["bw-available", "delay-ow"]
    cells = [c for row in ans["endpoint-cost-map"].values() for c in row.values()]
    assert len(cells) == 3 and all(isinstance(c, list) and len(c) == 2 for c in cells)
    p = pol(rep, "alto-multicost")
    assert p["alto"]["via"] == "endpoint-cost-mc" and p["alto"]["uri"] == posts[0]["url"]
    d = p["explain"]["decisions"][0]
    assert d["chosen"] == "xrd3" and d["decided_by"] == "bw-available"
    assert "Multi-cost ranking" in open(tmp_path / "r" / "report.html").read()


def test_demo1_tie_second_cost_decides(altospec, root, tmp_path):
    rep = report(altospec, os.path.join(root, SC, "d1-multicost-tie.yaml"), tmp_path)
    assert chosen(rep, "alto-multicost") == ["xrd3"]
    assert chosen(rep, "alto-bandwidth") == ["xrd2"]     # first of the bw-available tie
    assert chosen(rep, "alto-latency") == ["xrd1"]       # first of the delay-ow tie
    assert all(e["met"] for e in rep["expectations"])
    d = pol(rep, "alto-multicost")["explain"]["decisions"][0]
    assert d["decided_by"] == "delay-ow"
    out = {r["replica"]: r["out_at"] for r in d["replicas"]}
    assert out == {"xrd2": "delay-ow", "xrd1": "bw-available", "xrd3": None, "xrd4": "bw-available"}
    assert len(mc_posts(rep)) == 1


# ---- a small topology: two clients, a near tie ---------------------------------------

SMALL = """name: mc-small
topology:
  name: small
  hosts:
    - {{name: c1, ipv4: 10.1.0.1}}
    - {{name: c2, ipv4: 10.1.0.2}}
    - {{name: ra, ipv4: 10.1.0.11}}
    - {{name: rb, ipv4: 10.1.0.12}}
  switches: [s0]
  links:
    - {{a: c1, b: s0, bandwidth: 1Gbps, delay: 0ms}}
    - {{a: c2, b: s0, bandwidth: 1Gbps, delay: 0ms}}
    - {{a: ra, b: s0, bandwidth: 10Mbps, delay: 40ms}}
    - {{a: rb, b: s0, bandwidth: 9.6Mbps, delay: 5ms}}
alto: {{server: embedded, multi-cost: true}}
files:
  - {{name: f, size: 1MB, replicas: [ra, rb]}}
requests:
  - {{client: c1, file: f}}
  - {{client: c2, file: f}}
  - {{client: c1, file: f, start: 1s}}
policies:
  - {{name: alto-multicost, {opts}}}
"""


def small(altospec, tmp_path, opts, name="s.yaml"):
    p = tmp_path / name
    p.write_text(SMALL.format(opts=opts))
    return report(altospec, p, tmp_path)


def test_exact_ranking_and_one_query_per_decision(altospec, tmp_path):
    rep = small(altospec, tmp_path, "costs: [bw-available, delay-ow]")
    assert chosen(rep, "alto-multicost") == ["ra"]           # 10 Mbps > 9.6 Mbps
    posts = mc_posts(rep)
    # Three requests, two distinct questions (c1 twice): one POST each.
    assert len(posts) == 2
    assert sorted(p["request_body"]["endpoints"]["dsts"][0] for p in posts) == ["ipv4:10.1.0.1", "ipv4:10.1.0.2"]
    assert all(metrics_of(p) == ["bw-available", "delay-ow"] for p in posts)
    ex = pol(rep, "alto-multicost")["explain"]
    assert ex["decisions_total"] == 3 and {d["decided_by"] for d in ex["decisions"]} == {"bw-available"}


def test_tolerance_lets_the_second_cost_decide(altospec, tmp_path):
    rep = small(altospec, tmp_path, "costs: [{metric: bw-available, prefer: high, tolerance: 0.05}, delay-ow]")
    assert chosen(rep, "alto-multicost") == ["rb"]           # within 5 %: 5 ms beats 40 ms
    assert {d["decided_by"] for d in pol(rep, "alto-multicost")["explain"]["decisions"]} == {"delay-ow"}
    assert pol(rep, "alto-multicost")["alto"]["ranking"][0] == {"metric": "bw-available", "prefer": "high",
                                                                 "tolerance": 0.05}


def test_order_of_costs_matters(altospec, tmp_path):
    rep = small(altospec, tmp_path, "costs: [delay-ow, bw-available]")
    assert chosen(rep, "alto-multicost") == ["rb"]
    assert metrics_of(mc_posts(rep)[0]) == ["delay-ow", "bw-available"]


def test_cost_map_query(altospec, tmp_path):
    rep = small(altospec, tmp_path, "query: cost-map, costs: [bw-available, delay-ow, hopcount]")
    assert chosen(rep, "alto-multicost") == ["ra"]
    posts = mc_posts(rep)
    assert len(posts) == 2 and all("pids" in p["request_body"] for p in posts)
    assert pol(rep, "alto-multicost")["alto"]["via"] == "filtered-cost-map-mc"
    assert all(p["response_body"]["meta"]["cost-type"] == {} for p in posts)


# ---- a stub multi-cost server: nulls, omitted pairs, broken answers ----------------

class StubMC:
    """An ALTO server with one multi-cost endpoint cost service; `costs`
    maps a source address to its array (None: the pair is left out), and
    `mangle` may rewrite each answer."""

    def __init__(self, costs, max_types=2, mangle=None, with_mc=True):
        stub = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def send(self, code, ctype, doc):
                b = json.dumps(doc).encode()
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(b)))
                self.end_headers()
                self.wfile.write(b)

            def do_GET(self):
                self.send(200, "application/alto-directory+json", stub.ird())

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                types = req["multi-cost-types"]
                dst = req["endpoints"]["dsts"][0]
                m = {s: {dst: stub.costs[s]} for s in req["endpoints"]["srcs"] if stub.costs.get(s) is not None}
                doc = {"meta": {"cost-type": {}, "multi-cost-types": types}, "endpoint-cost-map": m}
                self.send(200, "application/alto-endpointcost+json", mangle(doc) if mangle else doc)

        self.costs, self.max_types, self.with_mc = costs, max_types, with_mc
        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}/directory"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def ird(self):
        base = self.url.rsplit("/", 1)[0]
        caps = {"cost-type-names": ["bw", "dl"]}
        if self.with_mc:
            caps["max-cost-types"] = self.max_types
        return {"meta": {"cost-types": {"bw": {"cost-metric": "bw-available", "cost-mode": "numerical"},
                                        "dl": {"cost-metric": "delay-ow", "cost-mode": "numerical"}}},
                "resources": {"ecs-mc": {"uri": base + "/ecs", "media-type": "application/alto-endpointcost+json",
                                         "accepts": "application/alto-endpointcostparams+json",
                                         "capabilities": caps}}}

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.srv.shutdown()
        self.srv.server_close()


STUB = """name: mc-stub
topology:
  name: stub
  hosts:
    - {{name: c, ipv4: 10.2.0.1}}
    - {{name: r1, ipv4: 10.2.0.11}}
    - {{name: r2, ipv4: 10.2.0.12}}
    - {{name: r3, ipv4: 10.2.0.13}}
  switches: [s0]
  links:
    - {{a: c, b: s0, bandwidth: 1Gbps, delay: 0ms}}
    - {{a: r1, b: s0, bandwidth: 1Gbps, delay: 0ms}}
    - {{a: r2, b: s0, bandwidth: 1Gbps, delay: 0ms}}
    - {{a: r3, b: s0, bandwidth: 1Gbps, delay: 0ms}}
alto: {{url: {url}}}
files:
  - {{name: f, size: 1MB, replicas: [r1, r2, r3]}}
requests:
  - {{client: c, file: f}}
policies:
  - alto-multicost
"""


def stub_run(altospec, tmp_path, stub, rc=0):
    p = tmp_path / "stub.yaml"
    p.write_text(STUB.format(url=stub.url))
    out = tmp_path / "r"
    r = run(altospec, p, out)
    assert r.returncode == rc, r.stdout + r.stderr
    return (json.load(open(out / "report.json")) if rc == 0 else None), r.stderr


R1, R2, R3 = "ipv4:10.2.0.11", "ipv4:10.2.0.12", "ipv4:10.2.0.13"


def decision(rep):
    return pol(rep, "alto-multicost")["explain"]["decisions"][0]


def test_null_leaves_the_race(altospec, tmp_path):
    # r1 has the best delay but no bw-available: it ranks after r2 and r3.
    with StubMC({R1: [None, 1000], R2: [5e5, 9000], R3: [5e5, 3000]}) as s:
        rep, _ = stub_run(altospec, tmp_path, s)
    d = decision(rep)
    assert d["chosen"] == "r3" and d["decided_by"] == "delay-ow"
    assert [r["costs"] for r in d["replicas"]][0] == [None, 1000]
    assert [r["out_at"] for r in d["replicas"]] == ["bw-available", "delay-ow", None]


def test_a_cost_null_for_all_is_passed_over(altospec, tmp_path):
    with StubMC({R1: [None, 9000], R2: [None, 2000], R3: [None, 5000]}) as s:
        rep, _ = stub_run(altospec, tmp_path, s)
    assert decision(rep)["chosen"] == "r2" and decision(rep)["decided_by"] == "delay-ow"


def test_omitted_pair_is_all_null(altospec, tmp_path):
    # RFC 8189 4.1.3: a pair with no cost at all MAY be left out.
    with StubMC({R1: None, R2: [1e5, 2000], R3: [1e5, 2000]}) as s:
        rep, _ = stub_run(altospec, tmp_path, s)
    d = decision(rep)
    assert d["chosen"] == "r2" and d["decided_by"] == "order"
    assert d["replicas"][0]["costs"] == [None, None] and d["replicas"][0]["out_at"] == "bw-available"


def test_max_cost_types_too_small(altospec, tmp_path):
    with StubMC({}, max_types=1) as s:
        _, err = stub_run(altospec, tmp_path, s, rc=2)
    assert re.search(r"stub\.yaml:\d+:\d+: policies\[0\]: policy alto-multicost: .*ecs-mc allows "
                     r"max-cost-types 1, the policy asks 2", err), err


def test_server_without_multi_cost(altospec, tmp_path):
    with StubMC({}, with_mc=False) as s:
        _, err = stub_run(altospec, tmp_path, s, rc=2)
    assert "offers no RFC 8189 multi-cost resource" in err and "stub.yaml:21:5: policies[0]" in err, err
    assert "multi-cost: true" not in err            # an external server: no embedded hint


@pytest.mark.parametrize("mangle,msg", [
    (lambda d: {**d, "endpoint-cost-map": {s: {k: v[:1] for k, v in r.items()}
                                           for s, r in d["endpoint-cost-map"].items()}},
     "an array of another length"),
    (lambda d: {**d, "meta": {"cost-type": {}, "multi-cost-types": d["meta"]["multi-cost-types"][::-1]}},
     "not the 2 cost types asked, in the order asked"),
    (lambda d: {**d, "endpoint-cost-map": {s: {k: ["fast", v[1]] for k, v in r.items()}
                                           for s, r in d["endpoint-cost-map"].items()}},
     "neither a number nor null"),
])
def test_answers_not_ranked_on(altospec, tmp_path, mangle, msg):
    with StubMC({R1: [1, 2], R2: [3, 4], R3: [5, 6]}, mangle=mangle) as s:
        _, err = stub_run(altospec, tmp_path, s, rc=2)
    assert msg in err and "policies[0]: policy alto-multicost" in err, err


# ---- bad input ------------------------------------------------------------------------

def test_embedded_server_without_multi_cost(altospec, root, tmp_path):
    src = open(os.path.join(root, SC, "d1-multicost.yaml")).read()
    assert "  multi-cost: true" in src
    p = tmp_path / "d1-no-mc.yaml"
    p.write_text(src.replace("  multi-cost: true", "  multi-cost: false"))
    (tmp_path / "topology.yaml").write_text(open(os.path.join(root, SC, "topology.yaml")).read())
    r = run(altospec, p, tmp_path / "r")
    assert r.returncode == 2 and not (tmp_path / "r").exists()
    line = src[:src.index("  - name: alto-multicost")].count("\n") + 1
    assert re.search(rf"d1-no-mc\.yaml:{line}:\d+: policies\[0\]: policy alto-multicost: the ALTO server at "
                     r"\S+ offers no RFC 8189 multi-cost resource .*alto: \{multi-cost: true\}", r.stderr), r.stderr


BAD = [
    ("costs: []", r":23:\d+: policies\[0\]\.costs: list 1 to 8 cost metrics, got 0"),
    ("costs: [{metric: shoesize}]", r":23:\d+: policies\[0\]\.costs\[0\]: say prefer: high or low for cost metric \"shoesize\""),
    ("costs: [{metric: delay-ow, prefer: up}]", r":23:\d+: policies\[0\]\.costs\[0\]\.prefer: expected high or low, got \"up\""),
    ("costs: [delay-ow, delay-ow]", r":23:\d+: policies\[0\]\.costs\[1\]: cost metric \"delay-ow\" listed twice"),
    ("costs: [{metric: delay-ow, tolerance: 2}]", r":23:\d+: policies\[0\]\.costs\[0\]\.tolerance: 2 is above the maximum 1"),
    ("costs: [{metric: delay-ow, tol: 0.1}]", r":23:\d+: policies\[0\]\.costs\[0\]\.tol: unknown member"),
    ("costs: [3]", r":23:\d+: policies\[0\]\.costs\[0\]: expected a cost metric name or"),
    ("costs: delay-ow", r":23:\d+: policies\[0\]\.costs: "),
    ("metric: delay-ow", r":23:\d+: policies\[0\]\.metric: alto-multicost ranks on several costs"),
]


@pytest.mark.parametrize("opts,want", BAD)
def test_bad_policy_members(altospec, tmp_path, opts, want):
    p = tmp_path / "bad.yaml"
    p.write_text(SMALL.format(opts=opts))
    r = run(altospec, p, tmp_path / "r")
    assert r.returncode == 2, r.stdout + r.stderr
    assert re.search("bad.yaml" + want, r.stderr), r.stderr


def test_costs_on_another_policy_and_multi_cost_with_url(altospec, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(SMALL.format(opts="costs: [delay-ow]").replace("alto-multicost", "alto-latency"))
    r = run(altospec, p, tmp_path / "r")
    assert r.returncode == 2 and re.search(r"bad\.yaml:23:\d+: policies\[0\]\.costs: policy alto-latency "
                                           r"ranks on one metric", r.stderr), r.stderr
    p.write_text(SMALL.format(opts="costs: [delay-ow]").replace(
        "{server: embedded, multi-cost: true}", "{url: http://127.0.0.1:9/directory, multi-cost: true}"))
    r = run(altospec, p, tmp_path / "r")
    assert r.returncode == 2 and re.search(r"bad\.yaml:15:\d+: alto\.multi-cost: configures the embedded "
                                           r"server", r.stderr), r.stderr

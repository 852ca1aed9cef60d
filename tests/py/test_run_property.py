"""The alto-property policy (runner/pol_alto_prop.c, issue 14 item 5): the
shipped scenario scenarios/propmap/d-property.yaml, a small inline
topology where each rule decides in turn (an ASN match wins over a lower
cost, the country breaks the tie when no ASN matches, a missing property
never matches, the cost decides among equals), bad members
(file:line:col), a server without a property map (exit 2 at the policy's
line) and one property map POST per distinct question."""
import json
import os
import re
import subprocess

import pytest

from conf_helpers import schema_errors

SC = "scenarios/propmap"


def run(altospec, path, out):
    return subprocess.run([altospec, "run", str(path), "--quiet", "--report-dir", str(out)],
                          capture_output=True, text=True, timeout=300)


def report(altospec, path, tmp_path, rc=0):
    out = tmp_path / "r"
    p = run(altospec, path, out)
    assert p.returncode == rc, p.stdout + p.stderr
    return json.load(open(out / "report.json"))


def chosen(rep, policy, request=None):
    return sorted({t["replica"] for t in rep["transfers"] if t["policy"] == policy
                   and (request is None or t["request"] == request)})


def pm_posts(rep):
    return [e for e in rep["alto"]["evidence"] if e["policy"] == "alto-property"
            and e["method"] == "POST" and e["url"].endswith("/propmap/lookup/entities")]


def pol(rep, name):
    return next(p for p in rep["policies"] if p["name"] == name)


def test_shipped_scenario(altospec, root, tmp_path):
    rep = report(altospec, os.path.join(root, SC, "d-property.yaml"), tmp_path)
    assert chosen(rep, "alto-property") == ["onnet"]
    assert chosen(rep, "alto-latency") == ["nearby"]
    assert [e["met"] for e in rep["expectations"]] == [True]
    posts = pm_posts(rep)
    assert len(posts) == 1
    body = posts[0]["request_body"]
    assert body["properties"] == [".asn", ".country"]
    assert sorted(body["entities"]) == sorted(["ipv4:192.0.2.10", "ipv4:198.51.100.1",
                                               "ipv4:203.0.113.5", "ipv4:192.0.2.200"])
    pm = posts[0]["response_body"]["property-map"]
    assert pm["ipv4:198.51.100.1"][".asn"] == pm["ipv4:192.0.2.10"][".asn"]
    ex = pol(rep, "alto-property")["explain"]
    assert ex["property_map_posts"] == 1
    d = ex["property_decisions"][0]
    assert d["chosen"] == "onnet" and d["decided_by"] == ".asn"
    assert {r["replica"]: r["out_at"] for r in d["replicas"]} == {"nearby": ".asn", "abroad": ".asn",
                                                                  "onnet": None}
    assert schema_errors(rep, json.load(open(os.path.join(root, "reports", "run-report.schema.json")))) == []


TOPO = """name: prop-small
hosts:
  - {name: c1, ipv4: 10.0.1.1, properties: {asn: 100, country: FR}}
  - {name: c2, ipv4: 10.0.2.1, properties: {asn: 200, country: FR}}
  - {name: c3, ipv4: 10.0.3.1, properties: {country: IT}}
  - {name: rA, ipv4: 10.1.0.1, properties: {asn: 100, country: FR}}
  - {name: rB, ipv4: 10.2.0.1, properties: {asn: 300, country: FR}}
  - {name: rC, ipv4: 10.3.0.1, properties: {asn: 400, country: DE}}
  - {name: rD, ipv4: 10.4.0.1}
switches: [s1]
links:
  - {a: c1, b: s1, bandwidth: 1Gbps, delay: 1ms}
  - {a: c2, b: s1, bandwidth: 1Gbps, delay: 1ms}
  - {a: c3, b: s1, bandwidth: 1Gbps, delay: 1ms}
  - {a: rA, b: s1, bandwidth: 10Mbps, delay: 1ms}
  - {a: rB, b: s1, bandwidth: 100Mbps, delay: 1ms}
  - {a: rC, b: s1, bandwidth: 1Gbps, delay: 1ms}
  - {a: rD, b: s1, bandwidth: 1Gbps, delay: 1ms}
"""

SCEN = """name: prop-small
topology: topo.yaml
alto: {{server: embedded{alto}}}
backend: flow
files:
  - {{name: f, size: 1000000, replicas: [{replicas}]}}
requests:
{requests}
policies:
  - name: alto-property
{opts}
"""


def small(tmp_path, requests, replicas="rC, rB, rA, rD", opts="    then: {metric: routingcost}",
          alto=", property-map: true"):
    (tmp_path / "topo.yaml").write_text(TOPO)
    p = tmp_path / "s.yaml"
    reqs = "".join(f"  - {{client: {c}, file: f, start: {k}s}}\n" for k, c in enumerate(requests))
    p.write_text(SCEN.format(alto=alto, replicas=replicas, requests=reqs, opts=opts))
    return p


def test_rules_in_turn(altospec, tmp_path):
    # c1 (AS 100): rA shares the AS and wins although its routingcost is
    # the highest (10 Mbps).  c2 (AS 200, FR): no replica in AS 200, so
    # .country keeps rA and rB (FR) and the cost picks rB (100 Mbps).
    # c3 has no .asn: the rule is passed over; .country IT matches nobody;
    # the cost decides among all (rA, rB cost more; rC and rD tie at
    # 1 Gbps, the listed order takes rC).  c1 twice: the same question, asked once.
    rep = report(altospec, small(tmp_path, ["c1", "c2", "c3", "c1"]), tmp_path)
    dec = pol(rep, "alto-property")["explain"]["property_decisions"]
    assert [d["chosen"] for d in dec] == ["rA", "rB", "rC", "rA"]
    assert [d["decided_by"] for d in dec] == [".asn", "routingcost", "routingcost", ".asn"]
    assert {r["replica"]: r["out_at"] for r in dec[1]["replicas"]} == {
        "rC": ".country", "rB": None, "rA": None, "rD": ".country"}
    # rD has no properties at all: null in the explanation, never a match
    assert dec[0]["replicas"][3]["properties"] == {".asn": None, ".country": None}
    assert dec[2]["client_properties"][".asn"] is None
    assert len(pm_posts(rep)) == 3 == pol(rep, "alto-property")["explain"]["property_map_posts"]


def test_missing_never_matches(altospec, tmp_path):
    # c3 has no .asn and rD none either: absent on both sides is no match,
    # so with match: [asn] the order decides (rD listed first).
    rep = report(altospec, small(tmp_path, ["c3"], replicas="rD, rA", opts="    match: [asn]"), tmp_path)
    d = pol(rep, "alto-property")["explain"]["property_decisions"][0]
    assert d["chosen"] == "rD" and d["decided_by"] == "order"
    assert all(r["out_at"] is None for r in d["replicas"])


def test_no_property_map(altospec, tmp_path):
    p = small(tmp_path, ["c1"], alto="")
    r = run(altospec, p, tmp_path / "o")
    assert r.returncode == 2
    line = p.read_text().split("\n").index("  - name: alto-property") + 1
    assert re.search(rf"s\.yaml:{line}:\d+: policies\[0\]: policy alto-property: the ALTO server offers "
                     r"no filtered property map .*ipv4 domain to \.asn, \.country.*property-map: true",
                     r.stderr), r.stderr


@pytest.mark.parametrize("opts,want", [
    ("    match: [asn, planet]", r"policies\[0\]\.match\[1\]: expected a property name"),
    ("    match: [asn, asn]", r"policies\[0\]\.match\[1\]: property \"asn\" listed twice"),
    ("    match: []", r"policies\[0\]\.match: list 1 to 4 properties"),
    ("    then: {metric: routingcost, prefer: high}", r"policies\[0\]\.then\.prefer: unknown member"),
    ("    then: {query: cost-map}", r"policies\[0\]\.then.*metric"),
    ("    metric: routingcost", r"policies\[0\]\.metric: alto-property takes its cost as then:"),
])
def test_bad_members(altospec, tmp_path, opts, want):
    p = small(tmp_path, ["c1"], opts=opts)
    r = run(altospec, p, tmp_path / "o")
    assert r.returncode == 2, r.stdout + r.stderr
    assert re.search(r"s\.yaml:\d+:\d+: " + want, r.stderr), r.stderr

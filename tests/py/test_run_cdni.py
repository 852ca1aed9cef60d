"""The alto-cdni policy (runner/pol_alto_cdni.c) on the CDNI request
routing scenario (scenarios/cdni/request-routing.yaml): every request goes
to a downstream CDN whose advertised footprint holds the client, the
report says which dCDN served it and why, and the ALTO evidence has the
CDNI advertisements it was decided on.  Variants of the topology prove
the footprint, not the cost, decides."""
import json
import os
import shutil
import subprocess

import pytest


def _run(altospec, scenario, out):
    p = subprocess.run([altospec, "run", str(scenario), "--report-dir", str(out)], capture_output=True,
                       text=True, timeout=120)
    return p, (json.load(open(os.path.join(out, "report.json"))) if p.returncode == 0 else None)


def _decisions(rep, name="alto-cdni"):
    pol = next(p for p in rep["policies"] if p["name"] == name)
    return [(d["client"], d["file"], d["chosen"], d["dcdn"], d["why"]) for d in pol["explain"]["decisions"]]


@pytest.fixture(scope="module")
def report(altospec, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("cdni")
    p, rep = _run(altospec, os.path.join(root, "scenarios/cdni/request-routing.yaml"), out)
    assert p.returncode == 0, p.stdout + p.stderr
    return rep


def test_each_request_goes_to_a_dcdn_whose_footprint_holds_the_client(report):
    d = _decisions(report)
    assert d == [
        ("client-de", "video", "surr-east", "east", "ipv4cidr 10.1.0.0/16 and countrycode de"),
        ("client-fr", "video", "surr-west", "west", "countrycode fr and altopid pid-fr"),
        ("client-us", "video", "surr-us", "us", "ipv4cidr 10.3.0.10/32 and asn as64500"),
        ("client-fr", "archive", "surr-us", "us", "countrycode fr"),
    ]


def test_the_footprint_overrides_the_cost(report):
    """For client-fr's archive the cheaper replica is surr-east, whose dCDN
    does not deliver to FR: routingcost alone takes it, alto-cdni does not."""
    pol = next(p for p in report["policies"] if p["name"] == "alto-cdni")
    reps = pol["explain"]["decisions"][3]["replicas"]
    east, us = reps
    assert east["replica"] == "surr-east" and not east["candidate"] and east["cost"] < us["cost"]
    assert us["candidate"] and us["why"] == "countrycode fr"


def test_report_carries_the_alto_evidence(report):
    urls = [(e["method"], e["url"].split("/", 3)[3]) for e in report["alto"]["evidence"]]
    for name in ("east", "west", "us"):
        assert ("GET", f"cdni/{name}") in urls
    ev = next(e for e in report["alto"]["evidence"] if e["url"].endswith("/cdni/west"))
    assert ev["status"] == 200 and ev["response_body"]["meta"]["vtag"]["resource-id"] == "cdni-west"
    assert ("GET", "networkmap") in urls          # the altopid footprint's PID lookup


def test_no_holding_footprint_falls_back_to_cost_and_says_so(altospec, root, tmp_path):
    src = os.path.join(root, "scenarios/cdni")
    shutil.copy(os.path.join(src, "request-routing.yaml"), tmp_path)
    text = open(os.path.join(src, "topology.yaml")).read()
    text = text.replace("properties: {country: FR}", "properties: {country: IT}")
    text = text.replace("{footprint-type: altopid, hosts: [client-fr]}", "{footprint-type: altopid, footprint-value: [pid-us]}")
    (tmp_path / "topology.yaml").write_text(text)
    p, rep = _run(altospec, tmp_path / "request-routing.yaml", tmp_path / "out")
    assert p.returncode == 0, p.stdout + p.stderr
    d = _decisions(rep)
    assert d[1][4].startswith("no downstream CDN's footprint holds the client")
    assert d[0][2] == "surr-east" and d[2][2] == "surr-us"


def test_policy_needs_a_cdni_section(altospec, root, tmp_path):
    sc = open(os.path.join(root, "scenarios/cdni/request-routing.yaml")).read()
    text = open(os.path.join(root, "scenarios/cdni/topology.yaml")).read()
    (tmp_path / "topology.yaml").write_text(text.split("cdni:\n")[0])
    (tmp_path / "s.yaml").write_text(sc)
    p = subprocess.run([altospec, "run", str(tmp_path / "s.yaml")], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "needs a topology with a cdni: section" in p.stderr, p.stderr
    assert "s.yaml:" in p.stderr

"""The rfc9439 suite of `altospec conform`, both ways: the clean RFC 9439
fault server and the reference server (embedded, and `altospec serve
--perf-metrics`) pass every case with exit 0; each fault of
faultserver_pm.PM_FAULTS gives exit 1 and FAILs the case(s) written for it
(under --strict, so the SHOULD cases FAIL too); every case is failed by
some fault; a server without RFC 9439 types gets no FAIL.  Then the RFC
9439 examples (data/rfc/examples/rfc9439, all valid as printed by its
INDEX) pass the message validators, which do reject a broken copy."""
import json
import os
import urllib.request

import pytest

from conf_helpers import FaultProof, RefServer, conform, validate_file, verdicts
from faultserver_pm import PM_FAULTS

SUITE = ("--suite", "rfc9439")
PROOF = FaultProof("faultserver_pm", PM_FAULTS, SUITE, min_cases=25, min_faults=10)


def test_clean_fault_server_passes(altospec, tmp_path):
    PROOF.clean_passes(altospec, tmp_path)


def test_reference_server_embedded_passes(altospec, tmp_path):
    run = conform(altospec, *SUITE, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    v = verdicts(run)
    # the IETF 113 topology has no routingcost with a cost-context: nothing for 6.3 to judge
    assert {i: x for i, x in v.items() if x != "PASS"} == {"rfc9439/6.3/routingcost-estimation": "SKIP"}


def test_reference_server_served_passes_with_multi_cost(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--perf-metrics",
                   "--multi-cost", "--quiet") as rs:
        run = conform(altospec, rs.ird, "--suite", "rfc7285,rfc8189,rfc9274,rfc9439", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert "FAIL" not in verdicts(run).values() and "WARN" not in verdicts(run).values()


def test_no_perf_metrics_fails_nothing(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITE, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    v = verdicts(run)
    assert "FAIL" not in v.values()
    assert v["rfc9439/5.1.2/tput-value"] == "UNSUPPORTED"


def _post(base, path, ctype, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": ctype})
    return json.load(urllib.request.urlopen(req))


def test_reference_values_mean_what_the_readme_says(altospec, root):
    """IETF 113: client -> xrd1 is one 1 Mbps, 25 ms hop: delay-ow 25000 us,
    delay-rt 50000, bandwidths 125000 bytes/s, tput below that (headers),
    lossrate and delay-variation 0 on the idle network; the sla bound adds a
    full queue (100 packets of 1502 bytes at 1 Mbps: 1.2016 s) per link."""
    types = ["delay-ow", "delay-rt", "tput", "lossrate"]
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--perf-metrics",
                   "--quiet") as rs:
        est = _post(rs.base, "/endpointcost/pm", "application/alto-endpointcostparams+json",
                    {"multi-cost-types": [{"cost-metric": m, "cost-mode": "numerical"} for m in types],
                     "endpoints": {"srcs": ["ipv4:10.0.0.250"], "dsts": ["ipv4:10.0.0.251"]}})
        sla = _post(rs.base, "/costmap/pm-sla", "application/alto-costmapfilter+json",
                    {"cost-type": {"cost-metric": "delay-variation:max", "cost-mode": "numerical"},
                     "pids": {"srcs": ["pid-client"], "dsts": ["pid-xrd1"]}})
        nom = _post(rs.base, "/costmap/pm-nominal", "application/alto-costmapfilter+json",
                    {"cost-type": {"cost-metric": "bw-maxres", "cost-mode": "numerical"},
                     "pids": {"srcs": ["pid-client"], "dsts": ["pid-xrd1"]}})
    ow, rt, tput, loss = est["endpoint-cost-map"]["ipv4:10.0.0.250"]["ipv4:10.0.0.251"]
    assert (ow, rt, loss) == (25000, 50000, 0)
    maxres = nom["cost-map"]["pid-client"]["pid-xrd1"]
    assert maxres == 125000 and 0.9 * maxres < tput < maxres
    var = sla["cost-map"]["pid-client"]["pid-xrd1"]
    assert var >= 1201600, var


@pytest.mark.parametrize("fault", sorted(PM_FAULTS))
def test_fault_fails_its_cases(altospec, fault, tmp_path):
    PROOF.fault_fails(altospec, fault, tmp_path)


def test_every_case_is_failed_by_some_fault(altospec):
    PROOF.every_case_failed(altospec)


# ---- the RFC 9439 examples (data/rfc/examples/rfc9439, INDEX.tsv) ----

EX = "rfc/examples/rfc9439"


def _index(data):
    rows = {}
    for line in open(os.path.join(data, EX, "INDEX.tsv")):
        f = line.rstrip("\n").split("\t")
        rows[f[0]] = f[2]
    return rows


def _kind(name):
    return "endpointcostparams-pm" if name.endswith("req") else "endpointcost-pm"


def test_valid_examples_pass_the_validators(altospec, data):
    rows = _index(data)
    assert len(rows) == 18 and set(rows.values()) == {"valid"}       # none INVALID as printed
    for name in rows:
        p = validate_file(altospec, _kind(name), os.path.join(data, EX, name + ".json"))
        assert p.returncode == 0 and "valid, 0 problems" in p.stdout, (name, p.stdout + p.stderr)


@pytest.mark.parametrize("edit,word", [
    (lambda d: d["meta"]["cost-type"].update({"cost-metric": "delay-ow:95th"}), "operator"),
    (lambda d: d["meta"]["cost-type"].update({"cost-context": {"cost-source": "measured"}}), "not registered"),
    (lambda d: d["meta"]["cost-type"].update({"cost-context": "sla"}), "cost-context"),
    (lambda d: d["meta"]["cost-type"].update({"cost-metric": "latency"}), "not registered"),
    (lambda d: d["meta"]["cost-type"].update({"cost-mode": "array"}), "JSONNumbers"),
    (lambda d: d["endpoint-cost-map"]["ipv4:192.0.2.2"].update({"ipv4:192.0.2.89": -10}), "non-negative"),
])
def test_a_broken_example_is_rejected(altospec, data, tmp_path, edit, word):
    doc = json.load(open(os.path.join(data, EX, "4.1.3-2-resp.json")))
    edit(doc)
    f = tmp_path / "x.json"
    f.write_text(json.dumps(doc))
    p = validate_file(altospec, "endpointcost-pm", str(f))
    assert p.returncode != 0 and word in p.stdout, p.stdout + p.stderr


def test_lossrate_and_hopcount_examples_mutated(altospec, data, tmp_path):
    for name, value, word in [("4.4.3-2-resp", 150, "at most 1"), ("4.5.3-2-resp", 2.5, "integer")]:
        doc = json.load(open(os.path.join(data, EX, name + ".json")))
        doc["endpoint-cost-map"]["ipv4:192.0.2.2"]["ipv4:192.0.2.89"] = value
        f = tmp_path / (name + ".json")
        f.write_text(json.dumps(doc))
        p = validate_file(altospec, "endpointcost-pm", str(f))
        assert p.returncode != 0 and word in p.stdout, p.stdout

"""The rfc8189 (multi-cost) and rfc9274 (cost modes) suites of `altospec
conform`, both ways: the clean multi-cost fault server and the reference
server (embedded, and `altospec serve --multi-cost`) pass every case with
exit 0; each fault of faultserver_mc.MC_FAULTS gives exit 1 and FAILs the
case(s) written for it; every case is failed by some fault; a server
without multi-cost resources gets UNSUPPORTED (exit 0)."""
import os

import pytest

from conf_helpers import FaultProof, RefServer, assert_all_pass, assert_unsupported, conform, validate_file
from faultserver_mc import MC_FAULTS

SUITES = ("--suite", "rfc8189,rfc9274")
PROOF = FaultProof("faultserver_mc", MC_FAULTS, SUITES, min_cases=36, min_faults=18, strict_faults=False)


def test_clean_fault_server_passes(altospec, tmp_path):
    PROOF.clean_passes(altospec, tmp_path)


def test_reference_server_embedded_passes(altospec, tmp_path):
    run = conform(altospec, *SUITES, "--strict", report_dir=tmp_path)
    assert_all_pass(run)


def test_reference_server_served_passes(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--multi-cost", "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITES, report_dir=tmp_path)
    assert_all_pass(run)


def test_no_multi_cost_is_unsupported(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet") as rs:
        run = conform(altospec, rs.ird, "--suite", "rfc8189", report_dir=tmp_path)
    assert_unsupported(run, "max-cost-types > 0")


@pytest.mark.parametrize("fault", sorted(MC_FAULTS))
def test_fault_fails_its_cases(altospec, fault, tmp_path):
    PROOF.fault_fails(altospec, fault, tmp_path)


def test_every_case_is_failed_by_some_fault(altospec):
    PROOF.every_case_failed(altospec)


# ---- the RFC 8189 examples (data/rfc/examples/rfc8189, INDEX.tsv) ----

EX = "rfc/examples/rfc8189"


@pytest.mark.parametrize("name", ["5.2-1-req", "5.4-1-req", "5.5-1-req"])
def test_valid_request_examples_pass(altospec, data, name):
    p = validate_file(altospec, "costmapfilter-mc", os.path.join(data, EX, name + ".json"))
    assert p.returncode == 0 and "valid, 0 problems" in p.stdout, p.stdout + p.stderr


def _index(data):
    rows = {}
    for line in open(os.path.join(data, EX, "INDEX.tsv")):
        f = line.rstrip("\n").split("\t")
        rows[f[0]] = f[2]
    return rows


def test_invalid_as_printed_examples_are_rejected_where_the_index_says(altospec, data):
    import re
    bad = {n: s for n, s in _index(data).items() if s.startswith("INVALID")}
    assert len(bad) == 10
    for name, status in bad.items():
        kind = "costmapfilter-mc" if name.endswith("req") else "costmap-mc"
        p = validate_file(altospec, kind, os.path.join(data, EX, name + ".json"))
        assert p.returncode != 0, name
        want = re.search(r"line (\d+)", status).group(1)
        got = re.search(r"not valid JSON: line (\d+)", p.stderr)
        assert got and got.group(1) == want, (name, status, p.stderr)


def test_ird_example_is_rejected_for_its_own_inconsistencies(altospec, data):
    """RFC 8189 5.1 as printed: meta.cost-types defines "num-routing" but
    the multi-cost resources name "num-routingcost", and the endpoint cost
    resource has "uses" (RFC 7285 11.5.1.5).  Both are the example's, so
    the IRD validator rejects it for exactly these and nothing else."""
    p = validate_file(altospec, "ird-root", os.path.join(data, EX, "5.1-2-resp.json"))
    assert p.returncode != 0
    lines = [x for x in p.stdout.splitlines() if "$." in x]
    assert len(lines) == 4, p.stdout
    assert sum('"num-routingcost"' in x for x in lines) == 3 and sum("specifies \"uses\"" in x for x in lines) == 1


def test_reference_answers_pass_the_multi_cost_validators(altospec, root, tmp_path):
    import json
    import urllib.request
    types = [{"cost-metric": "routingcost", "cost-mode": "numerical"},
             {"cost-metric": "bw-available", "cost-mode": "numerical"}]
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--multi-cost", "--quiet") as rs:
        for path, kind, ctype, body in [
                ("/costmap/multicost", "costmap-mc", "application/alto-costmapfilter+json", {"multi-cost-types": types}),
                ("/endpointcost/multicost", "endpointcost-mc", "application/alto-endpointcostparams+json",
                 {"multi-cost-types": types, "endpoints": {"srcs": ["ipv4:10.0.0.1"], "dsts": ["ipv4:10.0.0.2"]}})]:
            req = urllib.request.Request(rs.base + path, data=json.dumps(body).encode(), headers={"Content-Type": ctype})
            doc = json.load(urllib.request.urlopen(req))
            f = tmp_path / (kind + ".json")
            f.write_text(json.dumps(doc))
            p = validate_file(altospec, kind, str(f))
            assert p.returncode == 0, p.stdout + p.stderr
            doc["meta"]["cost-type"] = types[0]            # a non-empty meta cost-type is refused
            f.write_text(json.dumps(doc))
            assert validate_file(altospec, kind, str(f)).returncode != 0

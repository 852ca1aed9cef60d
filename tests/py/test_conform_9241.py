"""The rfc9241 (CDNI FCI) suite of `altospec conform`, both ways: the clean
CDNI fault server and the reference server (embedded on scenarios/cdni,
and `altospec serve` on it) pass every case with exit 0; each fault of
faultserver_cdni.CDNI_FAULTS gives exit 1 and FAILs the case(s) written
for it; every case is failed by some fault; a server without CDNI
resources gets UNSUPPORTED (exit 0).  The RFC 9241 examples
(data/rfc/examples/rfc9241) pass the validators, except 4.2.2 for its
own two defects, which the test names."""
import os
import re

import pytest

from conf_helpers import FaultProof, RefServer, assert_all_pass, assert_unsupported, conform, validate_file
from faultserver_cdni import CDNI_FAULTS

SUITE = ("--suite", "rfc9241")
PROOF = FaultProof("faultserver_cdni", CDNI_FAULTS, SUITE, min_cases=27, min_faults=10)


def test_clean_fault_server_passes(altospec, tmp_path):
    PROOF.clean_passes(altospec, tmp_path)


def test_reference_server_embedded_passes(altospec, tmp_path):
    run = conform(altospec, *SUITE, "--strict", report_dir=tmp_path)
    assert_all_pass(run)


def test_reference_server_served_passes(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/cdni/topology.yaml"), "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITE, "--strict", report_dir=tmp_path)
    assert_all_pass(run)


def test_no_cdni_is_unsupported(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITE, report_dir=tmp_path)
    assert_unsupported(run, "CDNI Advertisement")


@pytest.mark.parametrize("fault", sorted(CDNI_FAULTS))
def test_fault_fails_its_cases(altospec, fault, tmp_path):
    PROOF.fault_fails(altospec, fault, tmp_path)


def test_every_case_is_failed_by_some_fault(altospec):
    PROOF.every_case_failed(altospec)


# ---- the RFC 9241 examples (data/rfc/examples/rfc9241, INDEX.tsv) ----

EX = "rfc/examples/rfc9241"
VALID = [("cdni", "3.7.2-2-resp"), ("cdni", "5.7.1-2-resp"), ("cdnifilter", "5.7.1-1-req"),
         ("cdni-propmap", "6.3.1-2-resp"), ("cdni-propmap", "6.3.2-2-resp")]


def test_index_lists_the_examples_judged(data):
    rows = {ln.split("\t")[0]: ln.split("\t")[1] for ln in open(os.path.join(data, EX, "INDEX.tsv"))}
    assert all(rows[name] == "valid" for _, name in VALID) and rows["4.2.2-2-resp"] == "valid"


@pytest.mark.parametrize("kind,name", VALID)
def test_valid_examples_pass(altospec, data, kind, name):
    p = validate_file(altospec, kind, os.path.join(data, EX, name + ".json"))
    assert p.returncode == 0 and "valid, 0 problems" in p.stdout, p.stdout + p.stderr


def test_pid_footprint_example_is_rejected_for_its_own_defects(altospec, data):
    """RFC 9241 4.2.2 as printed: meta has dependent-vtags but no vtag
    (section 3.6 MUST), and both capability-values are bare arrays where
    RFC 8008 5.2 gives {"delivery-protocols": [...]} and
    {"acquisition-protocols": [...]}.  Exactly these three problems."""
    p = validate_file(altospec, "cdni", os.path.join(data, EX, "4.2.2-2-resp.json"))
    assert p.returncode != 0
    lines = [x for x in p.stdout.splitlines() if "$." in x]
    assert len(lines) == 3, p.stdout
    assert sum("$.meta.vtag" in x for x in lines) == 1
    assert sum(re.search(r"capabilities-with-footprints\[[01]\]\.capability-value", x) is not None
               for x in lines) == 2


@pytest.mark.parametrize("mutation,kind,what", [
    (lambda d: d["cdni-advertisement"]["capabilities-with-footprints"][0]["footprints"][0].update(
        {"footprint-type": "ipv4prefix"}), "cdni", "not registered"),
    (lambda d: d["cdni-advertisement"]["capabilities-with-footprints"][0]["footprints"][0].update(
        {"footprint-value": ["192.0.2.0/33"]}), "cdni", "ipv4cidr"),
    (lambda d: d["meta"].pop("vtag"), "cdni", "no vtag"),
])
def test_mutated_basic_example_is_rejected(altospec, data, tmp_path, mutation, kind, what):
    import json
    doc = json.load(open(os.path.join(data, EX, "3.7.2-2-resp.json")))
    mutation(doc)
    f = tmp_path / "x.json"
    f.write_text(json.dumps(doc))
    p = validate_file(altospec, kind, str(f))
    assert p.returncode != 0 and what in p.stdout, p.stdout

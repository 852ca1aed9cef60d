"""The rfc9275 (path vector) suite of `altospec conform`, both ways: the
fault server's clean path vector service passes every case of both suites;
each fault of faultserver_pv.PV_FAULTS makes the case(s) written for it
FAIL (exit 1); a server without path vector gets UNSUPPORTED with the
reason (exit 0); the reference server passes (embedded, and served with
`altospec serve --path-vector`)."""
import os
import xml.etree.ElementTree as ET

import pytest

from conf_helpers import FaultServer, conform
from faultserver import FAULTS
from faultserver_pv import PV_FAULTS, PV_HOSTILE


def test_pv_clean_fault_server_passes_both_suites(altospec, tmp_path):
    with FaultServer(pv=True) as fs:
        run = conform(altospec, fs.ird, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    s = run.report["summary"]
    # Everything ran and passed (the service offers a non-PV cost type and
    # persistent ANEs, so even the conditional cases judge), but the one row
    # about an optional parameter the cost map answer does not carry: a
    # PASS is earned, "start" absent is nothing to judge.
    others = [(r["id"], r["verdict"], r["reason"]) for r in run.report["results"] if r["verdict"] != "PASS"]
    assert others == [("rfc9275/7.2.6/start", "SKIP", 'pv-costmap\'s answer has no "start" parameter (it is optional)')]
    assert s["PASS"] == s["total"] - 1
    ids = [r["id"] for r in run.report["results"]]
    assert len([i for i in ids if i.startswith("rfc9275/")]) >= 50
    assert run.report["suite"]["name"] == "rfc7285+rfc9275"
    suites = ET.parse(os.path.join(tmp_path, "junit.xml")).getroot().findall("testsuite")
    assert [x.get("name") for x in suites] == ["rfc7285", "rfc9275"]
    assert int(suites[1].get("tests")) == len([i for i in ids if i.startswith("rfc9275/")])


def test_no_path_vector_is_unsupported(altospec, tmp_path):
    with FaultServer() as fs:
        run = conform(altospec, fs.ird, "--suite", "rfc9275", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    res = run.report["results"]
    assert res and all(r["verdict"] == "UNSUPPORTED" for r in res)
    assert all("does not advertise" in r["reason"] and r["evidence"] == [] for r in res)
    assert run.report["requests"] == len(run.report["probe"]["irds"]) == 2   # the IRDs, nothing else


@pytest.mark.parametrize("fault", sorted(PV_FAULTS))
def test_pv_fault_fails_its_cases(altospec, tmp_path, fault):
    what, cases = PV_FAULTS[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, "--suite", "rfc9275", "--strict", report_dir=tmp_path)
    assert run.rc == 1, f"{fault} ({what}): exit {run.rc}\n{run.out}{run.err}"
    res = run.results()
    for cid in cases:
        r = res[cid]
        assert r["verdict"] == "FAIL", f"{fault}: {cid} is {r['verdict']}: {r['reason']}"
        p = r["problems"][0]
        assert p["path"] and p["expected"] and p["actual"] and p["message"]
        x = r["evidence"][p.get("exchange", 0)]
        assert x["curl"].startswith("curl ") and x["request"]["url"].startswith("http://127.0.0.1:")
    assert len(run.report["results"]) == run.report["summary"]["total"]


def test_pv_faults_cover_the_suite(altospec):
    """Every rfc9275 case has a fault that makes it FAIL."""
    import subprocess
    ids = subprocess.run([altospec, "conform", "--suite", "rfc9275", "--list"], capture_output=True,
                         text=True).stdout.split()
    ids = [i for i in ids if i.startswith("rfc9275/")]
    proven = {c for _, cs in PV_FAULTS.values() for c in cs}
    missing = sorted(set(ids) - proven)
    assert len(PV_FAULTS) >= 30
    assert missing == []
    assert not set(PV_FAULTS) & set(FAULTS)


def test_pv_part_second_warns_without_strict(altospec, tmp_path):
    with FaultServer("pv-part-second") as fs:
        run = conform(altospec, fs.ird, "--suite", "rfc9275", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert sorted(run.verdicts("WARN")) == ["rfc9275/7.2.6/pv-part-first", "rfc9275/7.3.6/pv-part-first"]
    # start names the root on the endpoint cost service, so the order
    # breaks only the RECOMMENDED rule there; the cost map has no start.
    assert run.results()["rfc9275/7.3.6/start"]["verdict"] == "PASS"


def test_pv_garbage_multipart_is_error_not_crash(altospec, tmp_path):
    """One-part answers: the cases that need both parts cannot judge
    (ERROR with the reason), the part-count case FAILs."""
    with FaultServer("pv-one-part") as fs:
        run = conform(altospec, fs.ird, "--suite", "rfc9275", "--only", "rfc9275/7.3.6", report_dir=tmp_path)
    res = run.results()
    assert res["rfc9275/7.3.6/two-parts"]["verdict"] == "FAIL"
    assert res["rfc9275/7.3.6/pv-vtag"]["verdict"] == "ERROR"
    assert "two-parts" in res["rfc9275/7.3.6/pv-vtag"]["reason"]


@pytest.mark.parametrize("fault", PV_HOSTILE)
def test_pv_hostile_answers_are_judged(altospec, tmp_path, fault):
    """Garbage, 5000 parts, deep nesting: every case gets a verdict, the
    run is quick, nothing passes by accident."""
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, "--suite", "rfc9275", report_dir=tmp_path, timeout=60)
    assert run.rc == 1, run.out + run.err
    assert len(run.report["results"]) == run.report["summary"]["total"]
    res = run.results()
    # Garbage and 5000 parts break the part count; a too deep part is two
    # well-labelled parts whose JSON cannot be read: the content rows say
    # they cannot judge.
    cid = "rfc9275/7.2.6/pv-vtag" if fault == "pv-nested" else "rfc9275/7.2.6/two-parts"
    assert res[cid]["verdict"] in ("FAIL", "ERROR"), (cid, res[cid]["verdict"], res[cid]["reason"])
    if fault == "pv-nested":
        assert res[cid]["verdict"] == "ERROR" and "JSON" in res[cid]["reason"]
    assert run.elapsed < 30


def _reference_has_pv(run):
    return any(r["verdict"] != "UNSUPPORTED" for r in run.report["results"])


def test_reference_server_embedded_rfc9275(altospec, tmp_path):
    run = conform(altospec, "--suite", "rfc9275", report_dir=tmp_path)
    if run.rc == 0 and not _reference_has_pv(run):
        pytest.skip("the embedded reference server's IRD does not advertise path vector yet")
    assert run.rc == 0, run.out + run.err
    assert run.verdicts("FAIL") == [] and run.verdicts("ERROR") == [] and run.verdicts("WARN") == []
    assert run.verdicts("UNSUPPORTED") == []


def test_reference_server_served_path_vector(altospec, serve, root, tmp_path):
    try:
        srv = serve(os.path.join(root, "scenarios", "ietf113", "topology.yaml"), "--path-vector")
    except RuntimeError as e:
        pytest.skip(f"altospec serve --path-vector is not available: {e}")
    run = conform(altospec, srv.ird, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert run.verdicts("FAIL") == [] and run.verdicts("ERROR") == []
    assert _reference_has_pv(run)

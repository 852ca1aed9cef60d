"""Hostile servers are normal input: transport faults on one resource become
ERROR with their reason and the run goes on; a server that dies or hangs
mid-run turns the remaining cases into ERROR quickly."""
import pytest

from conf_helpers import FaultServer, conform

NETMAP_CASE = "rfc7285/11.2.1.6/vtag"

# fault -> (extra conform options, words the ERROR reason must contain)
HOSTILE = {
    "reset": ([], ["Recv failure", "reset", "Empty reply"]),
    "slow-drip": (["--timeout", "1"], ["timeout"]),
    "garbage": ([], ["not valid JSON"]),
    "redirect-loop": ([], ["redirect"]),
    "huge-body": (["--max-body", "1000000"], ["exceeds the cap"]),
    "deep-nesting": ([], ["nesting deeper"]),
}


@pytest.mark.parametrize("fault", sorted(HOSTILE))
def test_transport_fault_is_error(altospec, tmp_path, fault):
    opts, words = HOSTILE[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, *opts, report_dir=tmp_path, timeout=60)
    assert run.rc == 1, run.out + run.err
    res = run.results()
    r = res[NETMAP_CASE]
    assert r["verdict"] == "ERROR", r
    assert any(w in r["reason"] for w in words), r["reason"]
    # The run went on: services not behind the broken resource still pass.
    assert res["rfc7285/9.2/ird-get"]["verdict"] == "PASS"
    assert res["rfc7285/11.3.2.3/constraint-gt"]["verdict"] == "PASS"
    assert run.elapsed < 30


def test_garbage_body_fails_json_encoding(altospec, tmp_path):
    with FaultServer("garbage") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    assert run.results()["rfc7285/8.4/json-encoding"]["verdict"] == "FAIL"


def test_slow_drip_is_cut_once(altospec, tmp_path):
    # Every case that needs the network map reuses the one timed-out
    # exchange: one timeout for the whole run, not one per case.
    with FaultServer("slow-drip") as fs:
        run = conform(altospec, fs.ird, "--timeout", "1", report_dir=tmp_path, timeout=60)
    assert run.elapsed < 8, run.elapsed
    assert len(run.verdicts("ERROR")) >= 10


def test_server_dies_mid_run(altospec, tmp_path):
    with FaultServer("die-after", after=12) as fs:
        run = conform(altospec, fs.ird, "--timeout", "5", report_dir=tmp_path, timeout=60)
    assert run.rc == 1
    errors = run.verdicts("ERROR")
    assert len(errors) >= 30, run.report["summary"]
    assert run.elapsed < 5, run.elapsed           # no per-case timeouts
    reasons = " ".join(run.results()[e]["reason"] for e in errors)
    assert "unreachable" in reasons or "Couldn't connect" in reasons or "Empty reply" in reasons
    assert run.report["requests"] <= 20           # later requests were not sent at all
    # JUnit: ERROR results are <error> elements, not failures.
    import os
    import xml.etree.ElementTree as ET
    suite = ET.parse(os.path.join(run.dir, "junit.xml")).getroot().find("testsuite")
    assert int(suite.get("errors")) == len(errors)
    assert len([c for c in suite.findall("testcase") if c.find("error") is not None]) == len(errors)


def test_server_hangs_mid_run(altospec, tmp_path):
    with FaultServer("hang-after", after=12) as fs:
        run = conform(altospec, fs.ird, "--timeout", "1", report_dir=tmp_path, timeout=60)
    assert run.rc == 1
    assert len(run.verdicts("ERROR")) >= 30
    assert run.elapsed < 10, run.elapsed          # three timeouts, then the rest at once
    assert any("unresponsive" in r["reason"] for r in run.report["results"])


def test_connection_refused(altospec, tmp_path):
    """Nothing listening ends the run at once: one line naming the cause,
    exit 2 (not a verdict on the server), a report.json recording it."""
    from conf_helpers import refused_url
    url, sock = refused_url()
    try:
        run = conform(altospec, url, report_dir=tmp_path, timeout=30)
    finally:
        sock.close()
    assert run.rc == 2, run.out + run.err
    assert run.err.strip().count("\n") == 0 and "nothing is listening" in run.err, run.err
    assert run.report["error"]["cause"] == "unreachable"
    assert run.report["results"] == [] and run.report["summary"]["total"] == 0
    assert run.report["requests"] == 1
    assert run.elapsed < 3


def test_delegation_loop_terminates(altospec, tmp_path):
    with FaultServer("delegation-loop") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path, timeout=30)
    assert run.rc == 0, run.out + run.err
    irds = run.report["probe"]["irds"]
    assert [i["url"].split(":", 2)[2].split("/", 1)[1] for i in irds] == ["directory", "more/directory"]


def test_delegation_chain_stops_at_depth_limit(altospec, tmp_path):
    with FaultServer("delegation-chain") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path, timeout=30)
    probe = run.report["probe"]
    assert max(i["depth"] for i in probe["irds"]) == 3
    assert "depth limit 3" in probe["note"]
    # A bound that triggered: what the engine could not see is not
    # certified, so the PASS it would have earned is ERROR naming the bound.
    r = run.results()["rfc7285/9.2.2/delegated-ird"]
    assert r["verdict"] == "ERROR" and "depth limit 3" in r["reason"] and "--ird-depth" in r["reason"], r
    assert [b["bound"] for b in run.report["bounds"]] == ["ird-depth"]
    assert run.rc == 1
    assert run.report["requests"] < 120
    # The flag moves the bound (the chain itself is endless).
    with FaultServer("delegation-chain") as fs:
        deeper = conform(altospec, fs.ird, "--ird-depth", "2", report_dir=tmp_path / "d2", timeout=30)
    assert max(i["depth"] for i in deeper.report["probe"]["irds"]) == 2


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_wrong_types_everywhere(altospec, tmp_path, root, seed):
    """Every response (the IRD aside, so that all services are exercised)
    has values of the wrong JSON type at pseudo-random paths: the engine
    judges every case, reports problems, and never crashes."""
    import json
    import os
    from conf_helpers import schema_errors
    with FaultServer(f"chaos-{seed}") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path, timeout=60)
    assert run.rc == 1, run.out + run.err
    s = run.report["summary"]
    assert s["total"] == len(run.report["results"]) and s["FAIL"] >= 5
    schema = json.load(open(os.path.join(root, "reports", "conformance-report.schema.json")))
    assert schema_errors(run.report, schema) == []

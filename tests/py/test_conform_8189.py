"""The rfc8189 (multi-cost) and rfc9274 (cost modes) suites of `altospec
conform`, both ways: the clean multi-cost fault server and the reference
server (embedded, and `altospec serve --multi-cost`) pass every case with
exit 0; each fault of faultserver_mc.MC_FAULTS gives exit 1 and FAILs the
case(s) written for it; every case is failed by some fault; a server
without multi-cost resources gets UNSUPPORTED (exit 0)."""
import os
import subprocess
import sys

import pytest

from conf_helpers import RefServer, _Process, conform
from faultserver_mc import MC_FAULTS

HERE = os.path.dirname(os.path.abspath(__file__))
SUITES = ("--suite", "rfc8189,rfc9274")


class McFaultServer(_Process):
    def __init__(self, fault=""):
        args = [sys.executable, os.path.join(HERE, "faultserver_mc.py"), "--port", "0"]
        if fault:
            args += ["--fault", fault]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"faultserver_mc did not start: {line} {self.proc.stderr.read()}")
        self.ird = f"http://127.0.0.1:{line}/directory"


def _verdicts(run):
    return {r["id"]: r["verdict"] for r in run.report["results"]}


def _all_ids(altospec):
    out = subprocess.run([altospec, "conform", *SUITES, "--list"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines() if line.startswith("rfc")]


def test_clean_fault_server_passes(altospec, tmp_path):
    with McFaultServer() as fs:
        run = conform(altospec, fs.ird, *SUITES, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    v = _verdicts(run)
    assert set(v.values()) == {"PASS"}, {i: x for i, x in v.items() if x != "PASS"}
    assert len(v) == len(_all_ids(altospec)) >= 36


def test_reference_server_embedded_passes(altospec, tmp_path):
    run = conform(altospec, *SUITES, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert set(_verdicts(run).values()) == {"PASS"}, _verdicts(run)


def test_reference_server_served_passes(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--multi-cost", "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITES, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert set(_verdicts(run).values()) == {"PASS"}, _verdicts(run)


def test_no_multi_cost_is_unsupported(altospec, root, tmp_path):
    with RefServer(altospec, os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet") as rs:
        run = conform(altospec, rs.ird, "--suite", "rfc8189", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    res = run.report["results"]
    assert {r["verdict"] for r in res} == {"UNSUPPORTED"}
    assert "max-cost-types > 0" in res[0]["reason"]


@pytest.mark.parametrize("fault", sorted(MC_FAULTS))
def test_fault_fails_its_cases(altospec, fault, tmp_path):
    with McFaultServer(fault) as fs:
        run = conform(altospec, fs.ird, *SUITES, report_dir=tmp_path)
    assert run.rc == 1, (fault, run.out, run.err)
    v = _verdicts(run)
    want = MC_FAULTS[fault][1]
    assert all(v.get(i) == "FAIL" for i in want), (fault, {i: v.get(i) for i in want})


def test_every_case_is_failed_by_some_fault(altospec):
    assert len(MC_FAULTS) >= 18
    covered = {i for _, ids in MC_FAULTS.values() for i in ids}
    missing = [i for i in _all_ids(altospec) if i not in covered]
    assert missing == [], missing

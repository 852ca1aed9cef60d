"""The rfc9240 (unified property map) suite of `altospec conform`, both
ways: the clean property map fault server and the reference server
(embedded and `altospec serve --property-map`) pass every case with exit
0; each fault of faultserver_upm.UPM_FAULTS gives exit 1 and FAILs the
case(s) written for it; every case is failed by some fault."""
import os
import subprocess
import sys

import pytest

from conf_helpers import RefServer, _Process, conform
from faultserver_upm import UPM_FAULTS

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = ("--suite", "rfc9240")


class UpmFaultServer(_Process):
    def __init__(self, fault=""):
        args = [sys.executable, os.path.join(HERE, "faultserver_upm.py"), "--port", "0"]
        if fault:
            args += ["--fault", fault]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"faultserver_upm did not start: {line} {self.proc.stderr.read()}")
        self.ird = f"http://127.0.0.1:{line}/directory"


def _verdicts(run):
    return {r["id"]: r["verdict"] for r in run.report["results"]}


def _all_ids(altospec):
    out = subprocess.run([altospec, "conform", *SUITE, "--list"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines() if line.startswith("rfc")]


def test_clean_fault_server_passes(altospec, tmp_path):
    with UpmFaultServer() as fs:
        run = conform(altospec, fs.ird, *SUITE, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    v = _verdicts(run)
    assert set(v.values()) == {"PASS"}, {i: x for i, x in v.items() if x != "PASS"}
    assert len(v) == len(_all_ids(altospec)) >= 19


def test_reference_server_embedded_passes(altospec, root, tmp_path):
    run = conform(altospec, *SUITE, "--topology", os.path.join(root, "scenarios/propmap/topology.yaml"),
                  "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert set(_verdicts(run).values()) == {"PASS"}, _verdicts(run)


def test_reference_server_served_passes(altospec, root, tmp_path):
    topo = os.path.join(root, "scenarios/propmap/topology.yaml")
    with RefServer(altospec, topo, "--property-map", "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITE, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert set(_verdicts(run).values()) == {"PASS"}, _verdicts(run)


@pytest.mark.parametrize("fault", sorted(UPM_FAULTS))
def test_each_fault_fails_its_cases(altospec, tmp_path, fault):
    why, cases = UPM_FAULTS[fault]
    with UpmFaultServer(fault) as fs:
        run = conform(altospec, fs.ird, *SUITE, report_dir=tmp_path)
    v = _verdicts(run)
    assert run.rc == 1, f"{fault} ({why}): exit {run.rc}\n{run.out}{run.err}"
    bad = {c: v.get(c) for c in cases if v.get(c) != "FAIL"}
    assert not bad, f"{fault} ({why}): {bad}"


def test_every_case_is_failed_by_some_fault(altospec):
    covered = {c for _, cases in UPM_FAULTS.values() for c in cases}
    assert len(UPM_FAULTS) >= 12
    assert set(_all_ids(altospec)) <= covered, set(_all_ids(altospec)) - covered

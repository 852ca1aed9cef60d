"""The rfc9240 (unified property map) suite of `altospec conform`, both
ways: the clean property map fault server and the reference server
(embedded and `altospec serve --property-map`) pass every case with exit
0; each fault of faultserver_upm.UPM_FAULTS gives exit 1 and FAILs the
case(s) written for it; every case is failed by some fault."""
import os

import pytest

from conf_helpers import FaultProof, RefServer, assert_all_pass, conform, verdicts
from faultserver_upm import UPM_FAULTS

SUITE = ("--suite", "rfc9240")
PROOF = FaultProof("faultserver_upm", UPM_FAULTS, SUITE, min_cases=19, min_faults=12, strict_faults=False)


def test_clean_fault_server_passes(altospec, tmp_path):
    PROOF.clean_passes(altospec, tmp_path)


def test_reference_server_embedded_passes(altospec, root, tmp_path):
    run = conform(altospec, *SUITE, "--topology", os.path.join(root, "scenarios/propmap/topology.yaml"),
                  "--strict", report_dir=tmp_path)
    assert_all_pass(run)


def test_reference_server_served_passes(altospec, root, tmp_path):
    topo = os.path.join(root, "scenarios/propmap/topology.yaml")
    with RefServer(altospec, topo, "--property-map", "--quiet") as rs:
        run = conform(altospec, rs.ird, *SUITE, report_dir=tmp_path)
    assert_all_pass(run)


@pytest.mark.parametrize("fault", sorted(UPM_FAULTS))
def test_each_fault_fails_its_cases(altospec, fault, tmp_path):
    PROOF.fault_fails(altospec, fault, tmp_path)


def test_every_case_is_failed_by_some_fault(altospec):
    PROOF.every_case_failed(altospec)

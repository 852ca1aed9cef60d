"""report.json of `altospec run` against reports/run-report.schema.json:
real reports of the demo scenarios validate, and a report broken in one
place does not (so the schema is not vacuous)."""
import copy
import json
import os
import subprocess

import pytest

from conf_helpers import schema_errors


@pytest.fixture(scope="module")
def schema(root):
    return json.load(open(os.path.join(root, "reports", "run-report.schema.json")))


def run_report(altospec, root, tmp_path, scenario, *extra):
    out = tmp_path / "r"
    p = subprocess.run([altospec, "run", os.path.join(root, scenario), "--quiet",
                        "--report-dir", str(out), *extra],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr
    return json.load(open(out / "report.json"))


@pytest.mark.parametrize("scenario", ["scenarios/ietf113/d1.yaml",
                                      "scenarios/ietf113/d2-estimator.yaml",
                                      "scenarios/ietf113/d3-sla.yaml",
                                      "scenarios/ietf113/d1-multicost-tie.yaml"])
def test_reports_validate(altospec, root, tmp_path, schema, scenario):
    rep = run_report(altospec, root, tmp_path, scenario, "--backend", "flow")
    assert schema_errors(rep, schema) == []
    # Every top-level member is described by the schema.
    assert set(rep) <= set(schema["properties"]), set(rep) - set(schema["properties"])


def test_broken_reports_fail(altospec, root, tmp_path, schema):
    rep = run_report(altospec, root, tmp_path, "scenarios/ietf113/d1.yaml", "--backend", "flow")
    breakers = [
        lambda r: r.pop("transfers"),
        lambda r: r.__setitem__("kind", "conformance"),
        lambda r: r["transfers"][0].__setitem__("seconds", "17.5"),
        lambda r: r["transfers"][0].__setitem__("seconds", -1),
        lambda r: r["speedups"][0].pop("ratio"),
        lambda r: r["expectations"][0].__setitem__("met", "yes"),
        lambda r: r["alto"]["evidence"][0].pop("curl"),
    ]
    for i, breaker in enumerate(breakers):
        bad = copy.deepcopy(rep)
        breaker(bad)
        assert schema_errors(bad, schema), f"breaker {i} went unnoticed"


def test_multicost_explain_is_checked(altospec, root, tmp_path, schema):
    rep = run_report(altospec, root, tmp_path, "scenarios/ietf113/d1-multicost-tie.yaml")
    mc = next(p for p in rep["policies"] if p["name"] == "alto-multicost")
    assert mc["explain"]["decisions"] and schema_errors(rep, schema) == []
    mc["explain"]["decisions"][0]["replicas"][0]["costs"][0] = "625000"
    assert schema_errors(rep, schema)

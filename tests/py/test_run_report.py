"""Run report details: reference expectations at a scaled size are "not
applicable" (neither met nor failed), and a multi-backend run renders one
scatter point and one table row per transfer."""
import json
import os
import re
import subprocess

import pytest


def run(altospec, *args, timeout=300):
    return subprocess.run([altospec, *args], capture_output=True, text=True, timeout=timeout)


def load(d):
    with open(os.path.join(d, "report.json")) as f:
        return json.load(f)


def test_reference_not_applicable_at_scaled_size(altospec, root, tmp_path):
    out = tmp_path / "scaled"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d1.yaml"),
            "--size-scale", "0.1", "--report-dir", str(out))
    # The two speedup expectations still hold; the reference one is N/A.
    assert p.returncode == 0, p.stdout + p.stderr
    rep = load(str(out))
    ref = [e for e in rep["expectations"] if "reference" in e["text"]]
    assert len(ref) == 1 and ref[0]["met"] is None
    assert "size" in ref[0]["not_applicable"] and "0.1" in ref[0]["not_applicable"]
    assert all("error" not in s and "reference" not in s for s in rep["sweep"])
    assert "expectation N/A" in p.stdout
    html = open(out / "report.html").read()
    assert "N/A: every sweep time" in html
    # At full size the same expectation is judged again.
    out2 = tmp_path / "full"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d1.yaml"), "--report-dir", str(out2))
    assert p.returncode == 0
    ref = [e for e in load(str(out2))["expectations"] if "reference" in e["text"]][0]
    assert ref["met"] is True and ref["compared"] == 3


def test_two_backend_html_scatter_one_point_per_transfer(altospec, root, tmp_path):
    out = tmp_path / "xval"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-flows.yaml"),
            "--backend", "flow,ns3", "--report-dir", str(out), "--quiet")
    if p.returncode == 2 and "not available" in p.stderr:
        pytest.skip("this altospec was built without ns-3")
    assert p.returncode == 0, p.stderr
    rep = load(str(out))
    html = open(out / "report.html").read()
    m = re.search(r'<svg[^>]*class="scatter"[^>]*aria-label="scatter of completion times, ns3 vs '
                  r'flow".*?</svg>', html, re.S)
    assert m, "no scatter plot"
    svg = m.group(0)
    pts = re.findall(r'<circle class="pt"[^>]*><title>([^<]*)</title>', svg)
    assert len(pts) == len(rep["transfers"]) == 6
    assert 'class="diagonal"' in svg
    # Each tooltip carries the transfer and both times, as in report.json.
    for t in rep["transfers"]:
        tip = [x for x in pts if f"{t['replica']} -&gt; {t['client']}" in x and t["file"] in x]
        assert len(tip) == 1, (t, pts)
        assert f"{t['backends']['flow']:.4g}" in tip[0] and f"{t['backends']['ns3']:.4g}" in tip[0]
    table = re.search(r'<table class="xval">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 1 + 6
    for t in rep["transfers"]:
        assert f"{100 * t['error_vs_first']['ns3']:+.2f}%" in table

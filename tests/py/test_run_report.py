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
    m = re.search(r'<svg[^>]*class="scatter"[^>]*aria-label="scatter of completion times, flow vs '
                  r'ns3".*?</svg>', html, re.S)
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
        assert f"{100 * t['error_vs_reference']['flow']:+.2f}%" in table


def nearest_rank_p90(errors):
    a = sorted(abs(e) for e in errors)
    return a[max(0, -(-9 * len(a) // 10) - 1)] if a else 0


@pytest.mark.parametrize("order", ["flow,ns3", "ns3,flow"])
def test_reference_is_ns3_whatever_the_order(altospec, root, tmp_path, order):
    """The packet-level backend is the reference and flow the judged one,
    listed first or not; errors signed per transfer, p90 by nearest rank."""
    out = tmp_path / "o"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-flows.yaml"),
            "--backend", order, "--report-dir", str(out))
    if p.returncode == 2 and "not available" in p.stderr:
        pytest.skip("this altospec was built without ns-3")
    assert p.returncode == 0, p.stderr
    rep = load(str(out))
    first = order.split(",")[0]
    errs = []
    for t in rep["transfers"]:
        assert t["reference_backend"] == "ns3" and list(t["error_vs_reference"]) == ["flow"]
        assert t["seconds"] == t["backends"][first]
        ns3, flow = t["backends"]["ns3"], t["backends"]["flow"]
        assert t["error_vs_reference"]["flow"] == pytest.approx((flow - ns3) / ns3, abs=1e-9)
        errs.append(t["error_vs_reference"]["flow"])
    [bc] = rep["backend_comparison"]
    assert (bc["reference"], bc["judged"], bc["vs"], bc["backend"]) == ("ns3", "flow", "ns3", "flow")
    assert bc["transfers"] == 6
    assert bc["p90_abs_error"] == pytest.approx(nearest_rank_p90(errs), abs=1e-9)
    assert bc["worst_error"] == pytest.approx(max(errs, key=abs), abs=1e-9)
    assert f"backend {first} (policy times); reference ns3, judged flow" in p.stdout
    html = open(out / "report.html").read()
    note = re.search(r'<p class="backends-note">.*?</p>', html, re.S).group(0)
    assert f'<b class="charted">{first}</b>' in note and '<b class="reference">ns3</b>' in note
    assert '<b class="judged">flow</b>' in note
    assert "<th>judged</th><th>reference</th>" in html


def test_nearest_rank_p90_known_set():
    """The rule the tests check the C code with, on a known set."""
    assert nearest_rank_p90([0.01 * k * (-1) ** k for k in range(1, 11)]) == pytest.approx(0.09)
    assert nearest_rank_p90([-0.5, 0.1, 0.2]) == pytest.approx(0.5)
    assert nearest_rank_p90([0.3]) == pytest.approx(0.3)


def test_estimator_p90_abs_error(altospec, root, tmp_path):
    """Demo 2's estimator: p90 of |error| next to the median, in report.json,
    the console, the HTML and summary.md."""
    out = tmp_path / "e"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
            "--report-dir", str(out))
    assert p.returncode in (0, 1), p.stderr
    est = load(str(out))["estimator"]
    errs = [f["error"] for f in est["flows"]]
    assert len(errs) >= 2
    assert est["p90_abs_error"] == pytest.approx(nearest_rank_p90(errs), abs=1e-9)
    assert est["median_abs_error"] <= est["p90_abs_error"] <= abs(est["worst_error"]) + 1e-12
    assert f"p90 {100 * est['p90_abs_error']:.1f}%" in p.stdout
    html = open(out / "report.html").read()
    assert f"p90 {100 * est['p90_abs_error']:.1f}%" in html
    assert f"p90 {100 * est['p90_abs_error']:.1f}%" in open(out / "summary.md").read()

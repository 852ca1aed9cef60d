"""The ALTO estimator (IETF 113 Demo 2): predictions from RFC 9275 path
vectors against the backend's measurement, the report's estimator section,
and the rule that an ALTO client without an answer fails (no fallback)."""
import json
import os
import re
import subprocess

import pytest

PUBLISHED = {("client", "xrd1"): 0.222e6, ("client", "xrd2"): 0.442e6, ("client", "xrd4"): 0.336e6,
             ("xrd1", "xrd2"): 0.274e6, ("xrd1", "xrd3"): 0.274e6, ("xrd1", "xrd4"): 0.230e6}


def run(altospec, *args, timeout=300):
    return subprocess.run([altospec, *args], capture_output=True, text=True, timeout=timeout)


def load(d):
    with open(os.path.join(d, "report.json")) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def demo2_ns3(altospec, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("d2") / "report"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
            "--backend", "ns3", "--report-dir", str(out))
    if p.returncode == 2 and "not available" in p.stderr:
        pytest.skip("this altospec was built without ns-3")
    return p, str(out)


def test_demo2_median_error_within_10_percent_of_ns3(demo2_ns3):
    p, out = demo2_ns3
    assert p.returncode == 0, p.stdout + p.stderr
    est = load(out)["estimator"]
    assert est["backend"] == "ns3" and len(est["flows"]) == 6
    errs = sorted(abs(f["error"]) for f in est["flows"])
    assert est["median_abs_error"] == pytest.approx((errs[2] + errs[3]) / 2)
    assert est["median_abs_error"] <= 0.10, est["flows"]
    print("demo 2 vs ns-3:", {f"{f['src']}->{f['dst']}": round(100 * f["error"], 1) for f in est["flows"]},
          f"median {100 * est['median_abs_error']:.1f}%")


def test_demo2_flow_records(demo2_ns3):
    rep = load(demo2_ns3[1])
    est = rep["estimator"]
    measured = {(t["replica"], t["client"]): t for t in rep["transfers"]}
    assert {(f["src"], f["dst"]) for f in est["flows"]} == set(PUBLISHED)
    for f in est["flows"]:
        t = measured[(f["src"], f["dst"])]
        assert f["measured_bps"] == pytest.approx(8 * t["bytes"] / t["seconds"])
        assert f["predicted_bps"] == pytest.approx(8 * f["bytes"] / f["predicted_seconds"])
        assert f["error"] == pytest.approx((f["predicted_bps"] - f["measured_bps"]) / f["measured_bps"])
        assert f["published_bps"] == pytest.approx(PUBLISHED[(f["src"], f["dst"])])
        assert f["published_error"] == pytest.approx((f["published_bps"] - f["measured_bps"]) / f["measured_bps"])
        assert 0 < f["predicted_bps"] < 5e6          # never above the 5 Mbps core link
    ex = rep["expectations"][0]
    assert ex["met"] is True and ex["actual"] == pytest.approx(est["median_abs_error"])


def test_demo2_learnt_through_alto(demo2_ns3):
    """The estimator is an ALTO client: one multipart path-vector POST and
    one property-map POST, both kept as evidence; its knowledge (ANE
    bandwidths) is what the server said."""
    rep = load(demo2_ns3[1])
    ev = rep["alto"]["evidence"]
    pv = [e for e in ev if e.get("response_parts")]
    assert len(pv) == 1
    body = pv[0]["request_body"]
    assert body["cost-type"] == {"cost-mode": "array", "cost-metric": "ane-path"}
    assert "max-reservable-bandwidth" in body["ane-property-names"]
    assert len(body["endpoints"]["srcs"]) == 5 and body["endpoints"]["srcs"] == body["endpoints"]["dsts"]
    assert pv[0]["response_content_type"].startswith("multipart/related")
    parts = pv[0]["response_parts"]
    vec = parts[0]["body"]["endpoint-cost-map"]["ipv4:10.0.0.250"]["ipv4:10.0.0.253"]
    props = parts[1]["body"]["property-map"]
    bw = rep["estimator"]["alto"]["ane_bps"]
    assert min(bw[a] for a in vec) == 5e6               # the 5 Mbps core link, learnt
    for a in vec:
        assert props[".ane:" + a]["max-reservable-bandwidth"] == bw[a]
    assert any(e.get("request_content_type") == "application/alto-propmapparams+json" for e in ev)
    assert rep["estimator"]["alto"]["delay_source"] == "priv:altospec-delay-ow"


def test_demo2_html_and_console(demo2_ns3):
    p, out = demo2_ns3
    assert "estimator (ALTO path vectors" in p.stdout and "median |error|" in p.stdout
    html = open(os.path.join(out, "report.html")).read()
    table = re.search(r'<table class="est">.*?</table>', html, re.S).group(0)
    assert table.count("<tr>") == 7
    svg = re.search(r'aria-label="estimator: predicted vs measured throughput".*?</svg>', html, re.S).group(0)
    # The estimator's six flows (circles) and the hackathon's six published
    # predictions (diamonds), both against the same measurement.
    assert svg.count('<circle class="pt"') == 6 and svg.count('<path class="pt"') == 6
    assert "hackathon&#39;s published prediction" in svg or "hackathon's published prediction" in svg
    assert "## Estimator vs ns3" in open(os.path.join(out, "summary.md")).read()


def test_flow_backend_matches_the_estimator_exactly(altospec, root, tmp_path):
    """On the flow backend the estimator's network (rebuilt from ALTO) and
    the real topology give the same times: the reconstruction is exact."""
    out = tmp_path / "flow"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
            "--report-dir", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    est = load(str(out))["estimator"]
    assert est["backend"] == "flow"
    for f in est["flows"]:
        assert abs(f["error"]) < 1e-5, f


def test_server_without_path_vector_fails_with_its_answer(altospec, root, serve, tmp_path):
    srv = serve(os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet", "--no-path-vector")
    out = tmp_path / "out"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
            "--server", srv.ird, "--report-dir", str(out))
    assert p.returncode == 2
    assert re.search(r"d2-estimator\.yaml:\d+:\d+: estimator: the estimator cannot learn the network "
                     r"from ALTO: .*offers no RFC 9275 path vector", p.stderr), p.stderr
    assert not out.exists()


def test_external_path_vector_server(altospec, root, serve, tmp_path):
    srv = serve(os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet", "--path-vector")
    out = tmp_path / "out"
    p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
            "--server", srv.ird, "--report-dir", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    rep = load(str(out))
    assert all(e["url"].startswith(srv.base) for e in rep["alto"]["evidence"])
    assert rep["estimator"]["alto"]["anes"] == 18       # 9 links, both directions


@pytest.mark.parametrize("block,where,text", [
    ("estimator: {policy: nope}", r"estimator\.policy", 'policy "nope" is not in policies'),
    ("estimator: {published: [{src: client, dst: xrd9, throughput: 1Mbps}]}",
     r"estimator\.published\[0\]\.dst", 'unknown host "xrd9"'),
    ("estimator: {published: [{src: client, dst: xrd1, throughput: 5}]}",
     r"estimator\.published\[0\]\.throughput", "rate"),
    ("estimator: {bogus: 1}", r"estimator\.bogus", "unknown member"),
])
def test_bad_estimator_block(altospec, root, tmp_path, block, where, text):
    src = open(os.path.join(root, "scenarios/ietf113/d2-estimator.yaml")).read()
    src = src[:src.index("estimator:")] + block + "\n"
    path = tmp_path / "bad.yaml"
    path.write_text(src.replace("topology: topology.yaml",
                                f"topology: {os.path.join(root, 'scenarios/ietf113/topology.yaml')}"))
    p = run(altospec, "validate", str(path))
    assert p.returncode == 2
    assert re.search(re.escape(str(path)) + r":\d+:\d+: " + where, p.stderr), p.stderr
    assert text in p.stderr


def test_cost_map_variant_when_no_endpoint_cost_service(altospec, root, serve, tmp_path):
    """A directory that offers the path vector only as a multipart filtered
    cost map: the estimator asks by PID through the network map and
    predicts the same (one PID per host)."""
    import http.server
    import threading
    import urllib.request
    srv = serve(os.path.join(root, "scenarios/ietf113/topology.yaml"), "--quiet")

    class Ird(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            with urllib.request.urlopen(srv.ird) as r:
                ird = json.load(r)
            del ird["resources"]["endpoint-cost-pv"]
            body = json.dumps(ird).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/alto-directory+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ird)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/directory"
        outs = {}
        for name, server in (("cm", url), ("ecs", srv.ird)):
            out = tmp_path / name
            p = run(altospec, "run", os.path.join(root, "scenarios/ietf113/d2-estimator.yaml"),
                    "--server", server, "--report-dir", str(out), "--quiet")
            assert p.returncode == 0, p.stderr
            outs[name] = load(str(out))
    finally:
        httpd.shutdown()
        httpd.server_close()
    cm, ecs = outs["cm"], outs["ecs"]
    assert cm["estimator"]["alto"]["resource"] == "filtered-cost-map-pv"
    assert ecs["estimator"]["alto"]["resource"] == "endpoint-cost-pv"
    pv = [e for e in cm["alto"]["evidence"] if e.get("response_parts")][0]
    assert pv["request_content_type"] == "application/alto-costmapfilter+json"
    assert pv["request_body"]["pids"]["srcs"][0].startswith("pid-")
    assert any(e["method"] == "GET" and e["url"].endswith("/networkmap") for e in cm["alto"]["evidence"])
    for a, b in zip(cm["estimator"]["flows"], ecs["estimator"]["flows"]):
        assert a["predicted_bps"] == pytest.approx(b["predicted_bps"], rel=1e-9)

"""Every HTML page altospec writes, in headless Chromium (Debian
`chromium`, driven over the DevTools pipe by test_matrix_html.Chromium):
the run reports of Demos 1, 2 and 3, a conformance report and the ci/demo
index page load without console errors or exceptions, and their charts and
tables have their elements (matrix.html: tests/py/test_matrix_html.py).
The check is shown to fail on a broken copy of a run report.

Screenshots of the demo pages (the three run reports and the index) go to
$ALTOSPEC_SCREENSHOTS, default out/screenshots in the checkout; ci/test
points it at out/screenshots of the checkout it was started from, which CI
keeps as an artifact."""
import json
import os
import shutil
import subprocess
import base64
import urllib.parse

import pytest

from test_matrix_html import CHROMIUM, Chromium

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (ci/setup installs it)")

DEMOS = {"demo1": "d1.yaml", "demo2": "d2-estimator.yaml", "demo3": "d3-sla.yaml"}

# What a page holds, counted in the browser: charts and the elements drawn
# in them, tables and their rows, links and whether their targets exist.
PROBE = """JSON.stringify({
  title: document.title,
  svgs: [...document.querySelectorAll('svg')].map(s => ({
      label: s.getAttribute('aria-label'),
      marks: s.querySelectorAll('rect,path,line,circle,polyline,polygon').length,
      texts: s.querySelectorAll('text').length,
      w: s.getBoundingClientRect().width})),
  tables: [...document.querySelectorAll('table')].map(t => t.querySelectorAll('tr').length),
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  generated: (document.querySelector('p.generated') || {}).textContent || null})"""


def shots_dir(root):
    d = os.environ.get("ALTOSPEC_SCREENSHOTS") or os.path.join(root, "out", "screenshots")
    os.makedirs(d, exist_ok=True)
    return d


def render(tmp_path, page, shot=None):
    b = Chromium(tmp_path / ("profile-" + os.path.basename(os.path.dirname(page))))
    try:
        b.call("Emulation.setDeviceMetricsOverride", session=True, width=1200, height=900,
               deviceScaleFactor=1, mobile=False)
        b.call("Page.navigate", session=True, url="file://" + urllib.parse.quote(page))
        b.wait_event("Page.loadEventFired")
        got = json.loads(b.call("Runtime.evaluate", session=True, returnByValue=True,
                                expression=PROBE)["result"]["value"])
        if shot:
            png = b.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True)
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png["data"]))
        got["errors"] = b.errors()
    finally:
        b.close()
    return got


def check_report_page(got):
    """The run-report checks: no errors, every chart drawn, tables filled."""
    problems = list(got["errors"])
    if not got["svgs"]:
        problems.append("no chart")
    for s in got["svgs"]:
        if s["marks"] < 2 or s["texts"] < 2 or s["w"] <= 0:
            problems.append(f"chart {s['label']!r} is empty: {s}")
    if not got["tables"] or min(got["tables"]) < 2:
        problems.append(f"a table without rows: {got['tables']}")
    if not got["generated"]:
        problems.append("no 'generated' line")
    return problems


@pytest.fixture(scope="module")
def demos(altospec, root, tmp_path_factory):
    out = tmp_path_factory.mktemp("demos")
    for name, sc in DEMOS.items():
        r = subprocess.run([altospec, "run", os.path.join(root, "scenarios/ietf113", sc), "--quiet",
                            "--report-dir", str(out / name)], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(["/usr/bin/python3", os.path.join(root, "tools/demo_index.py"), str(out), "flow", "0.1.0"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return out


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_run_report_renders(demos, root, tmp_path, name):
    got = render(tmp_path, str(demos / name / "report.html"), os.path.join(shots_dir(root), f"{name}.png"))
    assert check_report_page(got) == []
    assert got["title"].startswith("altospec ") and " run: ietf113-" in got["title"]
    assert os.path.getsize(os.path.join(shots_dir(root), f"{name}.png")) > 10000


def test_demo_index_renders(demos, root, tmp_path):
    got = render(tmp_path, str(demos / "index.html"), os.path.join(shots_dir(root), "index.png"))
    assert got["errors"] == []
    assert got["tables"] == [4]         # header and the three demos
    files = [urllib.parse.unquote(urllib.parse.urlparse(h).path) for h in got["links"]]
    assert [os.path.relpath(f, demos) for f in files] == [f"{n}/report.html" for n in sorted(DEMOS)]
    assert all(os.path.isfile(f) for f in files)


def test_conformance_report_renders(altospec, root, tmp_path):
    out = tmp_path / "c"
    r = subprocess.run([altospec, "conform", "--only", "rfc7285/9*", "--only", "rfc7285/11.2.*",
                        "--report-dir", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    rep = json.load(open(out / "report.json"))
    got = render(tmp_path, str(out / "report.html"))
    assert got["errors"] == []
    assert got["title"].startswith(f"altospec {rep['generated']['version']} conformance: ")
    assert sum(got["tables"]) >= len(rep["results"]) and got["generated"]


def test_property_report_renders(altospec, root, tmp_path):
    """The alto-property scenario (RFC 9240 property maps): its report,
    with the property map POST in the evidence, draws without errors."""
    out = tmp_path / "prop"
    r = subprocess.run([altospec, "run", os.path.join(root, "scenarios/propmap/d-property.yaml"), "--quiet",
                        "--report-dir", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "/propmap/lookup/entities" in open(out / "report.html").read()
    got = render(tmp_path, str(out / "report.html"), os.path.join(shots_dir(root), "propmap-property.png"))
    assert check_report_page(got) == []
    assert got["title"].endswith(" run: propmap-property")


def test_multicost_report_renders(altospec, root, tmp_path):
    """The Demo 1 multi-cost variant where delay-ow breaks the bw-available
    tie: its "Multi-cost ranking" table (header and four replicas) is drawn
    along with the usual charts and tables."""
    out = tmp_path / "mc"
    r = subprocess.run([altospec, "run", os.path.join(root, "scenarios/ietf113/d1-multicost-tie.yaml"), "--quiet",
                        "--report-dir", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "<h2>Multi-cost ranking: alto-multicost</h2>" in open(out / "report.html").read()
    got = render(tmp_path, str(out / "report.html"), os.path.join(shots_dir(root), "demo1-multicost.png"))
    assert check_report_page(got) == []
    # speedups, policy stats, the ranking (header + 4 replicas), transfers,
    # then "Backends and model": the TCP model's 7 parameters and the flow
    # backend's info
    assert got["tables"] == [5, 5, 5, 14, 7, 5], got["tables"]
    assert got["title"].endswith(" run: ietf113-demo1-multicost-tie")


def test_the_check_fails_on_a_broken_report(demos, tmp_path):
    """A copy of Demo 1's page with a script error and an emptied chart:
    the same checks report both."""
    src = open(demos / "demo1" / "report.html").read()
    start = src.index("<svg")
    end = src.index(">", start) + 1
    close = src.index("</svg>", end)
    broken = src[:end] + src[close:]                    # the first chart, emptied
    broken = broken.replace("</body>", "<script>undefined_function();</script></body>")
    d = tmp_path / "broken"
    d.mkdir()
    (d / "report.html").write_text(broken)
    problems = check_report_page(render(tmp_path, str(d / "report.html")))
    assert any(p.startswith("Uncaught") for p in problems), problems   # the script error
    assert any("is empty" in p for p in problems), problems


def test_conformance_filters_and_matrix_links(altospec, root, tmp_path):
    """Unticking PASS hides the PASS rows, typed text keeps only matching
    rows, and each matrix square links to its row."""
    out = tmp_path / "c"
    r = subprocess.run([altospec, "conform", "--only", "rfc7285/9*", "--only", "rfc7285/11.2.*",
                        "--report-dir", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    rep = json.load(open(out / "report.json"))
    # Five results given one verdict and reason, re-rendered from the stored report.
    for x in rep["results"][:5]:
        x["verdict"], x["reason"] = "SKIP", "nothing to look at: the same reason five times"
    json.dump(rep, open(out / "report.json", "w"))
    subprocess.run([altospec, "report", str(out)], check=True, capture_output=True, timeout=60)
    page = open(out / "report.html").read()
    assert ("<tr><td>5</td><td><span class=\"v SKIP\">SKIP</span></td><td>nothing to look at: "
            "the same reason five times</td></tr>") in page
    b = Chromium(tmp_path / "profile")
    try:
        b.call("Page.navigate", session=True, url="file://" + urllib.parse.quote(str(out / "report.html")))
        b.wait_event("Page.loadEventFired")
        js = """(function(){
          var vis = () => [...document.querySelectorAll('tr.res')].filter(r => r.offsetParent !== null).length;
          var f = document.getElementById('filter'), all = vis();
          f.querySelector('input[value=PASS]').click();
          var nopass = vis();
          f.querySelector('input[value=PASS]').click();
          var s = f.querySelector('input[type=search]');
          s.value = %s; s.dispatchEvent(new Event('input', {bubbles: true}));
          var one = vis();
          var links = [...document.querySelectorAll('.matrix a')].map(a => a.getAttribute('href'));
          var targets = links.filter(h => document.getElementById(h.slice(1))).length;
          return JSON.stringify({all, nopass, one, links: links.length, targets,
                                 shown: document.getElementById('shown').textContent});
        })()""" % json.dumps(rep["results"][7]["id"])
        got = json.loads(b.call("Runtime.evaluate", session=True, returnByValue=True, expression=js)["result"]["value"])
        errors = b.errors()
    finally:
        b.close()
    assert errors == []
    n = len(rep["results"])
    assert got["all"] == n
    assert got["nopass"] == sum(x["verdict"] != "PASS" for x in rep["results"]) >= 5
    assert got["one"] == 1 and got["shown"] == "1 shown"
    assert got["links"] == got["targets"] == n


# What the charts of a page show, measured in the browser: tick labels,
# whether any text sticks out of its chart, the CDF paths' commands,
# deadline lines, point labels, legends and the backend named in captions.
CHART_PROBE = """JSON.stringify([...document.querySelectorAll('svg')].map(s => {
  const box = s.getBoundingClientRect();
  const out = [...s.querySelectorAll('text')].filter(t => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 ||
                             r.top < box.top - 1 || r.bottom > box.bottom + 1); }).map(t => t.textContent);
  return {cls: s.getAttribute('class'),
          ticks: [...s.querySelectorAll('text.tick')].map(t => t.textContent),
          out: out,
          cdf: [...s.querySelectorAll('path.cdf')].map(p => p.getAttribute('d')),
          dash: [...s.querySelectorAll('path.cdf')].map(p => p.getAttribute('stroke-dasharray')),
          deadlines: s.querySelectorAll('line.deadline').length,
          refs: s.querySelectorAll('path.reference').length,
          pts: s.querySelectorAll('.pt').length,
          ptlabels: s.querySelectorAll('text.ptlabel').length,
          diagonal: s.querySelectorAll('line.diagonal').length,
          legend: [...s.querySelectorAll('text.legend')].map(t => t.textContent),
          backend: [...s.querySelectorAll('.backend')].map(t => t.textContent),
          text: s.textContent};
}))"""


def charts(tmp_path, page):
    b = Chromium(tmp_path / ("profile-charts-" + os.path.basename(os.path.dirname(page))))
    try:
        b.call("Page.navigate", session=True, url="file://" + urllib.parse.quote(page))
        b.wait_event("Page.loadEventFired")
        got = json.loads(b.call("Runtime.evaluate", session=True, returnByValue=True,
                                expression=CHART_PROBE)["result"]["value"])
        assert b.errors() == []
    finally:
        b.close()
    return got


def round_ticks(texts):
    """Tick labels like '20 s', '0.5 Mbps', '75%': each with a unit, and
    either evenly spaced by 1, 2 or 5 x 10^k (25% for the CDF's fractions)
    or, on a log axis, each itself 1, 2 or 5 x 10^k."""
    import math

    def mant(v):
        return v / 10 ** math.floor(math.log10(abs(v)) + 1e-9)

    vals = []
    for t in texts:
        num, _, unit = t.replace("%", " %").partition(" ")
        if not unit:
            return False
        vals.append(float(num))
    # x and y ticks of a scatter are the same list twice.
    vals = sorted(set(vals))
    steps = {round(b - a, 9) for a, b in zip(vals, vals[1:])}
    if len(steps) == 1:
        step = steps.pop()
        if any(abs(mant(step) - k) < 1e-6 for k in (1, 2, 2.5, 5)):
            return True
    return all(any(abs(mant(v) - k) < 1e-6 for k in (1, 2, 5)) for v in vals)


def check_charts(got, backend):
    problems = []
    for c in got:
        if c["cls"] not in ("bars", "cdf", "scatter"):
            continue
        xs = c["ticks"] if c["cls"] != "cdf" else [t for t in c["ticks"] if not t.endswith("%")]
        if len(xs) < 3 or not round_ticks(xs):
            problems.append(f"{c['cls']}: ticks {c['ticks']}")
        if c["out"]:
            problems.append(f"{c['cls']}: text outside the chart {c['out']}")
        if c["cls"] in ("bars", "cdf") and c["backend"] != [backend]:
            problems.append(f"{c['cls']}: backend named {c['backend']}")
        if c["cls"] == "scatter" and (c["diagonal"] != 1 or c["ptlabels"] < 1):
            problems.append(f"scatter without y = x or labels: {c}")
        for d in c["cdf"]:
            # Steps: only horizontal and vertical moves after the start.
            if not d.startswith("M") or set(d[1:].replace(".", "").replace(" ", "")) - set("0123456789HV-"):
                problems.append(f"cdf path is not a step function: {d[:80]}")
    return problems


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_charts_read_at_a_glance(demos, tmp_path, name):
    got = charts(tmp_path, str(demos / name / "report.html"))
    assert check_charts(got, "flow") == []
    page = open(demos / name / "report.html").read()
    assert "<table class=\"params\">" in page and "<pre>[" not in page   # no JSON dump
    kinds = [c["cls"] for c in got]
    if name == "demo1":
        bars = got[kinds.index("bars")]
        assert bars["refs"] == 3          # the ns-3 reference time of each sweep replica
        assert "(17.5" in bars["text"]    # random's range, in the value column
    if name == "demo2":
        assert "<h2>Speedup</h2>" not in page           # one policy: no "1.00x vs itself"
        assert "Measured against its own model" in page  # flow measures its own model
        sc = got[kinds.index("scatter")]
        assert sc["legend"] == ["altospec estimator", "hackathon's published prediction"]
        assert sc["pts"] == 12
    if name == "demo3":
        for k in ("bars", "cdf"):
            assert got[kinds.index(k)]["deadlines"] == 1, k


def test_coinciding_cdf_series_are_offset_and_named(demos, altospec, tmp_path):
    """Two policies with the very same times: the later one is drawn dashed
    and off by a few pixels, and its legend entry says which one it hides
    under (a broken copy of Demo 3's report, re-rendered)."""
    d = tmp_path / "same"
    shutil.copytree(demos / "demo3", d)
    rep = json.load(open(d / "report.json"))
    ref = [t["seconds"] for t in rep["transfers"] if t["policy"] == "sla-scheduler"]
    for t in [t for t in rep["transfers"] if t["policy"] == "alto-bandwidth"]:
        t["seconds"] = ref.pop(0)
    json.dump(rep, open(d / "report.json", "w"))
    subprocess.run([altospec, "report", str(d)], check=True, capture_output=True, timeout=60)
    cdf = [c for c in charts(tmp_path, str(d / "report.html")) if c["cls"] == "cdf"][0]
    names = [p["policy"] for p in rep["policy_stats"]]
    i, j = names.index("sla-scheduler"), names.index("alto-bandwidth")
    assert cdf["legend"][j] == "alto-bandwidth (same as sla-scheduler)"
    assert cdf["dash"][j] != cdf["dash"][i] and cdf["cdf"][j] != cdf["cdf"][i]
    assert not cdf["out"]


def test_two_backend_report_renders(altospec, root, tmp_path):
    """flow judged against ns-3 (listed second): the page loads in Chromium
    with its charts, the scatter and the backend tables."""
    out = tmp_path / "xval"
    r = subprocess.run([altospec, "run", os.path.join(root, "scenarios/ietf113/d2-flows.yaml"), "--quiet",
                        "--backend", "flow,ns3", "--report-dir", str(out)],
                       capture_output=True, text=True, timeout=300)
    if r.returncode == 2 and "not available" in r.stderr:
        pytest.skip("this altospec was built without ns-3")
    assert r.returncode == 0, r.stdout + r.stderr
    got = render(tmp_path, str(out / "report.html"))
    assert check_report_page(got) == []
    assert any("flow vs ns3" in s["label"] for s in got["svgs"]), got["svgs"]

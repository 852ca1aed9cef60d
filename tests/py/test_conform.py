"""Tests of `altospec conform` both ways: a correct server passes, and every
fault of faultserver.FAULTS makes the case(s) written for it FAIL; the
reference server (embedded and via `altospec serve`) passes; reports are
well-formed and re-renderable."""
import json
import os
import xml.etree.ElementTree as ET

import pytest

from conf_helpers import FaultServer, conform, schema_errors
from faultserver import ERROR_FAULTS, FAULTS, LEGAL, SKIP_FAULTS, WARN_FAULTS


def test_clean_fault_server_passes(altospec, tmp_path, root):
    with FaultServer() as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    rep = run.report
    assert rep["kind"] == "conformance" and rep["version"] == 1
    assert run.verdicts("FAIL") == [] and run.verdicts("ERROR") == []
    # The fault server offers every RFC 7285 service (delegated IRD too),
    # so no rfc7285 case may be UNSUPPORTED or SKIP: every case really ran.
    # Its IRD has no path vector resource: the rfc9275 suite (run by
    # default) is UNSUPPORTED throughout, with the reason, and exit is 0.
    unsup = run.verdicts("UNSUPPORTED")
    assert unsup and all(i.startswith("rfc9275/") for i in unsup)
    assert all("does not advertise" in run.results()[i]["reason"] for i in unsup)
    assert run.verdicts("SKIP") == []
    assert rep["summary"]["PASS"] == rep["summary"]["total"] - len(unsup) >= 80
    assert all(i.startswith("rfc7285/") for i in run.verdicts("PASS"))
    # One keep-alive connection for the whole run, and the server saw
    # exactly the requests the report counts.
    import urllib.request
    with FaultServer() as fs2:
        run2 = conform(altospec, fs2.ird)
        stats = json.load(urllib.request.urlopen(f"http://127.0.0.1:{fs2.port}/_stats"))
    assert run2.rc == 0
    assert stats["connections"] == 1, stats
    assert stats["requests"] == rep["requests"], (stats, rep["requests"])
    schema = json.load(open(os.path.join(root, "reports", "conformance-report.schema.json")))
    assert schema_errors(rep, schema) == []


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_fails_its_cases(altospec, tmp_path, fault):
    what, cases = FAULTS[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    assert run.rc == 1, f"{fault} ({what}): exit {run.rc}\n{run.out}{run.err}"
    res = run.results()
    for cid in cases:
        assert res[cid]["verdict"] == "FAIL", f"{fault}: {cid} is {res[cid]['verdict']}: {res[cid]['reason']}"
        # Evidence on the verdict: the failing request with a curl line,
        # and the JSON path / expected / actual of the problem.
        r = res[cid]
        assert r["problems"], cid
        p = r["problems"][0]
        assert p["path"] and p["expected"] and p["actual"] and p["message"]
        x = r["evidence"][p.get("exchange", 0)]
        assert x["curl"].startswith("curl ") and x["request"]["url"].startswith("http://127.0.0.1:")
    # Faults must not crash or derail the run: every case got a verdict.
    assert len(run.report["results"]) == run.report["summary"]["total"]


def test_at_least_30_faults():
    assert len(FAULTS) >= 30


def assert_earned(rep):
    """Every PASS of a report was earned: at least one exchange really sent
    and at least one data item checked; a SKIP says what was missing."""
    for r in rep["results"]:
        if r["verdict"] == "PASS":
            assert any(x["sent"] for x in r["evidence"]), (r["id"], "PASS without a sent exchange")
            assert r["checked"] >= 1, (r["id"], "PASS with nothing checked")
            assert r["problems"] == [], r["id"]
        if r["verdict"] in ("SKIP", "ERROR", "WARN", "FAIL"):
            assert r["reason"], (r["id"], r["verdict"], "no reason")


@pytest.mark.parametrize("fault", sorted(WARN_FAULTS))
def test_warn_faults(altospec, tmp_path, fault):
    """A SHOULD broken, or a leniency no MUST forbids: WARN (FAIL under
    --strict), and only the MUSTs also broken FAIL."""
    what, warns, fails = WARN_FAULTS[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path / "a")
        strict = conform(altospec, fs.ird, "--strict", "--only", warns[0], report_dir=tmp_path / "b")
    res = run.results()
    assert sorted(run.verdicts("WARN")) == sorted(warns), (fault, run.verdicts("WARN"))
    assert sorted(run.verdicts("FAIL")) == sorted(fails), (fault, run.verdicts("FAIL"))
    assert run.rc == (1 if fails else 0), run.out + run.err
    for cid in warns:
        p = res[cid]["problems"][0]
        assert p["level"] == "SHOULD" or res[cid]["level"] == "SHOULD", (cid, p)
    assert strict.rc == 1 and strict.verdicts("FAIL") == [warns[0]]
    assert_earned(run.report)


@pytest.mark.parametrize("fault", sorted(SKIP_FAULTS))
def test_skip_faults(altospec, tmp_path, fault):
    """Nothing to look at is SKIP with a reason naming what was missing,
    never PASS."""
    what, cases = SKIP_FAULTS[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    res = run.results()
    for cid, words in cases.items():
        assert res[cid]["verdict"] == "SKIP", (fault, cid, res[cid]["verdict"], res[cid]["reason"])
        assert words in res[cid]["reason"], (cid, res[cid]["reason"])
    assert_earned(run.report)


@pytest.mark.parametrize("fault", sorted(ERROR_FAULTS))
def test_control_failure_is_error_not_fail(altospec, tmp_path, fault):
    """A case whose control request fails cannot judge: ERROR, never a FAIL
    blaming the server; the cases that judge the failing request FAIL."""
    what, errors, fails = ERROR_FAULTS[fault]
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    res = run.results()
    for cid in errors:
        assert res[cid]["verdict"] == "ERROR", (fault, cid, res[cid]["verdict"], res[cid]["reason"])
        assert res[cid]["reason"].startswith("cannot judge"), res[cid]["reason"]
        assert "changed the answer" not in res[cid]["reason"]
    for cid in fails:
        assert res[cid]["verdict"] == "FAIL", (fault, cid, res[cid]["verdict"], res[cid]["reason"])
    assert_earned(run.report)


@pytest.mark.parametrize("fault", sorted(LEGAL))
def test_legal_variants_pass(altospec, tmp_path, fault):
    """What the RFC allows passes everything, under --strict too: ordinal
    ties broken another way, non-contiguous ranks."""
    with FaultServer(fault) as fs:
        run = conform(altospec, fs.ird, "--strict", report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    for cid in ("rfc7285/6.1.2.2/ordinal-full-map", "rfc7285/6.1.2.2/ordinal-filtered-map",
                "rfc7285/6.1.2.2/ordinal-ecs"):
        assert run.results()[cid]["verdict"] == "PASS", run.results()[cid]
        assert "compared" in run.results()[cid]["reason"]


def test_ecs_without_cost_type_names_is_still_tested(altospec, tmp_path):
    """An endpoint cost entry without cost-type-names FAILs the capability
    case and is tested with its IRD's cost types (not ERROR everywhere)."""
    with FaultServer("ecs-no-ctn") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    res = run.results()
    assert run.verdicts("FAIL") == ["rfc7285/11.3.2.4/capabilities"]
    for cid in ("rfc7285/11.5.1.3/cost-mode", "rfc7285/11.5.1.6/only-requested", "rfc7285/6.1.2.2/ordinal-ecs"):
        assert res[cid]["verdict"] == "PASS", (cid, res[cid]["reason"])


def test_every_pass_is_earned(altospec, tmp_path):
    """Full runs (embedded reference server, clean fault server with and
    without path vector): every PASS carries a sent exchange and a checked
    data item."""
    runs = [conform(altospec, report_dir=tmp_path / "ref")]
    with FaultServer() as fs:
        runs.append(conform(altospec, fs.ird, report_dir=tmp_path / "clean"))
    with FaultServer(pv=True) as fs:
        runs.append(conform(altospec, fs.ird, report_dir=tmp_path / "pv"))
    for run in runs:
        assert run.rc == 0, run.out + run.err
        assert run.verdicts("PASS")
        assert_earned(run.report)


def test_reference_server_embedded(altospec, tmp_path):
    run = conform(altospec, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert run.report["target"]["embedded"] is True
    assert run.verdicts("FAIL") == [] and run.verdicts("ERROR") == []
    assert run.report["requests"] < 200    # cached and reused, not one request per check


def test_reference_server_served(altospec, serve, root, tmp_path):
    srv = serve(os.path.join(root, "scenarios", "ietf113", "topology.yaml"))
    run = conform(altospec, srv.ird, report_dir=tmp_path)
    assert run.rc == 0, run.out + run.err
    assert run.verdicts("FAIL") == [] and run.verdicts("ERROR") == []


def test_reports_and_rerender(altospec, tmp_path):
    with FaultServer("fcm-ignores-constraints") as fs:
        run = conform(altospec, fs.ird, report_dir=tmp_path)
    assert run.rc == 1
    files = {n: open(os.path.join(tmp_path, n)).read() for n in ("junit.xml", "report.html", "summary.md")}
    # JUnit: one testsuite per RFC, testcase name = case id, FAIL as failure.
    suites = ET.fromstring(files["junit.xml"]).findall("testsuite")
    assert [s.get("name") for s in suites] == ["rfc7285", "rfc9275"]
    cases = [c for s in suites for c in s.findall("testcase")]
    assert [c.get("name") for c in cases] == [r["id"] for r in run.report["results"]]
    assert all(c.get("name").startswith(s.get("name") + "/") for s in suites for c in s.findall("testcase"))
    assert int(suites[1].get("skipped")) == int(suites[1].get("tests")) > 40     # all UNSUPPORTED
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == set(run.verdicts("FAIL")) and "rfc7285/11.3.2.3/constraint-gt" in failed
    assert int(suites[0].get("failures")) == len(failed)
    assert "curl " in files["junit.xml"]
    html = files["report.html"]
    assert html.startswith("<!DOCTYPE html>") and "<details>" in html and "constraint-gt" in html
    assert "<script src" not in html and "<link" not in html       # self-contained
    assert_balanced_html(html)
    assert "rfc7285/11.3.2.3/constraint-gt" in files["summary.md"] and "```sh" in files["summary.md"]
    # `altospec report DIR` rebuilds the same files from report.json alone.
    for n in files:
        os.remove(os.path.join(tmp_path, n))
    import subprocess
    p = subprocess.run([altospec, "report", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    for n, text in files.items():
        assert open(os.path.join(tmp_path, n)).read() == text, n


def assert_balanced_html(text):
    """Every non-void element is closed, in order (no broken nesting that
    would hide evidence inside another row)."""
    from html.parser import HTMLParser
    void = {"meta", "br", "hr", "img", "input", "link"}

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []

        def handle_starttag(self, tag, attrs):
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
            self.stack.pop()

    p = P()
    p.feed(text)
    assert p.stack == [], p.stack


def test_report_rejects_foreign_json(altospec, tmp_path):
    import subprocess
    (tmp_path / "report.json").write_text('{"kind": "conformance", "version": 99}')
    p = subprocess.run([altospec, "report", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 2 and "version" in p.stderr
    (tmp_path / "report.json").write_text('{"kind": ')
    p = subprocess.run([altospec, "report", str(tmp_path)], capture_output=True, text=True)
    assert p.returncode == 2 and "report.json:1:" in p.stderr

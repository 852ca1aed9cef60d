"""The engine's bounds against hostile servers (issue 20 item 1): a run
always ends, in bounded time and memory, with a complete report; every
bound that triggers is listed in report.json "bounds" and turns what it
hid into ERROR with the reason (exit 1); a redirect is ERROR, never FAIL.
The servers are tests/py/faultserver_bounds.py on loopback."""
import json
import os
import subprocess
import sys
import time

from conf_helpers import HERE, Run, _Process

SERVER = os.path.join(HERE, "faultserver_bounds.py")


class BoundsServer(_Process):
    def __init__(self, mode, arg="", *opts):
        args = [sys.executable, SERVER, mode] + ([str(arg)] if arg != "" else []) + list(opts)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"faultserver_bounds did not start: {line} {self.proc.stderr.read()}")
        self.ird = f"http://127.0.0.1:{line}/directory"


def run_measured(altospec, url, *args, report_dir, timeout=120):
    """Runs conform under os.wait4: (Run, peak RSS of that process in MB)."""
    cmd = [altospec, "conform", url, *args, "--quiet", "--report-dir", str(report_dir)]
    t0 = time.monotonic()
    with open(f"{report_dir}.out", "w+") as fo, open(f"{report_dir}.err", "w+") as fe:
        # Under ASan freed memory waits in a quarantine (256 MB by default)
        # and would count as resident: keep it small so RSS measures us.
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "quarantine_size_mb=4"]))
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env)
        deadline = t0 + timeout
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                os.wait4(p.pid, 0)
                raise AssertionError(f"conform did not end in {timeout} s")
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        p.stdout, p.stderr = fo.read(), fe.read()
    return Run(p, str(report_dir), time.monotonic() - t0), ru.ru_maxrss / 1024.0


def complete(run):
    """The report is whole: every selected case has a result and a reason."""
    rep = run.report
    assert rep is not None, run.err
    assert rep["summary"]["total"] == len(rep["results"]) > 0
    assert all(r["reason"] or r["verdict"] == "PASS" for r in rep["results"])
    return rep


def test_100k_resource_ird(altospec, tmp_path):
    with BoundsServer("big-ird", 100000) as s:
        run, rss = run_measured(altospec, s.ird, report_dir=tmp_path / "r", timeout=120)
    rep = complete(run)
    assert run.rc == 1, run.err
    assert [b["bound"] for b in rep["bounds"]] == ["max-resources"]
    assert len(rep["probe"]["resources"]) == 1000
    assert rep["requests"] < 1200                  # one GET per kept resource at most, not 100k
    # What the cap hid cannot be certified: no PASS, no SKIP, no UNSUPPORTED.
    assert set(r["verdict"] for r in rep["results"]) <= {"ERROR", "FAIL", "WARN"}
    assert all("--max-resources" in r["reason"] for r in rep["results"] if r["verdict"] == "ERROR")
    assert run.elapsed < 60 and rss < 400, (run.elapsed, rss)


def test_100k_resource_ird_checked_in_linear_time(altospec, tmp_path):
    """All 100k entries kept: the closure-wide checks (unique ids, uses,
    one cost map per key, GET/POST twins) finish in seconds; the pairwise
    unique-id loop took 5.4 s at 16k and did not end at 100k."""
    only = ["rfc7285/9.1.1/unique-resource-ids", "rfc7285/9.2.2/uses-defined", "rfc7285/9.2.2/relative-uris",
            "rfc7285/11.2.3.5/unique-key", "rfc7285/9.2.2/get-post-entries", "rfc7285/11.4.1.4/pid-property",
            "rfc7285/10.2/resource-ids"]
    args = ["--max-resources", "200000"] + [a for o in only for a in ("--only", o)]
    with BoundsServer("big-ird", 100000) as s:
        run, _ = run_measured(altospec, s.ird, *args, report_dir=tmp_path / "r", timeout=60)
    rep = complete(run)
    assert rep["bounds"] == [] and len(rep["probe"]["resources"]) == 100009  # 8 + 100k + 1 delegated
    res = run.results()
    assert res["rfc7285/9.1.1/unique-resource-ids"]["verdict"] == "PASS"
    assert res["rfc7285/9.1.1/unique-resource-ids"]["checked"] == 100009
    assert sum(r["elapsed"] for r in rep["results"]) < 10, [(r["id"], r["elapsed"]) for r in rep["results"]]


def test_deadline_stops_the_get_of_every_entry(altospec, tmp_path):
    """A deadline that passes while rfc7285/9.2.2/get-resources asks each
    entry (400 extra entries, each answered after 50 ms: 20 s of GETs, a
    small IRD so the probe ends well before): the case stops asking at the
    deadline, one ERROR naming how many entries were left, not one "not
    sent" exchange per entry left (100k of them took 3.5 s past the
    deadline), and the run ends at the deadline."""
    args = ["--deadline", "4", "--only", "rfc7285/9.2.2/get-resources"]
    with BoundsServer("big-ird", 400, "--extra-delay", "0.05") as s:
        run, _ = run_measured(altospec, s.ird, *args, report_dir=tmp_path / "r", timeout=60)
    rep = complete(run)
    assert run.rc == 1, run.err
    assert [b["bound"] for b in rep["bounds"]] == ["deadline"]
    r = run.results()["rfc7285/9.2.2/get-resources"]
    assert r["verdict"] == "ERROR" and "entries left unasked" in r["reason"], r["reason"]
    assert rep["requests"] < 400
    assert run.elapsed < 4 + 3, run.elapsed


def test_100k_delegated_irds(altospec, tmp_path, root):
    from conf_helpers import schema_errors
    with BoundsServer("many-delegated", 100000) as s:
        run, rss = run_measured(altospec, s.ird, report_dir=tmp_path / "r", timeout=120)
    rep = complete(run)
    assert run.rc == 1
    assert len(rep["probe"]["irds"]) == 16         # the root and 15 delegated, not 100k
    bounds = {b["bound"]: b for b in rep["bounds"]}
    assert set(bounds) == {"max-irds", "max-resources"}
    assert "--max-irds" in bounds["max-irds"]["message"]
    schema = json.load(open(os.path.join(root, "reports", "conformance-report.schema.json")))
    assert schema_errors(rep, schema) == []
    assert set(r["verdict"] for r in rep["results"]) <= {"ERROR", "FAIL", "WARN"}
    assert run.elapsed < 60 and rss < 400, (run.elapsed, rss)


def test_every_response_just_under_the_timeout(altospec, tmp_path):
    with BoundsServer("slow", 0.8) as s:
        run, _ = run_measured(altospec, s.ird, "--timeout", "1", "--deadline", "5",
                              report_dir=tmp_path / "r", timeout=60)
    rep = complete(run)
    assert run.rc == 1
    assert run.elapsed < 5 + 2, run.elapsed        # the deadline, not 146 cases x 0.8 s
    assert rep["options"]["deadline"] == 5
    assert [b["bound"] for b in rep["bounds"]] == ["deadline"]
    assert "bound reached: the run deadline of 5 s passed (--deadline SECONDS raises it)" in run.err
    late = [r for r in rep["results"] if "deadline" in r["reason"]]
    assert len(late) >= 100 and all(r["verdict"] == "ERROR" for r in late)
    assert rep["requests"] <= 8


def test_endless_chunked_bodies(altospec, tmp_path):
    """Each endless body is cut at --max-body as it streams in, and the
    cut bodies are not all kept: memory stays near one body, not one per
    request (about 35 requests: 280 MB if each were kept)."""
    with BoundsServer("endless") as s:
        run, rss = run_measured(altospec, s.ird, "--max-body", "8000000", "--evidence-budget", "16000000",
                                report_dir=tmp_path / "r", timeout=120)
    rep = complete(run)
    assert run.rc == 1
    assert rss < 120, rss
    res = run.results()
    r = res["rfc7285/11.2.1.6/vtag"]
    assert r["verdict"] == "ERROR" and "exceeds the cap of 8000000 bytes" in r["reason"], r
    body = r["evidence"][0]["response"]
    assert body["body_truncated"] and body["body_bytes"] == 8000000 and len(body["body_sha256"]) == 64
    assert not run.verdicts("FAIL")
    assert os.path.getsize(os.path.join(run.dir, "report.json")) < 20 << 20


def test_evidence_budget_keeps_prefix_and_digest(altospec, tmp_path):
    """A budget of 1 byte: every body over 8 KiB (here the 30 KB IRD) is
    kept as its first 8 KiB and the SHA-256 of all of it, yet judged
    whole: the verdicts equal those of a run with the default budget."""
    import hashlib
    import urllib.request
    with BoundsServer("big-ird", 300) as s:
        small = run_measured(altospec, s.ird, "--evidence-budget", "1", report_dir=tmp_path / "s")[0]
        full = run_measured(altospec, s.ird, report_dir=tmp_path / "f")[0]
        ird = urllib.request.urlopen(s.ird).read()
    assert len(ird) > 8192
    assert {r["id"]: r["verdict"] for r in small.report["results"]} == \
        {r["id"]: r["verdict"] for r in full.report["results"]}
    assert small.rc == full.rc == 0, small.err
    assert [b["bound"] for b in small.report["bounds"]] == ["evidence-budget"]
    assert full.report["bounds"] == []
    ev = small.results()["rfc7285/9.2/ird-get"]["evidence"][0]["response"]
    assert ev["body_sha256"] == hashlib.sha256(ird).hexdigest()
    assert ev["body_bytes"] == len(ird) and ev["body_truncated"]
    assert len(ev["body"].encode()) <= 8192
    assert "body_sha256" not in full.results()["rfc7285/9.2/ird-get"]["evidence"][0]["response"]


def test_redirect_on_every_request_is_error_not_fail(altospec, tmp_path):
    with BoundsServer("redirect") as s:
        run, _ = run_measured(altospec, s.ird, report_dir=tmp_path / "r", timeout=60)
    rep = complete(run)
    assert run.rc == 1
    assert run.verdicts("FAIL") == [] and run.verdicts("WARN") == []
    errors = run.verdicts("ERROR")
    assert len(errors) >= 40
    redirected = [e for e in errors if "redirect" in run.results()[e]["reason"]]
    assert len(redirected) >= 40
    assert all("cannot judge" in run.results()[e]["reason"] for e in redirected)
    assert run.results()["rfc7285/11.2.1.6/vtag"]["verdict"] == "ERROR"


def test_bounds_flags_reject_bad_values(altospec, tmp_path):
    for flag, bad in [("--deadline", "0"), ("--max-resources", "0"), ("--max-irds", "x"),
                      ("--ird-depth", "-1"), ("--evidence-budget", "-5")]:
        p = subprocess.run([altospec, "conform", "http://127.0.0.1:9/directory", flag, bad],
                           capture_output=True, text=True, timeout=10)
        assert p.returncode == 2 and flag in p.stderr, (flag, p.stderr)


def test_help_documents_every_bound(altospec):
    out = subprocess.run([altospec, "conform", "--help"], capture_output=True, text=True, timeout=10).stdout
    for flag, default in [("--deadline", "300"), ("--max-resources", "1000"), ("--max-irds", "16"),
                          ("--ird-depth", "3"), ("--evidence-budget", "67108864"), ("--max-body", "67108864")]:
        line = out[out.index(flag):]
        assert f"default {default}" in line[:400], flag

"""CLI contract of `altospec conform`: selection, listing, coverage,
expectations files and exit codes (0 as expected, 1 unexpected, 2 usage or
configuration error)."""
import os
import subprocess

from conf_helpers import FaultServer, conform


def run(altospec, *args):
    return subprocess.run([altospec, "conform", *args], capture_output=True, text=True, timeout=60)


def test_list_and_selection(altospec):
    p = run(altospec, "--list")
    assert p.returncode == 0
    ids = [line.split()[0] for line in p.stdout.splitlines()]
    assert len(ids) >= 130 and len(set(ids)) == len(ids)
    # Default: every suite, in registry order.
    assert all(i.startswith(("rfc7285/", "rfc9275/")) for i in ids)
    assert ids.index("rfc9275/7.2.6/two-parts") > max(k for k, i in enumerate(ids) if i.startswith("rfc7285/"))
    one = [line.split()[0] for line in run(altospec, "--list", "--suite", "rfc9275").stdout.splitlines()]
    assert one and all(i.startswith("rfc9275/") for i in one)
    both = run(altospec, "--list", "--suite", "rfc9275", "--suite", "rfc7285,rfc9275").stdout.split()
    assert len([w for w in both if w.startswith("rfc")]) == len(ids)
    p = run(altospec, "--list", "--only", "rfc7285/11.3.2", "--exclude", "*constraint*")
    sel = [line.split()[0] for line in p.stdout.splitlines()]
    assert sel and all(i.startswith("rfc7285/11.3.2.") and "constraint" not in i for i in sel)


def test_no_matching_case_is_exit_2(altospec):
    p = run(altospec, "--only", "rfc7285/99.*")
    assert p.returncode == 2 and "matches no case" in p.stderr
    p = run(altospec, "--only", "rfc7285/11.2.1", "--exclude", "rfc7285/11.2.1")
    assert p.returncode == 2


def test_usage_errors_exit_2(altospec):
    assert run(altospec, "--bogus").returncode == 2
    assert run(altospec, "--timeout", "soon").returncode == 2
    assert run(altospec, "--suite", "rfc9999").returncode == 2
    assert run(altospec, "--help").returncode == 0


def test_coverage_listing(altospec, root):
    p = run(altospec, "--list", "--coverage")
    assert p.returncode == 0, p.stderr
    listed = run(altospec, "--list").stdout.split()
    for cid in (w for w in listed if w.startswith(("rfc7285/", "rfc9275/"))):
        assert f"-> {cid}" in p.stdout, cid
    assert "== rfc7285:" in p.stdout and "== rfc9275:" in p.stdout
    assert "not testable over the wire" in p.stdout
    assert '"An ALTO server MUST provide at least one network map."' in p.stdout


def test_coverage_file_errors_name_position(altospec, tmp_path):
    f = tmp_path / "reqs.yaml"
    f.write_text("suite: rfc7285\nrequirements:\n  - section: '9.2'\n    level: MUST\n"
                 "    text: x\n    cases: [rfc7285/9.2/no-such-case]\n")
    p = run(altospec, "--list", "--coverage", "--requirements", str(f))
    assert p.returncode == 2
    assert f"{f}:6:" in p.stderr and "no-such-case" in p.stderr


def test_expectations_baseline(altospec, tmp_path):
    exp = tmp_path / "expect.yaml"
    exp.write_text("expect:\n"
                   "  - case: \"rfc7285/11.3.2.3/constraint*\"\n"
                   "    verdict: FAIL\n"
                   "    reason: constraints not implemented\n")
    with FaultServer("fcm-ignores-constraints") as fs:
        r = conform(altospec, fs.ird, "--expect", str(exp), report_dir=tmp_path / "a")
        assert r.rc == 0, r.out + r.err
        res = r.results()["rfc7285/11.3.2.3/constraint-gt"]
        assert res["verdict"] == "FAIL" and res["as_expected"] is True
        assert res["expected"] == {"verdict": "FAIL", "reason": "constraints not implemented"}
    # The same baseline against a fixed server: the unexpected PASS is reported.
    with FaultServer() as fs:
        r = conform(altospec, fs.ird, "--expect", str(exp), report_dir=tmp_path / "b")
    assert r.rc == 1
    res = r.results()["rfc7285/11.3.2.3/constraint-gt"]
    assert res["verdict"] == "PASS" and res["as_expected"] is False
    assert "unexpected" in r.out


def test_bad_expectations_file_names_position(altospec, tmp_path):
    exp = tmp_path / "bad.yaml"
    exp.write_text("expect:\n  - case: rfc7285/9.2/ird-get\n    verdict: BROKEN\n")
    p = run(altospec, "--expect", str(exp))
    assert p.returncode == 2
    assert f"{exp}:3:" in p.stderr and "BROKEN" in p.stderr
    exp.write_text("expect:\n  - case: rfc7285/no/such\n    verdict: FAIL\n")
    p = run(altospec, "--expect", str(exp))
    assert p.returncode == 2 and f"{exp}:2:" in p.stderr and "matches no case" in p.stderr
    exp.write_text("expect:\n  - case: rfc7285/9.2/ird-get\n    verdict: FAIL\n    typo: 1\n")
    p = run(altospec, "--expect", str(exp))
    assert p.returncode == 2 and f"{exp}:4:" in p.stderr


def test_example_expectations_file_loads(altospec, root, tmp_path):
    ex = os.path.join(root, "scenarios", "conformance", "example-expect.yaml")
    with FaultServer("fcm-ignores-constraints") as fs:
        r = conform(altospec, fs.ird, "--expect", ex, report_dir=tmp_path)
    assert r.rc == 0, r.out + r.err


def test_strict_turns_warn_into_fail(altospec, tmp_path):
    # The uses-network-map case is a SHOULD: WARN by default, FAIL under --strict.
    with FaultServer("ird-uses-undefined") as fs:
        r = conform(altospec, fs.ird, "--only", "rfc7285/9.2.2/uses-network-map", report_dir=tmp_path / "a")
        assert r.rc == 0 and r.verdicts("WARN") == ["rfc7285/9.2.2/uses-network-map"]
        r = conform(altospec, fs.ird, "--only", "rfc7285/9.2.2/uses-network-map", "--strict",
                    report_dir=tmp_path / "b")
        assert r.rc == 1 and r.verdicts("FAIL") == ["rfc7285/9.2.2/uses-network-map"]


def test_junit_option(altospec, tmp_path):
    j = tmp_path / "out.xml"
    with FaultServer() as fs:
        p = run(altospec, fs.ird, "--junit", str(j), "--only", "rfc7285/9")
    assert p.returncode == 0 and j.read_text().startswith("<?xml")


def test_validate_file(altospec, data):
    ex = os.path.join(data, "rfc", "examples", "rfc7285")
    p = run(altospec, "--validate-file", "costmap", os.path.join(ex, "11.2.3.7-2-resp.json"))
    assert p.returncode == 0 and "valid" in p.stdout
    p = run(altospec, "--validate-file", "ird", os.path.join(ex, "9.2.3-2-resp.json"))
    assert p.returncode == 1 and "not valid JSON" in p.stderr
    p = run(altospec, "--validate-file", "nonsense", os.path.join(ex, "11.2.3.7-2-resp.json"))
    assert p.returncode == 2


def test_tls_trust_options(altospec, root, tmp_path):
    """--cacert verifies an https server with a given CA; --insecure turns
    verification off (and says so in the report and the curl lines);
    without either, an untrusted certificate ends the run: exit 2, cause
    "tls", never a pass."""
    import shutil
    from conf_helpers import RefServer
    openssl = shutil.which("openssl")
    if not openssl:
        import pytest
        pytest.skip("openssl is not installed")
    key, crt = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(crt),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    with RefServer(altospec, os.path.join(root, "scenarios", "ietf113", "topology.yaml"),
                   "--tls-cert", str(crt), "--tls-key", str(key)) as srv:
        ird = srv.ird
        assert ird.startswith("https://127.0.0.1:")
        sel = ("--suite", "rfc7285", "--only", "rfc7285/9.2")
        r = conform(altospec, ird, *sel, report_dir=tmp_path / "untrusted")
        assert r.rc == 2 and r.report["error"]["cause"] == "tls", r.out + r.err
        assert r.report["results"] == [] and "TLS" in r.err
        r = conform(altospec, ird, *sel, "--cacert", str(crt), report_dir=tmp_path / "ca")
        assert r.rc == 0 and r.verdicts("ERROR") == [] and r.verdicts("PASS"), r.out + r.err
        assert r.report["options"]["cafile"] == str(crt) and r.report["options"]["insecure"] is False
        assert all("--cacert" in x["curl"] for res in r.report["results"] for x in res["evidence"])
        r = conform(altospec, ird, *sel, "--insecure", report_dir=tmp_path / "k")
        assert r.rc == 0 and r.report["options"]["insecure"] is True
        assert all(x["curl"].startswith("curl -sS -i -k ") for res in r.report["results"] for x in res["evidence"])


# ---- runs that cannot start: one line, exit 2, a report that says why ----

def _assert_fatal(run, cause, words):
    assert run.rc == 2, run.out + run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], run.err
    assert run.report["error"]["cause"] == cause
    assert run.report["error"]["message"] in lines[0]
    assert run.report["results"] == [] and run.report["summary"]["total"] == 0
    for name in ("report.html", "summary.md", "junit.xml"):
        assert os.path.exists(os.path.join(run.dir, name)), name


def test_argument_that_is_not_a_url(altospec, tmp_path, root):
    for arg in ("foo", "ftp://127.0.0.1/directory", "http://"):
        run = conform(altospec, arg, report_dir=tmp_path / arg.replace("/", "_"))
        _assert_fatal(run, "not-a-url", "is not an http(s) URL")
        assert run.report["requests"] == 0
    import json
    schema = json.load(open(os.path.join(root, "reports", "conformance-report.schema.json")))
    from conf_helpers import schema_errors
    assert schema_errors(run.report, schema) == []
    # `altospec report` re-renders a report of a run that did not start.
    p = subprocess.run([altospec, "report", run.dir], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "did not start" in open(os.path.join(run.dir, "report.html")).read()


def test_dns_failure(altospec, tmp_path):
    run = conform(altospec, "http://no-such-host.invalid/directory", "--timeout", "5", report_dir=tmp_path)
    _assert_fatal(run, "dns", "does not resolve")


def test_url_that_is_not_an_alto_directory(altospec, tmp_path):
    with FaultServer() as fs:
        base = fs.ird.rsplit("/", 1)[0]
        for path, words in (("/no-such-page", "HTTP 404"), ("/_page", "not valid JSON"),
                            ("/_json", "without \"resources\"")):
            run = conform(altospec, base + path, report_dir=tmp_path / path.strip("/"))
            _assert_fatal(run, "not-an-ird", words)
            assert run.report["error"]["exchange"]["request"]["url"] == base + path


def test_report_paths_get_their_directories(altospec, tmp_path):
    """--report-dir and --junit create missing parents (the README example)."""
    with FaultServer() as fs:
        p = run(altospec, fs.ird, "--only", "rfc7285/9.2", "--report-dir", str(tmp_path / "out" / "conf"),
                "--junit", str(tmp_path / "ci" / "deep" / "junit.xml"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert (tmp_path / "out" / "conf" / "report.json").exists()
    assert (tmp_path / "ci" / "deep" / "junit.xml").read_text().startswith("<?xml")
    assert not [f for f in os.listdir(tmp_path / "out" / "conf") if ".tmp" in f]

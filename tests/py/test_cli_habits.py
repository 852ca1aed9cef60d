"""The command-line habits of issue 19 item 4: one line and a hint for a
wrong option, "did you mean", -V, colour only on a terminal (--color,
NO_COLOR), progress only on a terminal, run --junit and report --junit,
clear messages for a port in use and a missing file, --verbose exchanges.

Where a terminal matters the command runs on a pseudo-terminal (pty), so
isatty() is what it is for a person at a shell."""
import os
import pty
import re
import select
import socket
import subprocess
import xml.etree.ElementTree as ET

import pytest

D1 = "scenarios/ietf113/d1.yaml"


def run(altospec, *args, env=None, **kw):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return subprocess.run([altospec, *args], capture_output=True, text=True, timeout=120, env=e, **kw)


def run_pty(altospec, *args, stream="stderr", env=None, cwd=None):
    """Runs with `stream` on a pty (the other on a pipe): (rc, pty bytes, pipe text)."""
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["TERM"] = "xterm"
    e.update(env or {})
    m, s = pty.openpty()
    kw = {"stdout": s, "stderr": subprocess.PIPE} if stream == "stdout" else {"stdout": subprocess.PIPE, "stderr": s}
    p = subprocess.Popen([altospec, *args], env=e, cwd=cwd, **kw)
    os.close(s)
    got = b""
    while True:
        r, _, _ = select.select([m], [], [], 120)
        if not r:
            p.kill()
            raise AssertionError("no output for 120 s")
        try:
            d = os.read(m, 65536)
        except OSError:     # EIO: the child closed the pty
            break
        if not d:
            break
        got += d
    os.close(m)
    other = (p.stderr if stream == "stdout" else p.stdout).read().decode()
    p.wait(timeout=60)
    return p.returncode, got, other


# ---- mistakes: one line, a hint, a suggestion ----------------------------------

@pytest.mark.parametrize("cmd", ["run", "serve", "conform", "matrix", "report", "validate", "merge"])
def test_unknown_option_is_one_line_and_a_hint(altospec, cmd):
    r = run(altospec, cmd, "--bogus-option", "x")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert lines == [f"altospec {cmd}: unknown option '--bogus-option'", f"try 'altospec {cmd} --help'"], r.stderr
    assert "usage:" not in r.stderr


@pytest.mark.parametrize("cmd,typo,meant", [
    ("run", "--sed", "--seed"), ("run", "--backnd=flow", "--backend"), ("serve", "--topolgy", "--topology"),
    ("conform", "--timout", "--timeout"), ("matrix", "--shrad", "--shard"),
    # The options every command takes are suggested too.
    ("run", "--colr=never", "--color"), ("conform", "--verbos", "--verbose"),
])
def test_did_you_mean_option(altospec, cmd, typo, meant):
    r = run(altospec, cmd, typo, "1")
    assert r.returncode == 2
    assert f"did you mean '{meant}'?" in r.stderr.splitlines()[0]
    assert r.stderr.splitlines()[1] == f"try 'altospec {cmd} --help'"


def test_did_you_mean_command(altospec):
    r = run(altospec, "confrom")
    assert r.returncode == 2
    assert r.stderr.splitlines() == ["altospec: unknown command 'confrom'; did you mean 'conform'?",
                                     "try 'altospec --help'"]
    r = run(altospec, "frobnicate")
    assert r.returncode == 2 and r.stderr.splitlines() == ["altospec: unknown command 'frobnicate'",
                                                          "try 'altospec --help'"]


def test_missing_value_and_value_on_flag(altospec):
    r = run(altospec, "run", D1, "--seed")
    assert r.returncode == 2 and r.stderr.splitlines() == [
        "altospec run: incomplete option '--seed': it needs a value", "try 'altospec run --help'"]
    r = run(altospec, "run", D1, "--quiet=1")
    assert r.returncode == 2 and r.stderr.splitlines()[0] == "altospec run: option '--quiet' takes no value"
    r = run(altospec, "conform", "--list", "--junit")
    assert r.returncode == 2 and r.stderr.splitlines() == [
        "altospec conform: incomplete option '--junit': it needs a value", "try 'altospec conform --help'"]


@pytest.mark.parametrize("args", [["-V"], ["--version"], ["version"]])
def test_version(altospec, args):
    r = run(altospec, *args)
    assert r.returncode == 0 and re.fullmatch(r"altospec \d+\.\d+\.\d+\n", r.stdout)


def test_help_still_lists_everything(altospec):
    r = run(altospec, "run", "--help")
    assert r.returncode == 0 and "--junit FILE" in r.stdout and "--size-scale" in r.stdout
    r = run(altospec, "--help")
    assert "--color=WHEN" in r.stdout and "--verbose" in r.stdout


# ---- clear messages ---------------------------------------------------------------

def test_port_in_use(altospec, root):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run(altospec, "serve", "--topology", os.path.join(root, "scenarios/ietf113/topology.yaml"),
                "--listen", f"127.0.0.1:{port}")
    assert r.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in r.stderr
    assert "port 0" in r.stderr     # says how to get a free one


@pytest.mark.parametrize("name", ["absent.graphml", "absent.yaml"])
def test_missing_file(altospec, tmp_path, name):
    p = tmp_path / name
    r = run(altospec, "validate", str(p))
    assert r.returncode == 2
    assert r.stderr.strip() == f"{p}: cannot open: No such file or directory"
    r = run(altospec, "serve", "--topology", str(p))
    assert r.returncode == 2 and f"{p}: cannot open: No such file or directory" in r.stderr


# ---- colour -------------------------------------------------------------------------

ESC = b"\x1b["


def test_colour_only_on_a_terminal(altospec, root, tmp_path):
    args = ["run", D1, "--report-dir", str(tmp_path / "r")]
    rc, out, _ = run_pty(altospec, *args, stream="stdout", cwd=root)
    assert rc == 0 and ESC + b"32mMET" in out
    r = run(altospec, *args, cwd=root)          # a pipe: no colour
    assert r.returncode == 0 and "\x1b[" not in r.stdout and "expectation MET" in r.stdout
    r = run(altospec, *args, "--color=always", cwd=root)
    assert "\x1b[32mMET\x1b[0m" in r.stdout
    r = run(altospec, "--color", "always", *args, cwd=root)     # before the command too
    assert "\x1b[32mMET\x1b[0m" in r.stdout
    rc, out, _ = run_pty(altospec, *args, "--color=never", stream="stdout", cwd=root)
    assert rc == 0 and ESC not in out and b"expectation MET" in out
    rc, out, _ = run_pty(altospec, *args, stream="stdout", env={"NO_COLOR": "1"}, cwd=root)
    assert rc == 0 and ESC not in out
    r = run(altospec, *args, "--color=sometimes", cwd=root)
    assert r.returncode == 2 and 'expected auto, always or never, got "sometimes"' in r.stderr


def test_conform_verdicts_coloured(altospec, root, tmp_path):
    args = ["conform", "--only", "rfc7285/9*", "--report-dir", str(tmp_path / "c"), "--color=always"]
    r = run(altospec, *args, cwd=root)
    assert r.returncode == 0 and "\x1b[32mPASS\x1b[0m" in r.stdout
    r = run(altospec, *args[:-1], cwd=root)
    assert "\x1b[" not in r.stdout and " PASS" in r.stdout


# ---- progress -----------------------------------------------------------------------

def test_progress_on_a_terminal_only(altospec, root, tmp_path):
    args = ["run", D1, "--report-dir", str(tmp_path / "r"), "--quiet"]
    rc, err, out = run_pty(altospec, *args, stream="stderr", cwd=root)
    assert rc == 0
    assert b"\r\x1b[Ksweep: requests, each replica alone: 1/1 (100%)" in err
    # throttled to ten redraws a second, but the last step always shows
    assert re.search(rb"simulating \S+ \(policy runs\): 15/15 \(100%\)", err)
    assert err.endswith(b"\r\x1b[K")               # the line is cleared at the end
    assert "\r" not in out                          # stdout untouched
    r = run(altospec, *args, cwd=root)
    assert r.returncode == 0 and r.stderr == ""     # a pipe: nothing at all


# ---- JUnit --------------------------------------------------------------------------

def junit_cases(path):
    suite = ET.parse(path).getroot().find("testsuite")
    return suite, suite.findall("testcase")


def test_run_junit_each_expectation_a_testcase(altospec, root, tmp_path):
    import json
    j = tmp_path / "out" / "run.xml"
    j.parent.mkdir()
    r = run(altospec, "run", D1, "--report-dir", str(tmp_path / "r"), "--quiet", "--junit", str(j), cwd=root)
    assert r.returncode == 0 and f"junit:  {j}" in r.stdout
    rep = json.load(open(tmp_path / "r" / "report.json"))
    suite, cases = junit_cases(j)
    assert suite.get("name") == "ietf113-demo1"
    assert [c.get("name") for c in cases] == [e["text"] for e in rep["expectations"]]
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "0"
    assert all(c.find("failure") is None for c in cases)
    # report DIR --junit FILE writes the same file from the stored report
    j2 = tmp_path / "again.xml"
    r = run(altospec, "report", str(tmp_path / "r"), "--junit", str(j2))
    assert r.returncode == 0 and j2.read_bytes() == j.read_bytes()


def test_run_junit_failure(altospec, root, tmp_path):
    """A scenario whose expectation fails: exit 1, and the testcase says so."""
    src = open(os.path.join(root, D1)).read()
    old = "{policy: alto-bandwidth, faster-than: alto-latency, by-at-least: 4}"
    assert old in src
    topo = os.path.join(root, "scenarios/ietf113/topology.yaml")
    sc = tmp_path / "d1-strict.yaml"
    sc.write_text(src.replace(old, old.replace("4}", "40}"), 1).replace("topology: topology.yaml", f"topology: {topo}"))
    j = tmp_path / "j.xml"
    r = run(altospec, "run", str(sc), "--report-dir", str(tmp_path / "r"), "--quiet", "--junit", str(j), cwd=root)
    assert r.returncode == 1, r.stderr
    suite, cases = junit_cases(j)
    failed = [c for c in cases if c.find("failure") is not None]
    assert suite.get("failures") == "1" and len(failed) == 1
    assert "40x" in failed[0].get("name") and "actual 4.97" in failed[0].find("failure").get("message")


# ---- --verbose ----------------------------------------------------------------------

def test_verbose_prints_exchanges(altospec, root, tmp_path):
    args = ["conform", "--only", "rfc7285/9*", "--report-dir", str(tmp_path / "c")]
    r = run(altospec, *args, "--verbose", cwd=root)
    assert r.returncode == 0
    assert re.search(r"^> GET http://127\.0\.0\.1:\d+/directory$", r.stderr, re.M)
    assert re.search(r"^< 200 application/alto-directory\+json, \d+ bytes in ", r.stderr, re.M)
    r = run(altospec, *args, cwd=root)
    assert "> GET" not in r.stderr


# ---- provenance: the "generated" object -------------------------------------------

def check_generated(g, words):
    assert g["tool"] == "altospec" and re.fullmatch(r"\d+\.\d+\.\d+", g["version"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", g["utc"])
    assert g["command"] == words       # as typed, before getopt reorders argv


def test_generated_in_run_and_conformance_reports(altospec, root, tmp_path):
    import json
    r = run(altospec, "run", D1, "--report-dir", str(tmp_path / "r"), "--quiet", "--seed", "5", cwd=root)
    assert r.returncode == 0, r.stderr
    rep = json.load(open(tmp_path / "r" / "report.json"))
    check_generated(rep["generated"], ["altospec", "run", D1, "--report-dir", str(tmp_path / "r"),
                                       "--quiet", "--seed", "5"])
    page = open(tmp_path / "r" / "report.html").read()
    v = rep["generated"]["version"]
    assert f"<title>altospec {v} run: ietf113-demo1</title>" in page
    assert f"Generated by altospec {v} at {rep['generated']['utc']} (UTC) by <code>altospec run {D1}" in page
    r = run(altospec, "conform", "--only", "rfc7285/9*", "--report-dir", str(tmp_path / "c"), cwd=root)
    rep = json.load(open(tmp_path / "c" / "report.json"))
    check_generated(rep["generated"], ["altospec", "conform", "--only", "rfc7285/9*",
                                       "--report-dir", str(tmp_path / "c")])
    page = open(tmp_path / "c" / "report.html").read()
    assert f"<title>altospec {v} conformance: rfc7285" in page
    assert "by <code>altospec conform --only 'rfc7285/9*' --report-dir" in page   # quoted for a shell

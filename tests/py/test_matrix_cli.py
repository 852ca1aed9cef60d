"""Bad implementations files: each a file:line:col error naming the field,
exit 2, and nothing started (the file's first implementation would create
a marker file if the harness started anything)."""
import os

import pytest

from mtx_helpers import run_matrix

GOOD = """implementations:
  - name: first
    start: {command: [/bin/touch, "{here}/started"]}
    ird: "http://127.0.0.1:{port}/directory"
"""

CASES = [
    ("missing-command", GOOD + """  - name: second
    start: {env: {A: b}}
    ird: "http://127.0.0.1:{port}/directory"
""", '6:12: implementations[1].start: missing required member "command"'),
    ("no-start-no-url", GOOD + """  - name: second
    ird: "http://127.0.0.1:{port}/directory"
""", '5:5: implementations[1]: missing "start"'),
    ("port-twice", GOOD + """  - name: second
    start:
      command: [server, --port, "{port}", --admin-port, "{port}"]
    ird: "http://127.0.0.1:{port}/directory"
""", "7:57: implementations[1].start.command[4]: the port placeholder {port} is used twice"),
    ("port-twice-env", GOOD + """  - name: second
    start:
      command: [server, --port, "{port}"]
      env: {PORT: "{port}"}
    ird: "http://127.0.0.1:{port}/directory"
""", "8:19: implementations[1].start.env.PORT: the port placeholder {port} is used twice"),
    ("unknown-suite", GOOD + """  - name: second
    start: {command: [server]}
    ird: "http://127.0.0.1:{port}/directory"
    suites: [rfc7285, rfc4242]
""", '8:23: implementations[1].suites[1]: unknown suite "rfc4242" (this altospec has: rfc7285, rfc9275'),
    ("duplicate-name", GOOD + """  - name: first
    start: {command: [server]}
    ird: "http://127.0.0.1:{port}/directory"
""", '5:11: implementations[1].name: duplicate implementation name "first" (first at line 2)'),
    ("unknown-member", GOOD + """  - name: second
    start: {command: [server], retries: 3}
    ird: "http://127.0.0.1:{port}/directory"
""", "6:41: implementations[1].start.retries: unknown member"),
    ("unknown-placeholder", GOOD + """  - name: second
    start: {command: [server, "{prot}"]}
    ird: "http://127.0.0.1:{port}/directory"
""", '6:31: implementations[1].start.command[1]: unknown placeholder "{prot}"'),
    ("bad-regex", GOOD + """  - name: second
    start: {command: [server]}
    ready: {output: "port ([0-9]+"}
    ird: "http://127.0.0.1:{port}/directory"
""", "7:21: implementations[1].ready.output: not a POSIX extended regular expression"),
    ("bad-name", GOOD + """  - name: "../up"
    start: {command: [server]}
    ird: "http://127.0.0.1:{port}/directory"
""", "5:11: implementations[1].name: a name is letters"),
    ("no-ird", GOOD + """  - name: second
    start: {command: [server]}
""", '5:5: implementations[1]: missing required member "ird"'),
    ("bad-timeout", GOOD + """  - name: second
    start: {command: [server]}
    ready: {timeout: 10}
    ird: "http://127.0.0.1:{port}/directory"
""", '7:22: implementations[1].ready.timeout: expected a duration like "25ms", got 10'),
    ("missing-expect", GOOD + """  - name: second
    start: {command: [server]}
    ird: "http://127.0.0.1:{port}/directory"
    expect: nowhere.yaml
""", "8:13: implementations[1].expect: cannot read expectations file"),
    ("demo-unknown-host", GOOD + """  - name: second
    start: {command: [server]}
    ird: "http://127.0.0.1:{port}/directory"
    demos:
      - {scenario: SCEN, addresses: {clinet: 10.0.0.250}}
""", "implementations[1].demos[0].addresses: the scenario with these addresses does not load: "),
]


@pytest.mark.parametrize("name,text,message", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_a_positioned_error_and_starts_nothing(altospec, root, tmp_path, name, text, message):
    text = text.replace("SCEN", os.path.join(root, "scenarios/ietf113/d1.yaml"))
    f = tmp_path / "impls.yaml"
    f.write_text(text)
    r = run_matrix(altospec, str(f), "--report-dir", str(tmp_path / "out"))
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"{f}:" in r.stderr and message in r.stderr, r.stderr
    assert not (tmp_path / "started").exists()
    assert not (tmp_path / "out" / "cells").exists()


def test_a_bad_expectation_entry_names_its_own_file(altospec, tmp_path):
    (tmp_path / "exp.yaml").write_text("expect:\n  - {case: rfc7285/9.2/ird-get, verdict: PASS, reason: r}\n"
                                       "  - {case: rfc8888/x, verdict: FAIL, reason: r}\n")
    f = tmp_path / "impls.yaml"
    f.write_text(GOOD + "    expect: exp.yaml\n")
    r = run_matrix(altospec, str(f))
    assert r.returncode == 2 and f"{tmp_path}/exp.yaml:3:12: expect[1].case: names none of the suites first lists" in r.stderr
    assert not (tmp_path / "started").exists()


def test_usage_errors(altospec, tmp_path):
    assert run_matrix(altospec).returncode == 2
    r = run_matrix(altospec, str(tmp_path / "absent.yaml"))
    assert r.returncode == 2 and "absent.yaml" in r.stderr
    r = run_matrix(altospec, "a.yaml", "--frobnicate", "x")
    assert r.returncode == 2 and "unknown option '--frobnicate'" in r.stderr
    r = run_matrix(altospec, "--help")
    assert r.returncode == 0 and "--shard I/N" in r.stdout

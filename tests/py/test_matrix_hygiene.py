"""Process hygiene of `altospec matrix` (scenarios/matrix/hygiene.yaml): an
implementation that never becomes ready, one that dies mid-run, one that
ignores SIGTERM, and one whose first picked port is "in use" each end as a
clear cell while the rest of the matrix completes; the harness itself,
interrupted, stops what it started.  "Nothing left running" is checked in
the process table: every process the harness starts inherits a token in
its environment, and no live process may carry it afterwards."""
import os
import signal
import subprocess
import time

from mtx_helpers import cell, load, processes_with, run_matrix, token_env


def test_misbehaving_servers_are_clear_cells_and_nothing_is_left(altospec, root, tmp_path):
    tok, env = token_env()
    r = run_matrix(altospec, os.path.join(root, "scenarios/matrix/hygiene.yaml"), "--report-dir", str(tmp_path),
                   env=env, timeout=240)
    assert processes_with(tok) == []
    assert r.returncode == 1, r.stdout + r.stderr      # unexpected cells, not a harness error
    m = load(tmp_path)
    assert m["summary"]["cells"] == 5 and m["summary"]["harness_errors"] == 0
    good = cell(m, "good", "rfc7285")
    assert good["outcome"] == "as-expected" and good["summary"]["PASS"] == good["summary"]["total"] > 0

    nr = cell(m, "never-ready", "rfc7285")
    assert nr["status"] == "did-not-start" and nr["outcome"] == "unexpected"
    assert nr["message"].startswith("did not start: not ready within 1 s")
    assert nr["summary"]["UNSUPPORTED"] == 0 and nr["summary"]["total"] == 0
    assert nr["report"].endswith("server-log.txt") and os.path.isfile(tmp_path / nr["report"])
    assert not os.path.exists(tmp_path / "cells/never-ready/rfc7285/report.json")   # no test ran

    died = cell(m, "dies-mid-run", "rfc7285")
    assert died["status"] == "died" and died["outcome"] == "unexpected"
    assert died["message"] == "died: the server exited with status 0 during the run"
    s = died["summary"]
    assert s["PASS"] > 0 and s["ERROR"] > 0 and s["UNSUPPORTED"] == 0 and s["total"] == good["summary"]["total"]
    assert died["report"].endswith("report.html")

    ign = cell(m, "ignores-sigterm", "rfc7285")
    assert ign["status"] == "ran" and ign["outcome"] == "as-expected"
    assert ign["stop"]["forced"] is True and ign["stop"]["signal"] == "SIGTERM"
    assert ign["stop"]["note"] == "ignored SIGTERM for 1 s (the grace period); killed with SIGKILL"
    assert good["stop"]["forced"] is False

    pick = cell(m, "picked-port", "rfc7285")
    assert pick["outcome"] == "as-expected", pick
    log = open(tmp_path / pick["log"].replace("conform-log.txt", "server-log.txt")).read()
    starts = [l for l in log.splitlines() if l.startswith("== altospec matrix: starting picked-port (port ")]
    assert len(starts) == 2 and "Address already in use" in log
    p1, p2 = (int(l.split("(port ")[1].split(")")[0]) for l in starts)
    assert p1 != p2 and 10000 <= p1 < 32000 and 10000 <= p2 < 32000

    html = open(tmp_path / "matrix.html").read()
    assert "did not start: not ready within 1 s" in html and "died: the server exited" in html
    assert "ignored SIGTERM for 1 s" in html


def test_interrupted_harness_stops_its_servers(altospec, tmp_path):
    """SIGTERM to the harness while a server is starting: the server's group
    is stopped and reaped, and the harness dies of SIGTERM."""
    (tmp_path / "slow.yaml").write_text("""implementations:
  - name: slow
    start: {command: [/bin/sh, -c, "sleep 300 & sleep 300"]}
    ready: {timeout: 120s}
    ird: "http://127.0.0.1:{port}/directory"
""")
    tok, env = token_env()
    p = subprocess.Popen([altospec, "matrix", str(tmp_path / "slow.yaml"), "--report-dir", str(tmp_path / "o")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        # the harness plus its server group: sh and two sleeps
        while len(processes_with(tok)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(processes_with(tok)) >= 4, processes_with(tok)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == -signal.SIGTERM, (p.returncode, out, err)
    assert "interrupted" in err
    deadline = time.monotonic() + 10
    while processes_with(tok) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(tok) == []

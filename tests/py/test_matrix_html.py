"""matrix.html in headless Chromium (Debian `chromium`): the page renders
without console errors or exceptions, has one row per implementation, and
every cell of matrix.json that ran is in the page with a link to a file
that exists (its report.html, or the server's log when it did not start).
Chromium is driven over the DevTools protocol on --remote-debugging-pipe
(fds 3 and 4, NUL-separated JSON), from the standard library alone."""
import fcntl
import json
import re
import os
import shutil
import subprocess
import time
import urllib.parse

import pytest

from mtx_helpers import load, run_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
FAULTSERVER = os.path.join(HERE, "faultserver.py")
CHROMIUM = shutil.which("chromium")


class Chromium:
    """A headless Chromium with one page, spoken to over the DevTools pipe."""

    def __init__(self, profile):
        cmd_r, self.cmd_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        # the child sees our pipe ends as fd 3 (commands in) and 4 (answers
        # out); moved above 10 first so the dup2s cannot clobber each other
        hi = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (cmd_r, resp_w)]
        os.close(cmd_r)
        os.close(resp_w)
        cmd_r, resp_w = hi

        def fds():
            os.dup2(cmd_r, 3)
            os.dup2(resp_w, 4)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(cmd_r)
        os.close(resp_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        tid = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=tid, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.call(f"{domain}.enable", session=True)

    def _read(self, timeout=30):
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self.resp_r, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=False, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m["result"]
            self.events.append(m)

    def wait_event(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self.events.append(self._read(timeout))

    def errors(self):
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(p["exceptionDetails"].get("text"))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(str(p.get("args")))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append(p["entry"].get("text"))
        return out

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.cmd_w, self.resp_r):
            os.close(fd)


@pytest.fixture(scope="module")
def matrix_dir(altospec, root, tmp_path_factory):
    """A small matrix with every kind of cell: suites with sections, a
    server that does not start, a demo that ran and one that cannot run."""
    tmp = tmp_path_factory.mktemp("mhtml")
    topo = os.path.join(root, "scenarios/ietf113/topology.yaml")
    (tmp / "m.yaml").write_text(f"""implementations:
  - name: faultserver
    description: "the fault server <with --pv> & no fault"
    start: {{command: [/usr/bin/python3, {FAULTSERVER}, --port, "{{port}}", --pv]}}
    ird: "http://127.0.0.1:{{port}}/directory"
  - name: never-ready
    start: {{command: [/bin/sleep, "60"]}}
    ready: {{timeout: 500ms}}
    ird: "http://127.0.0.1:{{port}}/directory"
    suites: [rfc7285]
  - name: reference
    start:
      command: ["{{altospec}}", serve, --topology, {topo}, --listen, "127.0.0.1:{{port}}", --quiet, --no-path-vector]
    ready: {{output: 'serving ALTO on http://127\\.0\\.0\\.1:([0-9]+)/'}}
    ird: "http://127.0.0.1:{{port}}/directory"
    suites: [rfc7285]
    demos:
      - scenario: {root}/scenarios/ietf113/d1.yaml
      - {{scenario: {root}/scenarios/ietf113/d2-estimator.yaml, expect: error}}
""")
    r = run_matrix(altospec, str(tmp / "m.yaml"), "--report-dir", str(tmp / "out"), "--quiet")
    assert r.returncode == 1, r.stdout + r.stderr           # never-ready is unexpected
    r = run_matrix(altospec, str(tmp / "m.yaml"), "--report-dir", str(tmp / "shard"), "--quiet", "--shard", "2/2")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return tmp


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (ci/setup installs it)")
@pytest.mark.parametrize("which", ["out", "shard"])
def test_matrix_html_renders_and_every_cell_links_to_a_report(matrix_dir, tmp_path, which):
    d = matrix_dir / which
    m = load(d)
    page = "file://" + urllib.parse.quote(str(d / "matrix.html"))
    b = Chromium(tmp_path / "profile")
    try:
        b.call("Page.navigate", session=True, url=page)
        b.wait_event("Page.loadEventFired")
        res = b.call("Runtime.evaluate", session=True, returnByValue=True, expression="""JSON.stringify({
            rows: document.querySelectorAll('#matrix tbody tr').length,
            title: document.title,
            cells: [...document.querySelectorAll('td.cell')].map(td => ({
                impl: td.dataset.impl, col: td.dataset.column, section: td.dataset.section || null,
                href: td.querySelector('a') ? td.querySelector('a').href : null}))})""")
        got = json.loads(res["result"]["value"])
        errors = b.errors()
    finally:
        b.close()
    assert errors == []
    assert re.fullmatch(r"altospec \d+\.\d+\.\d+ interop matrix", got["title"]), got["title"]
    assert got["rows"] == len(m["implementations"])
    ran = [c for c in m["cells"] if c["status"] != "not-run"]
    assert ran
    for c in ran:
        tds = [x for x in got["cells"] if x["impl"] == c["implementation"] and x["col"] == c["column"]]
        assert tds, c
        for x in tds:
            assert x["href"] and x["href"].startswith("file://"), x
            path = urllib.parse.unquote(urllib.parse.urlparse(x["href"]).path)
            assert os.path.isfile(path), path
            assert path == str(d / c["report"])
    # a suite cell that ran has one td for "all" and one per section column
    col = {c["id"]: c for c in m["columns"]}
    for c in ran:
        if c["status"] == "ran" and c["kind"] == "suite":
            tds = [x for x in got["cells"] if x["impl"] == c["implementation"] and x["col"] == c["column"]]
            assert len(tds) == 1 + len(col[c["column"]]["sections"])
    assert len(got["cells"]) >= len(ran)


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (ci/setup installs it)")
def test_the_console_check_catches_a_broken_page(tmp_path):
    """The check above can fail: a script error and a missing resource show up."""
    (tmp_path / "bad.html").write_text('<!DOCTYPE html><html><body><img src="missing.png">'
                                       '<script>no_such_function();</script></body></html>')
    b = Chromium(tmp_path / "profile")
    try:
        b.call("Page.navigate", session=True, url="file://" + str(tmp_path / "bad.html"))
        b.wait_event("Page.loadEventFired")
        b.call("Runtime.evaluate", session=True, expression="1")    # drain pending events
        errors = b.errors()
    finally:
        b.close()
    assert any("no_such_function" in (e or "") or "Uncaught" in (e or "") for e in errors), errors
    assert any("missing.png" in (e or "") or "ERR_FILE_NOT_FOUND" in (e or "") for e in errors), errors

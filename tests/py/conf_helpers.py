"""conf_helpers.py: helpers of the `altospec conform` tests: the fault server
as a context manager, running conform and reading its report, and a small
JSON Schema checker (the subset reports/conformance-report.schema.json
uses: type, required, properties, additionalProperties, items, enum,
minimum, $ref to #/$defs) since Debian's python3 may lack jsonschema."""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FAULTSERVER = os.path.join(HERE, "faultserver.py")


class _Process:
    """A test server process, stopped (and its pipes closed) on exit."""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class FaultServer(_Process):
    """Starts faultserver.py with one fault; .ird is its root IRD URL.
    pv=True adds the RFC 9275 path vector service (any pv-* fault does)."""

    def __init__(self, fault="", after=0, pv=False):
        args = [sys.executable, FAULTSERVER, "--port", "0"]
        if fault:
            args += ["--fault", fault]
        if pv:
            args += ["--pv"]
        if after:
            args += ["--after", str(after)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"faultserver did not start: {line} {self.proc.stderr.read()}")
        self.port = int(line)
        self.ird = f"http://127.0.0.1:{self.port}/directory"


class RefServer(_Process):
    """`altospec serve` on 127.0.0.1:0: its first stdout line names the URL
    it listens on (no pick-a-port race, no sleep).  .ird is the root IRD."""

    def __init__(self, altospec, topology, *extra):
        self.proc = subprocess.Popen([altospec, "serve", "--topology", topology, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if "serving ALTO on " not in line:
            self.stop()
            raise RuntimeError(f"altospec serve did not start: {line} {self.proc.stderr.read()}")
        self.ird = line.split("serving ALTO on ", 1)[1]
        self.base = self.ird.rsplit("/", 1)[0]


def refused_url():
    """A loopback URL where nothing listens, held so for the caller: the
    socket is bound (the port is ours) but never listens, so a connect is
    refused.  Returns (url, socket); close the socket when done."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    return f"http://127.0.0.1:{s.getsockname()[1]}/directory", s


class Run:
    def __init__(self, proc, report_dir, elapsed):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.elapsed = elapsed
        self.dir = report_dir
        path = os.path.join(report_dir, "report.json") if report_dir else None
        self.report = json.load(open(path)) if path and os.path.exists(path) else None

    def results(self):
        return {r["id"]: r for r in self.report["results"]}

    def verdicts(self, v):
        return [r["id"] for r in self.report["results"] if r["verdict"] == v]


def conform(altospec, *args, report_dir=None, timeout=120):
    cmd = [altospec, "conform", *args, "--quiet"]
    if report_dir:
        cmd += ["--report-dir", str(report_dir)]
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return Run(p, str(report_dir) if report_dir else None, time.monotonic() - t0)


def verdicts(run):
    """{case id: verdict} of a conform run's report."""
    return {r["id"]: r["verdict"] for r in run.report["results"]}


def assert_all_pass(run):
    """The run exited 0 and every case it judged is PASS."""
    assert run.rc == 0, run.out + run.err
    v = verdicts(run)
    assert set(v.values()) == {"PASS"}, {i: x for i, x in v.items() if x != "PASS"}
    return v


def assert_unsupported(run, reason):
    """The run exited 0, every case is UNSUPPORTED and the first says why
    (reason is a part of its text)."""
    assert run.rc == 0, run.out + run.err
    res = run.report["results"]
    assert {r["verdict"] for r in res} == {"UNSUPPORTED"}
    assert reason in res[0]["reason"]


def validate_file(altospec, kind, path):
    """`altospec conform --validate-file KIND PATH`, its output captured."""
    return subprocess.run([altospec, "conform", "--validate-file", kind, path], capture_output=True, text=True)


def suite_ids(altospec, suite):
    """The case ids `altospec conform SUITE --list` names."""
    out = subprocess.run([altospec, "conform", *suite, "--list"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines() if line.startswith("rfc")]


def post_json(url, body, ctype):
    """POSTs body (a JSON value, or bytes as they are); returns (status,
    Content-Type, decoded answer), error answers included."""
    import urllib.error
    import urllib.request
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers["Content-Type"], json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], json.load(e)


class SuiteFaultServer(_Process):
    """Starts tests/py/<module>.py --port 0 [--fault F] (a suite's fault
    server, see faulthttp.fault_main); .ird is its root IRD URL."""

    def __init__(self, module, fault=""):
        args = [sys.executable, os.path.join(HERE, module + ".py"), "--port", "0"]
        if fault:
            args += ["--fault", fault]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"{module} did not start: {line} {self.proc.stderr.read()}")
        self.ird = f"http://127.0.0.1:{line}/directory"


class FaultProof:
    """The fault-server proof of one suite: the clean fault server passes
    every case (--strict); each fault of the table {fault: (why, [case
    ids])} exits 1 and FAILs its cases; every case is failed by some
    fault.  min_cases and min_faults keep a shrunken suite or table from
    passing; strict_faults runs the faulty servers under --strict (so the
    SHOULD cases FAIL rather than WARN)."""

    def __init__(self, module, faults, suite, min_cases, min_faults, strict_faults=True):
        self.module, self.faults, self.suite = module, faults, suite
        self.min_cases, self.min_faults = min_cases, min_faults
        self.fault_args = ("--strict",) if strict_faults else ()

    def clean_passes(self, altospec, tmp_path):
        with SuiteFaultServer(self.module) as fs:
            run = conform(altospec, fs.ird, *self.suite, "--strict", report_dir=tmp_path)
        v = assert_all_pass(run)
        assert len(v) == len(suite_ids(altospec, self.suite)) >= self.min_cases

    def fault_fails(self, altospec, fault, tmp_path):
        why, want = self.faults[fault]
        with SuiteFaultServer(self.module, fault) as fs:
            run = conform(altospec, fs.ird, *self.suite, *self.fault_args, report_dir=tmp_path)
        assert run.rc == 1, f"{fault} ({why}): exit {run.rc}\n{run.out}{run.err}"
        v = verdicts(run)
        bad = {i: v.get(i) for i in want if v.get(i) != "FAIL"}
        assert not bad, f"{fault} ({why}): {bad}"

    def every_case_failed(self, altospec):
        assert len(self.faults) >= self.min_faults
        covered = {i for _, ids in self.faults.values() for i in ids}
        missing = [i for i in suite_ids(altospec, self.suite) if i not in covered]
        assert missing == [], missing


# ---- minimal JSON Schema (draft 2020-12 subset) ---------------------------

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, _TYPES[t])


def schema_errors(v, s, root=None, path="$"):
    root = root or s
    if "$ref" in s:
        name = s["$ref"].split("/")[-1]
        return schema_errors(v, root["$defs"][name], root, path)
    errs = []
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_is_type(v, t) for t in ts):
            return [f"{path}: expected {ts}, got {type(v).__name__}"]
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{path}: {v!r} not in {s['enum']}")
    if "minimum" in s and isinstance(v, (int, float)) and v < s["minimum"]:
        errs.append(f"{path}: {v} < {s['minimum']}")
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append(f"{path}: missing {k}")
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                errs += schema_errors(x, props[k], root, f"{path}.{k}")
            elif s.get("additionalProperties") is False:
                errs.append(f"{path}: unexpected member {k}")
            elif isinstance(s.get("additionalProperties"), dict):
                errs += schema_errors(x, s["additionalProperties"], root, f"{path}.{k}")
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            errs += schema_errors(x, s["items"], root, f"{path}[{i}]")
    return errs

"""mtx_helpers.py: helpers of the `altospec matrix` tests: running the
harness with a token in its environment, and finding the processes that
carry the token (everything the harness started inherits it), so a test
can check in the process table that nothing was left running."""
import json
import os
import subprocess
import uuid

TIMINGS = ("started", "elapsed", "generated")
CELL_TIMINGS = ("elapsed",)


def token_env(extra=None):
    tok = "mtx-" + uuid.uuid4().hex
    env = dict(os.environ, ALTOSPEC_MATRIX_TEST_TOKEN=tok)
    env.update(extra or {})
    return tok, env


def processes_with(token):
    """pids of live processes whose environment holds token."""
    found = []
    needle = token.encode()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read():
                    with open(f"/proc/{pid}/stat") as s:
                        state = s.read().rsplit(")", 1)[1].split()[0]
                    if state != "Z":
                        found.append(int(pid))
        except OSError:
            pass
    return found


def run_matrix(altospec, *args, env=None, timeout=300, cwd=None):
    return subprocess.run([altospec, "matrix", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=cwd)


def load(dir_):
    with open(os.path.join(dir_, "matrix.json")) as f:
        return json.load(f)


def cell(m, impl, col):
    for c in m["cells"]:
        if c["implementation"] == impl and c["column"] == col:
            return c
    raise KeyError((impl, col))


def without_timings(m):
    """matrix.json minus what may differ between two runs of one plan."""
    m = json.loads(json.dumps(m))
    for k in TIMINGS:
        m.pop(k, None)
    for c in m["cells"]:
        for k in CELL_TIMINGS:
            c.pop(k, None)
        if "stop" in c:
            c["stop"].pop("seconds", None)
    return m


def workflow(root):
    import yaml
    with open(os.path.join(root, ".github/workflows/interop.yml")) as f:
        return yaml.safe_load(f)


def step(job, name):
    """The run: script of the step called name."""
    for s in job["steps"]:
        if s.get("name") == name:
            return s["run"]
    raise KeyError(name)


def workspace(root, altospec, tmp):
    """A directory laid out like the CI checkout (build/altospec, scenarios/,
    tests/), so the workflow's scripts run unchanged with it as cwd."""
    os.makedirs(os.path.join(tmp, "build"), exist_ok=True)
    os.symlink(altospec, os.path.join(tmp, "build", "altospec"))
    for d in ("scenarios", "tests"):
        os.symlink(os.path.join(root, d), os.path.join(tmp, d))
    return str(tmp)

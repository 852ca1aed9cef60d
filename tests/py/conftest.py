"""Shared pytest fixtures: the altospec binary, free ports, paths.

Every fixture that starts a process stops it in a finally block, so a failed
test leaves nothing running."""
import os
import socket
import subprocess
import time
import urllib.request
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")   # bundled RFC texts/examples, topologies, traces


def _bin():
    b = os.environ.get("ALTOSPEC_BIN") or os.path.join(ROOT, "build", "altospec")
    if not os.path.exists(b):
        pytest.fail(f"altospec binary not found at {b}: run ci/setup first")
    return b


@pytest.fixture(scope="session")
def altospec():
    """Path of the altospec binary under test."""
    return _bin()


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def data():
    """The repository's data folder (data/rfc, data/topologies, data/traces)."""
    return DATA


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=10.0):
    """Polls url until it answers (any status) or the timeout expires."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


class Served:
    def __init__(self, proc, base):
        self.proc = proc
        self.base = base
        self.ird = base + "/directory"


@pytest.fixture
def serve(altospec):
    """Factory: serve(topology_path, *extra_args) -> Served (stopped at teardown)."""
    procs = []

    def start(topology, *extra):
        port = free_port()
        p = subprocess.Popen([altospec, "serve", "--topology", topology,
                              "--listen", f"127.0.0.1:{port}", *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append(p)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_http(base + "/directory")
        except RuntimeError:
            p.kill()
            out, err = p.communicate()
            raise RuntimeError(f"server did not start: {err.decode()}")
        return Served(p, base)

    try:
        yield start
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()

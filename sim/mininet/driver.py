#!/usr/bin/python3
"""driver.py: the Mininet side of altospec's mininet backend.

sim/sim_mininet.c starts it as a child (own process group, parent-death
signal SIGTERM) and talks JSON lines over stdin/stdout; one request, one
reply, in order:

  <- {"event": "ready", "run_id": R, "pid": P, "mininet": "2.3.0"}
     (or {"event": "error", "error": MSG} and exit 3 when it cannot start:
     not root, Mininet missing, leftovers of another run)
  -> {"op": "build", "hosts": [{"name", "ipv4"}], "switches": [names],
      "links": [{"a", "b", "bps_ab", "bps_ba"}]}
  <- {"ok": true, "hosts": {...}, "unshaped": [...], "seconds": s}
  -> {"op": "run", "transfers": [{"src", "dst", "bytes", "start"}],
      "timeout": s, "cc": "cubic"}
  <- {"ok": true, "results": [{"finish", "seconds", "bytes", "late"}]}
  -> {"op": "reset"}      between two runs on the same network (reset.py)
  <- {"ok": true, "killed": n, "backlog_bytes": b, "seconds": s}
  -> {"op": "teardown"}
  <- {"ok": true, "left": {"links": [], "processes": [], "netns": []}}
  Any failure: {"ok": false, "error": MSG}.  The driver then still answers
  further requests (only `teardown` makes sense).

Teardown is guaranteed in layers: (1) `teardown`, end of stdin, SIGTERM,
SIGINT and SIGHUP all end in the same finally block, which removes every
process and interface of the run (names.cleanup, not Mininet's slow and
global `mn -c`); (2) the parent-death signal turns altospec's own death
into a SIGTERM here; (3) if this process is SIGKILLed, the C side runs
`driver.py --cleanup RUN`, the same code from a fresh process.

Protocol output goes to a private copy of the original stdout; fd 1 is
pointed at stderr so that nothing Mininet or a child prints can corrupt the
JSON stream.

Other modes:
  driver.py --cleanup RUN    remove run RUN's leftovers; exit 0 if none left
  driver.py --leftovers      list every run's leftovers as JSON
"""
import ctypes
import json
import os
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import names  # noqa: E402

DRIVER = os.path.abspath(__file__)
EXIT_CANNOT_START = 3
PR_SET_PDEATHSIG = 1


class Stop(BaseException):
    """A termination signal arrived; unwinds to the teardown."""


def _on_signal(signo, _frame):
    # One-shot: a second signal must not interrupt the clean-up.
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, signal.SIG_IGN)
    raise Stop(signal.Signals(signo).name)


def _set_pdeathsig() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _bridge_netfilter() -> bool:
    try:
        with open("/proc/sys/net/bridge/bridge-nf-call-iptables") as f:
            return f.read().strip() == "1"
    except OSError:
        return False


def startup_problem(run: str):
    if os.geteuid() != 0:
        return "the mininet backend needs root (network namespaces)"
    try:
        import mininet.net  # noqa: F401
    except ImportError as e:
        return (f"the mininet backend needs Debian's mininet ({e}); "
                "install it with: apt-get install mininet")
    missing = [t for t in ("ip", "tc", "mnexec") if not shutil.which(t)]
    if missing:
        return ("the mininet backend needs " + ", ".join(missing) +
                " (apt-get install iproute2 mininet)")
    return names.stale_report(run, DRIVER)


class Driver:
    def __init__(self, run: str, out):
        self.run = run
        self.out = out
        self.net = None

    def send(self, obj: dict) -> None:
        self.out.write(json.dumps(obj) + "\n")
        self.out.flush()

    def handle(self, msg: dict) -> dict:
        op = msg.get("op")
        if op == "build":
            if self.net is not None:
                return {"ok": False, "error": "network already built"}
            import net as netmod
            t = time.monotonic()
            try:
                self.net = netmod.Network(self.run, msg)
            except netmod.SpecError as e:
                names.cleanup(self.run)
                return {"ok": False, "error": str(e)}
            except Exception as e:
                # Mininet failed half-way: remove the half-built network now
                # so that the error is the only thing this request leaves.
                names.cleanup(self.run)
                return {"ok": False, "error": f"building the network failed: "
                        f"{type(e).__name__}: {e}"}
            return {"ok": True, "seconds": time.monotonic() - t,
                    **self.net.summary()}
        if op == "run":
            if self.net is None:
                return {"ok": False, "error": "run before build"}
            import transfers
            try:
                res = transfers.run_transfers(
                    self.net, msg.get("transfers", []),
                    float(msg.get("timeout", 600)), msg.get("cc", ""))
            except transfers.TransferError as e:
                msg = str(e)
                if _bridge_netfilter():
                    msg += ("; note: net.bridge.bridge-nf-call-iptables=1, so "
                            "bridged traffic passes the host firewall's "
                            "FORWARD chain, which may drop it")
                return {"ok": False, "error": msg}
            return {"ok": True, "results": res}
        if op == "reset":
            if self.net is None:
                return {"ok": False, "error": "reset before build"}
            import reset
            try:
                return {"ok": True, **reset.reset(self.net)}
            except RuntimeError as e:
                return {"ok": False, "error": f"reset: {e}"}
        if op == "ping":
            return {"ok": True}
        return {"ok": False, "error": f"unknown op {op!r}"}

    def serve(self, inp) -> bool:
        """Request loop; True when ended by `teardown`."""
        for line in inp:
            line = line.strip()
            if not line:
                continue
            try:
                msg = json.loads(line)
            except ValueError as e:
                self.send({"ok": False, "error": f"bad JSON: {e}"})
                continue
            if msg.get("op") == "teardown":
                return True
            try:
                reply = self.handle(msg)
            except Stop:
                raise
            except Exception as e:  # a bug or a Mininet failure: report it
                reply = {"ok": False,
                         "error": f"{msg.get('op')}: {type(e).__name__}: {e}"}
            self.send(reply)
        return False


def serve_main(run: str) -> int:
    if not names.RUN_RE.match(run):
        print(f"driver.py: bad run id {run!r}", file=sys.stderr)
        return 2
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _on_signal)
    _set_pdeathsig()
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    problem = startup_problem(run)
    if problem:
        out.write(json.dumps({"event": "error", "error": problem}) + "\n")
        out.flush()
        return EXIT_CANNOT_START
    from mininet.log import setLogLevel
    from mininet.net import VERSION
    setLogLevel("info" if os.environ.get("ALTOSPEC_MININET_DEBUG") else
                "critical")
    d = Driver(run, out)
    said_teardown = False
    try:
        d.send({"event": "ready", "run_id": run, "pid": os.getpid(),
                "mininet": VERSION})
        said_teardown = d.serve(sys.stdin)
    except Stop as e:
        print(f"mininet driver: {e}, tearing down run {run}", file=sys.stderr)
    except BrokenPipeError:
        pass
    finally:
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        left = names.cleanup(run)
        if said_teardown:
            reply = {"ok": not any(left.values()), "left": left}
            if not reply["ok"]:
                reply["error"] = ("still present after teardown: " +
                                  json.dumps(left) + "; remove with: " +
                                  names.cleanup_command(run, DRIVER))
            try:
                d.send(reply)
            except OSError:
                pass
    return 0 if not any(left.values()) else 1


def main(argv) -> int:
    if len(argv) == 3 and argv[1] == "--run-id":
        return serve_main(argv[2])
    if len(argv) == 3 and argv[1] == "--cleanup":
        if not names.RUN_RE.match(argv[2]):
            print(f"driver.py: bad run id {argv[2]!r}", file=sys.stderr)
            return 2
        if os.geteuid() != 0:
            print("driver.py --cleanup needs root", file=sys.stderr)
            return 2
        left = names.cleanup(argv[2])
        if any(left.values()):
            print(f"still there after clean-up of {argv[2]}: "
                  f"{json.dumps(left)}", file=sys.stderr)
            return 1
        return 0
    if len(argv) == 2 and argv[1] == "--leftovers":
        print(json.dumps(names.leftovers()))
        return 0
    print("usage: driver.py --run-id RUN | --cleanup RUN | --leftovers",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

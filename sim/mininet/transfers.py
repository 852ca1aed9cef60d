"""transfers.py: runs a batch of downloads on a built Network and returns
their completion times.

One xfer.py `serve` process per replica host (each on its own port, so a
replica serves any number of concurrent downloads) and one `fetch` process
per client host.  All of them are started and report ready before the
common start t0 is chosen, so process start-up never counts in a
completion time; each download then begins at t0 + its `start`.
"""
import json
import os
import select
import sys
import time
from typing import Dict, List

XFER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xfer.py")
BASE_PORT = 5001
# Time between "everyone is ready" and t0: lets the fetchers read their job
# lists and go to sleep before the first start time.
LEAD = 0.3


class TransferError(Exception):
    pass


def _read_json_line(proc, deadline: float, what: str) -> dict:
    line = b""
    fd = proc.stdout.fileno()
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TransferError(f"{what}: no answer in time")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            b = os.read(fd, 1)
            if not b:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise TransferError(f"{what} exited: {err.strip()[-400:]}")
            line += b
    return json.loads(line)


def run_transfers(net, transfers: List[dict], timeout: float,
                  cc: str = "") -> List[dict]:
    """transfers: [{"src", "dst", "bytes", "start"}]; returns one record per
    transfer, in order: {"finish", "seconds", "bytes", "late"}."""
    procs = []
    try:
        return _run(net, transfers, timeout, cc, procs)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        for p in procs:
            try:
                p.wait(5)
            except Exception:
                pass
            for f in (p.stdin, p.stdout, p.stderr):
                if f:
                    f.close()


def _run(net, transfers, timeout, cc, procs) -> List[dict]:
    setup_deadline = time.monotonic() + 30
    port: Dict[str, int] = {}
    for x in transfers:
        if x["src"] == x["dst"]:
            raise TransferError(f"transfer from {x['src']} to itself")
        if int(x["bytes"]) < 1:
            raise TransferError("transfer of less than one byte")
        net.host(x["dst"])
        if x["src"] not in port:
            port[x["src"]] = BASE_PORT + len(port)
    servers = {}
    for src, p in port.items():
        args = [sys.executable, XFER, net.run, "serve", "--port", str(p)]
        if cc:
            args += ["--cc", cc]
        proc = net.host(src).popen(args, stdin=None)
        procs.append(proc)
        servers[src] = proc
    fetchers = {}
    for dst in dict.fromkeys(x["dst"] for x in transfers):
        proc = net.host(dst).popen([sys.executable, XFER, net.run, "fetch"],
                                   stdin=-1)
        procs.append(proc)
        fetchers[dst] = proc
    for src, proc in servers.items():
        _read_json_line(proc, setup_deadline, f"replica server on {src}")
    for dst, proc in fetchers.items():
        _read_json_line(proc, setup_deadline, f"client on {dst}")

    t0 = time.monotonic() + LEAD
    jobs: Dict[str, list] = {d: [] for d in fetchers}
    for i, x in enumerate(transfers):
        jobs[x["dst"]].append({"id": i, "addr": net.addr[x["src"]],
                               "port": port[x["src"]], "bytes": int(x["bytes"]),
                               "at": t0 + float(x.get("start", 0))})
    for dst, proc in fetchers.items():
        proc.stdin.write((json.dumps(jobs[dst]) + "\n").encode())
        proc.stdin.flush()

    deadline = t0 + timeout
    results: List[dict] = [None] * len(transfers)
    pending = {proc.stdout.fileno(): (dst, proc, bytearray())
               for dst, proc in fetchers.items()}
    done = 0
    while done < len(transfers):
        left = deadline - time.monotonic()
        if left <= 0:
            missing = [i for i, r in enumerate(results) if r is None]
            raise TransferError(
                f"{len(missing)} of {len(transfers)} transfers unfinished "
                f"after {timeout:.0f} s (first: #{missing[0]} "
                f"{transfers[missing[0]]['src']} -> "
                f"{transfers[missing[0]]['dst']})")
        r, _, _ = select.select(list(pending), [], [], min(left, 1.0))
        for fd in r:
            dst, proc, buf = pending[fd]
            chunk = os.read(fd, 65536)
            if not chunk:
                del pending[fd]
                unfinished = [j["id"] for j in jobs[dst]
                              if results[j["id"]] is None]
                if unfinished:
                    raise TransferError(
                        f"client on {dst} exited with {len(unfinished)} "
                        "transfers unfinished")
                continue
            buf += chunk
            while b"\n" in buf:
                line, _, rest = bytes(buf).partition(b"\n")
                buf[:] = rest
                rec = json.loads(line)
                i = rec["id"]
                x = transfers[i]
                if "error" in rec:
                    raise TransferError(
                        f"transfer #{i} {x['src']} -> {x['dst']}: {rec['error']}")
                at = t0 + float(x.get("start", 0))
                results[i] = {"finish": rec["finish"] - t0,
                              "seconds": rec["finish"] - at,
                              "bytes": rec["bytes"],
                              "late": rec["begin"] - at}
                done += 1
    return results

"""reset.py: puts a built Network back in the state of a fresh one between
two batches of transfers, so that one network serves every policy and
repetition of a run (altospec builds it once per run, not once per batch).

What a batch can leave behind, and what is done about it:
- transfer processes (xfer.py serve/fetch of the run): transfers.py kills
  and reaps its own; any that survived are killed here and waited for, so
  no old sender still pushes bytes into the shaped links;
- packets still queued in an interface's qdisc (the last ACKs and FINs):
  waited for until every interface of the run reports an empty backlog;
- the kernel's TCP metrics cache (per-destination ssthresh, RTT): a fresh
  namespace starts with none, so every host's is flushed; otherwise a later
  batch would start with what an earlier one learnt, which no other
  backend does;
- qdisc counters: kept (tc cannot zero them without replacing the shaped
  qdisc); the reply gives the backlog seen, not cumulative statistics.
The reply says what was found, so a test can check that nothing was.
"""
import os
import re
import signal
import time
from typing import Dict, List

import names

BACKLOG_RE = re.compile(r"backlog\s+(\d+)b\s+(\d+)p")
WAIT_S = 10.0


def _xfer_pids(run: str) -> List[int]:
    found = []
    for pid in names._pids():
        args = names._cmdline(pid)
        if len(args) > 2 and args[1].endswith("xfer.py") and args[2] == run:
            found.append(pid)
    return found


def _stop_transfers(run: str, deadline: float) -> int:
    pids = _xfer_pids(run)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while _xfer_pids(run):
        if time.monotonic() > deadline:
            raise RuntimeError("transfer processes of the previous batch "
                               "did not exit: " + str(_xfer_pids(run)))
        time.sleep(0.02)
    return len(pids)


def _backlog(node, intf: str) -> int:
    out = node.cmd(f"tc -s qdisc show dev {intf}")
    return sum(int(b) for b, _p in BACKLOG_RE.findall(out))


def _interfaces(net) -> List[tuple]:
    seen = []
    for n in net.node.values():
        for i in n.intfList():
            if i.name != "lo":
                seen.append((n, i.name))
    return seen


def reset(net) -> Dict[str, object]:
    """Returns {"killed", "backlog_bytes", "seconds"}; raises RuntimeError
    when the network cannot be brought back to idle in WAIT_S."""
    t = time.monotonic()
    deadline = t + WAIT_S
    killed = _stop_transfers(net.run, deadline)
    intfs = _interfaces(net)
    first = None
    while True:
        busy = {name: b for n, name in intfs if (b := _backlog(n, name)) > 0}
        if first is None:
            first = sum(busy.values())
        if not busy:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"queues not empty after {WAIT_S:.0f} s: {busy}")
        time.sleep(0.05)
    for name in net.addr:
        net.node[name].cmd("ip tcp_metrics flush all")
    return {"killed": killed, "backlog_bytes": first,
            "seconds": time.monotonic() - t}

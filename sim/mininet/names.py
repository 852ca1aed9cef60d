"""names.py: how a Mininet run names what it creates, and how to find and
remove it again.  Standard library only (no mininet import), so that the
clean-up path works even when Mininet itself is broken.

Every run has an id "alt" + base36(owner pid), at most 8 characters
(pid_max is 4194304 = "2hq0w").  Everything the run creates in the root
network namespace or the process table carries it:

    bridges        <run>-s<i>          e.g. alt1z4k-s3
    veth ends      <run>-<link><a|b>   e.g. alt1z4k-12a
    host shells    "mininet:<run>-h<i>" in the command line
    xfer.py        argv[1] == <run>
    driver.py      "--run-id <run>"

so names stay within Linux's 15-character interface limit and a run's
leftovers can be found without any state file: by interface name, by
command line, and by the network namespace of a found process (which also
catches anything else that was started inside a host).  Mininet hosts are
anonymous namespaces held by their shells (mnexec -n), not `ip netns` ones;
killing every process inside them destroys the namespaces and with them the
host-side veth ends.

The owner is the process responsible for the run (altospec, or the driver
when it is run alone).  A run whose owner is gone is stale: its leftovers
would share the CPU and the interface namespace with a new run, so a new
run refuses to start until they are removed (see stale_report()).
"""
import os
import re
import signal
import subprocess
import time
from typing import Dict, List, Optional, Set

PREFIX = "alt"
IFNAMSIZ = 15
# <run>-s<i> | <run>-h<i> | <run>-<link>a|b
NAME_RE = re.compile(r"^(alt[0-9a-z]{1,5})-(?:s\d+|h\d+|\d+[ab])$")
RUN_RE = re.compile(r"^alt[0-9a-z]{1,5}$")
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def run_id(owner_pid: int) -> str:
    n, s = owner_pid, ""
    while True:
        n, r = divmod(n, 36)
        s = _B36[r] + s
        if n == 0:
            return PREFIX + s


def owner_of(run: str) -> int:
    return int(run[len(PREFIX):], 36)


def switch_name(run: str, i: int) -> str:
    return _checked(f"{run}-s{i}")


def host_name(run: str, i: int) -> str:
    return _checked(f"{run}-h{i}")


def veth_names(run: str, link: int) -> tuple:
    return _checked(f"{run}-{link}a"), _checked(f"{run}-{link}b")


def _checked(name: str) -> str:
    if len(name) > IFNAMSIZ:
        raise ValueError(f"interface name {name} is longer than {IFNAMSIZ} "
                         "characters: topology too large for the mininet "
                         "backend's naming scheme")
    return name


# ---------------------------------------------------------------- discovery

def root_links() -> List[str]:
    """Names of the root namespace's interfaces that follow the scheme."""
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True,
                         text=True, check=False).stdout
    names = []
    for line in out.splitlines():
        parts = line.split(":", 2)
        if len(parts) < 2:
            continue
        name = parts[1].strip().split("@", 1)[0]
        if NAME_RE.match(name):
            names.append(name)
    return names


def named_netns() -> List[str]:
    """`ip netns` entries that follow the scheme (we create none; a run
    that did would be found here)."""
    try:
        entries = os.listdir("/run/netns")
    except OSError:
        return []
    return [e for e in entries if NAME_RE.match(e) or RUN_RE.match(e)]


def _cmdline(pid: int) -> List[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            raw = f.read()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def _netns(pid: int) -> Optional[int]:
    try:
        return os.stat(f"/proc/{pid}/ns/net").st_ino
    except OSError:
        return None


def _pids() -> List[int]:
    return [int(d) for d in os.listdir("/proc") if d.isdigit()]


def _runs_in_cmdline(args: List[str]) -> Set[str]:
    """Run ids a command line belongs to: host shells, xfer.py, driver.py.
    `--cleanup RUN` (the clean-up itself) is not part of the run."""
    runs = set()
    for i, a in enumerate(args):
        if a.startswith("mininet:"):
            m = NAME_RE.match(a[len("mininet:"):])
            if m:
                runs.add(m.group(1))
        elif (i == 2 and args[1].endswith("xfer.py")
              and RUN_RE.match(a)):
            runs.add(a)
        elif (i == 3 and args[1].endswith("driver.py")
              and args[2] == "--run-id" and RUN_RE.match(a)):
            runs.add(a)
    return runs


def _netns_links(pid: int) -> List[str]:
    """Interface names of the network namespace `pid` lives in."""
    try:
        with open(f"/proc/{pid}/net/dev") as f:
            lines = f.read().splitlines()[2:]
    except OSError:
        return []
    return [ln.split(":", 1)[0].strip() for ln in lines if ":" in ln]


def run_processes(run: Optional[str] = None) -> Dict[int, str]:
    """pid -> run id for every process of `run` (all runs when None):
    tagged command lines, plus every process of a network namespace that
    holds one of the run's interfaces (a host's veth end).  The second rule
    is what finds a process started in a host without the run id in its
    command line, including after the driver and the host shells are gone
    (the shells die of SIGHUP when the driver's ptys close; the namespace
    lives on as long as any process is in it)."""
    # Never sweep our own namespace (the root one, where the bridges are):
    # it is compared by inode with our own, since pid 1's is not readable
    # in every container.
    own_ns = _netns(os.getpid())
    found: Dict[int, str] = {}
    by_ns: Dict[int, List[int]] = {}
    for pid in _pids():
        for r in _runs_in_cmdline(_cmdline(pid)):
            if run is None or r == run:
                found[pid] = r
        ns = _netns(pid)
        if ns is not None and own_ns is not None and ns != own_ns:
            by_ns.setdefault(ns, []).append(pid)
    for ns, members in by_ns.items():
        owner = None
        for pid in members:
            names = _netns_links(pid)
            if names:
                for n in names:
                    m = NAME_RE.match(n)
                    if m and (run is None or m.group(1) == run):
                        owner = m.group(1)
                        break
                break
        if owner:
            for pid in members:
                found.setdefault(pid, owner)
    return found


def leftovers(run: Optional[str] = None) -> Dict[str, Dict[str, list]]:
    """run id -> {"links": [...], "processes": [...], "netns": [...]}."""
    res: Dict[str, Dict[str, list]] = {}

    def slot(r: str) -> Dict[str, list]:
        return res.setdefault(r, {"links": [], "processes": [], "netns": []})

    for name in root_links():
        r = NAME_RE.match(name).group(1)
        if run is None or r == run:
            slot(r)["links"].append(name)
    for name in named_netns():
        m = NAME_RE.match(name)
        r = m.group(1) if m else name
        if run is None or r == run:
            slot(r)["netns"].append(name)
    for pid, r in run_processes(run).items():
        if pid != os.getpid():
            slot(r)["processes"].append(pid)
    return res


def owner_alive(run: str) -> bool:
    pid = owner_of(run)
    return pid > 0 and os.path.exists(f"/proc/{pid}")


def cleanup_command(run: str, driver: str) -> str:
    return f"/usr/bin/python3 {driver} --cleanup {run}"


def manual_commands(run: str, what: Dict[str, list]) -> List[str]:
    cmds = []
    if what["processes"]:
        cmds.append("kill -9 " + " ".join(str(p) for p in sorted(what["processes"])))
    cmds += [f"ip link del {n}" for n in sorted(what["links"])]
    cmds += [f"ip netns del {n}" for n in sorted(what["netns"])]
    return cmds


def stale_report(own_run: str, driver: str) -> Optional[str]:
    """None when a new run may start; otherwise a message naming the
    leftovers and the exact commands that remove them.  Leftovers collide
    when they carry our own run id (pid reuse after a crash) or belong to a
    run whose owner is gone; live concurrent runs are left alone."""
    bad = {r: w for r, w in leftovers().items()
           if r == own_run or not owner_alive(r)}
    if not bad:
        return None
    lines = ["leftovers of an earlier Mininet run would collide with this "
             "one (interfaces, namespaces or processes named alt*-...):"]
    for r, w in sorted(bad.items()):
        lines.append(f"  run {r}: {len(w['links'])} interfaces, "
                     f"{len(w['processes'])} processes, "
                     f"{len(w['netns'])} named namespaces")
    lines.append("remove them with:")
    for r in sorted(bad):
        lines.append("  " + cleanup_command(r, driver))
    lines.append("or by hand:")
    for r, w in sorted(bad.items()):
        lines += ["  " + c for c in manual_commands(r, w)]
    return "\n".join(lines)


# ---------------------------------------------------------------- clean-up

def _kill(pids: Set[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _alive(pids: Set[int]) -> Set[int]:
    alive = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                # A zombie holds no namespace and cannot be killed again.
                if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(pid)
        except OSError:
            pass
    return alive


def cleanup(run: str, grace: float = 1.0, timeout: float = 15.0) -> Dict[str, list]:
    """Removes every process, interface and named namespace of `run`, except
    the calling process.  Returns what is still there afterwards (empty
    lists on success).  Safe to call repeatedly and concurrently with the
    run's own teardown: every step tolerates things vanishing under it."""
    if not RUN_RE.match(run):
        raise ValueError(f"not a run id: {run!r}")
    deadline = time.monotonic() + timeout
    me = os.getpid()
    # Processes first: they hold the host namespaces, and a still-running
    # driver could otherwise create interfaces behind our back.  Host shells
    # are interactive bash, which ignores SIGTERM, so they get SIGKILL.
    while time.monotonic() < deadline:
        procs = {p for p in run_processes(run) if p != me}
        procs = _alive(procs)
        if not procs:
            break
        shells = {p for p in procs
                  if any(a.startswith("mininet:") for a in _cmdline(p))}
        _kill(procs - shells, signal.SIGTERM)
        _kill(shells, signal.SIGKILL)
        t = time.monotonic() + grace
        while time.monotonic() < t and _alive(procs):
            time.sleep(0.05)
        _kill(_alive(procs), signal.SIGKILL)
        time.sleep(0.05)
    for name in named_netns():
        if name.startswith(run + "-") or name == run:
            subprocess.run(["ip", "netns", "del", name], capture_output=True,
                           check=False)
    # Root-side veth ends vanish by themselves once the namespace holding
    # their peer is destroyed, asynchronously; deleting them is idempotent.
    while time.monotonic() < deadline:
        links = [n for n in root_links() if n.startswith(run + "-")]
        if not links:
            break
        for n in links:
            subprocess.run(["ip", "link", "del", n], capture_output=True,
                           check=False)
        time.sleep(0.05)
    left = leftovers(run).get(run, {"links": [], "processes": [], "netns": []})
    left["processes"] = [p for p in _alive(set(left["processes"])) if p != me]
    return left

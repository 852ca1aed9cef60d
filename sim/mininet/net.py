"""net.py: turns the driver's `build` message into a running Mininet network.

Mapping, and why:
- switches -> Linux bridges (IpBridge below), no controller: the kernel's
  MAC-learning bridge needs no OpenFlow controller, and no Open vSwitch
  daemon has to be running on the machine.
- hosts -> Mininet hosts (one anonymous network namespace each) with the
  topology's IPv4 address as a /32 and an on-link default route, so hosts
  of different subnets still reach each other over the one L2 domain.
  Static ARP entries keep ARP out of the shaped queues.
- links -> TCLink, shaped with HTB per direction: the a-side interface's
  egress carries a->b traffic, so it gets the a->b rate and vice versa.
  TCLink accepts at most 1000 Mbps; faster links stay unshaped and are
  listed as such.  Delay, loss and queue size are NOT applied: they need
  netem, which this kernel lacks, and the shaped interfaces keep Linux's
  default 1000-packet txqueuelen.

Routes: Linux bridges forward along the unique path of a tree, which is then
necessarily the route sim_topo_path() computed.  A topology with a loop
would storm without STP, and with STP the spanning tree need not follow
sim_topo_path(), so loops (and parallel links) are refused, as are hosts
with more than one link (their route choice would be the host's, not the
topology's).
"""
import ipaddress
from typing import Dict, List

import names

TC_MAX_MBPS = 1000.0


class SpecError(Exception):
    """The topology cannot be emulated faithfully; the message says why."""


def check_spec(spec: dict) -> None:
    hosts = [h["name"] for h in spec.get("hosts", [])]
    switches = list(spec.get("switches", []))
    nodes = hosts + switches
    if len(set(nodes)) != len(nodes):
        raise SpecError("duplicate node names")
    if len(hosts) < 1:
        raise SpecError("topology has no hosts")
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    degree = {h: 0 for h in hosts}
    for ln in spec.get("links", []):
        a, b = ln["a"], ln["b"]
        for n in (a, b):
            if n not in parent:
                raise SpecError(f"link {a}-{b}: unknown node {n}")
        for n in (a, b):
            if n in degree:
                degree[n] += 1
        ra, rb = find(a), find(b)
        if ra == rb:
            raise SpecError(
                f"link {a}-{b} closes a loop: Linux bridges without STP "
                "would flood it forever, and with STP the spanning tree "
                "need not follow the topology's routes; the mininet backend "
                "emulates tree topologies only")
        parent[ra] = rb
    for h, d in degree.items():
        if d != 1:
            raise SpecError(
                f"host {h} has {d} links; the mininet backend needs every "
                "host attached by exactly one link (its route choice would "
                "otherwise be the host's, not the topology's)")
    roots = {find(n) for n in nodes}
    if len(roots) > 1:
        raise SpecError("topology is not connected")
    seen = set()
    for h in spec["hosts"]:
        a = h.get("ipv4")
        if a:
            try:
                ipaddress.IPv4Address(a)
            except ValueError:
                raise SpecError(f"host {h['name']}: bad ipv4 {a!r}")
            if a in seen:
                raise SpecError(f"host {h['name']}: duplicate ipv4 {a}")
            seen.add(a)


def _assign_addresses(spec: dict) -> Dict[str, str]:
    """Topology addresses where given; the rest from 10.255.0.0/16 (the
    namespaces are private, so any free address will do)."""
    taken = {h["ipv4"] for h in spec["hosts"] if h.get("ipv4")}
    pool = (str(a) for a in ipaddress.IPv4Network("10.255.0.0/16").hosts()
            if str(a) not in taken)
    return {h["name"]: h.get("ipv4") or next(pool) for h in spec["hosts"]}


def _bridge_class():
    from mininet.nodelib import LinuxBridge

    class IpBridge(LinuxBridge):
        """LinuxBridge driven by iproute2: this machine has no brctl
        (bridge-utils), and `ip link ... type bridge` does the same."""

        def start(self, _controllers):
            self.cmd("ip link del", self)
            self.cmd(f"ip link add name {self} type bridge stp_state 0 "
                     "forward_delay 0")
            _no_ipv6(self, str(self))
            for i in self.intfList():
                if i.name != "lo":
                    _no_ipv6(self, i.name)
                    self.cmd(f"ip link set dev {i} master {self}")
            self.cmd(f"ip link set dev {self} up")

        def stop(self, deleteIntfs=True):
            self.cmd("ip link del", self)
            super(LinuxBridge, self).stop(deleteIntfs)

        def connected(self):
            return True

        @classmethod
        def setup(cls):
            pass

    return IpBridge


def _no_ipv6(node, ifname: str) -> None:
    # IPv6 autoconfiguration and MLD would otherwise send packets into the
    # shaped links; only our own interfaces are touched.
    node.cmd(f"echo 1 > /proc/sys/net/ipv6/conf/{ifname}/disable_ipv6")


class Network:
    """A built and started Mininet network for one run."""

    def __init__(self, run: str, spec: dict):
        check_spec(spec)
        from mininet.net import Mininet
        from mininet.link import TCLink

        self.run = run
        self.spec = spec
        self.addr = _assign_addresses(spec)
        self.unshaped: List[dict] = []
        self.node: Dict[str, object] = {}
        self.net = Mininet(topo=None, build=False, controller=None,
                           switch=_bridge_class(), link=TCLink,
                           autoSetMacs=False, waitConnected=False)
        for i, h in enumerate(spec["hosts"]):
            self.node[h["name"]] = self.net.addHost(names.host_name(run, i),
                                                    ip=None)
        for i, s in enumerate(spec["switches"]):
            self.node[s] = self.net.addSwitch(names.switch_name(run, i),
                                              dpid="%016x" % (i + 1))
        for i, ln in enumerate(spec["links"]):
            n1, n2 = names.veth_names(run, i)
            p1 = self._shape(ln, "a", "b", ln.get("bps_ab"))
            p2 = self._shape(ln, "b", "a", ln.get("bps_ba", ln.get("bps_ab")))
            self.net.addLink(self.node[ln["a"]], self.node[ln["b"]],
                             intfName1=n1, intfName2=n2,
                             params1=p1, params2=p2)
        self.net.build()
        self.net.start()
        self._configure_hosts()

    def _shape(self, ln: dict, frm: str, to: str, bps) -> dict:
        if bps is None:
            self.unshaped.append({"from": ln[frm], "to": ln[to],
                                  "reason": "no rate given"})
            return {}
        mbps = float(bps) / 1e6
        if mbps > TC_MAX_MBPS:
            self.unshaped.append({
                "from": ln[frm], "to": ln[to], "bps": float(bps),
                "reason": "above TCLink's 1000 Mbps HTB limit"})
            return {}
        if mbps <= 0:
            raise SpecError(f"link {ln['a']}-{ln['b']}: rate must be positive")
        return {"bw": mbps}

    def _configure_hosts(self) -> None:
        hosts = [(name, self.node[name]) for name in self.addr]
        for name, h in hosts:
            intf = h.defaultIntf()
            _no_ipv6(h, "all")
            h.cmd(f"ip addr flush dev {intf}")
            h.cmd(f"ip addr add {self.addr[name]}/32 dev {intf}")
            h.cmd(f"ip link set dev {intf} up")
            h.cmd(f"ip route replace default dev {intf} scope link")
        for name, h in hosts:
            intf = h.defaultIntf()
            for other, o in hosts:
                if o is not h:
                    h.cmd(f"ip neigh replace {self.addr[other]} lladdr "
                          f"{o.defaultIntf().MAC()} dev {intf} nud permanent")

    def host(self, name: str):
        h = self.node.get(name)
        if h is None or name not in self.addr:
            raise SpecError(f"unknown host {name}")
        return h

    def summary(self) -> dict:
        return {"hosts": {n: {"node": self.node[n].name, "ipv4": a}
                          for n, a in self.addr.items()},
                "switches": {s: self.node[s].name
                             for s in self.spec["switches"]},
                "unshaped": self.unshaped}

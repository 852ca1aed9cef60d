/* sim_ns3.cc: the ns-3 shim, the only C++ in altospec.
 *
 * Owns everything ns-3: it turns a plain description (nodes, links, paths,
 * transfers, kept in the handle) into an ns-3 3.37 network, runs it and
 * reads back completion times and per-link counters.  The C side never sees
 * an ns-3 type.
 *
 * Mapping (chosen to reproduce the IETF 113 reference run, see
 * data/hackathon/IETF113.md):
 *   - every node gets an IPv4 stack whose only routing protocol is static
 *     routing; each link is a PointToPointNetDevice pair on its own /30,
 *     with the device's DropTail queue sized per direction in packets;
 *   - in front of every device, ns-3 3.37's standard root queue disc,
 *     FqCoDel (what Ipv4AddressHelper::Assign installs).  It feeds the
 *     device queue whenever that has room, so the device queue sits full
 *     and its size still matters, and CoDel drops in front of it.  This is
 *     what the reference run used: with it the shim reproduces the whole
 *     queue sweep of the reference (20, 50, 100, 1000 packets) to 0.01 s.
 *     With the device queue alone ("none") 1000-packet queues give 87.09 s
 *     for xrd2 instead of 93.01 s: plain drop-tail losses are recovered
 *     while the deep queue keeps the link busy, whereas CoDel's spaced
 *     drops keep cutting Cubic's window behind a standing queue of ~12 s.
 *     The qdisc is a config knob so both can be measured;
 *   - drops are counted per directed link wherever they happen: the queue
 *     disc, the device queue, or the traffic-control layer (device queue
 *     full and no queue disc);
 *   - a transfer is BulkSend (MaxBytes = its size) to a PacketSink; it
 *     completes when the sink has received every byte;
 *   - paths are given by the caller (sim_topo_path()); the receiving host
 *     of each ordered pair (x, y) gets an address of its own, A(x, y), and
 *     every node on path(x, y) gets a host route to it.  The sender sends
 *     from A(y, x), so ACKs follow path(y, x).  Destination-based
 *     routing alone could not honour a route table in which two paths to
 *     one host leave a shared node by different links.
 *
 * ns-3 is global state: one simulator, one node list, process-wide
 * attribute defaults.  sim_ns3_run() therefore holds a mutex, resets every
 * default (Config::Reset) before setting its own, and ends with
 * Simulator::Destroy(), so each run starts from the same state. */
#include "sim_ns3.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include <ns3/applications-module.h>
#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/point-to-point-module.h>
#include <ns3/traffic-control-module.h>

using namespace ns3;

namespace {

struct Link {
    int a, b;
    sim_ns3_dir ab, ba;
    double delay;
};

struct Xfer {
    int src, dst;
    uint64_t bytes;
    double start;
    /* Results of the last run. */
    uint64_t rx;
    double finish;
};

}  // namespace

struct sim_ns3 {
    sim_ns3_config cfg;
    std::string tcp, qdisc;     /* owned copies of cfg's strings */
    int nnodes = 0;
    std::vector<Link> links;
    std::map<std::pair<int, int>, std::vector<int>> paths;
    std::vector<Xfer> xfers;
    std::vector<sim_ns3_link_stats> stats;   /* per directed link */
    uint64_t events = 0;
    double sim_time = 0;
    std::string err;
};

namespace {

std::mutex g_ns3_lock;

int fail(sim_ns3 *s, const std::string &msg) {
    s->err = msg;
    return -1;
}

const char *tcp_type(const std::string &v) {
    static const std::pair<const char *, const char *> map[] = {
        {"cubic", "ns3::TcpCubic"},   {"newreno", "ns3::TcpNewReno"},
        {"bic", "ns3::TcpBic"},       {"htcp", "ns3::TcpHtcp"},
        {"vegas", "ns3::TcpVegas"},   {"bbr", "ns3::TcpBbr"},
        {"dctcp", "ns3::TcpDctcp"},
    };
    for (const auto &m : map)
        if (v == m.first) return m.second;
    return nullptr;
}

const char *qdisc_type(const std::string &v) {
    if (v == "none") return "";
    if (v == "fq_codel") return "ns3::FqCoDelQueueDisc";
    if (v == "pfifo_fast") return "ns3::PfifoFastQueueDisc";
    return nullptr;
}

/* Everything a run needs while the simulator is live; trace callbacks get
 * a pointer to it (or into it) as their bound argument. */
struct Run {
    sim_ns3 *s;
    int remaining;
    /* (node, destination address) -> directed link the node forwards it
     * on: attributes traffic-control drops, which are reported per node. */
    std::map<std::pair<int, uint32_t>, int> out_link;
};

struct SinkCtx {
    Run *run;
    Xfer *x;
};

struct NodeCtx {
    Run *run;
    int node;
};

void on_phy_tx(sim_ns3_link_stats *st, Ptr<const Packet> p) {
    st->tx_bytes += p->GetSize();
    st->tx_packets++;
}

void on_queue_drop(sim_ns3_link_stats *st, Ptr<const Packet>) {
    st->drops++;
}

/* Drops inside the root queue disc (CoDel's, or overflow), children
 * included: they report through the root. */
void on_qdisc_drop(sim_ns3_link_stats *st, Ptr<const QueueDiscItem>) {
    st->drops++;
}

/* TrafficControlLayer drops a packet when the device's queue is stopped
 * (full) and no queue disc sits in front: the drop-tail drop of that
 * link.  The packet carries its IPv4 header by then. */
void on_tc_drop(NodeCtx *c, Ptr<const Packet> p) {
    Ipv4Header h;
    Ptr<Packet> q = p->Copy();
    if (q->GetSize() >= 20 && q->PeekHeader(h) >= 20) {
        auto it = c->run->out_link.find({c->node, h.GetDestination().Get()});
        if (it != c->run->out_link.end()) c->run->s->stats[it->second].drops++;
    }
}

void on_sink_rx(SinkCtx *c, Ptr<const Packet> p, const Address &) {
    Xfer *x = c->x;
    x->rx += p->GetSize();
    if (x->finish < 0 && x->rx >= x->bytes) {
        x->finish = Simulator::Now().GetSeconds();
        if (--c->run->remaining == 0) Simulator::Stop();
    }
}

/* Checks that need no ns-3 and would otherwise end in NS_FATAL_ERROR. */
int validate(sim_ns3 *s) {
    if (s->xfers.empty()) return fail(s, "no transfers to simulate");
    if (s->xfers.size() > 60000)
        return fail(s, "too many transfers for one run (max 60000)");
    for (size_t i = 0; i < s->xfers.size(); i++) {
        const Xfer &x = s->xfers[i];
        if (!s->paths.count({x.src, x.dst}) || !s->paths.count({x.dst, x.src}))
            return fail(s, "transfer " + std::to_string(i) + ": no path set "
                        "between nodes " + std::to_string(x.src) + " and " +
                        std::to_string(x.dst) + " (both directions needed)");
    }
    return 0;
}

void set_defaults(const sim_ns3 *s) {
    const sim_ns3_config &c = s->cfg;
    Config::Reset();
    Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                       TypeIdValue(TypeId::LookupByName(tcp_type(s->tcp))));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(c.mss));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(c.init_cwnd));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(c.sndbuf));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(c.rcvbuf));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(c.delack_count));
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout",
                       TimeValue(Seconds(c.delack_timeout)));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(c.sack != 0));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp",
                       BooleanValue(c.timestamps != 0));
    RngSeedManager::SetSeed(c.seed);
    RngSeedManager::SetRun(c.run);
}

/* The address of link L's end at node a (side 0) or node b (side 1): link
 * L owns 172.16.0.0/12 + 4L + {1, 2}, a /30 of its own. */
Ipv4Address link_addr(int link, int side) {
    return Ipv4Address(0xAC100000u + 4u * (uint32_t)link + 1u + (uint32_t)side);
}

/* Point-to-point devices of every link, both directions: rate, queue,
 * traces, addresses; ifindex[d] gets the sending interface of directed
 * link d on its node.  Then the queue disc, if any. */
int install_links(sim_ns3 *s, NodeContainer &nodes, std::vector<uint32_t> &ifindex) {
    std::string qd = qdisc_type(s->qdisc);
    for (size_t l = 0; l < s->links.size(); l++) {
        const Link &lk = s->links[l];
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", TimeValue(Seconds(lk.delay)));
        NetDeviceContainer devs = p2p.Install(nodes.Get(lk.a), nodes.Get(lk.b));
        const sim_ns3_dir *dir[2] = {&lk.ab, &lk.ba};
        int end[2] = {lk.a, lk.b};
        for (int side = 0; side < 2; side++) {
            Ptr<PointToPointNetDevice> dev =
                DynamicCast<PointToPointNetDevice>(devs.Get(side));
            dev->SetDataRate(DataRate((uint64_t)llround(dir[side]->bps)));
            dev->GetQueue()->SetMaxSize(
                QueueSize(QueueSizeUnit::PACKETS, (uint32_t)dir[side]->queue));
            sim_ns3_link_stats *st = &s->stats[2 * l + side];
            bool ok = dev->TraceConnectWithoutContext(
                "PhyTxBegin", MakeBoundCallback(&on_phy_tx, st));
            ok = ok && dev->GetQueue()->TraceConnectWithoutContext(
                           "Drop", MakeBoundCallback(&on_queue_drop, st));
            if (!ok) return fail(s, "ns-3: cannot trace a point-to-point device");
            Ptr<Ipv4> ip = nodes.Get(end[side])->GetObject<Ipv4>();
            uint32_t ifx = ip->AddInterface(dev);
            ip->AddAddress(ifx, Ipv4InterfaceAddress(link_addr((int)l, side),
                                                     Ipv4Mask("/30")));
            ip->SetUp(ifx);
            ifindex[2 * l + side] = ifx;
        }
        if (!qd.empty()) {
            TrafficControlHelper tch;
            tch.SetRootQueueDisc(qd);
            QueueDiscContainer qdc = tch.Install(devs);
            for (int side = 0; side < 2; side++)
                if (!qdc.Get(side)->TraceConnectWithoutContext(
                        "Drop", MakeBoundCallback(&on_qdisc_drop,
                                                  &s->stats[2 * l + side])))
                    return fail(s, "ns-3: cannot trace a queue disc");
        }
    }
    return 0;
}

int trace_tc_drops(sim_ns3 *s, NodeContainer &nodes, std::vector<NodeCtx> &node_ctx, Run *run) {
    for (int n = 0; n < s->nnodes; n++) {
        node_ctx[n] = NodeCtx{run, n};
        Ptr<TrafficControlLayer> tc = nodes.Get(n)->GetObject<TrafficControlLayer>();
        if (!tc || !tc->TraceConnectWithoutContext(
                       "TcDrop", MakeBoundCallback(&on_tc_drop, &node_ctx[n])))
            return fail(s, "ns-3: cannot trace the traffic-control layer");
    }
    return 0;
}

/* One address per ordered pair that carries packets, routed hop by hop
 * along the caller's path.  A(x, y) and A(y, x) share a /30, and A(x, y)
 * sits on y's interface towards x: ns-3 overrides a socket's bound
 * address with the route's source, which it picks as the outgoing
 * interface's address on the destination's subnet, so y's packets to
 * x leave from A(x, y) and x's replies come back along path(x, y). */
void route_pairs(sim_ns3 *s, NodeContainer &nodes, Ipv4StaticRoutingHelper &static_routing,
                 const std::vector<uint32_t> &ifindex,
                 std::map<std::pair<int, int>, Ipv4Address> &pair_addr, Run *run) {
    std::map<std::pair<int, int>, uint32_t> block;
    uint32_t next = 0x0A000000u;   /* 10.0.0.0/30, 10.0.0.4/30, ... */
    for (const auto &pp : s->paths) {
        int x = pp.first.first, y = pp.first.second;
        std::pair<int, int> key = {std::min(x, y), std::max(x, y)};
        if (!block.count(key)) {
            block[key] = next;
            next += 4;
        }
        Ipv4Address a(block[key] + (x < y ? 1u : 2u));
        pair_addr[pp.first] = a;
    }
    for (const auto &pp : s->paths) {
        int x = pp.first.first, y = pp.first.second;
        Ipv4Address a = pair_addr[pp.first];
        auto back = s->paths.find({y, x});
        int yif = back != s->paths.end() ? (int)ifindex[back->second.front()]
                                         : (int)ifindex[pp.second.back() ^ 1];
        nodes.Get(y)->GetObject<Ipv4>()->AddAddress(
            yif, Ipv4InterfaceAddress(a, Ipv4Mask("/30")));
        for (int d : pp.second) {
            int l = d / 2, side = d % 2;
            int u = side ? s->links[l].b : s->links[l].a;
            Ptr<Ipv4> uip = nodes.Get(u)->GetObject<Ipv4>();
            Ptr<Ipv4StaticRouting> rt = static_routing.GetStaticRouting(uip);
            rt->AddHostRouteTo(a, link_addr(l, 1 - side), ifindex[d]);
            run->out_link[{u, a.Get()}] = d;
        }
    }
}

/* A packet sink and a bulk sender per transfer, on its own port. */
int install_apps(sim_ns3 *s, NodeContainer &nodes,
                 std::map<std::pair<int, int>, Ipv4Address> &pair_addr,
                 std::vector<SinkCtx> &sink_ctx, Run *run) {
    for (size_t i = 0; i < s->xfers.size(); i++) {
        Xfer &x = s->xfers[i];
        uint16_t port = (uint16_t)(5000 + i);
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sa = sink.Install(nodes.Get(x.dst));
        sa.Start(Seconds(0));
        sink_ctx[i] = SinkCtx{run, &x};
        if (!sa.Get(0)->TraceConnectWithoutContext(
                "Rx", MakeBoundCallback(&on_sink_rx, &sink_ctx[i])))
            return fail(s, "ns-3: cannot trace a packet sink");

        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(pair_addr[{x.src, x.dst}], port));
        bulk.SetAttribute("MaxBytes", UintegerValue(x.bytes));
        bulk.SetAttribute("Local",
                          AddressValue(InetSocketAddress(pair_addr[{x.dst, x.src}], 0)));
        ApplicationContainer ba = bulk.Install(nodes.Get(x.src));
        ba.Start(Seconds(x.start));
    }
    return 0;
}

/* Phases: reset, nodes, links, traces, routes, applications, run,
 * completion.  A failed phase destroys the simulator before returning. */
int run_locked(sim_ns3 *s) {
    if (validate(s) < 0) return -1;
    for (auto &x : s->xfers) {
        x.rx = 0;
        x.finish = -1;
    }
    s->stats.assign(2 * s->links.size(), sim_ns3_link_stats{0, 0, 0});
    set_defaults(s);

    Run run;
    run.s = s;
    run.remaining = (int)s->xfers.size();

    NodeContainer nodes;
    nodes.Create(s->nnodes);
    InternetStackHelper stack;
    Ipv4StaticRoutingHelper static_routing;
    stack.SetRoutingHelper(static_routing);
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);

    /* Interface index of each directed link's sending end, on its node. */
    std::vector<uint32_t> ifindex(2 * s->links.size());
    std::vector<NodeCtx> node_ctx(s->nnodes);
    std::map<std::pair<int, int>, Ipv4Address> pair_addr;
    std::vector<SinkCtx> sink_ctx(s->xfers.size());
    if (install_links(s, nodes, ifindex) < 0 || trace_tc_drops(s, nodes, node_ctx, &run) < 0) {
        Simulator::Destroy();
        return -1;
    }
    route_pairs(s, nodes, static_routing, ifindex, pair_addr, &run);
    if (install_apps(s, nodes, pair_addr, sink_ctx, &run) < 0) {
        Simulator::Destroy();
        return -1;
    }

    Simulator::Stop(Seconds(s->cfg.max_time));
    Simulator::Run();
    s->events = Simulator::GetEventCount();
    s->sim_time = Simulator::Now().GetSeconds();
    Simulator::Destroy();

    for (size_t i = 0; i < s->xfers.size(); i++)
        if (s->xfers[i].finish < 0)
            return fail(s, "transfer " + std::to_string(i) + " did not finish "
                        "within " + std::to_string(s->cfg.max_time) +
                        " simulated seconds (" + std::to_string(s->xfers[i].rx) +
                        " of " + std::to_string(s->xfers[i].bytes) + " bytes)");
    return 0;
}

}  // namespace

extern "C" {

void sim_ns3_config_default(sim_ns3_config *c) {
    c->tcp = "cubic";
    c->mss = 1448;
    c->init_cwnd = 10;
    c->sndbuf = 4u << 20;
    c->rcvbuf = 4u << 20;
    c->delack_count = 2;
    c->delack_timeout = 0.2;
    c->sack = 1;
    c->timestamps = 1;
    c->qdisc = "fq_codel";
    c->max_time = 1e6;
    c->seed = 1;
    c->run = 1;
}

sim_ns3 *sim_ns3_new(const sim_ns3_config *c, const char **why) {
    const char *dummy;
    if (!why) why = &dummy;
    if (!c->tcp || !tcp_type(c->tcp)) {
        *why = "unknown TCP variant (known: cubic, newreno, bic, htcp, vegas, "
               "bbr, dctcp)";
        return nullptr;
    }
    if (!c->qdisc || !qdisc_type(c->qdisc)) {
        *why = "unknown queue disc (known: none, fq_codel, pfifo_fast)";
        return nullptr;
    }
    if (c->mss < 64 || c->mss > 65000 || c->init_cwnd < 1 || c->sndbuf < 1 ||
        c->rcvbuf < 1 || c->delack_count < 1 || !(c->delack_timeout >= 0) ||
        !(c->max_time > 0) || c->seed == 0) {
        *why = "TCP parameter, max_time or seed (must be > 0) out of range";
        return nullptr;
    }
    sim_ns3 *s = new (std::nothrow) sim_ns3;
    if (!s) {
        *why = "out of memory";
        return nullptr;
    }
    s->cfg = *c;
    s->tcp = c->tcp;
    s->qdisc = c->qdisc;
    s->cfg.tcp = s->tcp.c_str();
    s->cfg.qdisc = s->qdisc.c_str();
    return s;
}

void sim_ns3_free(sim_ns3 *s) {
    delete s;
}

const char *sim_ns3_error(const sim_ns3 *s) {
    return s->err.c_str();
}

int sim_ns3_add_node(sim_ns3 *s) {
    return s->nnodes++;
}

int sim_ns3_add_link(sim_ns3 *s, int a, int b, const sim_ns3_dir *ab,
                     const sim_ns3_dir *ba, double delay) {
    if (a < 0 || a >= s->nnodes || b < 0 || b >= s->nnodes || a == b)
        return fail(s, "link between bad nodes " + std::to_string(a) + " and " +
                    std::to_string(b));
    for (const sim_ns3_dir *d : {ab, ba})
        if (!(d->bps >= 1) || d->bps > 1e15 || d->queue < 1)
            return fail(s, "link " + std::to_string(a) + "-" + std::to_string(b) +
                        ": rate must be >= 1 bps and queue >= 1 packet");
    if (!(delay >= 0) || delay > 1e4)
        return fail(s, "link delay out of range");
    if (s->links.size() >= (1u << 18))
        return fail(s, "too many links (max 262144)");
    s->links.push_back(Link{a, b, *ab, *ba, delay});
    return (int)s->links.size() - 1;
}

int sim_ns3_set_path(sim_ns3 *s, int src, int dst, const int *dlinks, int n) {
    if (src < 0 || src >= s->nnodes || dst < 0 || dst >= s->nnodes || src == dst)
        return fail(s, "path between bad nodes");
    if (n < 1) return fail(s, "empty path");
    int at = src;
    for (int i = 0; i < n; i++) {
        int d = dlinks[i];
        if (d < 0 || d >= 2 * (int)s->links.size())
            return fail(s, "path: no directed link " + std::to_string(d));
        const Link &l = s->links[d / 2];
        int from = d % 2 ? l.b : l.a, to = d % 2 ? l.a : l.b;
        if (from != at)
            return fail(s, "path from " + std::to_string(src) + " to " +
                        std::to_string(dst) + " is not contiguous at hop " +
                        std::to_string(i));
        at = to;
    }
    if (at != dst) return fail(s, "path does not end at its destination");
    s->paths[{src, dst}] = std::vector<int>(dlinks, dlinks + n);
    return 0;
}

int sim_ns3_add_transfer(sim_ns3 *s, int src, int dst, uint64_t bytes,
                         double start) {
    if (src < 0 || src >= s->nnodes || dst < 0 || dst >= s->nnodes || src == dst)
        return fail(s, "transfer between bad nodes");
    /* BulkSend reads MaxBytes = 0 as "unlimited". */
    if (bytes == 0) return fail(s, "transfer of 0 bytes");
    if (!(start >= 0)) return fail(s, "negative transfer start time");
    s->xfers.push_back(Xfer{src, dst, bytes, start, 0, -1});
    return (int)s->xfers.size() - 1;
}

int sim_ns3_run(sim_ns3 *s) {
    std::lock_guard<std::mutex> guard(g_ns3_lock);
    try {
        return run_locked(s);
    } catch (const std::exception &e) {
        Simulator::Destroy();
        return fail(s, std::string("ns-3: ") + e.what());
    }
}

double sim_ns3_finish(const sim_ns3 *s, int i) {
    if (i < 0 || i >= (int)s->xfers.size()) return -1;
    return s->xfers[i].finish;
}

int sim_ns3_link_stats_get(const sim_ns3 *s, int d, sim_ns3_link_stats *out) {
    if (d < 0 || d >= (int)s->stats.size()) return -1;
    *out = s->stats[d];
    return 0;
}

uint64_t sim_ns3_events(const sim_ns3 *s) {
    return s->events;
}

double sim_ns3_sim_time(const sim_ns3 *s) {
    return s->sim_time;
}

const char *sim_ns3_version(void) {
    return SIM_NS3_VERSION;
}

}  // extern "C"

/* sim_ns3_backend.c: the "ns3" simulation backend, an adapter from the
 * topology model and sim_transfer to the ns-3 shim (sim/ns3/sim_ns3.h).
 *
 * Node i of the topology is node i of the shim.  The two directed links of
 * one YAML link become one ns-3 point-to-point link (directed link d maps
 * to shim direction 2L or 2L+1), keeping each direction's rate and queue;
 * ns-3 channels have a single delay, so a link whose two directions differ
 * in delay is refused rather than silently averaged.  Each transfer's path
 * and its reverse come from sim_topo_path() and are installed as static
 * routes, so ns-3 forwards exactly where the flow simulator and the ALTO
 * server think traffic goes.
 *
 * The TCP stack is ns-3's (TcpSocketBase + the chosen congestion control);
 * the shared sim_params map onto it as written into `info`.  Everything the
 * mapping assumes or cannot express goes into info.limits, which the report
 * keeps.  Compiled only when ns-3 was found (ALTOSPEC_HAVE_NS3); otherwise
 * sim_backend_find("ns3") explains how to get it. */
#ifdef ALTOSPEC_HAVE_NS3

#include <math.h>
#include <stdlib.h>
#include <time.h>
#include "sim_ns3_backend.h"

static double now_mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* TCP 20 + timestamps option 12, IP 20, PPP 2: what ns-3 puts on the wire
 * per segment; sim_params.header selects timestamps on or off. */
#define NS3_HDR_TS 54
#define NS3_HDR_NOTS 42

static int build_links(sim_ns3 *s, const sim_topo *t, int *dmap,
                       alto_err *err) {
    for (int i = 0; i < t->nlinks; i++) dmap[i] = -1;
    for (int i = 0; i < t->nlinks; i++) {
        const sim_link *l = &t->links[i], *r;
        if (dmap[i] >= 0) continue;
        if (l->reverse < 0 || l->reverse >= t->nlinks || l->reverse == i)
            return alto_err_set(err, "ns3: link %s->%s (line %d) has no reverse "
                                "direction", t->nodes[l->from].name,
                                t->nodes[l->to].name, l->line);
        r = &t->links[l->reverse];
        if (fabs(l->delay - r->delay) > 1e-12)
            return alto_err_set(err, "ns3: link %s-%s (line %d) has a different "
                                "delay per direction (%g s, %g s); ns-3 "
                                "point-to-point channels have one delay",
                                t->nodes[l->from].name, t->nodes[l->to].name,
                                l->line, l->delay, r->delay);
        sim_ns3_dir ab = {l->bps, l->queue}, ba = {r->bps, r->queue};
        int L = sim_ns3_add_link(s, l->from, l->to, &ab, &ba, l->delay);
        if (L < 0)
            return alto_err_set(err, "ns3: link %s-%s (line %d): %s",
                                t->nodes[l->from].name, t->nodes[l->to].name,
                                l->line, sim_ns3_error(s));
        dmap[i] = 2 * L;
        dmap[l->reverse] = 2 * L + 1;
    }
    return 0;
}

static int set_path(sim_ns3 *s, const sim_topo *t, const int *dmap, int a,
                    int b, alto_err *err) {
    const int *links;
    int n = sim_topo_path(t, a, b, &links);
    if (n <= 0)
        return alto_err_set(err, "ns3: no route from %s to %s",
                            t->nodes[a].name, t->nodes[b].name);
    int *d = malloc(sizeof *d * (size_t)n);
    if (!d) return alto_err_set(err, "ns3: out of memory");
    for (int i = 0; i < n; i++) d[i] = dmap[links[i]];
    int rc = sim_ns3_set_path(s, a, b, d, n);
    free(d);
    if (rc < 0)
        return alto_err_set(err, "ns3: route %s->%s: %s", t->nodes[a].name,
                            t->nodes[b].name, sim_ns3_error(s));
    return 0;
}

static int add_transfers(sim_ns3 *s, const sim_topo *t, const sim_params *p,
                         const int *dmap, const sim_transfer *x, int n,
                         alto_err *err) {
    for (int i = 0; i < n; i++) {
        if (x[i].src < 0 || x[i].src >= t->nnodes || x[i].dst < 0 ||
            x[i].dst >= t->nnodes || x[i].src == x[i].dst)
            return alto_err_set(err, "ns3: transfer %d: bad endpoints", i);
        double bytes = round(x[i].bytes * p->size_scale);
        if (!(bytes >= 1) || bytes > 9e15)
            return alto_err_set(err, "ns3: transfer %d: size %g bytes is out "
                                "of range", i, bytes);
        if (set_path(s, t, dmap, x[i].src, x[i].dst, err) < 0 ||
            set_path(s, t, dmap, x[i].dst, x[i].src, err) < 0)
            return -1;
        if (sim_ns3_add_transfer(s, x[i].src, x[i].dst, (uint64_t)bytes,
                                 x[i].start) < 0)
            return alto_err_set(err, "ns3: transfer %d: %s", i,
                                sim_ns3_error(s));
    }
    return 0;
}

static void write_info(json_t *info, const sim_topo *t, const sim_ns3_config *c,
                       const sim_params *p, const sim_ns3_link_stats *st,
                       uint64_t events, double wall, double sim_time) {
    json_object_set_new(info, "backend", json_string("ns3"));
    json_object_set_new(info, "ns3_version", json_string(sim_ns3_version()));
    json_object_set_new(info, "tcp", json_string(c->tcp));
    json_object_set_new(info, "mss", json_integer(c->mss));
    json_object_set_new(info, "header_bytes",
                        json_integer(c->timestamps ? NS3_HDR_TS : NS3_HDR_NOTS));
    json_object_set_new(info, "timestamps", json_boolean(c->timestamps));
    json_object_set_new(info, "sack", json_boolean(c->sack));
    json_object_set_new(info, "init_cwnd", json_integer(c->init_cwnd));
    json_object_set_new(info, "socket_buffer", json_integer(c->sndbuf));
    json_object_set_new(info, "delack_count", json_integer(c->delack_count));
    json_object_set_new(info, "delack_timeout", json_real(c->delack_timeout));
    json_object_set_new(info, "qdisc", json_string(c->qdisc));
    json_object_set_new(info, "device_queue", json_string(
        "drop-tail, queue_packets per link, behind the root queue disc"));
    json_object_set_new(info, "routing",
                        json_string("static host routes along sim_topo_path()"));
    json_object_set_new(info, "seed", json_integer((json_int_t)c->seed));
    json_object_set_new(info, "events", json_integer((json_int_t)events));
    json_object_set_new(info, "sim_seconds", json_real(sim_time));
    json_object_set_new(info, "wall_seconds", json_real(wall));
    json_t *links = json_array();
    for (int i = 0; i < t->nlinks; i++) {
        const sim_link *l = &t->links[i];
        json_t *o = json_object();
        json_object_set_new(o, "from", json_string(t->nodes[l->from].name));
        json_object_set_new(o, "to", json_string(t->nodes[l->to].name));
        json_object_set_new(o, "bps", json_real(l->bps));
        json_object_set_new(o, "delay", json_real(l->delay));
        json_object_set_new(o, "queue_packets", json_integer(l->queue));
        if (st) {
            json_object_set_new(o, "tx_bytes", json_integer((json_int_t)st[i].tx_bytes));
            json_object_set_new(o, "tx_packets",
                                json_integer((json_int_t)st[i].tx_packets));
            json_object_set_new(o, "drops", json_integer((json_int_t)st[i].drops));
        }
        json_array_append_new(links, o);
    }
    json_object_set_new(info, "links", links);
    json_t *lim = json_array();
    json_array_append_new(lim, json_string(
        "packet-level: every segment and ACK is simulated; wall time grows "
        "with bytes moved and hops"));
    json_array_append_new(lim, json_string(
        "one propagation delay per link for both directions"));
    json_array_append_new(lim, json_string(
        "switches are IPv4 routers with static routes; no ARP, no Ethernet"));
    if (p->header != NS3_HDR_TS && p->header != NS3_HDR_NOTS)
        json_array_append_new(lim, json_string(
            "sim_params.header is neither 54 (timestamps) nor 42; ns-3's own "
            "headers are used"));
    json_object_set_new(info, "limits", lim);
}

int sim_ns3_backend_run(const sim_topo *t, const sim_params *p,
                        const sim_transfer *xfers, int n, sim_result *out,
                        json_t *info, sim_ns3_opts *opts, alto_err *err) {
    sim_ns3_config c;
    const char *why = NULL;
    sim_ns3_config_default(&c);
    c.tcp = p->tcp ? p->tcp : "cubic";
    c.mss = (int)lround(p->mss);
    c.init_cwnd = p->init_cwnd;
    c.sndbuf = c.rcvbuf = (uint32_t)fmin(fmax(p->rwnd, 1), 4294967295.0);
    c.timestamps = p->header >= NS3_HDR_TS;
    c.seed = (uint32_t)(p->seed ? p->seed : 1);
    if (opts && opts->qdisc) c.qdisc = opts->qdisc;
    if (n <= 0) return alto_err_set(err, "ns3: no transfers");

    sim_ns3 *s = sim_ns3_new(&c, &why);
    if (!s) return alto_err_set(err, "ns3: %s", why);
    int rc = -1;
    int *dmap = malloc(sizeof *dmap * (size_t)(t->nlinks ? t->nlinks : 1));
    sim_ns3_link_stats *st = calloc((size_t)(t->nlinks ? t->nlinks : 1), sizeof *st);
    if (!dmap || !st) {
        alto_err_set(err, "ns3: out of memory");
        goto done;
    }
    for (int i = 0; i < t->nnodes; i++) sim_ns3_add_node(s);
    if (build_links(s, t, dmap, err) < 0 ||
        add_transfers(s, t, p, dmap, xfers, n, err) < 0)
        goto done;

    double t0 = now_mono();
    if (sim_ns3_run(s) < 0) {
        alto_err_set(err, "ns3: %s", sim_ns3_error(s));
        goto done;
    }
    double wall = now_mono() - t0;
    for (int i = 0; i < n; i++) {
        out[i].finish = sim_ns3_finish(s, i);
        out[i].seconds = out[i].finish - xfers[i].start;
    }
    for (int i = 0; i < t->nlinks; i++) sim_ns3_link_stats_get(s, dmap[i], &st[i]);
    if (opts) {
        opts->events = sim_ns3_events(s);
        opts->wall = wall;
        if (opts->link_stats)
            for (int i = 0; i < t->nlinks; i++) opts->link_stats[i] = st[i];
    }
    if (info)
        write_info(info, t, &c, p, st, sim_ns3_events(s), wall,
                   sim_ns3_sim_time(s));
    rc = 0;
done:
    free(dmap);
    free(st);
    sim_ns3_free(s);
    return rc;
}

static int ns3_run(const sim_topo *t, const sim_params *p,
                   const sim_transfer *xfers, int n, sim_result *out,
                   json_t *info, alto_err *err) {
    return sim_ns3_backend_run(t, p, xfers, n, out, info, NULL, err);
}

const sim_backend sim_ns3_backend = {"ns3", ns3_run, NULL};

#endif /* ALTOSPEC_HAVE_NS3 */

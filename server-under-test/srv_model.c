/* srv_model.c: what the reference server says about a topology.
 *
 * This file owns the mapping from a sim_topo to the ALTO view of it; every
 * number the server publishes is decided here.  The rules (copied into the
 * README):
 *
 * Network map ("default-network-map").  One PID per host holding its /32
 * and /128, or the topology's explicit PID groups, plus the loader's
 * default PID holding 0.0.0.0/0 and ::/0, so the map is complete and
 * non-overlapping (RFC 7285 section 11.2.2; two PIDs with an identical
 * prefix are refused here even if the loader let them through).  The vtag
 * tag is a 128-bit FNV-1a hash (hex) of the topology hash followed by the
 * canonical serialization of the network map, so it changes when the
 * network map changes and also when only link rates or delays change (the
 * cost maps depend on the network map's vtag; a client comparing
 * dependent-vtags then sees the new costs).
 *
 * Cost types (names local to the IRD's meta.cost-types):
 *   num-routingcost  routingcost  numerical
 *   ord-routingcost  routingcost  ordinal
 *   num-hopcount     hopcount     numerical
 *   ord-hopcount     hopcount     ordinal
 *   num-delay-ow     delay-ow     numerical  microseconds   (RFC 9439)
 *   num-delay-rt     delay-rt     numerical  microseconds   (RFC 9439)
 *   num-bw-available bw-available numerical  bytes/second   (RFC 9439)
 * and, with `serve --perf-metrics`, the RFC 9439 types of srv_metrics.c.
 * routingcost is the IETF 113 hackathon's: the inverse of the path's
 * bottleneck bandwidth, 1e6 / bottleneck bits per second (seconds per
 * megabit): 5 Mbps -> 0.2, 2 Mbps -> 0.5, 1 Mbps -> 1.  hopcount counts
 * the links of the route; delay-ow is the route's one-way propagation
 * delay; delay-rt is the forward route's delay plus the reverse route's
 * (routes may be asymmetric); bw-available is the bottleneck capacity of
 * the route in bytes per second, which on an idle network is what is
 * available.  RFC 9439 cost-context: bw-available is "nominal" (the
 * configured capacities); the delays are "estimation" (computed from the
 * route's configured propagation delays, no queueing; RFC 9439 section 3.1
 * notes latency has no nominal value); routingcost has no cost-context
 * (section 6.3 would require "estimation" for it, and RFC 7285 clients do
 * not expect one).
 *
 * Every value comes from sim_topo_metrics(), i.e. from the topology's own
 * routes; this file never routes.
 *
 * PID-level costs.  A PID with several hosts (an explicit group) gets the
 * worst case over its host pairs: the largest routingcost, hopcount and
 * delay, the smallest bw-available.  A one-host PID to itself costs 0
 * (routingcost, hopcount, delays); its bw-available is undefined (a host
 * talking to itself has no bottleneck) and omitted.  The default PID holds
 * no host, so every cost to or from it is undefined and omitted from cost
 * maps, as RFC 7285 section 11.2.3.6 allows.  A PID with prefixes but no
 * host is treated the same way.
 *
 * Ordinal modes (RFC 7285 6.1.2.2: ranks "relative to all other values
 * in a cost map"; 6.2: "relative to the m*n entries").  Full and filtered
 * cost maps rank every defined value of the full map of that metric
 * together: 1 = most preferred, equal values get equal rank, ranks are
 * dense (1, 1, 2).  The direction follows the metric: lower is better for
 * routingcost, hopcount and delays, higher for bandwidths (RFC 9439).  A
 * filtered cost map returns the same numbers as the full map (it is a
 * filter, not a new ranking).  The Endpoint Cost Service ranks all m*n
 * entries of its answer together (srv_rank over the whole answer), so a
 * client may compare entries of different sources.  Any extension that
 * offers an ordinal mode (multi-cost, calendars) must use srv_rank the
 * same way.
 *
 * Endpoint costs.  An address that is a host's address gets host-to-host
 * costs; any other address gets the costs of the PID it maps to (longest
 * prefix match), which are undefined for the default PID. */
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "alto_buf.h"

#define DESC_ROUTING "IETF 113 hackathon routingcost: inverse of the path's " \
    "bottleneck bandwidth, 1e6 / bottleneck bits per second (seconds per " \
    "megabit; 5 Mbps -> 0.2)"
#define DESC_ORD " Ordinal: rank across the whole map (RFC 7285 6.1.2.2), 1 = most " \
    "preferred, equal values share a rank, dense ranks."

#define B SRV_SET_BASE
#define PM_EST "{\"aggregation\": \"sum over the links of the route\", " \
    "\"link-metrics\": \"the topology's configured propagation delays\", " \
    "\"network\": \"idle: every packet sees the propagation delay\"}"
#define PM_SLA "{\"link\": \"urn:altospec:sla:drop-tail-bound\", \"terms\": " \
    "\"no packet takes longer than the propagation delay plus a full drop-tail " \
    "queue of 1502-byte packets at every link of the route\"}"
#define PM_BW "{\"aggregation\": \"minimum over the links of the route\", " \
    "\"network\": \"idle: nothing reserved, nothing in use\"}"
#define PM_TPUT "{\"congestion-control-algorithm\": " \
    "\"https://www.rfc-editor.org/info/rfc9438\", \"estimation\": " \
    "\"altospec flow model (sim/sim_flow*): a bulk transfer alone on the route, " \
    "marginal rate between 64 MiB and 128 MiB (steady state: slow start and " \
    "handshake excluded), 1448-byte segments, 4 MiB receive window\"}"

/* The RFC 9439 rows after the base ones are srv_metrics.c's; their
 * meaning is documented there. */
const srv_cost_type srv_cost_types[] = {
    {"num-routingcost", "routingcost", "numerical", SRV_M_ROUTINGCOST, 0, NULL,
     DESC_ROUTING, B, NULL},
    {"ord-routingcost", "routingcost", "ordinal", SRV_M_ROUTINGCOST, 1, NULL,
     DESC_ROUTING "." DESC_ORD, B, NULL},
    {"num-hopcount", "hopcount", "numerical", SRV_M_HOPCOUNT, 0, NULL,
     "Number of links on the routed path", B | SRV_SET_EST, NULL},
    {"ord-hopcount", "hopcount", "ordinal", SRV_M_HOPCOUNT, 1, NULL,
     "Number of links on the routed path." DESC_ORD, B, NULL},
    {"num-delay-ow", "delay-ow", "numerical", SRV_M_DELAY_OW, 0, "estimation",
     "One-way propagation delay of the routed path, microseconds", B | SRV_SET_EST, NULL},
    {"num-delay-rt", "delay-rt", "numerical", SRV_M_DELAY_RT, 0, "estimation",
     "Round-trip propagation delay (forward plus reverse route), microseconds",
     B | SRV_SET_EST, NULL},
    {"num-bw-available", "bw-available", "numerical", SRV_M_BW_AVAILABLE, 0,
     "nominal", "Bottleneck capacity of the routed path (idle network), "
     "bytes per second", B | SRV_SET_NOM, NULL},
    /* RFC 9439 (SRV_EXT_PM) */
    {"pm-delay-ow-min", "delay-ow:min", "numerical", SRV_M_DELAY_OW, 0, "estimation",
     "Smallest one-way delay: the route's propagation delay, microseconds",
     SRV_SET_EST, PM_EST},
    {"pm-delay-ow-p95", "delay-ow:p95", "numerical", SRV_M_DELAY_OW, 0, "estimation",
     "95th percentile of the one-way delay on the idle network: the propagation "
     "delay, microseconds", SRV_SET_EST, PM_EST},
    {"pm-delay-variation", "delay-variation", "numerical", SRV_M_DELAY_VAR, 0, "estimation",
     "Median delay variation on the idle network (every packet sees the minimum): 0 "
     "microseconds", SRV_SET_EST, PM_EST},
    {"pm-lossrate", "lossrate", "numerical", SRV_M_LOSSRATE, 0, "estimation",
     "Packet loss on the idle network, a fraction: 0 (the topology has no lossy "
     "links and nothing overflows a queue)", SRV_SET_EST, PM_EST},
    {"pm-bw-residual", "bw-residual", "numerical", SRV_M_BW_RESIDUAL, 0, "estimation",
     "Residual bandwidth: the bottleneck capacity, nothing reserved, bytes per second",
     SRV_SET_EST, PM_BW},
    {"pm-tput", "tput", "numerical", SRV_M_TPUT, 0, "estimation",
     "Predicted throughput of a lone bulk TCP (Cubic) transfer, flow model steady "
     "state, bytes per second", SRV_SET_EST, PM_TPUT},
    {"pm-bw-maxres", "bw-maxres", "numerical", SRV_M_BW_MAXRES, 0, "nominal",
     "Maximum reservable bandwidth: the configured bottleneck capacity, bytes per second",
     SRV_SET_NOM, NULL},
    {"pm-sla-delay-ow-max", "delay-ow:max", "numerical", SRV_M_DELAY_OW_MAX, 0, "sla",
     "Committed one-way delay bound: propagation plus a full drop-tail queue at "
     "every link, microseconds", SRV_SET_SLA, PM_SLA},
    {"pm-sla-delay-rt-max", "delay-rt:max", "numerical", SRV_M_DELAY_RT_MAX, 0, "sla",
     "Committed round-trip delay bound: the one-way bounds of both routes, "
     "microseconds", SRV_SET_SLA, PM_SLA},
    {"pm-sla-delay-variation-max", "delay-variation:max", "numerical", SRV_M_DELAY_VAR_MAX,
     0, "sla", "Committed delay variation bound: a full drop-tail queue at every link, "
     "microseconds", SRV_SET_SLA, PM_SLA},
};
#undef B
const int srv_ncost_types = sizeof srv_cost_types / sizeof *srv_cost_types;
_Static_assert(sizeof srv_cost_types / sizeof *srv_cost_types <= SRV_MAX_TYPES,
               "srv_model.vals has room for SRV_MAX_TYPES cost types");

int srv_cost_type_find_in(unsigned set, const char *metric, const char *mode) {
    for (int i = 0; i < srv_ncost_types; i++)
        if ((srv_cost_types[i].sets & set) && !strcmp(srv_cost_types[i].metric, metric) &&
            !strcmp(srv_cost_types[i].mode, mode))
            return i;
    return -1;
}

int srv_cost_type_find(const char *metric, const char *mode) {
    return srv_cost_type_find_in(SRV_SET_BASE, metric, mode);
}

int srv_metric_offered_in(unsigned set, const char *metric) {
    for (int i = 0; i < srv_ncost_types; i++)
        if ((srv_cost_types[i].sets & set) && !strcmp(srv_cost_types[i].metric, metric)) return 1;
    return 0;
}

int srv_metric_offered(const char *metric) { return srv_metric_offered_in(SRV_SET_BASE, metric); }

unsigned srv_cost_type_ext(int t) { return srv_cost_types[t].sets & SRV_SET_BASE ? 0 : SRV_EXT_PM; }

int srv_metric_higher_better(srv_metric m) {
    return m == SRV_M_BW_AVAILABLE || m == SRV_M_BW_RESIDUAL || m == SRV_M_BW_MAXRES || m == SRV_M_TPUT;
}

/* Microseconds, rounded to the nanosecond so that sums of decimal delays
 * ("25ms" + "50ms") print as the integers they are. */
static double usec(double seconds) { return round(seconds * 1e9) / 1e3; }

/* Responses print numbers with 15 significant digits (so 0.2 stays "0.2").
 * A cost must therefore be exactly the double its 15-digit text parses
 * to, or a client that echoes it back as a constraint ("eq 0.000100469...")
 * would compare against a different number than the server holds. */
static double round15(double v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.15g", v);
    return strtod(buf, NULL);
}

double srv_host_cost(const srv_model *m, srv_metric metric, int a, int b) {
    sim_path_metrics f, r;
    if (sim_topo_metrics(m->topo, a, b, &f) < 0) return NAN;
    switch (metric) {
    case SRV_M_ROUTINGCOST:
        return isinf(f.bottleneck_bps) ? 0.0 : round15(1e6 / f.bottleneck_bps);
    case SRV_M_HOPCOUNT:
        return f.hops;
    case SRV_M_DELAY_OW:
        return usec(f.delay);
    case SRV_M_DELAY_RT:
        if (sim_topo_metrics(m->topo, b, a, &r) < 0) return NAN;
        return usec(f.delay + r.delay);
    case SRV_M_BW_AVAILABLE:
        return isinf(f.bottleneck_bps) ? NAN : round15(f.bottleneck_bps / 8.0);
    default:
        return srv_pm_host_cost(m, metric, a, b);
    }
}

double srv_pid_cost(const srv_model *m, srv_metric metric, int ps, int pd) {
    const sim_pid *s = &m->topo->pids[ps], *d = &m->topo->pids[pd];
    int hib = srv_metric_higher_better(metric);
    double worst = NAN;
    for (int i = 0; i < s->nhosts; i++)
        for (int j = 0; j < d->nhosts; j++) {
            double v = srv_host_cost(m, metric, s->hosts[i], d->hosts[j]);
            if (isnan(v)) continue;
            if (isnan(worst) || (hib ? v < worst : v > worst)) worst = v;
        }
    return worst;
}

double srv_model_pid_cost(const srv_model *m, srv_metric metric, int ps, int pd) {
    /* Every metric has a numerical type (the table above); its matrix is
     * the PID-level value. */
    for (int t = 0; t < srv_ncost_types; t++)
        if (srv_cost_types[t].m == metric && !srv_cost_types[t].ordinal && m->vals[t])
            return m->vals[t][(size_t)ps * m->npids + pd];
    return NAN;
}

typedef struct rank_item { double v; int i; } rank_item;

static int rank_cmp(const void *a, const void *b) {
    double x = ((const rank_item *)a)->v, y = ((const rank_item *)b)->v;
    return x < y ? -1 : x > y ? 1 : 0;
}

void srv_rank(double *vals, int n, int higher_better) {
    rank_item *it = alto_xcalloc(n ? n : 1, sizeof *it);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(vals[i])) it[k++] = (rank_item){higher_better ? -vals[i] : vals[i], i};
    qsort(it, k, sizeof *it, rank_cmp);
    int rank = 0;
    for (int i = 0; i < k; i++) {
        if (i == 0 || it[i].v != it[i - 1].v) rank++;
        vals[it[i].i] = rank;
    }
    free(it);
}

int srv_model_pid(const srv_model *m, const char *name) {
    json_t *v = json_object_get(m->pid_index, name);
    return v ? (int)json_integer_value(v) : -1;
}

int srv_model_pid_of(const srv_model *m, const alto_addr *a) {
    int p = alto_lpm_lookup(m->lpm, a);
    if (p >= 0) return p;
    /* Only reachable if the loader's default PID lacks the catch-alls. */
    for (int i = 0; i < m->npids; i++)
        if (m->topo->pids[i].is_default) return i;
    return m->npids - 1;
}

/* ---- vtag: 128-bit FNV-1a ---- */

typedef struct fnv128 { uint64_t hi, lo; } fnv128;

static void fnv_feed(fnv128 *h, const void *p, size_t n) {
    /* 128-bit FNV prime = 2^88 + 2^8 + 0x3b. */
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h->lo ^= s[i];
        unsigned __int128 x = ((unsigned __int128)h->hi << 64) | h->lo;
        unsigned __int128 prime = ((unsigned __int128)1 << 88) + 0x13b;
        x *= prime;
        h->hi = (uint64_t)(x >> 64);
        h->lo = (uint64_t)x;
    }
}

void srv_tag_of(const char *a, const char *b, char out[33]) {
    fnv128 h = {0x6c62272e07bb0142ULL, 0x62b821756295c58dULL};
    fnv_feed(&h, a, strlen(a));
    if (b) fnv_feed(&h, b, strlen(b));
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.hi, (unsigned long long)h.lo);
}

static int make_tag(srv_model *m, alto_err *err) {
    json_t *nm = srv_json_netmap(m, NULL, 3);
    char *s = json_dumps(json_object_get(nm, "network-map"),
                         JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(nm);
    if (!s) return alto_err_set(err, "cannot serialize the network map");
    char th[17];
    sim_topo_hash(m->topo, th);
    srv_tag_of(th, s, m->tag);
    free(s);
    return 0;
}

/* ---- building ---- */

/* Non-overlap (RFC 7285 section 11.2.2): no prefix in two PIDs.  Also
 * checks that the default PID exists.  Sorted, so equal prefixes are
 * neighbours: a network map of 100k prefixes is checked in n log n. */
typedef struct pfx_of {
    alto_prefix p;
    int pid;
} pfx_of;

static int pfx_cmp(const void *x, const void *y) {
    const pfx_of *a = x, *b = y;
    if (a->p.addr.family != b->p.addr.family) return a->p.addr.family - b->p.addr.family;
    int c = memcmp(a->p.addr.b, b->p.addr.b, sizeof a->p.addr.b);
    if (c) return c;
    return a->p.len != b->p.len ? a->p.len - b->p.len : a->pid - b->pid;
}

static int check_map(const sim_topo *t, alto_err *err) {
    int ndef = 0;
    size_t n = 0, k = 0;
    for (int i = 0; i < t->npids; i++) n += (size_t)t->pids[i].nprefixes;
    pfx_of *all = alto_xcalloc(n + 1, sizeof *all);
    for (int i = 0; i < t->npids; i++) {
        ndef += t->pids[i].is_default;
        for (int a = 0; a < t->pids[i].nprefixes; a++) all[k++] = (pfx_of){t->pids[i].prefixes[a], i};
    }
    qsort(all, n, sizeof *all, pfx_cmp);
    for (size_t i = 1; i < n; i++)
        if (alto_prefix_equal(&all[i - 1].p, &all[i].p)) {
            char buf[64];
            alto_err_set(err, "%s: prefix %s is in PIDs %s and %s: the network "
                         "map would overlap (RFC 7285 section 11.2.2)",
                         t->source ? t->source : "topology",
                         alto_prefix_fmt(&all[i].p, buf, sizeof buf),
                         t->pids[all[i - 1].pid].name, t->pids[all[i].pid].name);
            free(all);
            return -1;
        }
    free(all);
    if (ndef != 1)
        return alto_err_set(err, "%s: expected exactly one default PID, found %d",
                            t->source ? t->source : "topology", ndef);
    return 0;
}

static void build_lpm(srv_model *m) {
    m->lpm = alto_lpm_new();
    for (int i = 0; i < m->npids; i++) {
        const sim_pid *p = &m->topo->pids[i];
        for (int k = 0; k < p->nprefixes; k++) alto_lpm_add(m->lpm, &p->prefixes[k], i);
    }
}

/* 1 when type t is served: the RFC 9439 types only with SRV_EXT_PM, so a
 * server without them spends no time or memory on their matrices (the big
 * map bench has 1360 hosts). */
static int type_served(const srv_model *m, int t) { return !(srv_cost_type_ext(t) & ~m->ext); }

static void build_costs(srv_model *m) {
    int n = m->npids;
    double *metric[SRV_M_COUNT] = {0};
    for (int t = 0; t < srv_ncost_types; t++) {
        int k = srv_cost_types[t].m;
        if (!type_served(m, t) || metric[k]) continue;
        metric[k] = alto_xcalloc((size_t)n * n + 1, sizeof(double));
        for (int s = 0; s < n; s++)
            for (int d = 0; d < n; d++)
                metric[k][(size_t)s * n + d] = srv_pid_cost(m, (srv_metric)k, s, d);
    }
    for (int t = 0; t < srv_ncost_types; t++) {
        const srv_cost_type *ct = &srv_cost_types[t];
        if (!type_served(m, t)) continue;       /* vals[t] stays NULL */
        double *v = alto_xcalloc((size_t)n * n + 1, sizeof(double));
        memcpy(v, metric[ct->m], (size_t)n * n * sizeof(double));
        if (ct->ordinal) srv_rank(v, n * n, srv_metric_higher_better(ct->m));
        m->vals[t] = v;
    }
    for (int k = 0; k < SRV_M_COUNT; k++) free(metric[k]);
}

srv_model *srv_model_new(sim_topo *topo, alto_err *err) { return srv_model_new_ext(topo, 0, err); }

srv_model *srv_model_new_ext(sim_topo *topo, unsigned ext, alto_err *err) {
    if (!topo) { alto_err_set(err, "no topology"); return NULL; }
    if (check_map(topo, err) < 0) { sim_topo_free(topo); return NULL; }
    srv_model *m = alto_xcalloc(1, sizeof *m);
    m->topo = topo;
    m->npids = topo->npids;
    m->ext = ext;
    build_lpm(m);
    m->pid_index = json_object();
    for (int i = 0; i < m->npids; i++)
        json_object_set_new(m->pid_index, topo->pids[i].name, json_integer(i));
    /* tput costs a flow simulation per host pair: only when served. */
    if ((ext & SRV_EXT_PM) && srv_pm_build_tput(m, err) < 0) { srv_model_free(m); return NULL; }
    build_costs(m);
    if (make_tag(m, err) < 0) { srv_model_free(m); return NULL; }
    m->ane = srv_ane_new(m);    /* after the tag: the link tags derive from it */
    m->upm = srv_upm_model(m);
    m->cdni = srv_cdni_new(m);  /* after the tag: altopid advertisements depend on it */
    return m;
}

void srv_model_free(srv_model *m) {
    if (!m) return;
    for (int t = 0; t < srv_ncost_types; t++) free(m->vals[t]);
    srv_ane_free(m->ane);
    free(m->tput);
    srv_upm_free(m->upm);
    srv_cdni_free(m->cdni);
    alto_lpm_free(m->lpm);
    json_decref(m->pid_index);
    sim_topo_free(m->topo);
    free(m);
}

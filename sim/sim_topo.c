/* sim_topo.c: loading, validating and routing a topology.
 *
 * The loader is strict on purpose (see alto_schema.c): every rate and delay
 * needs a unit, every link end must name a node, addresses are unique, and
 * every host must reach every other host, because a topology that is
 * silently "fixed" yields ALTO costs and simulated times that disagree.
 *
 * Routing is all host pairs, computed once (Dijkstra from each host, keys
 * (delay in ns, hops), tie on predecessor index), and stored as one flat
 * array of link indices with per-pair offsets.  Memory is
 * O(hosts^2 * path length): about 80 MB for 1000 hosts with 20-hop paths,
 * which bounds the sizes this model is meant for. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_topo.h"
#include "alto_buf.h"
#include "alto_schema.h"

struct sim_routes {
    int *offset;            /* nhosts*nhosts+1 offsets into links; -1 = none */
    int *len;               /* nhosts*nhosts path lengths, -1 unreachable */
    int *links;
};

/* ---- construction helpers ---------------------------------------------- */

static int add_node(sim_topo *t, const char *name, int is_host) {
    t->nodes = alto_xrealloc(t->nodes, (size_t)(t->nnodes + 1) * sizeof *t->nodes);
    sim_node *n = &t->nodes[t->nnodes];
    memset(n, 0, sizeof *n);
    n->name = alto_xstrdup(name);
    n->is_host = is_host;
    n->pid = -1;
    n->host = is_host ? t->nhosts++ : -1;
    return t->nnodes++;
}

static int add_pid(sim_topo *t, const char *name) {
    t->pids = alto_xrealloc(t->pids, (size_t)(t->npids + 1) * sizeof *t->pids);
    sim_pid *p = &t->pids[t->npids];
    memset(p, 0, sizeof *p);
    p->name = alto_xstrdup(name);
    return t->npids++;
}

static void pid_add_prefix(sim_pid *p, const alto_prefix *pr) {
    p->prefixes = alto_xrealloc(p->prefixes, (size_t)(p->nprefixes + 1) * sizeof *p->prefixes);
    p->prefixes[p->nprefixes++] = *pr;
}

static void pid_add_host(sim_pid *p, int node) {
    p->hosts = alto_xrealloc(p->hosts, (size_t)(p->nhosts + 1) * sizeof *p->hosts);
    p->hosts[p->nhosts++] = node;
}

/* Names become PID names and Mininet host names: keep them to a safe set. */
static int valid_name(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 60) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int valid_pid_name(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == ':' || *s == '@' || *s == '_'))
            return 0;
    return 1;
}

/* ---- schema ------------------------------------------------------------ */

static const alto_field topo_fields[] = {
    {"name", ALTO_S_STRING, 0, 0, 0, 0, 0},
    {"defaults", ALTO_S_OBJECT, 0, 0, 0, 0, 0},
    {"hosts", ALTO_S_ARRAY, 1, 0, 0, 0, 0},
    {"switches", ALTO_S_ARRAY, 0, 0, 0, 0, 0},
    {"links", ALTO_S_ARRAY, 1, 0, 0, 0, 0},
    {"pids", ALTO_S_ARRAY, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field defaults_fields[] = {
    {"queue", ALTO_S_INT, 0, 1, 0, 1, 0},
    {"bandwidth", ALTO_S_RATE, 0, 0, 0, 0, 0},
    {"delay", ALTO_S_DURATION, 0, 1, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field host_fields[] = {
    {"name", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"ipv4", ALTO_S_STRING_OR_ARRAY, 0, 0, 0, 0, 0},
    {"ipv6", ALTO_S_STRING_OR_ARRAY, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field switch_fields[] = {
    {"name", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field link_fields[] = {
    {"a", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"b", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"bandwidth", ALTO_S_RATE, 0, 0, 0, 0, 0},
    {"delay", ALTO_S_DURATION, 0, 1, 0, 0, 0},
    {"queue", ALTO_S_INT, 0, 1, 0, 1, 0},
    {"reverse", ALTO_S_OBJECT, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field reverse_fields[] = {
    {"bandwidth", ALTO_S_RATE, 0, 0, 0, 0, 0},
    {"delay", ALTO_S_DURATION, 0, 1, 0, 0, 0},
    {"queue", ALTO_S_INT, 0, 1, 0, 1, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};
static const alto_field pid_fields[] = {
    {"name", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"hosts", ALTO_S_ARRAY, 0, 0, 0, 0, 0},
    {"prefixes", ALTO_S_ARRAY, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};

typedef struct link_defaults {
    double bps;             /* 0 = none given */
    double delay;           /* < 0 = none given */
    long long queue;
} link_defaults;

/* ---- parsing ------------------------------------------------------------ */

static int parse_host_addrs(const alto_doc *d, sim_topo *t, int node, const json_t *h,
                            const char *key, int family, alto_err *err) {
    const json_t *v = json_object_get(h, key);
    if (!v) return 0;
    json_t *one = NULL;
    if (json_is_string(v)) {
        one = json_array();
        json_array_append(one, (json_t *)v);
    }
    const json_t *arr = one ? one : v;
    size_t i;
    const json_t *a;
    int rc = 0;
    json_array_foreach(arr, i, a) {
        alto_addr addr;
        if (alto_addr_parse(json_string_value(a), family, &addr)) {
            rc = alto_doc_errf(d, err, h, key, -1, "expected an IPv%d address, got %s", family,
                               alto_doc_show(a));
            break;
        }
        if (sim_topo_host_by_addr(t, &addr) >= 0) {
            rc = alto_doc_errf(d, err, h, key, -1, "duplicate address %s (also on host %s)",
                               json_string_value(a),
                               t->nodes[sim_topo_host_by_addr(t, &addr)].name);
            break;
        }
        sim_node *n = &t->nodes[node];
        n->addrs = alto_xrealloc(n->addrs, (size_t)(n->naddrs + 1) * sizeof *n->addrs);
        n->addrs[n->naddrs++] = addr;
    }
    json_decref(one);
    return rc;
}

static int parse_nodes(const alto_doc *d, sim_topo *t, const json_t *obj, alto_err *err) {
    const json_t *hosts = json_object_get(obj, "hosts");
    size_t i;
    const json_t *h;
    if (json_array_size(hosts) == 0)
        return alto_doc_errf(d, err, obj, "hosts", -1, "a topology needs at least one host");
    json_array_foreach(hosts, i, h) {
        if (alto_schema_check(d, h, host_fields, err)) return -1;
        const char *name = json_string_value(json_object_get(h, "name"));
        if (!valid_name(name))
            return alto_doc_errf(d, err, h, "name", -1,
                                 "host names are 1-60 characters of [A-Za-z0-9_-], got %s",
                                 alto_doc_show(json_object_get(h, "name")));
        if (sim_topo_node(t, name) >= 0)
            return alto_doc_errf(d, err, h, "name", -1, "duplicate node name \"%s\"", name);
        int node = add_node(t, name, 1);
        if (parse_host_addrs(d, t, node, h, "ipv4", 4, err) ||
            parse_host_addrs(d, t, node, h, "ipv6", 6, err))
            return -1;
        if (t->nodes[node].naddrs == 0)
            return alto_doc_errf(d, err, hosts, NULL, (int)i,
                                 "host \"%s\" needs an ipv4 or ipv6 address", name);
    }
    const json_t *sw = json_object_get(obj, "switches");
    const json_t *s;
    json_array_foreach(sw, i, s) {
        const char *name;
        if (json_is_object(s)) {
            if (alto_schema_check(d, s, switch_fields, err)) return -1;
            name = json_string_value(json_object_get(s, "name"));
        } else if (json_is_string(s)) {
            name = json_string_value(s);
        } else {
            return alto_doc_errf(d, err, sw, NULL, (int)i,
                                 "expected a switch name, got %s", alto_doc_show(s));
        }
        if (!valid_name(name))
            return alto_doc_errf(d, err, sw, NULL, (int)i,
                                 "switch names are 1-60 characters of [A-Za-z0-9_-]");
        if (sim_topo_node(t, name) >= 0)
            return alto_doc_errf(d, err, sw, NULL, (int)i, "duplicate node name \"%s\"", name);
        add_node(t, name, 0);
    }
    return 0;
}

static int link_dir(const alto_doc *d, const json_t *l, const json_t *over,
                    const link_defaults *def, sim_link *out, alto_err *err) {
    double bps, delay;
    long long q;
    if (alto_get_rate(d, l, "bandwidth", def->bps, &bps, err) ||
        alto_get_duration(d, l, "delay", def->delay, &delay, err) ||
        alto_get_int(d, l, "queue", def->queue, &q, err))
        return -1;
    if (over && (alto_get_rate(d, over, "bandwidth", bps, &bps, err) ||
                 alto_get_duration(d, over, "delay", delay, &delay, err) ||
                 alto_get_int(d, over, "queue", q, &q, err)))
        return -1;
    if (bps <= 0)
        return alto_doc_errf(d, err, l, "bandwidth", -1,
                             bps == 0 && !json_object_get(l, "bandwidth")
                                 ? "missing: every link needs a bandwidth (or defaults.bandwidth)"
                                 : "must be positive");
    if (delay < 0)
        return alto_doc_errf(d, err, l, "delay", -1,
                             "missing: every link needs a delay like \"25ms\" (or defaults.delay)");
    out->bps = bps;
    out->delay = delay;
    out->queue = (int)q;
    return 0;
}

static int parse_links(const alto_doc *d, sim_topo *t, const json_t *obj,
                       const link_defaults *def, alto_err *err) {
    const json_t *links = json_object_get(obj, "links");
    size_t i;
    const json_t *l;
    t->links = alto_xcalloc(2 * json_array_size(links) + 1, sizeof *t->links);
    json_array_foreach(links, i, l) {
        if (alto_schema_check(d, l, link_fields, err)) return -1;
        const json_t *rev = json_object_get(l, "reverse");
        if (rev && alto_schema_check(d, rev, reverse_fields, err)) return -1;
        const char *an = json_string_value(json_object_get(l, "a"));
        const char *bn = json_string_value(json_object_get(l, "b"));
        int a = sim_topo_node(t, an), b = sim_topo_node(t, bn);
        if (a < 0) return alto_doc_errf(d, err, l, "a", -1, "unknown node \"%s\"", an);
        if (b < 0) return alto_doc_errf(d, err, l, "b", -1, "unknown node \"%s\"", bn);
        if (a == b) return alto_doc_errf(d, err, l, "b", -1, "a link cannot join \"%s\" to itself", an);
        sim_link *fw = &t->links[t->nlinks], *bw = &t->links[t->nlinks + 1];
        if (link_dir(d, l, NULL, def, fw, err) || link_dir(d, l, rev, def, bw, err)) return -1;
        int line = 0, col = 0;
        alto_doc_pos(d, l, &line, &col);
        fw->from = a; fw->to = b; fw->reverse = t->nlinks + 1; fw->line = line;
        bw->from = b; bw->to = a; bw->reverse = t->nlinks; bw->line = line;
        t->nlinks += 2;
    }
    return 0;
}

/* A PID other than `self` holding prefix p, or -1; within `self`, a second
 * copy of p counts too. */
static int check_prefix_unique(const sim_topo *t, const alto_prefix *p, int self) {
    for (int i = 0; i < t->npids; i++) {
        int seen = 0;
        for (int j = 0; j < t->pids[i].nprefixes; j++)
            if (alto_prefix_equal(&t->pids[i].prefixes[j], p) && (i != self || seen++)) return i;
    }
    return -1;
}

static void pid_add_host_prefixes(sim_topo *t, int pid, int node) {
    sim_node *n = &t->nodes[node];
    n->pid = pid;
    pid_add_host(&t->pids[pid], node);
    for (int k = 0; k < n->naddrs; k++) {
        alto_prefix pr = {n->addrs[k], n->addrs[k].family == 4 ? 32 : 128};
        pid_add_prefix(&t->pids[pid], &pr);
    }
}

static int parse_pids(const alto_doc *d, sim_topo *t, const json_t *obj, alto_err *err) {
    const json_t *pids = json_object_get(obj, "pids");
    size_t i;
    const json_t *g;
    json_array_foreach(pids, i, g) {
        if (alto_schema_check(d, g, pid_fields, err)) return -1;
        const char *name = json_string_value(json_object_get(g, "name"));
        if (!valid_pid_name(name) || !strcmp(name, "default"))
            return alto_doc_errf(d, err, g, "name", -1,
                                 "PID names are 1-64 characters of [A-Za-z0-9-:@_] and "
                                 "\"default\" is reserved, got %s",
                                 alto_doc_show(json_object_get(g, "name")));
        if (sim_topo_pid(t, name) >= 0)
            return alto_doc_errf(d, err, g, "name", -1, "duplicate PID \"%s\"", name);
        int pid = add_pid(t, name);
        const json_t *hs = json_object_get(g, "hosts"), *hn;
        size_t k;
        json_array_foreach(hs, k, hn) {
            int node = json_is_string(hn) ? sim_topo_node(t, json_string_value(hn)) : -1;
            if (node < 0 || !t->nodes[node].is_host)
                return alto_doc_errf(d, err, hs, NULL, (int)k, "unknown host %s",
                                     alto_doc_show(hn));
            if (t->nodes[node].pid >= 0)
                return alto_doc_errf(d, err, hs, NULL, (int)k, "host \"%s\" is already in PID \"%s\"",
                                     t->nodes[node].name, t->pids[t->nodes[node].pid].name);
            pid_add_host_prefixes(t, pid, node);
        }
        const json_t *ps = json_object_get(g, "prefixes"), *pv;
        json_array_foreach(ps, k, pv) {
            alto_prefix pr;
            if (!json_is_string(pv) || alto_prefix_parse(json_string_value(pv), 0, 1, &pr))
                return alto_doc_errf(d, err, ps, NULL, (int)k,
                                     "expected a prefix like \"10.0.0.0/24\" with no host bits, got %s",
                                     alto_doc_show(pv));
            pid_add_prefix(&t->pids[pid], &pr);
        }
    }
    /* Every other host gets a PID of its own, named after it. */
    for (int n = 0; n < t->nnodes; n++) {
        if (!t->nodes[n].is_host || t->nodes[n].pid >= 0) continue;
        char name[80];
        snprintf(name, sizeof name, "pid-%s", t->nodes[n].name);
        if (sim_topo_pid(t, name) >= 0)
            return alto_doc_errf(d, err, obj, "pids", -1,
                                 "PID \"%s\" is taken, but host \"%s\" needs it", name,
                                 t->nodes[n].name);
        pid_add_host_prefixes(t, add_pid(t, name), n);
    }
    /* RFC 7285 section 11.2.1.6: no two PIDs may hold an identical prefix.
     * Checked once every PID exists, since host PIDs come last. */
    json_array_foreach(pids, i, g) {
        const json_t *ps = json_object_get(g, "prefixes"), *pv;
        size_t k;
        int pid = sim_topo_pid(t, json_string_value(json_object_get(g, "name")));
        json_array_foreach(ps, k, pv) {
            alto_prefix pr;
            alto_prefix_parse(json_string_value(pv), 0, 1, &pr);
            int other = check_prefix_unique(t, &pr, pid);
            if (other >= 0)
                return alto_doc_errf(d, err, ps, NULL, (int)k, "prefix %s is already in PID \"%s\"",
                                     json_string_value(pv), t->pids[other].name);
        }
    }
    /* The default PID makes the map complete (RFC 7285 section 11.2.1.6). */
    int def = add_pid(t, "default");
    t->pids[def].is_default = 1;
    alto_prefix any4, any6;
    alto_prefix_parse("0.0.0.0/0", 4, 1, &any4);
    alto_prefix_parse("::/0", 6, 1, &any6);
    pid_add_prefix(&t->pids[def], &any4);
    pid_add_prefix(&t->pids[def], &any6);
    return 0;
}

/* ---- routing ------------------------------------------------------------ */

typedef struct dkey {
    int64_t delay_ns;
    int hops;
} dkey;

static int dkey_less(dkey a, dkey b) {
    return a.delay_ns < b.delay_ns || (a.delay_ns == b.delay_ns && a.hops < b.hops);
}

static int64_t link_ns(const sim_link *l) { return (int64_t)llround(l->delay * 1e9); }

/* Dijkstra from src over directed links; pred[v] = link into v.  O(V^2 + E)
 * with a linear scan: for the topologies of interest (<= a few thousand
 * nodes) this is simple and fast enough, and it is done once per host. */
static void dijkstra(const sim_topo *t, int src, const int *adj_off, const int *adj,
                     dkey *dist, int *pred, char *done) {
    for (int v = 0; v < t->nnodes; v++) {
        dist[v].delay_ns = INT64_MAX;
        dist[v].hops = INT32_MAX;
        pred[v] = -1;
        done[v] = 0;
    }
    dist[src].delay_ns = 0;
    dist[src].hops = 0;
    for (;;) {
        int u = -1;
        for (int v = 0; v < t->nnodes; v++)
            if (!done[v] && dist[v].delay_ns != INT64_MAX && (u < 0 || dkey_less(dist[v], dist[u])))
                u = v;
        if (u < 0) break;
        done[u] = 1;
        /* Hosts do not forward: a path may start or end at a host only. */
        if (u != src && t->nodes[u].is_host) continue;
        for (int k = adj_off[u]; k < adj_off[u + 1]; k++) {
            const sim_link *l = &t->links[adj[k]];
            int v = l->to;
            if (done[v]) continue;
            dkey nd = {dist[u].delay_ns + link_ns(l), dist[u].hops + 1};
            if (dkey_less(nd, dist[v]) ||
                (!dkey_less(dist[v], nd) && pred[v] >= 0 && t->links[pred[v]].from > u)) {
                dist[v] = nd;
                pred[v] = adj[k];
            }
        }
    }
}

/* Returns -1 and the first unreachable (src, dst) host pair in unreach. */
static int build_routes(sim_topo *t, int unreach[2]) {
    int n = t->nnodes, H = t->nhosts;
    int *adj_off = alto_xcalloc((size_t)n + 1, sizeof(int));
    int *adj = alto_xcalloc((size_t)t->nlinks + 1, sizeof(int));
    for (int i = 0; i < t->nlinks; i++) adj_off[t->links[i].from + 1]++;
    for (int v = 0; v < n; v++) adj_off[v + 1] += adj_off[v];
    int *fill = alto_xcalloc((size_t)n, sizeof(int));
    for (int i = 0; i < t->nlinks; i++) {
        int u = t->links[i].from;
        adj[adj_off[u] + fill[u]++] = i;
    }
    free(fill);

    struct sim_routes *r = alto_xcalloc(1, sizeof *r);
    t->routes = r;
    r->offset = alto_xcalloc((size_t)H * (size_t)H + 1, sizeof(int));
    r->len = alto_xcalloc((size_t)H * (size_t)H, sizeof(int));
    size_t cap = 1024, used = 0;
    r->links = alto_xcalloc(cap, sizeof(int));
    dkey *dist = alto_xcalloc((size_t)n, sizeof *dist);
    int *pred = alto_xcalloc((size_t)n, sizeof(int));
    char *done = alto_xcalloc((size_t)n, 1);
    int rc = 0;
    /* Hosts are nodes 0..H-1 (they are added first). */
    for (int s = 0; s < H && rc == 0; s++) {
        dijkstra(t, s, adj_off, adj, dist, pred, done);
        for (int d = 0; d < H; d++) {
            size_t idx = (size_t)s * (size_t)H + (size_t)d;
            r->offset[idx] = (int)used;
            if (d != s && pred[d] < 0) {
                r->len[idx] = -1;
                if (rc == 0) {
                    rc = -1;
                    unreach[0] = s;
                    unreach[1] = d;
                }
                continue;
            }
            int hops = d == s ? 0 : dist[d].hops;
            if (used + (size_t)hops > cap) {
                while (used + (size_t)hops > cap) cap *= 2;
                r->links = alto_xrealloc(r->links, cap * sizeof(int));
            }
            for (int v = d, k = hops; k > 0; k--) {
                r->links[used + (size_t)k - 1] = pred[v];
                v = t->links[pred[v]].from;
            }
            r->len[idx] = hops;
            used += (size_t)hops;
        }
    }
    r->offset[(size_t)H * (size_t)H] = (int)used;
    free(dist); free(pred); free(done); free(adj_off); free(adj);
    return rc;
}

/* ---- public API ----------------------------------------------------------- */

sim_topo *sim_topo_from_json(const alto_doc *d, const json_t *obj, alto_err *err) {
    if (alto_schema_check(d, obj, topo_fields, err)) return NULL;
    sim_topo *t = alto_xcalloc(1, sizeof *t);
    t->source = alto_xstrdup(d ? alto_doc_name(d) : "(inline)");
    const char *name = json_string_value(json_object_get(obj, "name"));
    t->name = alto_xstrdup(name ? name : "topology");
    link_defaults def = {0, -1, SIM_QUEUE_DEFAULT};
    const json_t *defs = json_object_get(obj, "defaults");
    if (defs && (alto_schema_check(d, defs, defaults_fields, err) ||
                 alto_get_rate(d, defs, "bandwidth", 0, &def.bps, err) ||
                 alto_get_duration(d, defs, "delay", -1, &def.delay, err) ||
                 alto_get_int(d, defs, "queue", SIM_QUEUE_DEFAULT, &def.queue, err)))
        goto fail;
    if (parse_nodes(d, t, obj, err) || parse_links(d, t, obj, &def, err) ||
        parse_pids(d, t, obj, err))
        goto fail;
    int unreach[2];
    if (build_routes(t, unreach)) {
        /* Hosts are nodes 0..nhosts-1 in file order: node index = hosts[i]. */
        alto_doc_errf(d, err, json_object_get(obj, "hosts"), NULL, t->nodes[unreach[1]].host,
                      "host \"%s\" cannot reach host \"%s\": the topology is disconnected",
                      t->nodes[unreach[0]].name, t->nodes[unreach[1]].name);
        goto fail;
    }
    return t;
fail:
    sim_topo_free(t);
    return NULL;
}

sim_topo *sim_topo_load(const char *path, alto_err *err) {
    size_t n = strlen(path);
    if (n > 8 && !strcmp(path + n - 8, ".graphml")) return sim_topo_load_graphml(path, err);
    alto_doc *d = alto_doc_load(path, err);
    if (!d) return NULL;
    sim_topo *t = sim_topo_from_json(d, alto_doc_root(d), err);
    alto_doc_free(d);
    return t;
}

void sim_topo_free(sim_topo *t) {
    if (!t) return;
    for (int i = 0; i < t->nnodes; i++) {
        free(t->nodes[i].name);
        free(t->nodes[i].addrs);
    }
    for (int i = 0; i < t->npids; i++) {
        free(t->pids[i].name);
        free(t->pids[i].hosts);
        free(t->pids[i].prefixes);
    }
    if (t->routes) {
        free(t->routes->offset);
        free(t->routes->len);
        free(t->routes->links);
        free(t->routes);
    }
    free(t->nodes);
    free(t->links);
    free(t->pids);
    free(t->name);
    free(t->source);
    free(t);
}

int sim_topo_node(const sim_topo *t, const char *name) {
    for (int i = 0; i < t->nnodes; i++)
        if (!strcmp(t->nodes[i].name, name)) return i;
    return -1;
}

int sim_topo_host_by_addr(const sim_topo *t, const alto_addr *a) {
    for (int i = 0; i < t->nnodes; i++)
        for (int k = 0; k < t->nodes[i].naddrs; k++)
            if (t->nodes[i].addrs[k].family == a->family &&
                !memcmp(t->nodes[i].addrs[k].b, a->b, sizeof a->b))
                return i;
    return -1;
}

int sim_topo_pid(const sim_topo *t, const char *name) {
    for (int i = 0; i < t->npids; i++)
        if (!strcmp(t->pids[i].name, name)) return i;
    return -1;
}

int sim_topo_path(const sim_topo *t, int src, int dst, const int **links) {
    if (src < 0 || dst < 0 || src >= t->nnodes || dst >= t->nnodes || !t->routes) return -1;
    int hs = t->nodes[src].host, hd = t->nodes[dst].host;
    if (hs < 0 || hd < 0) return -1;
    size_t idx = (size_t)hs * (size_t)t->nhosts + (size_t)hd;
    *links = t->routes->links + t->routes->offset[idx];
    return t->routes->len[idx];
}

int sim_topo_metrics(const sim_topo *t, int src, int dst, sim_path_metrics *m) {
    const int *p;
    int n = sim_topo_path(t, src, dst, &p);
    if (n < 0) return -1;
    m->hops = n;
    m->delay = 0;
    m->bottleneck_bps = INFINITY;
    m->min_queue = INT32_MAX;
    for (int i = 0; i < n; i++) {
        const sim_link *l = &t->links[p[i]];
        m->delay += l->delay;
        if (l->bps < m->bottleneck_bps) m->bottleneck_bps = l->bps;
        if (l->queue < m->min_queue) m->min_queue = l->queue;
    }
    return 0;
}

/* FNV-1a over a canonical text form of what ALTO can observe. */
void sim_topo_hash(const sim_topo *t, char out[17]) {
    alto_buf b = ALTO_BUF_INIT;
    char tmp[64];
    for (int i = 0; i < t->nnodes; i++) {
        alto_buf_printf(&b, "n %s %d", t->nodes[i].name, t->nodes[i].is_host);
        for (int k = 0; k < t->nodes[i].naddrs; k++)
            alto_buf_printf(&b, " %s", alto_addr_fmt(&t->nodes[i].addrs[k], tmp, sizeof tmp));
        alto_buf_putc(&b, '\n');
    }
    for (int i = 0; i < t->nlinks; i++)
        alto_buf_printf(&b, "l %d %d %.17g %.17g %d\n", t->links[i].from, t->links[i].to,
                        t->links[i].bps, t->links[i].delay, t->links[i].queue);
    for (int i = 0; i < t->npids; i++) {
        alto_buf_printf(&b, "p %s", t->pids[i].name);
        for (int k = 0; k < t->pids[i].nprefixes; k++)
            alto_buf_printf(&b, " %s", alto_prefix_fmt(&t->pids[i].prefixes[k], tmp, sizeof tmp));
        alto_buf_putc(&b, '\n');
    }
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < b.len; i++) {
        h ^= (unsigned char)b.data[i];
        h *= 1099511628211ULL;
    }
    alto_buf_free(&b);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

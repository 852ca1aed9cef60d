/* sim_topo_build.c: building a topology from numbers, and its routes.
 *
 * The one way a sim_topo comes to exist: the YAML/JSON loader
 * (sim_topo.c) checks a document and calls these functions, and the
 * estimator builds the network it learnt from ALTO with them directly,
 * with no text in between.  The builder checks what a caller can get
 * wrong (names, duplicate names and addresses, link ends, non-positive
 * rates, negative delays) and says so without positions; the loader, which
 * knows where each value came from, checks first with file:line:col.
 *
 * Routing is all host pairs, computed once in sim_topo_finish() (Dijkstra
 * from each host, keys (delay in ns, hops), tie on predecessor index), and
 * stored as one flat array of link indices with per-pair offsets.  Memory
 * is O(hosts^2 * path length): about 80 MB for 1000 hosts with 20-hop
 * paths, which bounds the sizes this model is meant for. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_topo_int.h"
#include "alto_buf.h"

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

static int new_pid(sim_topo *t, const char *name) {
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

/* ---- the builder ------------------------------------------------------------ */

sim_topo *sim_topo_new(const char *name, const char *source) {
    sim_topo *t = alto_xcalloc(1, sizeof *t);
    t->name = alto_xstrdup(name ? name : "topology");
    t->source = alto_xstrdup(source ? source : "(inline)");
    return t;
}

int sim_topo_add_host(sim_topo *t, const char *name, alto_err *err) {
    if (!valid_name(name))
        return alto_err_set(err, "host names are 1-60 characters of [A-Za-z0-9_-], got \"%.100s\"", name);
    if (sim_topo_node(t, name) >= 0) return alto_err_set(err, "duplicate node name \"%s\"", name);
    /* Hosts come first (routes are indexed by host): no switch yet. */
    if (t->nnodes > t->nhosts) return alto_err_set(err, "host \"%s\" added after a switch", name);
    return add_node(t, name, 1);
}

int sim_topo_add_addr(sim_topo *t, int node, const alto_addr *a, alto_err *err) {
    char tmp[64];
    int other = sim_topo_host_by_addr(t, a);
    if (other >= 0)
        return alto_err_set(err, "duplicate address %s (also on host %s)",
                            alto_addr_fmt(a, tmp, sizeof tmp), t->nodes[other].name);
    sim_node *n = &t->nodes[node];
    n->addrs = alto_xrealloc(n->addrs, (size_t)(n->naddrs + 1) * sizeof *n->addrs);
    n->addrs[n->naddrs++] = *a;
    return 0;
}

int sim_topo_add_switch(sim_topo *t, const char *name, alto_err *err) {
    if (!valid_name(name)) return alto_err_set(err, "switch names are 1-60 characters of [A-Za-z0-9_-]");
    if (sim_topo_node(t, name) >= 0) return alto_err_set(err, "duplicate node name \"%s\"", name);
    return add_node(t, name, 0);
}

static int dir_ok(const sim_dir *d, alto_err *err) {
    if (!(d->bps > 0) || !isfinite(d->bps)) return alto_err_set(err, "a link needs a positive bandwidth");
    if (!(d->delay >= 0) || !isfinite(d->delay)) return alto_err_set(err, "a link delay must not be negative");
    if (d->queue < 0) return alto_err_set(err, "a link queue must not be negative");
    return 0;
}

int sim_topo_add_link(sim_topo *t, int a, int b, const sim_dir *ab, const sim_dir *ba, alto_err *err) {
    if (a < 0 || b < 0 || a >= t->nnodes || b >= t->nnodes) return alto_err_set(err, "unknown node in a link");
    if (a == b) return alto_err_set(err, "a link cannot join \"%s\" to itself", t->nodes[a].name);
    if (dir_ok(ab, err) || dir_ok(ba, err)) return -1;
    t->links = alto_xrealloc(t->links, (size_t)(t->nlinks + 2) * sizeof *t->links);
    int i = t->nlinks;
    const sim_dir *d[2] = {ab, ba};
    for (int k = 0; k < 2; k++)
        t->links[i + k] = (sim_link){
            .from = k ? b : a, .to = k ? a : b, .bps = d[k]->bps, .delay = d[k]->delay,
            .queue = d[k]->queue ? d[k]->queue : SIM_QUEUE_DEFAULT, .reverse = i + 1 - k,
        };
    t->nlinks += 2;
    return i;
}

int sim_topo_add_pid(sim_topo *t, const char *name, alto_err *err) {
    if (!valid_pid_name(name) || !strcmp(name, "default"))
        return alto_err_set(err, "PID names are 1-64 characters of [A-Za-z0-9-:@_] and "
                            "\"default\" is reserved, got \"%.100s\"", name);
    if (sim_topo_pid(t, name) >= 0) return alto_err_set(err, "duplicate PID \"%s\"", name);
    return new_pid(t, name);
}

int sim_topo_pid_add_host(sim_topo *t, int pid, int node, alto_err *err) {
    sim_node *n = &t->nodes[node];
    if (!n->is_host) return alto_err_set(err, "\"%s\" is not a host", n->name);
    if (n->pid >= 0)
        return alto_err_set(err, "host \"%s\" is already in PID \"%s\"", n->name, t->pids[n->pid].name);
    n->pid = pid;
    pid_add_host(&t->pids[pid], node);
    for (int k = 0; k < n->naddrs; k++) {
        alto_prefix pr = {n->addrs[k], n->addrs[k].family == 4 ? 32 : 128};
        pid_add_prefix(&t->pids[pid], &pr);
    }
    return 0;
}

void sim_topo_pid_add_prefix(sim_topo *t, int pid, const alto_prefix *p) {
    pid_add_prefix(&t->pids[pid], p);
}

int sim_topo_host_pids(sim_topo *t, alto_err *err) {
    for (int n = 0; n < t->nnodes; n++) {
        if (!t->nodes[n].is_host || t->nodes[n].pid >= 0) continue;
        char name[80];
        snprintf(name, sizeof name, "pid-%s", t->nodes[n].name);
        if (sim_topo_pid(t, name) >= 0)
            return alto_err_set(err, "PID \"%s\" is taken, but host \"%s\" needs it", name,
                                t->nodes[n].name);
        if (sim_topo_pid_add_host(t, new_pid(t, name), n, err)) return -1;
    }
    return 0;
}

int sim_topo_finish(sim_topo *t, int *unreachable, alto_err *err) {
    if (unreachable) *unreachable = -1;
    if (sim_topo_host_pids(t, err)) return -1;
    /* The default PID makes the map complete (RFC 7285 section 11.2.1.6). */
    int def = new_pid(t, "default");
    t->pids[def].is_default = 1;
    alto_prefix any4, any6;
    alto_prefix_parse("0.0.0.0/0", 4, 1, &any4);
    alto_prefix_parse("::/0", 6, 1, &any6);
    pid_add_prefix(&t->pids[def], &any4);
    pid_add_prefix(&t->pids[def], &any6);
    int unreach[2];
    if (build_routes(t, unreach)) {
        if (unreachable) *unreachable = unreach[1];
        return alto_err_set(err, "host \"%s\" cannot reach host \"%s\": the topology is disconnected",
                            t->nodes[unreach[0]].name, t->nodes[unreach[1]].name);
    }
    return 0;
}

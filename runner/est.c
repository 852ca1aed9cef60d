/* est.c: the estimator's network, rebuilt from ALTO's answer (see est.h).
 *
 * Why a reconstruction and not a formula: concurrent flows finish at
 * different times and the survivors speed up, so a flow's throughput
 * depends on the whole schedule; simulating the flows on the network ALTO
 * describes (ANEs as links) with the same flow model as the `flow`
 * backend gives completion times, and throughput follows.
 *
 * Reconstruction: ANE k has an entry end (2k) and an exit end (2k+1); on
 * each path vector src, a1, ..., an, dst the host src is joined with a1's
 * entry, each exit with the next entry, and an's exit with dst
 * (union-find).  Each class is a switch; each ANE a link between the
 * classes of its ends; the reverse direction of that link is the ANE going
 * the other way when there is one, else a placeholder with a 10 s delay
 * that no route takes (every route, ACK paths included, uses ANEs the
 * server named).  A class holding one host and crossed by no vector is
 * that host; otherwise (aggregated ANEs) the class is a switch and its
 * hosts join it by 1000 Gbps, zero-delay links.  Bandwidths are the ANEs'
 * max-reservable-bandwidth (bps), delays the property map's (microseconds,
 * made seconds once, in run_pv.c); the network is built from these numbers
 * with sim_topo's builder, no text in between.  A node the server's links
 * enter and leave in different vectors only may come out as two nodes
 * (one per direction): routes and link loads are unchanged.  sim_topo
 * routes by least delay like the server did, so with the
 * ANEs' real delays the routes are the server's; every queried pair is
 * checked node by node and a route that differs is an error (the
 * prediction would be about another network).  An ANE whose two ends fall
 * into one class (an aggregate that loops) cannot be a link: error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "est.h"
#include "run_pv.h"
#include "sim_flow.h"
#include "alto_buf.h"

#define EST_HOST_BPS 1e12           /* hosts hang off aggregate classes by 1000 Gbps */
#define EST_PLACEHOLDER_DELAY 10.0  /* seconds: a reverse direction no route takes */

struct est_model {
    sim_topo *topo;
    int *node_of;           /* scenario node -> reconstructed node, or -1 */
    int nsc;
    json_t *info;
};

/* What est_build() learns and builds, phase by phase. */
typedef struct est_net {
    const run_scenario *sc;
    const int *hosts;       /* scenario nodes asked about */
    int nh;
    run_pv pv;
    alto_addr *addrs;
    char (*txt)[80];        /* typed addresses, normalized */
    json_t *net;            /* run_pv_query's answer */
    const json_t *paths, *anes;
    int na;                 /* ANEs */
    const char **ane_name;
    json_t *ane_idx;        /* name -> index */
    int ne;                 /* elements: ANE ends 0..2na-1, then hosts */
    int *uf;                /* union-find over the elements */
    int *cls;               /* root element -> class */
    int nc;
    char **cname;           /* class -> node name */
    int loop;               /* an ANE starts and ends in one class */
} est_net;

static int uf_find(int *p, int x) {
    while (p[x] != x) { p[x] = p[p[x]]; x = p[x]; }
    return x;
}

static void uf_union(int *p, int a, int b) {
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a != b) p[a < b ? b : a] = a < b ? a : b;
}

void est_free(est_model *m) {
    if (!m) return;
    sim_topo_free(m->topo);
    free(m->node_of);
    json_decref(m->info);
    free(m);
}

const json_t *est_info(const est_model *m) { return m->info; }

static void net_free(est_net *n) {
    run_pv_free(&n->pv);
    free(n->addrs);
    free(n->txt);
    free(n->ane_name);
    free(n->uf);
    free(n->cls);
    for (int c = 0; c < n->nc; c++) free(n->cname ? n->cname[c] : NULL);
    free(n->cname);
    json_decref(n->net);
    json_decref(n->ane_idx);
}

/* The class (reconstructed node) of element e. */
static int cls_of(est_net *n, int e) { return n->cls[uf_find(n->uf, e)]; }
static int host_el(const est_net *n, int i) { return 2 * n->na + i; }
static int ane_of(const est_net *n, const json_t *name) {
    return (int)json_integer_value(json_object_get(n->ane_idx, json_string_value(name)));
}
static const json_t *vector(const est_net *n, int s, int d) {
    return json_object_get(json_object_get(n->paths, n->txt[s]), n->txt[d]);
}
static const char *host_name(const est_net *n, int i) { return n->sc->topo->nodes[n->hosts[i]].name; }

/* Phase 1: ask ALTO for the path vectors between every pair of hosts. */
static int ask(est_net *n, run_alto *a, const char *label, alto_err *err) {
    if (run_pv_plan(run_alto_client(a), &n->pv, err)) return -1;
    n->addrs = alto_xcalloc((size_t)n->nh + 1, sizeof *n->addrs);
    n->txt = alto_xcalloc((size_t)n->nh + 1, sizeof *n->txt);
    for (int i = 0; i < n->nh; i++) {
        if (run_host_addr(n->sc, n->hosts[i], n->txt[i], sizeof n->txt[i], err) ||
            alto_addr_parse_typed(n->txt[i], &n->addrs[i]))
            return -1;
        alto_addr_fmt_typed(&n->addrs[i], n->txt[i], sizeof n->txt[i]);
    }
    if (run_pv_query(run_alto_client(a), &n->pv, label, n->addrs, n->nh, &n->net, err)) return -1;
    n->paths = json_object_get(n->net, "paths");
    n->anes = json_object_get(n->net, "anes");
    return 0;
}

/* Phase 2: number the ANEs; each needs a bandwidth to be a link. */
static int index_anes(est_net *n, alto_err *err) {
    n->na = (int)json_object_size(n->anes);
    n->ane_name = alto_xcalloc((size_t)n->na + 1, sizeof *n->ane_name);
    n->ane_idx = json_object();
    const char *an;
    json_t *av;
    int k = 0;
    json_object_foreach((json_t *)n->anes, an, av) {
        const json_t *bps = json_object_get(av, "bps");
        if (!json_is_number(bps) || !(json_number_value(bps) > 0))
            return alto_err_set(err, "POST %s: ANE \"%s\" has no positive max-reservable-bandwidth",
                                n->pv.uri, an);
        n->ane_name[k] = an;
        json_object_set_new(n->ane_idx, an, json_integer(k++));
    }
    return 0;
}

/* Phase 3: join the ends that every vector says meet (union-find), and
 * number the classes. */
static int join_ends(est_net *n, alto_err *err) {
    n->ne = 2 * n->na + n->nh;
    n->uf = alto_xcalloc((size_t)n->ne + 1, sizeof *n->uf);
    for (int i = 0; i < n->ne; i++) n->uf[i] = i;
    for (int s = 0; s < n->nh; s++)
        for (int d = 0; d < n->nh; d++) {
            if (s == d) continue;
            const json_t *vec = vector(n, s, d), *e;
            if (!json_is_array(vec))
                return alto_err_set(err, "POST %s: the answer has no path vector from %s to %s",
                                    n->pv.uri, n->txt[s], n->txt[d]);
            int prev = host_el(n, s);
            size_t i;
            json_array_foreach(vec, i, e) {
                int x = ane_of(n, e);
                uf_union(n->uf, prev, 2 * x);
                prev = 2 * x + 1;
            }
            uf_union(n->uf, prev, host_el(n, d));
        }
    n->cls = alto_xcalloc((size_t)n->ne + 1, sizeof *n->cls);
    for (int i = 0; i < n->ne; i++) n->cls[i] = -1;
    for (int i = 0; i < n->ne; i++) {
        int r = uf_find(n->uf, i);
        if (n->cls[r] < 0) n->cls[r] = n->nc++;
    }
    return 0;
}

/* Phase 4: class names.  A class holding exactly one host that no vector
 * crosses is that host (the usual case: the network as it is); any other
 * class is a switch "c<k>" and its hosts hang off it. */
static void name_classes(est_net *n) {
    int *nhost = alto_xcalloc((size_t)n->nc + 1, sizeof *nhost);
    int *transit = alto_xcalloc((size_t)n->nc + 1, sizeof *transit);
    n->cname = alto_xcalloc((size_t)n->nc + 1, sizeof *n->cname);
    for (int i = 0; i < n->nh; i++) nhost[cls_of(n, host_el(n, i))]++;
    for (int s = 0; s < n->nh; s++)
        for (int d = 0; d < n->nh; d++) {
            const json_t *vec = vector(n, s, d);
            for (size_t i = 0; i + 1 < json_array_size(vec); i++)
                transit[cls_of(n, 2 * ane_of(n, json_array_get(vec, i)) + 1)] = 1;
        }
    for (int i = 0; i < n->nh; i++) {
        int c = cls_of(n, host_el(n, i));
        if (nhost[c] == 1 && !transit[c]) n->cname[c] = alto_xstrdup(host_name(n, i));
    }
    free(nhost);
    free(transit);
}

/* Phase 5a: the nodes: the hosts (with their addresses), then the switch
 * classes in class order. */
static int add_nodes(est_net *n, sim_topo *t, alto_err *err) {
    for (int i = 0; i < n->nh; i++) {
        int node = sim_topo_add_host(t, host_name(n, i), err);
        if (node < 0 || sim_topo_add_addr(t, node, &n->addrs[i], err)) return -1;
    }
    for (int c = 0; c < n->nc; c++) {
        if (n->cname[c]) continue;
        char name[32];
        snprintf(name, sizeof name, "c%d", c);
        n->cname[c] = alto_xstrdup(name);
        if (sim_topo_add_switch(t, name, err) < 0) return -1;
    }
    return 0;
}

static sim_dir ane_dir(const est_net *n, int x) {
    const json_t *a = json_object_get(n->anes, n->ane_name[x]);
    return (sim_dir){.bps = json_number_value(json_object_get(a, "bps")),
                     .delay = json_number_value(json_object_get(a, "delay"))};
}

/* Phase 5b: hosts of aggregate classes hang off them; each ANE is a link,
 * paired with the ANE going the other way when there is one. */
static int add_links(est_net *n, sim_topo *t, alto_err *err) {
    const sim_dir host = {.bps = EST_HOST_BPS, .delay = 0};
    const sim_dir placeholder = {.bps = EST_HOST_BPS, .delay = EST_PLACEHOLDER_DELAY};
    for (int i = 0; i < n->nh; i++) {
        const char *cn = n->cname[cls_of(n, host_el(n, i))];
        if (strcmp(cn, host_name(n, i)) &&
            sim_topo_add_link(t, sim_topo_node(t, host_name(n, i)), sim_topo_node(t, cn), &host, &host, err) < 0)
            return -1;
    }
    int *paired = alto_xcalloc((size_t)n->na + 1, sizeof *paired), rc = 0;
    for (int x = 0; x < n->na && rc == 0; x++) {
        if (paired[x]) continue;
        int ci = cls_of(n, 2 * x), co = cls_of(n, 2 * x + 1), rev = -1;
        if (ci == co) {
            n->loop = 1;
            rc = alto_err_set(err, "ANE \"%s\" of %s starts and ends at the same place of the network "
                              "its path vectors describe: it cannot be simulated as a link",
                              n->ane_name[x], n->pv.uri);
            break;
        }
        for (int y = x + 1; y < n->na && rev < 0; y++)
            if (!paired[y] && cls_of(n, 2 * y) == co && cls_of(n, 2 * y + 1) == ci) rev = y;
        sim_dir fw = ane_dir(n, x), bw = rev >= 0 ? ane_dir(n, rev) : placeholder;
        if (rev >= 0) paired[rev] = 1;
        paired[x] = 1;
        if (sim_topo_add_link(t, sim_topo_node(t, n->cname[ci]), sim_topo_node(t, n->cname[co]), &fw, &bw, err) < 0)
            rc = -1;
    }
    free(paired);
    return rc;
}

/* Phase 5: the network, from numbers (sim_topo's builder). */
static sim_topo *build_topo(est_net *n, alto_err *err) {
    sim_topo *t = sim_topo_new("alto-estimator", "(inline)");
    if (add_nodes(n, t, err) || add_links(n, t, err) || sim_topo_finish(t, NULL, err)) {
        if (n->loop) {
            sim_topo_free(t);
            return NULL;
        }
        char msg[ALTO_ERR_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        alto_err_set(err, "the network rebuilt from %s's path vectors does not load: %s", n->pv.uri, msg);
        sim_topo_free(t);
        return NULL;
    }
    return t;
}

/* Phase 6: every route of the rebuilt network must be the server's: the
 * same sequence of nodes. */
static int same_route(est_net *n, const est_model *m, int s, int d) {
    const json_t *vec = vector(n, s, d), *e;
    const char **want = alto_xcalloc(json_array_size(vec) + 4, sizeof *want);
    int nw = 0;
    want[nw++] = host_name(n, s);
    const char *c0 = n->cname[cls_of(n, host_el(n, s))];
    if (strcmp(c0, want[0])) want[nw++] = c0;
    size_t i;
    json_array_foreach(vec, i, e) want[nw++] = n->cname[cls_of(n, 2 * ane_of(n, e) + 1)];
    if (strcmp(want[nw - 1], host_name(n, d))) want[nw++] = host_name(n, d);
    const int *lk;
    int hops = sim_topo_path(m->topo, m->node_of[n->hosts[s]], m->node_of[n->hosts[d]], &lk);
    int ok = hops == nw - 1;
    for (int q = 0; ok && q < hops; q++)
        ok = !strcmp(m->topo->nodes[m->topo->links[lk[q]].to].name, want[q + 1]);
    free(want);
    return ok;
}

static int check_routes(est_net *n, const est_model *m, alto_err *err) {
    for (int s = 0; s < n->nh; s++)
        for (int d = 0; d < n->nh; d++)
            if (s != d && !same_route(n, m, s, d))
                return alto_err_set(err, "the path vector %s -> %s of %s cannot be reproduced on the "
                                    "network rebuilt from the answer (its routing differs: %s)",
                                    n->txt[s], n->txt[d], n->pv.uri, n->pv.props_uri
                                    ? "equal-delay alternatives" : "the server gives no ANE delays");
    return 0;
}

static json_t *model_info(const est_net *n, const est_model *m) {
    json_t *info = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:s}", "resource", n->pv.rid, "uri",
                             n->pv.uri, "cost_type", n->pv.type_name, "hosts", n->nh, "anes", n->na,
                             "nodes", m->topo->nnodes, "links", m->topo->nlinks, "delay_source",
                             json_string_value(json_object_get(n->net, "delay_source")));
    json_t *bps = json_object();
    const char *an;
    json_t *av;
    json_object_foreach((json_t *)n->anes, an, av) json_object_set(bps, an, json_object_get(av, "bps"));
    json_object_set_new(info, "ane_bps", bps);
    return info;
}

int est_build(const run_scenario *sc, run_alto *a, const char *label, const int *hosts, int nh,
              est_model **out, alto_err *err) {
    *out = NULL;
    est_net n = {.sc = sc, .hosts = hosts, .nh = nh};
    est_model *m = NULL;
    int rc = -1;
    if (ask(&n, a, label, err) || index_anes(&n, err) || join_ends(&n, err)) goto done;
    name_classes(&n);
    m = alto_xcalloc(1, sizeof *m);
    if (!(m->topo = build_topo(&n, err))) goto done;
    m->nsc = sc->topo->nnodes;
    m->node_of = alto_xcalloc((size_t)m->nsc, sizeof *m->node_of);
    for (int i = 0; i < m->nsc; i++) m->node_of[i] = -1;
    for (int i = 0; i < nh; i++) m->node_of[hosts[i]] = sim_topo_node(m->topo, host_name(&n, i));
    if (check_routes(&n, m, err)) goto done;
    m->info = model_info(&n, m);
    *out = m;
    m = NULL;
    rc = 0;
done:
    est_free(m);
    net_free(&n);
    return rc;
}

int est_predict(const est_model *m, const sim_params *p, const sim_transfer *x, int n,
                sim_result *out, alto_err *err) {
    sim_transfer *y = alto_xcalloc((size_t)n + 1, sizeof *y);
    for (int i = 0; i < n; i++) {
        y[i] = x[i];
        int s = x[i].src >= 0 && x[i].src < m->nsc ? m->node_of[x[i].src] : -1;
        int d = x[i].dst >= 0 && x[i].dst < m->nsc ? m->node_of[x[i].dst] : -1;
        if (s < 0 || d < 0) {
            free(y);
            return alto_err_set(err, "estimator: transfer %d is between hosts ALTO was not asked about", i);
        }
        y[i].src = s;
        y[i].dst = d;
    }
    int rc = sim_flow_run(m->topo, p, NULL, y, n, out, NULL, err);
    free(y);
    return rc ? alto_err_wrap(err, "estimator (flow model on the ALTO network)") : 0;
}

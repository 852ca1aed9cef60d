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
 * written back in the largest exact unit).  A node the server's links
 * enter and leave in different vectors only may come out as two nodes
 * (one per direction): routes and link loads are unchanged.  sim_topo
 * routes by least delay like the server did, so with the
 * ANEs' real delays the routes are the server's; every queried pair is
 * checked node by node and a route that differs is an error (the
 * prediction would be about another network).  An ANE whose two ends fall
 * into one class (an aggregate that loops) cannot be a link: error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "est.h"
#include "run_pv.h"
#include "sim_flow.h"
#include "alto_buf.h"

#define EST_HOST_BPS "1000Gbps"
#define EST_PLACEHOLDER_DELAY "10s"

struct est_model {
    sim_topo *topo;
    int *node_of;           /* scenario node -> reconstructed node, or -1 */
    int nsc;
    json_t *info;
};

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

static void rate_str(double bps, char *out, size_t n) { snprintf(out, n, "%.0fbps", bps); }
/* In the largest unit that holds the value exactly: the topology loader
 * parses "25ms" as 25 * 1e-3, which is not 25000 * 1e-6 to the last bit,
 * and the flow model should see the same number the server started from. */
static void delay_str(double s, char *out, size_t n) {
    double us = round(s * 1e9) / 1e3;
    if (fmod(us, 1e6) == 0) snprintf(out, n, "%.0fs", us / 1e6);
    else if (fmod(us, 1e3) == 0) snprintf(out, n, "%.0fms", us / 1e3);
    else snprintf(out, n, "%.3fus", us);
}

int est_build(const run_scenario *sc, run_alto *a, const char *label, const int *hosts, int nh,
              est_model **out, alto_err *err) {
    *out = NULL;
    run_pv pv;
    if (run_pv_plan(run_alto_client(a), &pv, err)) return -1;
    alto_addr *addrs = alto_xcalloc((size_t)nh + 1, sizeof *addrs);
    char (*txt)[80] = alto_xcalloc((size_t)nh + 1, sizeof *txt);
    json_t *net = NULL, *topo = NULL, *ane_idx = NULL;
    const char **ane_name = NULL;
    int *uf = NULL, *cls = NULL, rc = -1, nclass = 0;
    char **cname = NULL;
    est_model *m = NULL;
    for (int i = 0; i < nh; i++) {
        if (run_host_addr(sc, hosts[i], txt[i], sizeof txt[i], err) ||
            alto_addr_parse_typed(txt[i], &addrs[i]))
            goto out;
        alto_addr_fmt_typed(&addrs[i], txt[i], sizeof txt[i]);
    }
    if (run_pv_query(run_alto_client(a), &pv, label, addrs, nh, &net, err)) goto out;
    const json_t *paths = json_object_get(net, "paths"), *anes = json_object_get(net, "anes");
    int na = (int)json_object_size(anes);
    ane_name = alto_xcalloc((size_t)na + 1, sizeof *ane_name);
    ane_idx = json_object();
    const char *an;
    json_t *av;
    int k = 0;
    json_object_foreach((json_t *)anes, an, av) {
        if (!json_is_number(json_object_get(av, "bps")) || !(json_number_value(json_object_get(av, "bps")) > 0)) {
            alto_err_set(err, "POST %s: ANE \"%s\" has no positive max-reservable-bandwidth", pv.uri, an);
            goto out;
        }
        ane_name[k] = an;
        json_object_set_new(ane_idx, an, json_integer(k++));
    }
    /* Elements: ANE ends 0..2na-1, then hosts 2na..2na+nh-1. */
    int ne = 2 * na + nh;
    uf = alto_xcalloc((size_t)ne + 1, sizeof *uf);
    for (int i = 0; i < ne; i++) uf[i] = i;
    for (int s = 0; s < nh; s++) {
        for (int d = 0; d < nh; d++) {
            if (s == d) continue;
            const json_t *vec = json_object_get(json_object_get(paths, txt[s]), txt[d]);
            if (!json_is_array(vec)) {
                alto_err_set(err, "POST %s: the answer has no path vector from %s to %s", pv.uri,
                             txt[s], txt[d]);
                goto out;
            }
            int prev = 2 * na + s;
            size_t i;
            const json_t *e;
            json_array_foreach(vec, i, e) {
                int x = (int)json_integer_value(json_object_get(ane_idx, json_string_value(e)));
                uf_union(uf, prev, 2 * x);
                prev = 2 * x + 1;
            }
            uf_union(uf, prev, 2 * na + d);
        }
    }
    /* Classes -> node names.  A class holding exactly one host that no
     * vector crosses is that host (the usual case: the network as it is);
     * any other class is a switch "c<k>" and its hosts hang off it. */
    cls = alto_xcalloc((size_t)ne + 1, sizeof *cls);
    int nc = 0;
    for (int i = 0; i < ne; i++) cls[i] = -1;
    for (int i = 0; i < ne; i++) {
        int r = uf_find(uf, i);
        if (cls[r] < 0) cls[r] = nc++;
    }
    int *nhost = alto_xcalloc((size_t)nc + 1, sizeof *nhost), *transit = alto_xcalloc((size_t)nc + 1, sizeof *transit);
    cname = alto_xcalloc((size_t)nc + 1, sizeof *cname);
    nclass = nc;
    for (int i = 0; i < nh; i++) nhost[cls[uf_find(uf, 2 * na + i)]]++;
    for (int sidx = 0; sidx < nh; sidx++)
        for (int d = 0; d < nh; d++) {
            const json_t *vec = json_object_get(json_object_get(paths, txt[sidx]), txt[d]);
            for (size_t i = 0; i + 1 < json_array_size(vec); i++) {
                int x = (int)json_integer_value(json_object_get(ane_idx, json_string_value(json_array_get(vec, i))));
                transit[cls[uf_find(uf, 2 * x + 1)]] = 1;
            }
        }
    char name[64], r1[48], d1[48];
    for (int i = 0; i < nh; i++) {
        int c = cls[uf_find(uf, 2 * na + i)];
        if (nhost[c] == 1 && !transit[c]) cname[c] = alto_xstrdup(sc->topo->nodes[hosts[i]].name);
    }
    topo = json_object();
    json_object_set_new(topo, "name", json_string("alto-estimator"));
    json_t *th = json_array(), *ts = json_array(), *tl = json_array();
    for (int c = 0; c < nc; c++) {
        if (cname[c]) continue;
        snprintf(name, sizeof name, "c%d", c);
        cname[c] = alto_xstrdup(name);
        json_array_append_new(ts, json_string(name));
    }
    for (int i = 0; i < nh; i++) {
        const char *colon = strchr(txt[i], ':');
        const char *hn = sc->topo->nodes[hosts[i]].name;
        json_array_append_new(th, json_pack("{s:s, s:s}", "name", hn,
                                            addrs[i].family == 4 ? "ipv4" : "ipv6", colon + 1));
        const char *cn = cname[cls[uf_find(uf, 2 * na + i)]];
        if (strcmp(cn, hn))
            json_array_append_new(tl, json_pack("{s:s, s:s, s:s, s:s}", "a", hn, "b", cn, "bandwidth",
                                                EST_HOST_BPS, "delay", "0ms"));
    }
    free(nhost);
    free(transit);
    int *paired = alto_xcalloc((size_t)na + 1, sizeof *paired);
    int loops = 0;
    for (int x = 0; x < na && !loops; x++) {
        if (paired[x]) continue;
        int ci = cls[uf_find(uf, 2 * x)], co = cls[uf_find(uf, 2 * x + 1)];
        if (ci == co) { loops = 1; k = x; break; }
        const json_t *ax = json_object_get(anes, ane_name[x]);
        rate_str(json_number_value(json_object_get(ax, "bps")), r1, sizeof r1);
        delay_str(json_number_value(json_object_get(ax, "delay")), d1, sizeof d1);
        json_t *l = json_pack("{s:s, s:s, s:s, s:s}", "a", cname[ci], "b", cname[co], "bandwidth", r1,
                              "delay", d1);
        int rev = -1;
        for (int y = x + 1; y < na && rev < 0; y++)
            if (!paired[y] && cls[uf_find(uf, 2 * y)] == co && cls[uf_find(uf, 2 * y + 1)] == ci) rev = y;
        if (rev >= 0) {
            const json_t *ay = json_object_get(anes, ane_name[rev]);
            char r2[48], d2[48];
            rate_str(json_number_value(json_object_get(ay, "bps")), r2, sizeof r2);
            delay_str(json_number_value(json_object_get(ay, "delay")), d2, sizeof d2);
            json_object_set_new(l, "reverse", json_pack("{s:s, s:s}", "bandwidth", r2, "delay", d2));
            paired[rev] = 1;
        } else {
            json_object_set_new(l, "reverse", json_pack("{s:s, s:s}", "bandwidth", EST_HOST_BPS,
                                                        "delay", EST_PLACEHOLDER_DELAY));
        }
        paired[x] = 1;
        json_array_append_new(tl, l);
    }
    free(paired);
    if (loops) {
        alto_err_set(err, "ANE \"%s\" of %s starts and ends at the same place of the network its "
                     "path vectors describe: it cannot be simulated as a link", ane_name[k], pv.uri);
        goto out;
    }
    json_object_set_new(topo, "hosts", th);
    json_object_set_new(topo, "switches", ts);
    json_object_set_new(topo, "links", tl);
    m = alto_xcalloc(1, sizeof *m);
    m->topo = sim_topo_from_json(NULL, topo, err);
    if (!m->topo) {
        char msg[ALTO_ERR_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        alto_err_set(err, "the network rebuilt from %s's path vectors does not load: %s", pv.uri, msg);
        goto out;
    }
    m->nsc = sc->topo->nnodes;
    m->node_of = alto_xcalloc((size_t)m->nsc, sizeof *m->node_of);
    for (int i = 0; i < m->nsc; i++) m->node_of[i] = -1;
    for (int i = 0; i < nh; i++) m->node_of[hosts[i]] = sim_topo_node(m->topo, sc->topo->nodes[hosts[i]].name);
    /* Every route of the rebuilt network must be the server's: the same
     * sequence of nodes. */
    for (int sidx = 0; sidx < nh; sidx++) {
        for (int d = 0; d < nh; d++) {
            if (sidx == d) continue;
            const json_t *vec = json_object_get(json_object_get(paths, txt[sidx]), txt[d]);
            const char **want = alto_xcalloc(json_array_size(vec) + 4, sizeof *want);
            int nw = 0;
            want[nw++] = sc->topo->nodes[hosts[sidx]].name;
            const char *c0 = cname[cls[uf_find(uf, 2 * na + sidx)]];
            if (strcmp(c0, want[0])) want[nw++] = c0;
            size_t i;
            const json_t *e;
            json_array_foreach(vec, i, e) {
                int x = (int)json_integer_value(json_object_get(ane_idx, json_string_value(e)));
                want[nw++] = cname[cls[uf_find(uf, 2 * x + 1)]];
            }
            if (strcmp(want[nw - 1], sc->topo->nodes[hosts[d]].name)) want[nw++] = sc->topo->nodes[hosts[d]].name;
            const int *lk;
            int hops = sim_topo_path(m->topo, m->node_of[hosts[sidx]], m->node_of[hosts[d]], &lk);
            int ok = hops == nw - 1;
            for (int q = 0; ok && q < hops; q++)
                ok = !strcmp(m->topo->nodes[m->topo->links[lk[q]].to].name, want[q + 1]);
            free(want);
            if (!ok) {
                alto_err_set(err, "the path vector %s -> %s of %s cannot be reproduced on the network "
                             "rebuilt from the answer (its routing differs: %s)", txt[sidx], txt[d], pv.uri,
                             pv.props_uri ? "equal-delay alternatives" : "the server gives no ANE delays");
                goto out;
            }
        }
    }
    m->info = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:s}", "resource", pv.rid, "uri", pv.uri,
                        "cost_type", pv.type_name, "hosts", nh, "anes", na, "nodes", m->topo->nnodes,
                        "links", m->topo->nlinks, "delay_source",
                        json_string_value(json_object_get(net, "delay_source")));
    json_object_set_new(m->info, "ane_bps", json_object());
    json_object_foreach((json_t *)anes, an, av)
        json_object_set(json_object_get(m->info, "ane_bps"), an, json_object_get(av, "bps"));
    *out = m;
    m = NULL;
    rc = 0;
out:
    est_free(m);
    run_pv_free(&pv);
    free(addrs);
    free(txt);
    free(ane_name);
    free(uf);
    free(cls);
    for (int c = 0; c < nclass; c++) free(cname ? cname[c] : NULL);
    free(cname);
    json_decref(topo);
    json_decref(net);
    json_decref(ane_idx);
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

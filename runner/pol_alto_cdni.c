/* pol_alto_cdni.c: `alto-cdni`, CDNI request routing (RFC 9241): the
 * upstream CDN delegates each request to a downstream CDN (dCDN) whose
 * advertised footprint holds the client, then picks by ALTO cost.
 *
 * The dCDNs and their surrogates are the topology's `cdni:` section (what
 * the uCDN knows from its contracts: dCDN <name> runs hosts [...]); what
 * each dCDN offers, and where, comes from the ALTO server: its CDNI
 * Advertisement resource "cdni-<name>" (GET, with evidence), and for
 * "altopid" footprints the PID of the client in the network map that
 * advertisement uses.  A replica is a candidate when it belongs to no
 * dCDN (the uCDN's own) or when an FCI.DeliveryProtocol object of its
 * dCDN holds the client: no footprints (global), or every footprint kind
 * the object restricts by holds it (RFC 9241 2.2: the types combine as
 * AND; ipv4cidr and ipv6cidr together are the one kind "IP prefixes"):
 * ipv4cidr/ipv6cidr a prefix containing the client's address, altopid the
 * client's PID, asn and countrycode the client host's `asn` / `country`
 * topology properties (the uCDN's own knowledge of where a client is,
 * which RFC 8008 leaves to it); a client without them is held by no asn
 * or countrycode footprint.  Among candidates the lowest cost of
 * `metric` (default routingcost) wins, ties in the data manager's order;
 * no candidate: the lowest cost of all, and the decision says so.
 * explain() lists every decision: the chosen replica, its dCDN, the
 * footprint that admitted it, and each replica's cost and standing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pol.h"
#include "alto_buf.h"

#define CDNI_SHOWN 50
#define CDNI_MT "application/alto-cdni+json"

typedef struct cdni_dcdn {
    const char *name;           /* borrowed from the topology */
    char rid[80];
    json_t *adv;                /* its advertisement (owned copy) */
    char *netmap_uri;           /* the network map it uses, or NULL */
} cdni_dcdn;

typedef struct cdni_state {
    run_alto_plan plan;
    int n;
    cdni_dcdn d[16];
    json_t *decisions;
    int ndecisions;
} cdni_state;

static int wrap(pol_ctx *c, run_policy *p, alto_err *err) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(c->sc->doc, err, p->parent, NULL, p->index, "policy %s: %s", p->name, m);
}

static int check(const run_scenario *sc, run_policy *p, alto_err *err) {
    if (!p->metric) p->metric = alto_xstrdup("routingcost");
    if (!sc->topo->cdni)
        return alto_doc_errf(sc->doc, err, p->parent, NULL, p->index, "policy %s needs a topology "
                             "with a cdni: section (the downstream CDNs and their surrogates)", p->name);
    return 0;
}

static void cdni_free(run_policy *p) {
    cdni_state *s = p->state;
    if (!s) return;
    run_alto_plan_free(&s->plan);
    for (int k = 0; k < s->n; k++) {
        json_decref(s->d[k].adv);
        free(s->d[k].netmap_uri);
    }
    json_decref(s->decisions);
    free(s);
    p->state = NULL;
}

static int prepare(pol_ctx *c, run_policy *p, alto_err *err) {
    cdni_state *s = alto_xcalloc(1, sizeof *s);
    p->state = s;
    if (run_alto_plan_new(c->alto, p->metric, p->query, &s->plan, err)) return wrap(c, p, err);
    alto_client *cl = run_alto_client(c->alto);
    if (alto_client_ird(cl, p->name, err)) return wrap(c, p, err);
    const alto_ird *d = alto_client_closure(cl);
    size_t i;
    json_t *dc;
    json_array_foreach(json_object_get(c->sc->topo->cdni, "downstream"), i, dc) {
        if (s->n == 16) break;
        cdni_dcdn *x = &s->d[s->n++];
        x->name = json_string_value(json_object_get(dc, "name"));
        snprintf(x->rid, sizeof x->rid, "cdni-%s", x->name);
        const alto_res *r = alto_ird_find(d, x->rid);
        if (!r || !r->uri || !r->media || strcmp(r->media, CDNI_MT) || r->accepts) {
            alto_err_set(err, "the ALTO server advertises no CDNI Advertisement resource %s "
                         "(GET %s) for downstream CDN %s", x->rid, CDNI_MT, x->name);
            return wrap(c, p, err);
        }
        const json_t *doc;
        if (alto_client_get_json(cl, p->name, r->uri, CDNI_MT, &doc, err)) return wrap(c, p, err);
        x->adv = json_deep_copy(doc);
        const alto_res *nm = alto_ird_uses(d, r, ALTO_SVC_NETMAP);
        if (nm && nm->uri) x->netmap_uri = alto_xstrdup(nm->uri);
    }
    return 0;
}

/* The dCDN index whose hosts hold node, or -1 (the uCDN's own). */
static int dcdn_of(const run_scenario *sc, const cdni_state *s, int node) {
    for (int k = 0; k < s->n; k++) {
        size_t i;
        json_t *h;
        json_t *dc = json_array_get(json_object_get(sc->topo->cdni, "downstream"), (size_t)k);
        json_array_foreach(json_object_get(dc, "hosts"), i, h)
            if (sim_topo_node(sc->topo, json_string_value(h)) == node) return k;
    }
    return -1;
}

/* Does footprint fp hold the client?  1 with why filled, 0, -1 on error. */
static int fp_holds(pol_ctx *c, run_policy *p, const cdni_dcdn *x, const json_t *fp,
                    const alto_addr *a, int node, char *why, size_t n, alto_err *err) {
    const char *t = json_string_value(json_object_get(fp, "footprint-type"));
    size_t i;
    json_t *v;
    const json_t *props = c->sc->topo->nodes[node].props;
    char mine[32] = "";
    const json_t *asn = json_object_get(props, "asn");      /* sim_topo_props.c keeps it as text */
    if (t && !strcmp(t, "asn") && json_is_string(asn)) snprintf(mine, sizeof mine, "as%s", json_string_value(asn));
    if (t && !strcmp(t, "asn") && json_is_integer(asn))
        snprintf(mine, sizeof mine, "as%lld", (long long)json_integer_value(asn));
    if (t && !strcmp(t, "countrycode") && json_is_string(json_object_get(props, "country"))) {
        snprintf(mine, sizeof mine, "%s", json_string_value(json_object_get(props, "country")));
        for (char *q = mine; *q; q++) *q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
    }
    if (mine[0]) {
        json_array_foreach(json_object_get(fp, "footprint-value"), i, v)
            if (json_is_string(v) && !strcmp(json_string_value(v), mine)) {
                snprintf(why, n, "%s %s", t, mine);
                return 1;
            }
        return 0;
    }
    if (t && (!strcmp(t, "ipv4cidr") || !strcmp(t, "ipv6cidr"))) {
        json_array_foreach(json_object_get(fp, "footprint-value"), i, v) {
            alto_prefix pf;
            if (json_is_string(v) && !alto_prefix_parse(json_string_value(v), t[3] == '4' ? 4 : 6, 0, &pf) &&
                alto_prefix_contains(&pf, a)) {
                snprintf(why, n, "%s %s", t, json_string_value(v));
                return 1;
            }
        }
        return 0;
    }
    if (t && !strcmp(t, "altopid") && x->netmap_uri) {
        const char *pid;
        if (alto_client_pid(run_alto_client(c->alto), p->name, x->netmap_uri, a, &pid, err)) return -1;
        json_array_foreach(json_object_get(fp, "footprint-value"), i, v)
            if (json_is_string(v) && !strcmp(json_string_value(v), pid)) {
                snprintf(why, n, "altopid %s", pid);
                return 1;
            }
    }
    return 0;
}

/* Does dCDN x deliver to the client?  1 with why, 0, -1 on error. */
static int holds(pol_ctx *c, run_policy *p, const cdni_dcdn *x, const alto_addr *a, int node,
                 char *why, size_t n, alto_err *err) {
    size_t i, j;
    json_t *o, *fp;
    json_array_foreach(json_object_get(json_object_get(x->adv, "cdni-advertisement"),
                                       "capabilities-with-footprints"), i, o) {
        const char *t = json_string_value(json_object_get(o, "capability-type"));
        if (!t || strcmp(t, "FCI.DeliveryProtocol")) continue;
        json_t *fps = json_object_get(o, "footprints");
        if (!json_array_size(fps)) {
            snprintf(why, n, "global FCI.DeliveryProtocol");
            return 1;
        }
        /* Every kind present must hold (AND across kinds, OR within one);
         * ipv4cidr and ipv6cidr are one kind, the set of IP prefixes
         * (RFC 9241 2.2), which a client of either family can be in. */
        static const char *const kinds[][2] = {{"ipv4cidr", "ipv6cidr"}, {"asn", "asn"},
                                               {"countrycode", "countrycode"}, {"altopid", "altopid"}};
        int all = 1;
        why[0] = 0;
        for (size_t k = 0; k < 4 && all; k++) {
            int present = 0, ok = 0;
            json_array_foreach(fps, j, fp) {
                const char *ft = json_string_value(json_object_get(fp, "footprint-type"));
                if (!ft || (strcmp(ft, kinds[k][0]) && strcmp(ft, kinds[k][1]))) continue;
                present = 1;
                char w[160];
                int h = fp_holds(c, p, x, fp, a, node, w, sizeof w, err);
                if (h < 0) return -1;
                if (h && !ok) {
                    ok = 1;
                    size_t m = strlen(why);
                    snprintf(why + m, n - m, "%s%s", m ? " and " : "", w);
                }
            }
            if (present && !ok) all = 0;
        }
        if (all) return 1;
    }
    return 0;
}

static json_t *num(double v) { return v == v ? json_real(v) : json_null(); }

/* Decides request i: candidates first, then cost; records why. */
static int decide(pol_ctx *c, run_policy *p, int i, alto_addr *srcs, double *cost, int *choice,
                  alto_err *err) {
    cdni_state *s = p->state;
    const run_scenario *sc = c->sc;
    const run_request *q = &sc->reqs[i];
    const run_file *f = &sc->files[q->file];
    char txt[80];
    alto_addr dst;
    if (run_host_addr(sc, q->client, txt, sizeof txt, err) || alto_addr_parse_typed(txt, &dst)) return -1;
    for (int j = 0; j < f->nrep; j++) {
        char t2[80];
        if (run_host_addr(sc, f->replicas[j], t2, sizeof t2, err) || alto_addr_parse_typed(t2, &srcs[j])) return -1;
    }
    if (run_alto_costs(c->alto, &s->plan, p->name, srcs, f->nrep, &dst, cost, err)) return wrap(c, p, err);
    json_t *reps = json_array();
    int best = -1, best_any = 0;
    char chosen_why[200] = "";
    for (int j = 0; j < f->nrep; j++) {
        int k = dcdn_of(sc, s, f->replicas[j]), h = 1;
        char why[200] = "the upstream CDN's own surrogate";
        if (k >= 0) {
            h = holds(c, p, &s->d[k], &dst, q->client, why, sizeof why, err);
            if (h < 0) { json_decref(reps); return wrap(c, p, err); }
            if (!h) snprintf(why, sizeof why, "no FCI.DeliveryProtocol footprint of %s holds the client", s->d[k].rid);
        }
        if (cost[j] < cost[best_any]) best_any = j;
        if (h && (best < 0 || cost[j] < cost[best])) { best = j; snprintf(chosen_why, sizeof chosen_why, "%s", why); }
        json_array_append_new(reps, json_pack("{s:s, s:s?, s:b, s:s, s:o}", "replica",
                              sc->topo->nodes[f->replicas[j]].name, "dcdn", k >= 0 ? s->d[k].name : NULL,
                              "candidate", h, "why", why, "cost", num(cost[j])));
    }
    choice[i] = best >= 0 ? best : best_any;
    int kd = dcdn_of(sc, s, f->replicas[choice[i]]);
    if (s->ndecisions++ < CDNI_SHOWN)
        json_array_append_new(s->decisions, json_pack(
            "{s:i, s:s, s:s, s:s, s:s?, s:s, s:o}", "request", i, "client", sc->topo->nodes[q->client].name,
            "file", f->name, "chosen", sc->topo->nodes[f->replicas[choice[i]]].name,
            "dcdn", kd >= 0 ? s->d[kd].name : NULL,
            "why", best >= 0 ? chosen_why : "no downstream CDN's footprint holds the client: lowest cost of all",
            "replicas", reps));
    else
        json_decref(reps);
    return 0;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    cdni_state *s = p->state;
    if (!s || !s->plan.uri) return alto_err_set(err, "policy %s: not prepared", p->name);
    int maxrep = 1;
    for (int f = 0; f < sc->nfiles; f++) if (sc->files[f].nrep > maxrep) maxrep = sc->files[f].nrep;
    alto_addr *srcs = alto_xcalloc((size_t)maxrep, sizeof *srcs);
    double *cost = alto_xcalloc((size_t)maxrep, sizeof *cost);
    json_decref(s->decisions);
    s->decisions = json_array();
    s->ndecisions = 0;
    int rc = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++) rc = decide(c, p, i, srcs, cost, choice, err);
    free(srcs);
    free(cost);
    return rc;
}

static json_t *describe(const run_policy *p) {
    const cdni_state *s = p->state;
    if (!s) return NULL;
    json_t *d = run_alto_plan_json(&s->plan), *advs = json_array();
    for (int k = 0; k < s->n; k++) json_array_append_new(advs, json_string(s->d[k].rid));
    json_object_set_new(d, "cdni_advertisements", advs);
    json_object_set_new(d, "rule", json_string(
        "candidates: replicas of a downstream CDN whose FCI.DeliveryProtocol footprints hold the "
        "client (every footprint type of an object: ipv4cidr/ipv6cidr prefix, altopid PID, asn and "
        "countrycode from the client's topology properties), and the upstream CDN's own; then lowest "
        "cost, ties in the data manager's order; no candidate: lowest cost of all"));
    return d;
}

static json_t *explain(const run_policy *p) {
    const cdni_state *s = p->state;
    if (!s || !s->decisions) return NULL;
    return json_pack("{s:i, s:O}", "decisions_total", s->ndecisions, "decisions", s->decisions);
}

const pol_impl pol_alto_cdni = {
    .name = "alto-cdni",
    .summary = "CDNI request routing (RFC 9241): replicas of a downstream CDN whose advertised "
               "footprint holds the client first, then the lowest ALTO cost (default routingcost)",
    .uses_alto = 1,
    .check = check,
    .prepare = prepare,
    .choose = choose,
    .free = cdni_free,
    .describe = describe,
    .explain = explain,
};

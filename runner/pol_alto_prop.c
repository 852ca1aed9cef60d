/* pol_alto_prop.c: `alto-property`, replica selection by RFC 9240 entity
 * properties: replicas that share the client's value of the first listed
 * property (e.g. its AS number) come first, then the next (its country),
 * then a cost decides among those left:
 *
 *   - {name: alto-property, match: [asn, country],
 *      then: {metric: routingcost}}
 *
 * The policy discovers, from the IRD, a filtered property map (POST
 * application/alto-propmap+json accepting application/alto-propmapparams+
 * json) whose capabilities map the client's address domain (ipv4 or ipv6)
 * to every property asked, and sends ONE POST per distinct question (the
 * client's and the replicas' addresses, the properties), cached.  Rules
 * in order: if some replica still in the race has the client's value of
 * the property and some has not, those without it leave (a value absent
 * from the answer, or null, on either side never matches).  Then the
 * lowest (highest for bandwidth metrics) cost of `then.metric` through the
 * usual cost plan, or the data manager's order without then:.  No such
 * property map: exit 2 at the policy's line, no fallback. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pol.h"
#include "alto_schema.h"
#include "alto_buf.h"

#define PROP_SHOWN 50
#define PROP_MAX 4
#define PM_MT "application/alto-propmap+json"
#define PM_PARAMS "application/alto-propmapparams+json"

typedef struct prop_state {
    int n;
    char prop[PROP_MAX][48];    /* ".asn" */
    const char *metric;         /* then.metric, or NULL */
    int high;                   /* then: higher cost is better */
    run_alto_plan plan;
    char *uri, *rid;
    json_t *cache;              /* question -> the answer's property-map */
    json_t *decisions;
    int ndecisions, posts;
} prop_state;

static const alto_field then_fields[] = {
    {.name = "metric", .type = ALTO_S_STRING, .required = 1},
    {.name = "query", .type = ALTO_S_STRING},
    {0},
};

static const char *const high_metrics[] = {"bw-available", "bw-maxres", "bw-residual", "tput"};

static int known_prop(const char *s) {
    for (int i = 0; i < sim_topo_nprops; i++) if (!strcmp(sim_topo_prop_names[i], s)) return 1;
    return 0;
}

static int parse_cfg(const run_scenario *sc, const run_policy *p, prop_state *s, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *m = json_object_get(p->node, "match"), *t = json_object_get(p->node, "then");
    if (p->metric)
        return alto_doc_errf(d, err, p->node, "metric", -1, "alto-property takes its cost as "
                             "then: {metric: ...}, not metric:");
    if (!m) {
        s->n = 2;
        snprintf(s->prop[0], sizeof s->prop[0], ".asn");
        snprintf(s->prop[1], sizeof s->prop[1], ".country");
    } else {
        size_t n = json_array_size(m);
        if (n == 0 || n > PROP_MAX)
            return alto_doc_errf(d, err, p->node, "match", -1, "list 1 to %d properties, got %zu",
                                 PROP_MAX, n);
        for (size_t i = 0; i < n; i++) {
            const json_t *v = json_array_get(m, i);
            const char *name = json_string_value(v);
            if (!name || !known_prop(name))
                return alto_doc_errf(d, err, m, NULL, (int)i, "expected a property name (asn, "
                                     "country, site, storage-class), got %s", alto_doc_show(v));
            for (int k = 0; k < s->n; k++)
                if (!strcmp(s->prop[k] + 1, name))
                    return alto_doc_errf(d, err, m, NULL, (int)i, "property \"%s\" listed twice", name);
            snprintf(s->prop[s->n++], sizeof s->prop[0], ".%s", name);
        }
    }
    if (t) {
        if (!json_is_object(t))
            return alto_doc_errf(d, err, p->node, "then", -1, "expected {metric: NAME}, got %s",
                                 alto_doc_show(t));
        if (alto_schema_check(d, t, then_fields, err)) return -1;
        s->metric = json_string_value(json_object_get(t, "metric"));
        if (!*s->metric) return alto_doc_errf(d, err, t, "metric", -1, "empty cost metric name");
        const char *q = json_string_value(json_object_get(t, "query"));
        if (q && strcmp(q, "endpoint-cost") && strcmp(q, "cost-map"))
            return alto_doc_errf(d, err, t, "query", -1, "expected endpoint-cost or cost-map");
        for (size_t i = 0; i < sizeof high_metrics / sizeof *high_metrics; i++)
            if (!strcmp(high_metrics[i], s->metric)) s->high = 1;
    }
    return 0;
}

static int check(const run_scenario *sc, run_policy *p, alto_err *err) {
    prop_state s;
    memset(&s, 0, sizeof s);
    return parse_cfg(sc, p, &s, err);
}

static int wrap(pol_ctx *c, run_policy *p, alto_err *err) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(c->sc->doc, err, p->parent, NULL, p->index, "policy %s: %s", p->name, m);
}

static void prop_free(run_policy *p) {
    prop_state *s = p->state;
    if (!s) return;
    run_alto_plan_free(&s->plan);
    free(s->uri);
    free(s->rid);
    json_decref(s->cache);
    json_decref(s->decisions);
    free(s);
    p->state = NULL;
}

/* Does r map domain dom to every property asked? */
static int maps_all(const prop_state *s, const alto_res *r, const char *dom) {
    const json_t *list = json_object_get(json_object_get(r->caps, "mappings"), dom);
    for (int k = 0; k < s->n; k++) {
        int found = 0;
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v) found |= json_is_string(v) && !strcmp(json_string_value(v), s->prop[k]);
        if (!found) return 0;
    }
    return json_is_array(list);
}

static int discover(pol_ctx *c, run_policy *p, const char *dom, alto_err *err) {
    prop_state *s = p->state;
    alto_client *cl = run_alto_client(c->alto);
    if (alto_client_ird(cl, p->name, err)) return -1;
    const alto_ird *d = alto_client_closure(cl);
    for (int i = 0; i < d->nres; i++) {
        const alto_res *r = &d->res[i];
        if (r->uri && r->media && r->accepts && !strcmp(r->media, PM_MT) &&
            !strcmp(r->accepts, PM_PARAMS) && maps_all(s, r, dom)) {
            s->uri = alto_xstrdup(r->uri);
            s->rid = alto_xstrdup(r->id);
            return 0;
        }
    }
    alto_buf b = ALTO_BUF_INIT;
    for (int k = 0; k < s->n; k++) alto_buf_printf(&b, "%s%s", k ? ", " : "", s->prop[k]);
    alto_err_set(err, "the ALTO server offers no filtered property map (POST %s accepting %s) whose "
                 "capabilities map the %s domain to %s%s", PM_MT, PM_PARAMS, dom, b.data,
                 c->rs->alto_url ? "" : " (the embedded server serves them with alto: {property-map: true})");
    alto_buf_free(&b);
    return -1;
}

static int prepare(pol_ctx *c, run_policy *p, alto_err *err) {
    prop_state *s = alto_xcalloc(1, sizeof *s);
    p->state = s;
    if (parse_cfg(c->sc, p, s, err)) return -1;
    const char *dom = "ipv4";
    if (c->sc->nreqs > 0) {
        char txt[80];
        if (run_host_addr(c->sc, c->sc->reqs[0].client, txt, sizeof txt, err)) return wrap(c, p, err);
        if (!strncmp(txt, "ipv6:", 5)) dom = "ipv6";
    }
    if (discover(c, p, dom, err)) return wrap(c, p, err);
    if (s->metric) {
        const char *q = json_string_value(json_object_get(json_object_get(p->node, "then"), "query"));
        if (run_alto_plan_new(c->alto, s->metric, q, &s->plan, err)) return wrap(c, p, err);
        if (!strcmp(s->plan.mode, "ordinal")) s->high = 0;
    }
    s->cache = json_object();
    return 0;
}

static json_t *describe(const run_policy *p) {
    const prop_state *s = p->state;
    if (!s) return NULL;
    json_t *m = json_array();
    for (int k = 0; k < s->n; k++) json_array_append_new(m, json_string(s->prop[k]));
    json_t *d = json_pack("{s:s, s:s, s:s, s:o}", "property_map", s->rid, "uri", s->uri, "media_type",
                          PM_MT, "match", m);
    if (s->metric) json_object_set_new(d, "then", run_alto_plan_json(&s->plan));
    json_object_set_new(d, "rule", json_string(
        "on each property in order, replicas without the client's value leave the race when some "
        "replica left has it (absent or null never matches); then the best cost of then.metric, "
        "or the data manager's order, decides"));
    return d;
}

static json_t *explain(const run_policy *p) {
    const prop_state *s = p->state;
    if (!s || !s->decisions) return NULL;
    return json_pack("{s:i, s:i, s:O}", "decisions_total", s->ndecisions, "property_map_posts",
                     s->posts, "property_decisions", s->decisions);
}

/* ---- the question and the ranking ------------------------------------------------ */

/* The properties of addr in the answer pm: an exact key first, else any
 * key naming the same address in another spelling; NULL if absent. */
static const json_t *props_of(const json_t *pm, const char *key, const alto_addr *a) {
    const json_t *v = json_object_get(pm, key);
    if (v) return v;
    const char *k;
    json_t *e;
    json_object_foreach((json_t *)pm, k, e) {
        alto_addr b;
        if (!alto_addr_parse_typed(k, &b) && alto_addr_equal(a, &b)) return e;
    }
    return NULL;
}

/* The answer's property-map for request i (one POST per distinct
 * question); ents[0] the client, ents[1 + j] replica j. */
static const json_t *ask(pol_ctx *c, run_policy *p, int i, char (*ents)[80], alto_addr *addrs, alto_err *err) {
    prop_state *s = p->state;
    const run_scenario *sc = c->sc;
    const run_file *f = &sc->files[sc->reqs[i].file];
    json_t *el = json_array(), *pl = json_array();
    alto_buf key = ALTO_BUF_INIT;
    for (int j = 0; j <= f->nrep; j++) {
        int node = j ? f->replicas[j - 1] : sc->reqs[i].client;
        if (run_host_addr(sc, node, ents[j], 80, err) || alto_addr_parse_typed(ents[j], &addrs[j])) {
            json_decref(el);
            json_decref(pl);
            alto_buf_free(&key);
            return NULL;
        }
        int dup = 0;
        for (int k = 0; k < j; k++) dup |= !strcmp(ents[k], ents[j]);
        if (!dup) json_array_append_new(el, json_string(ents[j]));
        alto_buf_printf(&key, "%s,", ents[j]);
    }
    const json_t *hit = json_object_get(s->cache, key.data);
    if (!hit) {
        for (int k = 0; k < s->n; k++) json_array_append_new(pl, json_string(s->prop[k]));
        json_t *body = json_pack("{s:o, s:o}", "entities", el, "properties", pl);
        const json_t *ans;
        int rc = alto_client_post_json(run_alto_client(c->alto), p->name, s->uri, PM_MT, PM_PARAMS,
                                       body, &ans, err);
        json_decref(body);
        s->posts++;
        const json_t *pm = rc ? NULL : json_object_get(ans, "property-map");
        if (!rc && !json_is_object(pm)) {
            alto_err_set(err, "POST %s: the answer has no property-map object", s->uri);
            rc = -1;
        }
        if (!rc) json_object_set_new(s->cache, key.data, json_deep_copy(pm));
        hit = rc ? NULL : json_object_get(s->cache, key.data);
    } else {
        json_decref(el);
        json_decref(pl);
    }
    alto_buf_free(&key);
    return hit;
}

/* v[j * n + k]: property k of entity j (0 = client), NULL when absent or null. */
static int rank(const prop_state *s, const json_t *const *v, const double *cost, int nrep,
                int *out_at, int *decided) {
    int n = s->n, left = nrep;
    for (int j = 0; j < nrep; j++) out_at[j] = -1;
    *decided = -2;                          /* -2 order, -1 cost, k property */
    for (int k = 0; k < n && left > 1; k++) {
        const json_t *want = v[k];
        int match = 0;
        if (!want) continue;                /* the client's value is unknown */
        for (int j = 0; j < nrep; j++)
            match += out_at[j] < 0 && v[(j + 1) * n + k] && json_equal(want, v[(j + 1) * n + k]);
        if (match == 0 || match == left) continue;
        for (int j = 0; j < nrep; j++)
            if (out_at[j] < 0 && !(v[(j + 1) * n + k] && json_equal(want, v[(j + 1) * n + k]))) {
                out_at[j] = k;
                left--;
            }
        if (left == 1) *decided = k;
    }
    int best = -1;
    for (int j = 0; j < nrep; j++) {
        if (out_at[j] >= 0) continue;
        if (best < 0) { best = j; continue; }
        if (cost && !isnan(cost[j]) && (isnan(cost[best]) || (s->high ? cost[j] > cost[best] : cost[j] < cost[best])))
            best = j;
    }
    if (left > 1 && cost) {
        for (int j = 0; j < nrep; j++)
            if (out_at[j] < 0 && j != best && !(cost[j] == cost[best])) { *decided = -1; }
    }
    return best;
}

static void record(prop_state *s, const run_scenario *sc, int i, const json_t *const *v, const double *cost,
                   const int *out_at, int best, int decided) {
    const run_request *q = &sc->reqs[i];
    const run_file *f = &sc->files[q->file];
    if (s->ndecisions++ >= PROP_SHOWN) return;
    json_t *cp = json_object(), *reps = json_array();
    for (int k = 0; k < s->n; k++) json_object_set_new(cp, s->prop[k], v[k] ? json_deep_copy(v[k]) : json_null());
    for (int j = 0; j < f->nrep; j++) {
        json_t *pv = json_object();
        for (int k = 0; k < s->n; k++) {
            const json_t *x = v[(j + 1) * s->n + k];
            json_object_set_new(pv, s->prop[k], x ? json_deep_copy(x) : json_null());
        }
        json_t *r = json_pack("{s:s, s:o, s:o}", "replica", sc->topo->nodes[f->replicas[j]].name,
                              "properties", pv, "out_at", out_at[j] < 0 ? json_null() : json_string(s->prop[out_at[j]]));
        if (cost) json_object_set_new(r, "cost", isnan(cost[j]) ? json_null() : json_real(cost[j]));
        json_array_append_new(reps, r);
    }
    char by[64];
    if (decided >= 0) snprintf(by, sizeof by, "%s", s->prop[decided]);
    else snprintf(by, sizeof by, "%s", decided == -1 ? s->metric : "order");
    json_array_append_new(s->decisions, json_pack("{s:i, s:s, s:s, s:o, s:o, s:s, s:s}", "request", i,
                          "client", sc->topo->nodes[q->client].name, "file", f->name, "client_properties", cp,
                          "replicas", reps, "chosen", sc->topo->nodes[f->replicas[best]].name,
                          "decided_by", by));
}

static int decide(pol_ctx *c, run_policy *p, int i, char (*ents)[80], alto_addr *addrs,
                  const json_t **v, double *cost, int *out_at, int *choice, alto_err *err) {
    prop_state *s = p->state;
    const run_scenario *sc = c->sc;
    int nrep = sc->files[sc->reqs[i].file].nrep, decided;
    const json_t *pm = ask(c, p, i, ents, addrs, err);
    if (!pm) return wrap(c, p, err);
    for (int j = 0; j <= nrep; j++) {
        const json_t *e = props_of(pm, ents[j], &addrs[j]);
        for (int k = 0; k < s->n; k++) {
            const json_t *x = json_object_get(e, s->prop[k]);
            v[j * s->n + k] = x && !json_is_null(x) ? x : NULL;
        }
    }
    if (s->metric && run_alto_costs(c->alto, &s->plan, p->name, addrs + 1, nrep, &addrs[0], cost, err))
        return wrap(c, p, err);
    choice[i] = rank(s, v, s->metric ? cost : NULL, nrep, out_at, &decided);
    record(s, sc, i, v, s->metric ? cost : NULL, out_at, choice[i], decided);
    return 0;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    prop_state *s = p->state;
    if (!s || !s->uri) return alto_err_set(err, "policy %s: not prepared", p->name);
    int maxrep = 1, rc = 0;
    for (int f = 0; f < sc->nfiles; f++) if (sc->files[f].nrep > maxrep) maxrep = sc->files[f].nrep;
    char (*ents)[80] = alto_xcalloc((size_t)maxrep + 1, sizeof *ents);
    alto_addr *addrs = alto_xcalloc((size_t)maxrep + 1, sizeof *addrs);
    const json_t **v = alto_xcalloc(((size_t)maxrep + 1) * (size_t)s->n, sizeof *v);
    double *cost = alto_xcalloc((size_t)maxrep, sizeof *cost);
    int *out_at = alto_xcalloc((size_t)maxrep, sizeof *out_at);
    json_decref(s->decisions);
    s->decisions = json_array();
    s->ndecisions = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++)
        rc = decide(c, p, i, ents, addrs, v, cost, out_at, choice, err);
    free(ents);
    free(addrs);
    free(v);
    free(cost);
    free(out_at);
    return rc;
}

const pol_impl pol_alto_property = {
    .name = "alto-property",
    .summary = "prefer replicas sharing the client's RFC 9240 entity properties (default .asn, "
               "then .country), then a cost (then: {metric: ...}) or the listed order",
    .uses_alto = 1,
    .check = check,
    .prepare = prepare,
    .choose = choose,
    .free = prop_free,
    .describe = describe,
    .explain = explain,
};

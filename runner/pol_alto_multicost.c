/* pol_alto_multicost.c: `alto-multicost`, rank replicas on several ALTO
 * costs fetched together in ONE RFC 8189 multi-cost query per decision
 * (run_alto_mc.h), e.g. bw-available first and delay-ow to break its ties:
 *
 *   - {name: alto-multicost,
 *      costs: [{metric: bw-available, prefer: high, tolerance: 0.05},
 *              {metric: delay-ow, prefer: low}]}
 *
 * Ranking is lexicographic with a tolerance: for each cost in the order
 * listed, the best value among the replicas still in the race is found,
 * and every replica further than `tolerance` x |best| from it (relative;
 * 0, the default, keeps exact ties only) or without a value (null) leaves
 * the race; the next cost decides among the rest.  The first replica left
 * in the data manager's order wins.  A cost that is null for every
 * replica still in the race cannot decide and is passed over.  Ordinal
 * costs (used when a metric has no numerical type) always prefer rank 1.
 *
 * `prefer:` defaults to high for the RFC 9439 bandwidth metrics
 * (bw-available, bw-maxres, bw-residual, tput) and to low for delay-ow,
 * delay-rt, delay-variation, lossrate, hopcount and routingcost; any other
 * metric needs it.  Without costs: the default is the example,
 * bw-available (high) then delay-ow (low).  A server without a multi-cost
 * resource fails the run at the policy's scenario line (exit 2): there is
 * no fallback to single-cost queries, which would rank on something else
 * than what the scenario says. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pol.h"
#include "run_alto_mc.h"
#include "alto_schema.h"
#include "alto_buf.h"

#define MC_SHOWN 50             /* decisions kept for explain() */

typedef struct mc_cost {
    const char *metric;         /* borrowed from the scenario document */
    int high;                   /* higher is better */
    double tol;                 /* relative tie tolerance */
} mc_cost;

typedef struct mc_cfg {
    int n;
    mc_cost c[RUN_MC_MAX];
} mc_cfg;

typedef struct mc_state {
    mc_cfg cfg;
    run_alto_mc_plan plan;
    json_t *cache;              /* question -> flat array of costs (null = NAN) */
    json_t *decisions;          /* the first MC_SHOWN of the last choose() */
    int ndecisions;
} mc_state;

static const struct { const char *metric; int high; } directions[] = {
    {"bw-available", 1}, {"bw-maxres", 1}, {"bw-residual", 1}, {"tput", 1},
    {"delay-ow", 0}, {"delay-rt", 0}, {"delay-variation", 0}, {"lossrate", 0},
    {"hopcount", 0}, {"routingcost", 0},
};

static const alto_field cost_fields[] = {
    {.name = "metric", .type = ALTO_S_STRING, .required = 1},
    {.name = "prefer", .type = ALTO_S_STRING},
    {.name = "tolerance", .type = ALTO_S_NUMBER, .has_min = 1, .min = 0, .has_max = 1, .max = 1},
    {0},
};

static int default_high(const char *metric) {
    for (size_t i = 0; i < sizeof directions / sizeof *directions; i++)
        if (!strcmp(directions[i].metric, metric)) return directions[i].high;
    return -1;
}

/* costs[i] (an object or a bare metric name) into *c. */
static int parse_cost(const alto_doc *d, const json_t *costs, size_t i, mc_cost *c, alto_err *err) {
    const json_t *v = json_array_get(costs, i);
    const char *prefer = NULL;
    c->tol = 0;
    if (json_is_string(v)) {
        c->metric = json_string_value(v);
    } else if (json_is_object(v)) {
        if (alto_schema_check(d, v, cost_fields, err) ||
            alto_get_number(d, v, "tolerance", 0, &c->tol, err))
            return -1;
        c->metric = json_string_value(json_object_get(v, "metric"));
        prefer = json_string_value(json_object_get(v, "prefer"));
    } else {
        return alto_doc_errf(d, err, costs, NULL, (int)i, "expected a cost metric name or "
                             "{metric: NAME, prefer: high|low, tolerance: FRACTION}, got %s",
                             alto_doc_show(v));
    }
    if (!*c->metric) return alto_doc_errf(d, err, costs, NULL, (int)i, "empty cost metric name");
    if (prefer && strcmp(prefer, "high") && strcmp(prefer, "low"))
        return alto_doc_errf(d, err, v, "prefer", -1, "expected high or low, got \"%s\"", prefer);
    c->high = prefer ? !strcmp(prefer, "high") : default_high(c->metric);
    if (c->high < 0)
        return alto_doc_errf(d, err, costs, NULL, (int)i, "say prefer: high or low for cost metric "
                             "\"%s\" (no default for it)", c->metric);
    return 0;
}

static int parse_cfg(const run_scenario *sc, const run_policy *p, mc_cfg *cfg, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *costs = json_object_get(p->node, "costs");
    memset(cfg, 0, sizeof *cfg);
    if (p->metric)
        return alto_doc_errf(d, err, p->node, "metric", -1, "alto-multicost ranks on several "
                             "costs: give costs: [{metric: ..., prefer: high|low}, ...], not metric:");
    if (!costs) {
        *cfg = (mc_cfg){2, {{"bw-available", 1, 0}, {"delay-ow", 0, 0}}};
        return 0;
    }
    size_t n = json_array_size(costs);
    if (n == 0 || n > RUN_MC_MAX)
        return alto_doc_errf(d, err, p->node, "costs", -1, "list 1 to %d cost metrics, got %zu",
                             RUN_MC_MAX, n);
    for (size_t i = 0; i < n; i++) {
        if (parse_cost(d, costs, i, &cfg->c[i], err)) return -1;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(cfg->c[k].metric, cfg->c[i].metric))
                return alto_doc_errf(d, err, costs, NULL, (int)i, "cost metric \"%s\" listed twice",
                                     cfg->c[i].metric);
        cfg->n++;
    }
    return 0;
}

static int check(const run_scenario *sc, run_policy *p, alto_err *err) {
    mc_cfg cfg;
    return parse_cfg(sc, p, &cfg, err);
}

static int wrap(pol_ctx *c, run_policy *p, alto_err *err) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(c->sc->doc, err, p->parent, NULL, p->index, "policy %s: %s", p->name, m);
}

static void mc_free(run_policy *p) {
    mc_state *s = p->state;
    if (!s) return;
    run_alto_mc_plan_free(&s->plan);
    json_decref(s->cache);
    json_decref(s->decisions);
    free(s);
    p->state = NULL;
}

static int prepare(pol_ctx *c, run_policy *p, alto_err *err) {
    mc_state *s = alto_xcalloc(1, sizeof *s);
    const char *metrics[RUN_MC_MAX];
    p->state = s;
    if (parse_cfg(c->sc, p, &s->cfg, err)) return -1;
    for (int k = 0; k < s->cfg.n; k++) metrics[k] = s->cfg.c[k].metric;
    if (run_alto_mc_plan_new(c->alto, metrics, s->cfg.n, p->query, &s->plan, err)) {
        if (!c->rs->alto_url) {
            char m[ALTO_ERR_MAX];
            snprintf(m, sizeof m, "%s", err->msg);
            alto_err_set(err, "%s (the embedded server serves them with alto: {multi-cost: true})", m);
        }
        return wrap(c, p, err);
    }
    /* Ordinal ranks: 1 is the most preferred, whatever the metric. */
    for (int k = 0; k < s->cfg.n; k++)
        if (!strcmp(s->plan.mode[k], "ordinal")) s->cfg.c[k].high = 0;
    s->cache = json_object();
    return 0;
}

static json_t *describe(const run_policy *p) {
    const mc_state *s = p->state;
    if (!s) return NULL;
    json_t *d = run_alto_mc_plan_json(&s->plan), *rank = json_array();
    for (int k = 0; k < s->cfg.n; k++)
        json_array_append_new(rank, json_pack("{s:s, s:s, s:f}", "metric", s->cfg.c[k].metric, "prefer",
                                              s->cfg.c[k].high ? "high" : "low", "tolerance",
                                              s->cfg.c[k].tol));
    json_object_set_new(d, "ranking", rank);
    json_object_set_new(d, "rule", json_string(
        "lexicographic: on each cost in order, replicas further than tolerance x |best| from the "
        "best, or without a value (null), leave the race; a cost null for every replica left is "
        "passed over; the first replica left in the data manager's order wins"));
    return d;
}

static json_t *explain(const run_policy *p) {
    const mc_state *s = p->state;
    if (!s || !s->decisions) return NULL;
    return json_pack("{s:i, s:O}", "decisions_total", s->ndecisions, "decisions", s->decisions);
}

/* ---- ranking ---------------------------------------------------------------------- */

/* v[j * n + k]: cost k of replica j (NAN = null).  out_at[j] = the cost
 * that took replica j out of the race, -1 if it stayed; returns the
 * winner, *decided = the cost that left one replica, or -1 when the data
 * manager's order decided among several (or there was one). */
static int rank(const mc_cfg *cfg, const double *v, int nrep, int *out_at, int *decided) {
    int n = cfg->n, left = nrep;
    for (int j = 0; j < nrep; j++) out_at[j] = -1;
    *decided = -1;
    for (int k = 0; k < n && left > 1; k++) {
        const mc_cost *c = &cfg->c[k];
        double best = NAN;
        for (int j = 0; j < nrep; j++) {
            double x = v[j * n + k];
            if (out_at[j] < 0 && !isnan(x) && (isnan(best) || (c->high ? x > best : x < best))) best = x;
        }
        if (isnan(best)) continue;          /* nobody left has this cost */
        for (int j = 0; j < nrep; j++) {
            double x = v[j * n + k];
            if (out_at[j] >= 0) continue;
            if (isnan(x) || fabs(x - best) > c->tol * fabs(best)) { out_at[j] = k; left--; }
        }
        if (left == 1) *decided = k;
    }
    for (int j = 0; j < nrep; j++) if (out_at[j] < 0) return j;
    return 0;                               /* not reached: the best always stays */
}

static json_t *num_or_null(double x) { return isnan(x) ? json_null() : json_real(x); }

static void record(mc_state *s, const run_scenario *sc, int i, const double *v, const int *out_at,
                   int best, int decided) {
    const run_request *q = &sc->reqs[i];
    const run_file *f = &sc->files[q->file];
    if (s->ndecisions++ >= MC_SHOWN) return;
    json_t *reps = json_array();
    for (int j = 0; j < f->nrep; j++) {
        json_t *cv = json_array();
        for (int k = 0; k < s->cfg.n; k++) json_array_append_new(cv, num_or_null(v[j * s->cfg.n + k]));
        json_array_append_new(reps, json_pack("{s:s, s:o, s:o}", "replica",
                                              sc->topo->nodes[f->replicas[j]].name, "costs", cv, "out_at",
                                              out_at[j] < 0 ? json_null()
                                                            : json_string(s->cfg.c[out_at[j]].metric)));
    }
    json_array_append_new(s->decisions, json_pack("{s:i, s:s, s:s, s:o, s:s, s:s}", "request", i,
                          "client", sc->topo->nodes[q->client].name, "file", f->name, "replicas", reps,
                          "chosen", sc->topo->nodes[f->replicas[best]].name, "decided_by",
                          decided < 0 ? "order" : s->cfg.c[decided].metric));
}

/* The costs of request i's replicas into v: cached per question. */
static int costs_of(pol_ctx *c, run_policy *p, int i, alto_addr *srcs, double *v, alto_err *err) {
    mc_state *s = p->state;
    const run_scenario *sc = c->sc;
    const run_request *q = &sc->reqs[i];
    const run_file *f = &sc->files[q->file];
    char txt[80];
    alto_addr dst;
    if (run_host_addr(sc, q->client, txt, sizeof txt, err) || alto_addr_parse_typed(txt, &dst)) return -1;
    alto_buf key = ALTO_BUF_INIT;
    alto_buf_printf(&key, "%s>", txt);
    for (int j = 0; j < f->nrep; j++) {
        if (run_host_addr(sc, f->replicas[j], txt, sizeof txt, err) || alto_addr_parse_typed(txt, &srcs[j])) {
            alto_buf_free(&key);
            return -1;
        }
        alto_buf_printf(&key, "%s,", txt);
    }
    size_t nv = (size_t)f->nrep * (size_t)s->cfg.n;
    const json_t *hit = json_object_get(s->cache, key.data);
    int rc = 0;
    if (hit) {
        for (size_t x = 0; x < nv; x++) {
            const json_t *e = json_array_get(hit, x);
            v[x] = json_is_number(e) ? json_number_value(e) : NAN;
        }
    } else if (run_alto_mc_costs(c->alto, &s->plan, p->name, srcs, f->nrep, &dst, v, err)) {
        rc = wrap(c, p, err);
    } else {
        json_t *arr = json_array();
        for (size_t x = 0; x < nv; x++) json_array_append_new(arr, num_or_null(v[x]));
        json_object_set_new(s->cache, key.data, arr);
    }
    alto_buf_free(&key);
    return rc;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    mc_state *s = p->state;
    if (!s || !s->plan.uri) return alto_err_set(err, "policy %s: not prepared", p->name);
    int maxrep = 1;
    for (int f = 0; f < sc->nfiles; f++) if (sc->files[f].nrep > maxrep) maxrep = sc->files[f].nrep;
    alto_addr *srcs = alto_xcalloc((size_t)maxrep, sizeof *srcs);
    double *v = alto_xcalloc((size_t)maxrep * (size_t)s->cfg.n, sizeof *v);
    int *out_at = alto_xcalloc((size_t)maxrep, sizeof *out_at), rc = 0;
    json_decref(s->decisions);
    s->decisions = json_array();
    s->ndecisions = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++) {
        int decided;
        if ((rc = costs_of(c, p, i, srcs, v, err))) break;
        choice[i] = rank(&s->cfg, v, sc->files[sc->reqs[i].file].nrep, out_at, &decided);
        record(s, sc, i, v, out_at, choice[i], decided);
    }
    free(srcs);
    free(v);
    free(out_at);
    return rc;
}

const pol_impl pol_alto_multicost = {
    .name = "alto-multicost",
    .summary = "rank replicas on several ALTO costs from one RFC 8189 multi-cost query "
               "(default bw-available high, then delay-ow low to break ties)",
    .uses_alto = 1,
    .takes_costs = 1,
    .check = check,
    .prepare = prepare,
    .choose = choose,
    .free = mc_free,
    .describe = describe,
    .explain = explain,
};

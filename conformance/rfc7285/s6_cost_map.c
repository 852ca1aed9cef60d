/* s6_cost_map.c: RFC 7285 section 6 (Cost Map), 6.1.2.2 (cost mode
 * ordinal): ordinal values are non-negative integers, and ordinal answers
 * rank their numerical twins, one case per resource kind: the full cost
 * map against the numerical full cost map of the same metric over the
 * same network map, the filtered cost map against itself asked for the
 * numerical type with the same PIDs, the endpoint cost service likewise
 * with at least three sources and three destinations from different PIDs.
 * The ordinal answer is the exchange under test; its numerical twin is a
 * control (a twin that cannot be fetched is ERROR, not FAIL).  Pairs are
 * compared where both answers define them, and the PASS says how many. */
#include <stdio.h>
#include <string.h>
#include "rfc7285.h"
#include "conf_ordinal.h"

#define MAX_PIDS 8

static const char *ct_str(const json_t *ct, const char *k) {
    const char *s = json_string_value(json_object_get(ct, k));
    return s ? s : "";
}

/* Compares one ordinal answer with its twin; dir from the metric. */
static void judge(conf_ctx *c, const char *what, const json_t *ord, const json_t *num, const char *member,
                  const char *metric) {
    int dir = conf_metric_direction(metric);
    conf_ord_stats st;
    conf_ordinal_check(ord, num, member, dir, conf_pb(c), &st);
    if (!st.pairs)
        conf_empty(c, "%s: the ordinal (%zu entries) and numerical (%zu entries) answers define no pair in common",
                   what, st.ord_entries, st.num_entries);
    else
        conf_note(c, "%s: compared %zu pairs defined in both answers (ordinal %zu entries, numerical %zu)", what,
                  st.pairs, st.ord_entries, st.num_entries);
}

/* The numerical twin's direction is known, or a SKIP reason is given. */
static int direction_known(conf_ctx *c, const conf_res *r, const char *metric) {
    if (conf_metric_direction(metric)) return 1;
    conf_empty(c, "%s: the direction of metric \"%s\" is unknown (is a lower or a higher value better?)",
               r->id, metric);
    return 0;
}

void r7285_ordinal_full_map(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    const conf_res *r, *g;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *ct = r7_cost_type(c, r, 0);
        const char *metric = ct_str(ct, "cost-metric");
        if (!ct || strcmp(ct_str(ct, "cost-mode"), "ordinal") || !direction_known(c, r, metric)) {
            json_decref(ct);
            continue;
        }
        R7_EACH(c, CONF_SVC_COSTMAP, g) {
            json_t *gt = r7_cost_type(c, g, 0);
            int twin = gt && !strcmp(ct_str(gt, "cost-metric"), metric) &&
                       !strcmp(ct_str(gt, "cost-mode"), "numerical") &&
                       conf_ird_uses_netmap(d, g) == conf_ird_uses_netmap(d, r);
            json_decref(gt);
            if (!twin) continue;
            conf_xchg *ox = conf_get(c, r);
            json_t *ord = conf_ok(c, ox);
            json_t *num = ord ? conf_control(c, conf_get(c, g)) : NULL;
            conf_focus(c, ox);
            if (num) judge(c, r->id, ord, num, "cost-map", metric);
            break;
        }
        json_decref(ct);
    }
    conf_empty(c, "no ordinal GET cost map with a numerical twin (same metric, same network map) is advertised");
}

/* Pairs (ordinal, numerical) of r's cost types with one metric: fn(ord, num). */
typedef void (*twin_fn)(conf_ctx *c, const conf_res *r, json_t *ord_ct, json_t *num_ct, void *ud);

static void each_twin(conf_ctx *c, const conf_res *r, json_t *cts, twin_fn fn, void *ud) {
    size_t i, j;
    json_t *o, *n;
    json_array_foreach(cts, i, o) {
        if (strcmp(ct_str(o, "cost-mode"), "ordinal")) continue;
        json_array_foreach(cts, j, n) {
            if (strcmp(ct_str(n, "cost-mode"), "numerical") || strcmp(ct_str(n, "cost-metric"), ct_str(o, "cost-metric")))
                continue;
            if (direction_known(c, r, ct_str(o, "cost-metric"))) fn(c, r, o, n, ud);
            break;
        }
    }
}

static void fcm_twin(conf_ctx *c, const conf_res *r, json_t *o, json_t *n, void *ud) {
    json_t *pids = ud;
    conf_xchg *ox = conf_post(c, r, r7_fcost_req(json_incref(o), json_incref(pids), json_incref(pids)));
    json_t *ord = conf_ok(c, ox);
    json_t *num = ord ? conf_control(c, conf_post(c, r, r7_fcost_req(json_incref(n), json_incref(pids),
                                                                      json_incref(pids)))) : NULL;
    conf_focus(c, ox);
    if (num) judge(c, r->id, ord, num, "cost-map", ct_str(o, "cost-metric"));
}

void r7285_ordinal_filtered_map(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        json_t *nm = r7_netmap(c, r, NULL);
        if (!nm) return;
        json_t *pids = r7_pids(nm);
        while (json_array_size(pids) > MAX_PIDS) json_array_remove(pids, json_array_size(pids) - 1);
        json_t *cts = r7_cost_types(c, r);
        each_twin(c, r, cts, fcm_twin, pids);
        json_decref(cts);
        json_decref(pids);
    }
    conf_empty(c, "no filtered cost map offers an ordinal cost type with its numerical twin");
}

typedef struct ecs_eps { json_t *srcs, *dsts; } ecs_eps;

static json_t *ecs_req(json_t *ct, const ecs_eps *e) {
    return json_pack("{sOs{sOsO}}", "cost-type", ct, "endpoints", "srcs", e->srcs, "dsts", e->dsts);
}

static void ecs_twin(conf_ctx *c, const conf_res *r, json_t *o, json_t *n, void *ud) {
    const ecs_eps *e = ud;
    conf_xchg *ox = conf_post(c, r, ecs_req(o, e));
    json_t *ord = conf_ok(c, ox);
    json_t *num = ord ? conf_control(c, conf_post(c, r, ecs_req(n, e))) : NULL;
    conf_focus(c, ox);
    if (num) judge(c, r->id, ord, num, "endpoint-cost-map", ct_str(o, "cost-metric"));
}

/* Sources from this many different PIDs at least. */
static size_t distinct_pids(const json_t *nm, const json_t *eps) {
    json_t *seen = json_object();
    size_t i;
    json_t *a;
    json_array_foreach(eps, i, a) {
        const char *pid = conf_netmap_lookup(nm, json_string_value(a));
        if (pid) json_object_set_new(seen, pid, json_true());
    }
    size_t n = json_object_size(seen);
    json_decref(seen);
    return n;
}

void r7285_ordinal_ecs(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_ECS, r) {
        json_t *nm = r7_netmap(c, NULL, NULL);
        if (!nm) return;
        ecs_eps e;
        r7_ecs_endpoints(nm, &e.srcs, &e.dsts);
        if (distinct_pids(nm, e.srcs) < 3 || distinct_pids(nm, e.dsts) < 3) {
            conf_set(c, CONF_SKIP, "the network map has fewer than three PIDs to draw sources and destinations from");
        } else {
            json_t *cts = r7_cost_types(c, r);
            each_twin(c, r, cts, ecs_twin, &e);
            json_decref(cts);
        }
        json_decref(e.srcs);
        json_decref(e.dsts);
    }
    conf_empty(c, "no endpoint cost service offers an ordinal cost type with its numerical twin");
}

/* Ordinal responses: every GET ordinal cost map, the filtered cost map
 * and the endpoint cost service for each ordinal type they offer. */
void r7285_ordinal_integers(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    int judged = 0;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (r->svc != CONF_SVC_COSTMAP && r->svc != CONF_SVC_FCOSTMAP && r->svc != CONF_SVC_ECS) continue;
        if (!r->uri) continue;
        for (size_t k = 0; k < r7_ncost_types(r); k++) {
            json_t *ct = r7_cost_type(c, r, k);
            if (!ct || strcmp(json_string_value(json_object_get(ct, "cost-mode")), "ordinal")) {
                json_decref(ct);
                continue;
            }
            conf_xchg *x;
            if (r->svc == CONF_SVC_COSTMAP) {
                json_decref(ct);
                x = conf_get(c, r);
            } else if (r->svc == CONF_SVC_FCOSTMAP) {
                x = conf_post(c, r, r7_fcost_req(ct, NULL, NULL));
            } else {
                json_t *req = r7_valid_request(c, r);
                json_object_set_new(req, "cost-type", ct);
                x = conf_post(c, r, req);
            }
            json_t *body = conf_ok(c, x);
            if (!body) continue;
            judged++;
            conf_empty(c, "the ordinal answers hold no cost values");
            const char *member = r->svc == CONF_SVC_ECS ? "endpoint-cost-map" : "cost-map";
            conf_v_cost_numbers(body, member, conf_pb(c));
            /* Judge by the mode asked for: a server answering "numerical"
             * to an ordinal request is rfc7285/11.5.1.3's problem, not a
             * reason to skip this check. */
            conf_v_cost_ordinal_values(body, member, conf_pb(c));
        }
    }
    if (!judged && !c->has_forced && !conf_pb(c)->n)
        conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no ordinal cost type");
}

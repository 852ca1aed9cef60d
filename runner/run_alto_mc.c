/* run_alto_mc.c: the multi-cost plan and question (see run_alto_mc.h).
 *
 * An answer is checked as far as the policy depends on it: the arrays must
 * have one element per cost type asked, each a number or null, and when
 * the answer's meta lists multi-cost-types their metrics must be the ones
 * asked, in that order (RFC 8189 4.1.3: the arrays "contain the cost type
 * values in that order"); anything else is the server's error, reported
 * with the URI, never ranked on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_alto_mc.h"
#include "alto_media.h"
#include "alto_buf.h"

void run_alto_mc_plan_free(run_alto_mc_plan *p) {
    for (int k = 0; k < p->n; k++) { free(p->metric[k]); free(p->mode[k]); free(p->type_name[k]); }
    free(p->res_id); free(p->uri); free(p->netmap_uri);
    memset(p, 0, sizeof *p);
}

json_t *run_alto_mc_plan_json(const run_alto_mc_plan *p) {
    json_t *types = json_array();
    for (int k = 0; k < p->n; k++)
        json_array_append_new(types, json_pack("{s:s, s:s, s:s}", "cost_type", p->type_name[k],
                                               "cost_metric", p->metric[k], "cost_mode", p->mode[k]));
    return json_pack("{s:s, s:s, s:s, s:I, s:o}", "via",
                     p->via == RUN_VIA_ECS ? "endpoint-cost-mc" : "filtered-cost-map-mc", "resource",
                     p->res_id, "uri", p->uri, "max_cost_types", (json_int_t)p->max_cost_types,
                     "multi_cost_types", types);
}

static const char *str_of(const json_t *v) { return json_is_string(v) ? json_string_value(v) : NULL; }

/* A name in r's cost-type-names whose type has `metric` in `mode`. */
static const char *type_for(const alto_ird *d, const alto_res *r, const char *metric, const char *mode) {
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r->caps, "cost-type-names"), i, v) {
        const json_t *ct = str_of(v) ? alto_ird_cost_type(d, r, str_of(v)) : NULL;
        const char *cm = str_of(json_object_get(ct, "cost-metric"));
        const char *mo = str_of(json_object_get(ct, "cost-mode"));
        if (cm && mo && !strcmp(cm, metric) && !strcmp(mo, mode)) return str_of(v);
    }
    return NULL;
}

static long long max_types(const alto_res *r) {
    const json_t *m = json_object_get(r->caps, "max-cost-types");
    return json_is_integer(m) ? (long long)json_integer_value(m) : 0;
}

/* Why the candidate resource r does not do (into why), or 0 and out. */
static int try_res(const alto_ird *d, const alto_res *r, const char *const *metrics, int n,
                   run_alto_mc_plan *out, alto_buf *why) {
    static const char *const modes[] = {"numerical", "ordinal"};
    const char *tn[RUN_MC_MAX];
    for (int k = 0; k < n; k++) {
        tn[k] = NULL;
        for (int m = 0; m < 2 && !tn[k]; m++) tn[k] = type_for(d, r, metrics[k], modes[m]);
        if (!tn[k]) {
            alto_buf_printf(why, "%s%s has no cost type of metric \"%s\"", why->len ? "; " : "",
                            r->id, metrics[k]);
            return -1;
        }
    }
    if (max_types(r) < n) {
        alto_buf_printf(why, "%s%s allows max-cost-types %lld, the policy asks %d", why->len ? "; " : "",
                        r->id, max_types(r), n);
        return -1;
    }
    const alto_res *nm = r->svc == ALTO_SVC_ECS ? NULL : alto_ird_uses(d, r, ALTO_SVC_NETMAP);
    if (r->svc != ALTO_SVC_ECS && !nm) {
        alto_buf_printf(why, "%s%s uses no network map", why->len ? "; " : "", r->id);
        return -1;
    }
    out->n = n;
    for (int k = 0; k < n; k++) {
        const json_t *ct = alto_ird_cost_type(d, r, tn[k]);
        out->metric[k] = alto_xstrdup(metrics[k]);
        out->mode[k] = alto_xstrdup(str_of(json_object_get(ct, "cost-mode")));
        out->type_name[k] = alto_xstrdup(tn[k]);
    }
    out->via = r->svc == ALTO_SVC_ECS ? RUN_VIA_ECS : RUN_VIA_FILTERED;
    out->res_id = alto_xstrdup(r->id);
    out->uri = alto_xstrdup(r->uri);
    out->netmap_uri = nm ? alto_xstrdup(nm->uri) : NULL;
    out->max_cost_types = max_types(r);
    return 0;
}

int run_alto_mc_plan_new(run_alto *a, const char *const *metrics, int n, const char *via_pref,
                         run_alto_mc_plan *out, alto_err *err) {
    const alto_ird *d = alto_client_closure(run_alto_client(a));
    static const alto_svc order[] = {ALTO_SVC_ECS, ALTO_SVC_FCOSTMAP};
    alto_buf why = ALTO_BUF_INIT;
    int seen = 0;
    memset(out, 0, sizeof *out);
    for (int s = 0; s < 2; s++) {
        if (via_pref && !strcmp(via_pref, order[s] == ALTO_SVC_ECS ? "cost-map" : "endpoint-cost"))
            continue;
        for (int i = 0; i < d->nres; i++) {
            const alto_res *r = &d->res[i];
            if (r->svc != order[s] || !r->uri || max_types(r) <= 0) continue;
            seen++;
            if (try_res(d, r, metrics, n, out, &why) == 0) {
                alto_buf_free(&why);
                return 0;
            }
        }
    }
    const char *kind = !via_pref ? "filtered cost map or endpoint cost service"
                       : !strcmp(via_pref, "endpoint-cost") ? "endpoint cost service" : "filtered cost map";
    if (!seen)
        alto_err_set(err, "the ALTO server at %s offers no RFC 8189 multi-cost resource (no %s "
                     "with max-cost-types > 0)", run_alto_url(a), kind);
    else
        alto_err_set(err, "no multi-cost resource of the ALTO server at %s can answer these %d "
                     "cost types in one query: %s", run_alto_url(a), n, why.data);
    alto_buf_free(&why);
    return -1;
}

/* ---- asking ---------------------------------------------------------------------- */

static json_t *mc_types(const run_alto_mc_plan *p) {
    json_t *t = json_array();
    for (int k = 0; k < p->n; k++)
        json_array_append_new(t, json_pack("{s:s, s:s}", "cost-metric", p->metric[k], "cost-mode", p->mode[k]));
    return t;
}

/* The answer's meta multi-cost-types, when given, in the order asked. */
static int check_meta(const run_alto_mc_plan *p, const json_t *ans, alto_err *err) {
    const json_t *mt = json_object_get(json_object_get(ans, "meta"), "multi-cost-types");
    if (!mt) return 0;
    int ok = json_is_array(mt) && (int)json_array_size(mt) == p->n;
    for (int k = 0; k < p->n && ok; k++) {
        const char *m = str_of(json_object_get(json_array_get(mt, (size_t)k), "cost-metric"));
        ok = m && !strcmp(m, p->metric[k]);
    }
    if (ok) return 0;
    return alto_err_set(err, "POST %s: the answer's meta multi-cost-types are not the %d cost types "
                        "asked, in the order asked (RFC 8189 4.1.3)", p->uri, p->n);
}

/* cell (the array for one pair, or NULL when the pair is left out) into out[0..n-1]. */
static int read_cell(const run_alto_mc_plan *p, const json_t *cell, const char *what, double *out,
                     alto_err *err) {
    for (int k = 0; k < p->n; k++) out[k] = NAN;
    if (!cell) return 0;
    if (!json_is_array(cell) || (int)json_array_size(cell) != p->n)
        return alto_err_set(err, "POST %s: the cost %s is %s, not an array of %d costs (RFC 8189 "
                            "4.1.3)", p->uri, what, json_is_array(cell) ? "an array of another length"
                            : "not an array", p->n);
    for (int k = 0; k < p->n; k++) {
        const json_t *v = json_array_get(cell, (size_t)k);
        if (json_is_number(v)) out[k] = json_number_value(v);
        else if (!json_is_null(v))
            return alto_err_set(err, "POST %s: the %s cost %s is neither a number nor null", p->uri,
                                p->metric[k], what);
    }
    return 0;
}

static int ask_ecs(run_alto *a, const run_alto_mc_plan *p, const char *label, const alto_addr *srcs,
                   int ns, const alto_addr *dst, double *out, alto_err *err) {
    char dtxt[80], stxt[80], what[200];
    alto_addr_fmt_typed(dst, dtxt, sizeof dtxt);
    json_t *sa = json_array();
    for (int i = 0; i < ns; i++)
        json_array_append_new(sa, json_string(alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt)));
    json_t *body = json_pack("{s:o, s:{s:o, s:[s]}}", "multi-cost-types", mc_types(p), "endpoints",
                             "srcs", sa, "dsts", dtxt);
    const json_t *ans;
    int rc = alto_client_post_json(run_alto_client(a), label, p->uri, ALTO_MT_ECS, ALTO_MT_ECS_PARAMS,
                                   body, &ans, err);
    json_decref(body);
    if (rc == 0) rc = check_meta(p, ans, err);
    const json_t *m = json_object_get(ans, "endpoint-cost-map");
    for (int i = 0; i < ns && rc == 0; i++) {
        snprintf(what, sizeof what, "from %s to %s", alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt), dtxt);
        rc = read_cell(p, run_alto_ecs_cell(m, &srcs[i], dst), what, &out[(size_t)i * (size_t)p->n], err);
    }
    return rc;
}

static int ask_map(run_alto *a, const run_alto_mc_plan *p, const char *label, const alto_addr *srcs,
                   int ns, const alto_addr *dst, double *out, alto_err *err) {
    alto_client *c = run_alto_client(a);
    const char **spid = alto_xcalloc((size_t)ns + 1, sizeof *spid), *dpid = NULL;
    int rc = alto_client_pid(c, label, p->netmap_uri, dst, &dpid, err);
    for (int i = 0; i < ns && rc == 0; i++) rc = alto_client_pid(c, label, p->netmap_uri, &srcs[i], &spid[i], err);
    const json_t *ans = NULL;
    if (rc == 0) {
        json_t *sa = json_array();      /* each PID once: replicas may share one */
        for (int i = 0; i < ns; i++) {
            int dup = 0;
            for (int j = 0; j < i; j++) dup |= !strcmp(spid[i], spid[j]);
            if (!dup) json_array_append_new(sa, json_string(spid[i]));
        }
        json_t *body = json_pack("{s:o, s:{s:o, s:[s]}}", "multi-cost-types", mc_types(p), "pids",
                                 "srcs", sa, "dsts", dpid);
        rc = alto_client_post_json(c, label, p->uri, ALTO_MT_COSTMAP, ALTO_MT_COSTMAP_FILTER, body, &ans, err);
        json_decref(body);
    }
    if (rc == 0) rc = check_meta(p, ans, err);
    const json_t *m = json_object_get(ans, "cost-map");
    for (int i = 0; i < ns && rc == 0; i++) {
        char what[200];
        snprintf(what, sizeof what, "from PID %s to PID %s", spid[i], dpid);
        rc = read_cell(p, json_object_get(json_object_get(m, spid[i]), dpid), what,
                       &out[(size_t)i * (size_t)p->n], err);
    }
    free(spid);
    return rc;
}

int run_alto_mc_costs(run_alto *a, const run_alto_mc_plan *p, const char *label, const alto_addr *srcs,
                      int ns, const alto_addr *dst, double *out, alto_err *err) {
    return p->via == RUN_VIA_ECS ? ask_ecs(a, p, label, srcs, ns, dst, out, err)
                                 : ask_map(a, p, label, srcs, ns, dst, out, err);
}

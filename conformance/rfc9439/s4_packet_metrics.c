/* s4_packet_metrics.c: RFC 9439 section 4 (delay-ow, delay-rt,
 * delay-variation, lossrate, hopcount), plus the two rules its text
 * states for every metric of the document: the value is one JSONNumber
 * (so no cost mode whose values are not numbers) and the query context
 * sets the aggregation (a PID holding one host address and that address
 * describe the same pair, so the full cost map, every filtered cost map
 * and every endpoint cost service agree on them).
 *
 * Units are not on the wire: microseconds against milliseconds shows only
 * as a relation broken, here delay-rt against delay-ow there and back
 * (same statistical operator and cost source): max(ow(s,d), ow(d,s)) <=
 * rt(s,d) (a sum of non-negative delays is no smaller than either, for
 * every percentile and the mean) and rt(s,d) <= ow(s,d) + ow(d,s) (the
 * base semantics; tolerance 0.1% + 1 unit, not applied to "min"). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"

static void cost_mode(conf_ctx *c, const p9_type *t) {
    char path[300];
    if (!t->metric || !t->mode || !conf_pm_is_pm(t->base)) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-mode", t->name);
    conf_checked(conf_pb(c), 1);
    if (strcmp(t->mode, "numerical") && strcmp(t->mode, "ordinal") && strncmp(t->mode, "priv:", 5))
        conf_prob(conf_pb(c), path, "numerical or ordinal: a JSONNumber per pair", t->mode,
                  "%s: %s values are single JSONNumbers, not cost mode \"%s\"", t->name, t->metric, t->mode);
}

void r9439_cost_mode(conf_ctx *c) {
    p9_each_type(c, cost_mode);
    conf_empty(c, "the IRD defines no RFC 9439 cost metric");
}

void r9439_delay_ow_value(conf_ctx *c) { p9_value_case(c, "delay-ow"); }
void r9439_delay_rt_value(conf_ctx *c) { p9_value_case(c, "delay-rt"); }
void r9439_delay_variation_value(conf_ctx *c) { p9_value_case(c, "delay-variation"); }
void r9439_lossrate_value(conf_ctx *c) { p9_value_case(c, "lossrate"); }
void r9439_hopcount_value(conf_ctx *c) { p9_value_case(c, "hopcount"); }

/* ---- delay-rt against delay-ow there and back (4.2.3) ---- */

static int same_str(const char *a, const char *b) { return a && b ? !strcmp(a, b) : a == b; }

static int rt_ow(const p9_type *a, const p9_type *b) {
    return !strcmp(a->base, "delay-rt") && !strcmp(b->base, "delay-ow") && same_str(a->op, b->op) &&
           same_str(a->source, b->source);
}

static void rt_vs_ow(conf_ctx *c, const p9_type *a, const json_t *va, const p9_type *b, const json_t *vb) {
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)va, k, x) {
        char s[300], d[300], back[600], path[700], exp[200];
        if (sscanf(k, "%299s %299s", s, d) != 2) continue;
        snprintf(back, sizeof back, "%s %s", d, s);
        json_t *f = json_object_get(vb, k), *r = json_object_get(vb, back);
        if (!json_is_number(x) || !json_is_number(f) || !json_is_number(r)) continue;
        double rt = json_number_value(x), fw = json_number_value(f), bw = json_number_value(r);
        double lo = fmax(fw, bw), hi = fw + bw;
        int upper = !(a->op && !strcmp(a->op, "min"));
        conf_checked(conf_pb(c), 1);
        if (rt >= lo * (1 - 1e-3) - 1 && (!upper || rt <= hi * (1 + 1e-3) + 1)) continue;
        snprintf(path, sizeof path, "%s [%s]", a->name, k);
        snprintf(exp, sizeof exp, "between %.6g and %.6g (%s there %.6g, back %.6g)", lo, hi, b->metric, fw, bw);
        conf_prob(conf_pb(c), path, exp, conf_jshow(x), "%s %s %s: not the sum of %s there and back (%.6g + %.6g)",
                  a->metric, k, conf_jshow(x), b->metric, fw, bw);
    }
}

void r9439_rt_vs_ow(conf_ctx *c) {
    p9_each_pair(c, rt_ow, rt_vs_ow, "no resource offers numerical delay-rt and delay-ow with the same "
                 "statistical operator and cost source");
}

/* ---- one pair, one value (4.1.3: the query context sets the aggregation) ---- */

static int same_cost(const json_t *a, const json_t *b) {
    double x = json_number_value(a), y = json_number_value(b);
    return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
}

/* Problems where vals (of resource r) and the reference ref disagree;
 * hosts maps ECS endpoints to their PIDs (NULL for a cost map). */
static void compare(conf_ctx *c, const p9_type *t, const conf_res *r, const json_t *vals,
                    const conf_res *rr, const json_t *ref, const json_t *hosts) {
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)vals, k, x) {
        char s[300], d[300], key[600], path[700];
        if (sscanf(k, "%299s %299s", s, d) != 2) continue;
        const char *ps = hosts ? json_string_value(json_object_get(hosts, s)) : s;
        const char *pd = hosts ? json_string_value(json_object_get(hosts, d)) : d;
        if (!ps || !pd) continue;
        snprintf(key, sizeof key, "%s %s", ps, pd);
        json_t *y = json_object_get(ref, key);
        if (!json_is_number(x) || !json_is_number(y)) continue;
        conf_checked(conf_pb(c), 1);
        if (same_cost(x, y)) continue;
        snprintf(path, sizeof path, "%s: %s [%s]", r->id, t->name, k);
        conf_prob(conf_pb(c), path, conf_jshow(y), conf_jshow(x), "%s says %s for %s, %s says %s for %s",
                  r->id, conf_jshow(x), k, rr->id, conf_jshow(y), key);
    }
}

static void same_values_of(conf_ctx *c, const p9_type *t) {
    const conf_res *rs[P9_MAX_RES], *ref = NULL;
    int n = p9_resources(c, t, rs, P9_MAX_RES);
    for (int i = 0; i < n && !ref; i++) if (rs[i]->svc == CONF_SVC_COSTMAP) ref = rs[i];
    for (int i = 0; i < n && !ref; i++) if (rs[i]->svc == CONF_SVC_FCOSTMAP) ref = rs[i];
    if (!ref) return;
    json_t *rv = p9_values(c, ref, t);
    for (int i = 0; rv && i < n; i++) {
        if (rs[i] == ref) continue;
        json_t *hosts = rs[i]->svc == CONF_SVC_ECS ? p9_host_pids(c, rs[i]) : NULL;
        json_t *v = rs[i]->svc != CONF_SVC_ECS || hosts ? p9_values(c, rs[i], t) : NULL;
        if (v) compare(c, t, rs[i], v, ref, rv, hosts);
        json_decref(v);
        json_decref(hosts);
    }
    json_decref(rv);
}

void r9439_same_values(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = 0; k < d->nirds; k++) {
        const char *name;
        json_t *ct;
        if (!d->irds[k].doc) continue;
        json_object_foreach(json_object_get(json_object_get(d->irds[k].doc, "meta"), "cost-types"), name, ct) {
            p9_type t = {.ird = k, .name = name, .ct = ct};
            t.metric = json_string_value(json_object_get(ct, "cost-metric"));
            t.mode = json_string_value(json_object_get(ct, "cost-mode"));
            if (!t.metric || !t.mode || strcmp(t.mode, "numerical")) continue;
            conf_pm_split(t.metric, t.base, sizeof t.base, &t.op);
            if (conf_pm_is_pm(t.base)) same_values_of(c, &t);
        }
    }
    conf_empty(c, "no numerical RFC 9439 cost type is offered by a cost map and another resource "
               "with a pair both can state");
}

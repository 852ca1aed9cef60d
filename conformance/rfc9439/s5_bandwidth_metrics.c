/* s5_bandwidth_metrics.c: RFC 9439 section 5 (tput, bw-residual,
 * bw-available; bw-maxres, which the published RFC adds): non-negative
 * values, no nominal or sla tput, and the bounds bandwidths put on each
 * other.  The bounds are plausibility, not a MUST (a maximum reservable
 * bandwidth may exceed the capacity on an oversubscribed link, RFC 3630),
 * so a value outside them is a soft problem (WARN, FAIL under --strict):
 * bw-available and bw-residual not above bw-maxres, nor above their own
 * :max (5.2.3: the minimum of the link capacities), and tput not above
 * bw-maxres (a flow cannot outrun the capacity).  Units are not on the
 * wire; these bounds are what catches bits per second passed off as
 * bytes per second. */
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"

void r9439_tput_value(conf_ctx *c) { p9_value_case(c, "tput"); }
void r9439_bw_residual_value(conf_ctx *c) { p9_value_case(c, "bw-residual"); }
void r9439_bw_available_value(conf_ctx *c) { p9_value_case(c, "bw-available"); }

static void tput_source(conf_ctx *c, const p9_type *t) {
    char path[300];
    if (strcmp(t->base, "tput")) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-context", t->name);
    conf_checked(conf_pb(c), 1);
    if (t->source && (!strcmp(t->source, "nominal") || !strcmp(t->source, "sla")))
        conf_prob(conf_pb(c), path, "estimation", t->source, "%s: a tput cost type with cost-source %s",
                  t->name, t->source);
}

void r9439_tput_source(conf_ctx *c) {
    p9_each_type(c, tput_source);
    conf_empty(c, "the IRD defines no tput cost type");
}

/* a bounded by b: a bandwidth or tput against bw-maxres, or a bandwidth
 * against its own :max. */
static int bounded(const p9_type *a, const p9_type *b) {
    int bw = !strcmp(a->base, "bw-available") || !strcmp(a->base, "bw-residual");
    if ((bw || !strcmp(a->base, "tput")) && !strcmp(b->base, "bw-maxres") && (!b->op || !strcmp(b->op, "max")))
        return !a->op || strcmp(a->op, "max");
    return bw && !strcmp(a->base, b->base) && b->op && !strcmp(b->op, "max") && (!a->op || strcmp(a->op, "max")) &&
           a->source && b->source && !strcmp(a->source, b->source);
}

static void bw_bounds(conf_ctx *c, const p9_type *a, const json_t *va, const p9_type *b, const json_t *vb) {
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)va, k, x) {
        json_t *y = json_object_get(vb, k);
        if (!json_is_number(x) || !json_is_number(y)) continue;
        conf_checked(conf_pb(c), 1);
        if (json_number_value(x) <= json_number_value(y) * (1 + 1e-6) + 1e-6) continue;
        char path[700], exp[200];
        snprintf(path, sizeof path, "%s [%s]", a->name, k);
        snprintf(exp, sizeof exp, "<= %s (%s)", conf_jshow(y), b->metric);
        conf_prob_soft(conf_pb(c), path, exp, conf_jshow(x), "%s %s is above %s %s for %s (bits per second "
                       "for bytes?)", a->metric, conf_jshow(x), b->metric, conf_jshow(y), k);
    }
}

void r9439_bw_bounds(conf_ctx *c) {
    p9_each_pair(c, bounded, bw_bounds, "no resource offers bw-maxres, or a bandwidth with its :max, next "
                 "to bw-available, bw-residual or tput");
}

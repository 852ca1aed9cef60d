/* s3_2_statistics.c: RFC 9439 section 3.2, cost metric strings
 * "<base>[:<operator>]": at most 32 characters, an operator of the list,
 * the common form min / median / max rather than p0 / p50 / p100, and
 * what the operators mean between themselves: for one base metric, mode
 * and cost source, min <= every percentile <= max, and percentiles grow
 * with their rank (min is p0, median p50, max p100). */
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"

static void metric_length(conf_ctx *c, const p9_type *t) {
    char path[300];
    if (!t->metric) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-metric", t->name);
    conf_checked(conf_pb(c), 1);
    if (strlen(t->metric) > 32)
        conf_prob(conf_pb(c), path, "at most 32 characters", t->metric, "%s: the cost metric has %zu characters",
                  t->name, strlen(t->metric));
}

void r9439_metric_length(conf_ctx *c) { p9_each_type(c, metric_length); }

static void stat_operator(conf_ctx *c, const p9_type *t) {
    char path[300];
    const char *why = "";
    if (!t->op || !conf_pm_is_pm(t->base)) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-metric", t->name);
    conf_checked(conf_pb(c), 1);
    if (!conf_pm_op_valid(t->op, &why))
        conf_prob(conf_pb(c), path, "cur, min, max, median, mean, stddev, stdvar or p<0..100>", t->op,
                  "%s: operator \"%s\" %s", t->metric, t->op, why);
}

void r9439_stat_operator(conf_ctx *c) {
    p9_each_type(c, stat_operator);
    conf_empty(c, "no RFC 9439 cost metric of the IRD has a statistical operator");
}

static void common_form(conf_ctx *c, const p9_type *t) {
    char path[300];
    const char *common;
    if (!t->op || !conf_pm_is_pm(t->base)) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-metric", t->name);
    conf_checked(conf_pb(c), 1);
    if ((common = conf_pm_op_common(t->op)) != NULL)
        conf_prob(conf_pb(c), path, common, t->op, "%s: \"%s\" where the common form is \"%s\"", t->metric, t->op,
                  common);
}

void r9439_common_form(conf_ctx *c) {
    p9_each_type(c, common_form);
    conf_empty(c, "no RFC 9439 cost metric of the IRD has a statistical operator");
}

/* The rank of t's operator; no operator is the base metric's default:
 * "cur" for the bandwidths (5.2.3, 5.3.3; bw-maxres alike), else the
 * median (3.2). */
static double rank_of(const p9_type *t) {
    if (t->op) return conf_pm_op_rank(t->op);
    return strncmp(t->base, "bw-", 3) ? 50 : -1;
}

/* a and b: one base metric and cost source, two ranked operators, a's lower. */
static int ranked_pair(const p9_type *a, const p9_type *b) {
    double ra = rank_of(a), rb = rank_of(b);
    return conf_pm_is_pm(a->base) && !strcmp(a->base, b->base) && a->source && b->source &&
           !strcmp(a->source, b->source) && (a->op || b->op) && ra >= 0 && rb >= 0 && ra < rb;
}

static void operator_order(conf_ctx *c, const p9_type *a, const json_t *va, const p9_type *b, const json_t *vb) {
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)va, k, x) {
        json_t *y = json_object_get(vb, k);
        if (!json_is_number(x) || !json_is_number(y)) continue;
        double p = json_number_value(x), q = json_number_value(y);
        conf_checked(conf_pb(c), 1);
        if (p > q * (1 + 1e-9) + 1e-9) {
            char path[700], exp[200];
            snprintf(path, sizeof path, "%s [%s]", a->name, k);
            snprintf(exp, sizeof exp, "<= %s (%s)", conf_jshow(y), b->metric);
            conf_prob(conf_pb(c), path, exp, conf_jshow(x), "%s %s is above %s %s for %s", a->metric,
                      conf_jshow(x), b->metric, conf_jshow(y), k);
        }
    }
}

void r9439_operator_order(conf_ctx *c) {
    p9_each_pair(c, ranked_pair, operator_order,
                 "no two numerical types of one metric and cost source with ranked operators (min, pNN, "
                 "median, max; no operator counts as the median)");
}

/* conf_pm.c: the RFC 9439 rules of conf_pm.h.  Each is one statement of
 * the draft (sections 3.1, 3.2, 4.x.2, 5.x.2, 8) on one string or value;
 * the suite's cases pick the rule they quote, the validators run them all. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_pm.h"
#include "conf_check.h"

static const char *const pm_metrics[] = {
    "delay-ow", "delay-rt", "delay-variation", "lossrate", "hopcount",
    "tput", "bw-residual", "bw-available", "bw-maxres",
};
static const char *const other_metrics[] = {"routingcost", "ane-path"};
static const char *const sources[] = {"nominal", "sla", "estimation"};
static const char *const named_ops[] = {"cur", "min", "max", "median", "mean", "stddev", "stdvar"};

#define NELEM(a) (sizeof (a) / sizeof *(a))

static int in(const char *s, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, list[i])) return 1;
    return 0;
}

void conf_pm_split(const char *metric, char *base, size_t n, const char **op) {
    const char *colon = strncmp(metric, "priv:", 5) ? strchr(metric, ':') : strchr(metric + 5, ':');
    size_t len = colon ? (size_t)(colon - metric) : strlen(metric);
    snprintf(base, n, "%.*s", (int)len, metric);
    *op = colon ? colon + 1 : NULL;
}

int conf_pm_is_pm(const char *base) { return in(base, pm_metrics, NELEM(pm_metrics)); }

int conf_pm_registered(const char *metric) {
    char base[64];
    const char *op;
    conf_pm_split(metric, base, sizeof base, &op);
    if (!strncmp(base, "priv:", 5)) return base[5] != 0;
    return conf_pm_is_pm(base) || in(base, other_metrics, NELEM(other_metrics));
}

/* "p" digits ["." digits], the number in [0, 100]. */
static int percentile(const char *op, double *v) {
    const char *s = op + 1;
    if (op[0] != 'p' || !isdigit((unsigned char)*s)) return 0;
    while (isdigit((unsigned char)*s)) s++;
    if (*s == '.') {
        if (!isdigit((unsigned char)s[1])) return 0;
        for (s++; isdigit((unsigned char)*s); s++) {}
    }
    if (*s) return 0;
    *v = strtod(op + 1, NULL);
    return 1;
}

int conf_pm_op_valid(const char *op, const char **why) {
    double v;
    if (in(op, named_ops, NELEM(named_ops))) return 1;
    if (!percentile(op, &v)) {
        *why = "is not cur, min, max, median, mean, stddev, stdvar or p<number>";
        return 0;
    }
    if (v > 100) { *why = "is a percentile above 100"; return 0; }
    return 1;
}

const char *conf_pm_op_common(const char *op) {
    double v;
    if (!percentile(op, &v)) return NULL;
    return v == 0 ? "min" : v == 50 ? "median" : v == 100 ? "max" : NULL;
}

double conf_pm_op_rank(const char *op) {
    double v;
    if (!op) return -1;
    if (!strcmp(op, "median")) return 50;
    if (!strcmp(op, "min")) return 0;
    if (!strcmp(op, "max")) return 100;
    return percentile(op, &v) && v <= 100 ? v : -1;
}

int conf_pm_source_syntax(const char *s) {
    if (!*s) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) || (unsigned char)*s > 127) return 0;
    return 1;
}

int conf_pm_source_registered(const char *s) { return in(s, sources, NELEM(sources)); }

const char *conf_pm_source_of(const json_t *ct) {
    json_t *cc = json_object_get(ct, "cost-context");
    if (!cc) return "estimation";
    return json_string_value(json_object_get(cc, "cost-source"));
}

const char *conf_pm_value_problem(const char *base, const json_t *v, int *soft) {
    *soft = 0;
    if (!json_is_number(v)) return "a cost value is a JSONNumber";
    double x = json_number_value(v);
    if (!(x >= 0)) return "the number MUST be non-negative";
    if (!strcmp(base, "hopcount") && x != floor(x)) return "a hop count is a non-negative integer";
    if (!strcmp(base, "lossrate") && x > 1) {
        *soft = x <= 100;
        return x <= 100 ? "a loss rate is a fraction (0.01 = 1%, as the RFC's example)"
                        : "a loss rate is at most 1 (100%)";
    }
    return NULL;
}

/* ---- validators ---- */

static void v_context(const json_t *ct, const char *path, conf_probs *p) {
    json_t *cc = json_object_get(ct, "cost-context");
    char at[300];
    if (!cc) return;
    snprintf(at, sizeof at, "%s/cost-context", path);
    conf_checked(p, 1);
    const char *src = json_string_value(json_object_get(cc, "cost-source"));
    if (!json_is_object(cc) || !src) {
        conf_prob(p, at, "{\"cost-source\": string[, \"parameters\": ...]}", conf_jshow(cc),
                  "cost-context is not an object with a string cost-source");
        return;
    }
    if (!conf_pm_source_syntax(src))
        conf_prob(p, at, "US-ASCII alphanumeric", src, "cost-source \"%s\" is not alphanumeric", src);
    else if (!conf_pm_source_registered(src))
        conf_prob(p, at, "nominal, sla or estimation", src, "cost-source \"%s\" is not registered", src);
}

int conf_v_pm_cost_type(const json_t *ct, const char *path, conf_probs *p) {
    int n0 = p->n;
    const char *metric = json_string_value(json_object_get(ct, "cost-metric"));
    const char *mode = json_string_value(json_object_get(ct, "cost-mode"));
    char at[300], base[64];
    const char *op, *why = "";
    v_context(ct, path, p);
    if (!metric) return p->n - n0;
    snprintf(at, sizeof at, "%s/cost-metric", path);
    conf_checked(p, 1);
    conf_pm_split(metric, base, sizeof base, &op);
    if (strlen(metric) > 32) conf_prob(p, at, "at most 32 characters", metric, "cost metric too long");
    if (!conf_pm_registered(metric))
        conf_prob(p, at, "a registered cost metric or priv:", metric, "\"%s\" is not registered", base);
    if (op && !conf_pm_op_valid(op, &why))
        conf_prob(p, at, "a statistical operator of RFC 9439 3.2", op, "operator \"%s\" %s", op, why);
    if (conf_pm_is_pm(base) && mode && strcmp(mode, "numerical") && strcmp(mode, "ordinal") &&
        strncmp(mode, "priv:", 5))
        conf_prob(p, at, "numerical or ordinal (a JSONNumber value)", mode,
                  "%s values are JSONNumbers, not cost mode %s", base, mode);
    return p->n - n0;
}

int conf_v_pm_values(const json_t *d, const char *member, conf_probs *p) {
    int n0 = p->n;
    json_t *ct = json_object_get(json_object_get(d, "meta"), "cost-type");
    const char *metric = json_string_value(json_object_get(ct, "cost-metric"));
    const char *mode = json_string_value(json_object_get(ct, "cost-mode"));
    char base[64], at[600];
    const char *op, *s, *dst;
    json_t *row, *v;
    if (!metric || !mode || strcmp(mode, "numerical")) return 0;
    conf_pm_split(metric, base, sizeof base, &op);
    if (!conf_pm_is_pm(base)) return 0;
    json_object_foreach(json_object_get(d, member), s, row)
        json_object_foreach(row, dst, v) {
            int soft;
            const char *why = conf_pm_value_problem(base, v, &soft);
            conf_checked(p, 1);
            if (!why) continue;
            snprintf(at, sizeof at, "%s/%s/%s", member, s, dst);
            if (soft) conf_prob_soft(p, at, why, conf_jshow(v), "%s %s: %s", base, conf_jshow(v), why);
            else conf_prob(p, at, why, conf_jshow(v), "%s %s: %s", base, conf_jshow(v), why);
        }
    return p->n - n0;
}

/* ---- message kinds (conf_msg.c): RFC 7285 shape there, RFC 9439 here ---- */

static int pm_answer(const json_t *d, const char *member, conf_probs *p) {
    json_t *ct = json_object_get(json_object_get(d, "meta"), "cost-type");
    int n = json_is_object(ct) ? conf_v_pm_cost_type(ct, "$.meta.cost-type", p) : 0;
    return n + conf_v_pm_values(d, member, p);
}

int conf_v_pm_costmap(const json_t *d, conf_probs *p) { return pm_answer(d, "cost-map", p); }
int conf_v_pm_ecs(const json_t *d, conf_probs *p) { return pm_answer(d, "endpoint-cost-map", p); }

int conf_v_pm_req(const json_t *d, conf_probs *p) {
    json_t *ct = json_object_get(d, "cost-type");
    return json_is_object(ct) ? conf_v_pm_cost_type(ct, "$.cost-type", p) : 0;
}

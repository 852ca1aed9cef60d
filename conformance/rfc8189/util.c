/* util.c: what the RFC 8189 run functions share (see rfc8189.h): which
 * resources a row judges (those whose capabilities say max-cost-types > 0,
 * of the row's kind), requests built only from what the IRD advertises
 * (the cost types in cost-type-names, endpoints sampled from the default
 * network map), and the single-cost answers of the same resource, which
 * are the yardstick of every multi-cost answer: RFC 8189 4.1.3 makes a
 * multi-cost value the values of the listed types, in order, null where a
 * type has none.  Limits: at most M8_MAX cost types per resource; the
 * endpoint cost requests use at most 8 sampled endpoints each way. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc8189.h"
#include "alto_buf.h"

static int row_ecs(const conf_ctx *c) { return !strncmp(c->cs->section, "4.2", 3); }

static int max_cost_types(const conf_res *r) {
    json_t *v = json_object_get(r->caps, "max-cost-types");
    return json_is_number(v) ? (int)json_number_value(v) : 0;
}

const conf_res *m8_nth(conf_ctx *c, int n) {
    const conf_ird *d = &c->s->ird;
    conf_svc want = row_ecs(c) ? CONF_SVC_ECS : CONF_SVC_FCOSTMAP;
    for (int i = 0; i < d->nres; i++)
        if (d->res[i].svc == want && d->res[i].uri && max_cost_types(&d->res[i]) > 0 && n-- == 0)
            return &d->res[i];
    return NULL;
}

const char *m8_member(int ecs) { return ecs ? "endpoint-cost-map" : "cost-map"; }

static int in_names(const json_t *arr, const char *name) {
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), name)) return 1;
    return 0;
}

/* Endpoints for an endpoint cost request: samples of the default map. */
static json_t *ecs_scope(conf_ctx *c, const conf_res *r) {
    json_t *doc = c->s->ird.irds[r->ird].doc;
    const char *id = json_string_value(json_object_get(json_object_get(doc, "meta"),
                                                       "default-alto-network-map"));
    const conf_res *nm = id ? conf_ird_find(&c->s->ird, id) : NULL;
    if (!nm || !nm->uri) {
        conf_set(c, CONF_SKIP, "no default network map to sample endpoints from");
        return NULL;
    }
    json_t *map = conf_control(c, conf_get(c, nm));
    if (!map) return NULL;
    json_t *eps = json_array();
    conf_netmap_samples(map, eps, 8);
    if (!json_array_size(eps)) {
        json_decref(eps);
        conf_set(c, CONF_SKIP, "the default network map %s has no address to sample", nm->id);
        return NULL;
    }
    return json_pack("{s:{s:O, s:o}}", "endpoints", "srcs", eps, "dsts", eps);
}

int m8_begin(conf_ctx *c, const conf_res *r, m8_res *st) {
    memset(st, 0, sizeof *st);
    st->r = r;
    st->ecs = r->svc == CONF_SVC_ECS;
    st->max = max_cost_types(r);
    json_t *names = json_object_get(r->caps, "cost-type-names");
    json_t *testable = json_object_get(r->caps, "testable-cost-type-names");
    int all_testable = json_is_true(json_object_get(r->caps, "cost-constraints"));
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v) {
        json_t *ct = json_is_string(v) ? conf_ird_cost_type(c->s, r, json_string_value(v)) : NULL;
        if (!ct || st->n == M8_MAX) continue;
        json_t *t = json_pack("{s:O?, s:O?}", "cost-metric", json_object_get(ct, "cost-metric"),
                              "cost-mode", json_object_get(ct, "cost-mode"));
        if (json_object_get(ct, "cost-context"))
            json_object_set(t, "cost-context", json_object_get(ct, "cost-context"));
        st->testable[st->n] = all_testable || in_names(testable, json_string_value(v));
        st->types[st->n++] = t;
    }
    if (!st->n) {
        conf_set(c, CONF_SKIP, "%s lists no cost type defined in meta.cost-types", r->id);
        return 0;
    }
    st->scope = st->ecs ? ecs_scope(c, r) : json_object();
    return st->scope != NULL;
}

void m8_end(m8_res *st) {
    for (int k = 0; k < st->n; k++) {
        json_decref(st->types[k]);
        json_decref(st->single[k]);
    }
    json_decref(st->scope);
}

json_t *m8_flat(const json_t *doc, int ecs) {
    json_t *out = json_object();
    const char *s, *d;
    json_t *row, *v;
    char key[600];
    json_object_foreach(json_object_get(doc, m8_member(ecs)), s, row)
        json_object_foreach(row, d, v) {
            snprintf(key, sizeof key, "%s %s", s, d);
            json_object_set(out, key, v);
        }
    return out;
}

json_t *m8_single(conf_ctx *c, m8_res *st, int k) {
    if (st->single[k]) return st->single[k];
    json_t *req = json_deep_copy(st->scope);
    json_object_set(req, "cost-type", st->types[k]);
    json_t *doc = conf_control(c, conf_post(c, st->r, req));
    if (!doc) return NULL;
    st->single[k] = m8_flat(doc, st->ecs);
    return st->single[k];
}

json_t *m8_types(const m8_res *st, const int *ks, int n) {
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append(a, st->types[ks[i]]);
    return a;
}

json_t *m8_req(const m8_res *st, const int *ks, int n) {
    json_t *req = json_deep_copy(st->scope);
    json_object_set_new(req, "multi-cost-types", m8_types(st, ks, n));
    return req;
}

int m8_same(const json_t *a, const json_t *b) {
    if (json_is_null(a) || json_is_null(b)) return json_is_null(a) && json_is_null(b);
    if (!json_is_number(a) || !json_is_number(b)) return 0;
    double x = json_number_value(a), y = json_number_value(b);
    return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
}

/* 1 when two flattened answers differ in keys or values. */
static int differ(const json_t *a, const json_t *b) {
    if (json_object_size(a) != json_object_size(b)) return 2;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)a, k, v) {
        json_t *w = json_object_get(b, k);
        if (!w) return 2;
        if (!m8_same(v, w)) return 1;
    }
    return 0;
}

int m8_pick(conf_ctx *c, m8_res *st, int *ks, int want, int testable) {
    int n = 0;
    char used[M8_MAX] = {0};
    if (want > st->max) want = st->max;
    /* Pass 2: a different set of defined pairs (gives nulls); 1: other values. */
    for (int pass = 2; pass >= 0 && n < want; pass--)
        for (int k = 0; k < st->n && n < want; k++) {
            if (used[k] || (testable && !st->testable[k])) continue;
            json_t *fk = m8_single(c, st, k);
            if (!fk) return -1;
            int ok = 1;
            for (int i = 0; i < n && ok; i++) ok = differ(fk, st->single[ks[i]]) >= pass;
            if (n == 0 || ok) { ks[n++] = k; used[k] = 1; }
        }
    return n;
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double m8_quantile(const json_t *flat, double q) {
    size_t n = 0, cap = json_object_size(flat) + 1;
    double *v = calloc(cap, sizeof *v), r = NAN;
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)flat, k, x)
        if (json_is_number(x)) v[n++] = json_number_value(x);
    if (n) {
        qsort(v, n, sizeof *v, cmp_dbl);
        r = v[(size_t)(q * (double)(n - 1) + 0.5)];
    }
    free(v);
    return r;
}

void m8_focus_irds(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = d->nirds - 1; k >= 0; k--)
        if (d->irds[k].doc) conf_focus(c, d->irds[k].x);
}

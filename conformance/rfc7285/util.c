/* util.c: helpers shared by the RFC 7285 run functions (see
 * rfc7285.h): finding the network map a resource depends on, cost types
 * by name, and building valid requests from what the server advertised
 * (the engine is driven by the IRD, never by knowledge of one server). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7_each_map(conf_ctx *c, conf_svc svc, r7_map_check fn) {
    const conf_res *r;
    R7_EACH(c, svc, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (body) fn(body, conf_pb(c));
    }
}

/* Runs a validator on every usable IRD; ERROR when the root is unusable. */
void r7_each_ird(conf_ctx *c, r7_ird_check fn) {
    const conf_ird *d = &c->s->ird;
    if (!d->nirds || !d->irds[0].doc) {
        conf_set(c, CONF_ERROR, "the root IRD is unusable (see rfc7285/9.2/ird-get)");
        return;
    }
    for (int k = 0; k < d->nirds; k++) {
        if (!d->irds[k].doc) continue;
        conf_focus(c, d->irds[k].x);
        fn(d->irds[k].doc, conf_pb(c));
    }
}

/* The IRD exchanges a closure-wide rule is judged on. */
void r7_focus_irds(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = d->nirds - 1; k >= 0; k--)
        if (d->irds[k].doc) conf_focus(c, d->irds[k].x);
}

/* ---- constraints ---- */

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int pred(const char *op, double v, double t) {
    if (!strcmp(op, "gt")) return v > t;
    if (!strcmp(op, "lt")) return v < t;
    if (!strcmp(op, "ge")) return v >= t;
    if (!strcmp(op, "le")) return v <= t;
    return v == t;
}

/* Checks `got` (constrained) against `base` (unconstrained) for
 * constraints op1 t1 [AND op2 t2]. */
static void check_constrained(conf_ctx *c, const char *member, const json_t *base, const json_t *got,
                              const char *op1, double t1, const char *op2, double t2) {
    json_t *mb = json_object_get(base, member), *mg = json_object_get(got, member);
    const char *src, *dst;
    json_t *row, *v;
    char path[CONF_PATH_MAX], want[128];
    if (op2) snprintf(want, sizeof want, "only pairs with cost %s %g and %s %g", op1, t1, op2, t2);
    else snprintf(want, sizeof want, "only pairs with cost %s %g", op1, t1);
    json_object_foreach(mg, src, row) json_object_foreach(row, dst, v) {
        if (!json_is_number(v)) continue;
        double x = json_number_value(v);
        conf_ctx_checked(c, 1);
        if (pred(op1, x, t1) && (!op2 || pred(op2, x, t2))) continue;
        conf_path_key(path, "$", member);
        conf_path_key(path, path, src);
        conf_path_key(path, path, dst);
        conf_prob(conf_pb(c), path, want, conf_jshow(v), "pair %s -> %s with cost %g does not meet the constraints", src, dst, x);
    }
    json_object_foreach(mb, src, row) json_object_foreach(row, dst, v) {
        if (!json_is_number(v)) continue;
        double x = json_number_value(v);
        conf_ctx_checked(c, 1);
        if (!pred(op1, x, t1) || (op2 && !pred(op2, x, t2))) continue;
        if (json_object_get(json_object_get(mg, src), dst)) continue;
        conf_path_key(path, "$", member);
        conf_path_key(path, path, src);
        conf_path_key(path, path, dst);
        conf_prob(conf_pb(c), path, "present (meets the constraints)", "missing",
                  "pair %s -> %s (cost %g) meets the constraints but is missing", src, dst, x);
    }
}

/* Sorted cost values of a response (malloc'ed); *n = count. */
static double *cost_values(const json_t *b, const char *member, size_t *n) {
    size_t cap = 64, k = 0;
    double *v = malloc(cap * sizeof *v);
    const char *src, *dst;
    json_t *row, *x;
    json_object_foreach(json_object_get(b, member), src, row) json_object_foreach(row, dst, x) {
        if (!json_is_number(x)) continue;
        if (k == cap) v = realloc(v, (cap *= 2) * sizeof *v);
        v[k++] = json_number_value(x);
    }
    qsort(v, k, sizeof *v, cmp_dbl);
    *n = k;
    return v;
}

void r7_constraint_case(conf_ctx *c, const conf_res *r, json_t *req, const char *member,
                        const char *op1, const char *op2) {
    json_t *base = conf_control(c, conf_post(c, r, json_deep_copy(req)));
    if (!base) { json_decref(req); return; }
    size_t n;
    double *v = cost_values(base, member, &n);
    if (!n) {
        conf_set(c, CONF_SKIP, "the unconstrained response has no costs to constrain");
        free(v);
        json_decref(req);
        return;
    }
    double t1 = v[op2 ? n / 4 : n / 2], t2 = v[op2 ? (3 * n) / 4 : 0];
    char c1[64], c2[64];
    snprintf(c1, sizeof c1, "%s %.17g", op1, t1);
    snprintf(c2, sizeof c2, "%s %.17g", op2 ? op2 : "", t2);
    json_object_set_new(req, "constraints", op2 ? r7_strs(c1, c2, NULL) : r7_strs(c1, NULL));
    json_t *got = conf_ok(c, conf_post(c, r, req));
    if (got) check_constrained(c, member, base, got, op1, t1, op2, t2);
    free(v);
}

/* Endpoints inside the map's PIDs (new array; never empty). */
json_t *r7_sample_endpoints(const json_t *nm) {
    json_t *a = json_array();
    if (nm) {
        conf_netmap_samples(nm, a, R7_MAX_SAMPLES);
        int v6 = 0;
        size_t i;
        json_t *x;
        json_array_foreach(a, i, x) v6 |= !strncmp(json_string_value(x), "ipv6:", 5);
        if (!v6) conf_netmap_sample_v6(nm, a);
    }
    if (json_array_size(a) < 2) {
        json_array_append_new(a, json_string("ipv4:192.0.2.77"));
        json_array_append_new(a, json_string("ipv4:198.51.100.77"));
    }
    return a;
}

/* ---- endpoint property ---------------------------------------------------- */

/* First network map whose "<id>.pid" r offers. */
const conf_res *r7_eprop_netmap(conf_ctx *c, const conf_res *r, char *prop, size_t n) {
    const conf_res *nm;
    R7_EACH(c, CONF_SVC_NETMAP, nm) {
        snprintf(prop, n, "%s.pid", nm->id);
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(r->caps, "prop-types"), i, p)
            if (json_is_string(p) && !strcmp(json_string_value(p), prop)) return nm;
    }
    return NULL;
}

int r7_ep_begin(conf_ctx *c, const conf_res *r, r7_ep *e) {
    e->r = r;
    e->nm = r7_eprop_netmap(c, r, e->prop, sizeof e->prop);
    if (!e->nm) {
        conf_set(c, CONF_UNSUPPORTED, "%s offers no \"<network map>.pid\" property", r->id);
        return 0;
    }
    e->nmbody = conf_control(c, conf_get(c, e->nm));
    if (!e->nmbody) return 0;
    e->eps = r7_sample_endpoints(e->nmbody);
    return 1;
}

json_t *r7_ep_req(const r7_ep *e, json_t *eps) {
    return json_pack("{s[s]sO}", "properties", e->prop, "endpoints", eps);
}

json_t *r7_ep_query(conf_ctx *c, const r7_ep *e, json_t *eps) {
    return conf_ok(c, conf_post(c, e->r, r7_ep_req(e, eps)));
}

/* Up to R7_MAX_SRCS samples of distinct PIDs, then the IPv6 one (new). */
json_t *r7_pick_sources(const json_t *nm, const json_t *eps) {
    json_t *srcs = json_array(), *seen = json_object();
    size_t i;
    json_t *a;
    json_array_foreach(eps, i, a) {
        const char *s = json_string_value(a), *pid = conf_netmap_lookup(nm, s);
        int v6 = !strncmp(s, "ipv6:", 5);
        if (!v6 && json_array_size(srcs) >= R7_MAX_SRCS) continue;
        if (pid && !v6 && json_object_get(seen, pid)) continue;
        if (pid) json_object_set_new(seen, pid, json_true());
        json_array_append(srcs, a);
    }
    json_decref(seen);
    return srcs;
}

void r7_ecs_endpoints(const json_t *nm, json_t **srcs, json_t **dsts) {
    *dsts = r7_sample_endpoints(nm);
    *srcs = r7_pick_sources(nm, *dsts);
}

json_t *r7_netmap(conf_ctx *c, const conf_res *user, const conf_res **nm) {
    const conf_ird *d = &c->s->ird;
    const conf_res *r = user ? conf_ird_uses_netmap(d, user) : NULL;
    if (!r) {
        const char *def = json_string_value(json_object_get(
            json_object_get(d->irds[0].doc, "meta"), "default-alto-network-map"));
        r = def ? conf_ird_find(d, def) : NULL;
        if (r && r->svc != CONF_SVC_NETMAP) r = NULL;
    }
    if (!r) r = conf_ird_nth(d, CONF_SVC_NETMAP, 0);
    if (nm) *nm = r;
    if (!r) {
        conf_set(c, CONF_SKIP, "no GET network map in the IRD to compare against");
        return NULL;
    }
    /* The network map is the reference here, not the subject: its own
     * cases judge it, and this case cannot judge without it. */
    return conf_control(c, conf_get(c, r));
}

json_t *r7_pids(const json_t *netmap) {
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(netmap, "network-map"), k, v)
        json_array_append_new(a, json_string(k));
    return a;
}

size_t r7_ncost_types(const conf_res *r) {
    return json_array_size(json_object_get(r->caps, "cost-type-names"));
}

json_t *r7_cost_type(conf_ctx *c, const conf_res *r, size_t i) {
    const char *name = json_string_value(json_array_get(json_object_get(r->caps, "cost-type-names"), i));
    json_t *ct = name ? conf_ird_cost_type(c->s, r, name) : NULL;
    json_t *m = json_object_get(ct, "cost-metric"), *mo = json_object_get(ct, "cost-mode");
    if (!json_is_string(m) || !json_is_string(mo)) return NULL;
    return json_pack("{sOsO}", "cost-metric", m, "cost-mode", mo);
}

json_t *r7_cost_type_numerical(conf_ctx *c, const conf_res *r) {
    json_t *first = NULL;
    for (size_t i = 0; i < r7_ncost_types(r); i++) {
        json_t *ct = r7_cost_type(c, r, i);
        if (!ct) continue;
        if (!strcmp(json_string_value(json_object_get(ct, "cost-mode")), "numerical")) {
            json_decref(first);
            return ct;
        }
        if (!first) first = ct;
        else json_decref(ct);
    }
    return first;
}

int r7_vtag_equal(const json_t *a, const json_t *b) {
    const char *ra = json_string_value(json_object_get(a, "resource-id"));
    const char *rb = json_string_value(json_object_get(b, "resource-id"));
    const char *ta = json_string_value(json_object_get(a, "tag"));
    const char *tb = json_string_value(json_object_get(b, "tag"));
    return ra && rb && ta && tb && !strcmp(ra, rb) && !strcmp(ta, tb);
}

int r7_same_cost_type(const json_t *a, const json_t *b) {
    const char *ma = json_string_value(json_object_get(a, "cost-metric"));
    const char *mb = json_string_value(json_object_get(b, "cost-metric"));
    const char *oa = json_string_value(json_object_get(a, "cost-mode"));
    const char *ob = json_string_value(json_object_get(b, "cost-mode"));
    return ma && mb && oa && ob && !strcmp(ma, mb) && !strcmp(oa, ob);
}

json_t *r7_fcost_req(json_t *ct, json_t *s, json_t *d) {
    json_t *o = json_object();
    json_object_set_new(o, "cost-type", ct);
    if (s) json_object_set_new(o, "pids", json_pack("{soso}", "srcs", s, "dsts", d));
    return o;
}

json_t *r7_strs(const char *a, ...) {
    json_t *arr = json_array();
    va_list ap;
    va_start(ap, a);
    for (const char *s = a; s; s = va_arg(ap, const char *))
        json_array_append_new(arr, json_string(s));
    va_end(ap);
    return arr;
}

json_t *r7_valid_request(conf_ctx *c, const conf_res *r) {
    switch (r->svc) {
    case CONF_SVC_FNETMAP:
        return json_pack("{s[]}", "pids");
    case CONF_SVC_FCOSTMAP: {
        json_t *ct = r7_cost_type(c, r, 0);
        return ct ? r7_fcost_req(ct, NULL, NULL) : NULL;
    }
    case CONF_SVC_EPROP: {
        json_t *prop = json_array_get(json_object_get(r->caps, "prop-types"), 0);
        if (!json_is_string(prop)) return NULL;
        return json_pack("{s[O]s[s]}", "properties", prop, "endpoints", "ipv4:192.0.2.1");
    }
    case CONF_SVC_ECS: {
        json_t *ct = r7_cost_type(c, r, 0);
        if (!ct) return NULL;
        return json_pack("{sos{s[s]s[ss]}}", "cost-type", ct, "endpoints",
                         "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2", "ipv4:198.51.100.1");
    }
    default:
        return NULL;
    }
}

void r7_keys_equal(conf_ctx *c, const json_t *got, const json_t *want, const char *path,
                   const char *what) {
    char p[CONF_PATH_MAX];
    const char *k;
    json_t *v;
    conf_ctx_checked(c, (int)(json_object_size(got) + json_array_size(want)));
    json_object_foreach((json_t *)got, k, v) {
        int found = 0;
        size_t i;
        json_t *w;
        json_array_foreach(want, i, w)
            if (!strcmp(json_string_value(w), k)) found = 1;
        if (found) continue;
        conf_path_key(p, path, k);
        conf_prob(conf_pb(c), p, "absent (not requested)", k, "%s %s was not requested but is in the response", what, k);
    }
    size_t i;
    json_t *w;
    json_array_foreach(want, i, w) {
        if (json_object_get(got, json_string_value(w))) continue;
        conf_path_key(p, path, json_string_value(w));
        conf_prob(conf_pb(c), p, "present (requested)", "missing", "%s %s was requested but is missing from the response",
                  what, json_string_value(w));
    }
}

/* One entry of a two-level map (src -> dst -> value), or a whole row when
 * the rows are not objects. */
static int entry_equal(const json_t *a, const json_t *b) {
    return conf_json_set_equal(a, b) || (!a && !b);
}

void r7_same_entries(conf_ctx *c, const json_t *got, const json_t *ctl, const char *member,
                     const char *what) {
    json_t *mc = json_object_get(ctl, member), *mg = json_object_get(got, member);
    char path[CONF_PATH_MAX], w[300];
    conf_path_key(path, "$", member);
    if (!json_is_object(mc)) {
        conf_set(c, CONF_ERROR, "cannot judge: the control answer has no \"%s\" object to compare with", member);
        return;
    }
    if (!json_is_object(mg)) {
        conf_prob(conf_pb(c), path, "an object", alto_json_type(mg), "%s: the answer has no \"%s\" object", what, member);
        return;
    }
    if (!json_object_size(mc) && !json_object_size(mg)) {
        conf_empty(c, "both answers have an empty \"%s\": nothing to compare", member);
        return;
    }
    const char *s, *d;
    json_t *row, *v;
    json_object_foreach(mg, s, row) {
        json_t *crow = json_object_get(mc, s);
        int two = json_is_object(row) && json_is_object(crow);
        conf_path_key(path, "$", member);
        conf_path_key(path, path, s);
        if (!crow || !two) {
            conf_ctx_checked(c, 1);
            if (entry_equal(row, crow)) continue;
            snprintf(w, sizeof w, "%s", crow ? conf_jshow(crow) : "absent");
            conf_prob(conf_pb(c), path, w, conf_jshow(row), "%s: %s %s", what, s, crow ? "differs" : "is extra");
            return;
        }
        json_object_foreach(row, d, v) {
            json_t *x = json_object_get(crow, d);
            conf_ctx_checked(c, 1);
            if (x && entry_equal(v, x)) continue;
            char p2[CONF_PATH_MAX];
            conf_path_key(p2, path, d);
            snprintf(w, sizeof w, "%s", x ? conf_jshow(x) : "absent");
            conf_prob(conf_pb(c), p2, w, conf_jshow(v), "%s: %s -> %s %s (%s without it)", what, s, d,
                      x ? "differs" : "is extra", w);
            return;
        }
    }
    json_object_foreach(mc, s, row) {
        json_t *grow = json_object_get(mg, s);
        conf_path_key(path, "$", member);
        conf_path_key(path, path, s);
        if (!grow) {
            conf_prob(conf_pb(c), path, conf_jshow(row), "absent", "%s: %s is missing", what, s);
            return;
        }
        if (!json_is_object(row) || !json_is_object(grow)) continue;
        json_object_foreach(row, d, v) {
            if (json_object_get(grow, d)) continue;
            char p2[CONF_PATH_MAX];
            conf_path_key(p2, path, d);
            conf_prob(conf_pb(c), p2, conf_jshow(v), "absent", "%s: %s -> %s is missing", what, s, d);
            return;
        }
    }
}

json_t *r7_cost_types(conf_ctx *c, const conf_res *r) {
    json_t *out = json_array();
    json_t *names = json_object_get(r->caps, "cost-type-names");
    if (json_is_array(names)) {
        for (size_t i = 0; i < json_array_size(names); i++) {
            json_t *ct = r7_cost_type(c, r, i);
            if (ct) json_array_append_new(out, ct);
        }
        return out;
    }
    /* No cost-type-names: rfc7285/11.3.2.4/capabilities fails that, and the
     * other cases still test the service with every cost type of its IRD
     * (but the path vector type, which only multipart resources take). */
    const char *name;
    json_t *ct;
    json_t *doc = c->s->ird.irds[r->ird].doc;
    json_object_foreach(json_object_get(json_object_get(doc, "meta"), "cost-types"), name, ct) {
        json_t *m = json_object_get(ct, "cost-metric"), *mo = json_object_get(ct, "cost-mode");
        if (!json_is_string(m) || !json_is_string(mo) || !strcmp(json_string_value(m), "ane-path")) continue;
        json_array_append_new(out, json_pack("{sOsO}", "cost-metric", m, "cost-mode", mo));
    }
    return out;
}

json_t *r7_cost_type_pick(const json_t *cts, const char *mode) {
    size_t i;
    json_t *ct;
    json_array_foreach(cts, i, ct)
        if (!strcmp(json_string_value(json_object_get(ct, "cost-mode")), mode)) return json_incref(ct);
    return json_incref(json_array_get(cts, 0));
}

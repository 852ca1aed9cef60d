/* util.c: what the RFC 9439 run functions share (see rfc9439.h): the cost
 * types of every IRD, the resources that answer each one, and its values
 * there.  Requests name only what the IRD advertises: a full cost map is
 * fetched, a filtered cost map asked for the whole map of the type, an
 * endpoint cost service for the host endpoints of the default network map
 * (a PID holding one /32 or /128, so the endpoint-to-endpoint value and
 * the PID-to-PID one describe the same pair) or, when there are none, 8
 * sampled addresses.  Limits: P9_MAX_RES resources per cost type, 64 cost
 * types per IRD, 16 host endpoints. */
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"
#include "alto_addr.h"

#define P9_MAX_TYPES 64
#define P9_MAX_HOSTS 16

static void fill(p9_type *t, int ird, const char *name, json_t *ct) {
    memset(t, 0, sizeof *t);
    t->ird = ird;
    t->name = name;
    t->ct = ct;
    t->metric = json_string_value(json_object_get(ct, "cost-metric"));
    t->mode = json_string_value(json_object_get(ct, "cost-mode"));
    if (t->metric) conf_pm_split(t->metric, t->base, sizeof t->base, &t->op);
    t->source = conf_pm_source_of(ct);
}

int p9_each_type(conf_ctx *c, p9_type_fn fn) {
    const conf_ird *d = &c->s->ird;
    int seen = 0;
    for (int k = 0; k < d->nirds; k++) {
        const char *name;
        json_t *ct;
        if (!d->irds[k].doc) continue;
        conf_focus(c, d->irds[k].x);
        json_object_foreach(json_object_get(json_object_get(d->irds[k].doc, "meta"), "cost-types"), name, ct) {
            p9_type t;
            fill(&t, k, name, ct);
            seen++;
            fn(c, &t);
        }
    }
    if (!seen) conf_empty(c, "the IRD defines no cost types");
    return seen;
}

static int types_of(conf_ctx *c, int k, p9_type *out, int max) {
    const char *name;
    json_t *ct;
    int n = 0;
    json_object_foreach(json_object_get(json_object_get(c->s->ird.irds[k].doc, "meta"), "cost-types"), name, ct) {
        if (n == max) break;
        fill(&out[n], k, name, ct);
        if (out[n].metric && out[n].mode && !strcmp(out[n].mode, "numerical")) n++;
    }
    return n;
}

int p9_lists(const conf_res *r, const char *name) {
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(r->caps, "cost-type-names"), i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), name)) return 1;
    return 0;
}

static int answers_costs(const conf_res *r) {
    return r->uri && (r->svc == CONF_SVC_COSTMAP || r->svc == CONF_SVC_FCOSTMAP || r->svc == CONF_SVC_ECS);
}

int p9_resources(conf_ctx *c, const p9_type *t, const conf_res **out, int max) {
    const conf_ird *d = &c->s->ird;
    int n = 0;
    for (int i = 0; i < d->nres && n < max; i++)
        if (d->res[i].ird == t->ird && answers_costs(&d->res[i]) && p9_lists(&d->res[i], t->name))
            out[n++] = &d->res[i];
    return n;
}

static const conf_res *default_netmap(conf_ctx *c, const conf_res *r) {
    json_t *doc = c->s->ird.irds[r->ird].doc;
    const char *id = json_string_value(json_object_get(json_object_get(doc, "meta"),
                                                       "default-alto-network-map"));
    const conf_res *nm = id ? conf_ird_find(&c->s->ird, id) : NULL;
    return nm && nm->uri ? nm : NULL;
}

json_t *p9_host_pids(conf_ctx *c, const conf_res *r) {
    const conf_res *nm = default_netmap(c, r);
    if (!nm) { conf_set(c, CONF_SKIP, "no default network map to take endpoints from"); return NULL; }
    json_t *map = conf_control(c, conf_get(c, nm));
    if (!map) return NULL;
    json_t *out = json_object();
    const char *pid;
    json_t *g;
    json_object_foreach(json_object_get(map, "network-map"), pid, g) {
        json_t *v4 = json_object_get(g, "ipv4"), *v6 = json_object_get(g, "ipv6");
        size_t n4 = json_array_size(v4), n6 = json_array_size(v6);
        int fam = n4 == 1 && !n6 ? 4 : n6 == 1 && !n4 ? 6 : 0;
        alto_prefix pf;
        char buf[80];
        json_t *x = json_array_get(fam == 4 ? v4 : v6, 0);
        if (!fam || json_object_size(out) >= P9_MAX_HOSTS || !json_is_string(x) ||
            alto_prefix_parse(json_string_value(x), fam, 0, &pf) < 0 || pf.len != (fam == 4 ? 32 : 128))
            continue;
        json_object_set_new(out, alto_addr_fmt_typed(&pf.addr, buf, sizeof buf), json_string(pid));
    }
    if (!json_object_size(out)) {      /* no host PID: sampled addresses, no PID known */
        json_t *eps = json_array();
        size_t i;
        json_t *e;
        conf_netmap_samples(map, eps, 8);
        json_array_foreach(eps, i, e) json_object_set_new(out, json_string_value(e), json_null());
        json_decref(eps);
    }
    return out;
}

static json_t *request(conf_ctx *c, const conf_res *r, const p9_type *t) {
    json_t *req = json_pack("{s:{s:s, s:s}}", "cost-type", "cost-metric", t->metric, "cost-mode", t->mode);
    if (r->svc != CONF_SVC_ECS) return req;
    json_t *hosts = p9_host_pids(c, r);
    if (!hosts) { json_decref(req); return NULL; }
    json_t *eps = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(hosts, k, v) json_array_append_new(eps, json_string(k));
    json_decref(hosts);
    json_object_set_new(req, "endpoints", json_pack("{s:O, s:o}", "srcs", eps, "dsts", eps));
    return req;
}

conf_xchg *p9_exchange(conf_ctx *c, const conf_res *r, const p9_type *t) {
    if (r->svc == CONF_SVC_COSTMAP) return conf_get(c, r);
    json_t *req = request(c, r, t);
    return req ? conf_post(c, r, req) : NULL;
}

json_t *p9_values(conf_ctx *c, const conf_res *r, const p9_type *t) {
    conf_xchg *x = p9_exchange(c, r, t);
    if (!x) return NULL;
    conf_focus(c, x);
    json_t *doc = conf_ok(c, x);
    if (!doc) return NULL;
    json_t *out = json_object();
    const char *s, *d;
    json_t *row, *v;
    char key[600];
    json_object_foreach(json_object_get(doc, r->svc == CONF_SVC_ECS ? "endpoint-cost-map" : "cost-map"), s, row)
        json_object_foreach(row, d, v) {
            snprintf(key, sizeof key, "%s %s", s, d);
            json_object_set(out, key, v);
        }
    return out;
}

void p9_each_values(conf_ctx *c, const char *base, p9_vals_fn fn) {
    const conf_ird *d = &c->s->ird;
    int any = 0;
    for (int k = 0; k < d->nirds; k++) {
        p9_type ts[P9_MAX_TYPES];
        int n = d->irds[k].doc ? types_of(c, k, ts, P9_MAX_TYPES) : 0;
        for (int i = 0; i < n; i++) {
            const conf_res *rs[P9_MAX_RES];
            if (strcmp(ts[i].base, base)) continue;
            int nr = p9_resources(c, &ts[i], rs, P9_MAX_RES);
            for (int j = 0; j < nr; j++) {
                json_t *v = p9_values(c, rs[j], &ts[i]);
                any = 1;
                if (v) fn(c, &ts[i], v);
                json_decref(v);
            }
        }
    }
    if (!any) conf_set(c, CONF_UNSUPPORTED, "no resource offers a numerical %s cost type", base);
}

static void judge_pair(conf_ctx *c, const conf_res *ra, const conf_res *rb, const p9_type *a,
                       const p9_type *b, p9_pair_fn fn) {
    json_t *va = p9_values(c, ra, a), *vb = va ? p9_values(c, rb, b) : NULL;
    if (va && vb) fn(c, a, va, b, vb);
    json_decref(va);
    json_decref(vb);
}

/* The first full cost map of IRD k listing name. */
static const conf_res *full_map(const conf_ird *d, int k, const char *name) {
    for (int i = 0; i < d->nres; i++)
        if (d->res[i].ird == k && d->res[i].svc == CONF_SVC_COSTMAP && d->res[i].uri && p9_lists(&d->res[i], name))
            return &d->res[i];
    return NULL;
}

void p9_each_pair(conf_ctx *c, p9_want_fn want, p9_pair_fn fn, const char *why) {
    const conf_ird *d = &c->s->ird;
    int any = 0;
    for (int k = 0; k < d->nirds; k++) {
        p9_type ts[P9_MAX_TYPES];
        int n = d->irds[k].doc ? types_of(c, k, ts, P9_MAX_TYPES) : 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                if (i == j || !want(&ts[i], &ts[j])) continue;
                const conf_res *fa = full_map(d, k, ts[i].name), *fb = full_map(d, k, ts[j].name);
                if (fa && fb) { any = 1; judge_pair(c, fa, fb, &ts[i], &ts[j], fn); }
                for (int q = 0, used = 0; q < d->nres && used < P9_MAX_RES; q++) {
                    const conf_res *r = &d->res[q];
                    if (r->ird != k || !r->uri || (r->svc != CONF_SVC_FCOSTMAP && r->svc != CONF_SVC_ECS) ||
                        !p9_lists(r, ts[i].name) || !p9_lists(r, ts[j].name))
                        continue;
                    any = 1;
                    used++;
                    judge_pair(c, r, r, &ts[i], &ts[j], fn);
                }
            }
    }
    if (!any) conf_set(c, CONF_UNSUPPORTED, "%s", why);
}

static void value_rule(conf_ctx *c, const p9_type *t, const json_t *vals) {
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)vals, k, v) {
        int soft;
        const char *why = conf_pm_value_problem(t->base, v, &soft);
        char path[700];
        conf_checked(conf_pb(c), 1);
        if (!why) continue;
        snprintf(path, sizeof path, "%s [%s]", t->name, k);
        if (soft) conf_prob_soft(conf_pb(c), path, why, conf_jshow(v), "%s %s: %s", t->metric, conf_jshow(v), why);
        else conf_prob(conf_pb(c), path, why, conf_jshow(v), "%s %s: %s", t->metric, conf_jshow(v), why);
    }
}

void p9_value_case(conf_ctx *c, const char *base) { p9_each_values(c, base, value_rule); }

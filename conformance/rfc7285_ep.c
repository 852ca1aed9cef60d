/* rfc7285_ep.c: run functions about the endpoint property (11.4.1) and
 * endpoint cost (11.5.1) services, the error model (8.5) and unknown
 * request members (8.3.7).
 *
 * Endpoints are chosen inside the PIDs of the network map (one host per
 * PID), so the expected PID of each is the longest-prefix match computed
 * here from the same map the server published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

#define MAX_SAMPLES 8

/* Endpoints inside the map's PIDs (new array; never empty). */
static json_t *sample_endpoints(conf_ctx *c, const json_t *nm) {
    json_t *a = json_array();
    if (nm) conf_netmap_samples(nm, a, MAX_SAMPLES);
    (void)c;
    if (json_array_size(a) < 2) {
        json_array_append_new(a, json_string("ipv4:192.0.2.77"));
        json_array_append_new(a, json_string("ipv4:198.51.100.77"));
    }
    return a;
}

/* ---- endpoint property ---------------------------------------------------- */

/* First network map whose "<id>.pid" r offers. */
static const conf_res *eprop_netmap(conf_ctx *c, const conf_res *r, char *prop, size_t n) {
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

typedef struct ep {
    const conf_res *r, *nm;
    json_t *nmbody;     /* borrowed */
    json_t *eps;        /* owned */
    char prop[160];
} ep;

static int ep_begin(conf_ctx *c, const conf_res *r, ep *e) {
    e->r = r;
    e->nm = eprop_netmap(c, r, e->prop, sizeof e->prop);
    if (!e->nm) {
        conf_set(c, CONF_UNSUPPORTED, "%s offers no \"<network map>.pid\" property", r->id);
        return 0;
    }
    e->nmbody = conf_ok(c, conf_get(c, e->nm));
    if (!e->nmbody) return 0;
    e->eps = sample_endpoints(c, e->nmbody);
    return 1;
}

#define EP_EACH(c, e) \
    const conf_res *r_; ep e; \
    R7_EACH(c, CONF_SVC_EPROP, r_) \
        for (int once_ = ep_begin(c, r_, &e); once_; once_ = 0, json_decref(e.eps))

static json_t *ep_query(conf_ctx *c, const ep *e, json_t *eps) {
    return conf_ok(c, conf_post(c, e->r, json_pack("{s[s]sO}", "properties", e->prop, "endpoints", eps)));
}

void r7_eprop_media(conf_ctx *c) {
    EP_EACH(c, e) {
        conf_xchg *x = conf_post(c, e.r, json_pack("{s[s]sO}", "properties", e.prop, "endpoints", e.eps));
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_EPROP);
    }
}

void r7_eprop_pid_lpm(conf_ctx *c) {
    EP_EACH(c, e) {
        json_t *b = ep_query(c, &e, e.eps);
        if (!b) continue;
        size_t i;
        json_t *a;
        char path[CONF_PATH_MAX];
        json_array_foreach(e.eps, i, a) {
            const char *addr = json_string_value(a);
            const char *want = conf_netmap_lookup(e.nmbody, addr);
            json_t *got = json_object_get(json_object_get(json_object_get(b, "endpoint-properties"), addr), e.prop);
            conf_path_key(path, "$.endpoint-properties", addr);
            conf_path_key(path, path, e.prop);
            if (!want) continue;    /* not in any PID: the map's completeness problem */
            if (json_is_string(got) && !strcmp(json_string_value(got), want)) continue;
            conf_prob(conf_pb(c), path, want, conf_jshow(got),
                      "pid of %s is %s, longest-prefix match on %s gives %s", addr, conf_jshow(got), e.nm->id, want);
        }
    }
}

void r7_eprop_dvtags(conf_ctx *c) {
    EP_EACH(c, e) {
        json_t *b = ep_query(c, &e, e.eps);
        if (!b || conf_v_dvtags(b, 0, conf_pb(c))) continue;
        json_t *want = json_object_get(json_object_get(e.nmbody, "meta"), "vtag");
        int found = 0;
        size_t i;
        json_t *vt;
        json_array_foreach(json_object_get(json_object_get(b, "meta"), "dependent-vtags"), i, vt)
            if (r7_vtag_equal(vt, want)) found = 1;
        if (!found) {
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(want));
            conf_prob(conf_pb(c), "$.meta.dependent-vtags", w,
                      conf_jshow(json_object_get(json_object_get(b, "meta"), "dependent-vtags")),
                      "dependent-vtags lacks the vtag of %s, whose pid was queried", e.nm->id);
        }
    }
}

void r7_eprop_endpoints(conf_ctx *c) {
    EP_EACH(c, e) {
        json_t *b = ep_query(c, &e, e.eps);
        if (!b || conf_v_eprop_shape(b, conf_pb(c))) continue;
        r7_keys_equal(c, json_object_get(b, "endpoint-properties"), e.eps, "$.endpoint-properties", "endpoint");
    }
}

void r7_eprop_dups(conf_ctx *c) {
    EP_EACH(c, e) {
        json_t *plain = ep_query(c, &e, e.eps);
        json_t *dup = json_array();
        json_array_extend(dup, e.eps);
        json_array_extend(dup, e.eps);
        json_t *b = conf_ok(c, conf_post(c, e.r, json_pack("{s[ss]so}", "properties", e.prop, e.prop, "endpoints", dup)));
        json_t *gp = json_object_get(plain, "endpoint-properties"), *gd = json_object_get(b, "endpoint-properties");
        if (plain && b && !conf_json_set_equal(gp, gd)) {
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(gp));
            conf_prob(conf_pb(c), "$.endpoint-properties", w, conf_jshow(gd),
                      "duplicated properties and endpoints changed the answer");
        }
    }
}

/* ---- endpoint cost -------------------------------------------------------- */

typedef struct ecs {
    const conf_res *r;
    json_t *srcs, *dsts;    /* owned */
} ecs;

static int ecs_begin(conf_ctx *c, const conf_res *r, ecs *e) {
    e->r = r;
    json_t *nm = r7_netmap(c, NULL, NULL);
    if (!nm && c->has_forced && c->forced == CONF_ERROR) return 0;
    json_t *all = sample_endpoints(c, nm);
    e->srcs = json_array();
    json_array_append(e->srcs, json_array_get(all, 0));
    e->dsts = all;
    if (!r7_ncost_types(r)) {
        conf_set(c, CONF_ERROR, "%s advertises no cost-type-names", r->id);
        json_decref(e->srcs);
        json_decref(e->dsts);
        return 0;
    }
    return 1;
}

static void ecs_end(ecs *e) {
    json_decref(e->srcs);
    json_decref(e->dsts);
}

#define ECS_EACH(c, e) \
    const conf_res *r_; ecs e; \
    R7_EACH(c, CONF_SVC_ECS, r_) \
        for (int once_ = ecs_begin(c, r_, &e); once_; once_ = 0, ecs_end(&e))

static json_t *ecs_req(json_t *ct, json_t *srcs, json_t *dsts) {
    return json_pack("{sos{sOsO}}", "cost-type", ct, "endpoints", "srcs", srcs, "dsts", dsts);
}

void r7_ecs_media(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *ct = r7_cost_type(c, e.r, 0);
        if (!ct) continue;
        conf_xchg *x = conf_post(c, e.r, ecs_req(ct, e.srcs, e.dsts));
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_ECS);
    }
}

/* Cost type echoed (cost_type) or mode honoured (mode). */
static void ecs_each_type(conf_ctx *c, int mode) {
    ECS_EACH(c, e) {
        for (size_t i = 0; i < r7_ncost_types(e.r); i++) {
            json_t *ct = r7_cost_type(c, e.r, i);
            if (!ct) continue;
            json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(json_incref(ct), e.srcs, e.dsts)));
            json_t *got = json_object_get(json_object_get(b, "meta"), "cost-type");
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(ct));
            if (b && !mode && !conf_v_meta_cost_type(b, conf_pb(c)) && !r7_same_cost_type(ct, got))
                conf_prob(conf_pb(c), "$.meta.cost-type", w, conf_jshow(got),
                          "asked for cost type %s, meta.cost-type says %s", w, conf_jshow(got));
            if (b && mode) {
                const char *want = json_string_value(json_object_get(ct, "cost-mode"));
                const char *gm = json_string_value(json_object_get(got, "cost-mode"));
                if (gm && strcmp(gm, want))
                    conf_prob(conf_pb(c), "$.meta.cost-type.cost-mode", want, gm,
                              "asked for cost mode %s, got %s", want, gm);
                conf_v_cost_numbers(b, "endpoint-cost-map", conf_pb(c));
                if (!strcmp(want, "ordinal")) conf_v_cost_ordinal_values(b, "endpoint-cost-map", conf_pb(c));
            }
            json_decref(ct);
        }
    }
}
void r7_ecs_cost_type(conf_ctx *c) { ecs_each_type(c, 0); }
void r7_ecs_mode(conf_ctx *c) { ecs_each_type(c, 1); }

void r7_ecs_typed(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *ct = r7_cost_type(c, e.r, 0);
        json_t *b = ct ? conf_ok(c, conf_post(c, e.r, ecs_req(ct, e.srcs, e.dsts))) : NULL;
        if (b) conf_v_ecs_shape(b, conf_pb(c));
    }
}

static int in_array(const json_t *a, const char *s) {
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
        if (!strcmp(json_string_value(x), s)) return 1;
    return 0;
}

void r7_ecs_only(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *ct = r7_cost_type(c, e.r, 0);
        json_t *b = ct ? conf_ok(c, conf_post(c, e.r, ecs_req(ct, e.srcs, e.dsts))) : NULL;
        const char *src, *dst;
        json_t *row, *v;
        char path[CONF_PATH_MAX];
        json_object_foreach(json_object_get(b, "endpoint-cost-map"), src, row) {
            conf_path_key(path, "$.endpoint-cost-map", src);
            if (!in_array(e.srcs, src)) {
                conf_prob(conf_pb(c), path, "absent (not a requested source)", src, "source %s was not requested", src);
                continue;
            }
            json_object_foreach(row, dst, v) {
                if (in_array(e.dsts, dst)) continue;
                char p2[CONF_PATH_MAX];
                conf_path_key(p2, path, dst);
                conf_prob(conf_pb(c), p2, "absent (not a requested destination)", dst,
                          "destination %s was not requested", dst);
            }
        }
    }
}

void r7_ecs_dups(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *ct = r7_cost_type(c, e.r, 0);
        if (!ct) continue;
        json_t *plain = conf_ok(c, conf_post(c, e.r, ecs_req(json_incref(ct), e.srcs, e.dsts)));
        json_t *ds = json_array(), *dd = json_array();
        json_array_extend(ds, e.srcs); json_array_extend(ds, e.srcs);
        json_array_extend(dd, e.dsts); json_array_extend(dd, e.dsts);
        json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(ct, ds, dd)));
        json_decref(ds);
        json_decref(dd);
        json_t *gp = json_object_get(plain, "endpoint-cost-map"), *gd = json_object_get(b, "endpoint-cost-map");
        if (plain && b && !conf_json_set_equal(gp, gd))
            conf_prob(conf_pb(c), "$.endpoint-cost-map", "the answer without duplicates", conf_jshow(gd),
                      "duplicated endpoints changed the answer");
    }
}

void r7_ecs_constraints(conf_ctx *c) {
    ECS_EACH(c, e) {
        if (!json_is_true(json_object_get(e.r->caps, "cost-constraints"))) continue;
        json_t *ct = r7_cost_type_numerical(c, e.r);
        if (ct) r7_constraint_case(c, e.r, ecs_req(ct, e.srcs, e.dsts), "endpoint-cost-map", "le", NULL);
    }
}

/* ---- unknown members (8.3.7) ------------------------------------------------ */

static const char *data_member(conf_svc svc) {
    switch (svc) {
    case CONF_SVC_FNETMAP: return "network-map";
    case CONF_SVC_FCOSTMAP: return "cost-map";
    case CONF_SVC_EPROP: return "endpoint-properties";
    case CONF_SVC_ECS: return "endpoint-cost-map";
    default: return "";
    }
}

void r7_unknown_fields(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        json_t *req = r->uri ? r7_valid_request(c, r) : NULL;
        if (!req) continue;
        json_t *ext = json_deep_copy(req);
        json_object_set_new(ext, "altospec-unknown-member", json_pack("{s[i]}", "x", 1));
        json_t *plain = conf_ok(c, conf_post(c, r, req));
        json_t *b = conf_ok(c, conf_post(c, r, ext));
        const char *m = data_member(r->svc);
        if (plain && b && !conf_json_set_equal(json_object_get(plain, m), json_object_get(b, m)))
            conf_prob(conf_pb(c), m, "the same answer as without the unknown member",
                      conf_jshow(json_object_get(b, m)), "%s: an unknown request member changed the answer", r->id);
    }
}

/* ---- errors (8.5) ---------------------------------------------------------- */

enum { ERR_SYNTAX, ERR_MISSING, ERR_TYPE, ERR_VALUE, ERR_N };
static const char *const err_codes[ERR_N] = {
    "E_SYNTAX", "E_MISSING_FIELD", "E_INVALID_FIELD_TYPE", "E_INVALID_FIELD_VALUE",
};

/* A request body provoking error `kind` on r (malloc'ed text), or NULL. */
static char *err_body(conf_ctx *c, const conf_res *r, int kind) {
    json_t *b = NULL;
    json_t *ct = r7_cost_type(c, r, 0);
    json_t *bad_ct = json_pack("{ssss}", "cost-metric", "routingcost", "cost-mode", "altospec-foo");
    json_t *prop = json_array_get(json_object_get(r->caps, "prop-types"), 0);
    if (kind == ERR_SYNTAX) {
        json_decref(ct);
        json_decref(bad_ct);
        return strdup("{\"altospec\": [1, 2");
    }
    switch (r->svc) {
    case CONF_SVC_FNETMAP:
        b = kind == ERR_MISSING ? json_pack("{s[s]}", "address-types", "ipv4")
          : kind == ERR_TYPE ? json_pack("{ss}", "pids", "PID1")
          : json_pack("{s[i]}", "pids", 1);
        break;
    case CONF_SVC_FCOSTMAP:
        b = kind == ERR_MISSING ? json_pack("{s{s[]s[]}}", "pids", "srcs", "dsts")
          : kind == ERR_TYPE ? json_pack("{ss}", "cost-type", "routingcost")
          : json_pack("{sO}", "cost-type", bad_ct);
        break;
    case CONF_SVC_EPROP:
        b = kind == ERR_MISSING ? json_pack("{s[s]}", "endpoints", "ipv4:192.0.2.1")
          : kind == ERR_TYPE ? json_pack("{sOs[s]}", "properties", prop ? prop : json_null(), "endpoints", "ipv4:192.0.2.1")
          : json_pack("{s[s]s[s]}", "properties", "altospec-unknown-prop", "endpoints", "ipv4:192.0.2.1");
        break;
    case CONF_SVC_ECS:
        b = kind == ERR_MISSING ? json_pack("{s{s[s]s[s]}}", "endpoints", "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2")
          : kind == ERR_TYPE ? json_pack("{sss{s[s]s[s]}}", "cost-type", "routingcost", "endpoints",
                                        "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2")
          : json_pack("{sOs{s[s]s[s]}}", "cost-type", bad_ct, "endpoints",
                      "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2");
        break;
    default:
        break;
    }
    json_decref(ct);
    json_decref(bad_ct);
    if (!b) return NULL;
    char *s = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(b);
    return s;
}

typedef void (*err_fn)(conf_ctx *c, conf_xchg *x, int kind);

/* Sends error requests of the given kinds (mask) to every POST service. */
static void each_error(conf_ctx *c, unsigned kinds, err_fn fn) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        /* RFC 7285 POST services only (RFC 9275 has its own error cases). */
        if (!r->uri || r->svc < CONF_SVC_FNETMAP || r->svc > CONF_SVC_ECS) continue;
        for (int k = 0; k < ERR_N; k++) {
            if (!(kinds & (1u << k))) continue;
            char *body = err_body(c, r, k);
            if (!body) continue;
            conf_xchg *x = conf_post_text(c, r, body);
            free(body);
            conf_focus(c, x);
            if (x->rc != 0) { conf_set(c, CONF_ERROR, "POST %s: %s", x->url, x->resp.error); continue; }
            fn(c, x, k);
        }
    }
}

static void code_check(conf_ctx *c, conf_xchg *x, int kind) {
    const char *want = err_codes[kind];
    char act[64];
    if (x->resp.status >= 200 && x->resp.status < 300) {
        snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
        conf_prob(conf_pb(c), "status", "an error response", act,
                  "a request that should fail with %s was accepted (HTTP %ld)", want, x->resp.status);
        return;
    }
    const char *code = json_string_value(json_object_get(json_object_get(x->json, "meta"), "code"));
    if (!code)
        conf_prob(conf_pb(c), "$.meta.code", want, x->json ? "missing" : "no JSON error body",
                  "HTTP %ld error without an ALTO error code (expected %s)", x->resp.status, want);
    else if (strcmp(code, want))
        conf_prob(conf_pb(c), "$.meta.code", want, code, "expected error code %s, got %s", want, code);
}

void r7_err_syntax(conf_ctx *c) { each_error(c, 1u << ERR_SYNTAX, code_check); }
void r7_err_missing(conf_ctx *c) { each_error(c, 1u << ERR_MISSING, code_check); }
void r7_err_type(conf_ctx *c) { each_error(c, 1u << ERR_TYPE, code_check); }
void r7_err_value(conf_ctx *c) { each_error(c, 1u << ERR_VALUE, code_check); }

static void status_check(conf_ctx *c, conf_xchg *x, int kind) {
    (void)kind;
    if (x->resp.status >= 400 && x->resp.status < 500) return;
    char act[32];
    snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
    conf_prob(conf_pb(c), "status", "HTTP 4xx (client error)", act,
              "an invalid request (%s) was answered with HTTP %ld", err_codes[kind], x->resp.status);
}

static void media_check(conf_ctx *c, conf_xchg *x, int kind) {
    (void)kind;
    if (x->resp.status < 400 || x->resp.body.len == 0) return;
    conf_check_media(conf_pb(c), x, M_ERROR);
}

static void meta_check(conf_ctx *c, conf_xchg *x, int kind) {
    (void)kind;
    if (x->resp.status < 400 || !x->json) return;
    conf_v_error(x->json, conf_pb(c));
}

#define ERR_ALL ((1u << ERR_N) - 1)
void r7_err_status(conf_ctx *c) { each_error(c, ERR_ALL, status_check); }
void r7_err_media(conf_ctx *c) { each_error(c, ERR_ALL, media_check); }
void r7_err_meta(conf_ctx *c) { each_error(c, ERR_ALL, meta_check); }

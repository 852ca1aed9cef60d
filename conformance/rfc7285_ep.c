/* rfc7285_ep.c: run functions about the endpoint property (11.4.1) and
 * endpoint cost (11.5.1) services.
 *
 * Endpoints are chosen inside the PIDs of the network map (one host per
 * PID, plus an IPv6 address whenever the map holds IPv6 prefixes), so the
 * expected PID of each is the longest-prefix match computed here from the
 * same map the server published.  Endpoint cost requests use up to three
 * sources from different PIDs (and the IPv6 one) and every sample as a
 * destination; the cost types are the service's cost-type-names, or all
 * of its IRD's cost types when it names none (rfc7285/11.3.2.4 fails that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

#define MAX_SAMPLES 8
#define MAX_SRCS 4

/* Endpoints inside the map's PIDs (new array; never empty). */
static json_t *sample_endpoints(const json_t *nm) {
    json_t *a = json_array();
    if (nm) {
        conf_netmap_samples(nm, a, MAX_SAMPLES);
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
    e->nmbody = conf_control(c, conf_get(c, e->nm));
    if (!e->nmbody) return 0;
    e->eps = sample_endpoints(e->nmbody);
    return 1;
}

#define EP_EACH(c, e) \
    const conf_res *r_; ep e; \
    R7_EACH(c, CONF_SVC_EPROP, r_) \
        for (int once_ = ep_begin(c, r_, &e); once_; once_ = 0, json_decref(e.eps))

static json_t *ep_req(const ep *e, json_t *eps) {
    return json_pack("{s[s]sO}", "properties", e->prop, "endpoints", eps);
}

static json_t *ep_query(conf_ctx *c, const ep *e, json_t *eps) {
    return conf_ok(c, conf_post(c, e->r, ep_req(e, eps)));
}

void r7_eprop_media(conf_ctx *c) {
    EP_EACH(c, e) {
        conf_xchg *x = conf_post(c, e.r, ep_req(&e, e.eps));
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
            conf_ctx_checked(c, 1);
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
        json_t *plain = conf_control(c, conf_post(c, e.r, ep_req(&e, e.eps)));
        if (!plain) continue;
        json_t *dup = json_array();
        json_array_extend(dup, e.eps);
        json_array_extend(dup, e.eps);
        json_t *b = conf_ok(c, conf_post(c, e.r, json_pack("{s[ss]so}", "properties", e.prop, e.prop, "endpoints", dup)));
        if (b) r7_same_entries(c, b, plain, "endpoint-properties", "duplicated properties and endpoints versus each once");
    }
}

/* ---- endpoint cost -------------------------------------------------------- */

typedef struct ecs {
    const conf_res *r;
    json_t *nm;             /* borrowed network map body */
    json_t *srcs, *dsts;    /* owned */
    json_t *cts;            /* owned: usable cost types */
} ecs;

/* Up to MAX_SRCS samples of distinct PIDs, then the IPv6 one (new). */
static json_t *pick_sources(const json_t *nm, const json_t *eps) {
    json_t *srcs = json_array(), *seen = json_object();
    size_t i;
    json_t *a;
    json_array_foreach(eps, i, a) {
        const char *s = json_string_value(a), *pid = conf_netmap_lookup(nm, s);
        int v6 = !strncmp(s, "ipv6:", 5);
        if (!v6 && json_array_size(srcs) >= MAX_SRCS) continue;
        if (pid && !v6 && json_object_get(seen, pid)) continue;
        if (pid) json_object_set_new(seen, pid, json_true());
        json_array_append(srcs, a);
    }
    json_decref(seen);
    return srcs;
}

static int ecs_begin(conf_ctx *c, const conf_res *r, ecs *e) {
    memset(e, 0, sizeof *e);
    e->r = r;
    e->nm = r7_netmap(c, NULL, NULL);
    if (!e->nm && c->has_forced) return 0;
    e->cts = r7_cost_types(c, r);
    if (!json_array_size(e->cts)) {
        conf_set(c, CONF_SKIP, "%s has no usable cost type: its cost-type-names name none that its IRD defines",
                 r->id);
        json_decref(e->cts);
        return 0;
    }
    e->dsts = sample_endpoints(e->nm);
    e->srcs = pick_sources(e->nm, e->dsts);
    return 1;
}

static void ecs_end(ecs *e) {
    json_decref(e->srcs);
    json_decref(e->dsts);
    json_decref(e->cts);
}

#define ECS_EACH(c, e) \
    const conf_res *r_; ecs e; \
    R7_EACH(c, CONF_SVC_ECS, r_) \
        for (int once_ = ecs_begin(c, r_, &e); once_; once_ = 0, ecs_end(&e))

static json_t *ecs_req(json_t *ct, json_t *srcs, json_t *dsts) {
    return json_pack("{sos{sOsO}}", "cost-type", ct, "endpoints", "srcs", srcs, "dsts", dsts);
}

/* The service's first cost type, numerical preferred (new). */
static json_t *ecs_ct(const ecs *e) { return r7_cost_type_pick(e->cts, "numerical"); }

static json_t *ecs_query(conf_ctx *c, const ecs *e, json_t *srcs, json_t *dsts) {
    json_t *b = conf_ok(c, conf_post(c, e->r, ecs_req(ecs_ct(e), srcs, dsts)));
    if (b && !json_is_object(json_object_get(b, "endpoint-cost-map")))
        conf_empty(c, "%s answered without an endpoint-cost-map object (see rfc7285/11.5.1.6/typed-addresses)",
                   e->r->id);
    else if (b && !json_object_size(json_object_get(b, "endpoint-cost-map")))
        conf_empty(c, "%s answered an empty endpoint-cost-map for %zu sources and %zu destinations", e->r->id,
                   json_array_size(srcs), json_array_size(dsts));
    return b;
}

void r7_ecs_media(conf_ctx *c) {
    ECS_EACH(c, e) {
        conf_xchg *x = conf_post(c, e.r, ecs_req(ecs_ct(&e), e.srcs, e.dsts));
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_ECS);
    }
}

/* Cost type echoed (cost_type) or mode honoured (mode), for each type. */
static void ecs_each_type(conf_ctx *c, int mode) {
    ECS_EACH(c, e) {
        size_t i;
        json_t *ct;
        json_array_foreach(e.cts, i, ct) {
            json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(json_incref(ct), e.srcs, e.dsts)));
            json_t *got = json_object_get(json_object_get(b, "meta"), "cost-type");
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(ct));
            if (b && !mode && !conf_v_meta_cost_type(b, conf_pb(c))) {
                conf_ctx_checked(c, 1);
                if (!r7_same_cost_type(ct, got))
                    conf_prob(conf_pb(c), "$.meta.cost-type", w, conf_jshow(got),
                              "asked for cost type %s, meta.cost-type says %s", w, conf_jshow(got));
            }
            if (b && mode) {
                const char *want = json_string_value(json_object_get(ct, "cost-mode"));
                const char *gm = json_string_value(json_object_get(got, "cost-mode"));
                conf_ctx_checked(c, gm != NULL);
                if (gm && strcmp(gm, want))
                    conf_prob(conf_pb(c), "$.meta.cost-type.cost-mode", want, gm,
                              "asked for cost mode %s, got %s", want, gm);
                conf_v_cost_numbers(b, "endpoint-cost-map", conf_pb(c));
                if (!strcmp(want, "ordinal")) conf_v_cost_ordinal_values(b, "endpoint-cost-map", conf_pb(c));
            }
        }
    }
}
void r7_ecs_cost_type(conf_ctx *c) { ecs_each_type(c, 0); }
void r7_ecs_mode(conf_ctx *c) { ecs_each_type(c, 1); }

void r7_ecs_typed(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *b = ecs_query(c, &e, e.srcs, e.dsts);
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

/* Every source and destination of the answer was asked for. */
static void only_requested(conf_ctx *c, const json_t *b, const json_t *srcs, const json_t *dsts) {
    const char *src, *dst;
    json_t *row, *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(b, "endpoint-cost-map"), src, row) {
        conf_path_key(path, "$.endpoint-cost-map", src);
        conf_ctx_checked(c, 1);
        if (srcs && !in_array(srcs, src)) {
            conf_prob(conf_pb(c), path, "absent (not a requested source)", src, "source %s was not requested", src);
            continue;
        }
        json_object_foreach(row, dst, v) {
            conf_ctx_checked(c, 1);
            if (!dsts || in_array(dsts, dst)) continue;
            char p2[CONF_PATH_MAX];
            conf_path_key(p2, path, dst);
            conf_prob(conf_pb(c), p2, "absent (not a requested destination)", dst,
                      "destination %s was not requested", dst);
        }
    }
}

void r7_ecs_only(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *b = ecs_query(c, &e, e.srcs, e.dsts);
        if (b) only_requested(c, b, e.srcs, e.dsts);
    }
}

void r7_ecs_dups(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *plain = conf_control(c, conf_post(c, e.r, ecs_req(ecs_ct(&e), e.srcs, e.dsts)));
        if (!plain) continue;
        json_t *ds = json_array(), *dd = json_array();
        json_array_extend(ds, e.srcs); json_array_extend(ds, e.srcs);
        json_array_extend(dd, e.dsts); json_array_extend(dd, e.dsts);
        json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(ecs_ct(&e), ds, dd)));
        json_decref(ds);
        json_decref(dd);
        if (b) r7_same_entries(c, b, plain, "endpoint-cost-map", "duplicated endpoints versus each once");
    }
}

void r7_ecs_constraints(conf_ctx *c) {
    ECS_EACH(c, e) {
        if (!json_is_true(json_object_get(e.r->caps, "cost-constraints"))) continue;
        r7_constraint_case(c, e.r, ecs_req(ecs_ct(&e), e.srcs, e.dsts), "endpoint-cost-map", "le", NULL);
    }
}

/* 11.5.1.3: "description" in the cost type is ignored. */
void r7_ecs_description(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *plain = conf_control(c, conf_post(c, e.r, ecs_req(ecs_ct(&e), e.srcs, e.dsts)));
        if (!plain) continue;
        json_t *ct = ecs_ct(&e);
        json_t *desc = json_deep_copy(ct);
        json_decref(ct);
        json_object_set_new(desc, "description", json_string("altospec: servers must ignore this"));
        json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(desc, e.srcs, e.dsts)));
        if (b) r7_same_entries(c, b, plain, "endpoint-cost-map", "with a \"description\" in cost-type");
    }
}

/* 11.5.1.6: one row per requested source, the same row it gets alone
 * (sources whose costs are undefined have no row either way). */
void r7_ecs_rows(conf_ctx *c) {
    ECS_EACH(c, e) {
        if (json_array_size(e.srcs) < 2) {
            conf_set(c, CONF_SKIP, "the network map yields fewer than two sources to ask %s about", e.r->id);
            continue;
        }
        json_t *alone = json_object();
        size_t i;
        json_t *s;
        json_array_foreach(e.srcs, i, s) {
            json_t *one = json_pack("[O]", s);
            json_t *b = conf_control(c, conf_post(c, e.r, ecs_req(ecs_ct(&e), one, e.dsts)));
            json_decref(one);
            if (!b) break;
            if (!json_is_object(json_object_get(b, "endpoint-cost-map"))) {
                conf_set(c, CONF_ERROR, "cannot judge: the control answer for source %s has no endpoint-cost-map",
                         json_string_value(s));
                break;
            }
            json_object_update(alone, json_object_get(b, "endpoint-cost-map"));
        }
        json_t *all = i == json_array_size(e.srcs) ? ecs_query(c, &e, e.srcs, e.dsts) : NULL;
        json_t *ctl = json_pack("{so}", "endpoint-cost-map", alone);
        if (all) r7_same_entries(c, all, ctl, "endpoint-cost-map", "several sources at once versus each source alone");
        json_decref(ctl);
    }
}

/* 11.5.1.3: an empty srcs (dsts) list means the client's own address. */
void r7_ecs_empty_list(conf_ctx *c) {
    ECS_EACH(c, e) {
        for (int k = 0; k < 2; k++) {
            json_t *none = json_array();
            json_t *b = conf_ok(c, conf_post(c, e.r, ecs_req(ecs_ct(&e), k ? e.srcs : none, k ? none : e.dsts)));
            json_decref(none);
            json_t *m = b ? conf_check_member(conf_pb(c), b, "$", "endpoint-cost-map", CONF_JT_OBJECT, 1) : NULL;
            if (!m) continue;
            conf_ctx_checked(c, 1);     /* answered, with an endpoint cost map */
            conf_v_ecs_shape(b, conf_pb(c));
            size_t most = 0;
            const char *src;
            json_t *row;
            json_object_foreach(m, src, row)
                if (json_object_size(row) > most) most = json_object_size(row);
            if (!k && json_object_size(m) > 1)
                conf_prob(conf_pb(c), "$.endpoint-cost-map", "at most one source (the client's address)",
                          conf_jshow(m), "srcs [] gave %zu sources, expected only the client's own address",
                          json_object_size(m));
            else if (k && most > 1)
                conf_prob(conf_pb(c), "$.endpoint-cost-map", "at most one destination per source (the client's address)",
                          conf_jshow(m), "dsts [] gave %zu destinations for a source, expected only the client's address",
                          most);
            else if (k) only_requested(c, b, e.srcs, NULL);
        }
    }
}

void r7_ecs_endpoints(const json_t *nm, json_t **srcs, json_t **dsts) {
    *dsts = sample_endpoints(nm);
    *srcs = pick_sources(nm, *dsts);
}

/* s11_5_1_endpoint_cost.c: RFC 7285 section 11.5.1 (Endpoint Cost).
 *
 * Requests use up to four sources from different PIDs (and the IPv6 one)
 * and every sample as a destination (r7_ecs_endpoints, util.c); the cost
 * types are the service's cost-type-names, or all of its IRD's cost types
 * when it names none (rfc7285/11.3.2.4/capabilities fails that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7285_no_uses(conf_ctx *c) { r7_each_ird(c, conf_v_ird_ecs_no_uses); }

/* ---- endpoint cost -------------------------------------------------------- */

typedef struct ecs {
    const conf_res *r;
    json_t *nm;             /* borrowed network map body */
    json_t *srcs, *dsts;    /* owned */
    json_t *cts;            /* owned: usable cost types */
} ecs;

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
    e->dsts = r7_sample_endpoints(e->nm);
    e->srcs = r7_pick_sources(e->nm, e->dsts);
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

/* Request of the 11.5.1.1 data row: the samples, numerical preferred. */
json_t *r7_ecs_req_samples(conf_ctx *c, const conf_res *r) {
    ecs e;
    if (!ecs_begin(c, r, &e)) return NULL;
    json_t *b = ecs_req(ecs_ct(&e), e.srcs, e.dsts);
    ecs_end(&e);
    return b;
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
void r7285_ecs_cost_type(conf_ctx *c) { ecs_each_type(c, 0); }
void r7285_cost_mode(conf_ctx *c) { ecs_each_type(c, 1); }

void r7285_typed_addresses(conf_ctx *c) {
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

void r7285_only_requested(conf_ctx *c) {
    ECS_EACH(c, e) {
        json_t *b = ecs_query(c, &e, e.srcs, e.dsts);
        if (b) only_requested(c, b, e.srcs, e.dsts);
    }
}

void r7285_ecs_duplicates(conf_ctx *c) {
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

void r7285_constraints(conf_ctx *c) {
    ECS_EACH(c, e) {
        if (!json_is_true(json_object_get(e.r->caps, "cost-constraints"))) continue;
        r7_constraint_case(c, e.r, ecs_req(ecs_ct(&e), e.srcs, e.dsts), "endpoint-cost-map", "le", NULL);
    }
}

/* 11.5.1.3: "description" in the cost type is ignored. */
void r7285_ecs_description_ignored(conf_ctx *c) {
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
void r7285_row_per_source(conf_ctx *c) {
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
void r7285_empty_list_client(conf_ctx *c) {
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

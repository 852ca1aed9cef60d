/* s11_3_2_filtered_cost_map.c: RFC 7285 section 11.3.2 (Filtered Cost
 * Map).
 *
 * Every semantic check compares the server with itself: the filtered
 * answer against the full map, a constrained answer against the
 * unconstrained one (r7_constraint_case, util.c), a request with
 * duplicates against the same request without.  PIDs and cost types come
 * from the IRD and the maps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7285_capabilities(conf_ctx *c) { r7_each_ird(c, conf_v_ird_caps); }

/* ---- filtered cost map ---------------------------------------------------- */

typedef struct fcm {
    const conf_res *r;
    json_t *full;       /* borrowed network map body */
    json_t *pids;       /* owned */
    json_t *ct;         /* owned first cost type */
} fcm;

static int fcm_begin(conf_ctx *c, const conf_res *r, fcm *f) {
    f->r = r;
    f->ct = r7_cost_type(c, r, 0);
    f->full = r7_netmap(c, r, NULL);
    f->pids = f->full ? r7_pids(f->full) : json_array();
    if (!f->ct) {
        conf_set(c, CONF_ERROR, "%s names no cost type defined in its IRD (see rfc7285/11.2.3.4/cost-type-names-defined)", r->id);
        json_decref(f->pids);
        return 0;
    }
    if (!f->full || !json_array_size(f->pids)) {
        if (f->full && !json_is_object(json_object_get(f->full, "network-map")))
            conf_set(c, CONF_ERROR, "cannot judge: the network map has no usable \"network-map\" object "
                                    "(see rfc7285/11.2.1.6 cases)");
        else if (f->full)
            conf_set(c, CONF_SKIP, "the network map has no PIDs");
        json_decref(f->pids);
        json_decref(f->ct);
        return 0;
    }
    return 1;
}

static void fcm_end(fcm *f) {
    json_decref(f->pids);
    json_decref(f->ct);
}

#define FCM_EACH(c, f) \
    const conf_res *r_; fcm f; \
    R7_EACH(c, CONF_SVC_FCOSTMAP, r_) \
        for (int once_ = fcm_begin(c, r_, &f); once_; once_ = 0, fcm_end(&f))

static const char *fpid(const fcm *f, size_t i) {
    size_t n = json_array_size(f->pids);
    return json_string_value(json_array_get(f->pids, i < n ? i : n - 1));
}

static json_t *fcm_post(conf_ctx *c, const fcm *f, json_t *req) {
    return conf_ok(c, conf_post(c, f->r, req));
}

static json_t *fcm_control(conf_ctx *c, const fcm *f, json_t *req) {
    return conf_control(c, conf_post(c, f->r, req));
}

/* The next three need no network map: they run on the IRD alone. */
/* Request of the 11.3.2.1 data row: the first cost type, all PIDs. */
json_t *r7_fcm_req_full(conf_ctx *c, const conf_res *r) {
    json_t *ct = r7_cost_type(c, r, 0);
    if (!ct) {
        conf_set(c, CONF_ERROR, "%s names no defined cost type", r->id);
        return NULL;
    }
    return r7_fcost_req(ct, NULL, NULL);
}

void r7285_fcm_cost_types(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        for (size_t i = 0; i < r7_ncost_types(r); i++) {
            json_t *ct = r7_cost_type(c, r, i);
            if (!ct) continue;
            json_t *b = conf_ok(c, conf_post(c, r, r7_fcost_req(json_incref(ct), NULL, NULL)));
            json_t *got = json_object_get(json_object_get(b, "meta"), "cost-type");
            conf_ctx_checked(c, b != NULL);
            if (b && !conf_v_meta_cost_type(b, conf_pb(c)) && !r7_same_cost_type(ct, got)) {
                char w[300];
                snprintf(w, sizeof w, "%s", conf_jshow(ct));
                conf_prob(conf_pb(c), "$.meta.cost-type", w, conf_jshow(got),
                          "asked for cost type %s, the response says %s", w, conf_jshow(got));
            }
            json_decref(ct);
        }
    }
}

void r7285_fcm_description_ignored(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        json_t *ct0 = r7_cost_type(c, r, 0);
        if (!ct0) { conf_set(c, CONF_ERROR, "%s names no defined cost type", r->id); continue; }
        json_t *base = conf_control(c, conf_post(c, r, r7_fcost_req(json_incref(ct0), NULL, NULL)));
        json_t *ct = json_deep_copy(ct0);
        json_decref(ct0);
        json_object_set_new(ct, "description", json_string("altospec: servers must ignore this"));
        json_t *b = base ? conf_ok(c, conf_post(c, r, r7_fcost_req(ct, NULL, NULL))) : (json_decref(ct), NULL);
        if (base && b) r7_same_entries(c, b, base, "cost-map", "with a \"description\" in cost-type");
    }
}

static void fcm_constr(conf_ctx *c, const char *op1, const char *op2) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        if (!json_is_true(json_object_get(r->caps, "cost-constraints"))) continue;
        json_t *ct = r7_cost_type_numerical(c, r);
        if (!ct) { conf_set(c, CONF_ERROR, "%s names no defined cost type", r->id); continue; }
        r7_constraint_case(c, r, r7_fcost_req(ct, NULL, NULL), "cost-map", op1, op2);
    }
}

void r7285_constraint_gt(conf_ctx *c) { fcm_constr(c, "gt", NULL); }
void r7285_constraint_lt(conf_ctx *c) { fcm_constr(c, "lt", NULL); }
void r7285_constraint_ge(conf_ctx *c) { fcm_constr(c, "ge", NULL); }
void r7285_constraint_le(conf_ctx *c) { fcm_constr(c, "le", NULL); }
void r7285_constraint_eq(conf_ctx *c) { fcm_constr(c, "eq", NULL); }
void r7285_constraints_and(conf_ctx *c) { fcm_constr(c, "ge", "le"); }

/* ---- PID selection ---- */

void r7285_fcm_empty_pids(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *base = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), NULL, NULL));
        json_t *b = base ? fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), json_array(), json_array())) : NULL;
        if (base && b) r7_same_entries(c, b, base, "cost-map", "srcs [] and dsts [] versus no \"pids\"");
    }
}

void r7285_absent_pids(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *ctl = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), json_incref(f.pids), json_incref(f.pids)));
        json_t *b = ctl ? fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), NULL, NULL)) : NULL;
        if (ctl && b) r7_same_entries(c, b, ctl, "cost-map", "no \"pids\" versus every PID listed");
    }
}

void r7285_fcm_duplicate_pids(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *plain = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), NULL),
                                                        r7_strs(fpid(&f, 1), NULL)));
        json_t *dup = !plain ? NULL : fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), fpid(&f, 0), NULL),
                                                                  r7_strs(fpid(&f, 1), fpid(&f, 1), NULL)));
        if (plain && dup) r7_same_entries(c, dup, plain, "cost-map", "duplicated PIDs versus each PID once");
    }
}

void r7285_only_requested_pairs(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *srcs = r7_strs(fpid(&f, 0), NULL), *dsts = r7_strs(fpid(&f, 0), fpid(&f, 1), NULL);
        json_t *b = fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), json_incref(srcs), json_incref(dsts)));
        const char *src, *dst;
        json_t *row, *v;
        char path[CONF_PATH_MAX];
        if (b && !json_object_size(json_object_get(b, "cost-map")))
            conf_empty(c, "the filtered cost map answer for %s has no entries", fpid(&f, 0));
        json_object_foreach(json_object_get(b, "cost-map"), src, row) {
            conf_path_key(path, "$.cost-map", src);
            conf_ctx_checked(c, 1);
            if (strcmp(src, fpid(&f, 0))) {
                conf_prob(conf_pb(c), path, "absent (source not requested)", src, "source %s was not requested", src);
                continue;
            }
            json_object_foreach(row, dst, v) {
                conf_ctx_checked(c, 1);
                if (!strcmp(dst, fpid(&f, 0)) || !strcmp(dst, fpid(&f, 1))) continue;
                conf_path_key(path, path, dst);
                conf_prob(conf_pb(c), path, "absent (destination not requested)", dst,
                          "destination %s was not requested", dst);
            }
        }
        json_decref(srcs);
        json_decref(dsts);
    }
}

void r7285_fcm_unknown_pids(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *plain = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), NULL),
                                                        r7_strs(fpid(&f, 0), fpid(&f, 1), NULL)));
        json_t *unk = !plain ? NULL : fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), R7_NO_SUCH_PID, NULL),
                                                                  r7_strs(fpid(&f, 0), R7_NO_SUCH_PID, fpid(&f, 1), NULL)));
        if (plain && unk) r7_same_entries(c, unk, plain, "cost-map", "with an undefined PID versus without");
    }
}

void r7285_fcm_dependent_vtags(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *b = fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), NULL, NULL));
        if (!b || conf_v_dvtags(b, 1, conf_pb(c))) continue;
        json_t *want = json_object_get(json_object_get(f.full, "meta"), "vtag");
        json_t *got = json_array_get(json_object_get(json_object_get(b, "meta"), "dependent-vtags"), 0);
        conf_ctx_checked(c, 1);
        if (r7_vtag_equal(want, got)) continue;
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), "$.meta.dependent-vtags[0]", w, conf_jshow(got),
                  "filtered cost map depends on %s, the network map's vtag is %s", conf_jshow(got), w);
    }
}

/* Filtered answers agree with the full cost map of the same type. */
void r7285_fcm_agrees_with_full_map(conf_ctx *c) {
    int judged = 0;
    FCM_EACH(c, f) {
        const conf_res *nm = conf_ird_uses_netmap(&c->s->ird, f.r);
        for (size_t i = 0; i < r7_ncost_types(f.r); i++) {
            json_t *ct = r7_cost_type(c, f.r, i);
            const conf_res *g;
            R7_EACH(c, CONF_SVC_COSTMAP, g) {
                json_t *gct = r7_cost_type(c, g, 0);
                int same = ct && gct && r7_same_cost_type(ct, gct) && conf_ird_uses_netmap(&c->s->ird, g) == nm;
                json_decref(gct);
                if (!same) continue;
                json_t *full = conf_control(c, conf_get(c, g));
                json_t *b = full ? fcm_post(c, &f, r7_fcost_req(json_incref(ct), NULL, NULL)) : NULL;
                if (full && b) r7_same_entries(c, b, full, "cost-map", g->id);
                judged++;
            }
            json_decref(ct);
        }
    }
    if (!judged && !c->has_forced)
        conf_set(c, CONF_UNSUPPORTED, "no GET cost map shares a cost type and network map with a filtered cost map");
}

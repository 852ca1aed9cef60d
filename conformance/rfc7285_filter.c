/* rfc7285_filter.c: run functions about filtered network maps (11.3.1)
 * and filtered cost maps (11.3.2).
 *
 * Every semantic check compares the server with itself: the filtered
 * answer against the full map, a constrained answer against the
 * unconstrained one, a request with duplicates against the same request
 * without.  PIDs and cost types come from the IRD and the maps, so no
 * knowledge of a particular server is needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

#define NO_SUCH_PID "altospec-no-such-pid"

/* ---- filtered network map ---------------------------------------------- */

typedef struct fnm {
    const conf_res *r;
    json_t *full;       /* borrowed body of the full network map */
    json_t *pids;       /* owned array of its PIDs */
} fnm;

static int fnm_begin(conf_ctx *c, const conf_res *r, fnm *f) {
    f->r = r;
    f->full = r7_netmap(c, r, NULL);
    f->pids = f->full ? r7_pids(f->full) : NULL;
    if (f->full && !json_is_object(json_object_get(f->full, "network-map"))) {
        conf_set(c, CONF_ERROR, "cannot judge: the network map has no usable \"network-map\" object "
                                "(see rfc7285/11.2.1.6 cases)");
        json_decref(f->pids);
        return 0;
    }
    if (f->full && !json_array_size(f->pids)) {
        conf_set(c, CONF_SKIP, "the network map has no PIDs to filter on");
        json_decref(f->pids);
        return 0;
    }
    return f->full != NULL;
}

static json_t *fnm_post(conf_ctx *c, const fnm *f, json_t *req) {
    return conf_ok(c, conf_post(c, f->r, req));
}

static json_t *fnm_control(conf_ctx *c, const fnm *f, json_t *req) {
    return conf_control(c, conf_post(c, f->r, req));
}

static const char *pid_at(const fnm *f, size_t i) {
    size_t n = json_array_size(f->pids);
    return json_string_value(json_array_get(f->pids, i < n ? i : n - 1));
}

#define FNM_EACH(c, f) \
    const conf_res *r_; fnm f; \
    R7_EACH(c, CONF_SVC_FNETMAP, r_) \
        for (int once_ = fnm_begin(c, r_, &f); once_; once_ = 0, json_decref(f.pids))

void r7_fnm_media(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FNETMAP, r) {
        conf_xchg *x = conf_post(c, r, json_pack("{s[]}", "pids"));
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_NETMAP);
    }
}

void r7_fnm_empty_all(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), f.pids, "$.network-map", "PID");
    }
}

void r7_fnm_dups(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[ss]}", "pids", pid_at(&f, 0), pid_at(&f, 0)));
        json_t *want = r7_strs(pid_at(&f, 0), NULL);
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

void r7_fnm_only_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *want = r7_strs(pid_at(&f, 0), pid_at(&f, 1), NULL);
        json_array_remove(want, json_equal(json_array_get(want, 0), json_array_get(want, 1)) ? 1 : 99);
        json_t *b = fnm_post(c, &f, json_pack("{sO}", "pids", want));
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

void r7_fnm_unknown_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[ss]}", "pids", pid_at(&f, 0), NO_SUCH_PID));
        json_t *want = r7_strs(pid_at(&f, 0), NULL);
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

/* Address types present in a network map body (new array). */
static json_t *addr_types(const json_t *nm) {
    json_t *seen = json_object();
    const char *pid, *at;
    json_t *g, *v;
    json_object_foreach(json_object_get(nm, "network-map"), pid, g)
        json_object_foreach(g, at, v) json_object_set_new(seen, at, json_true());
    json_t *a = json_array();
    json_object_foreach(seen, at, v) json_array_append_new(a, json_string(at));
    json_decref(seen);
    return a;
}

/* Every group of b has only type `at`, and agrees with the full map. */
static void check_only_type(conf_ctx *c, const json_t *b, const json_t *full, const char *at) {
    const char *pid, *t;
    json_t *g, *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(b, "network-map"), pid, g) {
        json_object_foreach(g, t, v) {
            conf_ctx_checked(c, 1);
            conf_path_key(path, "$.network-map", pid);
            conf_path_key(path, path, t);
            if (strcmp(t, at)) {
                conf_prob(conf_pb(c), path, "absent (address type not requested)", t,
                          "address-types [\"%s\"] was requested but PID %s lists %s addresses", at, pid, t);
                continue;
            }
            json_t *fv = json_object_get(json_object_get(json_object_get(full, "network-map"), pid), t);
            if (!conf_json_set_equal(v, fv))
                conf_prob(conf_pb(c), path, conf_jshow(fv), conf_jshow(v),
                          "filtered %s prefixes of %s differ from the full network map", t, pid);
        }
    }
}

void r7_fnm_addrtypes(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        size_t i;
        json_t *t;
        json_array_foreach(types, i, t) {
            json_t *b = fnm_post(c, &f, json_pack("{s[]s[O]}", "pids", "address-types", t));
            if (b) check_only_type(c, b, f.full, json_string_value(t));
        }
        json_decref(types);
    }
}

void r7_fnm_unknown_addrtype(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        json_t *t = json_array_get(types, 0);
        if (t) {
            json_t *b = fnm_post(c, &f, json_pack("{s[]s[Os]}", "pids", "address-types", t, "altospecx1"));
            if (b) check_only_type(c, b, f.full, json_string_value(t));
        }
        json_decref(types);
    }
}

/* 11.3.1.3: an address type listed twice counts once. */
void r7_fnm_dup_addrtypes(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        json_t *t = json_array_get(types, 0);
        if (!t) conf_empty(c, "the network map lists no address type to repeat");
        json_t *ctl = t ? fnm_control(c, &f, json_pack("{s[]s[O]}", "pids", "address-types", t)) : NULL;
        json_t *b = ctl ? fnm_post(c, &f, json_pack("{s[]s[OO]}", "pids", "address-types", t, t)) : NULL;
        if (b) r7_same_entries(c, b, ctl, "network-map", "an address type listed twice versus once");
        json_decref(types);
    }
}

static void check_agrees(conf_ctx *c, const json_t *b, const json_t *full, const json_t *pids) {
    size_t i;
    json_t *p;
    char path[CONF_PATH_MAX];
    json_array_foreach(pids, i, p) {
        const char *pid = json_string_value(p);
        json_t *got = json_object_get(json_object_get(b, "network-map"), pid);
        json_t *want = json_object_get(json_object_get(full, "network-map"), pid);
        conf_ctx_checked(c, got != NULL);
        if (!got || conf_json_set_equal(got, want)) continue;   /* absence: another case */
        conf_path_key(path, "$.network-map", pid);
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), path, w, conf_jshow(got), "PID %s differs from the full network map", pid);
    }
}

void r7_fnm_addrtypes_all(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]s[]}", "pids", "address-types"));
        if (!b) continue;
        r7_keys_equal(c, json_object_get(b, "network-map"), f.pids, "$.network-map", "PID");
        check_agrees(c, b, f.full, f.pids);
    }
}

void r7_fnm_agrees(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (b) check_agrees(c, b, f.full, f.pids);
    }
}

void r7_fnm_vtag(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (!b) continue;
        json_t *want = json_object_get(json_object_get(f.full, "meta"), "vtag");
        json_t *got = json_object_get(json_object_get(b, "meta"), "vtag");
        conf_ctx_checked(c, 1);
        if (r7_vtag_equal(want, got)) continue;
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), "$.meta.vtag", w, conf_jshow(got),
                  "filtered network map vtag differs from the full map's vtag");
    }
}

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
void r7_fcm_media(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        json_t *ct = r7_cost_type(c, r, 0);
        if (!ct) { conf_set(c, CONF_ERROR, "%s names no defined cost type", r->id); continue; }
        conf_xchg *x = conf_post(c, r, r7_fcost_req(ct, NULL, NULL));
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_COSTMAP);
    }
}

void r7_fcm_all_types(conf_ctx *c) {
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

void r7_fcm_description(conf_ctx *c) {
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

static void fcm_constr(conf_ctx *c, const char *op1, const char *op2) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_FCOSTMAP, r) {
        if (!json_is_true(json_object_get(r->caps, "cost-constraints"))) continue;
        json_t *ct = r7_cost_type_numerical(c, r);
        if (!ct) { conf_set(c, CONF_ERROR, "%s names no defined cost type", r->id); continue; }
        r7_constraint_case(c, r, r7_fcost_req(ct, NULL, NULL), "cost-map", op1, op2);
    }
}

void r7_fcm_constr_gt(conf_ctx *c) { fcm_constr(c, "gt", NULL); }
void r7_fcm_constr_lt(conf_ctx *c) { fcm_constr(c, "lt", NULL); }
void r7_fcm_constr_ge(conf_ctx *c) { fcm_constr(c, "ge", NULL); }
void r7_fcm_constr_le(conf_ctx *c) { fcm_constr(c, "le", NULL); }
void r7_fcm_constr_eq(conf_ctx *c) { fcm_constr(c, "eq", NULL); }
void r7_fcm_constr_and(conf_ctx *c) { fcm_constr(c, "ge", "le"); }

/* ---- PID selection ---- */

void r7_fcm_empty_all(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *base = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), NULL, NULL));
        json_t *b = base ? fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), json_array(), json_array())) : NULL;
        if (base && b) r7_same_entries(c, b, base, "cost-map", "srcs [] and dsts [] versus no \"pids\"");
    }
}

void r7_fcm_absent_all(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *ctl = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), json_incref(f.pids), json_incref(f.pids)));
        json_t *b = ctl ? fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), NULL, NULL)) : NULL;
        if (ctl && b) r7_same_entries(c, b, ctl, "cost-map", "no \"pids\" versus every PID listed");
    }
}

void r7_fcm_dups(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *plain = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), NULL),
                                                        r7_strs(fpid(&f, 1), NULL)));
        json_t *dup = !plain ? NULL : fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), fpid(&f, 0), NULL),
                                                                  r7_strs(fpid(&f, 1), fpid(&f, 1), NULL)));
        if (plain && dup) r7_same_entries(c, dup, plain, "cost-map", "duplicated PIDs versus each PID once");
    }
}

void r7_fcm_only_pairs(conf_ctx *c) {
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

void r7_fcm_unknown_pids(conf_ctx *c) {
    FCM_EACH(c, f) {
        json_t *plain = fcm_control(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), NULL),
                                                        r7_strs(fpid(&f, 0), fpid(&f, 1), NULL)));
        json_t *unk = !plain ? NULL : fcm_post(c, &f, r7_fcost_req(json_incref(f.ct), r7_strs(fpid(&f, 0), NO_SUCH_PID, NULL),
                                                                  r7_strs(fpid(&f, 0), NO_SUCH_PID, fpid(&f, 1), NULL)));
        if (plain && unk) r7_same_entries(c, unk, plain, "cost-map", "with an undefined PID versus without");
    }
}

void r7_fcm_dvtags(conf_ctx *c) {
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
void r7_fcm_agrees(conf_ctx *c) {
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

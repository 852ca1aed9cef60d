/* s4_extensions.c: RFC 8189 section 4, the multi-cost extensions of the
 * Filtered Cost Map (4.1) and the Endpoint Cost Service (4.2).  Each run
 * function serves the 4.1.x row and its 4.2.x twin; the kind comes from
 * the row's section (util.c).
 *
 * Answers are judged on their values, never their shape alone: a
 * multi-cost answer is compared with the single-cost answers of the same
 * resource for each listed type (values in request order, null exactly
 * where the type has no value), and a constrained answer with the
 * unconstrained one (every returned pair satisfies the test, every
 * omitted pair with values does not).  A resource where the data cannot
 * show the difference (all types equal, no pair with a missing value)
 * gives SKIP with the reason. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc8189.h"

typedef void (*m8_fn)(conf_ctx *c, m8_res *st);

/* Runs fn on every multi-cost resource of the row's kind. */
static void each(conf_ctx *c, m8_fn fn) {
    const conf_res *r;
    int any = 0;
    for (int i = 0; (r = m8_nth(c, i)) != NULL; i++) {
        m8_res st;
        any = 1;
        if (m8_begin(c, r, &st)) fn(c, &st);
        m8_end(&st);
    }
    if (!any)
        conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no %s with max-cost-types > 0",
                 strncmp(c->cs->section, "4.2", 3) ? "filtered cost map" : "endpoint cost service");
}

/* ---- capabilities (4.1.1) ---- */

static void testable_subset(conf_ctx *c, m8_res *st) {
    json_t *names = json_object_get(st->r->caps, "cost-type-names");
    json_t *t = json_object_get(st->r->caps, "testable-cost-type-names");
    size_t i, j;
    json_t *v, *w;
    if (!t) { conf_empty(c, "%s has no testable-cost-type-names", st->r->id); return; }
    json_array_foreach(t, i, v) {
        int found = 0;
        json_array_foreach(names, j, w) found |= json_equal(v, w);
        conf_checked(conf_pb(c), 1);
        if (!found)
            conf_prob(conf_pb(c), "capabilities/testable-cost-type-names", "a name of cost-type-names",
                      conf_jshow(v), "%s: testable %s is not in cost-type-names", st->r->id, conf_jshow(v));
    }
}
void r8189_testable_subset(conf_ctx *c) { m8_focus_irds(c); each(c, testable_subset); }

static void testable_exclusive(conf_ctx *c, m8_res *st) {
    conf_checked(conf_pb(c), 1);
    if (json_is_true(json_object_get(st->r->caps, "cost-constraints")) &&
        json_object_get(st->r->caps, "testable-cost-type-names"))
        conf_prob(conf_pb(c), "capabilities", "cost-constraints true or testable-cost-type-names",
                  "both", "%s defines cost-constraints true and testable-cost-type-names", st->r->id);
}
void r8189_testable_exclusive(conf_ctx *c) { m8_focus_irds(c); each(c, testable_exclusive); }

/* ---- invalid requests (4.1.2): an ALTO error naming the member ---- */

/* A valid request on one cost type with extra members merged in. */
static json_t *one_type(const m8_res *st, const char *extra) {
    int k = 0;
    for (int i = 0; i < st->n; i++) if (st->testable[i]) { k = i; break; }
    json_t *req = m8_req(st, &k, 1);
    json_error_t je;
    json_t *x = json_loads(extra, 0, &je);
    json_object_update(req, x);
    json_decref(x);
    return req;
}

static void too_many_types(conf_ctx *c, m8_res *st) {
    if (st->n <= st->max) {
        conf_empty(c, "%s lists %d cost types, max-cost-types is %d: no request can exceed it",
                   st->r->id, st->n, st->max);
        return;
    }
    int ks[M8_MAX];
    for (int i = 0; i <= st->max && i < M8_MAX; i++) ks[i] = i;
    conf_expect_alto_error(c, conf_post(c, st->r, m8_req(st, ks, st->max + 1)), "E_INVALID_FIELD_VALUE",
                    "multi-cost-types");
}
void r8189_too_many_types(conf_ctx *c) { each(c, too_many_types); }

static void both_cost_types(conf_ctx *c, m8_res *st) {
    int k = 0;
    json_t *req = m8_req(st, &k, 1);
    json_object_set(req, "cost-type", st->types[0]);
    conf_expect_alto_error(c, conf_post(c, st->r, req), "E_INVALID_FIELD_VALUE", "cost-type|multi-cost-types");
}
void r8189_both_cost_types(conf_ctx *c) { each(c, both_cost_types); }

static void bad_index(conf_ctx *c, m8_res *st) {
    conf_expect_alto_error(c, conf_post(c, st->r, one_type(st, "{\"constraints\": [\"[1] le 1\"]}")),
                    "E_INVALID_FIELD_VALUE", "constraints");
}
void r8189_bad_index(conf_ctx *c) { each(c, bad_index); }

static void unknown_operator(conf_ctx *c, m8_res *st) {
    conf_expect_alto_error(c, conf_post(c, st->r, one_type(st, "{\"constraints\": [\"[0] lte 1\"]}")),
                    "E_INVALID_FIELD_VALUE", "constraints");
}
void r8189_unknown_operator(conf_ctx *c) { each(c, unknown_operator); }

static void constraints_and_or(conf_ctx *c, m8_res *st) {
    conf_expect_alto_error(c, conf_post(c, st->r, one_type(st, "{\"constraints\": [\"[0] ge 0\"], "
                                                        "\"or-constraints\": [[\"[0] ge 0\"]]}")),
                    "E_INVALID_FIELD_VALUE", "constraints|or-constraints");
}
void r8189_constraints_and_or(conf_ctx *c) { each(c, constraints_and_or); }

static void empty_or_clause(conf_ctx *c, m8_res *st) {
    conf_expect_alto_error(c, conf_post(c, st->r, one_type(st, "{\"or-constraints\": [[\"[0] ge 0\"], []]}")),
                    "E_INVALID_FIELD_VALUE", "or-constraints");
}
void r8189_empty_or_clause(conf_ctx *c) { each(c, empty_or_clause); }

/* ---- constraint semantics (4.1.2) ---- */

/* A predicate: flat answer, operator (le/ge), threshold. */
typedef struct pred { const json_t *flat; int ge; double t; } pred;

static int holds(const pred *p, const char *key) {
    json_t *v = json_object_get(p->flat, key);
    if (!json_is_number(v)) return 0;
    double x = json_number_value(v);
    return p->ge ? x >= p->t : x <= p->t;
}

/* Keys of the pairs any single answer of ks has (the candidate pairs). */
static json_t *candidates(const m8_res *st, const int *ks, int n) {
    json_t *all = json_object();
    for (int i = 0; i < n; i++) json_object_update(all, st->single[ks[i]]);
    return all;
}

/* expect(key) says whether a pair must be returned; values of the
 * returned arrays must be the single answers of ks.  Returns problems. */
typedef int (*want_fn)(const pred *p, int np, const char *key);
static int want_and(const pred *p, int np, const char *key) {
    for (int i = 0; i < np; i++) if (!holds(&p[i], key)) return 0;
    return 1;
}
static int want_or2(const pred *p, int np, const char *key) {
    (void)np;
    return holds(&p[0], key) || holds(&p[1], key);
}
/* No constraint: every pair some type has a value for is returned. */
static int want_all_defined(const pred *p, int np, const char *key) {
    (void)p, (void)np, (void)key;
    return 1;
}
static int want_all(const pred *p, int np, const char *key) {
    (void)p, (void)np, (void)key;
    return 1;
}

static void judge(conf_ctx *c, const m8_res *st, const json_t *got, const int *ks, int n,
                  const pred *p, int np, want_fn want) {
    json_t *flat = m8_flat(got, st->ecs), *cand = candidates(st, ks, n);
    const char *key;
    json_t *v;
    json_object_foreach(cand, key, v) {
        int w = want(p, np, key);
        json_t *a = json_object_get(flat, key);
        conf_checked(conf_pb(c), 1);
        if (w && !a)
            conf_prob(conf_pb(c), key, "present", "omitted", "%s: the pair satisfies the constraints "
                      "but is not in the answer", key);
        else if (!w && a)
            conf_prob(conf_pb(c), key, "omitted", conf_jshow(a), "%s: the pair satisfies no "
                      "constraint (as the unconstrained answers say) but is returned", key);
        else if (a && (!json_is_array(a) || (int)json_array_size(a) != n))
            conf_prob(conf_pb(c), key, "an array of the multi-cost-types", conf_jshow(a),
                      "%s: not an array of %d costs", key, n);
        else if (a)
            for (int i = 0; i < n; i++) {
                json_t *want_v = json_object_get(st->single[ks[i]], key);
                if (!m8_same(json_array_get(a, i), want_v ? want_v : json_null()))
                    conf_prob(conf_pb(c), key, want_v ? conf_jshow(want_v) : "null",
                              conf_jshow(json_array_get(a, i)), "%s: cost %d differs from the "
                              "single-cost answer", key, i);
            }
    }
    json_object_foreach(flat, key, v)
        if (!json_object_get(cand, key))
            conf_prob(conf_pb(c), key, "no such pair", conf_jshow(v), "%s: a pair no single-cost "
                      "answer has", key);
    json_decref(flat);
    json_decref(cand);
}

/* Do two predicate sets select different pairs (so the answer shows
 * which one the server applied)? */
static int selects_differently(const json_t *cand, const pred *p, int np, want_fn a, want_fn b) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)cand, key, v)
        if (a(p, np, key) != b(p, np, key)) return 1;
    return 0;
}

static void post_judge(conf_ctx *c, m8_res *st, json_t *req, const int *ks, int n,
                       const pred *p, int np, want_fn want) {
    json_t *got = conf_ok(c, conf_post(c, st->r, req));
    if (got) judge(c, st, got, ks, n, p, np, want);
}

static char *pred_text(char *buf, size_t n, int idx, const pred *p) {
    snprintf(buf, n, "[%d] %s %.17g", idx, p->ge ? "ge" : "le", p->t);
    return buf;
}

/* RFC 8189 section 5.4's form: cost-type a (not multi-cost-types) with
 * testable-cost-types [b].  4.1.2 allows it ("If testable-cost-types is
 * omitted, it is assumed to have the cost types in multi-cost-types or
 * cost-type"; the index names testable-cost-types when it is present): the
 * answer is the single-cost one (4.1.3), a's scalars, on the pairs b selects. */
static void judge_scalar(conf_ctx *c, const m8_res *st, const json_t *got, int a, const pred *p) {
    json_t *flat = m8_flat(got, st->ecs);
    const char *key;
    json_t *v;
    json_object_foreach(st->single[a], key, v) {
        json_t *g = json_object_get(flat, key);
        int w = holds(p, key);
        conf_checked(conf_pb(c), 1);
        if (w != (g != NULL))
            conf_prob(conf_pb(c), key, w ? "present" : "omitted", g ? conf_jshow(g) : "omitted",
                      "%s: cost-type with testable-cost-types (RFC 8189 5.4): the tested type %s "
                      "this pair", key, w ? "selects" : "does not select");
        else if (g && !m8_same(g, v))
            conf_prob(conf_pb(c), key, conf_jshow(v), conf_jshow(g), "%s: cost-type with "
                      "testable-cost-types: not the single-cost value", key);
    }
    json_object_foreach(flat, key, v)
        if (!json_object_get(st->single[a], key))
            conf_prob(conf_pb(c), key, "no such pair", conf_jshow(v), "%s: a pair the single-cost "
                      "answer does not have", key);
    json_decref(flat);
}

static void testable_with_cost_type(conf_ctx *c, m8_res *st, int a, int b, const char *pred_txt,
                                    const pred *p) {
    json_t *req = json_deep_copy(st->scope);
    json_object_set(req, "cost-type", st->types[a]);
    json_object_set_new(req, "testable-cost-types", m8_types(st, &b, 1));
    json_object_set_new(req, "constraints", json_pack("[s]", pred_txt));
    json_t *got = conf_ok(c, conf_post(c, st->r, req));
    if (got) judge_scalar(c, st, got, a, p);
}

/* testable-cost-types: multi-cost-types [a], testable [b], "[0] le t_b";
 * then the same with cost-type a (section 5.4's form). */
static void testable_constraints(conf_ctx *c, m8_res *st) {
    int ks[M8_MAX];
    int n = m8_pick(c, st, ks, M8_MAX, 1);
    if (n < 0) return;
    for (int ia = 0; ia < st->n; ia++)
        for (int ib = 0; ib < n; ib++) {
            int a = ia, b = ks[ib];
            if (a == b || !m8_single(c, st, a)) continue;
            pred pb = {st->single[b], 0, m8_quantile(st->single[b], 0.5)};
            pred pa = {st->single[a], 0, pb.t};      /* the index applied to [a] instead */
            if (isnan(pb.t)) continue;
            json_t *cand = candidates(st, &a, 1);
            int shows = 0;
            const char *key;
            json_t *v;
            json_object_foreach(cand, key, v) shows |= holds(&pb, key) != holds(&pa, key);
            json_decref(cand);
            if (!shows) continue;
            json_t *req = m8_req(st, &a, 1);
            json_object_set_new(req, "testable-cost-types", m8_types(st, &b, 1));
            char t[80];
            json_object_set_new(req, "constraints", json_pack("[s]", pred_text(t, sizeof t, 0, &pb)));
            /* Judge against a's values, selected by b. */
            json_t *got = conf_ok(c, conf_post(c, st->r, req));
            if (got) judge(c, st, got, &a, 1, &pb, 1, want_and);
            testable_with_cost_type(c, st, a, b, t, &pb);
            return;
        }
    conf_empty(c, "%s: no pair of cost types whose values select different pairs", st->r->id);
}
void r8189_testable_constraints(conf_ctx *c) { each(c, testable_constraints); }

/* Two testable types with thresholds where the combination matters. */
static int two_preds(conf_ctx *c, m8_res *st, int *ks, pred *p, want_fn self, want_fn other) {
    int n = m8_pick(c, st, ks, 2, 1);
    if (n < 2) {
        if (n >= 0) conf_empty(c, "%s: fewer than two testable cost types with different values", st->r->id);
        return 0;
    }
    static const double qs[][2] = {{0.5, 0.5}, {0.25, 0.75}, {0.75, 0.25}, {0.5, 0.25}, {0.25, 0.5}};
    json_t *cand = candidates(st, ks, 2);
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
        for (int ge = 0; ge < 2; ge++) {
            p[0] = (pred){st->single[ks[0]], 0, m8_quantile(st->single[ks[0]], qs[i][0])};
            p[1] = (pred){st->single[ks[1]], ge, m8_quantile(st->single[ks[1]], qs[i][1])};
            if (selects_differently(cand, p, 2, self, other) &&
                selects_differently(cand, p, 2, self, want_all)) {
                json_decref(cand);
                return 1;
            }
        }
    json_decref(cand);
    conf_empty(c, "%s: no thresholds where AND and OR select different pairs", st->r->id);
    return 0;
}

static void and_constraints(conf_ctx *c, m8_res *st) {
    int ks[2];
    pred p[2];
    if (!two_preds(c, st, ks, p, want_and, want_or2)) return;
    char a[80], b[80];
    json_t *req = m8_req(st, ks, 2);
    json_object_set_new(req, "constraints", json_pack("[ss]", pred_text(a, sizeof a, 0, &p[0]),
                                                      pred_text(b, sizeof b, 1, &p[1])));
    post_judge(c, st, req, ks, 2, p, 2, want_and);
}
void r8189_and_constraints(conf_ctx *c) { each(c, and_constraints); }

static void or_constraints(conf_ctx *c, m8_res *st) {
    int ks[2];
    pred p[2];
    if (!two_preds(c, st, ks, p, want_or2, want_and)) return;
    char a[80], b[80];
    json_t *req = m8_req(st, ks, 2);
    json_object_set_new(req, "or-constraints", json_pack("[[s][s]]", pred_text(a, sizeof a, 0, &p[0]),
                                                         pred_text(b, sizeof b, 1, &p[1])));
    post_judge(c, st, req, ks, 2, p, 2, want_or2);
}
void r8189_or_constraints(conf_ctx *c) { each(c, or_constraints); }

/* ---- answers (4.1.3) ---- */

/* The multi-cost answer judged by the response rows: up to three types
 * (max-cost-types permitting) whose single-cost answers differ. */
typedef struct mc_answer { int ks[M8_MAX]; int n; conf_xchg *x; json_t *doc; } mc_answer;

static int fetch_answer(conf_ctx *c, m8_res *st, mc_answer *a) {
    memset(a, 0, sizeof *a);
    a->n = m8_pick(c, st, a->ks, 3, 0);
    if (a->n <= 0) return 0;
    a->x = conf_post(c, st->r, m8_req(st, a->ks, a->n));
    a->doc = conf_ok(c, a->x);
    return a->doc != NULL;
}

static void single_cost(conf_ctx *c, m8_res *st) {
    json_t *req = json_deep_copy(st->scope);
    json_object_set(req, "cost-type", st->types[0]);
    json_t *doc = conf_ok(c, conf_post(c, st->r, req));
    if (!doc) return;
    json_t *meta = json_object_get(doc, "meta"), *ct = json_object_get(meta, "cost-type");
    conf_checked(conf_pb(c), 1);
    if (!json_equal(json_object_get(ct, "cost-metric"), json_object_get(st->types[0], "cost-metric")) ||
        !json_equal(json_object_get(ct, "cost-mode"), json_object_get(st->types[0], "cost-mode")))
        conf_prob(conf_pb(c), "meta/cost-type", conf_jshow(st->types[0]), conf_jshow(ct),
                  "a cost-type request must get the RFC 7285 answer for that type");
    if (json_object_get(meta, "multi-cost-types"))
        conf_prob(conf_pb(c), "meta/multi-cost-types", "absent", "present",
                  "a cost-type request got a multi-cost answer");
    json_t *flat = m8_flat(doc, st->ecs);
    const char *k;
    json_t *v;
    json_object_foreach(flat, k, v) {
        conf_checked(conf_pb(c), 1);
        if (!json_is_number(v))
            conf_prob(conf_pb(c), k, "a JSON number", conf_jshow(v), "%s: a single-valued cost is "
                      "not a number", k);
    }
    json_decref(flat);
}
void r8189_single_cost(conf_ctx *c) { each(c, single_cost); }

static void meta_cost_type(conf_ctx *c, m8_res *st) {
    mc_answer a;
    if (!fetch_answer(c, st, &a)) return;
    json_t *ct = json_object_get(json_object_get(a.doc, "meta"), "cost-type");
    conf_checked(conf_pb(c), 1);
    if (!json_is_object(ct) || json_object_size(ct))
        conf_prob(conf_pb(c), "meta/cost-type", "{}", ct ? conf_jshow(ct) : "(absent)",
                  "a multi-cost answer's meta cost-type must be {}");
}
void r8189_meta_cost_type(conf_ctx *c) { each(c, meta_cost_type); }

static void multi_cost_types(conf_ctx *c, m8_res *st) {
    mc_answer a;
    if (!fetch_answer(c, st, &a)) return;
    json_t *got = json_object_get(json_object_get(a.doc, "meta"), "multi-cost-types");
    conf_checked(conf_pb(c), 1);
    if (!json_is_array(got) || (int)json_array_size(got) != a.n) {
        conf_prob(conf_pb(c), "meta/multi-cost-types", "the requested list", got ? conf_jshow(got) : "(absent)",
                  "meta multi-cost-types must have the request's %d cost types", a.n);
        return;
    }
    for (int i = 0; i < a.n; i++) {
        json_t *w = st->types[a.ks[i]], *g = json_array_get(got, i);
        conf_checked(conf_pb(c), 1);
        if (!json_equal(json_object_get(w, "cost-metric"), json_object_get(g, "cost-metric")) ||
            !json_equal(json_object_get(w, "cost-mode"), json_object_get(g, "cost-mode")))
            conf_prob(conf_pb(c), "meta/multi-cost-types", conf_jshow(w), conf_jshow(g),
                      "entry %d is not the requested cost type", i);
    }
}
void r8189_multi_cost_types(conf_ctx *c) { each(c, multi_cost_types); }

static void array_values(conf_ctx *c, m8_res *st) {
    mc_answer a;
    if (!fetch_answer(c, st, &a)) return;
    judge(c, st, a.doc, a.ks, a.n, NULL, 0, want_all_defined);
}
void r8189_array_values(conf_ctx *c) { each(c, array_values); }

static void null_unavailable(conf_ctx *c, m8_res *st) {
    mc_answer a;
    if (!fetch_answer(c, st, &a)) return;
    json_t *flat = m8_flat(a.doc, st->ecs), *cand = candidates(st, a.ks, a.n);
    const char *key;
    json_t *v;
    int seen = 0;
    json_object_foreach(cand, key, v)
        for (int i = 0; i < a.n; i++) {
            if (json_object_get(st->single[a.ks[i]], key)) continue;
            seen = 1;
            json_t *arr = json_object_get(flat, key), *e = json_array_get(arr, i);
            conf_checked(conf_pb(c), 1);
            if (!arr || !json_is_array(arr) || (int)json_array_size(arr) != a.n || !json_is_null(e))
                conf_prob(conf_pb(c), key, "null at index", arr ? conf_jshow(arr) : "(omitted)",
                          "%s: cost type %d has no value for this pair, another has: element %d "
                          "must be null", key, i, i);
        }
    if (!seen) conf_empty(c, "%s: every pair has a value for every type picked", st->r->id);
    json_decref(flat);
    json_decref(cand);
}
void r8189_null_unavailable(conf_ctx *c) { each(c, null_unavailable); }

static void media_type(conf_ctx *c, m8_res *st) {
    mc_answer a;
    if (!fetch_answer(c, st, &a) && !a.x) return;
    if (a.x) conf_check_media(conf_pb(c), a.x, st->ecs ? M8_ECS : M8_COSTMAP);
}
void r8189_media_type(conf_ctx *c) { each(c, media_type); }

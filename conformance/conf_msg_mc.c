/* conf_msg_mc.c: validators of RFC 8189 multi-cost messages, the kinds
 * costmapfilter-mc, endpointcostparams-mc (requests, 4.1.2 / 4.2.2) and
 * costmap-mc, endpointcost-mc (answers, 4.1.3 / 4.2.3).
 *
 * A request is judged on what RFC 8189 adds (exactly one of cost-type and
 * multi-cost-types, non-empty type lists, constraints or or-constraints
 * but not both, no empty clause, predicates "[i] op value" whose index
 * names a tested type) and then, for everything else (pids, endpoints),
 * by the RFC 7285 validator on a copy carrying the first requested type as
 * its cost-type: one rule per member, not a second copy.  An answer: meta
 * cost-type {} and multi-cost-types, every cost an array of that many
 * numbers or nulls.  Limits: operators and numbers are checked as RFC 7285
 * 11.3.2.3 words them; whether a tested type is testable needs the IRD and
 * is the rfc8189 suite's business. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_msg.h"
#include "conf_check.h"

/* "[i] op value" with i < ntested; 1 if well formed. */
static int pred_ok(const char *s, size_t ntested, const char **why) {
    size_t idx = 0;
    if (*s == '[') {
        char *end;
        if (!isdigit((unsigned char)s[1])) { *why = "an index must be digits in brackets"; return 0; }
        idx = strtoul(s + 1, &end, 10);
        if (end[0] != ']' || end[1] != ' ') { *why = "expected \"[i] \" before the operator"; return 0; }
        s = end + 2;
    }
    if (idx >= ntested) { *why = "the index names no tested cost type"; return 0; }
    static const char *const ops[] = {"gt ", "lt ", "ge ", "le ", "eq "};
    int op = 0;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) op |= !strncmp(s, ops[i], 3);
    if (!op) { *why = "the operator is not gt, lt, ge, le or eq"; return 0; }
    char *end;
    strtod(s + 3, &end);
    if (end == s + 3 || *end) { *why = "the target is not a number"; return 0; }
    return 1;
}

static void v_preds(const json_t *a, const char *path, size_t ntested, conf_probs *p) {
    size_t i;
    json_t *x;
    char ip[CONF_PATH_MAX];
    json_array_foreach(a, i, x) {
        const char *why = "not a string";
        conf_path_idx(ip, path, i);
        conf_checked(p, 1);
        if (!json_is_string(x) || !pred_ok(json_string_value(x), ntested, &why))
            conf_prob(p, ip, "an extended constraint \"[i] op value\"", conf_jshow(x), "%s: %s", ip, why);
    }
}

static size_t v_type_list(const json_t *d, const char *key, conf_probs *p) {
    char path[64];
    snprintf(path, sizeof path, "$.%s", key);
    json_t *a = conf_check_member(p, d, "$", key, CONF_JT_ARRAY, 0);
    if (!a) return 0;
    if (!json_array_size(a)) conf_prob(p, path, "at least one cost type", "[]", "%s is empty", path);
    size_t i;
    json_t *ct;
    char ip[CONF_PATH_MAX];
    json_array_foreach(a, i, ct) {
        conf_path_idx(ip, path, i);
        conf_v_cost_type_obj(ct, ip, 0, p);
    }
    return json_array_size(a);
}

static int v_req_mc(const json_t *d, conf_probs *p, int (*base)(const json_t *, conf_probs *)) {
    int n0 = p->n;
    json_t *ct = json_object_get(d, "cost-type"), *mct = json_object_get(d, "multi-cost-types");
    conf_checked(p, 1);
    if (!ct == !mct)
        conf_prob(p, "$", "exactly one of cost-type and multi-cost-types", ct ? "both" : "neither",
                  "RFC 8189 4.1.2: the Client MUST specify either cost-type or multi-cost-types");
    size_t n = mct ? v_type_list(d, "multi-cost-types", p) : 1;
    size_t nt = json_object_get(d, "testable-cost-types") ? v_type_list(d, "testable-cost-types", p) : n;
    json_t *c = conf_check_member(p, d, "$", "constraints", CONF_JT_ARRAY, 0);
    json_t *o = conf_check_member(p, d, "$", "or-constraints", CONF_JT_ARRAY, 0);
    if (c && o)
        conf_prob(p, "$.or-constraints", "absent (constraints is present)", "present",
                  "constraints and or-constraints MUST NOT both be specified");
    v_preds(c, "$.constraints", nt, p);
    size_t i;
    json_t *clause;
    char ip[CONF_PATH_MAX];
    json_array_foreach(o, i, clause) {
        conf_path_idx(ip, "$.or-constraints", i);
        if (!json_is_array(clause) || !json_array_size(clause))
            conf_prob(p, ip, "a non-empty array of predicates", conf_jshow(clause), "%s is not a non-empty array", ip);
        else
            v_preds(clause, ip, nt, p);
    }
    /* The rest (pids, endpoints) by the RFC 7285 rules. */
    json_t *copy = json_deep_copy(d);
    json_object_del(copy, "multi-cost-types");
    json_object_del(copy, "testable-cost-types");
    json_object_del(copy, "constraints");
    json_object_del(copy, "or-constraints");
    json_t *first = mct ? json_array_get(mct, 0) : ct;
    if (json_is_object(first)) json_object_set(copy, "cost-type", first);
    if (json_is_object(first)) base(copy, p);
    json_decref(copy);
    return p->n - n0;
}

int conf_v_req_fcostmap_mc(const json_t *d, conf_probs *p) { return v_req_mc(d, p, conf_v_req_fcostmap); }
int conf_v_req_ecs_mc(const json_t *d, conf_probs *p) { return v_req_mc(d, p, conf_v_req_ecs); }

static int v_answer_mc(const json_t *d, const char *member, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    json_t *ct = conf_check_member(p, meta, "$.meta", "cost-type", CONF_JT_OBJECT, 1);
    if (ct && json_object_size(ct))
        conf_prob(p, "$.meta.cost-type", "{}", conf_jshow(ct), "a multi-cost answer's meta cost-type is {}");
    json_t *mct = conf_check_member(p, meta, "$.meta", "multi-cost-types", CONF_JT_ARRAY, 1);
    size_t n = json_array_size(mct), i;
    json_t *x;
    char path[CONF_PATH_MAX], vp[CONF_PATH_MAX];
    json_array_foreach(mct, i, x) {
        conf_path_idx(path, "$.meta.multi-cost-types", i);
        conf_v_cost_type_obj(x, path, 0, p);
    }
    char base[64];
    snprintf(base, sizeof base, "$.%s", member);
    json_t *map = conf_check_member(p, d, "$", member, CONF_JT_OBJECT, 1);
    const char *src, *dst;
    json_t *row, *v;
    json_object_foreach(map, src, row) {
        conf_path_key(path, base, src);
        if (!json_is_object(row)) {
            conf_prob(p, path, "an object of destination costs", alto_json_type(row), "%s is %s", path, alto_json_type(row));
            continue;
        }
        json_object_foreach(row, dst, v) {
            conf_path_key(vp, path, dst);
            conf_checked(p, 1);
            int ok = json_is_array(v) && json_array_size(v) == n;
            json_array_foreach(ok ? v : NULL, i, x) ok &= json_is_number(x) || json_is_null(x);
            if (!ok)
                conf_prob(p, vp, "an array of one number or null per multi-cost type", conf_jshow(v),
                          "%s is not an array of %zu numbers or nulls", vp, n);
        }
    }
    return p->n - n0;
}

int conf_v_costmap_mc(const json_t *d, conf_probs *p) {
    int n = v_answer_mc(d, "cost-map", p);
    return n + conf_v_dvtags(d, 1, p);
}
int conf_v_ecs_mc(const json_t *d, conf_probs *p) { return v_answer_mc(d, "endpoint-cost-map", p); }

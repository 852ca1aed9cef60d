/* s6_basic_data_types.c: RFC 9275 section 6 (Basic Data Types) judged in
 * the multipart answers: the ANE domain and the initial ANE properties
 * (6.2.4, 6.4), the path vector cost type (6.5), the part resource id
 * length (6.6).  Each judges the answer to the richest request (R9_Q_ALL)
 * of every path vector resource. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rfc9275.h"

static void array_value(conf_ctx *c, const char *path, json_t *v, void *ud) {
    (void)ud;
    conf_ctx_checked(c, 1);
    if (!json_is_array(v))
        conf_prob(conf_pb(c), path, "a JSON array (cost mode array)", conf_jshow(v), "%s is %s", path, alto_json_type(v));
}
static void array_values(conf_ctx *c, r9_resp *p) { r9_each_cost(c, p, array_value, NULL); }
void r9275_array_values(conf_ctx *c) { r9_each_answer(c, 1, array_values); }

static void ane_name(conf_ctx *c, const char *path, json_t *v, void *ud) {
    (void)ud;
    size_t i;
    json_t *a;
    char ip[CONF_PATH_MAX];
    json_array_foreach(v, i, a) {
        const char *why;
        conf_path_idx(ip, path, i);
        conf_ctx_checked(c, 1);
        if (!json_is_string(a))
            conf_prob(conf_pb(c), ip, "an ANEName string", conf_jshow(a), "%s is %s", ip, alto_json_type(a));
        else if (!conf_syn_pidname(json_string_value(a), &why))
            conf_prob(conf_pb(c), ip, "an ANEName (PIDName syntax)", json_string_value(a), "ANE name \"%s\" %s",
                      json_string_value(a), why);
    }
}
static void ane_names(conf_ctx *c, r9_resp *p) { r9_each_cost(c, p, ane_name, NULL); }
void r9275_ane_names(conf_ctx *c) { r9_each_answer(c, 1, ane_names); }

/* 6.6: "resource-id '.' part-resource-id" fits the 64 characters of a
 * ResourceID (MUST); 31 characters each are RECOMMENDED. */
static void id_length(conf_ctx *c, r9_resp *p) {
    const char *rids[] = {p->pv_rid, p->pm_rid};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(p->r->id) + 1 + strlen(rids[i]);
        conf_ctx_checked(c, rids[i][0] != 0);
        if (!rids[i][0] || n <= 64) continue;
        char act[32];
        snprintf(act, sizeof act, "%zu characters", n);
        conf_prob(conf_pb(c), "Content-ID", "<= 64 characters", act, "%s.%s is %zu characters long",
                  p->r->id, rids[i], n);
    }
}
void r9275_id_length(conf_ctx *c) { r9_each_answer(c, 1, id_length); }

static void id_length_31(conf_ctx *c, r9_resp *p) {
    const char *ids[] = {p->r->id, p->pv_rid, p->pm_rid};
    conf_ctx_checked(c, 3);
    for (int i = 0; i < 3; i++)
        if (strlen(ids[i]) > 31)
            conf_prob(conf_pb(c), i ? "Content-ID" : "$.resources", "<= 31 characters", ids[i],
                      "%s \"%s\" is longer than 31 characters", i ? "part resource id" : "resource id", ids[i]);
}
void r9275_id_length_31(conf_ctx *c) { r9_each_answer(c, 1, id_length_31); }

/* 6.2.4: ephemeral ANEs are in the domain ".ane". */
static void ane_domain(conf_ctx *c, r9_resp *p) {
    const char *k, *why;
    json_t *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(r9_propmap(c, p), k, v) {
        conf_path_key(path, "$.property-map", k);
        conf_ctx_checked(c, 1);
        if (strncmp(k, ".ane:", 5))
            conf_prob(conf_pb(c), path, "\".ane:<ANEName>\"", k, "property map entity %s is not in the domain \".ane\"", k);
        else if (!conf_syn_pidname(k + 5, &why))
            conf_prob(conf_pb(c), path, "\".ane:<ANEName>\"", k, "the ANE name of %s %s", k, why);
    }
}
void r9275_ephemeral_domain(conf_ctx *c) { r9_each_answer(c, 1, ane_domain); }

typedef void (*prop_fn)(conf_ctx *c, const char *path, json_t *v);

static void each_prop(conf_ctx *c, r9_resp *p, const char *name, prop_fn fn) {
    const char *k;
    json_t *props;
    char path[CONF_PATH_MAX];
    json_object_foreach(r9_propmap(c, p), k, props) {
        json_t *v = json_object_get(props, name);
        if (!v) continue;
        conf_path_key(path, "$.property-map", k);
        conf_path_key(path, path, name);
        conf_ctx_checked(c, 1);
        fn(c, path, v);
    }
}

static void mrb_value(conf_ctx *c, const char *path, json_t *v) {
    if (!json_is_number(v) || json_number_value(v) < 0)
        conf_prob(conf_pb(c), path, "a non-negative number (bps)", conf_jshow(v),
                  "max-reservable-bandwidth %s is not a non-negative number", conf_jshow(v));
}
static void mrb(conf_ctx *c, r9_resp *p) { each_prop(c, p, "max-reservable-bandwidth", mrb_value); }
void r9275_max_reservable_bandwidth(conf_ctx *c) { r9_each_answer(c, 1, mrb); }

static void peid_value(conf_ctx *c, const char *path, json_t *v) {
    char pm[128];
    const char *why = "is not a string";
    if (!json_is_string(v) || !r9_syn_persistent_id(json_string_value(v), pm, sizeof pm, &why))
        conf_prob(conf_pb(c), path, "an EntityID \"PROPMAP.ane:<ANEName>\"", conf_jshow(v),
                  "persistent-entity-id %s %s", conf_jshow(v), why);
}
static void peid(conf_ctx *c, r9_resp *p) { each_prop(c, p, "persistent-entity-id", peid_value); }
void r9275_persistent_entity_id(conf_ctx *c) { r9_each_answer(c, 1, peid); }

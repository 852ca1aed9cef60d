/* s3_cdni_advertisement.c: RFC 9241 section 3, the CDNI Advertisement
 * Service: media type (3.1), "uses" (3.5), and the response (3.6): vtag,
 * dependent-vtags, the CDNIAdvertisementData shape, RFC 8008 capability
 * values and RFC 8006 footprints.  Every row judges each full (GET)
 * advertisement of the IRD closure on its real answer. */
#include <stdio.h>
#include <string.h>
#include "rfc9241.h"
#include "conf_check.h"

static void media_type(conf_ctx *c, const conf_res *r) {
    conf_xchg *x = conf_get(c, r);
    if (!conf_ok(c, x)) return;
    conf_checked(conf_pb(c), 1);
    conf_check_media(conf_pb(c), x, M9_CDNI);
}
void r9241_media_type(conf_ctx *c) { c9_each(c, C9_FULL, media_type); }

/* 3.5 / 5.5: "uses" only for a resource that depends on something; what
 * an answer shows of a dependency is dependent-vtags or an altopid
 * footprint (the one dependency RFC 9241 defines). */
static void uses_absent(conf_ctx *c, const conf_res *r) {
    json_t *doc = c9_get(c, r);
    if (!doc) return;
    conf_checked(conf_pb(c), 1);
    if (!r->uses) return;
    json_t *dv = json_object_get(json_object_get(doc, "meta"), "dependent-vtags");
    if (!json_array_size(dv) && !c9_has_altopid(doc))
        conf_prob(conf_pb(c), "IRD uses", "no \"uses\" (the answer depends on nothing)", conf_jshow(r->uses),
                  "%s has \"uses\" but its answer has neither dependent-vtags nor altopid footprints", r->id);
}
void r9241_uses_absent(conf_ctx *c) { c9_each(c, C9_FULL, uses_absent); }

static void vtag(conf_ctx *c, const conf_res *r) {
    json_t *doc = c9_get(c, r);
    if (!doc) return;
    if (conf_v_cdni_vtag(doc, conf_pb(c))) return;
    const char *rid = json_string_value(json_object_get(json_object_get(json_object_get(doc, "meta"),
                                                                        "vtag"), "resource-id"));
    conf_checked(conf_pb(c), 1);
    if (rid && strcmp(rid, r->id))
        conf_prob(conf_pb(c), "$.meta.vtag.resource-id", r->id, rid,
                  "the vtag of %s names another resource", r->id);
}
void r9241_vtag(conf_ctx *c) { c9_each(c, C9_FULL, vtag); }

/* dependent-vtags names each resource of "uses", with its current tag
 * where that resource is a network map (fetched as a control). */
static void dependent_vtags(conf_ctx *c, const conf_res *r) {
    if (!json_array_size(r->uses)) {
        conf_empty(c, "no CDNI Advertisement resource has \"uses\"");
        return;
    }
    json_t *doc = c9_get(c, r);
    if (!doc) return;
    conf_xchg *x = conf_get(c, r);
    json_t *dv = json_object_get(json_object_get(doc, "meta"), "dependent-vtags");
    conf_checked(conf_pb(c), 1);
    if (!json_is_array(dv)) {
        conf_prob(conf_pb(c), "$.meta.dependent-vtags", "an array naming the resources in uses",
                  dv ? alto_json_type(dv) : "(absent)", "%s uses %s but its answer has no dependent-vtags",
                  r->id, conf_jshow(r->uses));
        return;
    }
    size_t i, j;
    json_t *u, *t;
    json_array_foreach(r->uses, i, u) {
        json_t *found = NULL;
        json_array_foreach(dv, j, t)
            if (json_equal(json_object_get(t, "resource-id"), u)) found = t;
        conf_checked(conf_pb(c), 1);
        if (!found) {
            conf_prob(conf_pb(c), "$.meta.dependent-vtags", json_string_value(u), "(absent)",
                      "dependent-vtags has no entry for %s of uses", json_string_value(u));
            continue;
        }
        const conf_res *nm = json_is_string(u) ? conf_ird_find(&c->s->ird, json_string_value(u)) : NULL;
        if (!nm || nm->svc != CONF_SVC_NETMAP) continue;
        json_t *map = c9_get_control(c, nm);
        if (!map) return;
        json_t *tag = json_object_get(json_object_get(json_object_get(map, "meta"), "vtag"), "tag");
        conf_focus(c, x);
        if (!json_equal(tag, json_object_get(found, "tag")))
            conf_prob(conf_pb(c), "$.meta.dependent-vtags", conf_jshow(tag), conf_jshow(json_object_get(found, "tag")),
                      "the tag of %s in dependent-vtags is not the network map's current one",
                      json_string_value(u));
    }
}
void r9241_dependent_vtags(conf_ctx *c) { c9_each(c, C9_FULL, dependent_vtags); }

static void shape(conf_ctx *c, const conf_res *r) {
    json_t *doc = c9_get(c, r);
    if (doc) conf_v_cdni_shape(doc, conf_pb(c));
}
void r9241_shape(conf_ctx *c) { c9_each(c, C9_FULL, shape); }

typedef int (*v_fn)(const json_t *d, conf_probs *p);

static void judge(conf_ctx *c, const conf_res *r, v_fn fn, const char *what) {
    json_t *doc = c9_get(c, r);
    if (!doc) return;
    if (!json_array_size(c9_objects(doc))) conf_empty(c, "the advertisement of %s has no objects", r->id);
    else if (!fn(doc, conf_pb(c)) && !conf_pb(c)->checked) conf_empty(c, "%s has no %s", r->id, what);
}

static void capability_values(conf_ctx *c, const conf_res *r) {
    judge(c, r, conf_v_cdni_capvalues, "capability");
}
void r9241_capability_values(conf_ctx *c) { c9_each(c, C9_FULL, capability_values); }

static void footprint_types(conf_ctx *c, const conf_res *r) {
    judge(c, r, conf_v_cdni_fptypes, "footprint");
}
void r9241_footprint_types(conf_ctx *c) { c9_each(c, C9_FULL, footprint_types); }

static void footprint_values(conf_ctx *c, const conf_res *r) {
    judge(c, r, conf_v_cdni_fpvalues, "footprint of a registered type");
}
void r9241_footprint_values(conf_ctx *c) { c9_each(c, C9_FULL, footprint_values); }

/* s6_property_map.c: RFC 9241 section 6, footprints as property map
 * entities: the ASN (6.1.1.2) and COUNTRYCODE (6.1.2.2) identifier
 * encodings, the defining resource of "cdni-capabilities" (6.2.1) and
 * its value (6.2.2): an array of CDNICapability holding every capability
 * of the defining advertisement whose footprint restrictions hold the
 * entity.  Judged on every property map whose "mappings" name a
 * cdni-capabilities property: a GET map as it is, a filtered one asked
 * for every entity and property ({"entities": [], "properties": []},
 * RFC 9240 8.3: empty lists mean all).  "Holds": an object without
 * footprints (global, 3.6), or with a footprint of the entity's type that
 * covers it (a prefix containing the entity's address or prefix; the same
 * ASN or country code). */
#include <stdio.h>
#include <string.h>
#include "rfc9241.h"
#include "conf_check.h"
#include "sim_cdni.h"
#include "alto_addr.h"

static json_t *pm_answer(conf_ctx *c, const conf_res *r, conf_xchg **xo) {
    conf_xchg *x = r->accepts ? conf_post(c, r, json_pack("{s:[], s:[]}", "entities", "properties"))
                              : conf_get(c, r);
    *xo = x;
    json_t *doc = conf_ok(c, x);
    json_t *map = doc ? json_object_get(doc, "property-map") : NULL;
    if (doc && !json_is_object(map)) {
        conf_prob(conf_pb(c), "$.property-map", "an object", alto_json_type(map), "no property-map object");
        return NULL;
    }
    return map;
}

static void entities_of(conf_ctx *c, const conf_res *r, const char *dom) {
    conf_xchg *x;
    json_t *map = pm_answer(c, r, &x);
    if (!map) return;
    const char *k;
    json_t *v;
    size_t n = strlen(dom);
    char path[CONF_PATH_MAX];
    int seen = 0;
    json_object_foreach(map, k, v) {
        if (strncmp(k, dom, n) || k[n] != ':') continue;
        seen = 1;
        conf_checked(conf_pb(c), 1);
        conf_path_key(path, "$.property-map", k);
        const char *why = sim_cdni_footprint_why(!strcmp(dom, "asn") ? "asn" : "countrycode", k + n + 1);
        if (why) conf_prob(conf_pb(c), path, why, k, "entity %s: %s", k, why);
    }
    if (!seen) conf_empty(c, "no property map answer has an entity of domain %s", dom);
}

static void asn_entities(conf_ctx *c, const conf_res *r) { entities_of(c, r, "asn"); }
void r9241_asn_entities(conf_ctx *c) { c9_each(c, C9_PROPMAP, asn_entities); }

static void countrycode_entities(conf_ctx *c, const conf_res *r) { entities_of(c, r, "countrycode"); }
void r9241_countrycode_entities(conf_ctx *c) { c9_each(c, C9_PROPMAP, countrycode_entities); }

/* The resource id of a "<rid>.cdni-capabilities" name into rid, or 0. */
static int cdni_prop(const char *name, char *rid, size_t n) {
    const char *suf = ".cdni-capabilities";
    size_t k = strlen(name), m = strlen(suf);
    if (k <= m || strcmp(name + k - m, suf) || k - m >= n) return 0;
    memcpy(rid, name, k - m);
    rid[k - m] = 0;
    return 1;
}

static void defining_resource(conf_ctx *c, const conf_res *r) {
    const char *dom;
    json_t *names, *v;
    size_t i;
    char rid[128];
    conf_focus(c, c->s->ird.irds[r->ird].x);
    json_object_foreach(json_object_get(r->caps, "mappings"), dom, names)
        json_array_foreach(names, i, v) {
            if (!json_is_string(v) || !cdni_prop(json_string_value(v), rid, sizeof rid)) continue;
            const conf_res *d = conf_ird_find(&c->s->ird, rid);
            conf_checked(conf_pb(c), 1);
            if (!d || !d->media || strcmp(d->media, M9_CDNI))
                conf_prob(conf_pb(c), "capabilities/mappings", "a CDNI Advertisement resource (" M9_CDNI ")",
                          d ? (d->media ? d->media : "(no media type)") : "(no such resource)",
                          "%s: the defining resource %s of %s is not a CDNI Advertisement resource",
                          r->id, rid, json_string_value(v));
        }
}
void r9241_defining_resource(conf_ctx *c) { c9_each(c, C9_PROPMAP, defining_resource); }

static void capabilities_array(conf_ctx *c, const conf_res *r) {
    conf_xchg *x;
    json_t *map = pm_answer(c, r, &x);
    if (!map) return;
    json_t *doc = json_pack("{s:O}", "property-map", map);
    conf_v_cdni_propmap(doc, conf_pb(c));
    json_decref(doc);
    if (!conf_pb(c)->checked) conf_empty(c, "the property map of %s has no cdni-capabilities value", r->id);
}
void r9241_capabilities_array(conf_ctx *c) { c9_each(c, C9_PROPMAP, capabilities_array); }

/* ---- 6.2.2: all the capabilities whose footprints hold the entity ---- */

static const struct { const char *domain, *fp_type; int family; } doms[] = {
    {"ipv4", "ipv4cidr", 4}, {"ipv6", "ipv6cidr", 6}, {"asn", "asn", 0}, {"countrycode", "countrycode", 0},
};

static int holds(const json_t *o, int di, const char *id) {
    json_t *fps = json_object_get(o, "footprints");
    if (!json_array_size(fps)) return 1;
    alto_prefix e, f;
    if (doms[di].family && alto_prefix_parse(id, doms[di].family, 0, &e)) return 0;
    size_t i, j;
    json_t *fp, *v;
    json_array_foreach(fps, i, fp) {
        const char *t = json_string_value(json_object_get(fp, "footprint-type"));
        if (!t || strcmp(t, doms[di].fp_type)) continue;
        json_array_foreach(json_object_get(fp, "footprint-value"), j, v) {
            const char *s = json_string_value(v);
            if (!s) continue;
            if (!doms[di].family) { if (!strcmp(s, id)) return 1; continue; }
            if (!alto_prefix_parse(s, doms[di].family, 0, &f) && f.len <= e.len && alto_prefix_contains(&f, &e.addr))
                return 1;
        }
    }
    return 0;
}

static int same_cap(const json_t *v, const json_t *o) {
    return json_equal(json_object_get(v, "capability-type"), json_object_get(o, "capability-type")) &&
           json_equal(json_object_get(v, "capability-value"), json_object_get(o, "capability-value"));
}

static int has_cap(const json_t *list, const json_t *o) {
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (same_cap(v, o)) return 1;
    return 0;
}

/* Compares the value (NULL = absent) of entity key in domain di with the
 * advertisement adv defines it from. */
static void judge_entity(conf_ctx *c, const char *key, int di, const char *prop, const json_t *val,
                         const json_t *adv) {
    const char *id = key + strlen(doms[di].domain) + 1;
    char path[CONF_PATH_MAX], q[CONF_PATH_MAX];
    conf_path_key(path, "$.property-map", key);
    conf_path_key(q, path, prop);
    size_t i;
    json_t *o;
    json_array_foreach(c9_objects(adv), i, o) {
        if (!holds(o, di, id)) continue;
        conf_checked(conf_pb(c), 1);
        if (!val && doms[di].family) continue;      /* may be inherited from a wider prefix */
        if (!has_cap(val, o))
            conf_prob(conf_pb(c), val ? path : q, conf_jshow(json_object_get(o, "capability-value")),
                      val ? conf_jshow(val) : "(absent)", "%s of %s lacks capability %s %s of the "
                      "defining advertisement", prop, key, json_string_value(json_object_get(o, "capability-type")),
                      conf_jshow(json_object_get(o, "capability-value")));
    }
    json_array_foreach(val, i, o) {
        int found = 0;
        size_t j;
        json_t *w;
        json_array_foreach(c9_objects(adv), j, w) found = found || (holds(w, di, id) && same_cap(w, o));
        conf_checked(conf_pb(c), 1);
        if (!found)
            conf_prob_soft(conf_pb(c), q, "only capabilities whose footprints hold the entity", conf_jshow(o),
                           "%s of %s names a capability the defining advertisement does not offer there", prop, key);
    }
}

static void all_capabilities(conf_ctx *c, const conf_res *r) {
    conf_xchg *x;
    json_t *map = pm_answer(c, r, &x);
    if (!map) return;
    const char *key, *dom;
    json_t *props, *names, *v;
    char rid[128];
    json_object_foreach(map, key, props)
        for (size_t di = 0; di < sizeof doms / sizeof *doms; di++) {
            size_t n = strlen(doms[di].domain);
            if (strncmp(key, doms[di].domain, n) || key[n] != ':') continue;
            json_object_foreach(json_object_get(r->caps, "mappings"), dom, names) {
                if (strcmp(dom, doms[di].domain)) continue;
                size_t i;
                json_array_foreach(names, i, v) {
                    if (!json_is_string(v) || !cdni_prop(json_string_value(v), rid, sizeof rid)) continue;
                    const conf_res *d = conf_ird_find(&c->s->ird, rid);
                    if (!d || !d->uri || d->accepts) continue;   /* rfc9241/6.2.1/defining-resource */
                    json_t *adv = c9_get_control(c, d);
                    if (!adv) return;
                    conf_focus(c, x);
                    judge_entity(c, key, (int)di, json_string_value(v), json_object_get(props, json_string_value(v)), adv);
                }
            }
        }
    if (!conf_pb(c)->checked) conf_empty(c, "no entity of %s is held by a capability of its defining advertisement", r->id);
}
void r9241_all_capabilities(conf_ctx *c) { c9_each(c, C9_PROPMAP, all_capabilities); }

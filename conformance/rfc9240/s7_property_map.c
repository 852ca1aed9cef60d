/* s7_property_map.c: RFC 9240 section 7 (and what section 8 takes from
 * it): the "mappings" capability's names (7.4), the defining resources
 * that resource-specific domains and properties name, a network map
 * listed in "uses" (7.5 with 4.6.1, 6.1.4, 6.2.4, 8.7), answers holding
 * only properties the IRD maps to the entity's domain, and the
 * dependent-vtags of the resources in "uses", in that order, with their
 * current tags (7.6; r92_check_dvtags serves the 8.6 row too). */
#include <stdio.h>
#include <string.h>
#include "rfc9240.h"
#include "alto_json.h"
#include "rfc8189/rfc8189.h"

json_t *r92_answer(conf_ctx *c, const conf_res *r, json_t **doc_out) {
    json_t *doc;
    if (r->svc == CONF_SVC_PROPMAP) {
        doc = conf_ok(c, conf_get(c, r));
    } else {
        json_t *mp = r92_mappings(r);
        if (!mp) return NULL;
        doc = conf_ok(c, conf_post(c, r, json_pack("{s:[], s:o}", "entities", "properties",
                                                   r92_all_props(mp))));
    }
    if (doc_out) *doc_out = doc;
    json_t *pm = doc ? json_object_get(doc, "property-map") : NULL;
    if (doc && !json_is_object(pm))
        conf_prob(conf_pb(c), "property-map", "an object", alto_json_type(pm), "%s: no property-map", r->id);
    return json_is_object(pm) ? pm : NULL;
}

static int listed(const json_t *l, const char *s) {
    size_t i;
    json_t *v;
    json_array_foreach(l, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), s)) return 1;
    return 0;
}

void r9240_mapped_properties(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, -1) {
        json_t *mp = r92_mappings(r), *pm = r92_answer(c, r, NULL);
        const char *k, *pn;
        json_t *props, *v;
        json_object_foreach(pm, k, props) {
            conf_upm_ent e;
            const char *why;
            char path[CONF_PATH_MAX];
            conf_path_key(path, "property-map", k);
            if (!conf_upm_entity(k, &e, &why)) continue;   /* the entity-ids row's */
            json_t *l = json_object_get(mp, e.domain);
            conf_checked(conf_pb(c), 1);
            if (!l) {
                conf_prob(conf_pb(c), path, "a domain in mappings", e.domain,
                          "%s answers entity %s, whose domain its IRD entry does not map", r->id, k);
                continue;
            }
            json_object_foreach(props, pn, v)
                if (!listed(l, pn))
                    conf_prob(conf_pb(c), path, "a property mapped to its domain", pn,
                              "%s: property %s of %s is not in mappings[%s]", r->id, pn, k, e.domain);
        }
    }
}

/* The current vtag of resource id, or NULL (after ERROR). */
static json_t *current_vtag(conf_ctx *c, const char *id) {
    const conf_res *u = conf_ird_find(&c->s->ird, id);
    if (!u || !u->uri || u->accepts) return NULL;
    json_t *doc = conf_control(c, conf_get(c, u));
    return doc ? json_object_get(json_object_get(doc, "meta"), "vtag") : NULL;
}

void r92_check_dvtags(conf_ctx *c, const conf_res *r, const json_t *doc) {
    conf_probs *p = conf_pb(c);
    json_t *dv = json_object_get(json_object_get(doc, "meta"), "dependent-vtags");
    conf_checked(p, 1);
    if (!json_is_array(dv) || json_array_size(dv) != json_array_size(r->uses)) {
        char want[32];
        snprintf(want, sizeof want, "%zu vtags", json_array_size(r->uses));
        conf_prob(p, "meta/dependent-vtags", want, json_is_array(dv) ? "another count" : alto_json_type(dv),
                  "%s uses %zu resources; its answer must list their vtags in that order", r->id,
                  json_array_size(r->uses));
        return;
    }
    size_t i;
    json_t *u;
    json_array_foreach(r->uses, i, u) {
        json_t *e = json_array_get(dv, i);
        const char *rid = json_string_value(json_object_get(e, "resource-id"));
        char path[CONF_PATH_MAX];
        snprintf(path, sizeof path, "meta/dependent-vtags/%zu", i);
        if (!rid || strcmp(rid, json_string_value(u) ? json_string_value(u) : "")) {
            conf_prob(p, path, json_string_value(u), rid ? rid : "(none)",
                      "dependent-vtags must follow the order of \"uses\"");
            continue;
        }
        json_t *cur = current_vtag(c, rid);
        const char *want = json_string_value(json_object_get(cur, "tag"));
        const char *got = json_string_value(json_object_get(e, "tag"));
        if (want && (!got || strcmp(want, got)))
            conf_prob(p, path, want, got ? got : "(none)", "not the current tag of %s", rid);
    }
}

void r92_dvtags_rows(conf_ctx *c, int filtered) {
    const conf_res *r;
    R92_EACH(c, r, filtered) {
        if (!json_array_size(r->uses)) {
            conf_empty(c, "%s uses no resource: no dependent-vtags to judge", r->id);
            continue;
        }
        json_t *doc = NULL;
        if (r92_answer(c, r, &doc) || doc) r92_check_dvtags(c, r, doc);
    }
}

void r9240_dependent_vtags(conf_ctx *c) { r92_dvtags_rows(c, 0); }

void r9240_mappings(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, -1) {
        conf_probs *p = conf_pb(c);
        json_t *mp = r92_mappings(r);
        conf_checked(p, 1);
        if (!mp) {
            conf_prob(p, "capabilities/mappings", "an object", alto_json_type(json_object_get(r->caps, "mappings")),
                      "%s has no mappings capability", r->id);
            continue;
        }
        const char *d;
        json_t *l, *v;
        size_t i;
        json_object_foreach(mp, d, l) {
            const char *why;
            if (!conf_upm_syn_domain(d, strlen(d), &why))
                conf_prob(p, "capabilities/mappings", "an EntityDomainName", d, "%s: %s", r->id, why);
            else if (!strcmp(d, "pid"))     /* 6.2: a pid domain depends on a network map */
                conf_prob(p, "capabilities/mappings", "\"<network-map-id>.pid\"", d,
                          "%s: the pid domain type is resource-specific (section 6.2)", r->id);
            if (!json_is_array(l) || !json_array_size(l))
                conf_prob(p, "capabilities/mappings", "a non-empty array of property names",
                          alto_json_type(l), "%s: the properties of domain %s", r->id, d);
            json_array_foreach(l, i, v)
                if (!json_is_string(v) || !conf_upm_syn_prop(json_string_value(v), &why))
                    conf_prob(p, "capabilities/mappings", "an EntityPropertyName", conf_jshow(v),
                              "%s: domain %s: %s", r->id, d, json_is_string(v) ? why : "not a string");
        }
    }
    m8_focus_irds(c);
}

static int in_uses(const conf_res *r, const char *rid) {
    size_t i;
    json_t *v;
    json_array_foreach(r->uses, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), rid)) return 1;
    return 0;
}

/* A resource-specific name "<rid>.<type>" (rid non-empty) of the types
 * whose defining resource this RFC makes a network map. */
static void check_defining(conf_ctx *c, const conf_res *r, const char *name, const char *what) {
    const char *dot = strchr(name, '.');
    if (!dot || dot == name) return;
    const char *t = dot + 1;
    if (strcmp(t, "pid") && strcmp(t, "ipv4") && strcmp(t, "ipv6")) return;
    char rid[80];
    snprintf(rid, sizeof rid, "%.*s", (int)(dot - name), name);
    const conf_res *d = conf_ird_find(&c->s->ird, rid);
    conf_checked(conf_pb(c), 1);
    if (!d)
        conf_prob(conf_pb(c), "capabilities/mappings", "a resource of the IRD", rid,
                  "%s: %s %s names no resource of the IRD", r->id, what, name);
    else if (d->svc != CONF_SVC_NETMAP)
        conf_prob(conf_pb(c), "capabilities/mappings", "application/alto-networkmap+json",
                  d->media ? d->media : "(none)", "%s: %s %s is defined by %s, which is not a network map",
                  r->id, what, name, rid);
    else if (!in_uses(r, rid))
        conf_prob(conf_pb(c), "uses", rid, "(absent)",
                  "%s: %s %s depends on %s, which \"uses\" does not list", r->id, what, name, rid);
}

void r9240_defining_resources(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, -1) {
        json_t *mp = r92_mappings(r);
        const char *d;
        json_t *l, *v;
        size_t i;
        json_object_foreach(mp, d, l) {
            check_defining(c, r, d, "entity domain");
            json_array_foreach(l, i, v)
                if (json_is_string(v)) check_defining(c, r, json_string_value(v), "property");
        }
    }
    if (!conf_pb(c)->checked)
        conf_empty(c, "no property map names a resource-specific domain or property");
    m8_focus_irds(c);
}

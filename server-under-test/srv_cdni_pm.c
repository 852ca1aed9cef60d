/* srv_cdni_pm.c: the RFC 9241 section 6 property map of CDNI footprints.
 *
 *   GET  /propmap/cdni          cdni-props           (RFC 9240 section 7)
 *   POST /propmap/lookup/cdni   cdni-props-filtered  (RFC 9240 section 8)
 *
 * Entities are footprints (6.1): "ipv4:<prefix>", "ipv6:<prefix>" for
 * ipv4cidr/ipv6cidr, "asn:as<N>" (6.1.1) and "countrycode:<cc>" (6.1.2);
 * altopid footprints are not mapped (6.2 names the four domains above).
 * Properties are "cdni-<name>.cdni-capabilities", one per dCDN, defined
 * by that dCDN's CDNI Advertisement resource (6.2.1), so "uses" lists
 * them and meta.dependent-vtags carries their vtags in that order.  The
 * value for an entity (6.2.2) is every {capability-type, capability-value}
 * of the defining advertisement whose footprint restrictions hold the
 * entity: an object without footprints (global coverage, 3.6), or one with
 * a footprint of the entity's type that covers it (a prefix containing
 * the entity's prefix; the same ASN or country code).  An object
 * restricted by other footprint types only says nothing about the entity.
 * Properties with no capability are left out, and so are entities without
 * properties.  The full map lists every footprint value of every dCDN.
 * The values live in an RFC 9240 store (srv_upm.h, built with the model),
 * whose documents give the filtered map its section 8.6 rules and its
 * longest-prefix inheritance: an address inside an advertised prefix gets
 * the prefix's capabilities, which already include those of every wider
 * prefix (the value is computed over all footprints that cover the
 * entity). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "sim_cdni.h"
#include "alto_addr.h"

static const struct { const char *domain, *fp_type; } domains[] = {
    {"ipv4", "ipv4cidr"}, {"ipv6", "ipv6cidr"}, {"asn", "asn"}, {"countrycode", "countrycode"},
};

static const char *domain_of(const char *fp_type) {
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        if (!strcmp(domains[i].fp_type, fp_type)) return domains[i].domain;
    return NULL;
}

static int covers_value(const srv_upm_entity *e, const char *v) {
    if (!e->type->family) return !strcmp(v, e->ident);
    alto_prefix f;
    if (alto_prefix_parse(v, e->type->family, 1, &f)) return 0;
    return f.len <= e->prefix.len && alto_prefix_contains(&f, &e->prefix.addr);
}

/* Does advertisement object o hold entity e in its footprint restrictions? */
static int covers(const json_t *o, const srv_upm_entity *e) {
    json_t *fps = json_object_get(o, "footprints");
    if (!json_array_size(fps)) return 1;
    size_t i, j;
    json_t *fp, *v;
    json_array_foreach(fps, i, fp) {
        const char *dom = domain_of(json_string_value(json_object_get(fp, "footprint-type")));
        if (!dom || strcmp(dom, e->type->name)) continue;
        json_array_foreach(json_object_get(fp, "footprint-value"), j, v)
            if (covers_value(e, json_string_value(v))) return 1;
    }
    return 0;
}

/* The cdni-capabilities value of advertisement objects advs for e, or
 * NULL when empty. */
static json_t *capabilities(const json_t *advs, const srv_upm_entity *e) {
    json_t *out = json_array();
    size_t i, j;
    json_t *o, *have;
    json_array_foreach(advs, i, o) {
        if (!covers(o, e)) continue;
        json_t *cap = json_pack("{s:O, s:O}", "capability-type", json_object_get(o, "capability-type"),
                                "capability-value", json_object_get(o, "capability-value"));
        int dup = 0;
        json_array_foreach(out, j, have) dup = dup || json_equal(have, cap);
        if (dup) json_decref(cap);
        else json_array_append_new(out, cap);
    }
    if (json_array_size(out)) return out;
    json_decref(out);
    return NULL;
}

json_t *srv_cdni_mappings(const srv_model *m) {
    json_t *names = json_array();
    char name[128];
    for (int k = 0; m->cdni && k < m->cdni->n; k++) {
        snprintf(name, sizeof name, "%s.%s", m->cdni->id[k], SRV_CDNI_PROP);
        json_array_append_new(names, json_string(name));
    }
    json_t *map = json_object();
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        json_object_set(map, domains[i].domain, names);
    json_decref(names);
    return map;
}

/* Every footprint value of every dCDN (in a mapped domain) as an entity. */
static void add_footprints(const srv_cdni *c, json_t *keys) {
    char key[160];
    for (int k = 0; k < c->n; k++) {
        size_t i, j, l;
        json_t *o, *fp, *v;
        json_array_foreach(json_object_get(c->dcdn[k], "advertisement"), i, o)
            json_array_foreach(json_object_get(o, "footprints"), j, fp) {
                const char *dom = domain_of(json_string_value(json_object_get(fp, "footprint-type")));
                json_array_foreach(json_object_get(fp, "footprint-value"), l, v) {
                    if (!dom) break;
                    snprintf(key, sizeof key, "%s:%s", dom, json_string_value(v));
                    json_object_set_new(keys, key, json_true());
                }
            }
    }
}

void srv_cdni_store(srv_cdni *c) {
    c->upm = srv_upm_new();
    json_t *keys = json_object();
    add_footprints(c, keys);
    const char *key;
    json_t *v;
    char name[128];
    json_object_foreach(keys, key, v) {
        srv_upm_entity e;
        const char *why;
        if (srv_upm_entity_parse(key, &e, &why) < 0) continue;     /* sim_cdni.c checked them */
        for (int k = 0; k < c->n; k++) {
            json_t *caps = capabilities(json_object_get(c->dcdn[k], "advertisement"), &e);
            if (!caps) continue;
            snprintf(name, sizeof name, "%s.%s", c->id[k], SRV_CDNI_PROP);
            srv_upm_set(c->upm, &e, name, caps);
            json_decref(caps);
        }
    }
    json_decref(keys);
    srv_upm_seal(c->upm);
}

static json_t *meta(const srv_cdni *c) {
    json_t *a = json_array();
    for (int k = 0; k < c->n; k++)
        json_array_append(a, json_object_get(json_object_get(c->doc[k], "meta"), "vtag"));
    return json_pack("{s:o}", "dependent-vtags", a);
}

json_t *srv_cdni_propmap_full(const srv_model *m) {
    json_t *maps = srv_cdni_mappings(m);
    json_t *doc = srv_upm_full(m->cdni->upm, maps, meta(m->cdni));
    json_decref(maps);
    return doc;
}

json_t *srv_cdni_propmap_filtered(const srv_model *m, const json_t *req, srv_rqerr *e) {
    json_t *maps = srv_cdni_mappings(m);
    json_t *doc = srv_upm_filtered(m->cdni->upm, maps, meta(m->cdni), req, e);
    json_decref(maps);
    return doc;
}

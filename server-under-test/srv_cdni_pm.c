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
 * Filtered requests follow RFC 9240 section 8.6 as srv_propmap.c does:
 * "entities" required, an entity of another domain or a malformed one is
 * E_INVALID_FIELD_VALUE with the entity as value, an unknown property the
 * same with its name, empty lists mean all, "properties" absent answers
 * {} for each entity with a property. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "sim_cdni.h"
#include "alto_addr.h"

typedef struct entity {
    const char *fp_type;    /* footprint type of its domain */
    alto_prefix p;          /* ipv4 / ipv6 */
    const char *id;         /* the domain-specific identifier */
} entity;

static const struct { const char *domain, *fp_type; int family; } domains[] = {
    {"ipv4", "ipv4cidr", 4}, {"ipv6", "ipv6cidr", 6}, {"asn", "asn", 0}, {"countrycode", "countrycode", 0},
};

/* "<domain>:<id>" into e; 0, or -1 when the domain is not one of ours or
 * the identifier is malformed. */
static int entity_parse(const char *s, entity *e) {
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++) {
        size_t n = strlen(domains[i].domain);
        if (strncmp(s, domains[i].domain, n) || s[n] != ':') continue;
        e->fp_type = domains[i].fp_type;
        e->id = s + n + 1;
        if (domains[i].family) return alto_prefix_parse(e->id, domains[i].family, 1, &e->p) ? -1 : 0;
        return sim_cdni_footprint_why(e->fp_type, e->id) ? -1 : 0;
    }
    return -1;
}

static const char *domain_of(const char *fp_type) {
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        if (!strcmp(domains[i].fp_type, fp_type)) return domains[i].domain;
    return NULL;
}

static int covers_value(const entity *e, const char *v) {
    if (strcmp(e->fp_type, "ipv4cidr") && strcmp(e->fp_type, "ipv6cidr")) return !strcmp(v, e->id);
    alto_prefix f;
    int fam = e->fp_type[3] == '4' ? 4 : 6;
    if (alto_prefix_parse(v, fam, 1, &f)) return 0;
    return f.len <= e->p.len && alto_prefix_contains(&f, &e->p.addr);
}

/* Does advertisement object o hold entity e in its footprint restrictions? */
static int covers(const json_t *o, const entity *e) {
    json_t *fps = json_object_get(o, "footprints");
    if (!json_array_size(fps)) return 1;
    size_t i, j;
    json_t *fp, *v;
    json_array_foreach(fps, i, fp) {
        if (strcmp(json_string_value(json_object_get(fp, "footprint-type")), e->fp_type)) continue;
        json_array_foreach(json_object_get(fp, "footprint-value"), j, v)
            if (covers_value(e, json_string_value(v))) return 1;
    }
    return 0;
}

/* The cdni-capabilities value of dCDN k for e, or NULL when empty. */
static json_t *capabilities(const srv_cdni *c, int k, const entity *e) {
    json_t *out = json_array();
    size_t i, j;
    json_t *o, *have;
    json_array_foreach(json_object_get(c->dcdn[k], "advertisement"), i, o) {
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

static void prop_name(const srv_cdni *c, int k, char *out, size_t n) {
    snprintf(out, n, "%s.%s", c->id[k], SRV_CDNI_PROP);
}

json_t *srv_cdni_mappings(const srv_model *m) {
    json_t *names = json_array();
    char name[128];
    for (int k = 0; m->cdni && k < m->cdni->n; k++) {
        prop_name(m->cdni, k, name, sizeof name);
        json_array_append_new(names, json_string(name));
    }
    json_t *map = json_object();
    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        json_object_set(map, domains[i].domain, names);
    json_decref(names);
    return map;
}

static json_t *dvtags(const srv_cdni *c) {
    json_t *a = json_array();
    for (int k = 0; k < c->n; k++)
        json_array_append(a, json_object_get(json_object_get(c->doc[k], "meta"), "vtag"));
    return a;
}

/* Adds entity key's entry for the wanted dCDNs (want[k]); {} when empty. */
static void add_entity(json_t *map, const srv_cdni *c, const char *key, const char *want, int empty) {
    entity e = {0};
    if (entity_parse(key, &e) < 0) return;
    json_t *props = json_object();
    char name[128];
    for (int k = 0; k < c->n; k++) {
        json_t *v = want[k] ? capabilities(c, k, &e) : NULL;
        if (!v) continue;
        prop_name(c, k, name, sizeof name);
        json_object_set_new(props, name, v);
    }
    if (json_object_size(props) || !empty)
        json_object_set_new(map, key, empty ? json_object() : json_incref(props));
    json_decref(props);
}

/* Every footprint value of every dCDN as an entity id, once. */
static json_t *all_entities(const srv_cdni *c) {
    json_t *keys = json_object();
    char key[160];
    for (int k = 0; k < c->n; k++) {
        size_t i, j, l;
        json_t *o, *fp, *v;
        json_array_foreach(json_object_get(c->dcdn[k], "advertisement"), i, o)
            json_array_foreach(json_object_get(o, "footprints"), j, fp) {
                const char *dom = domain_of(json_string_value(json_object_get(fp, "footprint-type")));
                if (!dom) continue;
                json_array_foreach(json_object_get(fp, "footprint-value"), l, v) {
                    snprintf(key, sizeof key, "%s:%s", dom, json_string_value(v));
                    json_object_set_new(keys, key, json_true());
                }
            }
    }
    return keys;
}

static json_t *propmap_doc(const srv_cdni *c, json_t *map) {
    return json_pack("{s:{s:o}, s:o}", "meta", "dependent-vtags", dvtags(c), "property-map", map);
}

json_t *srv_cdni_propmap_full(const srv_model *m) {
    const srv_cdni *c = m->cdni;
    char want[SRV_CDNI_MAXD];
    memset(want, 1, sizeof want);
    json_t *keys = all_entities(c), *map = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(keys, k, v) add_entity(map, c, k, want, 0);
    json_decref(keys);
    return propmap_doc(c, map);
}

/* "properties" -> want[] per dCDN; *empty = 1 when absent. */
static int wanted(const srv_cdni *c, srv_rqerr *e, const json_t *req, char *want, int *empty) {
    json_t *props;
    if (srv_rq_member(e, req, "properties", "properties", JSON_ARRAY, 0, &props) < 0) return -1;
    *empty = props == NULL;
    memset(want, !json_array_size(props), SRV_CDNI_MAXD);
    if (props && srv_rq_strings(e, props, "properties") < 0) return -1;
    size_t i;
    json_t *v;
    char name[128];
    json_array_foreach(props, i, v) {
        int found = -1;
        for (int k = 0; k < c->n && found < 0; k++) {
            prop_name(c, k, name, sizeof name);
            if (!strcmp(name, json_string_value(v))) found = k;
        }
        if (found < 0) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "properties", v);
        want[found] = 1;
    }
    return 0;
}

json_t *srv_cdni_propmap_filtered(const srv_model *m, const json_t *req, srv_rqerr *e) {
    const srv_cdni *c = m->cdni;
    json_t *ents;
    char want[SRV_CDNI_MAXD];
    int empty;
    if (srv_rq_member(e, req, "entities", "entities", JSON_ARRAY, 1, &ents) < 0 ||
        srv_rq_strings(e, ents, "entities") < 0)
        return NULL;
    size_t i;
    json_t *v;
    entity en;
    json_array_foreach(ents, i, v)
        if (entity_parse(json_string_value(v), &en) < 0) {
            srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "entities", v);
            return NULL;
        }
    if (wanted(c, e, req, want, &empty) < 0) return NULL;
    json_t *map = json_object();
    if (!json_array_size(ents)) {
        json_t *keys = all_entities(c);
        const char *k;
        json_object_foreach(keys, k, v) add_entity(map, c, k, want, empty);
        json_decref(keys);
    } else {
        json_array_foreach(ents, i, v) add_entity(map, c, json_string_value(v), want, empty);
    }
    return propmap_doc(c, map);
}

/* srv_propmap.c: the RFC 9240 property maps of the persistent link ANEs,
 * the defining resources that RFC 9275 "persistent-entity-id" values point
 * to (RFC 9275 sections 6.2.4, 6.4.2).
 *
 * Two resources describe the same links under the same names (srv_ane.c):
 *   link-props       POST, filtered property map (RFC 9240 section 8), the
 *                    defining resource: "link-props.ane:s3-s4" in a path
 *                    vector response is queried here as ".ane:s3-s4"
 *                    (RFC 9275 section 6.4.3 does exactly this, and its IRD
 *                    example in section 8.2 makes the defining "ane-props"
 *                    a filtered map);
 *   link-props-full  GET, the whole map (RFC 9240 section 7), the way to
 *                    learn every entity id without guessing.
 * Their entity domain is self-defined (".ane", RFC 9240 section 5.1.2.3)
 * and their mappings are {".ane": [the persistent properties]}.  They
 * depend on no other resource (no "uses", no dependent-vtags) but carry
 * meta.vtag, because path vector responses name their version in
 * dependent-vtags (RFC 9275 section 7.2.6) and a client must be able to
 * compare it.  Both share one tag, derived from the network map's.
 *
 * Filtered requests follow RFC 9240 section 8.6: "entities" missing is
 * E_MISSING_FIELD; an entity outside ".ane" or with a malformed ANE name
 * is E_INVALID_FIELD_VALUE with the entity as "value"; a well-formed but
 * unknown ANE is no error and is left out; an unknown property is
 * E_INVALID_FIELD_VALUE with the name as "value"; empty lists mean all;
 * duplicates count once; "properties" absent answers {} for each entity
 * that has a property. */
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "alto_buf.h"

#define DOMAIN ".ane"

json_t *srv_propmap_vtag(const srv_model *m) {
    return json_pack("{s:s, s:s}", "resource-id", SRV_LINKPROPS_ID, "tag", m->ane->tag);
}

json_t *srv_propmap_mappings(void) {
    json_t *names = json_array();
    for (int i = 0; i < srv_nane_props; i++)
        if (srv_ane_props[i].persistent)
            json_array_append_new(names, json_string(srv_ane_props[i].name));
    return json_pack("{s:o}", DOMAIN, names);
}

static void persistent_flags(char *want) {
    for (int i = 0; i < srv_nane_props; i++) want[i] = (char)srv_ane_props[i].persistent;
}

static json_t *entity_key(const srv_model *m, int link) {
    char key[96];
    snprintf(key, sizeof key, DOMAIN ":%s", m->ane->name[link]);
    return json_string(key);
}

/* Adds link's entry to map: its wanted properties, or {} when empty is
 * set (the "properties" absent form); nothing when it has none. */
static void add_entity(json_t *map, const srv_model *m, int link, const char *want, int empty) {
    json_t *props = srv_ane_link_props(m, link, want);
    json_t *key = entity_key(m, link);
    if (json_object_size(props) || !empty)
        json_object_set_new(map, json_string_value(key), empty ? json_object() : json_incref(props));
    json_decref(props);
    json_decref(key);
}

json_t *srv_propmap_full(const srv_model *m) {
    char want[16];
    persistent_flags(want);
    json_t *map = json_object();
    for (int k = 0; k < m->ane->nlinks; k++) add_entity(map, m, k, want, 0);
    json_t *vt = srv_propmap_vtag(m);
    json_object_set_new(vt, "resource-id", json_string(SRV_LINKPROPS_FULL_ID));
    return json_pack("{s:{s:o}, s:o}", "meta", "vtag", vt, "property-map", map);
}

/* "properties" -> wanted flags; *empty = 1 when the member is absent. */
static int wanted(srv_rqerr *e, const json_t *req, char *want, int *empty) {
    json_t *props;
    if (srv_rq_member(e, req, "properties", "properties", JSON_ARRAY, 0, &props) < 0) return -1;
    *empty = props == NULL;
    if (!props || !json_array_size(props)) {
        persistent_flags(want);
        return 0;
    }
    if (srv_rq_strings(e, props, "properties") < 0) return -1;
    memset(want, 0, (size_t)srv_nane_props);
    size_t i;
    json_t *v;
    json_array_foreach(props, i, v) {
        int p = srv_ane_prop_find(json_string_value(v), 1);
        if (p < 0) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "properties", v);
        want[p] = 1;
    }
    return 0;
}

/* ".ane:<ANEName>" -> link index, -1 for a valid but unknown name, -2 for
 * an invalid entity id. */
static int entity_link(const srv_model *m, const char *id) {
    size_t dn = strlen(DOMAIN);
    if (strncmp(id, DOMAIN ":", dn + 1)) return -2;
    const char *name = id + dn + 1;
    if (!srv_is_pidname(name) || strchr(name, '.')) return -2;
    return srv_ane_link(m, name);
}

json_t *srv_propmap_filtered(const srv_model *m, const json_t *req, srv_rqerr *e) {
    json_t *ents;
    char want[16];
    int empty;
    if (srv_rq_member(e, req, "entities", "entities", JSON_ARRAY, 1, &ents) < 0 ||
        srv_rq_strings(e, ents, "entities") < 0)
        return NULL;
    /* Entities first: RFC 9240 section 8.6 lists their errors first. */
    size_t i;
    json_t *v;
    json_array_foreach(ents, i, v)
        if (entity_link(m, json_string_value(v)) == -2) {
            srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "entities", v);
            return NULL;
        }
    if (wanted(e, req, want, &empty) < 0) return NULL;
    json_t *map = json_object();
    if (!json_array_size(ents)) {
        for (int k = 0; k < m->ane->nlinks; k++) add_entity(map, m, k, want, empty);
    } else {
        json_array_foreach(ents, i, v) {
            int k = entity_link(m, json_string_value(v));
            if (k >= 0) add_entity(map, m, k, want, empty);
        }
    }
    return json_pack("{s:{s:o}, s:o}", "meta", "vtag", srv_propmap_vtag(m),
                     "property-map", map);
}

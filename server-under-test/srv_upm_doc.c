/* srv_upm_doc.c: RFC 9240 property map documents from a store
 * (srv_upm.c), and the reference server's entity property map.
 *
 * Full map (section 7): every entity of a mapped domain with the
 * properties it defines itself, restricted to its domain's list in
 * "mappings"; inherited values are left out (section 7.6 allows it; the
 * client applies the inheritance rule).
 *
 * Filtered map (section 8.6), checked in this order, first error wins:
 * "entities" missing: E_MISSING_FIELD; not an array of strings:
 * E_INVALID_FIELD_TYPE / E_INVALID_FIELD_VALUE; an entity whose id is
 * malformed or whose domain is not in "mappings": E_INVALID_FIELD_VALUE,
 * field "entities", value the id; a property in no domain's list:
 * E_INVALID_FIELD_VALUE, field "properties", value the name.  Duplicates
 * count once; an empty list means all.  Each requested entity gets its
 * effective values (inheritance applied: "MUST include all the inherited
 * property values"), and a requested prefix also brings every more
 * specific entity inside it that defines one of the asked properties
 * (section 8.6: "the response MUST include all those entities").  An
 * entity with no value is left out (section 6.1.3 MAY).  "properties"
 * absent: {} for each requested entity that has some property.
 *
 * The server's own map (srv_upm_model): in domains ipv4 and ipv6, every
 * network map prefix carries "default-network-map.pid" (RFC 9240 section
 * 8.7, as the RFC 7285 endpoint property does), each host address its
 * host's topology properties, and each explicit PID prefix its PID's
 * (section 6.2.5 allows giving a PID's properties to its prefixes), so an
 * address inside a PID prefix inherits them; in domain
 * "default-network-map.pid" every PID with topology properties carries
 * them.  Topology names become self-defined property names: asn -> ".asn"
 * (section 5.2.2, the form of the RFC's ".ASN" examples).  Both resources
 * use the network map and answer its vtag in dependent-vtags. */
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "alto_buf.h"

/* ---- documents ---- */

typedef struct emit {
    const srv_upm *u;
    const json_t *props;        /* the domain's mapped names */
    const json_t *asked;        /* names asked, NULL = all of props */
    int empty;                  /* "properties" absent: {} values */
    int full;                   /* explicit values only (full map) */
    json_t *map;
} emit;

static int in_list(const json_t *arr, const char *s) {
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (!strcmp(json_string_value(v), s)) return 1;
    return 0;
}

static void emit_one(void *ctx, const srv_upm_entity *e, const json_t *explicit) {
    emit *x = ctx;
    json_t *names = json_array(), *out;
    size_t i;
    json_t *p;
    json_array_foreach(x->props, i, p)
        if (!x->asked || in_list(x->asked, json_string_value(p))) json_array_append(names, p);
    if (x->full) {
        out = json_object();
        json_array_foreach(names, i, p) {
            json_t *v = json_object_get(explicit, json_string_value(p));
            if (v) json_object_set(out, json_string_value(p), v);
        }
    } else {
        out = srv_upm_props(x->u, e, names);
    }
    json_decref(names);
    char key[180];
    if (json_object_size(out))
        json_object_set_new(x->map, srv_upm_entity_name(e, key, sizeof key),
                            x->empty ? json_object() : json_incref(out));
    json_decref(out);
}

static json_t *document(json_t *meta, json_t *map) {
    return json_pack("{s:o, s:o}", "meta", meta ? meta : json_object(), "property-map", map);
}

json_t *srv_upm_full(const srv_upm *u, const json_t *mappings, json_t *meta) {
    emit x = {.u = u, .full = 1, .map = json_object()};
    const char *dom;
    json_t *props;
    json_object_foreach((json_t *)mappings, dom, props) {
        x.props = props;
        srv_upm_each(u, dom, emit_one, &x);
    }
    return document(meta, x.map);
}

/* The entities, parsed and checked against mappings; NULL after e. */
static srv_upm_entity *req_entities(const json_t *mappings, const json_t *ents, srv_rqerr *e) {
    srv_upm_entity *out = alto_xcalloc(json_array_size(ents) + 1, sizeof *out);
    size_t i;
    json_t *v;
    json_array_foreach(ents, i, v) {
        const char *why;
        if (srv_upm_entity_parse(json_string_value(v), &out[i], &why) < 0 ||
            !json_object_get(mappings, out[i].domain)) {
            srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "entities", v);
            free(out);
            return NULL;
        }
    }
    return out;
}

static int req_properties(const json_t *mappings, const json_t *req, srv_rqerr *e,
                          json_t **asked) {
    if (srv_rq_member(e, req, "properties", "properties", JSON_ARRAY, 0, asked) < 0) return -1;
    if (!*asked) return 0;
    if (srv_rq_strings(e, *asked, "properties") < 0) return -1;
    size_t i;
    json_t *v;
    json_array_foreach(*asked, i, v) {
        const char *dom;
        json_t *props;
        int found = 0;
        json_object_foreach((json_t *)mappings, dom, props) found |= in_list(props, json_string_value(v));
        if (!found) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "properties", v);
    }
    return 0;
}

json_t *srv_upm_filtered(const srv_upm *u, const json_t *mappings, json_t *meta,
                         const json_t *req, srv_rqerr *e) {
    json_t *ents, *asked;
    srv_upm_entity *list = NULL;
    if (srv_rq_member(e, req, "entities", "entities", JSON_ARRAY, 1, &ents) < 0 ||
        srv_rq_strings(e, ents, "entities") < 0 ||
        !(list = req_entities(mappings, ents, e)) ||
        req_properties(mappings, req, e, &asked) < 0) {
        free(list);
        json_decref(meta);
        return NULL;
    }
    emit x = {.u = u, .asked = json_array_size(asked) ? asked : NULL, .empty = asked == NULL,
              .map = json_object()};
    if (!json_array_size(ents)) {       /* every entity of every mapped domain */
        const char *dom;
        json_t *props;
        json_object_foreach((json_t *)mappings, dom, props) {
            x.props = props;
            srv_upm_each(u, dom, emit_one, &x);
        }
    }
    for (size_t i = 0; i < json_array_size(ents); i++) {
        x.props = json_object_get(mappings, list[i].domain);
        emit_one(&x, &list[i], NULL);
        if (list[i].type->family && !x.empty) srv_upm_each_within(u, &list[i], emit_one, &x);
    }
    free(list);
    return document(meta, x.map);
}

/* ---- the reference server's map ---- */

static void set_props(srv_upm *u, const srv_upm_entity *e, const json_t *props) {
    const char *k;
    json_t *v;
    char name[48];
    json_object_foreach((json_t *)props, k, v) {
        snprintf(name, sizeof name, ".%s", k);
        srv_upm_set(u, e, name, v);
    }
}

static void addr_entity(srv_upm_entity *e, const alto_prefix *p) {
    const char *why;
    char a[64], id[96];
    alto_addr_fmt(&p->addr, a, sizeof a);
    snprintf(id, sizeof id, "ipv%d:%s/%d", p->addr.family, a, p->len);
    srv_upm_entity_parse(id, e, &why);      /* our own canonical text: always parses */
}

/* 1 if prefix p (full length) is the address of one of pid's hosts. */
static int host_prefix(const sim_topo *t, const sim_pid *pid, const alto_prefix *p) {
    if (p->len != (p->addr.family == 4 ? 32 : 128)) return 0;
    for (int h = 0; h < pid->nhosts; h++) {
        const sim_node *n = &t->nodes[pid->hosts[h]];
        for (int k = 0; k < n->naddrs; k++)
            if (alto_addr_equal(&n->addrs[k], &p->addr)) return 1;
    }
    return 0;
}

srv_upm *srv_upm_model(const srv_model *m) {
    const sim_topo *t = m->topo;
    srv_upm *u = srv_upm_new();
    srv_upm_entity e;
    const char *why;
    char id[128];
    for (int i = 0; i < t->npids; i++) {
        const sim_pid *p = &t->pids[i];
        json_t *name = json_string(p->name);
        for (int k = 0; k < p->nprefixes; k++) {
            addr_entity(&e, &p->prefixes[k]);
            srv_upm_set(u, &e, SRV_PID_PROP, name);
            if (p->props && !host_prefix(t, p, &p->prefixes[k])) set_props(u, &e, p->props);
        }
        json_decref(name);
        snprintf(id, sizeof id, "%s:%s", SRV_PID_PROP, p->name);
        if (p->props && srv_upm_entity_parse(id, &e, &why) == 0) set_props(u, &e, p->props);
    }
    for (int h = 0; h < t->nnodes; h++) {       /* after the PIDs: hosts override */
        const sim_node *n = &t->nodes[h];
        if (!n->props) continue;
        for (int k = 0; k < n->naddrs; k++) {
            alto_prefix p = {.addr = n->addrs[k], .len = n->addrs[k].family == 4 ? 32 : 128};
            addr_entity(&e, &p);
            set_props(u, &e, n->props);
        }
    }
    srv_upm_seal(u);
    return u;
}

json_t *srv_upm_mappings(void) {
    json_t *props = json_array();
    for (int i = 0; i < sim_topo_nprops; i++) {
        char name[48];
        snprintf(name, sizeof name, ".%s", sim_topo_prop_names[i]);
        json_array_append_new(props, json_string(name));
    }
    json_t *addr = json_copy(props);
    json_array_append_new(addr, json_string(SRV_PID_PROP));
    return json_pack("{s:o, s:O, s:o}", "ipv4", addr, "ipv6", addr, SRV_PID_PROP, props);
}

static json_t *model_meta(const srv_model *m) {
    return json_pack("{s:[o]}", "dependent-vtags", srv_json_vtag(m));
}

json_t *srv_upm_model_full(const srv_model *m) {
    json_t *mp = srv_upm_mappings();
    json_t *doc = srv_upm_full(m->upm, mp, model_meta(m));
    json_decref(mp);
    return doc;
}

json_t *srv_upm_model_filtered(const srv_model *m, const json_t *req, srv_rqerr *e) {
    json_t *mp = srv_upm_mappings();
    json_t *doc = srv_upm_filtered(m->upm, mp, model_meta(m), req, e);
    json_decref(mp);
    return doc;
}

/* srv_pv.c: the RFC 9275 path vector services of the reference server:
 * the multipart filtered cost map (section 7.2) and the multipart Endpoint
 * Cost Service (section 7.3).
 *
 * Requests are RFC 7285 filtered cost map / endpoint cost requests plus
 * "ane-property-names" (absent = []; each name must be one the resource
 * offers, else E_INVALID_FIELD_VALUE with the name as "value").  The
 * resources offer the path vector type and every RFC 7285 type of the
 * server (as the "multicost-pv" resource of section 8.2 mixes types); a
 * path vector resource must not support constraints (7.2.4), so a request
 * carrying "constraints" is E_INVALID_FIELD_VALUE (RFC 7285 section
 * 11.3.2.3: it MUST NOT be specified then).  Everything else is validated
 * by the shared RFC 7285 machinery (srv_req.c), with the same error fields.
 *
 * A 200 answer is multipart/related with two parts, the path vector part
 * first (srv_mpart.c):
 *   <costmap@D> (or <ecs@D>): the RFC 7285 cost map / endpoint cost map
 *     with meta.vtag {"<resource-id>.<part-id>", tag} (7.2.6, 7.3.6), the
 *     network map's vtag in dependent-vtags (cost map variant: the
 *     resource uses it) and meta.cost-type; path vector values are arrays
 *     of ANE names in route order (srv_ane.c).
 *   <propmap@D>: an RFC 9240 property map whose dependent-vtags are the
 *     first part's vtag, then, when persistent-entity-id was asked for, the
 *     vtag of link-props, the property map defining the persistent ANEs
 *     (7.2.6).  It holds one ".ane:<name>" entry per ANE of the first part,
 *     with the requested properties only, and is {} when the request's cost
 *     type is not the path vector (7.2.6, last paragraph).
 * The first part's tag hashes the network map's tag with the part's own
 * content, so two identical requests get identical vtags and any change of
 * content changes it.
 *
 * Caching: the answer depends on the request, so it is built per request;
 * what it is built from (link names, per-PID-pair routes, link-props tag)
 * is computed once per topology in srv_ane.c. */
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "alto_buf.h"

_Static_assert(sizeof SRV_PV_COSTMAP_ID "." SRV_PV_PART_COSTMAP - 1 <= 64 &&
               sizeof SRV_PV_COSTMAP_ID "." SRV_PV_PART_PROPMAP - 1 <= 64 &&
               sizeof SRV_PV_ECOST_ID "." SRV_PV_PART_ECOST - 1 <= 64 &&
               sizeof SRV_PV_ECOST_ID "." SRV_PV_PART_PROPMAP - 1 <= 64,
               "vtag resource ids of the parts are ResourceIDs (RFC 9275 6.6)");

/* The two variants differ only in these. */
typedef struct pv_variant {
    srv_kind kind;
    const char *resource_id;
    const char *part_id;
    const char *part_type;      /* media type of the path vector part */
    const char *data_member;
    int uses_netmap;
} pv_variant;

static const pv_variant variants[] = {
    {.kind = SRV_K_PV_COSTMAP, .resource_id = SRV_PV_COSTMAP_ID, .part_id = SRV_PV_PART_COSTMAP,
     .part_type = SRV_MT_COSTMAP, .data_member = "cost-map", .uses_netmap = 1},
    {.kind = SRV_K_PV_ECOST, .resource_id = SRV_PV_ECOST_ID, .part_id = SRV_PV_PART_ECOST,
     .part_type = SRV_MT_ECOST, .data_member = "endpoint-cost-map", .uses_netmap = 0},
};

/* Flags of the requested ANE properties (srv_ane_props indices). */
static int ane_property_names(srv_rqerr *e, const json_t *req, char *want) {
    json_t *names;
    memset(want, 0, (size_t)srv_nane_props);
    if (srv_rq_member(e, req, "ane-property-names", "ane-property-names", JSON_ARRAY, 0,
                      &names) < 0)
        return -1;
    if (!names) return 0;
    if (srv_rq_strings(e, names, "ane-property-names") < 0) return -1;
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v) {
        int p = srv_ane_prop_find(json_string_value(v), 0);
        if (p < 0) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "ane-property-names", v);
        want[p] = 1;
    }
    return 0;
}

static int no_constraints(srv_rqerr *e, const json_t *req) {
    json_t *c = json_object_get(req, "constraints");
    return c ? srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "constraints", c) : 0;
}

/* Adds one path vector to row under key and marks its links used. */
static void put_vector(const srv_model *m, json_t *row, const char *key, const int *links,
                       int n, char *used) {
    for (int i = 0; i < n; i++) used[links[i]] = 1;
    json_object_set_new(row, key, srv_ane_vector(m, links, n));
}

static json_t *pv_costmap(const srv_model *m, const char *ps, const char *pd, char *used) {
    json_t *map = json_object();
    for (int s = 0; s < m->npids; s++) {
        if (!ps[s]) continue;
        json_t *row = json_object();
        for (int d = 0; d < m->npids; d++) {
            const int *links;
            int n = pd[d] ? srv_ane_pid_path(m, s, d, &links) : -1;
            if (n >= 0) put_vector(m, row, m->topo->pids[d].name, links, n, used);
        }
        if (json_object_size(row)) json_object_set(map, m->topo->pids[s].name, row);
        json_decref(row);
    }
    return map;
}

static json_t *pv_ecs(const srv_model *m, const srv_endpoint *src, int ns,
                      const srv_endpoint *dst, int nd, char *used) {
    json_t *map = json_object();
    for (int i = 0; i < ns; i++) {
        json_t *row = json_object();
        for (int j = 0; j < nd; j++) {
            const int *links;
            int n = srv_ane_endpoint_path(m, &src[i], &dst[j], &links);
            if (n >= 0) put_vector(m, row, dst[j].key, links, n, used);
        }
        if (json_object_size(row)) json_object_set(map, src[i].key, row);
        json_decref(row);
    }
    return map;
}

static json_t *cost_type_doc(int t) {
    if (t == SRV_PV_TYPE)
        return json_pack("{s:s, s:s}", "cost-mode", SRV_PV_MODE, "cost-metric", SRV_PV_METRIC);
    return srv_json_cost_type(t, 0);
}

/* The cost data of the request (the first part's data member); NULL with
 * e set on a bad request.  used: nlinks flags of the ANEs it names. */
static json_t *cost_data(const srv_model *m, const pv_variant *v, const json_t *req,
                         const alto_addr *client, int t, char *used, srv_rqerr *e) {
    json_t *data = NULL;
    if (v->kind == SRV_K_PV_COSTMAP) {
        char *ps = alto_xcalloc(m->npids + 1, 1), *pd = alto_xcalloc(m->npids + 1, 1);
        if (srv_rq_costmap_pids(e, m, req, ps, pd) == 0) {
            if (t == SRV_PV_TYPE) {
                data = pv_costmap(m, ps, pd, used);
            } else {
                json_t *doc = srv_json_costmap(m, t, ps, pd, NULL, 0);
                data = json_incref(json_object_get(doc, "cost-map"));
                json_decref(doc);
            }
        }
        free(ps);
        free(pd);
        return data;
    }
    srv_endpoint *src, *dst;
    int ns, nd;
    if (srv_rq_ecs_endpoints(e, m, req, client, &src, &ns, &dst, &nd) == 0)
        data = t == SRV_PV_TYPE ? pv_ecs(m, src, ns, dst, nd, used)
                                : srv_ecs_costs(m, t, src, ns, dst, nd, NULL, 0);
    free(src);
    free(dst);
    return data;
}

/* The first part: meta {vtag, [dependent-vtags], cost-type} + data. */
static json_t *pv_part(const srv_model *m, const pv_variant *v, int t, json_t *data) {
    json_t *ct = cost_type_doc(t);
    json_t *both = json_pack("[O, O]", ct, data);
    char *s = json_dumps(both, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    json_decref(both);
    char tag[33], rid[80];
    srv_tag_of(m->tag, s, tag);
    free(s);
    snprintf(rid, sizeof rid, "%s.%s", v->resource_id, v->part_id);
    json_t *meta = json_pack("{s:{s:s, s:s}}", "vtag", "resource-id", rid, "tag", tag);
    if (v->uses_netmap)
        json_object_set_new(meta, "dependent-vtags", json_pack("[o]", srv_json_vtag(m)));
    json_object_set_new(meta, "cost-type", ct);
    json_t *doc = json_pack("{s:o}", "meta", meta);
    json_object_set_new(doc, v->data_member, data);
    return doc;
}

/* The second part, for the ANEs flagged in used. */
static json_t *propmap_part(const srv_model *m, const json_t *pv_vtag, const char *want,
                            const char *used) {
    json_t *deps = json_pack("[O]", pv_vtag);
    int peid = srv_ane_prop_find("persistent-entity-id", 0);
    if (peid >= 0 && want[peid]) json_array_append_new(deps, srv_propmap_vtag(m));
    json_t *map = json_object();
    char key[96];
    for (int k = 0; used && k < m->ane->nlinks; k++) {
        if (!used[k]) continue;
        snprintf(key, sizeof key, ".ane:%s", m->ane->name[k]);
        json_object_set_new(map, key, srv_ane_link_props(m, k, want));
    }
    return json_pack("{s:{s:o}, s:o}", "meta", "dependent-vtags", deps, "property-map", map);
}

static void answer_error(srv_rqerr *e, srv_answer *out) {
    json_t *doc = srv_rq_error_doc(e);
    out->status = 400;
    out->body = srv_json_dump(doc, &out->len);
    json_decref(doc);
    snprintf(out->ctype, sizeof out->ctype, "%s", SRV_MT_ERROR);
}

void srv_pv_post(const srv_model *m, const srv_route *r, const char *body, size_t len,
                 const alto_addr *client, const char *domain, srv_answer *out) {
    const pv_variant *v = r->kind == SRV_K_PV_ECOST ? &variants[1] : &variants[0];
    srv_rqerr e = {0};
    char want[16] = {0};
    int t = 0;
    char *used = alto_xcalloc(m->ane->nlinks + 1, 1);
    json_t *req = srv_rq_parse(body, len, &e), *data = NULL;
    if (req && srv_rq_cost_type(&e, req, 1, &t) == 0 && no_constraints(&e, req) == 0 &&
        ane_property_names(&e, req, want) == 0)
        data = cost_data(m, v, req, client, t, used, &e);
    json_decref(req);
    if (!data) {
        free(used);
        answer_error(&e, out);
        return;
    }
    json_t *p1 = pv_part(m, v, t, data);
    json_t *p2 = propmap_part(m, json_object_get(json_object_get(p1, "meta"), "vtag"), want,
                              t == SRV_PV_TYPE ? used : NULL);
    free(used);
    srv_part parts[2] = {
        {v->part_id, v->part_type, NULL, 0},
        {SRV_PV_PART_PROPMAP, SRV_MT_PROPMAP, NULL, 0},
    };
    char *b1 = srv_json_dump(p1, &parts[0].len), *b2 = srv_json_dump(p2, &parts[1].len);
    parts[0].body = b1;
    parts[1].body = b2;
    json_decref(p1);
    json_decref(p2);
    out->status = 200;
    out->body = srv_mpart_build(parts, 2, v->part_type, domain, &out->len, out->ctype,
                                sizeof out->ctype);
    free(b1);
    free(b2);
}

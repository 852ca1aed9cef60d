/* srv_ird.c: the resources the server offers, as one route table, and the
 * Information Resource Directory (RFC 7285 section 9) rendered from it.
 *
 * The table is the single list of resources: the HTTP layer dispatches on
 * it and the IRD advertises exactly its rows, so the two cannot disagree.
 * Resources:
 *   GET  /directory              the IRD
 *   GET  /networkmap             default-network-map
 *   GET  /costmap/<type-name>    costmap-<type-name>, one per cost type
 *   POST /networkmap/filtered    filtered-network-map
 *   POST /costmap/filtered       filtered-cost-map (all types, constraints)
 *   POST /endpointprop/lookup    endpoint-property (default-network-map.pid)
 *   POST /endpointcost/lookup    endpoint-cost (all types, constraints)
 * "uses" follows RFC 7285: maps and filtered maps use the network map; the
 * endpoint services have none (section 11.4.1.5, 11.5.1.5).
 *
 * With the path vector extension (SRV_EXT_PV, `serve --path-vector`):
 *   POST /costmap/pv                filtered-cost-map-pv (RFC 9275 7.2)
 *   POST /endpointcost/pv           endpoint-cost-pv (RFC 9275 7.3)
 *   POST /propmap/lookup/link-props link-props (RFC 9240 section 8), the
 *                                   defining resource of persistent ANEs
 *   GET  /propmap/link-props        link-props-full (RFC 9240 section 7)
 * and meta.cost-types gains "path-vector" (ane-path, array), which only the
 * two multipart resources list (RFC 9275 7.2.4: it MUST be defined in
 * meta.cost-types).  Their capabilities are cost-type-names (the path
 * vector type first, then every RFC 7285 type) and ane-property-names;
 * cost-constraints is absent, as 7.2.4 requires.  Their "uses" name the
 * network map (cost map variant, 7.2.5) and link-props, whose entities
 * persistent-entity-id values name (7.2.5, 7.3.5).  The property maps
 * advertise mappings {".ane": [...]} and use nothing.
 *
 * With the multi-cost extension (SRV_EXT_MC, `serve --multi-cost`, opt-in):
 *   POST /costmap/multicost       filtered-cost-map-mc (RFC 8189 4.1)
 *   POST /endpointcost/multicost  endpoint-cost-mc (RFC 8189 4.2)
 * with capabilities cost-type-names (every base type), max-cost-types and
 * testable-cost-type-names (srv_mc.c).
 *
 * With the performance metrics (SRV_EXT_PM, `serve --perf-metrics`,
 * opt-in), one multi-cost-aware pair per RFC 9439 cost source, since
 * section 3.1 forbids one resource to list two types that differ only in
 * cost-context (srv_metrics.c says what each value means):
 *   POST /costmap/pm, /endpointcost/pm                  "estimation"
 *   POST /costmap/pm-nominal, /endpointcost/pm-nominal  "nominal"
 *   POST /costmap/pm-sla, /endpointcost/pm-sla          "sla"
 * (filtered-cost-map-pm[-nominal|-sla], endpoint-cost-pm[-...]), and a
 * full cost map per new type; meta.cost-types gains the new types.
 *
 * With the entity property maps (SRV_EXT_UPM, `serve --property-map`, opt-in):
 *   GET  /propmap/entities         entity-props-full (RFC 9240 section 7)
 *   POST /propmap/lookup/entities  entity-props (RFC 9240 section 8)
 * with mappings for ipv4, ipv6 and default-network-map.pid (srv_upm_doc.c)
 * and "uses" the network map, which defines the pid domain and property. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"


static srv_route routes[SRV_MAX_ROUTES];
static char route_text[SRV_MAX_ROUTES][2][96];
static int nroutes;
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

static const srv_route fixed_head[] = {
    {.kind = SRV_K_IRD, .cost_type = -1, .path = "/directory",
     .resource_id = NULL, .media_type = SRV_MT_IRD,
     .accepts = NULL, .ext = 0},
    {.kind = SRV_K_NETMAP, .cost_type = -1, .path = "/networkmap",
     .resource_id = SRV_NETMAP_ID, .media_type = SRV_MT_NETMAP,
     .accepts = NULL, .ext = 0},
};
static const srv_route fixed_tail[] = {
    {.kind = SRV_K_NETMAP_FILTER, .cost_type = -1, .path = "/networkmap/filtered",
     .resource_id = "filtered-network-map", .media_type = SRV_MT_NETMAP,
     .accepts = SRV_MT_NETMAPF, .ext = 0},
    {.kind = SRV_K_COSTMAP_FILTER, .cost_type = -1, .path = "/costmap/filtered",
     .resource_id = "filtered-cost-map", .media_type = SRV_MT_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = 0},
    {.kind = SRV_K_EPROP, .cost_type = -1, .path = "/endpointprop/lookup",
     .resource_id = "endpoint-property", .media_type = SRV_MT_EPROP,
     .accepts = SRV_MT_EPROPP, .ext = 0},
    {.kind = SRV_K_ECOST, .cost_type = -1, .path = "/endpointcost/lookup",
     .resource_id = "endpoint-cost", .media_type = SRV_MT_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = 0},
    /* Extensions last, so the RFC 7285 routes keep their indices. */
    {.kind = SRV_K_PV_COSTMAP, .cost_type = -1, .path = "/costmap/pv",
     .resource_id = SRV_PV_COSTMAP_ID, .media_type = SRV_MT_PV_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = SRV_EXT_PV},
    {.kind = SRV_K_PV_ECOST, .cost_type = -1, .path = "/endpointcost/pv",
     .resource_id = SRV_PV_ECOST_ID, .media_type = SRV_MT_PV_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = SRV_EXT_PV},
    {.kind = SRV_K_PROPMAP_FILTER, .cost_type = -1, .path = "/propmap/lookup/link-props",
     .resource_id = SRV_LINKPROPS_ID, .media_type = SRV_MT_PROPMAP,
     .accepts = SRV_MT_PROPMAPP, .ext = SRV_EXT_PV},
    {.kind = SRV_K_PROPMAP, .cost_type = -1, .path = "/propmap/link-props",
     .resource_id = SRV_LINKPROPS_FULL_ID, .media_type = SRV_MT_PROPMAP,
     .accepts = NULL, .ext = SRV_EXT_PV},
    {.kind = SRV_K_MC_COSTMAP, .cost_type = -1, .path = "/costmap/multicost",
     .resource_id = SRV_MC_COSTMAP_ID, .media_type = SRV_MT_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = SRV_EXT_MC},
    {.kind = SRV_K_MC_ECOST, .cost_type = -1, .path = "/endpointcost/multicost",
     .resource_id = SRV_MC_ECOST_ID, .media_type = SRV_MT_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = SRV_EXT_MC},
    /* RFC 9439: one multi-cost-aware pair per cost source (section 3.1). */
    {.kind = SRV_K_MC_COSTMAP, .cost_type = -1, .path = "/costmap/pm",
     .resource_id = "filtered-cost-map-pm", .media_type = SRV_MT_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = SRV_EXT_PM, .set = SRV_SET_EST},
    {.kind = SRV_K_MC_ECOST, .cost_type = -1, .path = "/endpointcost/pm",
     .resource_id = "endpoint-cost-pm", .media_type = SRV_MT_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = SRV_EXT_PM, .set = SRV_SET_EST},
    {.kind = SRV_K_MC_COSTMAP, .cost_type = -1, .path = "/costmap/pm-nominal",
     .resource_id = "filtered-cost-map-pm-nominal", .media_type = SRV_MT_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = SRV_EXT_PM, .set = SRV_SET_NOM},
    {.kind = SRV_K_MC_ECOST, .cost_type = -1, .path = "/endpointcost/pm-nominal",
     .resource_id = "endpoint-cost-pm-nominal", .media_type = SRV_MT_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = SRV_EXT_PM, .set = SRV_SET_NOM},
    {.kind = SRV_K_MC_COSTMAP, .cost_type = -1, .path = "/costmap/pm-sla",
     .resource_id = "filtered-cost-map-pm-sla", .media_type = SRV_MT_COSTMAP,
     .accepts = SRV_MT_COSTMAPF, .ext = SRV_EXT_PM, .set = SRV_SET_SLA},
    {.kind = SRV_K_MC_ECOST, .cost_type = -1, .path = "/endpointcost/pm-sla",
     .resource_id = "endpoint-cost-pm-sla", .media_type = SRV_MT_ECOST,
     .accepts = SRV_MT_ECOSTP, .ext = SRV_EXT_PM, .set = SRV_SET_SLA},
    {.kind = SRV_K_UPM, .cost_type = -1, .path = "/propmap/entities",
     .resource_id = SRV_UPM_FULL_ID, .media_type = SRV_MT_PROPMAP,
     .accepts = NULL, .ext = SRV_EXT_UPM},
    {.kind = SRV_K_UPM_FILTER, .cost_type = -1, .path = "/propmap/lookup/entities",
     .resource_id = SRV_UPM_ID, .media_type = SRV_MT_PROPMAP,
     .accepts = SRV_MT_PROPMAPP, .ext = SRV_EXT_UPM},
    /* RFC 9241 (srv_cdni.c): paths ending in '/' are prefixes of one
     * resource per dCDN; no resource_id, the IRD entries come from the
     * topology (srv_cdni_ird). */
    {.kind = SRV_K_CDNI, .cost_type = -1, .path = SRV_CDNI_PATH,
     .resource_id = NULL, .media_type = SRV_MT_CDNI, .accepts = NULL, .ext = SRV_EXT_CDNI},
    {.kind = SRV_K_CDNI_FILTER, .cost_type = -1, .path = SRV_CDNIF_PATH,
     .resource_id = NULL, .media_type = SRV_MT_CDNI, .accepts = SRV_MT_CDNIF, .ext = SRV_EXT_CDNI},
    {.kind = SRV_K_CDNI_PROPMAP, .cost_type = -1, .path = "/propmap/cdni",
     .resource_id = NULL, .media_type = SRV_MT_PROPMAP, .accepts = NULL, .ext = SRV_EXT_CDNI},
    {.kind = SRV_K_CDNI_PROPMAP_FILTER, .cost_type = -1, .path = "/propmap/lookup/cdni",
     .resource_id = NULL, .media_type = SRV_MT_PROPMAP, .accepts = SRV_MT_PROPMAPP,
     .ext = SRV_EXT_CDNI},
};

static void routes_init(void) {
    for (size_t i = 0; i < sizeof fixed_head / sizeof *fixed_head; i++)
        routes[nroutes++] = fixed_head[i];
    _Static_assert(2 + SRV_MAX_TYPES + sizeof fixed_tail / sizeof *fixed_tail <= SRV_MAX_ROUTES,
                   "the route table holds every resource");
    for (int t = 0; t < srv_ncost_types; t++) {
        snprintf(route_text[nroutes][0], 96, "/costmap/%s", srv_cost_types[t].name);
        snprintf(route_text[nroutes][1], 96, "costmap-%s", srv_cost_types[t].name);
        routes[nroutes] = (srv_route){SRV_K_COSTMAP, t, route_text[nroutes][0],
                                      route_text[nroutes][1], SRV_MT_COSTMAP, NULL,
                                      srv_cost_type_ext(t), 0};
        nroutes++;
    }
    for (size_t i = 0; i < sizeof fixed_tail / sizeof *fixed_tail; i++)
        routes[nroutes++] = fixed_tail[i];
}

const srv_route *srv_routes(int *n) {
    pthread_once(&routes_once, routes_init);
    *n = nroutes;
    return routes;
}

const srv_route *srv_route_find(const char *path) {
    int n;
    const srv_route *r = srv_routes(&n);
    for (int i = 0; i < n; i++)
        if (!strcmp(r[i].path, path)) return &r[i];
    /* A prefix route ("/cdni/") takes one more non-empty path segment. */
    for (int i = 0; i < n; i++) {
        size_t k = strlen(r[i].path);
        if (r[i].path[k - 1] == '/' && !strncmp(r[i].path, path, k) && path[k] && !strchr(path + k, '/'))
            return &r[i];
    }
    return NULL;
}

/* The names of the types the resources of set list. */
static json_t *all_type_names(int pv, unsigned set) {
    json_t *a = json_array();
    if (pv) json_array_append_new(a, json_string(SRV_PV_TYPE_NAME));
    for (int t = 0; t < srv_ncost_types; t++)
        if (srv_cost_types[t].sets & set) json_array_append_new(a, json_string(srv_cost_types[t].name));
    return a;
}

static json_t *ane_property_names(void) {
    json_t *a = json_array();
    for (int i = 0; i < srv_nane_props; i++)
        if (srv_ane_props[i].ephemeral) json_array_append_new(a, json_string(srv_ane_props[i].name));
    return a;
}

/* RFC 8189 4.1.1: cost-constraints is left out because
 * testable-cost-type-names is present (they MUST NOT both be). */
static json_t *mc_capabilities(unsigned set) {
    json_t *testable = json_array();
    for (int t = 0; t < srv_ncost_types; t++)
        if ((srv_cost_types[t].sets & set) && srv_mc_testable(t))
            json_array_append_new(testable, json_string(srv_cost_types[t].name));
    return json_pack("{s:o, s:i, s:o}", "cost-type-names", all_type_names(0, set),
                     "max-cost-types", srv_mc_max_types_in(set), "testable-cost-type-names", testable);
}

/* capabilities and uses of one route, per RFC 7285 sections 11.2-11.5 and
 * RFC 9275 section 7 / RFC 9240 sections 7-8. */
static void describe(json_t *e, const srv_route *r) {
    json_t *caps = NULL;
    int uses_netmap = 0;
    switch (r->kind) {
    case SRV_K_COSTMAP:
        caps = json_pack("{s:[s]}", "cost-type-names", srv_cost_types[r->cost_type].name);
        uses_netmap = 1;
        break;
    case SRV_K_NETMAP_FILTER:
        uses_netmap = 1;
        break;
    case SRV_K_COSTMAP_FILTER:
        caps = json_pack("{s:o, s:b}", "cost-type-names", all_type_names(0, SRV_SET_BASE),
                         "cost-constraints", 1);
        uses_netmap = 1;
        break;
    case SRV_K_ECOST:
        caps = json_pack("{s:o, s:b}", "cost-type-names", all_type_names(0, SRV_SET_BASE),
                         "cost-constraints", 1);
        break;
    case SRV_K_EPROP:
        caps = json_pack("{s:[s]}", "prop-types", SRV_PID_PROP);
        break;
    case SRV_K_PV_COSTMAP:
    case SRV_K_PV_ECOST:
        caps = json_pack("{s:o, s:o}", "cost-type-names", all_type_names(1, SRV_SET_BASE),
                         "ane-property-names", ane_property_names());
        uses_netmap = r->kind == SRV_K_PV_COSTMAP;
        break;
    case SRV_K_MC_COSTMAP:
    case SRV_K_MC_ECOST:
        caps = mc_capabilities(r->set ? r->set : SRV_SET_BASE);
        uses_netmap = r->kind == SRV_K_MC_COSTMAP;
        break;
    case SRV_K_PROPMAP:
    case SRV_K_PROPMAP_FILTER:
        caps = json_pack("{s:o}", "mappings", srv_propmap_mappings());
        break;
    case SRV_K_UPM:
    case SRV_K_UPM_FILTER:
        caps = json_pack("{s:o}", "mappings", srv_upm_mappings());
        uses_netmap = 1;    /* defines "default-network-map.pid" and its domain */
        break;
    default:
        break;
    }
    if (r->accepts) json_object_set_new(e, "accepts", json_string(r->accepts));
    if (caps) json_object_set_new(e, "capabilities", caps);
    json_t *uses = json_array();
    if (uses_netmap) json_array_append_new(uses, json_string(SRV_NETMAP_ID));
    if (r->kind == SRV_K_PV_COSTMAP || r->kind == SRV_K_PV_ECOST)
        json_array_append_new(uses, json_string(SRV_LINKPROPS_ID));
    if (json_array_size(uses)) json_object_set(e, "uses", uses);
    json_decref(uses);
}

json_t *srv_ird_new(const char *base) { return srv_ird_new_ext(base, 0); }

json_t *srv_ird_new_ext(const char *base, unsigned ext) {
    json_t *types = json_object();
    for (int t = 0; t < srv_ncost_types; t++)
        if (!(srv_cost_type_ext(t) & ~ext))
            json_object_set_new(types, srv_cost_types[t].name, srv_json_cost_type(t, 1));
    if (ext & SRV_EXT_PV)
        json_object_set_new(types, SRV_PV_TYPE_NAME, json_pack(
            "{s:s, s:s, s:s}", "cost-mode", SRV_PV_MODE, "cost-metric", SRV_PV_METRIC,
            "description", "RFC 9275 path vector: the abstract network elements "
            "(one per directed link, \"<from>-<to>\") on the routed path, in order"));
    json_t *res = json_object();
    int n;
    const srv_route *r = srv_routes(&n);
    char uri[512];
    for (int i = 0; i < n; i++) {
        if (!r[i].resource_id) continue;    /* the IRD itself */
        if (r[i].ext & ~ext) continue;      /* an extension not enabled */
        snprintf(uri, sizeof uri, "%s%s", base ? base : "", r[i].path);
        json_t *e = json_pack("{s:s, s:s}", "uri", uri, "media-type", r[i].media_type);
        describe(e, &r[i]);
        json_object_set_new(res, r[i].resource_id, e);
    }
    return json_pack("{s:{s:o, s:s}, s:o}", "meta", "cost-types", types,
                     "default-alto-network-map", SRV_NETMAP_ID, "resources", res);
}

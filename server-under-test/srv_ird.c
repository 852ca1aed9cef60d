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
 * endpoint services have none (section 11.4.1.5, 11.5.1.5). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "srv_int.h"


static srv_route routes[SRV_MAX_ROUTES];
static char route_text[SRV_MAX_ROUTES][2][96];
static int nroutes;
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

static const srv_route fixed_head[] = {
    {SRV_K_IRD, -1, "/directory", NULL, SRV_MT_IRD, NULL},
    {SRV_K_NETMAP, -1, "/networkmap", SRV_NETMAP_ID, SRV_MT_NETMAP, NULL},
};
static const srv_route fixed_tail[] = {
    {SRV_K_NETMAP_FILTER, -1, "/networkmap/filtered", "filtered-network-map",
     SRV_MT_NETMAP, SRV_MT_NETMAPF},
    {SRV_K_COSTMAP_FILTER, -1, "/costmap/filtered", "filtered-cost-map",
     SRV_MT_COSTMAP, SRV_MT_COSTMAPF},
    {SRV_K_EPROP, -1, "/endpointprop/lookup", "endpoint-property",
     SRV_MT_EPROP, SRV_MT_EPROPP},
    {SRV_K_ECOST, -1, "/endpointcost/lookup", "endpoint-cost",
     SRV_MT_ECOST, SRV_MT_ECOSTP},
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
                                      route_text[nroutes][1], SRV_MT_COSTMAP, NULL};
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
    return NULL;
}

static json_t *all_type_names(void) {
    json_t *a = json_array();
    for (int t = 0; t < srv_ncost_types; t++)
        json_array_append_new(a, json_string(srv_cost_types[t].name));
    return a;
}

/* capabilities and uses of one route, per RFC 7285 sections 11.2-11.5. */
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
        caps = json_pack("{s:o, s:b}", "cost-type-names", all_type_names(),
                         "cost-constraints", 1);
        uses_netmap = 1;
        break;
    case SRV_K_ECOST:
        caps = json_pack("{s:o, s:b}", "cost-type-names", all_type_names(),
                         "cost-constraints", 1);
        break;
    case SRV_K_EPROP:
        caps = json_pack("{s:[s]}", "prop-types", SRV_PID_PROP);
        break;
    default:
        break;
    }
    if (r->accepts) json_object_set_new(e, "accepts", json_string(r->accepts));
    if (caps) json_object_set_new(e, "capabilities", caps);
    if (uses_netmap) json_object_set_new(e, "uses", json_pack("[s]", SRV_NETMAP_ID));
}

json_t *srv_ird_new(const char *base) {
    json_t *types = json_object();
    for (int t = 0; t < srv_ncost_types; t++)
        json_object_set_new(types, srv_cost_types[t].name, srv_json_cost_type(t, 1));
    json_t *res = json_object();
    int n;
    const srv_route *r = srv_routes(&n);
    char uri[512];
    for (int i = 0; i < n; i++) {
        if (!r[i].resource_id) continue;    /* the IRD itself */
        snprintf(uri, sizeof uri, "%s%s", base ? base : "", r[i].path);
        json_t *e = json_pack("{s:s, s:s}", "uri", uri, "media-type", r[i].media_type);
        describe(e, &r[i]);
        json_object_set_new(res, r[i].resource_id, e);
    }
    return json_pack("{s:{s:o, s:s}, s:o}", "meta", "cost-types", types,
                     "default-alto-network-map", SRV_NETMAP_ID, "resources", res);
}

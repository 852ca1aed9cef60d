/* run_pv.h: the RFC 9275 path vector client of the estimator.
 *
 * Found in the IRD by what it offers, never by resource id: a multipart
 * Endpoint Cost Service (media type multipart/related with
 * type=application/alto-endpointcost+json) that lists a cost type with
 * cost-metric "ane-path" and cost-mode "array" and the ANE property
 * "max-reservable-bandwidth"; else a multipart filtered cost map
 * (type=application/alto-costmap+json) that does, asked by PID through
 * the network map it uses (hosts in one PID then share its vectors).  When the resource also offers
 * "persistent-entity-id" and one of its `uses` is an RFC 9240 property map
 * with a one-way delay property for ".ane" entities (a property named
 * "delay-ow" or ending in "-delay-ow", in microseconds like RFC 9439's
 * delay-ow), the ANEs' delays are asked from it too. */
#ifndef RUN_PV_H
#define RUN_PV_H

#include <jansson.h>
#include "alto_client.h"

typedef struct run_pv {
    char *uri;              /* the multipart ECS */
    char *rid;              /* its resource id (for messages) */
    char *type_name;        /* the path-vector cost type's name */
    char *netmap_uri;       /* cost map variant: its network map; NULL = ECS */
    int has_peid;           /* offers persistent-entity-id */
    char *props_uri;        /* property map with ANE delays, or NULL */
    char *props_rid;
    char *delay_prop;
} run_pv;

int run_pv_plan(alto_client *c, run_pv *out, alto_err *err);
void run_pv_free(run_pv *p);

/* Path vectors between every pair of addrs (one POST), plus each ANE's
 * properties.  *net (new): {"paths": {SRC: {DST: [ANE, ...]}}, "anes":
 * {ANE: {"bps": N, "delay": SECONDS (when known), "entity": ID}},
 * "delay_source": TEXT}; SRC and DST are typed addresses as alto_addr
 * formats them. */
int run_pv_query(alto_client *c, const run_pv *p, const char *label, const alto_addr *addrs, int n,
                 json_t **net, alto_err *err);

/* The pure part, for tests: reads the parts of one multipart Endpoint Cost
 * Service answer (alto_mpart_read) into paths and ANE properties as above.
 * Accepts "endpoint-cost-map" and, as in RFC 9275's own section 7.3.6
 * example, "cost-map". */
int run_pv_read(const json_t *parts, json_t **paths, json_t **anes, alto_err *err);

#endif

/* run_alto_mc.h: RFC 8189 multi-cost questions for the alto-multicost
 * policy, on top of the one ALTO client (lib/alto_client.h).
 *
 * The resource is discovered from the IRD closure by its capabilities,
 * never by resource id: an endpoint cost service (RFC 8189 4.2) or a
 * filtered cost map (4.1) whose max-cost-types is at least the number of
 * costs asked and whose cost-type-names list a type of every metric asked
 * (numerical preferred, ordinal accepted).  One POST carries every cost
 * type in multi-cost-types; the answer's arrays are read in request order,
 * null (a cost the server does not have for that pair) as NAN. */
#ifndef RUN_ALTO_MC_H
#define RUN_ALTO_MC_H

#include <jansson.h>
#include "run_alto.h"

#define RUN_MC_MAX 8            /* cost types one policy may rank on */

typedef struct run_alto_mc_plan {
    int n;                      /* cost types, in the order asked */
    char *metric[RUN_MC_MAX], *mode[RUN_MC_MAX], *type_name[RUN_MC_MAX];
    run_alto_via via;           /* RUN_VIA_ECS or RUN_VIA_FILTERED */
    char *res_id, *uri;
    char *netmap_uri;           /* RUN_VIA_FILTERED: the network map it uses */
    long long max_cost_types;   /* the resource's capability */
} run_alto_mc_plan;

/* A multi-cost resource for metrics[0..n-1]; via_pref NULL (endpoint cost
 * service first), "endpoint-cost" or "cost-map".  The error says what the
 * server lacks: any multi-cost resource, a metric, or room (max-cost-types). */
int run_alto_mc_plan_new(run_alto *a, const char *const *metrics, int n, const char *via_pref,
                         run_alto_mc_plan *out, alto_err *err);
void run_alto_mc_plan_free(run_alto_mc_plan *p);
/* The plan as the report's policies[].alto object (new reference). */
json_t *run_alto_mc_plan_json(const run_alto_mc_plan *p);
/* One multi-cost POST: out[i * n + k] = cost k from srcs[i] to dst, NAN
 * where the answer has null or leaves the pair out (RFC 8189 4.1.3: the
 * server MAY omit a pair with no cost at all).  label names the asker. */
int run_alto_mc_costs(run_alto *a, const run_alto_mc_plan *p, const char *label,
                      const alto_addr *srcs, int ns, const alto_addr *dst, double *out,
                      alto_err *err);

#endif

/* run_alto.h: what the replica-selection policies ask ALTO, on top of the
 * one ALTO client (lib/alto_client.h).
 *
 * Everything is discovered from the IRD closure by cost metric and mode,
 * never by resource id, so the policies work against any RFC 7285 server:
 * the endpoint cost service (RFC 7285 11.5) when the IRD offers one for the
 * cost type, else the network map plus a filtered cost map (11.3.2), else
 * a full cost map (11.2.3).  Every exchange is kept by the client as
 * evidence; run_alto_evidence() renders the run report's rows of it. */
#ifndef RUN_ALTO_H
#define RUN_ALTO_H

#include <jansson.h>
#include "alto_addr.h"
#include "alto_err.h"
#include "alto_client.h"

typedef struct run_alto run_alto;

typedef enum run_alto_via { RUN_VIA_ECS, RUN_VIA_FILTERED, RUN_VIA_FULL } run_alto_via;

/* How to get costs of one metric: found by run_alto_plan_new(). */
typedef struct run_alto_plan {
    char *metric, *mode;        /* as the IRD names them */
    char *type_name;            /* the IRD's cost type name */
    run_alto_via via;
    char *uri;                  /* ECS / cost map resource */
    char *netmap_uri;           /* FILTERED, FULL: the network map it uses */
} run_alto_plan;

run_alto *run_alto_new(const char *ird_url, double timeout);
void run_alto_free(run_alto *a);
/* The client itself (borrowed): the estimator asks through it too. */
alto_client *run_alto_client(run_alto *a);
const char *run_alto_url(const run_alto *a);
/* Fetches the IRD closure and checks that the root is an IRD. */
int run_alto_ird(run_alto *a, alto_err *err);
/* Chooses a resource for `metric` (numerical preferred, ordinal accepted);
 * via_pref: NULL auto, "endpoint-cost" or "cost-map". */
int run_alto_plan_new(run_alto *a, const char *metric, const char *via_pref,
                      run_alto_plan *out, alto_err *err);
void run_alto_plan_free(run_alto_plan *p);
/* The plan as the run report's policies[].alto object (new reference). */
json_t *run_alto_plan_json(const run_alto_plan *p);
/* Costs from each srcs[i] to dst into out[i].  label names the asking
 * policy in the evidence.  Answers are cached per (plan, question). */
int run_alto_costs(run_alto *a, const run_alto_plan *p, const char *label,
                   const alto_addr *srcs, int n, const alto_addr *dst,
                   double *out, alto_err *err);
/* The evidence rows so far (borrowed array, alto_xchg_json_flat). */
json_t *run_alto_evidence(run_alto *a);
/* The cell of an endpoint cost map (the "endpoint-cost-map" object) for
 * (src, dst), or NULL: keys are typed addresses, compared parsed, not as
 * text (any IPv6 spelling).  Single- and multi-cost answers alike. */
const json_t *run_alto_ecs_cell(const json_t *m, const alto_addr *src, const alto_addr *dst);

#endif

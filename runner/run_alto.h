/* run_alto.h: the ALTO client of the replica-selection policies.
 *
 * Everything is discovered from the IRD by cost metric and mode, never by
 * resource id, so the policies work against any RFC 7285 server: the
 * endpoint cost service (RFC 7285 11.5) when the IRD offers one for the
 * cost type, else the network map plus a filtered cost map (11.3.2), else
 * a full cost map (11.2.3).  Every exchange is kept as evidence for the
 * report: method, URL, bodies (capped), status, elapsed, a curl line. */
#ifndef RUN_ALTO_H
#define RUN_ALTO_H

#include <jansson.h>
#include "alto_addr.h"
#include "alto_err.h"

typedef struct run_alto run_alto;

typedef enum run_alto_via { RUN_VIA_ECS, RUN_VIA_FILTERED, RUN_VIA_FULL } run_alto_via;

/* How to get costs of one metric: found by run_alto_plan(). */
typedef struct run_alto_plan {
    char *metric, *mode;        /* as the IRD names them */
    char *type_name;            /* the IRD's cost type name */
    run_alto_via via;
    char *uri;                  /* ECS / cost map resource */
    char *netmap_uri;           /* FILTERED, FULL: the network map it uses */
} run_alto_plan;

run_alto *run_alto_new(const char *ird_url, double timeout);
void run_alto_free(run_alto *a);
/* Fetches and checks the IRD. */
int run_alto_ird(run_alto *a, alto_err *err);
/* Chooses a resource for `metric` (numerical preferred, ordinal accepted);
 * via_pref: NULL auto, "endpoint-cost" or "cost-map". */
int run_alto_plan_new(run_alto *a, const char *metric, const char *via_pref,
                      run_alto_plan *out, alto_err *err);
void run_alto_plan_free(run_alto_plan *p);
/* Costs from each srcs[i] to dst into out[i].  label names the asking
 * policy in the evidence.  Answers are cached per (plan, question). */
int run_alto_costs(run_alto *a, const run_alto_plan *p, const char *label,
                   const alto_addr *srcs, int n, const alto_addr *dst,
                   double *out, alto_err *err);
/* The IRD as fetched (borrowed), and an IRD URI made absolute (new). */
const json_t *run_alto_ird_doc(const run_alto *a);
char *run_alto_resolve(const run_alto *a, const char *uri);
/* POST with evidence: a JSON object answer (*out, new reference), or a
 * multipart/related one split into parts (run_mpart_parse, root first).
 * Anything but 200 fails with the server's status and ALTO error code. */
int run_alto_post_json(run_alto *a, const char *label, const char *url, const char *accept,
                       const char *ctype, const json_t *body, json_t **out, alto_err *err);
int run_alto_post_mpart(run_alto *a, const char *label, const char *url, const char *accept,
                        const char *ctype, const json_t *body, json_t **parts, alto_err *err);
/* The PID of addr in the network map at netmap_uri (fetched once, with
 * evidence; longest-prefix match); *pid is borrowed from the cache. */
int run_alto_pid(run_alto *a, const char *label, const char *netmap_uri, const alto_addr *addr,
                 const char **pid, alto_err *err);
/* The evidence records so far (borrowed array). */
json_t *run_alto_evidence(run_alto *a);
const char *run_alto_url(const run_alto *a);

#endif

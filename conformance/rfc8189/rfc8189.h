/* rfc8189.h: private to the RFC 8189 (multi-cost) suite
 * (conformance/rfc8189/).
 *
 * suite.c holds the table; sections 4.1 (filtered cost map) and 4.2
 * (endpoint cost service) state the same rules for two resource kinds, so
 * the run functions in s4_extensions.c serve both rows and take the kind
 * from the row's section ("4.1.*" cost map, "4.2.*" endpoint cost).  util.c
 * finds the multi-cost resources (max-cost-types > 0), builds requests from
 * what the IRD advertises, and fetches the single-cost answers every
 * multi-cost answer is judged against.  Run function of
 * rfc8189/<section>/<name>: r8189_<name>. */
#ifndef RFC8189_H
#define RFC8189_H

#include "conf_ctx.h"
#include "conf_msg.h"

#define M8_COSTMAP "application/alto-costmap+json"
#define M8_ECS "application/alto-endpointcost+json"
#define M8_MAX 16               /* cost types of one resource looked at */

/* One multi-cost resource and what the suite learnt about it. */
typedef struct m8_res {
    const conf_res *r;
    int ecs;
    int max;                    /* max-cost-types */
    int n;                      /* cost types (cost-type-names found in meta) */
    json_t *types[M8_MAX];      /* {cost-metric, cost-mode[, cost-context]} (owned) */
    int testable[M8_MAX];
    json_t *single[M8_MAX];     /* flattened single-cost answers, or NULL (owned) */
    json_t *scope;              /* request members other than the cost types (owned) */
} m8_res;

/* The i-th multi-cost resource of the row's kind, or NULL. */
const conf_res *m8_nth(conf_ctx *c, int i);
/* Fills st for r; 0 after a verdict (SKIP/ERROR) when it cannot. */
int m8_begin(conf_ctx *c, const conf_res *r, m8_res *st);
void m8_end(m8_res *st);
/* The single-cost answer of type k, flattened ("src dst" -> value); NULL
 * after ERROR (a control request). */
json_t *m8_single(conf_ctx *c, m8_res *st, int k);
/* A request for types ks[0..n) (multi-cost-types); new. */
json_t *m8_req(const m8_res *st, const int *ks, int n);
json_t *m8_types(const m8_res *st, const int *ks, int n);
/* {"src dst": value} of an answer's cost-map / endpoint-cost-map (new). */
json_t *m8_flat(const json_t *doc, int ecs);
const char *m8_member(int ecs);
/* Up to want cost types whose single-cost answers differ from each other
 * (first those whose defined pairs differ), into ks; count.  testable:
 * only testable types. */
int m8_pick(conf_ctx *c, m8_res *st, int *ks, int want, int testable);
/* The q-quantile (0..1) of the numbers in a flattened answer; NAN if none. */
double m8_quantile(const json_t *flat, double q);
/* 1 if two JSON numbers (or two nulls) are the same cost. */
int m8_same(const json_t *a, const json_t *b);
/* Makes the IRD fetches the evidence (cases judged on the IRD alone). */
void m8_focus_irds(conf_ctx *c);

#define M8_CASES(X) \
    X(testable_subset) X(testable_exclusive) X(too_many_types) X(both_cost_types) \
    X(bad_index) X(unknown_operator) X(constraints_and_or) X(empty_or_clause) \
    X(testable_constraints) X(and_constraints) X(or_constraints) X(single_cost) \
    X(meta_cost_type) X(multi_cost_types) X(array_values) X(null_unavailable) X(media_type)

#define M8_DECL(name) void r8189_##name(conf_ctx *c);
M8_CASES(M8_DECL)
#undef M8_DECL

#endif

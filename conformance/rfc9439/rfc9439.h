/* rfc9439.h: private to the RFC 9439 (performance cost metrics) suite
 * (conformance/rfc9439/), judged from draft-ietf-alto-performance-
 * metrics-28, the text the repository carries.
 *
 * suite.c holds the table.  The files by section: s3_1_cost_context.c
 * (cost-context and cost-source), s3_2_statistics.c (metric strings and
 * statistical operators), s4_packet_metrics.c (delay, loss, hop count:
 * values, cost modes, delay-rt against delay-ow), s5_bandwidth_metrics.c
 * (tput and bandwidths), s6_operational.c (Last-Modified, routingcost's
 * cost-context), s8_iana.c (registered metric names).  util.c walks the
 * cost types of the IRDs and fetches the values a type has in the
 * resources that list it (full cost maps by GET, filtered cost maps and
 * endpoint cost services by POST, endpoints sampled from the default
 * network map).  The rules on strings and values are conf_pm.c's, shared
 * with the message validators.  Run function of rfc9439/<section>/<name>:
 * r9439_<name>. */
#ifndef RFC9439_H
#define RFC9439_H

#include "conf_ctx.h"
#include "conf_msg.h"
#include "conf_pm.h"

#define P9_MAX_RES 8            /* resources asked per cost type */

/* One cost type of an IRD, as the cases see it. */
typedef struct p9_type {
    int ird;                    /* index of the defining IRD */
    const char *name;           /* its key in meta.cost-types */
    json_t *ct;                 /* the CostType object (borrowed) */
    const char *metric, *mode;  /* NULL when absent or not strings */
    char base[64];              /* base identifier */
    const char *op;             /* statistical operator or NULL */
    const char *source;         /* cost source (absent: "estimation"), NULL if malformed */
} p9_type;

typedef void (*p9_type_fn)(conf_ctx *c, const p9_type *t);
/* Calls fn on every cost type of every IRD (focused on that IRD); the
 * number of types seen.  None: conf_empty with the reason. */
int p9_each_type(conf_ctx *c, p9_type_fn fn);
/* 1 when resource r lists cost type name in cost-type-names. */
int p9_lists(const conf_res *r, const char *name);
/* The resources of t's IRD that answer t's values (full cost map,
 * filtered cost map, endpoint cost), up to max; their count. */
int p9_resources(conf_ctx *c, const p9_type *t, const conf_res **out, int max);
/* The exchange that asks r for t's values (cached by the session), or
 * NULL after SKIP/ERROR. */
conf_xchg *p9_exchange(conf_ctx *c, const conf_res *r, const p9_type *t);
/* The values of t from r, flattened ("src dst" -> value; ECS keys are
 * typed endpoint addresses), or NULL after recording why (conf_ok). */
json_t *p9_values(conf_ctx *c, const conf_res *r, const p9_type *t);
/* "ipv4:a.b.c.d" of every PID that holds exactly one host address (its
 * only prefix a /32 or /128) -> that PID, from r's default network map;
 * NULL after SKIP/ERROR. (owned by the caller) */
json_t *p9_host_pids(conf_ctx *c, const conf_res *r);
/* Judges every numerical type whose base identifier is base with fn on
 * each value source; UNSUPPORTED when the IRD offers none. */
typedef void (*p9_vals_fn)(conf_ctx *c, const p9_type *t, const json_t *vals);
void p9_each_values(conf_ctx *c, const char *base, p9_vals_fn fn);
/* Calls fn for every pair (a, b) of numerical types of one IRD, a
 * accepted by want_a, b by want_b(a, b), on every resource listing both
 * and on their two full cost maps; UNSUPPORTED (why) when no pair exists. */
typedef int (*p9_want_fn)(const p9_type *a, const p9_type *b);
typedef void (*p9_pair_fn)(conf_ctx *c, const p9_type *a, const json_t *va,
                           const p9_type *b, const json_t *vb);
void p9_each_pair(conf_ctx *c, p9_want_fn want, p9_pair_fn fn, const char *why);
/* The value rule of section x.x.2 for base, on every value it has. */
void p9_value_case(conf_ctx *c, const char *base);

#define P9_CASES(X) \
    X(cost_context_shape) X(cost_source_syntax) X(cost_source_registered) \
    X(one_type_per_context) X(sla_parameters) X(metric_length) X(stat_operator) \
    X(common_form) X(operator_order) X(cost_mode) X(delay_ow_value) X(delay_rt_value) \
    X(delay_variation_value) X(lossrate_value) X(hopcount_value) X(rt_vs_ow) \
    X(same_values) X(tput_value) X(bw_residual_value) X(bw_available_value) X(bw_bounds) \
    X(tput_source) X(last_modified) X(routingcost_estimation) X(registered_metric)

#define P9_DECL(name) void r9439_##name(conf_ctx *c);
P9_CASES(P9_DECL)
#undef P9_DECL

#endif

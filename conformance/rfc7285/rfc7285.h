/* rfc7285.h: private to the RFC 7285 suite (conformance/rfc7285/).
 *
 * Laid out like the RFC (CONFORMANCE-LAYOUT in conformance/README.md):
 * suite.c holds the table, one row per requirement in section order; the
 * run function of case rfc7285/<section>/<name> is r7285_<name> ('-' ->
 * '_'; r7285_<service>_<name> when several sections use the name), in
 * s<section>_<title>.c for the longest section prefix that has a file
 * (11.3.2.6/unknown-pids: s11_3_2_filtered_cost_map.c,
 * r7285_fcm_unknown_pids).  util.c holds what several section files
 * need, declared here. */
#ifndef RFC7285_H
#define RFC7285_H

#include "conf_ctx.h"
#include "conf_msg.h"

#define M_IRD "application/alto-directory+json"
#define M_NETMAP "application/alto-networkmap+json"
#define M_COSTMAP "application/alto-costmap+json"
#define M_EPROP "application/alto-endpointprop+json"
#define M_ECS "application/alto-endpointcost+json"
#define M_ERROR "application/alto-error+json"

/* Iterates the resources of one service kind in the closure. */
#define R7_EACH(c, svc, r) \
    for (int r##_i = 0; ((r) = conf_ird_nth(&(c)->s->ird, (svc), r##_i)) != NULL; r##_i++)

/* Body of the network map `user` depends on ("uses", else the IRD's
 * default network map); NULL after conf_ok() recorded why.  *nm gets the
 * network map resource. */
json_t *r7_netmap(conf_ctx *c, const conf_res *user, const conf_res **nm);
/* New array of the PID names of a network map body. */
json_t *r7_pids(const json_t *netmap);
/* Number of cost-type-names of r, and the i-th as a new {cost-metric,
 * cost-mode} object (NULL when not defined in the IRD). */
size_t r7_ncost_types(const conf_res *r);
json_t *r7_cost_type(conf_ctx *c, const conf_res *r, size_t i);
/* The cost types a service can be asked for (new array of {cost-metric,
 * cost-mode}): its cost-type-names defined in the IRD, or, when it names
 * none, every cost type of its IRD; empty when nothing usable. */
json_t *r7_cost_types(conf_ctx *c, const conf_res *r);
/* The first of cts with the given mode, else the first (new ref), NULL
 * when cts is empty. */
json_t *r7_cost_type_pick(const json_t *cts, const char *mode);
/* Prefers a numerical cost type (constraint tests need real values). */
json_t *r7_cost_type_numerical(conf_ctx *c, const conf_res *r);
int r7_vtag_equal(const json_t *a, const json_t *b);
int r7_same_cost_type(const json_t *a, const json_t *b);
/* {"cost-type": ct, "pids": {"srcs": s, "dsts": d}} (pids omitted when
 * s is NULL); arguments are consumed. */
json_t *r7_fcost_req(json_t *ct, json_t *s, json_t *d);
/* A valid minimal request for a POST service (new), or NULL if it cannot
 * be built (e.g. no network map to pick endpoints from). */
json_t *r7_valid_request(conf_ctx *c, const conf_res *r);
/* Problems when the object keys of got differ from the set want (array
 * of strings); `what` names the keys in messages. */
void r7_keys_equal(conf_ctx *c, const json_t *got, const json_t *want,
                   const char *path, const char *what);
json_t *r7_strs(const char *a, ...);    /* NULL-terminated */
/* Compares the two-level map `member` of got (the exchange under test)
 * with ctl (the control: the same request without the twist under test):
 * the same entries, numbers by value, prefix lists as sets.  A control
 * without the member cannot judge (ERROR); a difference is a problem
 * naming the first pair that differs; identical answers never are.  Each
 * entry compared counts as checked. */
void r7_same_entries(conf_ctx *c, const json_t *got, const json_t *ctl, const char *member,
                     const char *what);
/* Endpoints to ask an endpoint cost service about, from the network map
 * body nm (may be NULL): dsts one per PID plus an IPv6 one when the map
 * has IPv6 prefixes, srcs up to four of them from distinct PIDs plus the
 * IPv6 one (both new). */
void r7_ecs_endpoints(const json_t *nm, json_t **srcs, json_t **dsts);
/* Constraint check shared by filtered cost maps and endpoint cost: posts
 * req (consumed) without constraints, picks thresholds among the returned
 * costs, posts "op1 t1" [AND "op2 t2"] and compares the two answers under
 * `member` ("cost-map" / "endpoint-cost-map"). */
void r7_constraint_case(conf_ctx *c, const conf_res *r, json_t *req, const char *member,
                        const char *op1, const char *op2);

/* ---- shared by the section files (util.c) ---- */

/* A message validator (conf_msg.h) run on every GET map of one kind
 * (r7_each_map: s10, s11_2_*) or on every usable IRD of the closure
 * (r7_each_ird: ERROR when the root is unusable). */
typedef int (*r7_map_check)(const json_t *doc, conf_probs *p);
typedef int (*r7_ird_check)(const json_t *doc, conf_probs *p);

/* A PID name no server defines (filtered maps: unknown PIDs are ignored). */
#define R7_NO_SUCH_PID "altospec-no-such-pid"

/* Endpoint samples per request (one per PID) and sources per ECS request. */
#define R7_MAX_SAMPLES 8
#define R7_MAX_SRCS 4

/* One endpoint property service under test (11.2.2 pid-lpm and 11.4.1):
 * its network map, the "<map>.pid" property to ask for, the samples.
 * R7_EP_EACH runs its body once per service that r7_ep_begin could set up. */
typedef struct r7_ep {
    const conf_res *r, *nm;
    json_t *nmbody;     /* borrowed */
    json_t *eps;        /* owned */
    char prop[160];
} r7_ep;

#define R7_EP_EACH(c, e) \
    const conf_res *r_; r7_ep e; \
    R7_EACH(c, CONF_SVC_EPROP, r_) \
        for (int once_ = r7_ep_begin(c, r_, &e); once_; once_ = 0, json_decref(e.eps))

void r7_each_map(conf_ctx *c, conf_svc svc, r7_map_check fn);
void r7_each_ird(conf_ctx *c, r7_ird_check fn);
/* Points the case's evidence at the IRD exchanges (rules judged from the
 * IRD alone). */
void r7_focus_irds(conf_ctx *c);
/* Endpoints inside the map's PIDs (new array; never empty). */
json_t *r7_sample_endpoints(const json_t *nm);
const conf_res *r7_eprop_netmap(conf_ctx *c, const conf_res *r, char *prop, size_t n);
int r7_ep_begin(conf_ctx *c, const conf_res *r, r7_ep *e);
json_t *r7_ep_req(const r7_ep *e, json_t *eps);
json_t *r7_ep_query(conf_ctx *c, const r7_ep *e, json_t *eps);
/* Up to R7_MAX_SRCS samples of distinct PIDs, then the IPv6 one (new). */
json_t *r7_pick_sources(const json_t *nm, const json_t *eps);

/* Request builders of the data rows (suite.c; conf_want in conf.h), in
 * the file of their section. */
json_t *r7_fnm_req_all(conf_ctx *c, const conf_res *r);
json_t *r7_fcm_req_full(conf_ctx *c, const conf_res *r);
json_t *r7_eprop_req_samples(conf_ctx *c, const conf_res *r);
json_t *r7_ecs_req_samples(conf_ctx *c, const conf_res *r);

/* Run functions (s*.c), in table order. */
#define R7_CASES(X) \
    X(ordinal_integers) X(ordinal_full_map) X(ordinal_filtered_map) X(ordinal_ecs) \
    X(content_type) X(unknown_fields_ignored) X(json_encoding) X(error_status) \
    X(error_media_type) X(e_syntax) X(e_missing_field) X(e_invalid_field_type) \
    X(e_invalid_field_value) X(error_meta) X(field_value) X(unique_resource_ids) X(ird_get) \
    X(ird_media_type) X(resource_entries) X(default_network_map) X(relative_uris) \
    X(uses_defined) X(get_resources) X(get_post_entries) X(uses_network_map) X(delegated_ird) \
    X(pid_names) X(resource_ids) X(vtag_tag) X(registered_address_types) X(prefixes) \
    X(ird_cost_types) X(property_names) X(network_map_provided) \
    X(netmap_vtag) X(vtag_resource_id) X(completeness) X(non_overlapping) X(pid_lpm) \
    X(routingcost) X(cost_type_names_defined) X(single_cost_type) \
    X(unique_key) X(costmap_dependent_vtags) X(costmap_cost_type) X(pids_defined) X(numbers) \
    X(fnm_empty_pids) X(fnm_duplicate_pids) X(empty_address_types) \
    X(duplicate_address_types) X(only_requested_pids) X(fnm_unknown_pids) X(address_types) \
    X(unknown_address_types) X(fnm_vtag) X(fnm_agrees_with_full_map) \
    X(fcm_cost_types) X(fcm_description_ignored) X(constraint_gt) X(constraint_lt) \
    X(constraint_ge) X(constraint_le) X(constraint_eq) X(constraints_and) X(fcm_empty_pids) \
    X(absent_pids) X(fcm_duplicate_pids) X(capabilities) X(fcm_dependent_vtags) \
    X(only_requested_pairs) X(fcm_unknown_pids) X(fcm_agrees_with_full_map) \
    X(eprop_duplicates) X(pid_property) X(eprop_dependent_vtags) X(endpoints) \
    X(cost_mode) X(constraints) X(ecs_duplicates) X(empty_list_client) \
    X(ecs_description_ignored) X(no_uses) X(ecs_cost_type) X(typed_addresses) X(only_requested) \
    X(row_per_source)

#define R7_DECL(name) void r7285_##name(conf_ctx *c);
R7_CASES(R7_DECL)
#undef R7_DECL

#endif

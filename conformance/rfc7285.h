/* rfc7285.h: private to the RFC 7285 suite (rfc7285*.c).
 *
 * rfc7285.c holds the table, one row per requirement in section order; the
 * run functions live with their service: rfc7285_ird.c (directory),
 * rfc7285_maps.c (network and cost maps), rfc7285_filter.c (filtered
 * maps), rfc7285_ep.c (endpoint services, errors, unknown fields).  The
 * helpers here are the few things several files need. */
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

/* Run functions, in table order. */
#define R7_CASES(X) \
    X(ird_get) X(ird_media) X(ird_structure) X(ird_default_netmap) X(ird_cost_types) \
    X(ird_resource_ids) X(ird_unique_ids) X(ird_relative_uri) X(ird_uses_defined) \
    X(ird_get_resources) X(ird_delegated) X(ird_costmap_uses) X(content_type) \
    X(json_encoding) X(unknown_fields) X(err_syntax) X(err_missing) X(err_type) \
    X(err_value) X(err_status) X(err_media) X(err_meta) X(ordinal_integers) \
    X(pidname_syntax) X(vtag_tag_syntax) X(addrtype_registered) X(prefix_syntax) \
    X(netmap_provided) X(netmap_media) X(netmap_vtag) X(netmap_vtag_rid) \
    X(netmap_complete) X(netmap_overlap) X(costmap_routingcost) X(costmap_ctn_defined) \
    X(costmap_single_ct) X(costmap_unique_key) X(costmap_media) X(costmap_dvtags) \
    X(costmap_cost_type) X(costmap_pids_defined) X(costmap_numbers) \
    X(fnm_media) X(fnm_empty_all) X(fnm_dups) X(fnm_addrtypes_all) X(fnm_only_pids) \
    X(fnm_unknown_pids) X(fnm_addrtypes) X(fnm_unknown_addrtype) X(fnm_vtag) X(fnm_agrees) \
    X(fcm_media) X(fcm_all_types) X(fcm_description) X(fcm_constr_gt) X(fcm_constr_lt) \
    X(fcm_constr_ge) X(fcm_constr_le) X(fcm_constr_eq) X(fcm_constr_and) X(fcm_empty_all) \
    X(fcm_absent_all) X(fcm_dups) X(fcm_caps) X(fcm_dvtags) X(fcm_only_pairs) \
    X(fcm_unknown_pids) X(fcm_agrees) X(eprop_media) X(eprop_dups) X(eprop_pid_defined) \
    X(eprop_dvtags) X(eprop_pid_lpm) X(eprop_endpoints) X(ecs_media) X(ecs_mode) \
    X(ecs_constraints) X(ecs_dups) X(ecs_no_uses) X(ecs_cost_type) X(ecs_typed) X(ecs_only) \
    X(err_field) X(ird_get_post) X(eprop_names) X(fnm_dup_addrtypes) X(ecs_empty_list) \
    X(ecs_description) X(ecs_rows) X(ord_full) X(ord_filtered) X(ord_ecs)

#define R7_DECL(name) void r7_##name(conf_ctx *c);
R7_CASES(R7_DECL)
#undef R7_DECL

#endif

/* rfc9275.h: private to the RFC 9275 (path vector) suite
 * (conformance/rfc9275/).
 *
 * suite.c holds the table.  Sections 7.2 (multipart filtered cost map)
 * and 7.3 (multipart endpoint cost service) state the same rules for two
 * resource kinds, so most run functions serve both rows: the kind comes
 * from the row's section ("7.2.*" cost map, "7.3.*" endpoint cost, "6.*"
 * both), and the function lives in the file of the common prefix,
 * s7_service_extensions.c.  s6_basic_data_types.c judges the section 6
 * rules in the answers; util.c builds requests from what the IRD
 * advertises and splits answers into their two parts.  Run function of
 * rfc9275/<section>/<name>: r9275_<name> (r9275_entry_media_type and
 * r9275_response_media_type for the two "media-type" rules). */
#ifndef RFC9275_H
#define RFC9275_H

#include "conf_ctx.h"
#include "conf_msg.h"
#include "alto_mpart.h"
#include "alto_media.h"

#define M9_COSTMAP "application/alto-costmap+json"
#define M9_ECS "application/alto-endpointcost+json"
#define M9_PROPMAP "application/alto-propmap+json"
#define M9_CMFILTER "application/alto-costmapfilter+json"
#define M9_ECSPARAMS "application/alto-endpointcostparams+json"
#define M9_ERROR "application/alto-error+json"

/* Requests a case can ask for (util.c builds them). */
typedef enum r9_q {
    R9_Q_ALL,       /* PV cost type, every advertised ane-property-name */
    R9_Q_NONE,      /* PV cost type, no ane-property-names */
    R9_Q_ONE,       /* PV cost type, only the first advertised property */
    R9_Q_NOPV,      /* a non-PV cost type of the resource, all properties */
    R9_Q_BADPROP,   /* an ane-property-name the resource does not offer */
    R9_Q_CONSTR,    /* PV cost type with "constraints" */
} r9_q;

/* One multipart answer, split. */
typedef struct r9_resp {
    const conf_res *r;
    conf_xchg *x;
    int parsed;                 /* mp holds the parts */
    alto_mpart mp;
    alto_mpart_part *pv, *pm;      /* the path vector and property map parts */
    int pv_index, pm_index;
    char pv_rid[128], pm_rid[128]; /* PART-RESOURCE-IDs ("" if unreadable) */
    json_t *req;                /* the request body sent (owned) */
} r9_resp;

/* The resource kinds a row judges (bit per conf_svc), from its section. */
unsigned r9_kinds(const conf_ctx *c);
/* The i-th path vector resource of the row's kinds, or NULL. */
const conf_res *r9_nth(conf_ctx *c, int i);
#define R9_EACH(c, r) for (int r##_i = 0; ((r) = r9_nth((c), r##_i)) != NULL; r##_i++)
int r9_is_ecs(const conf_res *r);
const char *r9_part_media(const conf_res *r);      /* M9_COSTMAP / M9_ECS */
const char *r9_data_member(const conf_res *r);     /* cost-map / endpoint-cost-map */

/* 1 when the IRD cost type object is the path vector type (ane-path, array). */
int r9_is_pv_type(const json_t *ct);
/* Name of r's PV cost type in cost-type-names, or NULL. */
const char *r9_pv_type_name(conf_ctx *c, const conf_res *r);
/* r's capability ane-property-names (borrowed array, or NULL). */
json_t *r9_prop_names(const conf_res *r);

/* Request body of kind q for r (new), or NULL when r cannot be asked
 * that (e.g. R9_Q_NOPV on a resource offering only the PV type). */
json_t *r9_request(conf_ctx *c, const conf_res *r, r9_q q);
/* Sends q to r.  Returns 1 with *out filled when a 200 answer came
 * (parsed or not: out->parsed); 0 after recording why not (ERROR for
 * transport trouble, a problem for a non-200 status), or with a SKIP when
 * q cannot be built.  r9_resp_free() always. */
int r9_fetch(conf_ctx *c, const conf_res *r, r9_q q, r9_resp *out);
/* r9_fetch plus "the body is multipart with both parts identified"; an
 * unparsable body is ERROR (the harness cannot judge). */
int r9_fetch_parts(conf_ctx *c, const conf_res *r, r9_q q, r9_resp *out);
void r9_resp_free(r9_resp *p);

/* Visits every cost value of the PV part: fn(c, path, value, ud). */
typedef void (*r9_cost_fn)(conf_ctx *c, const char *path, json_t *v, void *ud);
void r9_each_cost(conf_ctx *c, const r9_resp *p, r9_cost_fn fn, void *ud);
/* New object whose keys are the ANE names on the paths of the PV part. */
json_t *r9_path_anes(const r9_resp *p);

/* RFC 9240 syntaxes: EntityPropertyName (5.2.2) and, for a persistent
 * ANE, the EntityID "PROPMAP.ane:NAME" (RFC 9275 6.2.4, RFC 9240 5.1.3);
 * 1 valid, else 0 and a reason.  *propmap gets the resource id part. */
int r9_syn_prop_name(const char *s, const char **why);
int r9_syn_persistent_id(const char *s, char *propmap, size_t n, const char **why);

/* ---- shared by the section files (util.c) ---- */

/* Runs fn on the R9_Q_ALL answer of every resource of the row; parts
 * = 1 when fn needs both parts identified (else any 200 answer). */
typedef void (*r9_resp_fn)(conf_ctx *c, r9_resp *p);
void r9_each_answer(conf_ctx *c, int parts, r9_resp_fn fn);
/* The property map part's "property-map" object, or NULL after a problem. */
json_t *r9_propmap(conf_ctx *c, r9_resp *p);

/* Run functions (s*.c), in table order. */
#define R9_CASES(X) \
    X(ephemeral_domain) X(max_reservable_bandwidth) X(persistent_entity_id) X(ane_names) \
    X(array_values) X(id_length) X(id_length_31) X(entry_media_type) X(accepts) \
    X(unsupported_property) X(cost_type_names) X(cost_constraints) X(testable_cost_type_names) \
    X(ane_property_names) X(constraints_rejected) X(uses_network_map) X(uses_persistent) \
    X(response_media_type) X(boundary) X(start) X(two_parts) X(part_headers) X(content_id) \
    X(pv_part_first) X(pv_vtag) X(pv_dependent_vtags) X(pv_body) X(propmap_dependent_vtags) \
    X(propmap_one_per_ane) X(requested_properties) X(empty_propmap)

#define R9_DECL(name) void r9275_##name(conf_ctx *c);
R9_CASES(R9_DECL)
#undef R9_DECL

#endif

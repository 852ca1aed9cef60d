/* rfc9241.h: private to the RFC 9241 (CDNI Footprint & Capabilities
 * Advertisement) suite (conformance/rfc9241/).
 *
 * suite.c holds the table.  util.c finds the resources a row judges by
 * media type (the probe does not classify them): CDNI Advertisement
 * resources (GET application/alto-cdni+json), filtered ones (accepts
 * application/alto-cdnifilter+json) with the full resource each filters,
 * and property maps whose mappings name a "<resource>.cdni-capabilities"
 * property.  A server without the row's kind gets UNSUPPORTED with the
 * reason.  Run function of rfc9241/<section>/<name>: r9241_<name>. */
#ifndef RFC9241_H
#define RFC9241_H

#include "conf_ctx.h"
#include "conf_msg.h"

#define M9_CDNI "application/alto-cdni+json"
#define M9_CDNIF "application/alto-cdnifilter+json"
#define M9_PROPMAP "application/alto-propmap+json"

typedef enum { C9_FULL, C9_FILTERED, C9_PROPMAP } c9_kind;

typedef void (*c9_fn)(conf_ctx *c, const conf_res *r);
/* Runs fn on every resource of the kind; UNSUPPORTED when there is none. */
void c9_each(conf_ctx *c, c9_kind k, c9_fn fn);
/* The full CDNI Advertisement resource a filtered one filters: the one
 * its answer's vtag names, else the only full one with the same "uses";
 * NULL after SKIP. */
const conf_res *c9_full_of(conf_ctx *c, const conf_res *f, const json_t *answer);
/* The answer of a GET/POST under test (conf_ok) / as a control. */
json_t *c9_get(conf_ctx *c, const conf_res *r);
json_t *c9_get_control(conf_ctx *c, const conf_res *r);
/* capabilities-with-footprints of an answer (borrowed), or NULL. */
json_t *c9_objects(const json_t *doc);
/* 1 when the advertisement has an "altopid" footprint. */
int c9_has_altopid(const json_t *doc);
/* RFC 9241 5.6: is offered capability-value a superset of asked x? */
int c9_superset(const json_t *a, const json_t *x);
/* The objects of full a filter request for caps selects (new array). */
json_t *c9_expected(const json_t *full, const json_t *caps);
/* 1 when two arrays hold the same elements as multisets (order free). */
int c9_same_objects(const json_t *a, const json_t *b);
/* A valid filter on the first capability of full, or NULL. */
json_t *c9_first_cap(const json_t *full);

#define C9_CASES(X) \
    X(media_type) X(uses_absent) X(vtag) X(dependent_vtags) X(shape) X(capability_values) \
    X(footprint_types) X(footprint_values) X(uses_netmap) X(netmap_dependent_vtags) \
    X(altopid_defined) X(filtered_media_type) X(empty_is_full) X(duplicates) \
    X(omit_undefined) X(filtered_uses) X(null_type) X(null_value) X(inconsistent_value) \
    X(error_value) X(filter_semantics) X(filtered_vtag) X(asn_entities) \
    X(countrycode_entities) X(defining_resource) X(capabilities_array) X(all_capabilities)

#define C9_DECL(name) void r9241_##name(conf_ctx *c);
C9_CASES(C9_DECL)
#undef C9_DECL

#endif

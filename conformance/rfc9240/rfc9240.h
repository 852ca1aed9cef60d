/* rfc9240.h: private to the RFC 9240 (unified property map) suite
 * (conformance/rfc9240/).
 *
 * suite.c holds the table; s5_data_types.c the entity identifier, domain
 * and property name syntaxes and the IRD capabilities; s7_property_map.c
 * the full (GET) maps; s8_filtered.c the filtered (POST) maps, their
 * inheritance and errors.  util.c finds the property map resources,
 * builds requests from their "mappings", and reads maps with the
 * longest-prefix rule of section 6.1.3, which is how every answer is
 * judged against a reference map of the same server.  Run function of
 * rfc9240/<section>/<name>: r9240_<name>.  The property maps inside RFC
 * 9275 multipart answers are the rfc9275 suite's. */
#ifndef RFC9240_H
#define RFC9240_H

#include "conf_ctx.h"
#include "conf_msg.h"
#include "alto_addr.h"
#include "conf_upm.h"

#define M92_PROPMAP "application/alto-propmap+json"
#define M92_PARAMS "application/alto-propmapparams+json"
#define M92_PROBES 16           /* entities probed per request */

/* The n-th property map the row judges: GET (filtered 0), POST (1) or
 * either (-1), with a URI; NULL past the last. */
const conf_res *r92_nth(conf_ctx *c, int n, int filtered);
#define R92_EACH(c, r, f) for (int i92_ = 0; ((r) = r92_nth((c), i92_, (f))) != NULL; i92_++)
/* capabilities.mappings, or NULL. */
json_t *r92_mappings(const conf_res *r);
/* Every property name of mappings, once (new array). */
json_t *r92_all_props(const json_t *mappings);

/* The address entities of a property-map object, parsed once (the map
 * must outlive the index). */
typedef struct r92_index r92_index;
r92_index *r92_index_new(const json_t *pm);
void r92_index_free(r92_index *x);
/* The value of prop for address entity e read with the inheritance rule:
 * the longest prefix of e's domain containing e that defines prop (null =
 * no value: NULL).  Borrowed. */
json_t *r92_lpm(const r92_index *x, const conf_upm_ent *e, const char *prop);
/* The reference map of a filtered resource f: a GET sibling with the same
 * mappings, else f's own answer to {"entities": [], "properties": all};
 * the property-map object (borrowed), or NULL after ERROR. */
json_t *r92_reference(conf_ctx *c, const conf_res *f);
/* POST to r; the property-map object of a 200 answer, or NULL after the
 * problem (conf_ok). */
json_t *r92_query(conf_ctx *c, const conf_res *r, json_t *body, conf_xchg **xo);

/* Address entities of ref in domains mapped by mp (prefixes only when
 * prefixes is set), up to max, parsed into out; the count. */
int r92_ref_addrs(const json_t *ref, const json_t *mp, int prefixes, conf_upm_ent *out, int max);
/* Canonical "domain:address[/len]" of prefix p in e's domain. */
void r92_ent_name(const conf_upm_ent *e, const alto_prefix *p, char *buf, size_t n);
/* Every mapped property of e, read by longest prefix from ans and from
 * ref, must agree (a problem per difference, named by name). */
void r92_agree(conf_ctx *c, const conf_res *r, const json_t *mp, const r92_index *ref,
               const r92_index *ans, const conf_upm_ent *e, const char *name);
/* The whole map of r (GET, or POST of every entity and property) and
 * its document in *doc (may be NULL); NULL after the problem. */
json_t *r92_answer(conf_ctx *c, const conf_res *r, json_t **doc);
/* The dependent-vtags of doc against r's "uses" (section 7.6). */
void r92_check_dvtags(conf_ctx *c, const conf_res *r, const json_t *doc);
/* The dependent-vtags row over GET (filtered 0) or POST (1) maps. */
void r92_dvtags_rows(conf_ctx *c, int filtered);

/* Data row body: every entity and property of r ("entities": []). */
json_t *r92_body_all(conf_ctx *c, const conf_res *r);

#define R92_CASES(X) \
    X(entity_ids) X(mappings) X(defining_resources) X(mapped_properties) \
    X(dependent_vtags) X(filtered_dependent_vtags) X(inheritance) X(covered) X(only_requested) X(empty_entities) \
    X(properties_absent) X(missing_entities) X(invalid_entity) X(unknown_domain) \
    X(unknown_property) X(valid_undefined) X(pid_values)

#define R92_DECL(name) void r9240_##name(conf_ctx *c);
R92_CASES(R92_DECL)
#undef R92_DECL

#endif

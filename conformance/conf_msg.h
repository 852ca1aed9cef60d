/* conf_msg.h: validators of RFC 7285 messages, one per requirement.
 *
 * Each validator checks one requirement on one parsed message and records
 * problems (path, expected, actual); it returns the number it found.  They
 * are granular so a case can judge exactly the requirement it quotes, and
 * a validator never fails on shapes another validator owns (a missing
 * "meta" is the shape check's problem, not the vtag check's).
 * conf_msg_validate() runs every validator of one message kind: the unit
 * tests use it on the RFC's printed examples, and `altospec conform
 * --validate-file KIND FILE` exposes it for the benchmark. */
#ifndef CONF_MSG_H
#define CONF_MSG_H

#include <jansson.h>
#include "conf.h"

/* IRD (9.2). */
int conf_v_ird_shape(const json_t *d, conf_probs *p);
int conf_v_ird_resource_ids(const json_t *d, conf_probs *p);
int conf_v_ird_cost_types(const json_t *d, conf_probs *p);
int conf_v_ird_default_netmap_member(const json_t *d, conf_probs *p);
int conf_v_ird_cost_type_names(const json_t *d, conf_probs *p);
int conf_v_ird_costmap_single(const json_t *d, conf_probs *p);
int conf_v_ird_caps(const json_t *d, conf_probs *p);
int conf_v_ird_ecs_no_uses(const json_t *d, conf_probs *p);

/* Version tags (10.3): obj at path is a VersionTag. */
int conf_v_vtag(const json_t *vt, const char *path, conf_probs *p);
/* The same; part = 1 also accepts the RFC 9275 part form
 * "<resource-id>.<part-resource-id>" (two ResourceIDs, <= 64 in all). */
int conf_v_vtag_ext(const json_t *vt, const char *path, int part, conf_probs *p);

/* Network map (11.2.1, 11.2.2). */
int conf_v_netmap_shape(const json_t *d, conf_probs *p);
int conf_v_netmap_vtag(const json_t *d, conf_probs *p);
int conf_v_netmap_pidnames(const json_t *d, conf_probs *p);
int conf_v_netmap_addrtypes(const json_t *d, conf_probs *p);
int conf_v_netmap_prefixes(const json_t *d, conf_probs *p);
int conf_v_netmap_complete(const json_t *d, conf_probs *p);
int conf_v_netmap_overlap(const json_t *d, conf_probs *p);
/* EndpointAddrGroup (10.4.5) at path. */
int conf_v_addrgroup(const json_t *g, const char *path, conf_probs *p);

/* Cost maps (11.2.3.6) and their filtered form. */
int conf_v_costmap_shape(const json_t *d, conf_probs *p);
int conf_v_dvtags(const json_t *d, int single, conf_probs *p);
int conf_v_dvtags_ext(const json_t *d, int single, int part, conf_probs *p);
int conf_v_meta_cost_type(const json_t *d, conf_probs *p);
/* Values under `member` ("cost-map" / "endpoint-cost-map") are numbers;
 * when the meta cost mode is ordinal, non-negative integers too. */
int conf_v_cost_numbers(const json_t *d, const char *member, conf_probs *p);
/* conf_v_costmap_shape then conf_v_cost_numbers on one compact form (a
 * 47 MB map is indexed once, not once per check). */
int conf_v_costmap_shape_numbers(const json_t *d, conf_probs *p);
int conf_v_cost_ordinal(const json_t *d, const char *member, conf_probs *p);
/* The same without looking at meta: for responses to ordinal requests. */
int conf_v_cost_ordinal_values(const json_t *d, const char *member, conf_probs *p);
/* Every PID of the cost map is a PID of netmap (a network map body). */
int conf_v_costmap_pids_defined(const json_t *d, const json_t *netmap, conf_probs *p);

/* Endpoint property (11.4.1.6), endpoint cost (11.5.1.6), errors (8.5.2). */
int conf_v_eprop_shape(const json_t *d, conf_probs *p);
int conf_v_ecs_shape(const json_t *d, conf_probs *p);
int conf_v_error(const json_t *d, conf_probs *p);

/* Requests (11.3.1.3, 11.3.2.3, 11.4.1.3, 11.5.1.3). */
int conf_v_req_fnetmap(const json_t *d, conf_probs *p);
int conf_v_req_fcostmap(const json_t *d, conf_probs *p);
int conf_v_req_eprop(const json_t *d, conf_probs *p);
int conf_v_req_ecs(const json_t *d, conf_probs *p);
/* RFC 8189 multi-cost requests and answers (conf_msg_mc.c). */
int conf_v_req_fcostmap_mc(const json_t *d, conf_probs *p);
int conf_v_req_ecs_mc(const json_t *d, conf_probs *p);
int conf_v_costmap_mc(const json_t *d, conf_probs *p);
int conf_v_ecs_mc(const json_t *d, conf_probs *p);

/* RFC 9241 CDNI (conf_msg_cdni.c): the advertisement (3.6), its footprint
 * types and values (RFC 8006 / 9241 6.1), RFC 8008 capability values, the
 * filter request (5.3), and the CDNI parts of a property map (6.1, 6.2.2). */
int conf_v_cdni_shape(const json_t *d, conf_probs *p);
int conf_v_cdni_vtag(const json_t *d, conf_probs *p);
int conf_v_cdni_capvalues(const json_t *d, conf_probs *p);
int conf_v_cdni_fptypes(const json_t *d, conf_probs *p);
int conf_v_cdni_fpvalues(const json_t *d, conf_probs *p);
int conf_v_req_cdnifilter(const json_t *d, conf_probs *p);
int conf_v_cdni_propmap(const json_t *d, conf_probs *p);

/* Shared pieces: a CostType object at base (strict_desc: "description"
 * must be a string), and a TypedEndpointAddr key at path. */
void conf_v_cost_type_obj(const json_t *ct, const char *base, int strict_desc, conf_probs *p);
void conf_v_typed_key(const char *k, const char *path, conf_probs *p);

/* Kinds: ird, ird-root, networkmap, costmap, endpointprop, endpointcost,
 * error, networkmapfilter, costmapfilter, endpointpropparams,
 * endpointcostparams, addrgroup, cdni, cdnifilter, cdni-propmap.  -1 for an unknown kind. */
int conf_msg_validate(const char *kind, const json_t *d, conf_probs *p);
const char *const *conf_msg_kinds(void);

/* Longest-prefix match of a typed address on a network map body: the PID
 * name (borrowed from d) or NULL. */
const char *conf_netmap_lookup(const json_t *d, const char *typed_addr);
/* Sample typed addresses inside each PID's first prefix (one per PID, up
 * to max), appended to arr as strings. */
void conf_netmap_samples(const json_t *d, json_t *arr, size_t max);
/* Appends one typed IPv6 address inside the map's longest IPv6 prefix;
 * 0 when the map holds no IPv6 prefix. */
int conf_netmap_sample_v6(const json_t *d, json_t *arr);

#endif

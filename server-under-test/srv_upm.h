/* srv_upm.h: RFC 9240 unified property maps in the reference server:
 * entity identifiers, a property store with the inheritance rules of each
 * entity domain type, and the full and filtered property map documents.
 *
 * Three layers, each usable alone (the RFC 9241 CDNi map builds on them):
 *
 *   entity ids    srv_upm_entity_parse(): "ipv4:192.0.2.0/24",
 *                 "ipv6:2001:db8::1", "default-network-map.pid:pid1",
 *                 strict per domain type (srv_upm_dtype table);
 *   the store     srv_upm_set() then srv_upm_seal(), then read-only and
 *                 thread-safe lookups: srv_upm_get() applies inheritance
 *                 (longest prefix for ipv4/ipv6, RFC 9240 section 6.1.3;
 *                 none for flat types such as pid, asn, countrycode);
 *   documents     srv_upm_full() and srv_upm_filtered() render a map for
 *                 one resource's "mappings" capability (RFC 9240 sections
 *                 7 and 8, filtered-map errors of section 8.6).
 *
 * The reference server's own map (SRV_UPM_*_ID, `serve --property-map`)
 * is srv_upm_model(): host and PID properties from the topology and the
 * "<netmap>.pid" property from the network map; see srv_upm.c. */
#ifndef SRV_UPM_H
#define SRV_UPM_H

#include <stddef.h>
#include <jansson.h>
#include "alto_addr.h"

struct srv_model;
struct srv_rqerr;

/* ---- entity domain types ---- */
typedef struct srv_upm_dtype {
    const char *name;           /* "ipv4", "ipv6", "pid", "asn", "countrycode" */
    int family;                 /* 4 or 6: address prefixes, longest-prefix
                                 * inheritance; 0: flat identifiers */
    int resource_specific;      /* 1: only as "<resource-id>.<type>" (pid) */
    /* Flat types: 1 if ident is a well-formed identifier; NULL = any
     * non-empty string.  Address types parse prefixes instead. */
    int (*valid)(const char *ident);
} srv_upm_dtype;

/* The type named name (the part of a domain name after its "."), or NULL. */
const srv_upm_dtype *srv_upm_dtype_find(const char *name);

/* One parsed EntityID (RFC 9240 section 5.1.3). */
typedef struct srv_upm_entity {
    const srv_upm_dtype *type;
    char domain[80];            /* EntityDomainName: "ipv4", "netmap.pid" */
    char ident[80];             /* canonical domain-specific identifier */
    alto_prefix prefix;         /* address types: an address is its /32, /128 */
} srv_upm_entity;

/* Parses id strictly: the domain type must be known, a resource-specific
 * type must name its resource ("pid:x" is refused), addresses must be
 * RFC 3986/4632 IPv4 or RFC 5952 section 4 IPv6 text with no host bits
 * after the prefix length.  0, or -1 with *why (static text) set. */
int srv_upm_entity_parse(const char *id, srv_upm_entity *e, const char **why);
/* The canonical "domain:ident" of e into buf; returns buf. */
const char *srv_upm_entity_name(const srv_upm_entity *e, char *buf, size_t n);

/* ---- the store ---- */
typedef struct srv_upm srv_upm;
srv_upm *srv_upm_new(void);
void srv_upm_free(srv_upm *u);
/* Defines prop of e as value (a reference is taken; json null = "defined
 * to have no value", which stops inheritance, RFC 9240 section 6.1.3).
 * Setting the same entity and property again replaces the value. */
void srv_upm_set(srv_upm *u, const srv_upm_entity *e, const char *prop, json_t *value);
/* After the last set, before any lookup: sorts and links the prefixes. */
void srv_upm_seal(srv_upm *u);
/* The value of prop for e with inheritance applied (borrowed), or NULL
 * when undefined (also when defined as null: no value). */
json_t *srv_upm_get(const srv_upm *u, const srv_upm_entity *e, const char *prop);
/* {name: value} of the properties names (an array of strings) that e
 * has, inheritance applied (new object; null values left out). */
json_t *srv_upm_props(const srv_upm *u, const srv_upm_entity *e, const json_t *names);
/* Number of entities with at least one property defined. */
size_t srv_upm_count(const srv_upm *u);
/* Visits the entities with explicitly defined properties (props: that
 * object, borrowed): of one domain (NULL = every domain), address domains
 * in prefix order; or those strictly inside the address entity e (its
 * more specific prefixes and addresses). */
typedef void (*srv_upm_visit)(void *ctx, const srv_upm_entity *e, const json_t *props);
void srv_upm_each(const srv_upm *u, const char *domain, srv_upm_visit fn, void *ctx);
void srv_upm_each_within(const srv_upm *u, const srv_upm_entity *e, srv_upm_visit fn,
                         void *ctx);

/* ---- documents ----
 * mappings: the resource's {EntityDomainName: [EntityPropertyName]};
 * meta: the response's meta object (taken: a reference is stolen), e.g.
 * {"dependent-vtags": [...]}. */
/* Every entity of a mapped domain with its explicitly defined properties
 * of that domain's list (inherited values are left out, RFC 9240 section
 * 7.6 permits it). */
json_t *srv_upm_full(const srv_upm *u, const json_t *mappings, json_t *meta);
/* The filtered map of request req (RFC 9240 section 8.6), or NULL with e
 * set (E_MISSING_FIELD "entities", E_INVALID_FIELD_VALUE "entities" or
 * "properties" with the offending value); meta is consumed either way. */
json_t *srv_upm_filtered(const srv_upm *u, const json_t *mappings, json_t *meta,
                         const json_t *req, struct srv_rqerr *e);

/* ---- the reference server's entity property map ---- */
#define SRV_UPM_ID "entity-props"             /* POST /propmap/lookup/entities */
#define SRV_UPM_FULL_ID "entity-props-full"   /* GET  /propmap/entities */
/* The store of a model: built by srv_model_new() (srv_model.upm). */
srv_upm *srv_upm_model(const struct srv_model *m);
/* "mappings" of both resources (the same for the two). */
json_t *srv_upm_mappings(void);
/* The two documents of the model's map. */
json_t *srv_upm_model_full(const struct srv_model *m);
json_t *srv_upm_model_filtered(const struct srv_model *m, const json_t *req,
                               struct srv_rqerr *e);

#endif

/* sim_cdni.h: the optional `cdni:` section of a topology: the downstream
 * CDNs (dCDNs) an upstream CDN delegates to, each with the CDNI
 * capabilities it offers and the footprints it offers them for (RFC 8008
 * section 5, carried by RFC 9241).  The reference server turns each dCDN
 * into a CDNI Advertisement resource; the runner's CDNI request routing
 * picks a dCDN from those advertisements.
 *
 *   cdni:
 *     downstream:
 *       - name: east                       # resource id "cdni-east"
 *         hosts: [xrd3]                    # its surrogates (replica hosts)
 *         advertisement:                   # BaseAdvertisementObjects
 *           - capability-type: FCI.DeliveryProtocol
 *             capability-value: {delivery-protocols: [http/1.1]}
 *             footprints:
 *               - {footprint-type: ipv4cidr, footprint-value: [10.0.0.0/24]}
 *               - {footprint-type: altopid, hosts: [client]}   # derived
 *
 * Footprint types (RFC 8006 7.2 registry plus RFC 9241 7.3): ipv4cidr,
 * ipv6cidr (CIDR text), asn ("as" + decimal ASN, no leading zeros),
 * countrycode (ISO 3166-1 alpha-2, lowercase as RFC 9241 6.1.2.2 writes
 * it), altopid (PIDs of this topology).  A footprint gives either
 * footprint-value or hosts; from hosts, ipv4cidr/ipv6cidr take each
 * host's addresses as /32 and /128 and altopid their PIDs.  The three
 * RFC 8008 capability types whose value is one list (FCI.DeliveryProtocol
 * delivery-protocols, FCI.AcquisitionProtocol acquisition-protocols,
 * FCI.RedirectionMode redirection-modes) must have that shape; other
 * types take any JSON value but null.  Footprints absent or empty: the
 * capability is global (RFC 9241 section 3.6). */
#ifndef SIM_CDNI_H
#define SIM_CDNI_H

#include <jansson.h>
#include "alto_doc.h"

struct sim_topo;

#define SIM_CDNI_MAX 16         /* dCDNs in one topology */

/* The validated section as JSON: {"downstream": [{"name", "hosts": [host
 * names], "advertisement": [objects with concrete footprint-value
 * lists]}]}.  Checks sec (file:line:col and path); t must be finished (its
 * hosts and PIDs are looked up).  NULL and err on a bad section. */
json_t *sim_cdni_parse(const alto_doc *d, const struct sim_topo *t, const json_t *sec,
                       alto_err *err);

/* Syntax of one footprint value of a registered type (NULL = ok, else why). */
const char *sim_cdni_footprint_why(const char *type, const char *value);
/* 1 for the five registered footprint types. */
int sim_cdni_footprint_type(const char *type);
/* The list member of an RFC 8008 capability type with a one-list value
 * ("delivery-protocols"), or NULL for another type. */
const char *sim_cdni_cap_list(const char *capability_type);

#endif

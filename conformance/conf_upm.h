/* conf_upm.h: RFC 9240 entity identifiers, domain and property names on
 * the engine side (conf_upm.c), and the validators of property map
 * messages that `conform --validate-file propmap|propmapparams` and the
 * rfc9240 suite share.  Identifiers are read as the RFC 7285 validators
 * read addresses (conf_check.c): prefixes with host bits are tolerated. */
#ifndef CONF_UPM_H
#define CONF_UPM_H

#include <stddef.h>
#include <jansson.h>
#include "conf.h"
#include "alto_addr.h"

/* A parsed EntityID.  family 4/6 for ipv4/ipv6 (also resource-specific
 * "<rid>.ipv4"), 0 for others. */
typedef struct conf_upm_ent {
    char domain[80];
    const char *ident;          /* into the parsed string */
    int family;
    alto_prefix p;
} conf_upm_ent;
/* EntityDomainName s[0..n) (RFC 9240 sections 5.1.1, 5.1.2): 1, or 0 and *why. */
int conf_upm_syn_domain(const char *s, size_t n, const char **why);
/* EntityPropertyName (5.2.1, 5.2.2). */
int conf_upm_syn_prop(const char *s, const char **why);
/* EntityID (5.1.3) with the identifier rules of the domain types RFC 9240
 * defines (6.1.1.2, 6.1.2.2, 6.2.2) and RFC 9241's asn and countrycode;
 * other types: any non-empty identifier.  1, or 0 and *why. */
int conf_upm_entity(const char *s, conf_upm_ent *e, const char **why);

/* Validators (conf_msg.c kinds "propmap" and "propmapparams"): the
 * number of problems added. */
int conf_v_propmap(const json_t *d, conf_probs *p);
int conf_v_req_propmap(const json_t *d, conf_probs *p);

#endif

/* conf_check.h: the shared checks every case is built from.
 *
 * Each check looks at one thing ("the response has media type X", "member
 * Y is a string", "this is a valid PIDName"), and on a mismatch records a
 * problem with the JSON path, what was expected and what was seen.  They
 * accept any JSON at any path (a hostile server sends wrong types
 * anywhere) and never assume the shape they check.
 *
 * Paths are JSONPath-like: $.meta.vtag.tag, $.cost-map.PID1.PID2; keys
 * with characters outside [A-Za-z0-9_-] are written ["..."]. */
#ifndef CONF_CHECK_H
#define CONF_CHECK_H

#include <jansson.h>
#include "conf.h"
#include "alto_json.h"     /* alto_json_type, alto_json_parse_object */

#define CONF_PATH_MAX 512

/* out = base + key / base + [idx] (truncated to CONF_PATH_MAX). */
void conf_path_key(char *out, const char *base, const char *key);
void conf_path_idx(char *out, const char *base, size_t idx);

/* Compact rendering of a value for "actual" (capped, static buffer). */
const char *conf_jshow(const json_t *v);

/* Media type of the response equals want (parameters ignored). */
int conf_check_media(conf_probs *p, const conf_xchg *x, const char *want);

typedef enum conf_jt {
    CONF_JT_ANY, CONF_JT_OBJECT, CONF_JT_ARRAY, CONF_JT_STRING, CONF_JT_NUMBER,
    CONF_JT_INTEGER, CONF_JT_BOOL,
} conf_jt;

/* Member `key` of obj (at path base) with the given type; NULL and a
 * problem when missing (if required) or of another type. */
json_t *conf_check_member(conf_probs *p, const json_t *obj, const char *base,
                          const char *key, conf_jt type, int required);
int conf_jt_is(const json_t *v, conf_jt t);
/* One problem per element of array a (at path) that is not a string;
 * `expected` names what the element should be ("a prefix string"). */
void conf_check_strings(conf_probs *p, const json_t *a, const char *path,
                        const char *expected);

/* RFC 7285 section 10 syntaxes: 1 when valid, else 0 and a reason. */
int conf_syn_pidname(const char *s, const char **why);      /* 10.1 (also ResourceID) */
int conf_syn_tag(const char *s, const char **why);          /* 10.3 */
int conf_syn_cost_metric(const char *s, const char **why);  /* 10.6 */
int conf_syn_cost_mode(const char *s, const char **why);    /* 10.5 */
int conf_syn_prop_type(const char *s, const char **why);    /* 10.8.2 global property name */
int conf_syn_addrtype(const char *s);                       /* registered: ipv4, ipv6 */
/* Typed endpoint address "ipv4:..."; 10.4.3 text forms. */
int conf_syn_typed_addr(const char *s, const char **why);
/* Endpoint prefix of the family ("ipv4"/"ipv6") (10.4.4): address text of
 * the family and a length in range; host bits are tolerated (see .c). */
int conf_syn_prefix(const char *family, const char *s, const char **why);

/* Structural JSON equality where object key order and array order of
 * prefix lists do not matter (prefixes compared as sets). */
int conf_json_set_equal(const json_t *a, const json_t *b);

#endif

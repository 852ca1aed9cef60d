/* sim_topo_props.c: the optional `properties` of hosts and PIDs in a
 * topology file, which the reference server publishes as RFC 9240 entity
 * properties (server-under-test/srv_upm.c).
 *
 *   hosts:
 *     - {name: xrd3, ipv4: 10.0.0.3, properties: {asn: 64500, country: FR,
 *                                                 site: cern, storage-class: disk}}
 *   pids:
 *     - {name: pid-east, prefixes: [10.1.0.0/16], properties: {asn: 64501}}
 *
 * Each value is checked where it stands: asn a JSON integer 0..4294967295
 * (a 4-byte AS number, RFC 6793), country two ASCII letters (ISO 3166-1
 * alpha-2, kept upper case as written or folded to it), site and
 * storage-class non-empty printable strings of at most 64 characters.  An
 * unknown name is an error (a typo would otherwise be a property nobody
 * serves).  Values are stored as JSON strings, the form RFC 9240 section
 * 7.6 tells clients to expect ("64500", not 64500). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "sim_topo.h"
#include "alto_doc.h"

typedef enum { P_STRING, P_ASN, P_COUNTRY } prop_kind;

static const struct {
    const char *name;
    prop_kind kind;
} props[] = {
    {"asn", P_ASN},
    {"country", P_COUNTRY},
    {"site", P_STRING},
    {"storage-class", P_STRING},
};

const char *const sim_topo_prop_names[] = {"asn", "country", "site", "storage-class"};
const int sim_topo_nprops = (int)(sizeof props / sizeof *props);

_Static_assert(sizeof sim_topo_prop_names / sizeof *sim_topo_prop_names ==
                   sizeof props / sizeof *props, "one name per property");

static int known(const char *name) {
    for (size_t i = 0; i < sizeof props / sizeof *props; i++)
        if (!strcmp(props[i].name, name)) return (int)i;
    return -1;
}

static int printable(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f) return 0;
    return 1;
}

/* The stored form of one value, or NULL after the error. */
static json_t *value_of(const alto_doc *d, const json_t *obj, const char *key, prop_kind kind,
                        alto_err *err) {
    const json_t *v = json_object_get(obj, key);
    char buf[16];
    if (kind == P_ASN) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > 4294967295LL) {
            alto_doc_errf(d, err, obj, key, -1,
                          "expected an AS number, an integer 0..4294967295, got %s",
                          alto_doc_show(v));
            return NULL;
        }
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return json_string(buf);
    }
    const char *s = json_string_value(v);
    size_t n = s ? strlen(s) : 0;
    if (kind == P_COUNTRY) {
        if (n != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]) ||
            !isascii((unsigned char)s[0]) || !isascii((unsigned char)s[1])) {
            alto_doc_errf(d, err, obj, key, -1,
                          "expected a two-letter ISO 3166-1 country code like FR, got %s"
                          " (quote it if YAML reads it as a boolean: \"NO\")",
                          alto_doc_show(v));
            return NULL;
        }
        buf[0] = (char)toupper((unsigned char)s[0]);
        buf[1] = (char)toupper((unsigned char)s[1]);
        buf[2] = 0;
        return json_string(buf);
    }
    if (!s || n == 0 || n > 64 || !printable(s, n)) {
        alto_doc_errf(d, err, obj, key, -1,
                      "expected a non-empty string of at most 64 printable characters, got %s",
                      alto_doc_show(v));
        return NULL;
    }
    return json_string(s);
}

int sim_topo_props_parse(const alto_doc *d, const json_t *owner, json_t **out, alto_err *err) {
    const json_t *obj = json_object_get(owner, "properties");
    *out = NULL;
    if (!obj) return 0;
    if (!json_is_object(obj))
        return alto_doc_errf(d, err, owner, "properties", -1,
                             "expected an object like {asn: 64500, country: FR}, got %s",
                             alto_doc_show(obj));
    json_t *res = json_object();
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        int k = known(key);
        json_t *val = k < 0 ? NULL : value_of(d, obj, key, props[k].kind, err);
        if (k < 0)
            alto_doc_errf(d, err, obj, key, -1,
                          "unknown property (known: asn, country, site, storage-class)");
        if (!val) {
            json_decref(res);
            return -1;
        }
        json_object_set_new(res, key, val);
    }
    *out = res;
    return 0;
}

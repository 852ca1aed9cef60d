/* conf_msg_cdni.c: validators of RFC 9241 messages (conf_msg.h): the CDNI
 * Advertisement (section 3.6), the filter request (5.3), and the CDNI
 * parts of a property map (6.1, 6.2.2).  Each judges one rule and leaves
 * the shapes other validators own alone: the footprint syntax check skips
 * a footprint whose type is not registered (that is the type check's),
 * the property map check looks only at asn/countrycode entity ids and
 * "<resource>.cdni-capabilities" values (the RFC 9240 shape is the
 * property map validators').
 *
 * Footprint values (RFC 8006 section 4.3 via RFC 9241 6.1): ipv4cidr /
 * ipv6cidr are prefixes of the family in CIDR notation, asn is "as" and
 * the number in decimal without leading zeros (<= 2^32 - 1), countrycode
 * two letters (ISO 3166-1 alpha-2; lowercase as RFC 9241 6.1.2.2 encodes
 * it, an uppercase code is a soft problem), altopid a PIDName.  The
 * RFC 8008 capability types with a one-list value (FCI.DeliveryProtocol,
 * FCI.AcquisitionProtocol, FCI.RedirectionMode) must carry
 * {"<list>": [strings]}; the others any non-null value. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "conf_msg.h"
#include "conf_check.h"
#include "sim_cdni.h"

static const json_t *objects(const json_t *d) {
    return json_object_get(json_object_get(d, "cdni-advertisement"), "capabilities-with-footprints");
}

static void footprint_shape(const json_t *fp, const char *path, conf_probs *p) {
    char q[CONF_PATH_MAX], r[CONF_PATH_MAX];
    if (!json_is_object(fp)) {
        conf_prob(p, path, "a Footprint object", alto_json_type(fp), "a footprint is not an object");
        return;
    }
    conf_check_member(p, fp, path, "footprint-type", CONF_JT_STRING, 1);
    json_t *v = conf_check_member(p, fp, path, "footprint-value", CONF_JT_ARRAY, 1);
    conf_path_key(q, path, "footprint-value");
    if (v && !json_array_size(v))
        conf_prob(p, q, "at least one value (<1..*>)", "[]", "an empty footprint-value");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        conf_path_idx(r, q, i);
        if (!json_is_string(e)) conf_prob(p, r, "a string", alto_json_type(e), "a footprint value is not a string");
    }
}

int conf_v_cdni_shape(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_checked(p, 1);
    if (!json_is_object(d)) {
        conf_prob(p, "$", "an object", alto_json_type(d), "the answer is not a JSON object");
        return p->n - n0;
    }
    conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    json_t *ad = conf_check_member(p, d, "$", "cdni-advertisement", CONF_JT_OBJECT, 1);
    json_t *objs = ad ? conf_check_member(p, ad, "$.cdni-advertisement", "capabilities-with-footprints",
                                          CONF_JT_ARRAY, 1) : NULL;
    size_t i, j;
    json_t *o, *fp;
    char path[CONF_PATH_MAX], q[CONF_PATH_MAX], r[CONF_PATH_MAX];
    json_array_foreach(objs, i, o) {
        conf_path_idx(path, "$.cdni-advertisement.capabilities-with-footprints", i);
        conf_checked(p, 1);
        if (!json_is_object(o)) {
            conf_prob(p, path, "a BaseAdvertisementObject", alto_json_type(o), "an element is not an object");
            continue;
        }
        conf_check_member(p, o, path, "capability-type", CONF_JT_STRING, 1);
        json_t *cv = json_object_get(o, "capability-value");
        conf_path_key(q, path, "capability-value");
        if (!cv || json_is_null(cv))
            conf_prob(p, q, "a JSONValue", cv ? "null" : "(absent)", "capability-value is missing");
        json_t *fps = json_object_get(o, "footprints");
        conf_path_key(q, path, "footprints");
        if (fps && !json_is_null(fps) && !json_is_array(fps))
            conf_prob(p, q, "an array of Footprint", alto_json_type(fps), "footprints is not an array");
        json_array_foreach(fps, j, fp) {
            conf_path_idx(r, q, j);
            footprint_shape(fp, r, p);
        }
    }
    return p->n - n0;
}

int conf_v_cdni_vtag(const json_t *d, conf_probs *p) {
    json_t *meta = json_object_get(d, "meta");
    if (!json_is_object(meta)) return 0;
    conf_checked(p, 1);
    json_t *vt = json_object_get(meta, "vtag");
    if (!vt) {
        conf_prob(p, "$.meta.vtag", "a VersionTag", "(absent)", "meta has no vtag (RFC 9241 3.6 MUST)");
        return 1;
    }
    return conf_v_vtag(vt, "$.meta.vtag", p);
}

/* RFC 8008 5.2: {"<list>": [strings]} for the one-list types. */
static int cap_value_ok(const char *type, const json_t *v, const char **list) {
    *list = sim_cdni_cap_list(type);
    if (!*list) return !json_is_null(v);
    json_t *l = json_object_get(v, *list);
    if (!json_is_object(v) || !json_is_array(l)) return 0;
    size_t i;
    json_t *e;
    json_array_foreach(l, i, e) if (!json_is_string(e)) return 0;
    return 1;
}

static void cap_value(const json_t *o, const char *path, conf_probs *p) {
    const char *type = json_string_value(json_object_get(o, "capability-type"));
    json_t *v = json_object_get(o, "capability-value");
    const char *list;
    if (!type || !v) return;
    conf_checked(p, 1);
    if (!cap_value_ok(type, v, &list)) {
        char q[CONF_PATH_MAX], want[96];
        conf_path_key(q, path, "capability-value");
        snprintf(want, sizeof want, "{\"%s\": [strings]}", list ? list : "?");
        conf_prob(p, q, list ? want : "a JSONValue", conf_jshow(v),
                  "the capability-value of %s has another shape than RFC 8008 gives it", type);
    }
}

int conf_v_cdni_capvalues(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    size_t i;
    json_t *o;
    char path[CONF_PATH_MAX];
    json_array_foreach(objects(d), i, o) {
        conf_path_idx(path, "$.cdni-advertisement.capabilities-with-footprints", i);
        cap_value(o, path, p);
    }
    return p->n - n0;
}

typedef void (*fp_fn)(const json_t *fp, const char *path, conf_probs *p);

static void each_footprint(const json_t *d, fp_fn fn, conf_probs *p) {
    size_t i, j;
    json_t *o, *fp;
    char path[CONF_PATH_MAX], q[CONF_PATH_MAX];
    json_array_foreach(objects(d), i, o) {
        conf_path_idx(path, "$.cdni-advertisement.capabilities-with-footprints", i);
        conf_path_key(q, path, "footprints");
        json_array_foreach(json_object_get(o, "footprints"), j, fp) {
            conf_path_idx(path, q, j);
            if (json_is_object(fp)) fn(fp, path, p);
        }
    }
}

static void fp_type(const json_t *fp, const char *path, conf_probs *p) {
    const char *t = json_string_value(json_object_get(fp, "footprint-type"));
    if (!t) return;
    conf_checked(p, 1);
    if (!sim_cdni_footprint_type(t)) {
        char q[CONF_PATH_MAX];
        conf_path_key(q, path, "footprint-type");
        conf_prob(p, q, "ipv4cidr, ipv6cidr, asn, countrycode or altopid", t,
                  "footprint type \"%s\" is not registered (RFC 8006 7.2, RFC 9241 7.3)", t);
    }
}

int conf_v_cdni_fptypes(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    each_footprint(d, fp_type, p);
    return p->n - n0;
}

/* Two letters, lowercase as RFC 9241 writes them: 0 ok, 1 uppercase, 2 bad. */
static int cc_kind(const char *v) {
    if (strlen(v) != 2 || !isascii((unsigned char)v[0]) || !isascii((unsigned char)v[1]) ||
        !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]))
        return 2;
    return islower((unsigned char)v[0]) && islower((unsigned char)v[1]) ? 0 : 1;
}

static void fp_values(const json_t *fp, const char *path, conf_probs *p) {
    const char *t = json_string_value(json_object_get(fp, "footprint-type"));
    if (!t || !sim_cdni_footprint_type(t)) return;
    size_t i;
    json_t *v;
    char q[CONF_PATH_MAX], r[CONF_PATH_MAX];
    conf_path_key(q, path, "footprint-value");
    json_array_foreach(json_object_get(fp, "footprint-value"), i, v) {
        const char *s = json_string_value(v);
        if (!s) continue;
        conf_checked(p, 1);
        conf_path_idx(r, q, i);
        if (!strcmp(t, "countrycode") && cc_kind(s) == 1) {
            conf_prob_soft(p, r, "lowercase (RFC 9241 6.1.2.2)", s, "country code \"%s\" in uppercase", s);
            continue;
        }
        const char *why = sim_cdni_footprint_why(t, s);
        if (why) conf_prob(p, r, why, s, "%s footprint \"%s\": %s", t, s, why);
    }
}

int conf_v_cdni_fpvalues(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    each_footprint(d, fp_values, p);
    return p->n - n0;
}

int conf_v_req_cdnifilter(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_checked(p, 1);
    json_t *caps = conf_check_member(p, d, "$", "cdni-capabilities", CONF_JT_ARRAY, 1);
    size_t i;
    json_t *o;
    char path[CONF_PATH_MAX];
    json_array_foreach(caps, i, o) {
        conf_path_idx(path, "$.cdni-capabilities", i);
        if (!json_is_object(o)) {
            conf_prob(p, path, "a CDNICapability", alto_json_type(o), "an element is not an object");
            continue;
        }
        conf_check_member(p, o, path, "capability-type", CONF_JT_STRING, 1);
        cap_value(o, path, p);
    }
    return p->n - n0;
}

static void capability_list(const json_t *v, const char *path, conf_probs *p) {
    conf_checked(p, 1);
    if (!json_is_array(v)) {
        conf_prob(p, path, "a JSON array of CDNICapability", alto_json_type(v),
                  "a cdni-capabilities value is not an array (RFC 9241 6.2.2)");
        return;
    }
    size_t i;
    json_t *o;
    char q[CONF_PATH_MAX];
    json_array_foreach(v, i, o) {
        conf_path_idx(q, path, i);
        if (!json_is_object(o) || !json_is_string(json_object_get(o, "capability-type")) ||
            !json_object_get(o, "capability-value")) {
            conf_prob(p, q, "{capability-type, capability-value}", conf_jshow(o),
                      "a cdni-capabilities element is not a CDNICapability");
            continue;
        }
        cap_value(o, q, p);
    }
}

int conf_v_cdni_propmap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *k, *pk;
    json_t *props, *v;
    char path[CONF_PATH_MAX], q[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "property-map"), k, props) {
        conf_path_key(path, "$.property-map", k);
        const char *id = strchr(k, ':');
        if (id && !strncmp(k, "asn:", 4)) {
            conf_checked(p, 1);
            if (sim_cdni_footprint_why("asn", id + 1))
                conf_prob(p, path, "asn:as<decimal, no leading zero>", k,
                          "entity %s is not an ASN domain identifier (RFC 9241 6.1.1.2)", k);
        } else if (id && !strncmp(k, "countrycode:", 12)) {
            conf_checked(p, 1);
            if (cc_kind(id + 1))
                conf_prob(p, path, "countrycode:<two lowercase letters>", k,
                          "entity %s is not a COUNTRYCODE domain identifier (RFC 9241 6.1.2.2)", k);
        }
        json_object_foreach(props, pk, v) {
            size_t n = strlen(pk), m = strlen(".cdni-capabilities");
            if (n < m || strcmp(pk + n - m, ".cdni-capabilities")) continue;
            conf_path_key(q, path, pk);
            capability_list(v, q, p);
        }
    }
    return p->n - n0;
}

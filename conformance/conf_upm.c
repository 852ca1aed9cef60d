/* conf_upm.c: RFC 9240 names and identifiers on the engine side, and the
 * property map message validators (see conf_upm.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_upm.h"
#include "alto_json.h"
#include "conf_check.h"
#include "conf_msg.h"

static int rid_chars(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("-:@_", s[i])) return 0;
    return n <= 64;
}

/* EntityDomainType (5.1.1): <= 64 of [A-Za-z0-9-:_], ':' only in a
 * leading "priv:" followed by something. */
static int syn_type(const char *s, size_t n, const char **why) {
    if (n == 0 || n > 64) { *why = "entity domain type empty or over 64 characters"; return 0; }
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("-:_", s[i])) {
            *why = "entity domain type has a character other than [A-Za-z0-9-:_]";
            return 0;
        }
    const char *colon = memchr(s, ':', n);
    if (colon && (colon != s + 4 || strncmp(s, "priv", 4) || n == 5 || memchr(colon + 1, ':', n - 5))) {
        *why = "':' in an entity domain type outside a leading \"priv:\" prefix";
        return 0;
    }
    return 1;
}

int conf_upm_syn_domain(const char *s, size_t n, const char **why) {
    const char *dot = memchr(s, '.', n);
    if (dot && memchr(dot + 1, '.', n - (size_t)(dot - s) - 1)) {
        *why = "more than one '.' in an entity domain name";
        return 0;
    }
    if (dot && !rid_chars(s, (size_t)(dot - s))) {
        *why = "the resource id of the entity domain name is not a ResourceID";
        return 0;
    }
    return dot ? syn_type(dot + 1, n - (size_t)(dot - s) - 1, why) : syn_type(s, n, why);
}

int conf_upm_syn_prop(const char *s, const char **why) {
    const char *dot = strrchr(s, '.');
    const char *t = dot ? dot + 1 : s;
    size_t n = strlen(t);
    if (dot && (memchr(s, '.', (size_t)(dot - s)) || !rid_chars(s, (size_t)(dot - s)))) {
        *why = "the resource id before '.' is not a ResourceID";
        return 0;
    }
    if (n == 0 || n > 32) { *why = "entity property type empty or over 32 characters"; return 0; }
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)t[i]) && !strchr("-:_", t[i])) {
            *why = "entity property type has a character other than [A-Za-z0-9-:_]";
            return 0;
        }
    if (!strcmp(t, "priv:")) { *why = "\"priv:\" alone is not a property type"; return 0; }
    return 1;
}

static int flat_ident(const char *type, const char *id, const char **why) {
    if (!strcmp(type, "pid")) return conf_syn_pidname(id, why);
    if (!strcmp(type, "asn")) {
        size_t n = strlen(id);
        if (n < 3 || strncmp(id, "as", 2) || strspn(id + 2, "0123456789") != n - 2 ||
            (id[2] == '0' && n > 3) || n > 12 || strtoull(id + 2, NULL, 10) > 4294967295ULL) {
            *why = "not \"as\" and an AS number without leading zeros (RFC 9241 6.1.1.2)";
            return 0;
        }
        return 1;
    }
    if (!strcmp(type, "countrycode")) {
        if (strlen(id) != 2 || !islower((unsigned char)id[0]) || !islower((unsigned char)id[1])) {
            *why = "not an ISO 3166-1 alpha-2 code in lower case (RFC 9241 6.1.2.2)";
            return 0;
        }
        return 1;
    }
    return 1;
}

int conf_upm_entity(const char *s, conf_upm_ent *e, const char **why) {
    memset(e, 0, sizeof *e);
    const char *colon = strchr(s, ':');
    /* A "priv:" type holds the first ':'; the domain ends at the next. */
    if (colon) {
        const char *dot = memchr(s, '.', (size_t)(colon - s));
        const char *t = dot ? dot + 1 : s;
        if (colon - t == 4 && !strncmp(t, "priv", 4)) colon = strchr(colon + 1, ':');
    }
    if (!colon) { *why = "no ':' between the entity domain and the identifier"; return 0; }
    size_t n = (size_t)(colon - s);
    if (n >= sizeof e->domain || !conf_upm_syn_domain(s, n, why)) {
        if (n >= sizeof e->domain) *why = "entity domain name too long";
        return 0;
    }
    memcpy(e->domain, s, n);
    e->ident = colon + 1;
    const char *dot = strchr(e->domain, '.');
    const char *type = dot ? dot + 1 : e->domain;
    if (!*e->ident) { *why = "empty entity identifier"; return 0; }
    if (!strcmp(type, "ipv4") || !strcmp(type, "ipv6")) {
        e->family = type[3] == '4' ? 4 : 6;
        if (!conf_syn_prefix(type, e->ident, why)) return 0;
        return alto_prefix_parse(e->ident, e->family, 0, &e->p) == 0;
    }
    if (!strcmp(type, "pid") && !dot) {
        *why = "a pid domain is resource-specific: \"<network-map-id>.pid\" (section 6.2)";
        return 0;
    }
    return flat_ident(type, e->ident, why);
}


/* ---- validators ---- */

/* EntityProps (7.6): an object of valid property names. */
static void v_props(const json_t *props, const char *path, conf_probs *p) {
    if (!json_is_object(props)) {
        conf_prob(p, path, "an object of properties", alto_json_type(props), "EntityProps is not an object");
        return;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)props, k, v) {
        const char *why;
        conf_checked(p, 1);
        if (!conf_upm_syn_prop(k, &why))
            conf_prob(p, path, "an EntityPropertyName", k, "%s", why);
    }
}

int conf_v_propmap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 0);
    json_t *pm = conf_check_member(p, d, "$", "property-map", CONF_JT_OBJECT, 1);
    /* dependent-vtags is there when the map uses resources (7.6). */
    if (json_object_get(meta, "dependent-vtags")) conf_v_dvtags(d, 0, p);
    const char *k;
    json_t *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(pm, k, v) {
        conf_upm_ent e;
        const char *why;
        conf_path_key(path, "$.property-map", k);
        conf_checked(p, 1);
        if (!conf_upm_entity(k, &e, &why)) conf_prob(p, path, "an EntityID", k, "%s", why);
        v_props(v, path, p);
    }
    return p->n - n0;
}

int conf_v_req_propmap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *ents = conf_check_member(p, d, "$", "entities", CONF_JT_ARRAY, 1);
    json_t *props = conf_check_member(p, d, "$", "properties", CONF_JT_ARRAY, 0);
    size_t i;
    json_t *v;
    char path[CONF_PATH_MAX];
    json_array_foreach(ents, i, v) {
        conf_upm_ent e;
        const char *why = "not a string";
        conf_path_idx(path, "$.entities", i);
        conf_checked(p, 1);
        if (!json_is_string(v) || !conf_upm_entity(json_string_value(v), &e, &why))
            conf_prob(p, path, "an EntityID", conf_jshow(v), "%s", why);
    }
    json_array_foreach(props, i, v) {
        const char *why = "not a string";
        conf_path_idx(path, "$.properties", i);
        conf_checked(p, 1);
        if (!json_is_string(v) || !conf_upm_syn_prop(json_string_value(v), &why))
            conf_prob(p, path, "an EntityPropertyName", conf_jshow(v), "%s", why);
    }
    return p->n - n0;
}

/* util.c: what the RFC 9240 run functions share (see rfc9240.h): the
 * property map resources of the row, the syntaxes of section 5, the
 * longest-prefix reading of a map (section 6.1.3), and the reference map
 * a filtered answer is compared with.  The engine reads identifiers as
 * the shared RFC 7285 validators do (conf_check.c): prefixes with host
 * bits are tolerated, as RFC 4632 defines the notation by its significant
 * bits. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc9240.h"
#include "rfc8189/rfc8189.h"

const conf_res *r92_nth(conf_ctx *c, int n, int filtered) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        int f = r->svc == CONF_SVC_FPROPMAP;
        if ((r->svc == CONF_SVC_PROPMAP || f) && r->uri && (filtered < 0 || filtered == f) &&
            n-- == 0)
            return r;
    }
    return NULL;
}

json_t *r92_mappings(const conf_res *r) {
    json_t *m = json_object_get(r->caps, "mappings");
    return json_is_object(m) ? m : NULL;
}

json_t *r92_all_props(const json_t *mappings) {
    json_t *out = json_array(), *seen = json_object();
    const char *d;
    json_t *l, *v;
    size_t i;
    json_object_foreach((json_t *)mappings, d, l) json_array_foreach(l, i, v) {
        if (!json_is_string(v) || json_object_get(seen, json_string_value(v))) continue;
        json_object_set_new(seen, json_string_value(v), json_true());
        json_array_append(out, v);
    }
    json_decref(seen);
    return out;
}

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

int r92_syn_domain(const char *s, size_t n, const char **why) {
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

int r92_syn_prop(const char *s, const char **why) {
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

int r92_parse_entity(const char *s, r92_ent *e, const char **why) {
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
    if (n >= sizeof e->domain || !r92_syn_domain(s, n, why)) {
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

json_t *r92_lpm(const json_t *pm, const r92_ent *e, const char *prop) {
    const char *k;
    json_t *props, *best = NULL;
    int best_len = -1;
    json_object_foreach((json_t *)pm, k, props) {
        r92_ent x;
        const char *why;
        json_t *v = json_object_get(props, prop);
        if (!v || !r92_parse_entity(k, &x, &why) || !x.family || strcmp(x.domain, e->domain))
            continue;
        if (x.p.len > e->p.len || x.p.len <= best_len || !alto_prefix_contains(&x.p, &e->p.addr))
            continue;
        best = v;
        best_len = x.p.len;
    }
    return json_is_null(best) ? NULL : best;
}

json_t *r92_query(conf_ctx *c, const conf_res *r, json_t *body, conf_xchg **xo) {
    conf_xchg *x = conf_post(c, r, body);
    if (xo) *xo = x;
    json_t *doc = conf_ok(c, x);
    if (!doc) return NULL;
    json_t *pm = json_object_get(doc, "property-map");
    if (!json_is_object(pm)) {
        conf_prob(conf_pb(c), "property-map", "an object", conf_jtype(pm),
                  "the answer of %s has no property-map object", r->id);
        return NULL;
    }
    return pm;
}

json_t *r92_reference(conf_ctx *c, const conf_res *f) {
    json_t *mp = r92_mappings(f);
    const conf_res *g;
    R92_EACH(c, g, 0) {
        json_t *gm = r92_mappings(g);
        if (!gm || !mp || !json_equal(gm, mp)) continue;
        json_t *doc = conf_control(c, conf_get(c, g));
        json_t *pm = doc ? json_object_get(doc, "property-map") : NULL;
        if (doc && !json_is_object(pm))
            conf_set(c, CONF_ERROR, "cannot judge: the reference map %s has no property-map", g->id);
        return json_is_object(pm) ? pm : NULL;
    }
    json_t *body = json_pack("{s:[], s:o}", "entities", "properties", r92_all_props(mp));
    json_t *doc = conf_control(c, conf_post(c, f, body));
    json_t *pm = doc ? json_object_get(doc, "property-map") : NULL;
    if (doc && !json_is_object(pm))
        conf_set(c, CONF_ERROR, "cannot judge: %s answered all entities without a property-map", f->id);
    return json_is_object(pm) ? pm : NULL;
}

void r92_expect_error(conf_ctx *c, conf_xchg *x, const char *code, const char *field) {
    m8_expect_error(c, x, code, field);
}

/* Address entities of ref in domains mapped by mp: prefixes only (want 1)
 * or any (0), up to max, as parsed entities. */
int r92_ref_addrs(const json_t *ref, const json_t *mp, int prefixes, r92_ent *out, int max) {
    const char *k;
    json_t *v;
    int n = 0;
    json_object_foreach((json_t *)ref, k, v) {
        const char *why;
        if (n == max) break;
        if (!r92_parse_entity(k, &out[n], &why) || !out[n].family || !json_object_get(mp, out[n].domain))
            continue;
        if (prefixes && out[n].p.len == (out[n].family == 4 ? 32 : 128)) continue;
        n++;
    }
    return n;
}

void r92_ent_name(const r92_ent *e, const alto_prefix *p, char *buf, size_t n) {
    char a[64];
    alto_addr_fmt(&p->addr, a, sizeof a);
    if (p->len == (p->addr.family == 4 ? 32 : 128)) snprintf(buf, n, "%s:%s", e->domain, a);
    else snprintf(buf, n, "%s:%s/%d", e->domain, a, p->len);
}

/* Compares every mapped property of e in ans with ref (both read by
 * longest prefix). */
void r92_agree(conf_ctx *c, const conf_res *r, const json_t *mp, const json_t *ref,
                  const json_t *ans, const r92_ent *e, const char *name) {
    size_t i;
    json_t *pv;
    json_array_foreach(json_object_get(mp, e->domain), i, pv) {
        const char *prop = json_string_value(pv);
        if (!prop) continue;
        json_t *want = r92_lpm(ref, e, prop), *got = r92_lpm(ans, e, prop);
        conf_checked(conf_pb(c), 1);
        if (want == got || (want && got && json_equal(want, got))) continue;
        char w[128], g[128], path[CONF_PATH_MAX];
        snprintf(w, sizeof w, "%s", want ? conf_jshow(want) : "(no value)");
        snprintf(g, sizeof g, "%s", got ? conf_jshow(got) : "(no value)");
        conf_path_key(path, "property-map", name);
        conf_prob(conf_pb(c), path, w, g, "%s: %s of %s, read by longest prefix, differs from the "
                  "reference map", r->id, prop, name);
    }
}

json_t *r92_body_all(conf_ctx *c, const conf_res *r) {
    json_t *mp = r92_mappings(r);
    if (!mp) {
        conf_empty(c, "%s has no mappings capability to build a request from", r->id);
        return NULL;
    }
    return json_pack("{s:[], s:o}", "entities", "properties", r92_all_props(mp));
}

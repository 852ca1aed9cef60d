/* srv_upm.c: RFC 9240 entity identifiers and the property store (the
 * documents are in srv_upm_doc.c).
 *
 * Entity ids are read strictly, because this server is the yardstick of
 * the conformance suite: "ipv4:10.0.0.300", "ipv4:10.0.0.1/8" (host bits),
 * "ipv6:2001:DB8::1" (not RFC 5952 section 4 text), "pid:p1" (a pid domain
 * names its network map) and unknown domain types are refused.  The
 * domain ends at the first ':' before which stands a valid domain name,
 * so IPv6 identifiers and ResourceIDs with ':' both work.
 *
 * The store keeps, per entity domain, its entities and their explicitly
 * defined properties.  Address domains are sorted by (address, prefix
 * length) once sealed, and each entry knows its parent (the longest other
 * prefix containing it, found by one stack sweep), so a lookup is a binary
 * search plus a walk up the parents: the longest-prefix rule of RFC 9240
 * section 6.1.3, applied property by property (a /32 that defines only
 * .site still inherits .asn from its /24).  A null value stops the walk. */
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "alto_buf.h"

/* ---- domain types ---- */

static int valid_pid(const char *s) { return srv_is_pidname(s); }

/* RFC 9241 section 6.1.1.2: "as" then the ASN in decimal, no leading zero. */
static int valid_asn(const char *s) {
    if (strncmp(s, "as", 2)) return 0;
    s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 10 || (s[0] == '0' && n > 1) || strspn(s, "0123456789") != n) return 0;
    return strtoull(s, NULL, 10) <= 4294967295ULL;
}

/* RFC 9241 section 6.1.2.2: ISO 3166-1 alpha-2 in lower case. */
static int valid_cc(const char *s) {
    return strlen(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z';
}

static const srv_upm_dtype dtypes[] = {
    {.name = "ipv4", .family = 4},
    {.name = "ipv6", .family = 6},
    {.name = "pid", .resource_specific = 1, .valid = valid_pid},
    {.name = "asn", .valid = valid_asn},
    {.name = "countrycode", .valid = valid_cc},
};

const srv_upm_dtype *srv_upm_dtype_find(const char *name) {
    for (size_t i = 0; i < sizeof dtypes / sizeof *dtypes; i++)
        if (!strcmp(dtypes[i].name, name)) return &dtypes[i];
    return NULL;
}

/* ---- entity ids ---- */

/* RFC 7285 section 10.2 ResourceID (RFC 9240 section 5.1.2 forbids '.'). */
static int valid_rid(const char *s, size_t n) {
    if (n == 0 || n > 64) return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:@_", s[i]))
            return 0;
    return 1;
}

/* The type of domain name d[0..n), or NULL with *why. */
static const srv_upm_dtype *domain_type(const char *d, size_t n, const char **why) {
    char buf[80];
    if (n == 0 || n >= sizeof buf) {
        *why = n ? "entity domain name too long" : "no entity domain before ':'";
        return NULL;
    }
    memcpy(buf, d, n);
    buf[n] = 0;
    char *dot = strrchr(buf, '.');
    const srv_upm_dtype *t = srv_upm_dtype_find(dot ? dot + 1 : buf);
    if (!t) {
        *why = "unknown entity domain type";
        return NULL;
    }
    if (dot && !valid_rid(buf, (size_t)(dot - buf))) {
        *why = dot == buf ? "a self-defined domain is not valid for this domain type"
                          : "the resource id of the domain is not a valid ResourceID";
        return NULL;
    }
    if (!dot && t->resource_specific) {
        *why = "this domain type is resource-specific: \"<network-map-id>.pid\"";
        return NULL;
    }
    return t;
}

static int parse_addr_ident(const char *s, int family, srv_upm_entity *e, const char **why) {
    if (alto_prefix_parse(s, family, 1, &e->prefix)) {
        *why = family == 4 ? "not an IPv4 address or prefix (RFC 4632, no host bits)"
                           : "not an IPv6 address or prefix (RFC 4291, no host bits)";
        return -1;
    }
    char a[64];
    alto_addr_fmt(&e->prefix.addr, a, sizeof a);
    int full = e->prefix.len == (family == 4 ? 32 : 128);
    if (family == 6) {
        size_t n = strcspn(s, "/");
        if (strlen(a) != n || memcmp(a, s, n)) {
            *why = "IPv6 text is not in RFC 5952 section 4 form";
            return -1;
        }
    }
    if (full) snprintf(e->ident, sizeof e->ident, "%s", a);
    else snprintf(e->ident, sizeof e->ident, "%s/%d", a, e->prefix.len);
    return 0;
}

int srv_upm_entity_parse(const char *id, srv_upm_entity *e, const char **why) {
    memset(e, 0, sizeof *e);
    *why = "no ':' between the entity domain and the identifier";
    const char *colon = NULL;
    for (const char *p = strchr(id, ':'); p; p = strchr(p + 1, ':')) {
        const char *w;
        if (domain_type(id, (size_t)(p - id), &w)) {
            colon = p;
            break;
        }
        if (p == strchr(id, ':')) *why = w;     /* the first split's reason */
    }
    if (!colon) return -1;
    size_t dn = (size_t)(colon - id);
    e->type = domain_type(id, dn, why);
    memcpy(e->domain, id, dn);
    e->domain[dn] = 0;
    const char *ident = colon + 1;
    if (!*ident) {
        *why = "empty entity identifier";
        return -1;
    }
    if (e->type->family) return parse_addr_ident(ident, e->type->family, e, why);
    if (strlen(ident) >= sizeof e->ident || (e->type->valid && !e->type->valid(ident))) {
        *why = "not a valid identifier for the entity domain type";
        return -1;
    }
    snprintf(e->ident, sizeof e->ident, "%s", ident);
    return 0;
}

const char *srv_upm_entity_name(const srv_upm_entity *e, char *buf, size_t n) {
    snprintf(buf, n, "%s:%s", e->domain, e->ident);
    return buf;
}

/* ---- the store ---- */

typedef struct upm_ent {
    alto_prefix p;          /* address domains */
    char *ident;
    json_t *props;          /* explicitly defined */
    int parent;             /* address domains, once sealed; -1 = none */
} upm_ent;

typedef struct upm_dom {
    char name[80];
    const srv_upm_dtype *type;
    upm_ent *ents;
    int n, cap;
    json_t *index;          /* ident -> entry index */
} upm_dom;

struct srv_upm {
    upm_dom *doms;
    int ndoms;
    size_t nents;
};

srv_upm *srv_upm_new(void) { return alto_xcalloc(1, sizeof(srv_upm)); }

void srv_upm_free(srv_upm *u) {
    if (!u) return;
    for (int d = 0; d < u->ndoms; d++) {
        for (int i = 0; i < u->doms[d].n; i++) {
            free(u->doms[d].ents[i].ident);
            json_decref(u->doms[d].ents[i].props);
        }
        free(u->doms[d].ents);
        json_decref(u->doms[d].index);
    }
    free(u->doms);
    free(u);
}

static upm_dom *dom_find(const srv_upm *u, const char *name) {
    for (int d = 0; d < u->ndoms; d++)
        if (!strcmp(u->doms[d].name, name)) return &u->doms[d];
    return NULL;
}

void srv_upm_set(srv_upm *u, const srv_upm_entity *e, const char *prop, json_t *value) {
    upm_dom *d = dom_find(u, e->domain);
    if (!d) {
        u->doms = alto_xrealloc(u->doms, (size_t)(u->ndoms + 1) * sizeof *u->doms);
        d = &u->doms[u->ndoms++];
        memset(d, 0, sizeof *d);
        snprintf(d->name, sizeof d->name, "%s", e->domain);
        d->type = e->type;
        d->index = json_object();
    }
    json_t *ix = json_object_get(d->index, e->ident);
    int i;
    if (ix) {
        i = (int)json_integer_value(ix);
    } else {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 16;
            d->ents = alto_xrealloc(d->ents, (size_t)d->cap * sizeof *d->ents);
        }
        i = d->n++;
        d->ents[i] = (upm_ent){.p = e->prefix, .ident = alto_xstrdup(e->ident),
                               .props = json_object(), .parent = -1};
        json_object_set_new(d->index, e->ident, json_integer(i));
        u->nents++;
    }
    json_object_set(d->ents[i].props, prop, value);
}

static int addr_cmp(const alto_prefix *a, const alto_prefix *b) {
    int c = memcmp(a->addr.b, b->addr.b, a->addr.family == 4 ? 4 : 16);
    return c ? c : a->len - b->len;
}

static int ent_cmp(const void *x, const void *y) {
    return addr_cmp(&((const upm_ent *)x)->p, &((const upm_ent *)y)->p);
}

static int contains(const alto_prefix *outer, const alto_prefix *inner) {
    return outer->len <= inner->len && alto_prefix_contains(outer, &inner->addr);
}

/* Sorted order puts every prefix before the prefixes it contains, so a
 * stack of the open prefixes gives each entry its parent. */
static void link_parents(upm_dom *d) {
    int *stack = alto_xcalloc((size_t)d->n + 1, sizeof *stack), top = 0;
    for (int i = 0; i < d->n; i++) {
        while (top && !contains(&d->ents[stack[top - 1]].p, &d->ents[i].p)) top--;
        d->ents[i].parent = top ? stack[top - 1] : -1;
        stack[top++] = i;
    }
    free(stack);
}

void srv_upm_seal(srv_upm *u) {
    for (int k = 0; k < u->ndoms; k++) {
        upm_dom *d = &u->doms[k];
        if (!d->type->family) continue;
        qsort(d->ents, (size_t)d->n, sizeof *d->ents, ent_cmp);
        json_object_clear(d->index);
        for (int i = 0; i < d->n; i++)
            json_object_set_new(d->index, d->ents[i].ident, json_integer(i));
        link_parents(d);
    }
}

size_t srv_upm_count(const srv_upm *u) { return u->nents; }

/* Index of the last entry sorting at or before p, or -1. */
static int last_at_or_before(const upm_dom *d, const alto_prefix *p) {
    int lo = 0, hi = d->n;      /* first entry after p is in [lo, hi] */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (addr_cmp(&d->ents[mid].p, p) <= 0) lo = mid + 1;
        else hi = mid;
    }
    return lo - 1;
}

/* The entry of the longest prefix containing p (p itself included). */
static int longest_container(const upm_dom *d, const alto_prefix *p) {
    int i = last_at_or_before(d, p);
    while (i >= 0 && !contains(&d->ents[i].p, p)) i = d->ents[i].parent;
    return i;
}

json_t *srv_upm_get(const srv_upm *u, const srv_upm_entity *e, const char *prop) {
    const upm_dom *d = dom_find(u, e->domain);
    if (!d) return NULL;
    if (!d->type->family) {
        json_t *ix = json_object_get(d->index, e->ident);
        json_t *v = ix ? json_object_get(d->ents[json_integer_value(ix)].props, prop) : NULL;
        return json_is_null(v) ? NULL : v;
    }
    for (int i = longest_container(d, &e->prefix); i >= 0; i = d->ents[i].parent) {
        json_t *v = json_object_get(d->ents[i].props, prop);
        if (v) return json_is_null(v) ? NULL : v;
    }
    return NULL;
}

json_t *srv_upm_props(const srv_upm *u, const srv_upm_entity *e, const json_t *names) {
    json_t *out = json_object();
    const upm_dom *d = dom_find(u, e->domain);
    if (!d) return out;
    /* One search for the entity, then a walk per property: the search is
     * the cache-missing part on a map of 100k prefixes. */
    int start = -1;
    if (d->type->family) {
        start = longest_container(d, &e->prefix);
    } else {
        json_t *ix = json_object_get(d->index, e->ident);
        start = ix ? (int)json_integer_value(ix) : -1;
    }
    size_t k;
    json_t *nv;
    json_array_foreach(names, k, nv) {
        const char *prop = json_string_value(nv);
        for (int i = start; prop && i >= 0; i = d->type->family ? d->ents[i].parent : -1) {
            json_t *v = json_object_get(d->ents[i].props, prop);
            if (!v) continue;
            if (!json_is_null(v)) json_object_set(out, prop, v);
            break;
        }
    }
    return out;
}

static void visit_ent(const upm_dom *d, const upm_ent *x, srv_upm_visit fn, void *ctx) {
    srv_upm_entity e = {.type = d->type, .prefix = x->p};
    snprintf(e.domain, sizeof e.domain, "%s", d->name);
    snprintf(e.ident, sizeof e.ident, "%s", x->ident);
    fn(ctx, &e, x->props);
}

void srv_upm_each(const srv_upm *u, const char *domain, srv_upm_visit fn, void *ctx) {
    for (int k = 0; k < u->ndoms; k++) {
        const upm_dom *d = &u->doms[k];
        if (domain && strcmp(d->name, domain)) continue;
        for (int i = 0; i < d->n; i++) visit_ent(d, &d->ents[i], fn, ctx);
    }
}

void srv_upm_each_within(const srv_upm *u, const srv_upm_entity *e, srv_upm_visit fn,
                         void *ctx) {
    const upm_dom *d = dom_find(u, e->domain);
    if (!d || !d->type->family || e->prefix.len == (d->type->family == 4 ? 32 : 128)) return;
    for (int i = last_at_or_before(d, &e->prefix) + 1; i < d->n; i++) {
        if (!contains(&e->prefix, &d->ents[i].p)) break;   /* past the range */
        visit_ent(d, &d->ents[i], fn, ctx);
    }
}

/* util.c: what the RFC 9241 run functions share (rfc9241.h): finding the
 * CDNI resources in the IRD closure, pairing a filtered advertisement with
 * the full one, the filter semantics of section 5.6 (the yardstick every
 * filtered answer is judged against), and error answers. */
#include <stdio.h>
#include <string.h>
#include "rfc9241.h"
#include "conf_check.h"

static int is_media(const conf_res *r, const char *mt) { return r->media && !strcmp(r->media, mt); }

static int names_cdni_prop(const conf_res *r) {
    const char *k;
    json_t *names, *v;
    size_t i;
    json_object_foreach(json_object_get(r->caps, "mappings"), k, names)
        json_array_foreach(names, i, v) {
            const char *s = json_string_value(v);
            size_t n = s ? strlen(s) : 0, m = strlen(".cdni-capabilities");
            if (n > m && !strcmp(s + n - m, ".cdni-capabilities")) return 1;
        }
    return 0;
}

static int of_kind(const conf_res *r, c9_kind k) {
    if (!r->uri) return 0;
    switch (k) {
    case C9_FULL: return is_media(r, M9_CDNI) && !r->accepts;
    case C9_FILTERED: return is_media(r, M9_CDNI) && r->accepts && !strcmp(r->accepts, M9_CDNIF);
    case C9_PROPMAP: return is_media(r, M9_PROPMAP) && names_cdni_prop(r);
    }
    return 0;
}

void c9_each(conf_ctx *c, c9_kind k, c9_fn fn) {
    static const char *const what[] = {
        "a CDNI Advertisement resource (GET " M9_CDNI ", RFC 9241 section 3)",
        "a filtered CDNI Advertisement resource (accepts " M9_CDNIF ", RFC 9241 section 5)",
        "a property map with a cdni-capabilities property (RFC 9241 section 6)",
    };
    const conf_ird *d = &c->s->ird;
    int any = 0;
    for (int i = 0; i < d->nres; i++)
        if (of_kind(&d->res[i], k)) {
            any = 1;
            fn(c, &d->res[i]);
        }
    if (!any) conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no %s", what[k]);
}

json_t *c9_get(conf_ctx *c, const conf_res *r) { return conf_ok(c, conf_get(c, r)); }
json_t *c9_get_control(conf_ctx *c, const conf_res *r) { return conf_control(c, conf_get(c, r)); }

static int same_uses(const conf_res *a, const conf_res *b) {
    return (!a->uses && !b->uses) || (a->uses && b->uses && json_equal(a->uses, b->uses));
}

const conf_res *c9_full_of(conf_ctx *c, const conf_res *f, const json_t *answer) {
    const conf_ird *d = &c->s->ird;
    const char *rid = json_string_value(json_object_get(json_object_get(json_object_get(answer, "meta"),
                                                                        "vtag"), "resource-id"));
    const conf_res *r = rid ? conf_ird_find(d, rid) : NULL;
    if (r && of_kind(r, C9_FULL)) return r;
    const conf_res *only = NULL;
    int n = 0;
    for (int i = 0; i < d->nres; i++)
        if (of_kind(&d->res[i], C9_FULL) && same_uses(&d->res[i], f)) {
            only = &d->res[i];
            n++;
        }
    if (n == 1) return only;
    conf_set(c, CONF_SKIP, "cannot tell which CDNI Advertisement resource %s filters: its vtag names "
             "none and %d full resources have the same uses", f->id, n);
    return NULL;
}

json_t *c9_objects(const json_t *doc) {
    json_t *o = json_object_get(json_object_get(doc, "cdni-advertisement"), "capabilities-with-footprints");
    return json_is_array(o) ? o : NULL;
}

int c9_has_altopid(const json_t *doc) {
    size_t i, j;
    json_t *o, *fp;
    json_array_foreach(c9_objects(doc), i, o)
        json_array_foreach(json_object_get(o, "footprints"), j, fp)
            if (json_is_string(json_object_get(fp, "footprint-type")) &&
                !strcmp(json_string_value(json_object_get(fp, "footprint-type")), "altopid"))
                return 1;
    return 0;
}

int c9_superset(const json_t *a, const json_t *x) {
    if (json_is_object(x) && json_is_object(a)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)x, k, v) {
            json_t *w = json_object_get(a, k);
            if (!w || !c9_superset(w, v)) return 0;
        }
        return 1;
    }
    if (json_is_array(x) && json_is_array(a)) {
        size_t i, j;
        json_t *v, *w;
        json_array_foreach(x, i, v) {
            int found = 0;
            json_array_foreach(a, j, w) found = found || json_equal(w, v);
            if (!found) return 0;
        }
        return 1;
    }
    return json_equal(a, x);
}

json_t *c9_expected(const json_t *full, const json_t *caps) {
    json_t *out = json_array();
    size_t i, j;
    json_t *o, *x;
    json_array_foreach(c9_objects(full), j, o) {
        if (!json_array_size(caps)) {
            json_array_append(out, o);
            continue;
        }
        json_array_foreach(caps, i, x)
            if (json_equal(json_object_get(o, "capability-type"), json_object_get(x, "capability-type")) &&
                c9_superset(json_object_get(o, "capability-value"), json_object_get(x, "capability-value"))) {
                json_array_append(out, o);
                break;
            }
    }
    return out;
}

int c9_same_objects(const json_t *a, const json_t *b) {
    if (json_array_size(a) != json_array_size(b)) return 0;
    size_t n = json_array_size(a), i, j;
    char used[256] = {0};
    if (n > sizeof used) return json_equal(a, b);
    for (i = 0; i < n; i++) {
        int found = 0;
        for (j = 0; j < n && !found; j++)
            if (!used[j] && conf_json_set_equal(json_array_get(a, i), json_array_get(b, j))) used[j] = found = 1;
        if (!found) return 0;
    }
    return 1;
}

json_t *c9_first_cap(const json_t *full) {
    json_t *o = json_array_get(c9_objects(full), 0);
    if (!json_is_object(o) || !json_is_string(json_object_get(o, "capability-type")) ||
        !json_object_get(o, "capability-value"))
        return NULL;
    return json_pack("{s:O, s:O}", "capability-type", json_object_get(o, "capability-type"),
                     "capability-value", json_object_get(o, "capability-value"));
}

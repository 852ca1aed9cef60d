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
#include "alto_json.h"
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

typedef struct r92_ient {
    conf_upm_ent e;
    json_t *props;
} r92_ient;

struct r92_index {
    r92_ient *v;
    size_t n;
};

r92_index *r92_index_new(const json_t *pm) {
    r92_index *x = calloc(1, sizeof *x);
    x->v = calloc(json_object_size(pm) + 1, sizeof *x->v);
    const char *k;
    json_t *props;
    json_object_foreach((json_t *)pm, k, props) {
        const char *why;
        if (conf_upm_entity(k, &x->v[x->n].e, &why) && x->v[x->n].e.family && json_is_object(props))
            x->v[x->n++].props = props;
    }
    return x;
}

void r92_index_free(r92_index *x) {
    if (!x) return;
    free(x->v);
    free(x);
}

json_t *r92_lpm(const r92_index *x, const conf_upm_ent *e, const char *prop) {
    json_t *best = NULL;
    int best_len = -1;
    for (size_t i = 0; x && i < x->n; i++) {
        const conf_upm_ent *k = &x->v[i].e;
        if (k->p.len > e->p.len || k->p.len <= best_len || strcmp(k->domain, e->domain) ||
            !alto_prefix_contains(&k->p, &e->p.addr))
            continue;
        json_t *v = json_object_get(x->v[i].props, prop);
        if (!v) continue;
        best = v;
        best_len = k->p.len;
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
        conf_prob(conf_pb(c), "property-map", "an object", alto_json_type(pm),
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

/* Address entities of ref in domains mapped by mp: prefixes only (want 1)
 * or any (0), up to max, as parsed entities. */
int r92_ref_addrs(const json_t *ref, const json_t *mp, int prefixes, conf_upm_ent *out, int max) {
    const char *k;
    json_t *v;
    int n = 0;
    json_object_foreach((json_t *)ref, k, v) {
        const char *why;
        if (n == max) break;
        if (!conf_upm_entity(k, &out[n], &why) || !out[n].family || !json_object_get(mp, out[n].domain))
            continue;
        if (prefixes && out[n].p.len == (out[n].family == 4 ? 32 : 128)) continue;
        n++;
    }
    return n;
}

void r92_ent_name(const conf_upm_ent *e, const alto_prefix *p, char *buf, size_t n) {
    char a[64];
    alto_addr_fmt(&p->addr, a, sizeof a);
    if (p->len == (p->addr.family == 4 ? 32 : 128)) snprintf(buf, n, "%s:%s", e->domain, a);
    else snprintf(buf, n, "%s:%s/%d", e->domain, a, p->len);
}

/* Compares every mapped property of e in ans with ref (both read by
 * longest prefix). */
void r92_agree(conf_ctx *c, const conf_res *r, const json_t *mp, const r92_index *ref,
                  const r92_index *ans, const conf_upm_ent *e, const char *name) {
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

/* rfc7285_util.c: helpers shared by the RFC 7285 run functions (see
 * rfc7285.h): finding the network map a resource depends on, cost types
 * by name, and building valid requests from what the server advertised
 * (the engine is driven by the IRD, never by knowledge of one server). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "rfc7285.h"

json_t *r7_netmap(conf_ctx *c, const conf_res *user, const conf_res **nm) {
    const conf_ird *d = &c->s->ird;
    const conf_res *r = user ? conf_ird_uses_netmap(d, user) : NULL;
    if (!r) {
        const char *def = json_string_value(json_object_get(
            json_object_get(d->irds[0].doc, "meta"), "default-alto-network-map"));
        r = def ? conf_ird_find(d, def) : NULL;
        if (r && r->svc != CONF_SVC_NETMAP) r = NULL;
    }
    if (!r) r = conf_ird_nth(d, CONF_SVC_NETMAP, 0);
    if (nm) *nm = r;
    if (!r) {
        conf_set(c, CONF_SKIP, "no GET network map in the IRD to compare against");
        return NULL;
    }
    /* The network map is the reference here, not the subject: its own
     * cases judge it, and this case cannot judge without it. */
    return conf_control(c, conf_get(c, r));
}

json_t *r7_pids(const json_t *netmap) {
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(netmap, "network-map"), k, v)
        json_array_append_new(a, json_string(k));
    return a;
}

size_t r7_ncost_types(const conf_res *r) {
    return json_array_size(json_object_get(r->caps, "cost-type-names"));
}

json_t *r7_cost_type(conf_ctx *c, const conf_res *r, size_t i) {
    const char *name = json_string_value(json_array_get(json_object_get(r->caps, "cost-type-names"), i));
    json_t *ct = name ? conf_ird_cost_type(c->s, r, name) : NULL;
    json_t *m = json_object_get(ct, "cost-metric"), *mo = json_object_get(ct, "cost-mode");
    if (!json_is_string(m) || !json_is_string(mo)) return NULL;
    return json_pack("{sOsO}", "cost-metric", m, "cost-mode", mo);
}

json_t *r7_cost_type_numerical(conf_ctx *c, const conf_res *r) {
    json_t *first = NULL;
    for (size_t i = 0; i < r7_ncost_types(r); i++) {
        json_t *ct = r7_cost_type(c, r, i);
        if (!ct) continue;
        if (!strcmp(json_string_value(json_object_get(ct, "cost-mode")), "numerical")) {
            json_decref(first);
            return ct;
        }
        if (!first) first = ct;
        else json_decref(ct);
    }
    return first;
}

int r7_vtag_equal(const json_t *a, const json_t *b) {
    const char *ra = json_string_value(json_object_get(a, "resource-id"));
    const char *rb = json_string_value(json_object_get(b, "resource-id"));
    const char *ta = json_string_value(json_object_get(a, "tag"));
    const char *tb = json_string_value(json_object_get(b, "tag"));
    return ra && rb && ta && tb && !strcmp(ra, rb) && !strcmp(ta, tb);
}

int r7_same_cost_type(const json_t *a, const json_t *b) {
    const char *ma = json_string_value(json_object_get(a, "cost-metric"));
    const char *mb = json_string_value(json_object_get(b, "cost-metric"));
    const char *oa = json_string_value(json_object_get(a, "cost-mode"));
    const char *ob = json_string_value(json_object_get(b, "cost-mode"));
    return ma && mb && oa && ob && !strcmp(ma, mb) && !strcmp(oa, ob);
}

json_t *r7_fcost_req(json_t *ct, json_t *s, json_t *d) {
    json_t *o = json_object();
    json_object_set_new(o, "cost-type", ct);
    if (s) json_object_set_new(o, "pids", json_pack("{soso}", "srcs", s, "dsts", d));
    return o;
}

json_t *r7_strs(const char *a, ...) {
    json_t *arr = json_array();
    va_list ap;
    va_start(ap, a);
    for (const char *s = a; s; s = va_arg(ap, const char *))
        json_array_append_new(arr, json_string(s));
    va_end(ap);
    return arr;
}

json_t *r7_valid_request(conf_ctx *c, const conf_res *r) {
    switch (r->svc) {
    case CONF_SVC_FNETMAP:
        return json_pack("{s[]}", "pids");
    case CONF_SVC_FCOSTMAP: {
        json_t *ct = r7_cost_type(c, r, 0);
        return ct ? r7_fcost_req(ct, NULL, NULL) : NULL;
    }
    case CONF_SVC_EPROP: {
        json_t *prop = json_array_get(json_object_get(r->caps, "prop-types"), 0);
        if (!json_is_string(prop)) return NULL;
        return json_pack("{s[O]s[s]}", "properties", prop, "endpoints", "ipv4:192.0.2.1");
    }
    case CONF_SVC_ECS: {
        json_t *ct = r7_cost_type(c, r, 0);
        if (!ct) return NULL;
        return json_pack("{sos{s[s]s[ss]}}", "cost-type", ct, "endpoints",
                         "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2", "ipv4:198.51.100.1");
    }
    default:
        return NULL;
    }
}

void r7_keys_equal(conf_ctx *c, const json_t *got, const json_t *want, const char *path,
                   const char *what) {
    char p[CONF_PATH_MAX];
    const char *k;
    json_t *v;
    conf_ctx_checked(c, (int)(json_object_size(got) + json_array_size(want)));
    json_object_foreach((json_t *)got, k, v) {
        int found = 0;
        size_t i;
        json_t *w;
        json_array_foreach(want, i, w)
            if (!strcmp(json_string_value(w), k)) found = 1;
        if (found) continue;
        conf_path_key(p, path, k);
        conf_prob(conf_pb(c), p, "absent (not requested)", k, "%s %s was not requested but is in the response", what, k);
    }
    size_t i;
    json_t *w;
    json_array_foreach(want, i, w) {
        if (json_object_get(got, json_string_value(w))) continue;
        conf_path_key(p, path, json_string_value(w));
        conf_prob(conf_pb(c), p, "present (requested)", "missing", "%s %s was requested but is missing from the response",
                  what, json_string_value(w));
    }
}

/* One entry of a two-level map (src -> dst -> value), or a whole row when
 * the rows are not objects. */
static int entry_equal(const json_t *a, const json_t *b) {
    return conf_json_set_equal(a, b) || (!a && !b);
}

void r7_same_entries(conf_ctx *c, const json_t *got, const json_t *ctl, const char *member,
                     const char *what) {
    json_t *mc = json_object_get(ctl, member), *mg = json_object_get(got, member);
    char path[CONF_PATH_MAX], w[300];
    conf_path_key(path, "$", member);
    if (!json_is_object(mc)) {
        conf_set(c, CONF_ERROR, "cannot judge: the control answer has no \"%s\" object to compare with", member);
        return;
    }
    if (!json_is_object(mg)) {
        conf_prob(conf_pb(c), path, "an object", conf_jtype(mg), "%s: the answer has no \"%s\" object", what, member);
        return;
    }
    if (!json_object_size(mc) && !json_object_size(mg)) {
        conf_empty(c, "both answers have an empty \"%s\": nothing to compare", member);
        return;
    }
    const char *s, *d;
    json_t *row, *v;
    json_object_foreach(mg, s, row) {
        json_t *crow = json_object_get(mc, s);
        int two = json_is_object(row) && json_is_object(crow);
        conf_path_key(path, "$", member);
        conf_path_key(path, path, s);
        if (!crow || !two) {
            conf_ctx_checked(c, 1);
            if (entry_equal(row, crow)) continue;
            snprintf(w, sizeof w, "%s", crow ? conf_jshow(crow) : "absent");
            conf_prob(conf_pb(c), path, w, conf_jshow(row), "%s: %s %s", what, s, crow ? "differs" : "is extra");
            return;
        }
        json_object_foreach(row, d, v) {
            json_t *x = json_object_get(crow, d);
            conf_ctx_checked(c, 1);
            if (x && entry_equal(v, x)) continue;
            char p2[CONF_PATH_MAX];
            conf_path_key(p2, path, d);
            snprintf(w, sizeof w, "%s", x ? conf_jshow(x) : "absent");
            conf_prob(conf_pb(c), p2, w, conf_jshow(v), "%s: %s -> %s %s (%s without it)", what, s, d,
                      x ? "differs" : "is extra", w);
            return;
        }
    }
    json_object_foreach(mc, s, row) {
        json_t *grow = json_object_get(mg, s);
        conf_path_key(path, "$", member);
        conf_path_key(path, path, s);
        if (!grow) {
            conf_prob(conf_pb(c), path, conf_jshow(row), "absent", "%s: %s is missing", what, s);
            return;
        }
        if (!json_is_object(row) || !json_is_object(grow)) continue;
        json_object_foreach(row, d, v) {
            if (json_object_get(grow, d)) continue;
            char p2[CONF_PATH_MAX];
            conf_path_key(p2, path, d);
            conf_prob(conf_pb(c), p2, conf_jshow(v), "absent", "%s: %s -> %s is missing", what, s, d);
            return;
        }
    }
}

json_t *r7_cost_types(conf_ctx *c, const conf_res *r) {
    json_t *out = json_array();
    json_t *names = json_object_get(r->caps, "cost-type-names");
    if (json_is_array(names)) {
        for (size_t i = 0; i < json_array_size(names); i++) {
            json_t *ct = r7_cost_type(c, r, i);
            if (ct) json_array_append_new(out, ct);
        }
        return out;
    }
    /* No cost-type-names: rfc7285/11.3.2.4/capabilities fails that, and the
     * other cases still test the service with every cost type of its IRD
     * (but the path vector type, which only multipart resources take). */
    const char *name;
    json_t *ct;
    json_t *doc = c->s->ird.irds[r->ird].doc;
    json_object_foreach(json_object_get(json_object_get(doc, "meta"), "cost-types"), name, ct) {
        json_t *m = json_object_get(ct, "cost-metric"), *mo = json_object_get(ct, "cost-mode");
        if (!json_is_string(m) || !json_is_string(mo) || !strcmp(json_string_value(m), "ane-path")) continue;
        json_array_append_new(out, json_pack("{sOsO}", "cost-metric", m, "cost-mode", mo));
    }
    return out;
}

json_t *r7_cost_type_pick(const json_t *cts, const char *mode) {
    size_t i;
    json_t *ct;
    json_array_foreach(cts, i, ct)
        if (!strcmp(json_string_value(json_object_get(ct, "cost-mode")), mode)) return json_incref(ct);
    return json_incref(json_array_get(cts, 0));
}

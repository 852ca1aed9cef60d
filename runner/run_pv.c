/* run_pv.c: RFC 9275 path vectors and RFC 9240 ANE properties, asked from
 * an ALTO server (see run_pv.h).
 *
 * One POST asks the path vector of every pair of the given endpoints,
 * with "ane-property-names": ["max-reservable-bandwidth"] (plus
 * "persistent-entity-id" when offered).  The answer's root part maps each
 * source to each destination's ANE list; the property map part gives each
 * ANE's bandwidth in bps.  A second POST (RFC 9240 filtered property map)
 * asks the persistent entities' one-way delays when the server offers
 * them; without it the delays are unknown (0) and the report says so.
 * Every failure is the server's answer, quoted: no fallback to the
 * topology (the estimator is an ALTO client). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_pv.h"
#include "alto_buf.h"

#define MT_ECS "application/alto-endpointcost+json"
#define MT_ECS_PARAMS "application/alto-endpointcostparams+json"
#define MT_PROPMAP "application/alto-propmap+json"
#define MT_PROPMAP_PARAMS "application/alto-propmapparams+json"
#define MT_ERROR "application/alto-error+json"
#define MT_COSTMAP "application/alto-costmap+json"
#define MT_COSTMAP_FILTER "application/alto-costmapfilter+json"
#define MT_NETMAP "application/alto-networkmap+json"
#define PROP_BW "max-reservable-bandwidth"
#define PROP_PEID "persistent-entity-id"

void run_pv_free(run_pv *p) {
    free(p->uri); free(p->rid); free(p->type_name);
    free(p->props_uri); free(p->props_rid); free(p->delay_prop); free(p->netmap_uri);
    memset(p, 0, sizeof *p);
}

static int has_string(const json_t *arr, const char *s) {
    size_t i;
    const json_t *v;
    json_array_foreach(arr, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return 1;
    return 0;
}

/* "multipart/related; type=<root>" in any spacing, case or quoting. */
static int is_mpart(const char *mt, const char *root) {
    if (!mt || strncasecmp(mt, "multipart/related", 17)) return 0;
    const char *t = strcasestr(mt, "type=");
    if (!t) return 0;
    t += 5;
    if (*t == '"') t++;
    return !strncasecmp(t, root, strlen(root));
}

/* The network map among a resource's `uses`. */
static const char *netmap_of(const json_t *resources, const json_t *res) {
    size_t i;
    const json_t *u;
    json_array_foreach(json_object_get(res, "uses"), i, u) {
        const json_t *r = json_object_get(resources, json_string_value(u) ? json_string_value(u) : "");
        const char *mt = json_string_value(json_object_get(r, "media-type"));
        if (mt && !strcmp(mt, MT_NETMAP)) return json_string_value(json_object_get(r, "uri"));
    }
    return NULL;
}

static int delay_name(const char *n) {
    size_t l = strlen(n);
    return !strcmp(n, "delay-ow") || (l > 9 && !strcmp(n + l - 9, "-delay-ow"));
}

/* A property map among `uses` that maps ".ane" entities to a delay. */
static void find_delay_map(run_alto *a, run_pv *out, const json_t *resources, const json_t *uses) {
    size_t i;
    const json_t *u;
    json_array_foreach(uses, i, u) {
        const char *rid = json_string_value(u);
        const json_t *r = json_object_get(resources, rid ? rid : "");
        const char *mt = json_string_value(json_object_get(r, "media-type"));
        const char *acc = json_string_value(json_object_get(r, "accepts"));
        if (!mt || strcmp(mt, MT_PROPMAP) || !acc || !strstr(acc, MT_PROPMAP_PARAMS)) continue;
        const json_t *props = json_object_get(json_object_get(json_object_get(r, "capabilities"),
                                                              "mappings"), ".ane");
        size_t k;
        const json_t *pn;
        json_array_foreach(props, k, pn) {
            if (!json_is_string(pn) || !delay_name(json_string_value(pn))) continue;
            const char *uri = json_string_value(json_object_get(r, "uri"));
            if (!uri) continue;
            out->props_uri = run_alto_resolve(a, uri);
            out->props_rid = alto_xstrdup(rid);
            out->delay_prop = alto_xstrdup(json_string_value(pn));
            return;
        }
    }
}

int run_pv_plan(run_alto *a, run_pv *out, alto_err *err) {
    memset(out, 0, sizeof *out);
    const json_t *ird = run_alto_ird_doc(a);
    const json_t *types = json_object_get(json_object_get(ird, "meta"), "cost-types");
    const json_t *resources = json_object_get(ird, "resources");
    const char *rid;
    const json_t *r;
    int saw_mpart = 0;
    /* The Endpoint Cost Service first (per host), then a cost map (per PID). */
    for (int via = 0; via < 2; via++)
    json_object_foreach((json_t *)resources, rid, r) {
        const char *mt = json_string_value(json_object_get(r, "media-type"));
        const char *acc = json_string_value(json_object_get(r, "accepts"));
        const char *nm = via ? netmap_of(resources, r) : NULL;
        if (!is_mpart(mt, via ? MT_COSTMAP : MT_ECS) || !acc ||
            !strstr(acc, via ? MT_COSTMAP_FILTER : MT_ECS_PARAMS) || (via && !nm))
            continue;
        saw_mpart = 1;
        const json_t *cap = json_object_get(r, "capabilities");
        if (!has_string(json_object_get(cap, "ane-property-names"), PROP_BW)) continue;
        size_t i;
        const json_t *tn;
        json_array_foreach(json_object_get(cap, "cost-type-names"), i, tn) {
            const json_t *t = json_object_get(types, json_string_value(tn) ? json_string_value(tn) : "");
            const char *m = json_string_value(json_object_get(t, "cost-metric"));
            const char *mo = json_string_value(json_object_get(t, "cost-mode"));
            const char *uri = json_string_value(json_object_get(r, "uri"));
            if (!m || !mo || strcmp(m, "ane-path") || strcmp(mo, "array") || !uri) continue;
            out->uri = run_alto_resolve(a, uri);
            out->rid = alto_xstrdup(rid);
            out->type_name = alto_xstrdup(json_string_value(tn));
            out->has_peid = has_string(json_object_get(cap, "ane-property-names"), PROP_PEID);
            out->netmap_uri = nm ? run_alto_resolve(a, nm) : NULL;
            if (out->has_peid) find_delay_map(a, out, resources, json_object_get(r, "uses"));
            return 0;
        }
    }
    return alto_err_set(err, "the ALTO server at %s offers no RFC 9275 path vector: %s",
                        run_alto_url(a), saw_mpart ? "no multipart Endpoint Cost Service or "
                        "filtered cost map with cost type ane-path/array and ANE property " PROP_BW
                        : "no multipart/related Endpoint Cost Service or filtered cost map in its IRD");
}

/* Typed address text normalized through alto_addr, so that keys compare. */
static int norm_addr(const char *s, char *out, size_t n) {
    alto_addr a;
    if (alto_addr_parse_typed(s, &a)) return -1;
    alto_addr_fmt_typed(&a, out, (int)n);
    return 0;
}

static int read_parts(const json_t *parts, int by_pid, json_t **paths, json_t **anes, alto_err *err);

int run_pv_read(const json_t *parts, json_t **paths, json_t **anes, alto_err *err) {
    return read_parts(parts, 0, paths, anes, err);
}

static int read_parts(const json_t *parts, int by_pid, json_t **paths, json_t **anes, alto_err *err) {
    *paths = *anes = NULL;
    const json_t *root = json_object_get(json_array_get(parts, 0), "body");
    const json_t *m = by_pid ? NULL : json_object_get(root, "endpoint-cost-map");
    if (!m) m = json_object_get(root, "cost-map");
    if (!json_is_object(m))
        return alto_err_set(err, "the path vector part has no \"%s\" object",
                            by_pid ? "cost-map" : "endpoint-cost-map");
    const json_t *ct = json_object_get(json_object_get(root, "meta"), "cost-type");
    const char *metric = json_string_value(json_object_get(ct, "cost-metric"));
    if (metric && strcmp(metric, "ane-path"))
        return alto_err_set(err, "the path vector part's cost-metric is \"%s\", not ane-path", metric);
    json_t *P = json_object(), *A = json_object();
    const char *sk, *dk;
    const json_t *row, *vec;
    char sn[80], dn[80];
    json_object_foreach((json_t *)m, sk, row) {
        if (by_pid) snprintf(sn, sizeof sn, "%s", sk);
        else if (norm_addr(sk, sn, sizeof sn)) { alto_err_set(err, "bad source address \"%s\"", sk); goto fail; }
        json_t *prow = json_object();
        json_object_set_new(P, sn, prow);
        json_object_foreach((json_t *)row, dk, vec) {
            if (by_pid) snprintf(dn, sizeof dn, "%s", dk);
            else if (norm_addr(dk, dn, sizeof dn)) { alto_err_set(err, "bad destination address \"%s\"", dk); goto fail; }
            if (!json_is_array(vec)) {
                alto_err_set(err, "path vector %s -> %s is not an array of ANE names", sk, dk);
                goto fail;
            }
            size_t i;
            const json_t *ane;
            json_array_foreach(vec, i, ane) {
                if (!json_is_string(ane) || !json_string_length(ane)) {
                    alto_err_set(err, "path vector %s -> %s: entry %zu is not an ANE name", sk, dk, i);
                    goto fail;
                }
                if (!json_object_get(A, json_string_value(ane)))
                    json_object_set_new(A, json_string_value(ane), json_object());
            }
            json_object_set(prow, dn, (json_t *)vec);
        }
    }
    /* ANE properties: the property map part (any part of that type). */
    size_t k;
    const json_t *pt;
    json_array_foreach(parts, k, pt) {
        if (k == 0 || strncmp(json_string_value(json_object_get(pt, "content_type")) ?
                              json_string_value(json_object_get(pt, "content_type")) : "",
                              MT_PROPMAP, strlen(MT_PROPMAP)))
            continue;
        const char *ek;
        const json_t *pv;
        json_object_foreach(json_object_get(json_object_get(pt, "body"), "property-map"), ek, pv) {
            if (strncmp(ek, ".ane:", 5)) continue;
            json_t *a = json_object_get(A, ek + 5);
            if (!a) continue;       /* a property of an ANE on no vector */
            const json_t *bw = json_object_get(pv, PROP_BW);
            if (json_is_number(bw)) json_object_set_new(a, "bps", json_real(json_number_value(bw)));
            const json_t *id = json_object_get(pv, PROP_PEID);
            if (json_is_string(id)) json_object_set(a, "entity", (json_t *)id);
        }
    }
    *paths = P;
    *anes = A;
    return 0;
fail:
    json_decref(P);
    json_decref(A);
    return -1;
}

/* Delays of the persistent entities (RFC 9240 filtered property map). */
static int ask_delays(run_alto *a, const run_pv *p, const char *label, json_t *anes, alto_err *err) {
    json_t *ents = json_array(), *back = json_object();
    size_t plen = strlen(p->props_rid);
    const char *name;
    json_t *v;
    json_object_foreach(anes, name, v) {
        const char *id = json_string_value(json_object_get(v, "entity"));
        /* "link-props.ane:s3-s4" -> ".ane:s3-s4" in the defining resource. */
        if (!id || strncmp(id, p->props_rid, plen) || strncmp(id + plen, ".ane:", 5)) continue;
        json_array_append_new(ents, json_string(id + plen));
        json_object_set_new(back, id + plen, json_string(name));
    }
    int rc = 0;
    if (json_array_size(ents)) {
        json_t *body = json_pack("{s:o, s:[s]}", "entities", ents, "properties", p->delay_prop);
        ents = NULL;
        json_t *ans = NULL;
        rc = run_alto_post_json(a, label, p->props_uri, MT_PROPMAP "," MT_ERROR, MT_PROPMAP_PARAMS,
                                body, &ans, err);
        json_decref(body);
        const char *ek;
        const json_t *pv;
        json_object_foreach(json_object_get(ans, "property-map"), ek, pv) {
            const char *ane = json_string_value(json_object_get(back, ek));
            const json_t *d = json_object_get(pv, p->delay_prop);
            if (ane && json_is_number(d))
                json_object_set_new(json_object_get(anes, ane), "delay",
                                    json_real(json_number_value(d) / 1e6));
        }
        json_decref(ans);
    }
    json_decref(ents);
    json_decref(back);
    return rc;
}

int run_pv_query(run_alto *a, const run_pv *p, const char *label, const alto_addr *addrs, int n,
                 json_t **net, alto_err *err) {
    *net = NULL;
    json_t *list = json_array();
    char t[80];
    for (int i = 0; i < n; i++) json_array_append_new(list, json_string(alto_addr_fmt_typed(&addrs[i], t, sizeof t)));
    json_t *props = json_pack("[s]", PROP_BW);
    if (p->has_peid) json_array_append_new(props, json_string(PROP_PEID));
    json_t *pids = NULL;        /* cost map variant: address -> PID */
    if (p->netmap_uri) {
        json_decref(list);
        list = json_array();
        pids = json_object();
        for (int i = 0; i < n; i++) {
            const char *pid;
            if (run_alto_pid(a, label, p->netmap_uri, &addrs[i], &pid, err)) {
                json_decref(list); json_decref(pids); json_decref(props);
                return -1;
            }
            json_object_set_new(pids, alto_addr_fmt_typed(&addrs[i], t, sizeof t), json_string(pid));
            int dup = 0;
            for (size_t k = 0; k < json_array_size(list); k++)
                dup |= !strcmp(json_string_value(json_array_get(list, k)), pid);
            if (!dup) json_array_append_new(list, json_string(pid));
        }
    }
    json_t *body = json_pack("{s:{s:s, s:s}, s:{s:O, s:O}, s:o}", "cost-type", "cost-mode", "array",
                             "cost-metric", "ane-path", p->netmap_uri ? "pids" : "endpoints", "srcs",
                             list, "dsts", list, "ane-property-names", props);
    json_decref(list);
    json_t *parts = NULL, *paths = NULL, *anes = NULL;
    int rc = p->netmap_uri
        ? run_alto_post_mpart(a, label, p->uri, "multipart/related;type=" MT_COSTMAP "," MT_ERROR,
                              MT_COSTMAP_FILTER, body, &parts, err)
        : run_alto_post_mpart(a, label, p->uri, "multipart/related;type=" MT_ECS "," MT_ERROR,
                              MT_ECS_PARAMS, body, &parts, err);
    json_decref(body);
    if (rc == 0 && read_parts(parts, pids != NULL, &paths, &anes, err)) {
        char m[ALTO_ERR_MAX];
        snprintf(m, sizeof m, "%s", err->msg);
        rc = alto_err_set(err, "POST %s: %s", p->uri, m);
    }
    json_decref(parts);
    if (rc) { json_decref(pids); return -1; }
    if (pids) {
        /* Per host pair: the vector of their PIDs (none within one PID:
         * the network map says nothing about it). */
        json_t *hp = json_object();
        const char *sk, *dk;
        const json_t *sp, *dp;
        json_object_foreach(pids, sk, sp) {
            json_t *row = json_object();
            json_object_set_new(hp, sk, row);
            json_object_foreach(pids, dk, dp) {
                const json_t *v = json_object_get(json_object_get(paths, json_string_value(sp)),
                                                  json_string_value(dp));
                if (strcmp(sk, dk) && v) json_object_set(row, dk, (json_t *)v);
            }
        }
        json_decref(paths);
        json_decref(pids);
        paths = hp;
    }
    const char *src = "none: the server offers no ANE delay (TCP timing uses zero delays)";
    if (p->props_uri) {
        if (ask_delays(a, p, label, anes, err)) { json_decref(paths); json_decref(anes); return -1; }
        src = p->delay_prop;
    }
    *net = json_pack("{s:o, s:o, s:s}", "paths", paths, "anes", anes, "delay_source", src);
    return 0;
}

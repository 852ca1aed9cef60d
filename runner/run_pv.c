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
#include "alto_media.h"
#include "alto_buf.h"

#define PROP_BW "max-reservable-bandwidth"
#define PROP_PEID "persistent-entity-id"

void run_pv_free(run_pv *p) {
    free(p->uri); free(p->rid); free(p->type_name);
    free(p->props_uri); free(p->props_rid); free(p->delay_prop); free(p->netmap_uri);
    memset(p, 0, sizeof *p);
}

static int delay_name(const char *n) {
    size_t l = strlen(n);
    return !strcmp(n, "delay-ow") || (l > 9 && !strcmp(n + l - 9, "-delay-ow"));
}

/* A filtered property map among r's `uses` that maps ".ane" entities to a
 * delay. */
static void find_delay_map(const alto_ird *d, const alto_res *r, run_pv *out) {
    size_t i;
    const json_t *u;
    json_array_foreach(r->uses, i, u) {
        const alto_res *pm = json_is_string(u) ? alto_ird_find(d, json_string_value(u)) : NULL;
        if (!pm || !pm->uri || !pm->media || strcmp(pm->media, ALTO_MT_PROPMAP) || !pm->accepts ||
            !strstr(pm->accepts, ALTO_MT_PROPMAP_PARAMS))
            continue;
        size_t k;
        const json_t *pn;
        json_array_foreach(json_object_get(json_object_get(pm->caps, "mappings"), ".ane"), k, pn) {
            if (!json_is_string(pn) || !delay_name(json_string_value(pn))) continue;
            out->props_uri = alto_xstrdup(pm->uri);
            out->props_rid = alto_xstrdup(pm->id);
            out->delay_prop = alto_xstrdup(json_string_value(pn));
            return;
        }
    }
}

/* Is r a multipart resource of the kind `via` asks (0: Endpoint Cost
 * Service, 1: filtered cost map by PID, with its network map)? */
static int pv_kind(const alto_ird *d, const alto_res *r, int via, const alto_res **nm) {
    *nm = via ? alto_ird_uses(d, r, ALTO_SVC_NETMAP) : NULL;
    return r->uri && alto_media_multipart_of(r->media, via ? ALTO_MT_COSTMAP : ALTO_MT_ECS) &&
           r->accepts && strstr(r->accepts, via ? ALTO_MT_COSTMAP_FILTER : ALTO_MT_ECS_PARAMS) &&
           (!via || *nm);
}

/* r's cost type with metric ane-path and mode array, into out. */
static int pv_type(const alto_ird *d, const alto_res *r, const alto_res *nm, run_pv *out) {
    size_t i;
    const json_t *tn;
    json_array_foreach(json_object_get(r->caps, "cost-type-names"), i, tn) {
        const json_t *t = json_is_string(tn) ? alto_ird_cost_type(d, r, json_string_value(tn)) : NULL;
        const char *m = json_string_value(json_object_get(t, "cost-metric"));
        const char *mo = json_string_value(json_object_get(t, "cost-mode"));
        if (!m || !mo || strcmp(m, "ane-path") || strcmp(mo, "array")) continue;
        out->uri = alto_xstrdup(r->uri);
        out->rid = alto_xstrdup(r->id);
        out->type_name = alto_xstrdup(json_string_value(tn));
        out->has_peid = alto_res_lists(r, "ane-property-names", PROP_PEID);
        out->netmap_uri = nm ? alto_xstrdup(nm->uri) : NULL;
        if (out->has_peid) find_delay_map(d, r, out);
        return 1;
    }
    return 0;
}

int run_pv_plan(alto_client *c, run_pv *out, alto_err *err) {
    memset(out, 0, sizeof *out);
    const alto_ird *d = alto_client_closure(c);
    int saw_mpart = 0;
    /* The Endpoint Cost Service first (per host), then a cost map (per PID). */
    for (int via = 0; via < 2; via++)
        for (int i = 0; i < d->nres; i++) {
            const alto_res *r = &d->res[i], *nm;
            if (!pv_kind(d, r, via, &nm)) continue;
            saw_mpart = 1;
            if (alto_res_lists(r, "ane-property-names", PROP_BW) && pv_type(d, r, nm, out)) return 0;
        }
    return alto_err_set(err, "the ALTO server at %s offers no RFC 9275 path vector: %s",
                        alto_client_url(c), saw_mpart ? "no multipart Endpoint Cost Service or "
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

/* One map entry's key as a node of the answer: a PID as is, an address
 * normalized. */
static int entry_key(const char *k, int by_pid, char *out, size_t n) {
    if (by_pid) { snprintf(out, n, "%s", k); return 0; }
    return norm_addr(k, out, n);
}

/* The root part's map into P (source -> destination -> ANE list), every
 * ANE named into A. */
static int read_vectors(const json_t *m, int by_pid, json_t *P, json_t *A, alto_err *err) {
    const char *sk, *dk;
    const json_t *row, *vec;
    char sn[80], dn[80];
    json_object_foreach((json_t *)m, sk, row) {
        if (entry_key(sk, by_pid, sn, sizeof sn)) return alto_err_set(err, "bad source address \"%s\"", sk);
        json_t *prow = json_object();
        json_object_set_new(P, sn, prow);
        json_object_foreach((json_t *)row, dk, vec) {
            if (entry_key(dk, by_pid, dn, sizeof dn))
                return alto_err_set(err, "bad destination address \"%s\"", dk);
            if (!json_is_array(vec))
                return alto_err_set(err, "path vector %s -> %s is not an array of ANE names", sk, dk);
            size_t i;
            const json_t *ane;
            json_array_foreach(vec, i, ane) {
                if (!json_is_string(ane) || !json_string_length(ane))
                    return alto_err_set(err, "path vector %s -> %s: entry %zu is not an ANE name", sk, dk, i);
                if (!json_object_get(A, json_string_value(ane)))
                    json_object_set_new(A, json_string_value(ane), json_object());
            }
            json_object_set(prow, dn, (json_t *)vec);
        }
    }
    return 0;
}

/* ANE properties: the property map parts (any part of that type). */
static void read_properties(const json_t *parts, json_t *A) {
    size_t k;
    const json_t *pt;
    json_array_foreach(parts, k, pt) {
        const char *ct = json_string_value(json_object_get(pt, "content_type"));
        if (k == 0 || strncmp(ct ? ct : "", ALTO_MT_PROPMAP, strlen(ALTO_MT_PROPMAP))) continue;
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
    if (read_vectors(m, by_pid, P, A, err)) {
        json_decref(P);
        json_decref(A);
        return -1;
    }
    read_properties(parts, A);
    *paths = P;
    *anes = A;
    return 0;
}

int run_pv_read(const json_t *parts, json_t **paths, json_t **anes, alto_err *err) {
    return read_parts(parts, 0, paths, anes, err);
}

/* Delays of the persistent entities (RFC 9240 filtered property map). */
static int ask_delays(alto_client *c, const run_pv *p, const char *label, json_t *anes, alto_err *err) {
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
        json_t *body = json_pack("{s:O, s:[s]}", "entities", ents, "properties", p->delay_prop);
        const json_t *ans = NULL;
        rc = alto_client_post_json(c, label, p->props_uri, ALTO_MT_PROPMAP, ALTO_MT_PROPMAP_PARAMS,
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
    }
    json_decref(ents);
    json_decref(back);
    return rc;
}

/* The cost map variant asks by PID: each address's PID into pids
 * (address -> PID), each PID once into list. */
static int pid_list(alto_client *c, const run_pv *p, const char *label, const alto_addr *addrs,
                    int n, json_t *list, json_t *pids, alto_err *err) {
    char t[80];
    for (int i = 0; i < n; i++) {
        const char *pid;
        if (alto_client_pid(c, label, p->netmap_uri, &addrs[i], &pid, err)) return -1;
        json_object_set_new(pids, alto_addr_fmt_typed(&addrs[i], t, sizeof t), json_string(pid));
        int dup = 0;
        for (size_t k = 0; k < json_array_size(list); k++)
            dup |= !strcmp(json_string_value(json_array_get(list, k)), pid);
        if (!dup) json_array_append_new(list, json_string(pid));
    }
    return 0;
}

/* Per host pair: the vector of their PIDs (none within one PID: the
 * network map says nothing about it).  Consumes paths. */
static json_t *host_paths(json_t *paths, const json_t *pids) {
    json_t *hp = json_object();
    const char *sk, *dk;
    const json_t *sp, *dp;
    json_object_foreach((json_t *)pids, sk, sp) {
        json_t *row = json_object();
        json_object_set_new(hp, sk, row);
        json_object_foreach((json_t *)pids, dk, dp) {
            const json_t *v = json_object_get(json_object_get(paths, json_string_value(sp)),
                                              json_string_value(dp));
            if (strcmp(sk, dk) && v) json_object_set(row, dk, (json_t *)v);
        }
    }
    json_decref(paths);
    return hp;
}

/* The one POST: path vectors between every pair of the endpoints (or of
 * their PIDs), into paths and anes. */
static int ask_vectors(alto_client *c, const run_pv *p, const char *label, json_t *list,
                       const json_t *pids, json_t **paths, json_t **anes, alto_err *err) {
    json_t *props = json_pack("[s]", PROP_BW);
    if (p->has_peid) json_array_append_new(props, json_string(PROP_PEID));
    json_t *body = json_pack("{s:{s:s, s:s}, s:{s:O, s:O}, s:o}", "cost-type", "cost-mode", "array",
                             "cost-metric", "ane-path", pids ? "pids" : "endpoints", "srcs", list,
                             "dsts", list, "ane-property-names", props);
    const json_t *parts = NULL;
    int rc = pids
        ? alto_client_post_mpart(c, label, p->uri, "multipart/related;type=" ALTO_MT_COSTMAP,
                                 ALTO_MT_COSTMAP_FILTER, body, &parts, err)
        : alto_client_post_mpart(c, label, p->uri, "multipart/related;type=" ALTO_MT_ECS,
                                 ALTO_MT_ECS_PARAMS, body, &parts, err);
    json_decref(body);
    if (rc == 0 && read_parts(parts, pids != NULL, paths, anes, err)) {
        char m[ALTO_ERR_MAX];
        snprintf(m, sizeof m, "%s", err->msg);
        rc = alto_err_set(err, "POST %s: %s", p->uri, m);
    }
    return rc;
}

int run_pv_query(alto_client *c, const run_pv *p, const char *label, const alto_addr *addrs, int n,
                 json_t **net, alto_err *err) {
    *net = NULL;
    json_t *list = json_array(), *pids = NULL, *paths = NULL, *anes = NULL;
    char t[80];
    int rc = 0;
    if (p->netmap_uri) {
        pids = json_object();
        rc = pid_list(c, p, label, addrs, n, list, pids, err);
    } else {
        for (int i = 0; i < n; i++)
            json_array_append_new(list, json_string(alto_addr_fmt_typed(&addrs[i], t, sizeof t)));
    }
    if (rc == 0) rc = ask_vectors(c, p, label, list, pids, &paths, &anes, err);
    json_decref(list);
    if (rc == 0 && pids) paths = host_paths(paths, pids);
    json_decref(pids);
    const char *src = "none: the server offers no ANE delay (TCP timing uses zero delays)";
    if (rc == 0 && p->props_uri) {
        rc = ask_delays(c, p, label, anes, err);
        src = p->delay_prop;
    }
    if (rc) {
        json_decref(paths);
        json_decref(anes);
        return -1;
    }
    *net = json_pack("{s:o, s:o, s:s}", "paths", paths, "anes", anes, "delay_source", src);
    return 0;
}

/* srv_cdni.c: RFC 9241 CDNI Advertisement resources, one per downstream
 * CDN (dCDN) of the topology's `cdni:` section (sim_cdni.h).
 *
 *   GET  /cdni/<name>            cdni-<name>           (RFC 9241 section 3)
 *   POST /cdni-filtered/<name>   cdni-<name>-filtered  (section 5), accepts
 *                                application/alto-cdnifilter+json
 *
 * A dCDN is one advertisement, because a uCDN decides per dCDN (RFC 8008
 * section 2) and RFC 9241 section 8 wants a dCDN's resources kept apart.
 * An advertisement with "altopid" footprints depends on the default
 * network map: its IRD entry "uses" it and its answer carries
 * dependent-vtags (section 4.1); the others have neither (3.5).  Every
 * answer carries meta.vtag (3.6), and a filtered answer the full one's
 * vtag, resource id and tag (5.6).  The tag hashes the advertisement and,
 * when it depends on it, the network map's tag.
 *
 * Filtering (5.3, 5.6): an empty "cdni-capabilities" is the full
 * advertisement; an object is returned when some requested capability X
 * has its capability-type and its capability-value is a superset of X's
 * (objects: every member of X present and a superset; arrays: every
 * element of X present; else equal), so a capability no object offers is
 * left out and duplicates count once.  Invalid (E_INVALID_FIELD_VALUE,
 * "value" the capability itself): a null capability-type or
 * capability-value, or a value of another shape than its RFC 8008 type
 * takes (sim_cdni_cap_list).  Missing members are E_MISSING_FIELD, wrong
 * JSON types E_INVALID_FIELD_TYPE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "sim_cdni.h"
#include "srv_upm.h"
#include "alto_buf.h"

int srv_cdni_kind(srv_kind k) {
    return k == SRV_K_CDNI || k == SRV_K_CDNI_FILTER || k == SRV_K_CDNI_PROPMAP ||
           k == SRV_K_CDNI_PROPMAP_FILTER;
}

static int has_altopid(const json_t *advs) {
    size_t i, j;
    json_t *a, *fp;
    json_array_foreach(advs, i, a)
        json_array_foreach(json_object_get(a, "footprints"), j, fp)
            if (!strcmp(json_string_value(json_object_get(fp, "footprint-type")), "altopid")) return 1;
    return 0;
}

/* The wire form of the section's objects: footprints only when present. */
static json_t *wire_objects(const json_t *advs) {
    json_t *out = json_array();
    size_t i;
    json_t *a;
    json_array_foreach(advs, i, a) {
        json_t *o = json_pack("{s:O, s:O}", "capability-type", json_object_get(a, "capability-type"),
                              "capability-value", json_object_get(a, "capability-value"));
        json_t *fps = json_object_get(a, "footprints");
        if (json_array_size(fps)) json_object_set(o, "footprints", fps);
        json_array_append_new(out, o);
    }
    return out;
}

static json_t *full_doc(const srv_model *m, const char *id, const json_t *advs, int dep) {
    json_t *objs = wire_objects(advs);
    char *s = json_dumps(objs, JSON_COMPACT | JSON_SORT_KEYS);
    char tag[33];
    srv_tag_of(s, dep ? m->tag : NULL, tag);
    free(s);
    json_t *meta = json_pack("{s:{s:s, s:s}}", "vtag", "resource-id", id, "tag", tag);
    if (dep) json_object_set_new(meta, "dependent-vtags", json_pack("[o]", srv_json_vtag(m)));
    return json_pack("{s:o, s:{s:o}}", "meta", meta, "cdni-advertisement",
                     "capabilities-with-footprints", objs);
}

srv_cdni *srv_cdni_new(const srv_model *m) {
    const json_t *ds = json_object_get(m->topo->cdni, "downstream");
    if (!json_array_size(ds)) return NULL;
    srv_cdni *c = alto_xcalloc(1, sizeof *c);
    size_t i;
    json_t *d;
    json_array_foreach(ds, i, d) {
        if (c->n == SRV_CDNI_MAXD) break;       /* sim_cdni.c caps it too */
        const json_t *advs = json_object_get(d, "advertisement");
        c->dcdn[c->n] = d;
        snprintf(c->id[c->n], sizeof c->id[c->n], "cdni-%s", json_string_value(json_object_get(d, "name")));
        c->uses_netmap[c->n] = has_altopid(advs);
        c->doc[c->n] = full_doc(m, c->id[c->n], advs, c->uses_netmap[c->n]);
        c->n++;
    }
    srv_cdni_store(c);
    return c;
}

void srv_cdni_free(srv_cdni *c) {
    if (!c) return;
    for (int i = 0; i < c->n; i++) json_decref(c->doc[i]);
    srv_upm_free(c->upm);
    free(c);
}

/* dCDN index of the name after prefix in path, or -1. */
static int dcdn_of(const srv_cdni *c, const char *path, const char *prefix) {
    size_t n = strlen(prefix);
    if (!c || strncmp(path, prefix, n)) return -1;
    for (int i = 0; i < c->n; i++)
        if (!strcmp(path + n, json_string_value(json_object_get(c->dcdn[i], "name")))) return i;
    return -1;
}

void srv_cdni_ird(json_t *ird, const srv_model *m, const char *base) {
    const srv_cdni *c = m->cdni;
    json_t *res = json_object_get(ird, "resources");
    if (!c || !res) return;
    char uri[512], fid[80];
    json_t *pm_uses = json_array();
    for (int i = 0; i < c->n; i++) {
        const char *name = json_string_value(json_object_get(c->dcdn[i], "name"));
        snprintf(uri, sizeof uri, "%s%s%s", base ? base : "", SRV_CDNI_PATH, name);
        json_t *e = json_pack("{s:s, s:s}", "uri", uri, "media-type", SRV_MT_CDNI);
        if (c->uses_netmap[i]) json_object_set_new(e, "uses", json_pack("[s]", SRV_NETMAP_ID));
        json_object_set_new(res, c->id[i], e);
        snprintf(uri, sizeof uri, "%s%s%s", base ? base : "", SRV_CDNIF_PATH, name);
        e = json_pack("{s:s, s:s, s:s}", "uri", uri, "media-type", SRV_MT_CDNI, "accepts", SRV_MT_CDNIF);
        if (c->uses_netmap[i]) json_object_set_new(e, "uses", json_pack("[s]", SRV_NETMAP_ID));
        snprintf(fid, sizeof fid, "%s-filtered", c->id[i]);
        json_object_set_new(res, fid, e);
        json_array_append_new(pm_uses, json_string(c->id[i]));
    }
    snprintf(uri, sizeof uri, "%s/propmap/cdni", base ? base : "");
    json_object_set_new(res, SRV_CDNI_PM_ID, json_pack("{s:s, s:s, s:O, s:{s:o}}", "uri", uri,
                        "media-type", SRV_MT_PROPMAP, "uses", pm_uses, "capabilities",
                        "mappings", srv_cdni_mappings(m)));
    snprintf(uri, sizeof uri, "%s/propmap/lookup/cdni", base ? base : "");
    json_object_set_new(res, SRV_CDNI_PMF_ID, json_pack("{s:s, s:s, s:s, s:O, s:{s:o}}", "uri", uri,
                        "media-type", SRV_MT_PROPMAP, "accepts", SRV_MT_PROPMAPP, "uses", pm_uses,
                        "capabilities", "mappings", srv_cdni_mappings(m)));
    json_decref(pm_uses);
}

/* ---- filtering ---- */

/* Is a (a capability-value offered) a superset of x (one asked for)? */
static int superset(const json_t *a, const json_t *x) {
    if (json_is_object(x) && json_is_object(a)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)x, k, v) {
            json_t *w = json_object_get(a, k);
            if (!w || !superset(w, v)) return 0;
        }
        return 1;
    }
    if (json_is_array(x) && json_is_array(a)) {
        size_t i, j;
        json_t *v, *w;
        json_array_foreach(x, i, v) {
            int found = 0;
            json_array_foreach(a, j, w) if (json_equal(w, v)) { found = 1; break; }
            if (!found) return 0;
        }
        return 1;
    }
    return json_equal(a, x);
}

static int check_capability(srv_rqerr *e, const json_t *cap) {
    if (!json_is_object(cap)) return srv_rq_fail(e, "E_INVALID_FIELD_TYPE", "cdni-capabilities", cap);
    json_t *t = json_object_get(cap, "capability-type"), *v = json_object_get(cap, "capability-value");
    if (!t) return srv_rq_fail(e, "E_MISSING_FIELD", "cdni-capabilities/capability-type", NULL);
    if (json_is_null(t)) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "cdni-capabilities/capability-type", cap);
    if (!json_is_string(t)) return srv_rq_fail(e, "E_INVALID_FIELD_TYPE", "cdni-capabilities/capability-type", t);
    if (!v) return srv_rq_fail(e, "E_MISSING_FIELD", "cdni-capabilities/capability-value", NULL);
    if (json_is_null(v)) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "cdni-capabilities/capability-value", cap);
    const char *list = sim_cdni_cap_list(json_string_value(t));
    if (!list) return 0;
    json_t *l = json_object_get(v, list);
    int ok = json_is_object(v) && json_is_array(l);
    size_t i;
    json_t *s;
    json_array_foreach(l, i, s) ok = ok && json_is_string(s);
    return ok ? 0 : srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "cdni-capabilities/capability-value", cap);
}

static json_t *filtered(const json_t *full, const json_t *req, srv_rqerr *e) {
    json_t *caps;
    if (srv_rq_member(e, req, "cdni-capabilities", "cdni-capabilities", JSON_ARRAY, 1, &caps) < 0) return NULL;
    size_t i, j;
    json_t *x, *o;
    json_array_foreach(caps, i, x) if (check_capability(e, x) < 0) return NULL;
    json_t *doc = json_deep_copy(full);
    if (!json_array_size(caps)) return doc;
    json_t *objs = json_object_get(json_object_get(doc, "cdni-advertisement"), "capabilities-with-footprints");
    json_t *keep = json_array();
    json_array_foreach(objs, j, o) {
        const char *type = json_string_value(json_object_get(o, "capability-type"));
        json_array_foreach(caps, i, x)
            if (!strcmp(type, json_string_value(json_object_get(x, "capability-type"))) &&
                superset(json_object_get(o, "capability-value"), json_object_get(x, "capability-value"))) {
                json_array_append(keep, o);
                break;
            }
    }
    json_object_set_new(json_object_get(doc, "cdni-advertisement"), "capabilities-with-footprints", keep);
    return doc;
}

/* ---- answers ---- */

static void answer_doc(srv_answer *out, int status, json_t *doc, const char *mt) {
    out->status = status;
    out->body = srv_json_dump(doc, &out->len);
    json_decref(doc);
    snprintf(out->ctype, sizeof out->ctype, "%s", status == 200 ? mt : SRV_MT_ERROR);
}

static void answer_post(const srv_model *m, const srv_route *r, const char *path, const char *body,
                        size_t len, srv_answer *out) {
    srv_rqerr e = {0};
    json_t *req = srv_rq_parse(body, len, &e), *doc = NULL;
    if (req && r->kind == SRV_K_CDNI_PROPMAP_FILTER) {
        doc = srv_cdni_propmap_filtered(m, req, &e);
    } else if (req) {
        int i = dcdn_of(m->cdni, path, SRV_CDNIF_PATH);
        doc = i < 0 ? NULL : filtered(m->cdni->doc[i], req, &e);
        if (i < 0) {
            json_decref(req);
            answer_doc(out, 404, srv_json_error("E_SYNTAX", NULL, NULL, "no such downstream CDN"), NULL);
            return;
        }
    }
    json_decref(req);
    if (doc) answer_doc(out, 200, doc, r->media_type);
    else answer_doc(out, 400, srv_rq_error_doc(&e), NULL);
}

void srv_cdni_answer(const srv_model *m, const srv_route *r, const char *path, const char *body,
                     size_t len, srv_answer *out) {
    memset(out, 0, sizeof *out);
    if (!m->cdni) {
        answer_doc(out, 404, srv_json_error("E_SYNTAX", NULL, NULL,
                                            "this topology has no cdni section"), NULL);
        return;
    }
    if (r->accepts) {
        answer_post(m, r, path, body, len, out);
        return;
    }
    if (r->kind == SRV_K_CDNI_PROPMAP) {
        answer_doc(out, 200, srv_cdni_propmap_full(m), r->media_type);
        return;
    }
    int i = dcdn_of(m->cdni, path, SRV_CDNI_PATH);
    if (i < 0) answer_doc(out, 404, srv_json_error("E_SYNTAX", NULL, NULL, "no such downstream CDN"), NULL);
    else answer_doc(out, 200, json_incref(m->cdni->doc[i]), r->media_type);
}

/* rfc9275_resp.c: RFC 9275 run functions about the multipart answers
 * (sections 6 and 7.2.6 / 7.3.6): the Content-Type and its parameters,
 * the two parts and their headers, the version tags that tie the parts
 * together, the path vectors, and the property map of their ANEs.
 *
 * Most rows judge the answer to the richest request (R9_Q_ALL: the PV
 * cost type with every advertised ANE property); the property filtering
 * rows add the answers without properties, with one property, and for a
 * non-PV cost type. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rfc9275.h"
#include "rfc7285.h"

typedef void (*resp_fn)(conf_ctx *c, r9_resp *p);

/* Runs fn on the R9_Q_ALL answer of every resource of the row; parts
 * = 1 when fn needs both parts identified (else any 200 answer). */
static void each_answer(conf_ctx *c, int parts, resp_fn fn) {
    const conf_res *r;
    R9_EACH(c, r) {
        r9_resp p;
        int ok = parts ? r9_fetch_parts(c, r, R9_Q_ALL, &p) : r9_fetch(c, r, R9_Q_ALL, &p);
        if (ok) fn(c, &p);
        r9_resp_free(&p);
    }
}

/* ---- the Content-Type and the multipart framing ---------------------------- */

static void ct_media(conf_ctx *c, r9_resp *p) {
    const char *ct = p->x->resp.content_type, *want = r9_part_media(p->r);
    char media[128] = "", type[256];
    if (ct) alto_http_media_type(ct, media, sizeof media);
    int k = conf_ct_param(ct, "type", type, sizeof type);
    conf_ctx_checked(c, 1);
    if (strcmp(media, "multipart/related"))
        conf_prob(conf_pb(c), "Content-Type", "multipart/related", ct ? ct : "(none)",
                  "%s answered with Content-Type %s, expected multipart/related", p->r->id, ct ? ct : "(none)");
    else if (k != 1 || strcasecmp(type, want))
        conf_prob(conf_pb(c), "Content-Type", want, k == 1 ? type : "no \"type\" parameter",
                  "%s: the multipart \"type\" parameter is %s, expected %s", p->r->id,
                  k == 1 ? type : k == 0 ? "missing" : "malformed", want);
}
void r9_ct_media(conf_ctx *c) { each_answer(c, 0, ct_media); }

static void boundary(conf_ctx *c, r9_resp *p) {
    const char *ct = p->x->resp.content_type;
    char tmp[256], dev[400];
    conf_ctx_checked(c, 1);
    if (conf_ct_param(ct, "boundary", tmp, sizeof tmp) != 1) {
        conf_prob(conf_pb(c), "Content-Type", "a boundary parameter", ct ? ct : "(none)",
                  "%s: the multipart Content-Type has no boundary parameter", p->r->id);
        return;
    }
    if (!conf_mp_boundary_ok(tmp))
        conf_prob(conf_pb(c), "Content-Type", "a boundary of 1..70 RFC 2046 bchars", tmp,
                  "%s: boundary \"%s\" is not an RFC 2046 boundary", p->r->id, tmp);
    if (!p->parsed)
        conf_prob(conf_pb(c), "body", "an RFC 2046 multipart body delimited by the boundary", "unparsable",
                  "%s: %s", p->r->id, p->mp.err);
    else if (p->mp.dev & (CONF_MP_DEV_LF | CONF_MP_DEV_NO_CLOSE | CONF_MP_DEV_BAD_HEADER))
        conf_prob(conf_pb(c), "body", "an RFC 2046 section 5.1.1 body",
                  conf_mp_dev_text(p->mp.dev & ~(unsigned)CONF_MP_DEV_GUESSED, dev, sizeof dev),
                  "%s: the multipart body breaks RFC 2046 section 5.1.1: %s", p->r->id, dev);
}
void r9_boundary(conf_ctx *c) { each_answer(c, 0, boundary); }

static void start(conf_ctx *c, r9_resp *p) {
    if (!p->mp.has_start) {
        conf_empty(c, "%s's answer has no \"start\" parameter (it is optional)", p->r->id);
        return;
    }
    conf_ctx_checked(c, 1);
    if (!p->pv) { conf_set(c, CONF_ERROR, "cannot judge: %s has no path vector part", p->r->id); return; }
    if (strcmp(p->mp.start, p->pv->content_id))
        conf_prob(conf_pb(c), "Content-Type", p->pv->content_id, p->mp.start,
                  "%s: start=\"%s\" is not the Content-ID of the path vector part (%s)", p->r->id,
                  p->mp.start, p->pv->content_id[0] ? p->pv->content_id : "none");
}
static void start_parsed(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    start(c, p);
}
void r9_start(conf_ctx *c) { each_answer(c, 0, start_parsed); }

static void two_parts(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    char act[64];
    snprintf(act, sizeof act, "%d part%s", p->mp.nparts, p->mp.nparts == 1 ? "" : "s");
    conf_ctx_checked(c, 1);
    if (p->mp.nparts != 2)
        conf_prob(conf_pb(c), "body", "2 parts (path vector, property map)", act,
                  "%s answered with %s, expected exactly two", p->r->id, act);
    if (!p->pv)
        conf_prob(conf_pb(c), "body", "a path vector part", "missing", "%s: no part is a %s with \"%s\"",
                  p->r->id, r9_part_media(p->r), r9_data_member(p->r));
    if (!p->pm)
        conf_prob(conf_pb(c), "body", "a property map part", "missing",
                  "%s: no part is an " M9_PROPMAP " with \"property-map\"", p->r->id);
}
void r9_two_parts(conf_ctx *c) { each_answer(c, 0, two_parts); }

static void part_headers(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    const struct { conf_mp_part *part; const char *name, *media; } rows[] = {
        {p->pv, "path vector part", r9_part_media(p->r)},
        {p->pm, "property map part", M9_PROPMAP},
    };
    for (size_t i = 0; i < 2; i++) {
        conf_mp_part *pt = rows[i].part;
        if (!pt) continue;                   /* the two-parts row says so */
        conf_ctx_checked(c, 1);
        if (!pt->has_id)
            conf_prob(conf_pb(c), "Content-ID", "present", "missing", "%s: the %s has no Content-ID header",
                      p->r->id, rows[i].name);
        if (!pt->has_type)
            conf_prob(conf_pb(c), "Content-Type", rows[i].media, "missing", "%s: the %s has no Content-Type header",
                      p->r->id, rows[i].name);
        else if (strcmp(pt->media, rows[i].media))
            conf_prob(conf_pb(c), "Content-Type", rows[i].media, pt->content_type,
                      "%s: the %s is labelled %s, expected %s", p->r->id, rows[i].name, pt->content_type, rows[i].media);
    }
}
void r9_part_headers(conf_ctx *c) { each_answer(c, 0, part_headers); }

static void content_id(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    int n = p->mp.nparts < CONF_MP_MAX_PARTS ? p->mp.nparts : CONF_MP_MAX_PARTS;
    for (int i = 0; i < n; i++) {
        const conf_mp_part *pt = &p->mp.parts[i];
        char rid[128];
        const char *why;
        if (!pt->has_id) continue;           /* part-headers says so */
        conf_ctx_checked(c, 1);
        if (!conf_mp_content_id(pt->content_id, rid, sizeof rid, &why))
            conf_prob(conf_pb(c), "Content-ID", "<PART-RESOURCE-ID@DOMAIN-NAME>", pt->content_id,
                      "%s: part %d Content-ID %s %s", p->r->id, i + 1, pt->content_id, why);
    }
}
void r9_content_id(conf_ctx *c) { each_answer(c, 0, content_id); }

static void pv_first(conf_ctx *c, r9_resp *p) {
    conf_ctx_checked(c, 1);
    if (p->pv_index > 0)
        conf_prob(conf_pb(c), "body", "the path vector part first", "second",
                  "%s: the path vector part is part %d, not the first", p->r->id, p->pv_index + 1);
}
void r9_pv_first(conf_ctx *c) { each_answer(c, 1, pv_first); }

/* ---- the path vector part ---------------------------------------------------- */

static void pv_vtag(conf_ctx *c, r9_resp *p) {
    json_t *vt = json_object_get(json_object_get(p->pv->json, "meta"), "vtag");
    if (!vt) {
        conf_prob(conf_pb(c), "$.meta.vtag", "a VersionTag", "missing", "%s: the path vector part's meta has no vtag",
                  p->r->id);
        return;
    }
    if (conf_v_vtag_ext(vt, "$.meta.vtag", 1, conf_pb(c))) return;
    char want[300];
    snprintf(want, sizeof want, "%s.%s", p->r->id, p->pv_rid[0] ? p->pv_rid : "<PART-RESOURCE-ID>");
    const char *got = json_string_value(json_object_get(vt, "resource-id"));
    if (!p->pv_rid[0])
        conf_set(c, CONF_ERROR, "cannot judge: the path vector part has no readable Content-ID (see content-id)");
    else if (strcmp(got, want))
        conf_prob(conf_pb(c), "$.meta.vtag.resource-id", want, got,
                  "%s: the path vector vtag names \"%s\", expected \"%s\"", p->r->id, got, want);
}
void r9_pv_vtag(conf_ctx *c) { each_answer(c, 1, pv_vtag); }

static void pv_dvtags(conf_ctx *c, r9_resp *p) {
    conf_probs *pb = conf_pb(c);
    if (conf_v_dvtags(p->pv->json, 1, pb)) return;
    const conf_res *nmr = conf_ird_uses_netmap(&c->s->ird, p->r);
    if (!nmr) { conf_set(c, CONF_SKIP, "%s lists no network map in uses (see uses-network-map)", p->r->id); return; }
    json_t *nm = conf_ok(c, conf_get(c, nmr));
    conf_focus(c, p->x);
    if (!nm) return;
    json_t *want = json_object_get(json_object_get(nm, "meta"), "vtag");
    json_t *got = json_array_get(json_object_get(json_object_get(p->pv->json, "meta"), "dependent-vtags"), 0);
    if (r7_vtag_equal(want, got)) return;
    char w[300];
    snprintf(w, sizeof w, "%s", conf_jshow(want));
    conf_prob(pb, "$.meta.dependent-vtags[0]", w, conf_jshow(got),
              "%s: the path vector part depends on %s, but network map %s has vtag %s", p->r->id,
              conf_jshow(got), nmr->id, w);
}
void r9_pv_dvtags(conf_ctx *c) { each_answer(c, 1, pv_dvtags); }

static void pv_body(conf_ctx *c, r9_resp *p) {
    conf_probs *pb = conf_pb(c);
    if (r9_is_ecs(p->r)) conf_v_ecs_shape(p->pv->json, pb);
    else conf_v_costmap_shape(p->pv->json, pb);
    json_t *ct = conf_check_member(pb, json_object_get(p->pv->json, "meta"), "$.meta", "cost-type", CONF_JT_OBJECT, 1);
    conf_ctx_checked(c, ct != NULL);
    if (ct && !r9_is_pv_type(ct))
        conf_prob(pb, "$.meta.cost-type", "{\"cost-metric\": \"ane-path\", \"cost-mode\": \"array\"}", conf_jshow(ct),
                  "%s: the path vector part's cost type is not the one requested", p->r->id);
}
void r9_pv_body(conf_ctx *c) { each_answer(c, 1, pv_body); }

static void array_value(conf_ctx *c, const char *path, json_t *v, void *ud) {
    (void)ud;
    conf_ctx_checked(c, 1);
    if (!json_is_array(v))
        conf_prob(conf_pb(c), path, "a JSON array (cost mode array)", conf_jshow(v), "%s is %s", path, conf_jtype(v));
}
static void array_values(conf_ctx *c, r9_resp *p) { r9_each_cost(c, p, array_value, NULL); }
void r9_array_values(conf_ctx *c) { each_answer(c, 1, array_values); }

static void ane_name(conf_ctx *c, const char *path, json_t *v, void *ud) {
    (void)ud;
    size_t i;
    json_t *a;
    char ip[CONF_PATH_MAX];
    json_array_foreach(v, i, a) {
        const char *why;
        conf_path_idx(ip, path, i);
        conf_ctx_checked(c, 1);
        if (!json_is_string(a))
            conf_prob(conf_pb(c), ip, "an ANEName string", conf_jshow(a), "%s is %s", ip, conf_jtype(a));
        else if (!conf_syn_pidname(json_string_value(a), &why))
            conf_prob(conf_pb(c), ip, "an ANEName (PIDName syntax)", json_string_value(a), "ANE name \"%s\" %s",
                      json_string_value(a), why);
    }
}
static void ane_names(conf_ctx *c, r9_resp *p) { r9_each_cost(c, p, ane_name, NULL); }
void r9_ane_names(conf_ctx *c) { each_answer(c, 1, ane_names); }

/* 6.6: "resource-id '.' part-resource-id" fits the 64 characters of a
 * ResourceID (MUST); 31 characters each are RECOMMENDED. */
static void id_length(conf_ctx *c, r9_resp *p) {
    const char *rids[] = {p->pv_rid, p->pm_rid};
    for (int i = 0; i < 2; i++) {
        size_t n = strlen(p->r->id) + 1 + strlen(rids[i]);
        conf_ctx_checked(c, rids[i][0] != 0);
        if (!rids[i][0] || n <= 64) continue;
        char act[32];
        snprintf(act, sizeof act, "%zu characters", n);
        conf_prob(conf_pb(c), "Content-ID", "<= 64 characters", act, "%s.%s is %zu characters long",
                  p->r->id, rids[i], n);
    }
}
void r9_id_length(conf_ctx *c) { each_answer(c, 1, id_length); }

static void id_length_31(conf_ctx *c, r9_resp *p) {
    const char *ids[] = {p->r->id, p->pv_rid, p->pm_rid};
    conf_ctx_checked(c, 3);
    for (int i = 0; i < 3; i++)
        if (strlen(ids[i]) > 31)
            conf_prob(conf_pb(c), i ? "Content-ID" : "$.resources", "<= 31 characters", ids[i],
                      "%s \"%s\" is longer than 31 characters", i ? "part resource id" : "resource id", ids[i]);
}
void r9_id_length_31(conf_ctx *c) { each_answer(c, 1, id_length_31); }

/* ---- the property map part ------------------------------------------------------ */

static void pm_dvtags(conf_ctx *c, r9_resp *p) {
    conf_probs *pb = conf_pb(c);
    if (conf_v_dvtags_ext(p->pm->json, 0, 1, pb)) return;
    json_t *dv = json_object_get(json_object_get(p->pm->json, "meta"), "dependent-vtags");
    json_t *pvtag = json_object_get(json_object_get(p->pv->json, "meta"), "vtag");
    conf_ctx_checked(c, 1);
    int found = 0;
    size_t i;
    json_t *v;
    json_array_foreach(dv, i, v) found |= r7_vtag_equal(v, pvtag);
    if (pvtag && !found)
        conf_prob(pb, "$.meta.dependent-vtags", conf_jshow(pvtag), conf_jshow(dv),
                  "%s: the property map part's dependent-vtags lack the path vector part's vtag", p->r->id);
    /* Persistent ANEs exposed: their defining property maps' vtags too. */
    const char *k;
    json_t *props;
    json_object_foreach(json_object_get(p->pm->json, "property-map"), k, props) {
        const char *id = json_string_value(json_object_get(props, "persistent-entity-id")), *why;
        char pm[128];
        if (!id || !r9_syn_persistent_id(id, pm, sizeof pm, &why)) continue;
        int has = 0;
        json_array_foreach(dv, i, v) {
            const char *rid = json_string_value(json_object_get(v, "resource-id"));
            has |= rid && !strcmp(rid, pm);
        }
        if (!has) {
            conf_prob(pb, "$.meta.dependent-vtags", pm, conf_jshow(dv),
                      "%s exposes %s but the property map part's dependent-vtags have no vtag of %s",
                      p->r->id, id, pm);
            return;
        }
    }
}
void r9_pm_dvtags(conf_ctx *c) { each_answer(c, 1, pm_dvtags); }

static json_t *propmap(conf_ctx *c, r9_resp *p) {
    json_t *m = conf_check_member(conf_pb(c), p->pm->json, "$", "property-map", CONF_JT_OBJECT, 1);
    return m;
}

/* 6.2.4: ephemeral ANEs are in the domain ".ane". */
static void ane_domain(conf_ctx *c, r9_resp *p) {
    const char *k, *why;
    json_t *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(propmap(c, p), k, v) {
        conf_path_key(path, "$.property-map", k);
        conf_ctx_checked(c, 1);
        if (strncmp(k, ".ane:", 5))
            conf_prob(conf_pb(c), path, "\".ane:<ANEName>\"", k, "property map entity %s is not in the domain \".ane\"", k);
        else if (!conf_syn_pidname(k + 5, &why))
            conf_prob(conf_pb(c), path, "\".ane:<ANEName>\"", k, "the ANE name of %s %s", k, why);
    }
}
void r9_ane_domain(conf_ctx *c) { each_answer(c, 1, ane_domain); }

static void one_per_ane(conf_ctx *c, r9_resp *p) {
    json_t *m = propmap(c, p);
    if (!m) return;
    json_t *anes = r9_path_anes(p);
    const char *k;
    json_t *v;
    char path[CONF_PATH_MAX], key[300];
    conf_ctx_checked(c, (int)(json_object_size(anes) + json_object_size(m)));
    json_object_foreach(anes, k, v) {
        snprintf(key, sizeof key, ".ane:%s", k);
        if (json_object_get(m, key)) continue;
        conf_path_key(path, "$.property-map", key);
        conf_prob(conf_pb(c), path, "an entry for this ANE", "missing",
                  "ANE %s is on a path but has no entry %s in the property map", k, key);
    }
    json_object_foreach(m, k, v) {
        if (!strncmp(k, ".ane:", 5) && json_object_get(anes, k + 5)) continue;
        conf_path_key(path, "$.property-map", k);
        conf_prob(conf_pb(c), path, "only ANEs that appear on the paths", k,
                  "property map entity %s is not an ANE of any path in the path vector part", k);
    }
    json_decref(anes);
}
void r9_one_per_ane(conf_ctx *c) { each_answer(c, 1, one_per_ane); }

typedef void (*prop_fn)(conf_ctx *c, const char *path, json_t *v);

static void each_prop(conf_ctx *c, r9_resp *p, const char *name, prop_fn fn) {
    const char *k;
    json_t *props;
    char path[CONF_PATH_MAX];
    json_object_foreach(propmap(c, p), k, props) {
        json_t *v = json_object_get(props, name);
        if (!v) continue;
        conf_path_key(path, "$.property-map", k);
        conf_path_key(path, path, name);
        conf_ctx_checked(c, 1);
        fn(c, path, v);
    }
}

static void mrb_value(conf_ctx *c, const char *path, json_t *v) {
    if (!json_is_number(v) || json_number_value(v) < 0)
        conf_prob(conf_pb(c), path, "a non-negative number (bps)", conf_jshow(v),
                  "max-reservable-bandwidth %s is not a non-negative number", conf_jshow(v));
}
static void mrb(conf_ctx *c, r9_resp *p) { each_prop(c, p, "max-reservable-bandwidth", mrb_value); }
void r9_mrb(conf_ctx *c) { each_answer(c, 1, mrb); }

static void peid_value(conf_ctx *c, const char *path, json_t *v) {
    char pm[128];
    const char *why = "is not a string";
    if (!json_is_string(v) || !r9_syn_persistent_id(json_string_value(v), pm, sizeof pm, &why))
        conf_prob(conf_pb(c), path, "an EntityID \"PROPMAP.ane:<ANEName>\"", conf_jshow(v),
                  "persistent-entity-id %s %s", conf_jshow(v), why);
}
static void peid(conf_ctx *c, r9_resp *p) { each_prop(c, p, "persistent-entity-id", peid_value); }
void r9_peid(conf_ctx *c) { each_answer(c, 1, peid); }

/* ---- property filtering ------------------------------------------------------------ */

/* Every entity's properties are a subset of allowed (an array). */
static void only_props(conf_ctx *c, r9_resp *p, const json_t *allowed, const char *what) {
    const char *k, *name;
    json_t *props, *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(propmap(c, p), k, props) {
        json_object_foreach(props, name, v) {
            int ok = 0;
            conf_ctx_checked(c, 1);
            size_t i;
            json_t *a;
            json_array_foreach(allowed, i, a) ok |= json_is_string(a) && !strcmp(json_string_value(a), name);
            if (ok) continue;
            conf_path_key(path, "$.property-map", k);
            conf_path_key(path, path, name);
            conf_prob(conf_pb(c), path, "absent (not requested)", name,
                      "%s: property %s of %s was not requested (%s)", p->r->id, name, k, what);
        }
    }
}

void r9_requested(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        static const r9_q qs[] = {R9_Q_NONE, R9_Q_ONE, R9_Q_ALL};
        for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
            r9_resp p;
            int has = 0;
            json_t *req = r9_request(c, r, qs[i]);
            has = req != NULL;
            json_decref(req);
            if (has && r9_fetch_parts(c, r, qs[i], &p)) {
                json_t *want = json_object_get(p.req, "ane-property-names");
                json_t *none = json_array();
                only_props(c, &p, want ? want : none,
                           qs[i] == R9_Q_NONE ? "no ane-property-names" : qs[i] == R9_Q_ONE ? "one property" : "all advertised");
                json_decref(none);
            }
            if (has) r9_resp_free(&p);
        }
    }
}

void r9_empty_nopv(conf_ctx *c) {
    const conf_res *r;
    int judged = 0;
    R9_EACH(c, r) {
        json_t *req = r9_request(c, r, R9_Q_NOPV);
        if (!req) continue;
        json_decref(req);
        judged++;
        r9_resp p;
        if (r9_fetch(c, r, R9_Q_NOPV, &p)) {
            if (!p.parsed || !p.pm || !p.pm->json) {
                conf_set(c, CONF_ERROR, "cannot judge: %s answered a non-path-vector request without a readable property map part%s%s",
                         r->id, p.parsed ? "" : ": ", p.parsed ? "" : p.mp.err);
            } else {
                json_t *m = propmap(c, &p);
                conf_ctx_checked(c, m != NULL);
                if (m && json_object_size(m))
                    conf_prob(conf_pb(c), "$.property-map", "{}", conf_jshow(m),
                              "%s: the path vector cost type was not requested, yet the property map is not empty", r->id);
            }
        }
        r9_resp_free(&p);
    }
    if (!judged) conf_set(c, CONF_SKIP, "no path vector resource offers a cost type other than the path vector type");
}

/* s7_service_extensions.c: RFC 9275 section 7 (Service Extensions).
 * Sections 7.2 (multipart filtered cost map) and 7.3 (multipart endpoint
 * cost service) state the same rules for two resource kinds, so each
 * function here serves the 7.2 row and its 7.3 twin (the row's section
 * picks the kind, r9_kinds): IRD entries (7.x.1 media type, 7.x.3
 * accepts, 7.x.4 capabilities, 7.x.5 uses), invalid requests answered with
 * RFC 7285 error handling, and the multipart answers (7.x.6): the
 * Content-Type and its parameters, the two parts and their headers, the
 * version tags that tie the parts together, the path vectors, and the
 * property map of their ANEs.
 *
 * Most answer rows judge the answer to the richest request (R9_Q_ALL: the
 * PV cost type with every advertised ANE property); the property
 * filtering rows add the answers without properties, with one property,
 * and for a non-PV cost type. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rfc9275.h"
#include "rfc7285/rfc7285.h"

static void res_path(char *out, const conf_res *r, const char *member, const char *sub) {
    conf_path_key(out, "$.resources", r->id);
    if (member) conf_path_key(out, out, member);
    if (sub) conf_path_key(out, out, sub);
}

/* 7.2.1 / 7.3.1: every multipart/related entry meant as this kind carries
 * the right "type". */
void r9275_entry_media_type(conf_ctx *c) {
    int is73 = !strncmp(c->cs->section, "7.3", 3);
    const char *want = is73 ? M9_ECS : M9_COSTMAP, *acc = is73 ? M9_ECSPARAMS : M9_CMFILTER;
    const conf_ird *d = &c->s->ird;
    int judged = 0;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (!r->multipart) continue;
        /* Classified by its type; an unclassified one (bad type) by its
         * accepts, and failing that by the cost map row. */
        int acc_mine = r->accepts && !strcasecmp(r->accepts, acc);
        int acc_other = r->accepts && !strcasecmp(r->accepts, is73 ? M9_CMFILTER : M9_ECSPARAMS);
        int mine = r->svc == (is73 ? CONF_SVC_PV_ECS : CONF_SVC_PV_COSTMAP) ||
                   (r->svc == CONF_SVC_OTHER && (acc_mine || (!is73 && !acc_other)));
        if (!mine) continue;
        judged++;
        conf_ctx_checked(c, 1);
        conf_focus(c, d->irds[r->ird].x);
        char type[256], path[CONF_PATH_MAX], exp[300];
        int k = alto_media_param(r->media, "type", type, sizeof type);
        res_path(path, r, "media-type", NULL);
        snprintf(exp, sizeof exp, "multipart/related;type=%s", want);
        if (k != 1 || strcasecmp(type, want))
            conf_prob(conf_pb(c), path, exp, r->media,
                      "%s: media-type \"%s\" %s, expected type=%s", r->id, r->media,
                      k < 0 ? "has malformed parameters" : k == 0 ? "has no \"type\" parameter" : "has another type", want);
    }
    if (!judged)
        conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no multipart/related %s resource",
                 is73 ? "endpoint cost" : "filtered cost map");
}

void r9275_accepts(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        const char *want = r9_is_ecs(r) ? M9_ECSPARAMS : M9_CMFILTER;
        conf_focus(c, c->s->ird.irds[r->ird].x);
        char path[CONF_PATH_MAX];
        res_path(path, r, "accepts", NULL);
        conf_ctx_checked(c, 1);
        if (!r->accepts || strcasecmp(r->accepts, want))
            conf_prob(conf_pb(c), path, want, r->accepts ? r->accepts : "missing",
                      "%s accepts %s, expected %s", r->id, r->accepts ? r->accepts : "nothing (a GET resource)", want);
    }
}

void r9275_cost_type_names(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        conf_ctx_checked(c, 1);
        if (r9_pv_type_name(c, r)) continue;
        char path[CONF_PATH_MAX];
        res_path(path, r, "capabilities", "cost-type-names");
        conf_prob(conf_pb(c), path, "a name defined in meta.cost-types as {ane-path, array}",
                  conf_jshow(json_object_get(r->caps, "cost-type-names")),
                  "%s: no cost-type-names entry is the path vector cost type defined in the IRD's meta.cost-types", r->id);
    }
}

void r9275_cost_constraints(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        json_t *v = json_object_get(r->caps, "cost-constraints");
        conf_ctx_checked(c, r9_pv_type_name(c, r) != NULL);
        if (!r9_pv_type_name(c, r) || !v || json_is_false(v)) continue;
        char path[CONF_PATH_MAX];
        res_path(path, r, "capabilities", "cost-constraints");
        conf_prob(conf_pb(c), path, "false or absent", conf_jshow(v),
                  "%s offers the path vector cost type with cost-constraints %s", r->id, conf_jshow(v));
    }
}

void r9275_testable_cost_type_names(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        conf_ctx_checked(c, 1);
        size_t i;
        json_t *n;
        json_array_foreach(json_object_get(r->caps, "testable-cost-type-names"), i, n) {
            const char *s = json_string_value(n);
            if (!s || !r9_is_pv_type(conf_ird_cost_type(c->s, r, s))) continue;
            char path[CONF_PATH_MAX];
            res_path(path, r, "capabilities", "testable-cost-type-names");
            conf_path_idx(path, path, i);
            conf_prob(conf_pb(c), path, "not the path vector cost type", s,
                      "%s lists the path vector cost type \"%s\" in testable-cost-type-names", r->id, s);
        }
    }
}

/* 7.2.4 capability, with 6.4: the two initial property types "MUST only
 * have the EntityPropertyType part". */
void r9275_ane_property_names(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        json_t *a = json_object_get(r->caps, "ane-property-names");
        char path[CONF_PATH_MAX];
        res_path(path, r, "capabilities", "ane-property-names");
        if (!a) { conf_empty(c, "%s advertises no ane-property-names", r->id); continue; }
        conf_ctx_checked(c, 1);
        if (!json_is_array(a)) {
            conf_prob(conf_pb(c), path, "an array of EntityPropertyName", alto_json_type(a), "%s is %s", path, alto_json_type(a));
            continue;
        }
        size_t i;
        json_t *n;
        json_array_foreach(a, i, n) {
            char ip[CONF_PATH_MAX];
            conf_path_idx(ip, path, i);
            const char *s = json_string_value(n), *why, *dot = s ? strrchr(s, '.') : NULL;
            if (!s)
                conf_prob(conf_pb(c), ip, "an EntityPropertyName string", alto_json_type(n), "%s is %s", ip, alto_json_type(n));
            else if (!r9_syn_prop_name(s, &why))
                conf_prob(conf_pb(c), ip, "an EntityPropertyName (RFC 9240 5.2.2)", s, "property name \"%s\" %s", s, why);
            else if (dot && (!strcmp(dot + 1, "max-reservable-bandwidth") || !strcmp(dot + 1, "persistent-entity-id")))
                conf_prob(conf_pb(c), ip, dot + 1, s,
                          "\"%s\" qualifies an initial ANE property type with a resource; it must be the bare type", s);
        }
    }
}

void r9275_uses_network_map(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        conf_ctx_checked(c, 1);
        if (conf_ird_uses_netmap(&c->s->ird, r)) continue;
        char path[CONF_PATH_MAX];
        res_path(path, r, "uses", NULL);
        conf_prob(conf_pb(c), path, "the id of a network map", conf_jshow(r->uses),
                  "%s does not list the network map its PIDs come from in \"uses\"", r->id);
    }
}

static int in_uses(const conf_res *r, const char *id) {
    size_t i;
    json_t *u;
    json_array_foreach(r->uses, i, u)
        if (json_is_string(u) && !strcmp(json_string_value(u), id)) return 1;
    return 0;
}

static int offers(const conf_res *r, const char *prop) {
    size_t i;
    json_t *n;
    json_array_foreach(r9_prop_names(r), i, n)
        if (json_is_string(n) && !strcmp(json_string_value(n), prop)) return 1;
    return 0;
}

/* 7.2.5 / 7.3.5: the defining resource of every persistent ANE the answer
 * exposes is in "uses", and (6.2.4) it is a property map. */
void r9275_uses_persistent(conf_ctx *c) {
    const conf_res *r;
    int judged = 0;
    R9_EACH(c, r) {
        if (!offers(r, "persistent-entity-id")) continue;
        judged++;
        r9_resp p;
        if (r9_fetch_parts(c, r, R9_Q_ALL, &p)) {
            const char *k;
            json_t *props;
            json_object_foreach(json_object_get(p.pm->json, "property-map"), k, props) {
                const char *id = json_string_value(json_object_get(props, "persistent-entity-id")), *why;
                char pm[128], path[CONF_PATH_MAX];
                if (!id || !r9_syn_persistent_id(id, pm, sizeof pm, &why)) continue;
                conf_ctx_checked(c, 1);
                conf_path_key(path, "$.property-map", k);
                conf_path_key(path, path, "persistent-entity-id");
                const conf_res *def = conf_ird_find(&c->s->ird, pm);
                char mt[128] = "";
                if (def && def->media) alto_http_media_type(def->media, mt, sizeof mt);
                if (!in_uses(r, pm))
                    conf_prob(conf_pb(c), path, "a PROPMAP listed in the resource's \"uses\"", id,
                              "%s exposes persistent ANE %s, but its defining resource %s is not in \"uses\" %s",
                              r->id, id, pm, conf_jshow(r->uses));
                else if (strcmp(mt, M9_PROPMAP))   /* 6.2.4: the defining resource is a property map */
                    conf_prob(conf_pb(c), path, "a defining resource of media type " M9_PROPMAP, def ? mt : "undefined",
                              "%s exposes persistent ANE %s, but %s is %s, not a property map", r->id, id, pm,
                              def ? def->media ? def->media : "without media type" : "not in the IRD");
            }
        }
        r9_resp_free(&p);
    }
    if (!judged) conf_set(c, CONF_SKIP, "no path vector resource offers persistent-entity-id");
}

/* ---- invalid requests ------------------------------------------------------ */

/* An ALTO error (RFC 7285 8.5): 4xx, application/alto-error+json, a
 * registered code, and `code` when given. */
static void expect_error(conf_ctx *c, const conf_res *r, r9_q q, const char *code, const char *what) {
    json_t *req = r9_request(c, r, q);
    if (!req) { conf_set(c, CONF_SKIP, "%s: cannot build the request", r->id); return; }
    conf_xchg *x = conf_post(c, r, req);
    conf_focus(c, x);
    if (x->rc != 0) { conf_set(c, CONF_ERROR, "POST %s: %s", x->url, x->resp.error); return; }
    char act[64];
    snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
    conf_ctx_checked(c, 1);
    if (x->resp.status < 400 || x->resp.status > 499) {
        conf_prob(conf_pb(c), "status", "HTTP 4xx with an ALTO error", act, "%s: %s was answered with HTTP %ld",
                  r->id, what, x->resp.status);
        return;
    }
    if (!conf_check_media(conf_pb(c), x, M9_ERROR)) return;
    if (!x->json) { conf_prob(conf_pb(c), "$", "an ALTO error object", "not JSON", "%s: %s", r->id, x->jerr); return; }
    if (conf_v_error(x->json, conf_pb(c))) return;
    const char *got = json_string_value(json_object_get(json_object_get(x->json, "meta"), "code"));
    if (code && got && strcmp(got, code))
        conf_prob(conf_pb(c), "$.meta.code", code, got, "%s: %s gave %s, expected %s", r->id, what, got, code);
}

void r9275_unsupported_property(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) expect_error(c, r, R9_Q_BADPROP, "E_INVALID_FIELD_VALUE", "an ane-property-names entry not in the capability");
}

void r9275_constraints_rejected(conf_ctx *c) {
    const conf_res *r;
    int judged = 0;
    R9_EACH(c, r) {
        if (json_is_true(json_object_get(r->caps, "cost-constraints"))) continue;   /* its own FAIL elsewhere */
        judged++;
        expect_error(c, r, R9_Q_CONSTR, NULL, "\"constraints\" on a resource without cost-constraints");
    }
    if (!judged) conf_set(c, CONF_SKIP, "every path vector resource announces cost-constraints: true (see cost-constraints)");
}

/* ---- the Content-Type and the multipart framing ---------------------------- */

static void ct_media(conf_ctx *c, r9_resp *p) {
    const char *ct = p->x->resp.content_type, *want = r9_part_media(p->r);
    char media[128] = "", type[256];
    if (ct) alto_http_media_type(ct, media, sizeof media);
    int k = alto_media_param(ct, "type", type, sizeof type);
    conf_ctx_checked(c, 1);
    if (strcmp(media, "multipart/related"))
        conf_prob(conf_pb(c), "Content-Type", "multipart/related", ct ? ct : "(none)",
                  "%s answered with Content-Type %s, expected multipart/related", p->r->id, ct ? ct : "(none)");
    else if (k != 1 || strcasecmp(type, want))
        conf_prob(conf_pb(c), "Content-Type", want, k == 1 ? type : "no \"type\" parameter",
                  "%s: the multipart \"type\" parameter is %s, expected %s", p->r->id,
                  k == 1 ? type : k == 0 ? "missing" : "malformed", want);
}
void r9275_response_media_type(conf_ctx *c) { r9_each_answer(c, 0, ct_media); }

static void boundary(conf_ctx *c, r9_resp *p) {
    const char *ct = p->x->resp.content_type;
    char tmp[256], dev[400];
    conf_ctx_checked(c, 1);
    if (alto_media_param(ct, "boundary", tmp, sizeof tmp) != 1) {
        conf_prob(conf_pb(c), "Content-Type", "a boundary parameter", ct ? ct : "(none)",
                  "%s: the multipart Content-Type has no boundary parameter", p->r->id);
        return;
    }
    if (!alto_mpart_boundary_ok(tmp))
        conf_prob(conf_pb(c), "Content-Type", "a boundary of 1..70 RFC 2046 bchars", tmp,
                  "%s: boundary \"%s\" is not an RFC 2046 boundary", p->r->id, tmp);
    if (!p->parsed)
        conf_prob(conf_pb(c), "body", "an RFC 2046 multipart body delimited by the boundary", "unparsable",
                  "%s: %s", p->r->id, p->mp.err);
    else if (p->mp.dev & (ALTO_MPART_DEV_LF | ALTO_MPART_DEV_NO_CLOSE | ALTO_MPART_DEV_BAD_HEADER))
        conf_prob(conf_pb(c), "body", "an RFC 2046 section 5.1.1 body",
                  alto_mpart_dev_text(p->mp.dev & ~(unsigned)ALTO_MPART_DEV_GUESSED, dev, sizeof dev),
                  "%s: the multipart body breaks RFC 2046 section 5.1.1: %s", p->r->id, dev);
}
void r9275_boundary(conf_ctx *c) { r9_each_answer(c, 0, boundary); }

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
void r9275_start(conf_ctx *c) { r9_each_answer(c, 0, start_parsed); }

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
void r9275_two_parts(conf_ctx *c) { r9_each_answer(c, 0, two_parts); }

static void part_headers(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    const struct { alto_mpart_part *part; const char *name, *media; } rows[] = {
        {p->pv, "path vector part", r9_part_media(p->r)},
        {p->pm, "property map part", M9_PROPMAP},
    };
    for (size_t i = 0; i < 2; i++) {
        alto_mpart_part *pt = rows[i].part;
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
void r9275_part_headers(conf_ctx *c) { r9_each_answer(c, 0, part_headers); }

static void content_id(conf_ctx *c, r9_resp *p) {
    if (!p->parsed) { conf_set(c, CONF_ERROR, "cannot judge: %s", p->mp.err); return; }
    int n = p->mp.nparts < ALTO_MPART_MAX_PARTS ? p->mp.nparts : ALTO_MPART_MAX_PARTS;
    for (int i = 0; i < n; i++) {
        const alto_mpart_part *pt = &p->mp.parts[i];
        char rid[128];
        const char *why;
        if (!pt->has_id) continue;           /* part-headers says so */
        conf_ctx_checked(c, 1);
        if (!alto_mpart_content_id(pt->content_id, rid, sizeof rid, &why))
            conf_prob(conf_pb(c), "Content-ID", "<PART-RESOURCE-ID@DOMAIN-NAME>", pt->content_id,
                      "%s: part %d Content-ID %s %s", p->r->id, i + 1, pt->content_id, why);
    }
}
void r9275_content_id(conf_ctx *c) { r9_each_answer(c, 0, content_id); }

static void pv_first(conf_ctx *c, r9_resp *p) {
    conf_ctx_checked(c, 1);
    if (p->pv_index > 0)
        conf_prob(conf_pb(c), "body", "the path vector part first", "second",
                  "%s: the path vector part is part %d, not the first", p->r->id, p->pv_index + 1);
}
void r9275_pv_part_first(conf_ctx *c) { r9_each_answer(c, 1, pv_first); }

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
void r9275_pv_vtag(conf_ctx *c) { r9_each_answer(c, 1, pv_vtag); }

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
void r9275_pv_dependent_vtags(conf_ctx *c) { r9_each_answer(c, 1, pv_dvtags); }

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
void r9275_pv_body(conf_ctx *c) { r9_each_answer(c, 1, pv_body); }

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
void r9275_propmap_dependent_vtags(conf_ctx *c) { r9_each_answer(c, 1, pm_dvtags); }

static void one_per_ane(conf_ctx *c, r9_resp *p) {
    json_t *m = r9_propmap(c, p);
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
void r9275_propmap_one_per_ane(conf_ctx *c) { r9_each_answer(c, 1, one_per_ane); }

/* ---- property filtering ------------------------------------------------------------ */

/* Every entity's properties are a subset of allowed (an array). */
static void only_props(conf_ctx *c, r9_resp *p, const json_t *allowed, const char *what) {
    const char *k, *name;
    json_t *props, *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(r9_propmap(c, p), k, props) {
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

void r9275_requested_properties(conf_ctx *c) {
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

void r9275_empty_propmap(conf_ctx *c) {
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
                json_t *m = r9_propmap(c, &p);
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

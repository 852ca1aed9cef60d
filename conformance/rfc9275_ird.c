/* rfc9275_ird.c: RFC 9275 run functions about IRD entries (media type,
 * accepts, capabilities, uses: sections 7.2.1-7.2.5 and 7.3.1-7.3.5) and
 * about invalid requests (an unsupported ANE property, constraints on a
 * resource that allows none), which section 7.2.6 says must be answered
 * with RFC 7285 error handling. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "rfc9275.h"

static void res_path(char *out, const conf_res *r, const char *member, const char *sub) {
    conf_path_key(out, "$.resources", r->id);
    if (member) conf_path_key(out, out, member);
    if (sub) conf_path_key(out, out, sub);
}

/* 7.2.1 / 7.3.1: every multipart/related entry meant as this kind carries
 * the right "type". */
void r9_ird_media(conf_ctx *c) {
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
        int k = conf_ct_param(r->media, "type", type, sizeof type);
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

void r9_accepts(conf_ctx *c) {
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

void r9_ctn(conf_ctx *c) {
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

void r9_constraints_cap(conf_ctx *c) {
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

void r9_testable(conf_ctx *c) {
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
void r9_prop_cap(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        json_t *a = json_object_get(r->caps, "ane-property-names");
        char path[CONF_PATH_MAX];
        res_path(path, r, "capabilities", "ane-property-names");
        if (!a) { conf_empty(c, "%s advertises no ane-property-names", r->id); continue; }
        conf_ctx_checked(c, 1);
        if (!json_is_array(a)) {
            conf_prob(conf_pb(c), path, "an array of EntityPropertyName", conf_jtype(a), "%s is %s", path, conf_jtype(a));
            continue;
        }
        size_t i;
        json_t *n;
        json_array_foreach(a, i, n) {
            char ip[CONF_PATH_MAX];
            conf_path_idx(ip, path, i);
            const char *s = json_string_value(n), *why, *dot = s ? strrchr(s, '.') : NULL;
            if (!s)
                conf_prob(conf_pb(c), ip, "an EntityPropertyName string", conf_jtype(n), "%s is %s", ip, conf_jtype(n));
            else if (!r9_syn_prop_name(s, &why))
                conf_prob(conf_pb(c), ip, "an EntityPropertyName (RFC 9240 5.2.2)", s, "property name \"%s\" %s", s, why);
            else if (dot && (!strcmp(dot + 1, "max-reservable-bandwidth") || !strcmp(dot + 1, "persistent-entity-id")))
                conf_prob(conf_pb(c), ip, dot + 1, s,
                          "\"%s\" qualifies an initial ANE property type with a resource; it must be the bare type", s);
        }
    }
}

void r9_uses_netmap(conf_ctx *c) {
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
void r9_uses_persistent(conf_ctx *c) {
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

void r9_bad_prop(conf_ctx *c) {
    const conf_res *r;
    R9_EACH(c, r) expect_error(c, r, R9_Q_BADPROP, "E_INVALID_FIELD_VALUE", "an ane-property-names entry not in the capability");
}

void r9_constraints_rejected(conf_ctx *c) {
    const conf_res *r;
    int judged = 0;
    R9_EACH(c, r) {
        if (json_is_true(json_object_get(r->caps, "cost-constraints"))) continue;   /* its own FAIL elsewhere */
        judged++;
        expect_error(c, r, R9_Q_CONSTR, NULL, "\"constraints\" on a resource without cost-constraints");
    }
    if (!judged) conf_set(c, CONF_SKIP, "every path vector resource announces cost-constraints: true (see cost-constraints)");
}

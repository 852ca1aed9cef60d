/* rfc7285_maps.c: run functions about full (GET) network and cost maps
 * (RFC 7285 sections 10 and 11.2) and the response-wide rules (media type
 * of every response, JSON encoding, ordinal values).  Every GET map of
 * the closure is judged, not only the default one. */
#include <stdio.h>
#include <string.h>
#include "rfc7285.h"

typedef int (*map_check)(const json_t *doc, conf_probs *p);

static void each_map(conf_ctx *c, conf_svc svc, map_check fn) {
    const conf_res *r;
    R7_EACH(c, svc, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (body) fn(body, conf_pb(c));
    }
}

static int v_netmap_shape_first(const json_t *d, conf_probs *p) {
    return conf_v_netmap_shape(d, p);
}

void r7_pidname_syntax(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, conf_v_netmap_pidnames); }
void r7_addrtype_registered(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, conf_v_netmap_addrtypes); }
void r7_netmap_vtag(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, conf_v_netmap_vtag); }
void r7_netmap_complete(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, conf_v_netmap_complete); }
void r7_netmap_overlap(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, conf_v_netmap_overlap); }

static int v_prefixes(const json_t *d, conf_probs *p) {
    v_netmap_shape_first(d, p);
    return conf_v_netmap_prefixes(d, p);
}
void r7_prefix_syntax(conf_ctx *c) { each_map(c, CONF_SVC_NETMAP, v_prefixes); }

void r7_vtag_tag_syntax(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_NETMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body) continue;
        json_t *tag = json_object_get(json_object_get(json_object_get(body, "meta"), "vtag"), "tag");
        const char *why;
        if (!json_is_string(tag))
            conf_set(c, CONF_ERROR, "network map %s has no vtag.tag to judge (see rfc7285/11.2.1.6/vtag)", r->id);
        else if (conf_ctx_checked(c, 1), !conf_syn_tag(json_string_value(tag), &why))
            conf_prob(conf_pb(c), "$.meta.vtag.tag", "<= 64 characters in U+0021..U+007E",
                      json_string_value(tag), "vtag tag %s", why);
    }
}

void r7_netmap_media(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_NETMAP, r) {
        conf_xchg *x = conf_get(c, r);
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_NETMAP);
    }
}

void r7_costmap_media(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        conf_xchg *x = conf_get(c, r);
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, M_COSTMAP);
    }
}

void r7_netmap_vtag_rid(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_NETMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        const char *rid = json_string_value(json_object_get(json_object_get(json_object_get(body, "meta"), "vtag"), "resource-id"));
        if (!body) continue;
        if (!rid) { conf_set(c, CONF_ERROR, "no vtag.resource-id to judge (see rfc7285/11.2.1.6/vtag)"); continue; }
        conf_ctx_checked(c, 1);
        if (strcmp(rid, r->id))
            conf_prob(conf_pb(c), "$.meta.vtag.resource-id", r->id, rid,
                      "vtag resource-id is \"%s\", but the IRD calls this network map \"%s\"", rid, r->id);
    }
}

/* ---- cost maps ---------------------------------------------------------- */

void r7_costmap_dvtags(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body) continue;
        if (conf_v_dvtags(body, 1, conf_pb(c))) continue;
        const conf_res *nmr;
        json_t *nm = r7_netmap(c, r, &nmr);
        if (!nm) continue;
        json_t *want = json_object_get(json_object_get(nm, "meta"), "vtag");
        json_t *got = json_array_get(json_object_get(json_object_get(body, "meta"), "dependent-vtags"), 0);
        conf_focus(c, conf_get(c, r));
        if (r7_vtag_equal(want, got)) continue;
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), "$.meta.dependent-vtags[0]", w, conf_jshow(got),
                  "cost map %s depends on vtag %s, but network map %s has vtag %s", r->id, conf_jshow(got), nmr->id, w);
    }
}

void r7_costmap_cost_type(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body || conf_v_meta_cost_type(body, conf_pb(c))) continue;
        json_t *want = r7_cost_type(c, r, 0);
        json_t *got = json_object_get(json_object_get(body, "meta"), "cost-type");
        if (!want) conf_empty(c, "%s names no cost type defined in the IRD to compare with", r->id);
        if (want && !r7_same_cost_type(want, got)) {
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(want));
            conf_prob(conf_pb(c), "$.meta.cost-type", w, conf_jshow(got),
                      "cost map %s says cost type %s, the IRD says %s", r->id, conf_jshow(got), w);
        }
        json_decref(want);
    }
}

void r7_costmap_pids_defined(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *nm = r7_netmap(c, r, NULL);
        json_t *body = nm ? conf_ok(c, conf_get(c, r)) : NULL;
        if (body) conf_v_costmap_pids_defined(body, nm, conf_pb(c));
        if (body && !json_object_size(json_object_get(body, "cost-map")))
            conf_empty(c, "the cost map %s is empty", r->id);
    }
}

static int v_numbers(const json_t *d, conf_probs *p) {
    conf_v_costmap_shape(d, p);
    return conf_v_cost_numbers(d, "cost-map", p);
}
void r7_costmap_numbers(conf_ctx *c) { each_map(c, CONF_SVC_COSTMAP, v_numbers); }

/* ---- response-wide rules ------------------------------------------------- */

/* Every response used by any service: GETs, one valid POST per service,
 * and one malformed POST per service (the error path). */
typedef void (*resp_fn)(conf_ctx *c, const conf_res *r, conf_xchg *x, int error_path);

static void each_response(conf_ctx *c, resp_fn fn) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        /* RFC 9275 multipart resources are judged by the rfc9275 suite. */
        if (!r->uri || r->svc == CONF_SVC_OTHER || r->svc == CONF_SVC_IRD ||
            r->svc == CONF_SVC_PV_COSTMAP || r->svc == CONF_SVC_PV_ECS) continue;
        if (!r->accepts || !*r->accepts) {
            fn(c, r, conf_get(c, r), 0);
            continue;
        }
        json_t *req = r7_valid_request(c, r);
        if (req) fn(c, r, conf_post(c, r, req), 0);
        fn(c, r, conf_post_text(c, r, "{\"altospec\": [1, 2"), 1);
    }
}

static void ct_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int error_path) {
    conf_focus(c, x);
    if (x->rc != 0) { conf_set(c, CONF_ERROR, "%s %s: %s", x->method, x->url, x->resp.error); return; }
    if (x->resp.status == 200 && !error_path) { conf_check_media(conf_pb(c), x, r->media); return; }
    conf_ctx_checked(c, x->resp.body.len > 0);
    if (x->resp.body.len > 0 && !x->resp.content_type)
        conf_prob(conf_pb(c), "Content-Type", "a media type", "(none)",
                  "%s %s answered HTTP %ld with a body but no Content-Type", x->method, x->url, x->resp.status);
}
void r7_content_type(conf_ctx *c) { each_response(c, ct_check); }

static void json_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int error_path) {
    (void)r;
    conf_focus(c, x);
    if (x->rc != 0) { conf_set(c, CONF_ERROR, "%s %s: %s", x->method, x->url, x->resp.error); return; }
    if (error_path || x->resp.status != 200) return;
    if (!x->json)
        conf_prob(conf_pb(c), "$", "a JSON object (RFC 7159)", "unparseable body", "%s %s: %s", x->method, x->url, x->jerr);
    else if (conf_check_member(conf_pb(c), x->json, "$", "meta", CONF_JT_OBJECT, r->svc != CONF_SVC_IRD))
        conf_ctx_checked(c, 1);
}
void r7_json_encoding(conf_ctx *c) { each_response(c, json_check); }

/* Ordinal responses: every GET ordinal cost map, the filtered cost map
 * and the endpoint cost service for each ordinal type they offer. */
void r7_ordinal_integers(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    int judged = 0;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (r->svc != CONF_SVC_COSTMAP && r->svc != CONF_SVC_FCOSTMAP && r->svc != CONF_SVC_ECS) continue;
        if (!r->uri) continue;
        for (size_t k = 0; k < r7_ncost_types(r); k++) {
            json_t *ct = r7_cost_type(c, r, k);
            if (!ct || strcmp(json_string_value(json_object_get(ct, "cost-mode")), "ordinal")) {
                json_decref(ct);
                continue;
            }
            conf_xchg *x;
            if (r->svc == CONF_SVC_COSTMAP) {
                json_decref(ct);
                x = conf_get(c, r);
            } else if (r->svc == CONF_SVC_FCOSTMAP) {
                x = conf_post(c, r, r7_fcost_req(ct, NULL, NULL));
            } else {
                json_t *req = r7_valid_request(c, r);
                json_object_set_new(req, "cost-type", ct);
                x = conf_post(c, r, req);
            }
            json_t *body = conf_ok(c, x);
            if (!body) continue;
            judged++;
            conf_empty(c, "the ordinal answers hold no cost values");
            const char *member = r->svc == CONF_SVC_ECS ? "endpoint-cost-map" : "cost-map";
            conf_v_cost_numbers(body, member, conf_pb(c));
            /* Judge by the mode asked for: a server answering "numerical"
             * to an ordinal request is rfc7285/11.5.1.3's problem, not a
             * reason to skip this check. */
            conf_v_cost_ordinal_values(body, member, conf_pb(c));
        }
    }
    if (!judged && !c->has_forced && !conf_pb(c)->n)
        conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no ordinal cost type");
}

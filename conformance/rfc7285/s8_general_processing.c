/* s8_general_processing.c: RFC 7285 section 8 (General Processing), the
 * response-wide rules: 8.3.3 every response names its media type, 8.3.7
 * unknown request members are ignored, 8.4 every response is a JSON
 * object with a meta object.  Errors (8.5) are in s8_5_protocol_errors.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

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
void r7285_content_type(conf_ctx *c) { each_response(c, ct_check); }

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
void r7285_json_encoding(conf_ctx *c) { each_response(c, json_check); }

/* ---- unknown members (8.3.7) ------------------------------------------------ */

static const char *data_member(conf_svc svc) {
    switch (svc) {
    case CONF_SVC_FNETMAP: return "network-map";
    case CONF_SVC_FCOSTMAP: return "cost-map";
    case CONF_SVC_EPROP: return "endpoint-properties";
    case CONF_SVC_ECS: return "endpoint-cost-map";
    default: return "";
    }
}

void r7285_unknown_fields_ignored(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        json_t *req = r->uri ? r7_valid_request(c, r) : NULL;
        if (!req) continue;
        json_t *ext = json_deep_copy(req);
        json_object_set_new(ext, "altospec-unknown-member", json_pack("{s[i]}", "x", 1));
        json_t *plain = conf_control(c, conf_post(c, r, req));
        json_t *b = plain ? conf_ok(c, conf_post(c, r, ext)) : (json_decref(ext), NULL);
        char what[200];
        snprintf(what, sizeof what, "%s: with an unknown request member versus without", r->id);
        if (b) r7_same_entries(c, b, plain, data_member(r->svc), what);
    }
}

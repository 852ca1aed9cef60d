/* s4_backward_compatibility.c: RFC 9274 section 4: a request naming a
 * cost mode the server does not support gets E_INVALID_FIELD_VALUE.  Sent
 * to every filtered cost map and endpoint cost service, with an offered
 * metric and a well-formed private mode no server offers, so nothing else
 * in the request is wrong. */
#include <stdio.h>
#include <string.h>
#include "rfc9274.h"
#include "conf_check.h"

#define NO_SUCH_MODE "priv:altospec-no-such-mode"

static void judge(conf_ctx *c, conf_xchg *x) {
    conf_probs *p = conf_pb(c);
    conf_focus(c, x);
    if (x->rc < 0 || !x->resp.status) { conf_set(c, CONF_ERROR, "cannot judge: no answer"); return; }
    conf_checked(p, 1);
    char st[16];
    snprintf(st, sizeof st, "%ld", (long)x->resp.status);
    if (x->resp.status < 400 || x->resp.status > 499) {
        conf_prob(p, "status", "4xx", st, "an unsupported cost mode was answered %s", st);
        return;
    }
    if (!conf_check_media(p, x, "application/alto-error+json")) return;
    const char *code = json_string_value(json_object_get(json_object_get(x->json, "meta"), "code"));
    if (!code || strcmp(code, "E_INVALID_FIELD_VALUE"))
        conf_prob(p, "meta/code", "E_INVALID_FIELD_VALUE", code ? code : "(none)", "wrong error code");
}

/* The metric of the first cost type r offers, or NULL. */
static const char *a_metric(conf_ctx *c, const conf_res *r) {
    json_t *n = json_array_get(json_object_get(r->caps, "cost-type-names"), 0);
    json_t *ct = json_is_string(n) ? conf_ird_cost_type(c->s, r, json_string_value(n)) : NULL;
    return json_string_value(json_object_get(ct, "cost-metric"));
}

void r9274_unsupported_mode(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    int any = 0;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if ((r->svc != CONF_SVC_FCOSTMAP && r->svc != CONF_SVC_ECS) || !r->uri) continue;
        const char *metric = a_metric(c, r);
        if (!metric) continue;
        any = 1;
        json_t *req = json_pack("{s:{s:s, s:s}}", "cost-type", "cost-metric", metric,
                                "cost-mode", NO_SUCH_MODE);
        if (r->svc == CONF_SVC_ECS)
            json_object_set_new(req, "endpoints", json_pack("{s:[s], s:[s]}", "srcs", "ipv4:192.0.2.1",
                                                            "dsts", "ipv4:192.0.2.2"));
        judge(c, conf_post(c, r, req));
    }
    if (!any) conf_set(c, CONF_UNSUPPORTED, "the IRD advertises no filtered cost map or endpoint cost service");
}

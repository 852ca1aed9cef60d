/* s8_5_protocol_errors.c: RFC 7285 section 8.5 (Protocol Errors).
 *
 * Levels follow the statement broken, not the case.  A server that turns
 * an invalid request down must use the right status (8.5, MUST: 4xx) and,
 * in an ALTO error resource, the right code (8.5.2, MUST: FAIL).  Sending
 * no ALTO error resource at all is allowed ("may omit"), against 8.5's
 * SHOULD: WARN.  Accepting an invalid request is a leniency no MUST
 * forbids (8.5.2's paragraphs "illustrate the usage of the error codes"):
 * WARN, FAIL only under --strict.  Each provoking request holds exactly
 * one error, so the expected code is determined. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

/* ---- errors (8.5) ---------------------------------------------------------- */

enum { ERR_SYNTAX, ERR_MISSING, ERR_TYPE, ERR_VALUE, ERR_N };
static const char *const err_codes[ERR_N] = {
    "E_SYNTAX", "E_MISSING_FIELD", "E_INVALID_FIELD_TYPE", "E_INVALID_FIELD_VALUE",
};

/* What each provoking request gets wrong, per service: the member an
 * error's "field" should name and, for invalid values, the "value". */
static const struct {
    conf_svc svc;
    int kind;
    const char *field, *value;
} offending[] = {
    {CONF_SVC_FNETMAP, ERR_MISSING, "pids", NULL},
    {CONF_SVC_FNETMAP, ERR_TYPE, "pids", NULL},
    {CONF_SVC_FNETMAP, ERR_VALUE, "pids", "1"},
    {CONF_SVC_FCOSTMAP, ERR_MISSING, "cost-type", NULL},
    {CONF_SVC_FCOSTMAP, ERR_TYPE, "cost-type", NULL},
    {CONF_SVC_FCOSTMAP, ERR_VALUE, "cost-mode", "altospec-foo"},
    {CONF_SVC_EPROP, ERR_MISSING, "properties", NULL},
    {CONF_SVC_EPROP, ERR_TYPE, "properties", NULL},
    {CONF_SVC_EPROP, ERR_VALUE, "properties", "altospec-unknown-prop"},
    {CONF_SVC_ECS, ERR_MISSING, "cost-type", NULL},
    {CONF_SVC_ECS, ERR_TYPE, "cost-type", NULL},
    {CONF_SVC_ECS, ERR_VALUE, "cost-mode", "altospec-foo"},
};

/* A request body provoking error `kind` on r (malloc'ed text), or NULL. */
static char *err_body(conf_ctx *c, const conf_res *r, int kind) {
    json_t *b = NULL;
    json_t *bad_ct = json_pack("{ssss}", "cost-metric", "routingcost", "cost-mode", "altospec-foo");
    json_t *prop = json_array_get(json_object_get(r->caps, "prop-types"), 0);
    (void)c;
    if (kind == ERR_SYNTAX) {
        json_decref(bad_ct);
        return strdup("{\"altospec\": [1, 2");
    }
    switch (r->svc) {
    case CONF_SVC_FNETMAP:
        b = kind == ERR_MISSING ? json_pack("{s[s]}", "address-types", "ipv4")
          : kind == ERR_TYPE ? json_pack("{ss}", "pids", "PID1")
          : json_pack("{s[i]}", "pids", 1);
        break;
    case CONF_SVC_FCOSTMAP:
        b = kind == ERR_MISSING ? json_pack("{s{s[]s[]}}", "pids", "srcs", "dsts")
          : kind == ERR_TYPE ? json_pack("{ss}", "cost-type", "routingcost")
          : json_pack("{sO}", "cost-type", bad_ct);
        break;
    case CONF_SVC_EPROP:
        b = kind == ERR_MISSING ? json_pack("{s[s]}", "endpoints", "ipv4:192.0.2.1")
          : kind == ERR_TYPE ? json_pack("{sOs[s]}", "properties", prop ? prop : json_null(), "endpoints", "ipv4:192.0.2.1")
          : json_pack("{s[s]s[s]}", "properties", "altospec-unknown-prop", "endpoints", "ipv4:192.0.2.1");
        break;
    case CONF_SVC_ECS:
        b = kind == ERR_MISSING ? json_pack("{s{s[s]s[s]}}", "endpoints", "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2")
          : kind == ERR_TYPE ? json_pack("{sss{s[s]s[s]}}", "cost-type", "routingcost", "endpoints",
                                        "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2")
          : json_pack("{sOs{s[s]s[s]}}", "cost-type", bad_ct, "endpoints",
                      "srcs", "ipv4:192.0.2.1", "dsts", "ipv4:192.0.2.2");
        break;
    default:
        break;
    }
    json_decref(bad_ct);
    if (!b) return NULL;
    char *s = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(b);
    return s;
}

typedef void (*err_fn)(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind);

/* Sends error requests of the given kinds (mask) to every POST service. */
static void each_error(conf_ctx *c, unsigned kinds, err_fn fn) {
    const conf_ird *d = &c->s->ird;
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        /* RFC 7285 POST services only (RFC 9275 has its own error cases). */
        if (!r->uri || r->svc < CONF_SVC_FNETMAP || r->svc > CONF_SVC_ECS) continue;
        for (int k = 0; k < ERR_N; k++) {
            if (!(kinds & (1u << k))) continue;
            char *body = err_body(c, r, k);
            if (!body) continue;
            conf_xchg *x = conf_post_text(c, r, body);
            free(body);
            conf_focus(c, x);
            if (x->rc != 0) { conf_set(c, CONF_ERROR, "POST %s: %s", x->url, x->resp.error); continue; }
            fn(c, r, x, k);
        }
    }
}

/* An ALTO error resource: labelled application/alto-error+json, or a
 * JSON object whose meta has a "code". */
static int is_alto_error(const conf_xchg *x) {
    return !strcmp(x->media, M_ERROR) ||
           json_is_string(json_object_get(json_object_get(x->json, "meta"), "code"));
}

/* The server turned the request down: a status other than 2xx, or an
 * ALTO error resource whatever the status. */
static int rejected(const conf_xchg *x) {
    return x->resp.status < 200 || x->resp.status >= 300 || is_alto_error(x);
}

static void code_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind) {
    const char *want = err_codes[kind];
    char act[64];
    snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
    conf_ctx_checked(c, 1);
    if (!rejected(x)) {
        conf_prob_soft(conf_pb(c), "status", "an error response", act,
                       "%s accepted a request that should fail with %s (HTTP %ld); no MUST requires "
                       "rejecting it (leniency)", r->id, want, x->resp.status);
        return;
    }
    if (!is_alto_error(x)) {
        conf_prob_soft(conf_pb(c), "body", "an ALTO error resource (8.5: SHOULD)",
                       x->media[0] ? x->media : "no body",
                       "%s answered HTTP %ld without an ALTO error resource (expected code %s): section 8.5 "
                       "says the server SHOULD return one", r->id, x->resp.status, want);
        return;
    }
    const char *code = json_string_value(json_object_get(json_object_get(x->json, "meta"), "code"));
    if (!code)
        conf_prob(conf_pb(c), "$.meta.code", want, x->json ? "missing" : "no JSON error body",
                  "%s: an ALTO error response without a code (expected %s)", r->id, want);
    else if (strcmp(code, want))
        conf_prob(conf_pb(c), "$.meta.code", want, code, "%s: expected error code %s, got %s", r->id, want, code);
}

void r7285_e_syntax(conf_ctx *c) { each_error(c, 1u << ERR_SYNTAX, code_check); }
void r7285_e_missing_field(conf_ctx *c) { each_error(c, 1u << ERR_MISSING, code_check); }
void r7285_e_invalid_field_type(conf_ctx *c) { each_error(c, 1u << ERR_TYPE, code_check); }
void r7285_e_invalid_field_value(conf_ctx *c) { each_error(c, 1u << ERR_VALUE, code_check); }

static void status_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind) {
    if (!rejected(x)) {      /* accepted: a leniency the e-* cases report */
        conf_empty(c, "every invalid request was accepted: no error response to judge (see the 8.5.2 cases)");
        return;
    }
    conf_ctx_checked(c, 1);
    if (x->resp.status >= 400 && x->resp.status < 500) return;
    char act[32];
    snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
    conf_prob(conf_pb(c), "status", "HTTP 4xx (client error)", act,
              "%s: an invalid request (%s) was turned down with HTTP %ld", r->id, err_codes[kind], x->resp.status);
}

static void media_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind) {
    (void)r;
    (void)kind;
    if (!json_is_string(json_object_get(json_object_get(x->json, "meta"), "code"))) {
        conf_empty(c, "no response carried an ALTO error resource (section 8.5 lets a server omit it)");
        return;
    }
    conf_check_media(conf_pb(c), x, M_ERROR);
}

static void meta_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind) {
    (void)kind;
    if (!is_alto_error(x)) {
        conf_empty(c, "no response carried an ALTO error resource (section 8.5 lets a server omit it)");
        return;
    }
    if (!x->json)
        conf_prob(conf_pb(c), "$", "an ALTO error object", "not JSON", "%s: labelled " M_ERROR " but %s", r->id, x->jerr);
    else
        conf_v_error(x->json, conf_pb(c));
}

/* 1 when a "field" path names member: one of its '/' or '.' parts. */
static int field_names(const char *field, const char *member) {
    size_t n = strlen(member);
    for (const char *p = field; (p = strstr(p, member)) != NULL; p++) {
        int start = p == field || p[-1] == '/' || p[-1] == '.';
        int end = p[n] == '\0' || p[n] == '/' || p[n] == '.';
        if (start && end) return 1;
    }
    return 0;
}

static void field_check(conf_ctx *c, const conf_res *r, conf_xchg *x, int kind) {
    json_t *meta = json_object_get(x->json, "meta");
    const char *field = json_string_value(json_object_get(meta, "field"));
    const char *value = json_string_value(json_object_get(meta, "value"));
    if (!is_alto_error(x) || !field) {
        conf_empty(c, "no error response named a \"field\" (the member is optional)");
        return;
    }
    for (size_t i = 0; i < sizeof offending / sizeof *offending; i++) {
        if (offending[i].svc != r->svc || offending[i].kind != kind) continue;
        conf_ctx_checked(c, 1);
        if (!field_names(field, offending[i].field))
            conf_prob(conf_pb(c), "$.meta.field", offending[i].field, field,
                      "%s: the %s error names field \"%s\", but the offending member is %s", r->id,
                      err_codes[kind], field, offending[i].field);
        else if (offending[i].value && value && strcmp(value, offending[i].value))
            conf_prob(conf_pb(c), "$.meta.value", offending[i].value, value,
                      "%s: the %s error gives value \"%s\", but the invalid value is \"%s\"", r->id,
                      err_codes[kind], value, offending[i].value);
    }
}

#define ERR_ALL ((1u << ERR_N) - 1)
void r7285_error_status(conf_ctx *c) { each_error(c, ERR_ALL, status_check); }
void r7285_error_media_type(conf_ctx *c) { each_error(c, ERR_ALL, media_check); }
void r7285_error_meta(conf_ctx *c) { each_error(c, ERR_ALL, meta_check); }
void r7285_field_value(conf_ctx *c) { each_error(c, ERR_ALL & ~(1u << ERR_SYNTAX), field_check); }

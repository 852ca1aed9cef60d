/* conf_ctx.c: the case-side API (see conf_ctx.h) and the evidence of a
 * case: the exchanges it used, each rendered by lib/alto_xchg.c (bodies
 * capped, request 4 KiB, response 8 KiB, so a 30 MB cost map does not
 * become a 30 MB report; the curl line always complete because it must
 * reproduce the request). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_ctx.h"
#include "conf_check.h"
#include "alto_buf.h"

#define M_ERR "application/alto-error+json"

void conf_ctx_init(conf_ctx *c, conf_session *s, const conf_case *cs) {
    memset(c, 0, sizeof *c);
    c->s = s;
    c->cs = cs;
    conf_probs_init(&c->probs);
}

void conf_ctx_free(conf_ctx *c) { conf_probs_free(&c->probs); }

static void ctx_use(conf_ctx *c, conf_xchg *x, int cached) {
    for (int i = 0; i < c->nused; i++)
        if (c->used[i] == x) { c->probs.exchange = i; return; }
    if (c->nused == CONF_CTX_MAX_X) { c->probs.exchange = -1; return; }
    c->used[c->nused] = x;
    c->cached[c->nused] = cached;
    c->probs.exchange = c->nused++;
}

void conf_focus(conf_ctx *c, conf_xchg *x) { ctx_use(c, x, 1); }

static conf_xchg *ctx_request(conf_ctx *c, const char *method, const char *url,
                              const char *ctype, const char *media, const char *body) {
    char accept[256];
    snprintf(accept, sizeof accept, "%s,%s", media ? media : "*/*", M_ERR);
    int cached = 0;
    conf_xchg *x = conf_session_request(c->s, method, url, ctype, accept, body, &cached);
    ctx_use(c, x, cached);
    return x;
}

conf_xchg *conf_get(conf_ctx *c, const conf_res *r) {
    return ctx_request(c, "GET", r->uri, NULL, r->media, NULL);
}

conf_xchg *conf_post_text(conf_ctx *c, const conf_res *r, const char *body) {
    return ctx_request(c, "POST", r->uri, r->accepts, r->media, body);
}

conf_xchg *conf_post(conf_ctx *c, const conf_res *r, json_t *body) {
    /* A NULL body is a bug in a run function; send "null" so it shows. */
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : strdup("null");
    json_decref(body);
    conf_xchg *x = conf_post_text(c, r, text);
    free(text);
    return x;
}

void conf_set(conf_ctx *c, conf_verdict v, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (v == CONF_PASS) {
        if (!c->note[0]) vsnprintf(c->note, sizeof c->note, fmt, ap);
    } else if (!c->has_forced) {
        c->has_forced = 1;
        c->forced = v;
        vsnprintf(c->reason, sizeof c->reason, fmt, ap);
    }
    va_end(ap);
}

void conf_empty(conf_ctx *c, const char *fmt, ...) {
    if (c->empty[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->empty, sizeof c->empty, fmt, ap);
    va_end(ap);
}

void conf_note(conf_ctx *c, const char *fmt, ...) {
    if (c->note[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->note, sizeof c->note, fmt, ap);
    va_end(ap);
}

int conf_ctx_sent(const conf_ctx *c) {
    int n = 0;
    for (int i = 0; i < c->nused; i++) n += !c->used[i]->skipped;
    return n;
}

json_t *conf_control(conf_ctx *c, conf_xchg *x) {
    conf_focus(c, x);
    if (x->rc != 0)
        conf_set(c, CONF_ERROR, "cannot judge: the control request %s %s failed: %s", x->method, x->url,
                 x->resp.error);
    else if (x->resp.status != 200)
        conf_set(c, CONF_ERROR, "cannot judge: the control request %s %s answered HTTP %ld", x->method,
                 x->url, x->resp.status);
    else if (!x->json)
        conf_set(c, CONF_ERROR, "cannot judge: the control request %s %s answered a body that is not a "
                 "JSON object (%s)", x->method, x->url, x->jerr);
    else
        return x->json;
    return NULL;
}

json_t *conf_ok(conf_ctx *c, conf_xchg *x) {
    conf_focus(c, x);
    if (x->rc != 0) {
        conf_set(c, CONF_ERROR, "%s %s: %s", x->method, x->url, x->resp.error);
        return NULL;
    }
    if (x->resp.status != 200) {
        char act[32];
        snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
        conf_prob(&c->probs, "status", "HTTP 200", act, "%s %s answered HTTP %ld to a valid request",
                  x->method, x->url, x->resp.status);
        return NULL;
    }
    if (!x->json) {
        conf_set(c, CONF_ERROR, "%s %s: %s", x->method, x->url, x->jerr);
        return NULL;
    }
    return x->json;
}

conf_verdict conf_ctx_verdict(const conf_ctx *c, int strict, const char **reason) {
    const conf_probs *p = &c->probs;
    int hard = p->n - p->nsoft;
    int soft_row = c->cs->level == CONF_SHOULD || c->cs->level == CONF_MAY;
    if (hard > 0) {
        *reason = conf_probs_first_hard(p);
        return soft_row && !strict ? CONF_WARN : CONF_FAIL;
    }
    if (p->nsoft > 0) {
        *reason = conf_probs_first(p);
        return strict ? CONF_FAIL : CONF_WARN;
    }
    if (c->has_forced) {
        *reason = c->reason;
        return c->forced;
    }
    if (!conf_ctx_sent(c)) {
        *reason = "cannot judge: the case sent no request, so nothing was checked";
        return CONF_ERROR;
    }
    if (!p->checked) {
        *reason = c->empty[0] ? c->empty : "nothing to judge: the answers held no data this requirement is about";
        return CONF_SKIP;
    }
    *reason = c->note;
    return CONF_PASS;
}

/* ---- evidence ---------------------------------------------------------- */

json_t *conf_ctx_evidence(const conf_ctx *c) {
    json_t *a = json_array();
    for (int i = 0; i < c->nused; i++)
        json_array_append_new(a, alto_xchg_json(c->used[i], c->cached[i]));
    return a;
}

/* One judge for the error answers every suite provokes (RFC 7285 8.5):
 * a 4xx, application/alto-error+json, the code, and a field among the
 * '|'-separated names (NULL = any).  An unanswered request is the
 * harness unable to judge, not a server fault. */
void conf_expect_alto_error(conf_ctx *c, conf_xchg *x, const char *code, const char *fields) {
    conf_probs *p = conf_pb(c);
    conf_focus(c, x);
    if (x->rc < 0 || !x->resp.status) {
        conf_set(c, CONF_ERROR, "cannot judge: the request was not answered");
        return;
    }
    conf_checked(p, 1);
    if (x->resp.status < 400 || x->resp.status > 499) {
        char st[16];
        snprintf(st, sizeof st, "%ld", (long)x->resp.status);
        conf_prob(p, "status", "4xx with an ALTO error", st,
                  "the request is invalid, yet the server answered %s", st);
        return;
    }
    if (!conf_check_media(p, x, "application/alto-error+json") || !json_is_object(x->json)) return;
    json_t *meta = json_object_get(x->json, "meta");
    const char *got = json_string_value(json_object_get(meta, "code"));
    if (!got || strcmp(got, code)) {
        conf_prob(p, "meta/code", code, got ? got : "(none)", "wrong error code");
        return;
    }
    const char *f = json_string_value(json_object_get(meta, "field"));
    if (!fields) return;
    char list[256];
    snprintf(list, sizeof list, "|%s|", fields);
    char probe[140];
    snprintf(probe, sizeof probe, "|%s|", f ? f : "");
    if (!f || !strstr(list, probe))
        conf_prob(p, "meta/field", fields, f ? f : "(none)", "the error does not name the offending field");
}

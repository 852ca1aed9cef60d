/* conf_ctx.c: the case-side API (see conf_ctx.h) and the rendering of
 * exchanges into evidence.  Evidence bodies are capped (request 4 KiB,
 * response 8 KiB) so a 30 MB cost map does not become a 30 MB report;
 * the curl line is always complete because it must reproduce the request. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_ctx.h"
#include "alto_buf.h"

#define EV_REQ_BODY_CAP 4096
#define EV_RESP_BODY_CAP 8192
#define EV_HEADERS_CAP 4096

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

static json_t *safe_string(const char *s, size_t len, size_t cap, int *cut) {
    /* jansson rejects invalid UTF-8; servers under test may send any bytes. */
    size_t n = len > cap ? cap : len;
    *cut = len > cap;
    /* Cut on a UTF-8 boundary so a capped body stays a valid string. */
    while (*cut && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    json_t *v = json_stringn(s ? s : "", s ? n : 0);
    if (v) return v;
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) alto_buf_putc(&b, (char)ch);
        else alto_buf_printf(&b, "\\x%02x", ch);
    }
    v = json_string(b.data);
    alto_buf_free(&b);
    return v;
}

json_t *conf_xchg_json(const conf_xchg *x, int cached) {
    int cut;
    json_t *o = json_object();
    json_t *rq = json_object();
    json_object_set_new(rq, "method", json_string(x->method));
    json_object_set_new(rq, "url", safe_string(x->url, strlen(x->url), 2048, &cut));
    json_t *h = json_object();
    if (x->ctype) json_object_set_new(h, "Content-Type", json_string(x->ctype));
    if (x->accept) json_object_set_new(h, "Accept", json_string(x->accept));
    json_object_set_new(rq, "headers", h);
    if (x->body) {
        json_object_set_new(rq, "body", safe_string(x->body, strlen(x->body), EV_REQ_BODY_CAP, &cut));
        json_object_set_new(rq, "body_truncated", json_boolean(cut));
    }
    json_object_set_new(o, "request", rq);
    if (x->rc == 0 || x->resp.status) {
        json_t *rs = json_object();
        json_object_set_new(rs, "status", json_integer(x->resp.status));
        if (x->resp.content_type)
            json_object_set_new(rs, "content_type", safe_string(x->resp.content_type, strlen(x->resp.content_type), 512, &cut));
        json_object_set_new(rs, "headers", safe_string(x->resp.headers.data, x->resp.headers.len, EV_HEADERS_CAP, &cut));
        json_object_set_new(rs, "body", safe_string(x->resp.body.data, x->resp.body.len, EV_RESP_BODY_CAP, &cut));
        size_t total = x->resp.cut ? x->resp.body_total : x->resp.body.len;
        json_object_set_new(rs, "body_bytes", json_integer((json_int_t)total));
        json_object_set_new(rs, "body_truncated", json_boolean(cut || x->resp.truncated || x->resp.cut));
        if (x->resp.cut) json_object_set_new(rs, "body_sha256", json_string(x->resp.body_sha256));
        json_object_set_new(o, "response", rs);
    }
    if (x->resp.error[0]) json_object_set_new(o, "error", json_string(x->resp.error));
    if (x->rc == 0 && !x->json && x->jerr[0]) json_object_set_new(o, "body_error", json_string(x->jerr));
    json_object_set_new(o, "elapsed", json_real(x->resp.elapsed));
    json_object_set_new(o, "seq", json_integer(x->seq));
    json_object_set_new(o, "cached", json_boolean(cached));
    json_object_set_new(o, "sent", json_boolean(!x->skipped));
    char *curl = alto_http_curl_cmd(&x->req);
    json_object_set_new(o, "curl", safe_string(curl, strlen(curl), 1 << 20, &cut));
    free(curl);
    return o;
}

json_t *conf_ctx_evidence(const conf_ctx *c) {
    json_t *a = json_array();
    for (int i = 0; i < c->nused; i++)
        json_array_append_new(a, conf_xchg_json(c->used[i], c->cached[i]));
    return a;
}

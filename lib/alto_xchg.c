/* alto_xchg.c: the exchange record and its two renderings (see
 * alto_xchg.h).  Caps: canonical request body 4 KiB, response body 8 KiB,
 * header block 4 KiB, URL 2 KiB; flat rows keep a response body up to 16
 * KiB as parsed JSON (the run report shows ALTO answers, which are small),
 * else its first 16 KiB as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_xchg.h"
#include "alto_json.h"
#include "alto_buf.h"

#define EV_REQ_BODY_CAP 4096
#define EV_RESP_BODY_CAP 8192
#define EV_HEADERS_CAP 4096
#define EV_URL_CAP 2048
#define EV_FLAT_BODY_CAP (16 * 1024)

static char *dup_or_null(const char *s) { return s ? alto_xstrdup(s) : NULL; }

alto_xchg *alto_xchg_new(const char *method, const char *url, const char *ctype,
                         const char *accept, const char *body, const char *label) {
    alto_xchg *x = alto_xcalloc(1, sizeof *x);
    x->method = alto_xstrdup(method);
    x->url = alto_xstrdup(url);
    x->ctype = dup_or_null(ctype);
    x->accept = dup_or_null(accept);
    x->body = dup_or_null(body);
    x->label = dup_or_null(label);
    x->req = (alto_http_req){
        .method = x->method, .url = x->url, .content_type = x->ctype, .accept = x->accept,
        .body = x->body, .body_len = body ? strlen(body) : 0,
    };
    return x;
}

void alto_xchg_free(alto_xchg *x) {
    if (!x) return;
    free(x->method);
    free(x->url);
    free(x->ctype);
    free(x->accept);
    free(x->body);
    free(x->label);
    alto_http_resp_free(&x->resp);
    json_decref(x->json);
    json_decref(x->parts);
    free(x);
}

/* ---- what the server said ------------------------------------------------------ */

int alto_xchg_expect_200(const alto_xchg *x, alto_err *err) {
    if (x->rc != 0)
        return alto_err_set(err, "%s %s: no answer from the ALTO server: %s", x->method, x->url,
                            x->resp.error[0] ? x->resp.error : "transport error");
    if (x->resp.status == 200) return 0;
    const json_t *meta = json_object_get(x->json, "meta");
    const char *code = json_string_value(json_object_get(meta, "code"));
    const char *field = json_string_value(json_object_get(meta, "field"));
    return alto_err_set(err, "%s %s: the ALTO server answered %ld%s%s%s%s", x->method, x->url,
                        x->resp.status, code ? " " : "", code ? code : "", field ? " field " : "",
                        field ? field : "");
}

int alto_xchg_expect_json(const alto_xchg *x, alto_err *err) {
    if (alto_xchg_expect_200(x, err)) return -1;
    if (!x->json)
        return alto_err_set(err, "%s %s: the ALTO server's answer is not a JSON object", x->method,
                            x->url);
    return 0;
}

void alto_xchg_no_redirect(alto_xchg *x) {
    if (x->rc != 0 || x->resp.status < 300 || x->resp.status >= 400) return;
    char *loc = alto_http_header(&x->resp, "Location");
    x->rc = -1;
    snprintf(x->resp.error, sizeof x->resp.error,
             "cannot judge: HTTP %ld redirect to %.150s (altospec does not follow redirects)",
             x->resp.status, loc ? loc : "(no Location)");
    free(loc);
}

/* ---- is the server still there ------------------------------------------------ */

int alto_xchg_unreachable(const char *e) {
    static const char *const pats[] = {
        "Failed to connect", "Couldn't connect", "Could not connect",
        "Connection refused", "Connection timed out", "Couldn't resolve",
    };
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        if (strstr(e, pats[i])) return 1;
    return 0;
}

void alto_live_note(alto_live *l, const alto_xchg *x) {
    if (x->rc == 0) { l->timeouts_in_row = 0; return; }
    if (alto_xchg_unreachable(x->resp.error)) {
        l->dead = 1;
        snprintf(l->dead_reason, sizeof l->dead_reason, "server unreachable since request #%d: %.200s",
                 x->seq, x->resp.error);
    } else if (!strncmp(x->resp.error, "timeout", 7)) {
        if (++l->timeouts_in_row >= ALTO_LIVE_TIMEOUTS) {
            l->dead = 1;
            snprintf(l->dead_reason, sizeof l->dead_reason,
                     "server unresponsive: %d requests in a row timed out (last #%d)",
                     l->timeouts_in_row, x->seq);
        }
    } else {
        l->timeouts_in_row = 0;
    }
}

/* ---- the canonical rendering --------------------------------------------------- */

static json_t *request_json(const alto_xchg *x) {
    int cut;
    json_t *rq = json_object();
    json_object_set_new(rq, "method", json_string(x->method));
    json_object_set_new(rq, "url", alto_json_text(x->url, strlen(x->url), EV_URL_CAP, &cut));
    json_t *h = json_object();
    if (x->ctype) json_object_set_new(h, "Content-Type", json_string(x->ctype));
    if (x->accept) json_object_set_new(h, "Accept", json_string(x->accept));
    json_object_set_new(rq, "headers", h);
    if (x->body) {
        json_object_set_new(rq, "body", alto_json_text(x->body, strlen(x->body), EV_REQ_BODY_CAP, &cut));
        json_object_set_new(rq, "body_truncated", json_boolean(cut));
    }
    return rq;
}

static json_t *response_json(const alto_xchg *x) {
    int cut;
    const alto_http_resp *r = &x->resp;
    json_t *rs = json_object();
    json_object_set_new(rs, "status", json_integer(r->status));
    if (r->content_type)
        json_object_set_new(rs, "content_type", alto_json_text(r->content_type, strlen(r->content_type), 512, &cut));
    json_object_set_new(rs, "headers", alto_json_text(r->headers.data, r->headers.len, EV_HEADERS_CAP, &cut));
    json_object_set_new(rs, "body", alto_json_text(r->body.data, r->body.len, EV_RESP_BODY_CAP, &cut));
    /* A body kept as its prefix (alto_http_resp_keep_prefix, the engine's
     * evidence budget) says its whole length and digest. */
    size_t total = r->cut ? r->body_total : r->body.len;
    json_object_set_new(rs, "body_bytes", json_integer((json_int_t)total));
    json_object_set_new(rs, "body_truncated", json_boolean(cut || r->truncated || r->cut));
    if (r->cut) json_object_set_new(rs, "body_sha256", json_string(r->body_sha256));
    return rs;
}

json_t *alto_xchg_json(const alto_xchg *x, int cached) {
    int cut;
    json_t *o = json_object();
    json_object_set_new(o, "request", request_json(x));
    if (x->rc == 0 || x->resp.status) json_object_set_new(o, "response", response_json(x));
    if (x->resp.error[0]) json_object_set_new(o, "error", json_string(x->resp.error));
    if (x->rc == 0 && !x->json && x->jerr[0]) json_object_set_new(o, "body_error", json_string(x->jerr));
    json_object_set_new(o, "elapsed", json_real(x->resp.elapsed));
    json_object_set_new(o, "seq", json_integer(x->seq));
    json_object_set_new(o, "cached", json_boolean(cached));
    json_object_set_new(o, "sent", json_boolean(!x->skipped));
    char *curl = alto_http_curl_cmd(&x->req);
    json_object_set_new(o, "curl", alto_json_text(curl, strlen(curl), 1 << 20, &cut));
    free(curl);
    return o;
}

/* ---- the run report's row ------------------------------------------------------- */

/* A body as JSON when it is JSON (object or array) and fits, else as text. */
static json_t *body_value(const char *s, size_t n, size_t cap) {
    int cut;
    json_t *v = n <= cap ? json_loadb(s ? s : "", n, 0, NULL) : NULL;
    return v ? v : alto_json_text(s, n, cap, &cut);
}

json_t *alto_xchg_json_flat(const alto_xchg *x) {
    const alto_http_resp *r = &x->resp;
    json_t *e = json_object();
    json_object_set_new(e, "policy", json_string(x->label ? x->label : ""));
    json_object_set_new(e, "method", json_string(x->method));
    json_object_set_new(e, "url", json_string(x->url));
    if (x->body) {
        if (x->ctype) json_object_set_new(e, "request_content_type", json_string(x->ctype));
        json_object_set_new(e, "request_body", body_value(x->body, strlen(x->body), (size_t)-1));
    }
    json_object_set_new(e, "status", json_integer(r->status));
    if (r->content_type) json_object_set_new(e, "response_content_type", json_string(r->content_type));
    json_object_set_new(e, "response_body", body_value(r->body.data, r->body.len, EV_FLAT_BODY_CAP));
    json_object_set_new(e, "response_bytes", json_integer((json_int_t)r->body.len));
    if (r->body.len > EV_FLAT_BODY_CAP) json_object_set_new(e, "response_truncated", json_true());
    if (r->error[0]) json_object_set_new(e, "error", json_string(r->error));
    json_object_set_new(e, "elapsed", json_real(r->elapsed));
    char *curl = alto_http_curl_cmd(&x->req);
    json_object_set_new(e, "curl", json_string(curl));
    free(curl);
    if (x->parts) json_object_set(e, "response_parts", x->parts);
    return e;
}

/* alto_http.c: the libcurl client behind alto_http.h.
 *
 * One easy handle per alto_http, reset (not recreated) before each request:
 * curl_easy_reset() keeps the live connection cache, so consecutive
 * requests to one server reuse one TCP connection.  Everything a hostile
 * server could use to hang or exhaust us is bounded here, once, for every
 * caller: connect and total timeouts, a body cap enforced in the write
 * callback (the transfer is aborted, not drained), no redirect following,
 * and no "Expect: 100-continue" round trip that a broken server could
 * leave unanswered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>
#include "alto_http.h"
#include "alto_tty.h"
#include "alto_media.h"
#include "alto_sha256.h"

#define HTTP_CONNECT_DEFAULT 5.0
#define HTTP_TIMEOUT_DEFAULT 10.0
#define HTTP_MAX_BODY_DEFAULT ((size_t)64 << 20)
#define HTTP_MAX_HEADERS ((size_t)64 << 10)

struct alto_http {
    CURL *curl;
};

typedef struct http_sink {
    alto_http_resp *resp;
    size_t max_body;
    int header_overflow;
} http_sink;

alto_http *alto_http_new(void) {
    alto_http *h = alto_xcalloc(1, sizeof *h);
    h->curl = curl_easy_init();
    if (!h->curl) {
        fprintf(stderr, "altospec: curl_easy_init failed\n");
        abort();
    }
    return h;
}

void alto_http_free(alto_http *h) {
    if (!h) return;
    curl_easy_cleanup(h->curl);
    free(h);
}

static size_t http_on_body(char *p, size_t sz, size_t n, void *ud) {
    http_sink *s = ud;
    size_t len = sz * n;
    if (s->resp->body.len + len > s->max_body) {
        /* Keep what fits so the evidence shows the start of the body. */
        size_t room = s->max_body - s->resp->body.len;
        alto_buf_append(&s->resp->body, p, room);
        s->resp->truncated = 1;
        return 0;               /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    alto_buf_append(&s->resp->body, p, len);
    return len;
}

static size_t http_on_header(char *p, size_t sz, size_t n, void *ud) {
    http_sink *s = ud;
    size_t len = sz * n;
    /* A new status line starts a new header block (after 1xx responses). */
    if (len >= 5 && !memcmp(p, "HTTP/", 5))
        alto_buf_reset(&s->resp->headers);
    if (s->resp->headers.len + len > HTTP_MAX_HEADERS) {
        s->header_overflow = 1;
        return 0;
    }
    alto_buf_append(&s->resp->headers, p, len);
    return len;
}

static double http_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Method and body: POST with a body, HEAD without, anything else custom. */
static void http_method(CURL *c, const alto_http_req *req) {
    const char *m = req->method ? req->method : "GET";
    if (req->body) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        if (strcmp(m, "POST"))
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m);
    } else if (!strcmp(m, "HEAD")) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (strcmp(m, "GET")) {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m);
    }
}

/* The request's header lines (the caller frees the list). */
static struct curl_slist *http_headers(const alto_http_req *req) {
    struct curl_slist *hdrs = NULL;
    char line[512];
    if (req->content_type) {
        snprintf(line, sizeof line, "Content-Type: %s", req->content_type);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (req->accept) {
        snprintf(line, sizeof line, "Accept: %s", req->accept);
        hdrs = curl_slist_append(hdrs, line);
    }
    hdrs = curl_slist_append(hdrs, "Expect:");
    for (const char *const *x = req->headers; x && *x; x++)
        hdrs = curl_slist_append(hdrs, *x);
    return hdrs;
}

/* Every bound, callback and TLS setting of one request. */
static void http_setup(CURL *c, const alto_http_req *req, http_sink *sink, char *errbuf) {
    double cto = req->connect_timeout > 0 ? req->connect_timeout : HTTP_CONNECT_DEFAULT;
    double tto = req->timeout > 0 ? req->timeout : HTTP_TIMEOUT_DEFAULT;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    /* At least 1 ms: 0 would mean "no timeout" to libcurl (a deadline
     * that is nearly spent must not become an endless request). */
    long cto_ms = (long)(cto * 1000), tto_ms = (long)(tto * 1000);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, cto_ms > 0 ? cto_ms : 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, tto_ms > 0 ? tto_ms : 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, sink);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "altospec");
    if (req->cafile) curl_easy_setopt(c, CURLOPT_CAINFO, req->cafile);
    if (req->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    /* Compressed bodies would make the cap count compressed bytes; ask
     * for identity (no Accept-Encoding header at all). */
    http_method(c, req);
}

/* Why a transfer failed, in resp->error. */
static void http_error(alto_http_resp *resp, const http_sink *sink, CURLcode rc, const char *errbuf) {
    if (resp->truncated)
        snprintf(resp->error, sizeof resp->error,
                 "response body exceeds the cap of %zu bytes", sink->max_body);
    else if (sink->header_overflow)
        snprintf(resp->error, sizeof resp->error,
                 "response headers exceed %zu bytes", HTTP_MAX_HEADERS);
    else if (rc == CURLE_OPERATION_TIMEDOUT) {
        /* A cut reason is fine (the error is a one-line message); testing
         * the length says so to -Wformat-truncation (-Os, -Werror). */
        int n = snprintf(resp->error, sizeof resp->error, "timeout after %.1f s: %s",
                         resp->elapsed, errbuf[0] ? errbuf : curl_easy_strerror(rc));
        if (n >= (int)sizeof resp->error) resp->error[sizeof resp->error - 1] = '\0';
    } else
        snprintf(resp->error, sizeof resp->error, "%s",
                 errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

/* --verbose: one exchange on stderr, request then response, bodies cut
 * at a line's worth (the whole exchange is in the reports' evidence). */
static void http_trace(const alto_http_req *req, const alto_http_resp *resp) {
    enum { SHOW = 200 };
    fprintf(stderr, "> %s %s\n", req->method, req->url);
    if (req->accept) fprintf(stderr, "> Accept: %s\n", req->accept);
    if (req->content_type) fprintf(stderr, "> Content-Type: %s\n", req->content_type);
    if (req->body && req->body_len)
        fprintf(stderr, "> %.*s%s\n", (int)(req->body_len < SHOW ? req->body_len : SHOW), req->body,
                req->body_len > SHOW ? " ..." : "");
    if (resp->error[0]) {
        fprintf(stderr, "< (no response: %s, after %.3f s)\n", resp->error, resp->elapsed);
        return;
    }
    fprintf(stderr, "< %ld %s, %zu bytes in %.3f s\n", resp->status,
            resp->content_type ? resp->content_type : "(no Content-Type)", resp->body.len, resp->elapsed);
    if (resp->body.len)
        fprintf(stderr, "< %.*s%s\n", (int)(resp->body.len < SHOW ? resp->body.len : SHOW), resp->body.data,
                resp->body.len > SHOW ? " ..." : "");
}

int alto_http_do(alto_http *h, const alto_http_req *req, alto_http_resp *resp) {
    CURL *c = h->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    http_sink sink = {resp, req->max_body ? req->max_body : HTTP_MAX_BODY_DEFAULT, 0};
    resp->status = 0;
    resp->error[0] = '\0';
    resp->truncated = 0;
    http_setup(c, req, &sink, errbuf);
    struct curl_slist *hdrs = http_headers(req);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);

    double t0 = http_now();
    CURLcode rc = curl_easy_perform(c);
    resp->elapsed = http_now() - t0;
    /* The handle outlives this frame: drop every pointer into it. */
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(hdrs);

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    resp->status = status;
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    free(resp->content_type);
    resp->content_type = ct ? alto_xstrdup(ct) : NULL;
    if (!resp->body.data) alto_buf_puts(&resp->body, "");
    if (!resp->headers.data) alto_buf_puts(&resp->headers, "");
    if (rc != CURLE_OK) http_error(resp, &sink, rc, errbuf);
    if (alto_tty_verbose()) http_trace(req, resp);
    return rc == CURLE_OK ? 0 : -1;
}

void alto_http_resp_free(alto_http_resp *resp) {
    if (!resp) return;
    free(resp->content_type);
    alto_buf_free(&resp->headers);
    alto_buf_free(&resp->body);
    memset(resp, 0, sizeof *resp);
}

void alto_http_resp_keep_prefix(alto_http_resp *resp, size_t prefix) {
    if (resp->cut || resp->body.len <= prefix) return;
    alto_sha256_of(resp->body.data, resp->body.len, resp->body_sha256);
    resp->body_total = resp->body.len;
    resp->cut = 1;
    /* Give the memory back, not just the length: that is the point. */
    alto_buf kept = ALTO_BUF_INIT;
    alto_buf_append(&kept, resp->body.data, prefix);
    alto_buf_free(&resp->body);
    resp->body = kept;
}

char *alto_http_header(const alto_http_resp *resp, const char *name) {
    const char *p = resp->headers.data;
    size_t nl = strlen(name);
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1, *e = p + len;
            while (v < e && (*v == ' ' || *v == '\t')) v++;
            while (e > v && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
            char *out = alto_xmalloc((size_t)(e - v) + 1);
            memcpy(out, v, (size_t)(e - v));
            out[e - v] = '\0';
            return out;
        }
        p = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* POSIX shell single quoting: 'it'\''s'. */
static void http_shq(alto_buf *b, const char *s, size_t n) {
    alto_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') alto_buf_puts(b, "'\\''");
        else alto_buf_putc(b, s[i]);
    }
    alto_buf_putc(b, '\'');
}

static void http_shq_header(alto_buf *b, const char *name, const char *v) {
    alto_buf_puts(b, " -H ");
    alto_buf tmp = ALTO_BUF_INIT;
    alto_buf_printf(&tmp, "%s: %s", name, v);
    http_shq(b, tmp.data, tmp.len);
    alto_buf_free(&tmp);
}

char *alto_http_curl_cmd(const alto_http_req *req) {
    alto_buf b = ALTO_BUF_INIT;
    const char *m = req->method ? req->method : "GET";
    alto_buf_puts(&b, "curl -sS -i");
    if (req->insecure) alto_buf_puts(&b, " -k");
    if (req->cafile) {
        alto_buf_puts(&b, " --cacert ");
        http_shq(&b, req->cafile, strlen(req->cafile));
    }
    if (strcmp(m, "GET") || req->body) {
        alto_buf_printf(&b, " -X %s", m);
    }
    if (req->content_type) http_shq_header(&b, "Content-Type", req->content_type);
    if (req->accept) http_shq_header(&b, "Accept", req->accept);
    for (const char *const *x = req->headers; x && *x; x++) {
        alto_buf_puts(&b, " -H ");
        http_shq(&b, *x, strlen(*x));
    }
    if (req->body) {
        alto_buf_puts(&b, " --data-binary ");
        http_shq(&b, req->body, req->body_len);
    }
    alto_buf_puts(&b, " ");
    http_shq(&b, req->url, strlen(req->url));
    return alto_buf_take(&b);
}

void alto_http_media_type(const char *content_type, char *out, size_t n) {
    alto_media_type(content_type, out, n);
}

/* srv_head.c: the RFC 9112 rules a request head must follow before the
 * reference server lets libmicrohttpd see it (srv_front.c peeks the bytes;
 * this file only reads a buffer, so it is a pure function and fuzzable).
 *
 * What is refused, and why (RFC 9112 section numbers):
 *   - a request line that is not method SP request-target SP HTTP-version
 *     (3), a request target with a byte outside visible ASCII or with a
 *     %-escape of a control byte (%00-%1F, %7F: the path must not be cut at
 *     a NUL further down), a malformed %-escape: 400;
 *   - a target over SRV_HEAD_URI_MAX (8,000 octets, the size 3 says to
 *     support): 414; an HTTP major version other than 1: 505;
 *   - whitespace between a field name and the colon (5.1: MUST reject), a
 *     folded line (5.2: obs-fold, 400), a control byte in a field value, a
 *     bare CR: 400;
 *   - a head over the limit, or more than SRV_HEAD_FIELDS_MAX fields: 431;
 *   - HTTP/1.1 without exactly one Host (3.2: MUST be 400);
 *   - Content-Length that is not digits, or several that differ (6.3 item
 *     5: "unrecoverable error"; request smuggling), both Content-Length and
 *     Transfer-Encoding (6.1 allows refusing; we do): 400;
 *   - a transfer coding other than chunked (6.1: SHOULD be 501), chunked
 *     twice or not last: 501 / 400; Transfer-Encoding in HTTP/1.0: 400.
 * The request target is otherwise left to the handler (origin-form and
 * absolute-form are both answered, 3.2.2). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "srv_int.h"

static int fail(srv_head *h, int status, const char *fmt, const char *arg) {
    h->status = status;
    snprintf(h->why, sizeof h->why, fmt, arg ? arg : "");
    return SRV_HEAD_DONE;
}

/* tchar of RFC 9110 section 5.6.2. */
static int is_tchar(int c) {
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

int srv_hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The request target: visible ASCII, %-escapes well formed and not of a
 * control byte. */
static int check_target(srv_head *h, const char *t, size_t n) {
    if (n > SRV_HEAD_URI_MAX) return fail(h, 414, "request target over %s octets", "8000");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c <= 0x20 || c >= 0x7f)
            return fail(h, 400, "control or non-ASCII byte in the request target%s", NULL);
        if (c != '%') continue;
        int hi = i + 2 < n ? srv_hexval((unsigned char)t[i + 1]) : -1;
        int lo = i + 2 < n ? srv_hexval((unsigned char)t[i + 2]) : -1;
        if (hi < 0 || lo < 0)
            return fail(h, 400, "malformed %%-escape in the request target%s", NULL);
        int v = hi * 16 + lo;
        if (v < 0x20 || v == 0x7f)
            return fail(h, 400, "%%-escaped control byte (such as %%00) in the request "
                        "target%s", NULL);
        i += 2;
    }
    return 0;
}

/* "METHOD SP target SP HTTP/x.y" (no CR/LF in [p, p+n)). */
static int request_line(srv_head *h, const char *p, size_t n) {
    const char *sp1 = memchr(p, ' ', n);
    if (!sp1 || sp1 == p) return fail(h, 400, "malformed request line%s", NULL);
    for (const char *q = p; q < sp1; q++)
        if (!is_tchar((unsigned char)*q)) return fail(h, 400, "malformed method%s", NULL);
    size_t rest = n - (size_t)(sp1 + 1 - p);
    const char *t = sp1 + 1;
    const char *sp2 = memchr(t, ' ', rest);
    if (!sp2 || sp2 == t) {
        /* No second space: a long target is 414, anything else 400. */
        if (!sp2 && rest > SRV_HEAD_URI_MAX) return fail(h, 414, "request target over %s octets", "8000");
        return fail(h, 400, "malformed request line%s", NULL);
    }
    if (check_target(h, t, (size_t)(sp2 - t))) return SRV_HEAD_DONE;
    const char *v = sp2 + 1;
    size_t vn = n - (size_t)(v - p);
    if (vn != 8 || memcmp(v, "HTTP/", 5) || !isdigit((unsigned char)v[5]) || v[6] != '.' ||
        !isdigit((unsigned char)v[7]))
        return fail(h, 400, "malformed HTTP version in the request line%s", NULL);
    if (v[5] != '1') return fail(h, 505, "only HTTP/1.x is served here%s", NULL);
    h->http11 = v[7] != '0';
    size_t ml = (size_t)(sp1 - p);
    snprintf(h->method, sizeof h->method, "%.*s", ml < sizeof h->method ? (int)ml : 0, p);
    return 0;
}

/* A Content-Length value: digits only, and only one field.  RFC 9112 6.3
 * item 5 lets a recipient accept a repeated identical value ("5, 5"), but
 * libmicrohttpd behind the front does not, and a second value is the
 * request smuggling pattern: every repetition is refused. */
static int content_length(srv_head *h, const char *v, size_t n) {
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t')) i++;
    /* Trailing whitespace is OWS and allowed, but libmicrohttpd answers it
     * with its own HTML 400: refused here instead, with an ALTO error. */
    if (h->content_length >= 0)
        return fail(h, 400, "more than one Content-Length%s", NULL);
    if (i == n || n - i > 15)
        return fail(h, 400, "malformed Content-Length (digits only)%s", NULL);
    long long x = 0;
    for (; i < n; i++) {
        if (!isdigit((unsigned char)v[i]))
            return fail(h, 400, memchr(v, ',', n) ? "more than one Content-Length%s"
                                               : "malformed Content-Length (digits only)%s", NULL);
        x = x * 10 + (v[i] - '0');
    }
    h->content_length = x;
    return 0;
}

/* Transfer-Encoding codings: only chunked, once, last (several fields
 * concatenate, RFC 9110 5.3). */
static int transfer_encoding(srv_head *h, const char *v, size_t n) {
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ',')) i++;
        size_t s = i;
        while (i < n && v[i] != ',' && v[i] != ';' && v[i] != ' ' && v[i] != '\t') i++;
        if (i == s) break;
        if (i - s == 7 && !strncasecmp(v + s, "chunked", 7)) {
            if (h->chunked) return fail(h, 400, "chunked applied twice%s", NULL);
            h->chunked = 1;
        } else {
            char name[40];
            snprintf(name, sizeof name, "%.*s", (int)(i - s < 32 ? i - s : 32), v + s);
            for (char *c = name; *c; c++) if (!is_tchar((unsigned char)*c)) *c = '?';
            return fail(h, 501, "transfer coding \"%s\" is not implemented", name);
        }
        while (i < n && v[i] != ',') i++;   /* parameters of a coding */
    }
    h->has_te = 1;
    return 0;
}

/* One field, name [n, n+nl) and value [v, v+vn), once the line is split. */
int srv_head_field(srv_head *h, const char *n, size_t nl, const char *v, size_t vn) {
    for (size_t i = 0; i < vn; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(h, 400, "control byte in a header field value%s", NULL);
    }
    if (nl == 4 && !strncasecmp(n, "host", 4)) h->hosts++;
    else if (nl == 14 && !strncasecmp(n, "content-length", 14)) return content_length(h, v, vn);
    else if (nl == 17 && !strncasecmp(n, "transfer-encoding", 17)) return transfer_encoding(h, v, vn);
    else if (nl == 6 && !strncasecmp(n, "expect", 6)) h->expect = 1;
    return 0;
}

/* One "name: value" line (no CR/LF). */
static int field(srv_head *h, const char *p, size_t n) {
    if (p[0] == ' ' || p[0] == '\t')
        return fail(h, 400, "folded header line (obs-fold)%s", NULL);
    const char *colon = memchr(p, ':', n);
    if (!colon || colon == p) return fail(h, 400, "header line without a field name%s", NULL);
    for (const char *q = p; q < colon; q++)
        if (!is_tchar((unsigned char)*q))
            return fail(h, 400, "malformed field name (no whitespace before the colon)%s", NULL);
    size_t nl = (size_t)(colon - p);
    return srv_head_field(h, p, nl, colon + 1, n - nl - 1);
}

int srv_head_finish(srv_head *h) {
    if (h->http11 && h->hosts != 1)
        return fail(h, 400, h->hosts ? "more than one Host header%s"
                                     : "HTTP/1.1 request without a Host header%s", NULL);
    if (h->has_te && !h->http11)
        return fail(h, 400, "Transfer-Encoding in an HTTP/1.0 request%s", NULL);
    if (h->has_te && !h->chunked) return fail(h, 400, "empty Transfer-Encoding%s", NULL);
    if (h->has_te && h->content_length >= 0)
        return fail(h, 400, "both Content-Length and Transfer-Encoding%s", NULL);
    return SRV_HEAD_DONE;
}

void srv_head_init(srv_head *h) {
    memset(h, 0, sizeof *h);
    h->content_length = -1;
}

/* The end of the head (just past the empty line), or 0 when not there. */
static size_t head_end(const char *p, size_t n) {
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n') continue;
        if (p[i + 1] == '\n') return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
    }
    return 0;
}

int srv_head_parse(const char *p, size_t n, size_t limit, srv_head *h) {
    srv_head_init(h);
    size_t skip = 0;    /* RFC 9112 2.2: empty lines before the request line */
    while (skip < n && skip < 8 && (p[skip] == '\r' || p[skip] == '\n')) skip++;
    size_t end = head_end(p + skip, n - skip);
    /* Only the head's bytes: what follows it is body, whatever it holds
     * (the verdict must not depend on how much of the body arrived). */
    if (memchr(p, 0, end ? skip + end : n)) return fail(h, 400, "NUL byte in the request head%s", NULL);
    if (!end) {
        if (n < limit) return SRV_HEAD_MORE;
        if (!memchr(p + skip, '\n', n - skip))
            return fail(h, 414, "request line over the head limit%s", NULL);
        return fail(h, 431, "request head over the limit%s", NULL);
    }
    if (skip + end > limit) return fail(h, 431, "request head over the limit%s", NULL);
    h->head_len = skip + end;
    const char *q = p + skip, *stop = p + skip + end;
    int line = 0;
    while (q < stop) {
        const char *lf = memchr(q, '\n', (size_t)(stop - q));
        size_t ln = (size_t)(lf - q);
        if (ln && q[ln - 1] == '\r') ln--;
        if (memchr(q, '\r', ln)) return fail(h, 400, "bare CR in the request head%s", NULL);
        if (!ln) break;                     /* the empty line */
        if (++line > SRV_HEAD_FIELDS_MAX + 1)
            return fail(h, 431, "more than 100 header fields%s", NULL);
        if (line == 1 ? request_line(h, q, ln) : field(h, q, ln)) return SRV_HEAD_DONE;
        q = lf + 1;
    }
    /* More empty lines than the 8 skipped above: no request line at all
     * (libmicrohttpd would wait for one until the deadline). */
    if (!line) return fail(h, 400, "no request line (only empty lines)%s", NULL);
    return srv_head_finish(h);
}

/* ---- chunked bodies (RFC 9112 section 7.1) ---- */

/* One chunk-size line [p, p+n) without CRLF: hex size, then extensions. */
static int chunk_line(srv_head *h, const char *p, size_t n, unsigned long long *size) {
    size_t i = 0;
    *size = 0;
    while (i < n && srv_hexval((unsigned char)p[i]) >= 0) {
        if (i >= 12) { fail(h, 400, "chunk size too large%s", NULL); return -1; }
        *size = *size * 16 + (unsigned)srv_hexval((unsigned char)p[i]);
        i++;
    }
    if (!i) { fail(h, 400, "malformed chunk size%s", NULL); return -1; }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            { fail(h, 400, "control byte in a chunk extension%s", NULL); return -1; }
    }
    return 0;
}

int srv_chunked_check(const char *p, size_t n, srv_head *h) {
    size_t i = 0;
    for (;;) {
        const char *lf = memchr(p + i, '\n', n - i);
        size_t avail = lf ? (size_t)(lf - (p + i)) : n - i;
        if (avail > SRV_CHUNK_LINE_MAX)
            return fail(h, 400, "chunk line (with extensions) over 4096 bytes%s", NULL);
        if (!lf) return SRV_HEAD_MORE;
        size_t ln = avail;
        if (ln && p[i + ln - 1] == '\r') ln--;
        unsigned long long size;
        if (chunk_line(h, p + i, ln, &size) < 0) return SRV_HEAD_DONE;
        i = (size_t)(lf - p) + 1;
        if (size == 0) break;
        if (size > n - i) return SRV_HEAD_MORE;     /* data beyond what we see */
        i += size;
        if (i < n && p[i] == '\r') i++;
        if (i >= n) return SRV_HEAD_MORE;
        if (p[i] != '\n') return fail(h, 400, "chunk data not followed by CRLF%s", NULL);
        i++;
    }
    for (;;) {      /* trailer section, then the empty line */
        const char *lf = memchr(p + i, '\n', n - i);
        if (!lf) return n - i > SRV_CHUNK_LINE_MAX
                     ? fail(h, 400, "trailer line over 4096 bytes%s", NULL) : SRV_HEAD_MORE;
        size_t ln = (size_t)(lf - (p + i));
        if (ln && p[i + ln - 1] == '\r') ln--;
        i = (size_t)(lf - p) + 1;
        if (!ln) break;
    }
    h->body_seen = 1;
    return SRV_HEAD_DONE;
}

const char *srv_origin_form(const char *t) {
    size_t k = !strncasecmp(t, "http://", 7) ? 7 : !strncasecmp(t, "https://", 8) ? 8 : 0;
    if (!k) return t;
    const char *slash = strchr(t + k, '/');
    return slash ? slash : "/";
}

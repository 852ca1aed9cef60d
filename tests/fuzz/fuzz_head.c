/* fuzz_head.c: the reference server's request head rules
 * (server-under-test/srv_head.c), on what has arrived of a request.
 *
 * Properties: with as many bytes as the head limit, the verdict is final;
 * a refusal is one of the statuses srv_head.c documents, with a reason; an
 * accepted head has a request line (a method of tchars), ends with its
 * empty line inside the input, and obeys the framing rules it enforces
 * (one Host on HTTP/1.1, Content-Length or chunked, not both); the verdict
 * on a head does not depend on what follows it (the bytes up to head_len
 * alone, or with body bytes after them, give the same); a chunked body's
 * check ends in "more", "seen" or a 400 with a reason. */
#include <string.h>
#include "fuzz.h"
#include "srv_int.h"

static int is_status(int s) {
    return s == 400 || s == 414 || s == 431 || s == 501 || s == 505;
}

static void check_good(const char *p, size_t n, const srv_head *h) {
    FUZZ_CHECK(h->head_len > 0 && h->head_len <= n && p[h->head_len - 1] == '\n',
               "head_len %zu of %zu", h->head_len, n);
    FUZZ_CHECK(h->method[0] != '\0', "an accepted head without a request line");
    FUZZ_CHECK(!h->http11 || h->hosts == 1, "HTTP/1.1 with %d Host fields", h->hosts);
    FUZZ_CHECK(!(h->has_te && h->content_length >= 0), "both Transfer-Encoding and Content-Length");
    FUZZ_CHECK(h->content_length >= -1, "Content-Length %lld", h->content_length);
    srv_head alone;
    FUZZ_CHECK(srv_head_parse(p, h->head_len, SRV_HEAD_LIMIT, &alone) == SRV_HEAD_DONE &&
               alone.status == 0 && !strcmp(alone.method, h->method) &&
               alone.content_length == h->content_length && alone.chunked == h->chunked,
               "the head alone gets %d (%s)", alone.status, alone.why);
    /* A body byte the head never sees, NUL included. */
    char *more = malloc(n + 1);
    memcpy(more, p, n);
    more[n] = '\0';
    srv_head with;
    FUZZ_CHECK(srv_head_parse(more, n + 1, SRV_HEAD_LIMIT, &with) == SRV_HEAD_DONE && with.status == 0,
               "a body byte after the head changes it to %d (%s)", with.status, with.why);
    free(more);
    if (h->chunked) {
        srv_head c = *h;
        int r = srv_chunked_check(p + h->head_len, n - h->head_len, &c);
        FUZZ_CHECK(r == SRV_HEAD_MORE || c.body_seen || (c.status == 400 && c.why[0]),
                   "chunked check %d, status %d", r, c.status);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = (const char *)data;
    srv_head h;
    int r = srv_head_parse(p, size, SRV_HEAD_LIMIT, &h);
    if (r == SRV_HEAD_MORE) {
        FUZZ_CHECK(size < SRV_HEAD_LIMIT, "still \"more\" after %zu bytes", size);
        return 0;
    }
    FUZZ_CHECK(r == SRV_HEAD_DONE, "result %d", r);
    if (h.status) {
        FUZZ_CHECK(is_status(h.status) && h.why[0], "refused with %d (%s)", h.status, h.why);
        return 0;
    }
    check_good(p, size, &h);
    return 0;
}

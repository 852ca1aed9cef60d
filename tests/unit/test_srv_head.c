/* test_srv_head.c: the RFC 9112 head rules of the reference server's accept
 * front (srv_head.c), as data rows: bytes and the expected answer. */
#include <stdlib.h>
#include "t.h"
#include "srv_int.h"

#define CRLF "\r\n"
#define GET(t) "GET " t " HTTP/1.1" CRLF "Host: x" CRLF
static const struct { const char *head; int rc, status; } rows[] = {
    {GET("/directory") CRLF, SRV_HEAD_DONE, 0},
    {CRLF GET("/directory") CRLF, SRV_HEAD_DONE, 0},
    {"GET /directory HTTP/1.0" CRLF CRLF, SRV_HEAD_DONE, 0},
    {GET("/directory") "\n", SRV_HEAD_DONE, 0},              /* bare LF line ends */
    {GET("/directory"), SRV_HEAD_MORE, 0},
    {"GET /dir", SRV_HEAD_MORE, 0},
    {GET("/directory%00") CRLF, SRV_HEAD_DONE, 400},
    {GET("/directory%0A") CRLF, SRV_HEAD_DONE, 400},
    {GET("/directory%7f") CRLF, SRV_HEAD_DONE, 400},
    {GET("/directory%2") CRLF, SRV_HEAD_DONE, 400},
    {GET("/directory%g0") CRLF, SRV_HEAD_DONE, 400},
    {GET("/direc\x01tory") CRLF, SRV_HEAD_DONE, 400},
    {GET("/caf\xc3\xa9") CRLF, SRV_HEAD_DONE, 400},
    {GET("/%41%7e") CRLF, SRV_HEAD_DONE, 0},
    {GET("http://h:1/directory") CRLF, SRV_HEAD_DONE, 0},
    {"GET /directory HTTP/1.1" CRLF CRLF, SRV_HEAD_DONE, 400},      /* no Host */
    {GET("/") "Host: y" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: 5" CRLF "Content-Length: 6" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: 5" CRLF "Content-Length: 5" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: 5, 5" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: 5x" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: -1" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length: 5 " CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Content-Length:  5" CRLF CRLF, SRV_HEAD_DONE, 0},
    {GET("/") "Transfer-Encoding: gzip" CRLF CRLF, SRV_HEAD_DONE, 501},
    {GET("/") "Transfer-Encoding: gzip, chunked" CRLF CRLF, SRV_HEAD_DONE, 501},
    {GET("/") "Transfer-Encoding: chunked" CRLF "Transfer-Encoding: chunked" CRLF CRLF,
     SRV_HEAD_DONE, 400},
    {GET("/") "Transfer-Encoding: chunked" CRLF "Content-Length: 3" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Transfer-Encoding: CHUNKED" CRLF CRLF, SRV_HEAD_DONE, 0},
    {"POST / HTTP/1.0" CRLF "Transfer-Encoding: chunked" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "Accept : x" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "X: a" CRLF " b" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "X: a\rb" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "X: a\x7f" CRLF CRLF, SRV_HEAD_DONE, 400},
    {GET("/") "X: a\tb" CRLF CRLF, SRV_HEAD_DONE, 0},
    {"GET / HTTP/2.0" CRLF CRLF, SRV_HEAD_DONE, 505},
    {"GET / HTTP/1.10" CRLF CRLF, SRV_HEAD_DONE, 400},
    {"GET  / HTTP/1.1" CRLF CRLF, SRV_HEAD_DONE, 400},
    {"G(T / HTTP/1.1" CRLF CRLF, SRV_HEAD_DONE, 400},
    {"HELLO" CRLF CRLF, SRV_HEAD_DONE, 400},
    /* Only empty lines: more than the 8 skipped before a request line. */
    {"\n\n\n\n\n\n\n\n\n\n", SRV_HEAD_DONE, 400},
    {CRLF CRLF CRLF CRLF CRLF CRLF, SRV_HEAD_DONE, 400},
};

static void test_rows(void) {
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        srv_head h;
        /* An exact-size copy, no terminator: the front's peeked bytes are
         * not a C string (an over-read is an ASan report). */
        size_t n = strlen(rows[i].head);
        char *buf = malloc(n ? n : 1);
        memcpy(buf, rows[i].head, n);
        int rc = srv_head_parse(buf, n, SRV_HEAD_LIMIT, &h);
        free(buf);
        T_CHECK_MSG(rc == rows[i].rc, "row %zu: rc %d", i, rc);
        if (rc == SRV_HEAD_DONE)
            T_CHECK_MSG(h.status == rows[i].status, "row %zu: status %d (%s)", i, h.status, h.why);
    }
}

static void test_sizes(void) {
    static char buf[SRV_HEAD_LIMIT + 64];
    srv_head h;
    /* NUL anywhere: refused before the head is complete */
    T_CHECK(srv_head_parse("GET /\0", 6, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && h.status == 400);
    /* ... but a NUL in the body after it is the body's business */
    T_CHECK(srv_head_parse("GET / HTTP/1.0\n\n\0", 17, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && !h.status);
    /* request target over 8,000 octets: 414 */
    int n = snprintf(buf, sizeof buf, "GET /%09000d HTTP/1.1\r\nHost: x\r\n\r\n", 0);
    T_CHECK(srv_head_parse(buf, (size_t)n, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && h.status == 414);
    /* a request line that never ends: 414 at the limit */
    memset(buf, 'a', sizeof buf);
    memcpy(buf, "GET /", 5);
    T_CHECK(srv_head_parse(buf, SRV_HEAD_LIMIT, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && h.status == 414);
    T_CHECK(srv_head_parse(buf, SRV_HEAD_LIMIT - 1, SRV_HEAD_LIMIT, &h) == SRV_HEAD_MORE);
    /* a field that never ends: 431 */
    n = snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\nX: ");
    memset(buf + n, 'b', sizeof buf - (size_t)n);
    T_CHECK(srv_head_parse(buf, SRV_HEAD_LIMIT, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && h.status == 431);
    /* 101 fields: 431 */
    n = snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 100; i++) n += snprintf(buf + n, sizeof buf - (size_t)n, "X%d: 1\r\n", i);
    n += snprintf(buf + n, sizeof buf - (size_t)n, "\r\n");
    T_CHECK(srv_head_parse(buf, (size_t)n, SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && h.status == 431);
    /* the parse reports what the front needs */
    const char *p = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n{}";
    T_CHECK(srv_head_parse(p, strlen(p), SRV_HEAD_LIMIT, &h) == SRV_HEAD_DONE && !h.status);
    T_CHECK(h.content_length == 12 && h.head_len == strlen(p) - 2 && h.http11);
    T_STREQ(h.method, "POST");
}

static void test_chunked(void) {
    static const struct { const char *body; int rc, status; } c[] = {
        {"5\r\nhello\r\n0\r\n\r\n", SRV_HEAD_DONE, 0},
        {"5;a=b;c\r\nhello\r\n0\r\nX-T: 1\r\n\r\n", SRV_HEAD_DONE, 0},
        {"5\r\nhel", SRV_HEAD_MORE, 0},
        {"5\r\nhello\r\n", SRV_HEAD_MORE, 0},
        {"", SRV_HEAD_MORE, 0},
        {"zz\r\nhello\r\n0\r\n\r\n", SRV_HEAD_DONE, 400},
        {"5\r\nhelloX0\r\n\r\n", SRV_HEAD_DONE, 400},
        {"5;\x01\r\nhello\r\n0\r\n\r\n", SRV_HEAD_DONE, 400},
        {"1000000000000\r\n", SRV_HEAD_DONE, 400},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        srv_head h;
        srv_head_init(&h);
        int rc = srv_chunked_check(c[i].body, strlen(c[i].body), &h);
        T_CHECK_MSG(rc == c[i].rc && h.status == c[i].status, "chunk row %zu: %d %d", i, rc,
                    h.status);
    }
    /* an extension over 4,096 bytes, complete or still arriving: 400 */
    static char big[6000];
    memset(big, 'e', sizeof big);
    memcpy(big, "5;", 2);
    srv_head h;
    srv_head_init(&h);
    T_CHECK(srv_chunked_check(big, sizeof big, &h) == SRV_HEAD_DONE && h.status == 400);
}

static void test_origin_form(void) {
    T_STREQ(srv_origin_form("http://h:1/directory"), "/directory");
    T_STREQ(srv_origin_form("HTTPS://h/costmap/x?q"), "/costmap/x?q");
    T_STREQ(srv_origin_form("http://h"), "/");
    T_STREQ(srv_origin_form("/directory"), "/directory");
}

int main(void) {
    test_rows();
    test_sizes();
    test_chunked();
    test_origin_form();
    T_DONE();
}

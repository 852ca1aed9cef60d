/* alto_http.h: the one HTTP client of altospec (libcurl), shared by the
 * conformance engine and the ALTO-querying policies.
 *
 * It is built for hostile servers: every request has a connect and a total
 * timeout, bodies are capped, redirects are not followed (an ALTO server
 * that redirects is reported, not chased), and a transfer that stalls
 * (slow drip) is cut by the total timeout.  One alto_http reuses its
 * connection across requests (HTTP/1.1 keep-alive).  Each exchange is kept
 * whole so that it can be shown as evidence and replayed as a curl line. */
#ifndef ALTO_HTTP_H
#define ALTO_HTTP_H

#include <stddef.h>
#include "alto_buf.h"

typedef struct alto_http_req {
    const char *method;         /* "GET", "POST", ... */
    const char *url;
    const char *content_type;   /* request Content-Type, or NULL */
    const char *accept;         /* Accept, or NULL (no header sent) */
    const char *body;           /* request body or NULL */
    size_t body_len;
    const char *const *headers; /* extra "Name: value", NULL-terminated; may be NULL */
    double connect_timeout;     /* seconds; 0 = 5 */
    double timeout;             /* total seconds; 0 = 10 */
    size_t max_body;            /* response cap in bytes; 0 = 64 MiB */
    /* TLS trust (https URLs); appended last so positional initializers of
     * the fields above stay valid. */
    const char *cafile;         /* PEM CA bundle to verify the server with, or NULL (system) */
    int insecure;               /* 1: do not verify the certificate or host name */
} alto_http_req;

typedef struct alto_http_resp {
    long status;                /* 0 when no response was received */
    char *content_type;         /* Content-Type value as sent, or NULL */
    alto_buf headers;           /* raw response header block */
    alto_buf body;
    int truncated;              /* body hit max_body (transfer aborted) */
    double elapsed;             /* seconds */
    char error[256];            /* transport error text, "" on success */
    /* Set by alto_http_resp_keep_prefix(): the body now holds only its
     * first bytes; body_total and body_sha256 describe the whole. */
    int cut;
    size_t body_total;
    char body_sha256[65];
} alto_http_resp;

typedef struct alto_http alto_http;

alto_http *alto_http_new(void);
void alto_http_free(alto_http *h);
/* Performs the request.  Returns 0 when an HTTP response was received
 * (any status), -1 on a transport failure (refused, reset, timeout, body
 * over the cap), with resp->error saying which.  resp must be zeroed or
 * freed before reuse. */
int alto_http_do(alto_http *h, const alto_http_req *req, alto_http_resp *resp);
void alto_http_resp_free(alto_http_resp *resp);
/* Keeps the first `prefix` bytes of the body and the SHA-256 and length of
 * all of it (an evidence budget spent; see conf_sess.h); a no-op when the
 * body is no longer than prefix. */
void alto_http_resp_keep_prefix(alto_http_resp *resp, size_t prefix);
/* Value of a response header (case-insensitive name), malloc'ed, or NULL. */
char *alto_http_header(const alto_http_resp *resp, const char *name);
/* A ready-to-run shell command reproducing the request (malloc'ed). */
char *alto_http_curl_cmd(const alto_http_req *req);
/* Media type without parameters, lowercased: "application/alto-costmap+json"
 * (alto_media_type(); this name is kept for the engine's includes). */
void alto_http_media_type(const char *content_type, char *out, size_t n);

#endif

/* alto_xchg.h: one HTTP exchange with an ALTO server, kept whole: the
 * evidence record of every verdict, policy answer and estimate.
 *
 * The record owns copies of the request (so it can be replayed as a curl
 * line and shown long after the caller's buffers are gone), the whole
 * response (status, header block, body, capped by the client), the body
 * parsed as a JSON object when it is one, and what the asker made of a
 * multipart answer.  Rendering caps what goes into a report: a 30 MB cost
 * map must not become a 30 MB report, but the curl line is always complete
 * because it must reproduce the request.
 *
 * Two renderings of the one record: alto_xchg_json() is the canonical
 * nested form {request {method, url, headers, body}, response {status,
 * content_type, headers, body, ...}, error, elapsed, curl, ...} (the
 * conformance report's "exchange"); alto_xchg_json_flat() is the flat row
 * of the run report's alto.evidence (version 1 of that report: bodies as
 * parsed JSON, no headers). */
#ifndef ALTO_XCHG_H
#define ALTO_XCHG_H

#include <jansson.h>
#include "alto_http.h"
#include "alto_err.h"

typedef struct alto_xchg {
    alto_http_req req;          /* its strings are the owned copies below */
    char *method, *url, *ctype, *accept, *body;
    alto_http_resp resp;
    int rc;                     /* alto_http_do(): 0 a response, -1 transport failure */
    char media[128];            /* response media type, lowercased */
    json_t *json;               /* the body as a JSON object, or NULL */
    char jerr[256];             /* why json is NULL ("" if it is not) */
    int seq;                    /* request number of the client (1-based); 0 not sent */
    int skipped;                /* not sent: the server was declared dead */
    char *label;                /* who asked (a policy name), or NULL */
    json_t *parts;              /* multipart answer as read by the asker, or NULL */
} alto_xchg;

/* A record of a request about to be sent (strings copied; body may be
 * NULL).  The caller fills req's timeouts and caps. */
alto_xchg *alto_xchg_new(const char *method, const char *url, const char *ctype,
                         const char *accept, const char *body, const char *label);
void alto_xchg_free(alto_xchg *x);

/* 0 when x got HTTP 200, else -1 with what the server said in err:
 * "POST URL: no answer from the ALTO server: TRANSPORT ERROR" or "POST URL:
 * the ALTO server answered 400 E_INVALID_FIELD_VALUE field cost-type". */
int alto_xchg_expect_200(const alto_xchg *x, alto_err *err);
/* The same, and the body must be a JSON object (x->json). */
int alto_xchg_expect_json(const alto_xchg *x, alto_err *err);

/* A redirect is an answer altospec cannot judge (it does not follow
 * redirects: a loop would be endless, and the server under test is the
 * one at the URL asked), so it becomes a transport failure (rc -1, the
 * reason in resp.error; the status stays for the evidence): every case
 * that meets it says ERROR, none FAIL. */
void alto_xchg_no_redirect(alto_xchg *x);

/* Is the server still there?  Judged from the exchanges a client sends:
 * dead after a connect failure (nobody listening) or after
 * ALTO_LIVE_TIMEOUTS total timeouts in a row; the reason names the
 * request.  A client that finds it dead sends nothing more. */
#define ALTO_LIVE_TIMEOUTS 3
typedef struct alto_live {
    int dead;
    char dead_reason[300];
    int timeouts_in_row;
} alto_live;
void alto_live_note(alto_live *l, const alto_xchg *x);
/* A transport error (libcurl's text) that means "nobody is listening". */
int alto_xchg_unreachable(const char *error);

/* The canonical evidence object (new reference); cached: the response was
 * replayed from an identical earlier request. */
json_t *alto_xchg_json(const alto_xchg *x, int cached);
/* The run report's evidence row (new reference). */
json_t *alto_xchg_json_flat(const alto_xchg *x);

#endif

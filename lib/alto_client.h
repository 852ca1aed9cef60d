/* alto_client.h: the one ALTO client of altospec: the conformance engine,
 * the replica-selection policies, the estimator, the SLA scheduler and
 * every extension ask ALTO servers through it.
 *
 * A client talks to one server, named by its IRD URL.  It owns the HTTP
 * connection (alto_http: timeouts, capped bodies, no redirects), the log
 * of every exchange as an evidence record (alto_xchg, in request order),
 * the IRD closure (the root IRD and the delegated IRDs it leads to, with
 * every resource classified by media type), and the network maps it has
 * fetched, indexed for longest-prefix match.
 *
 * Built for hostile servers: a failed connect (refused, unreachable,
 * connect timeout) or three consecutive total timeouts declare the server
 * dead, and every later request fails at once, unsent, with that reason,
 * so a crashed server costs one timeout and not one per question.  With
 * `cache` set, identical requests (method, URL, Content-Type, body) are
 * answered from the log: ALTO queries are read-only, so a suite that
 * checks one network map fifteen ways fetches it once, and each asker
 * still gets the exchange as its evidence.
 *
 * A redirect (3xx) is not followed and not an answer: the exchange fails
 * like a transport failure, "cannot judge: HTTP 302 redirect to ...".
 *
 * Errors say what the server said: "POST URL: the ALTO server answered
 * 400 E_INVALID_FIELD_VALUE field cost-type", or the transport failure. */
#ifndef ALTO_CLIENT_H
#define ALTO_CLIENT_H

#include <jansson.h>
#include "alto_err.h"
#include "alto_xchg.h"
#include "alto_ird.h"
#include "alto_netmap.h"

typedef struct alto_client_opts {
    double timeout;             /* total per request, seconds */
    double connect_timeout;     /* seconds */
    size_t max_body;            /* response cap, bytes */
    int max_depth;              /* JSON nesting bound of bodies */
    int ird_depth;              /* delegated IRD levels followed (0: the root only) */
    int ird_max;                /* IRD documents fetched at most (breadth bound) */
    int max_resources;          /* IRD entries kept in the closure (the rest is said in its note) */
    const char *cafile;         /* TLS: CA bundle (PEM), NULL = system store */
    int insecure;               /* TLS: no certificate verification */
    int cache;                  /* answer identical requests from the log */
} alto_client_opts;

#define ALTO_CLIENT_OPTS_DEFAULT { .timeout = 10.0, .connect_timeout = 5.0, \
    .max_body = (size_t)64 << 20, .max_depth = 64, .ird_depth = 3, .ird_max = 16, .max_resources = 1000 }

typedef struct alto_client alto_client;

/* opts NULL = ALTO_CLIENT_OPTS_DEFAULT; copied (cafile must outlive c). */
alto_client *alto_client_new(const char *ird_url, const alto_client_opts *opts);
void alto_client_free(alto_client *c);
const char *alto_client_url(const alto_client *c);
const alto_client_opts *alto_client_options(const alto_client *c);

/* ---- exchanges ------------------------------------------------------------- */

/* Sends (or, with cache, replays) one request; never NULL.  The record
 * belongs to the client and lives as long as it.  label names the asker in
 * the evidence (may be NULL); *cached (may be NULL) says it was replayed. */
alto_xchg *alto_client_request(alto_client *c, const char *label, const char *method,
                               const char *url, const char *ctype, const char *accept,
                               const char *body, int *cached);
/* GET with Accept: media and application/alto-error+json. */
alto_xchg *alto_client_get(alto_client *c, const char *label, const char *url, const char *media);
/* POST body (serialized compactly with sorted keys, so evidence and curl
 * lines are stable) as Content-Type ctype, accepting media. */
alto_xchg *alto_client_post(alto_client *c, const char *label, const char *url, const char *media,
                            const char *ctype, const json_t *body);

/* The same, insisting on HTTP 200 and a JSON object: *out is borrowed from
 * the record; -1 with the server's answer in err. */
int alto_client_get_json(alto_client *c, const char *label, const char *url, const char *media,
                         const json_t **out, alto_err *err);
int alto_client_post_json(alto_client *c, const char *label, const char *url, const char *media,
                          const char *ctype, const json_t *body, const json_t **out, alto_err *err);
/* POST answered by multipart/related: *parts (borrowed, also kept in the
 * record for the evidence) as alto_mpart_read() gives them, root first. */
int alto_client_post_mpart(alto_client *c, const char *label, const char *url, const char *media,
                           const char *ctype, const json_t *body, const json_t **parts,
                           alto_err *err);

/* Observer of every request (the engine's "request sent" event). */
typedef void (*alto_client_observer)(void *ud, const alto_xchg *x, int cached);
void alto_client_observe(alto_client *c, alto_client_observer fn, void *ud);

/* Bounds a caller puts around every request the client sends (the
 * conformance engine's run deadline and evidence budget); NULL members are
 * skipped, and the runner sets none.
 *   before: x is about to be sent (its timeouts set from the options), the
 *           server not yet found dead: -1 refuses it (the hook marks it:
 *           rc -1, skipped, the reason in resp.error), else it may shorten
 *           x->req's timeouts;
 *   cut:    x's transport ended: 1 when the caller's bound cut it (the hook
 *           says so in resp.error), so that neither a redirect nor the
 *           server's liveness is judged from it;
 *   keep:   x is parsed and about to enter the log (the hook may cut what
 *           the evidence keeps of its body). */
typedef struct alto_client_hooks {
    int (*before)(void *ud, alto_xchg *x);
    int (*cut)(void *ud, alto_xchg *x);
    void (*keep)(void *ud, alto_xchg *x);
    void *ud;
} alto_client_hooks;
void alto_client_bound(alto_client *c, const alto_client_hooks *h);

/* The log, in request order. */
size_t alto_client_nxchg(const alto_client *c);
const alto_xchg *alto_client_xchg(const alto_client *c, size_t i);
/* Requests actually sent; the reason the server was declared dead, or NULL. */
int alto_client_sent(const alto_client *c);
const char *alto_client_dead(const alto_client *c);

/* ---- the IRD ------------------------------------------------------------------ */

/* Fetches the root IRD and walks the delegated IRDs it names (each URL
 * once, so loops end; at most opts.ird_depth levels and opts.ird_max
 * documents: what is left out is said in the closure's note).  0 when the
 * root IRD is a JSON object (HTTP 200), else -1 with the server's answer.
 * Fetched once; later calls return the first result. */
int alto_client_ird(alto_client *c, const char *label, alto_err *err);
/* The closure (empty before alto_client_ird). */
const alto_ird *alto_client_closure(const alto_client *c);
/* An IRD URI made absolute against the root IRD's URL (malloc'ed), or NULL. */
char *alto_client_resolve(const alto_client *c, const char *uri);

/* ---- network maps -------------------------------------------------------------- */

/* The network map at uri, fetched once (GET, with evidence) and indexed;
 * *out is borrowed from the client. */
int alto_client_netmap(alto_client *c, const char *label, const char *uri,
                       const alto_netmap **out, alto_err *err);
/* The PID of addr in the network map at uri: *pid borrowed; -1 with
 * "GET URI: no PID of the network map contains ipv4:..." when none. */
int alto_client_pid(alto_client *c, const char *label, const char *uri, const alto_addr *addr,
                    const char **pid, alto_err *err);

#endif

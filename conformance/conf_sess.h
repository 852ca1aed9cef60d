/* conf_sess.h: one conformance run against one server.
 *
 * The session owns the HTTP client, the IRD closure learned by the probe,
 * and a cache of exchanges keyed by (method, URL, body): ALTO queries are
 * read-only, so a suite that checks one network map fifteen ways fetches
 * it once, and every case still gets the exchange as its evidence.
 *
 * Dead-server detection: a failed connect (refused, unreachable, connect
 * timeout) or three consecutive total timeouts mark the server dead; every
 * later request is then not sent and fails at once with that reason, so a
 * crashed server costs one timeout, not one per case. */
#ifndef CONF_SESS_H
#define CONF_SESS_H

#include "conf.h"
#include "alto_client.h"

typedef struct conf_opts {
    double timeout;             /* total per request, seconds */
    double connect_timeout;
    size_t max_body;            /* response cap, bytes */
    int max_depth;              /* JSON nesting bound */
    int ird_depth;              /* delegated IRD depth limit */
    const char *cafile;         /* TLS: CA bundle (PEM), NULL = system store */
    int insecure;               /* TLS: no certificate verification */
    /* Bounds of the whole run (a hostile server must not make it endless
     * or unbounded in memory); each one that triggers is recorded in
     * conf_session.bounds and its cases become ERROR (conf_run.c). */
    double deadline;            /* seconds from the session's start, for every request */
    int max_resources;          /* IRD entries kept in the closure */
    int max_irds;               /* IRD documents fetched (root + delegated: breadth) */
    size_t evidence_budget;     /* response body bytes kept whole for the run */
} conf_opts;

#define CONF_OPTS_DEFAULT { .timeout = 10.0, .connect_timeout = 5.0, .max_body = (size_t)64 << 20, \
    .max_depth = 64, .ird_depth = 3, .deadline = 300.0, .max_resources = 1000, .max_irds = 16, \
    .evidence_budget = (size_t)64 << 20 }
/* Bytes of a body kept beyond the evidence budget (what a report shows). */
#define CONF_KEEP_PREFIX 8192

/* Service kinds, from (media-type, accepts) of an IRD entry. */
typedef enum conf_svc {
    CONF_SVC_OTHER, CONF_SVC_IRD, CONF_SVC_NETMAP, CONF_SVC_COSTMAP,
    CONF_SVC_FNETMAP, CONF_SVC_FCOSTMAP, CONF_SVC_EPROP, CONF_SVC_ECS,
    /* RFC 9275: media-type "multipart/related" whose "type" parameter is
     * the cost map / endpoint cost media type (accepts is judged by the
     * suite, not used to classify). */
    CONF_SVC_PV_COSTMAP, CONF_SVC_PV_ECS,
    /* RFC 9240 property map (GET) and filtered property map (POST). */
    CONF_SVC_PROPMAP, CONF_SVC_FPROPMAP,
    CONF_SVC_COUNT
} conf_svc;

typedef struct conf_res {
    const char *id;             /* borrowed from the IRD body */
    const char *uri_raw;        /* as written, may be relative; NULL if absent */
    char *uri;                  /* resolved (RFC 3986 section 5), NULL if not */
    const char *media, *accepts;/* NULL when absent or not strings */
    json_t *entry, *caps, *uses;/* borrowed; caps/uses NULL when absent */
    int ird;                    /* index of the defining IRD */
    conf_svc svc;
    int multipart;              /* media type is multipart/related (any type) */
} conf_res;

typedef struct conf_irdoc {
    char *url;
    conf_xchg *x;               /* the fetch (owned by the session cache) */
    json_t *doc;                /* x->json: NULL when unusable */
    int depth;                  /* 0 = root */
    const char *via;            /* delegating resource id, NULL for root */
} conf_irdoc;

typedef struct conf_ird {
    conf_irdoc *irds;
    int nirds;
    conf_res *res;
    int nres;
    unsigned services;          /* CONF_NEED_* available */
    json_t *by_id;              /* resource id -> index of its first entry (linear lookups) */
    int *by_svc[CONF_SVC_COUNT];    /* per kind: indexes of the entries with a URI */
    int nby_svc[CONF_SVC_COUNT];
    char note[512];             /* e.g. delegation not followed */
    const char *cause;          /* why the probe failed: "unreachable", "dns", "tls",
                                 * "timeout", "transport", "not-an-ird"; NULL if it did not */
} conf_ird;

struct conf_session {
    /* lib/'s client sends every request: the replay cache of identical
     * requests, the log, dead-server detection; the session bounds each
     * request by the run deadline and the evidence budget (its hooks). */
    alto_client *client;
    conf_opts opts;
    char *ird_url;
    conf_ird ird;
    int probed;
    int clamped;                /* the request being sent has its timeout cut to the deadline */
    double t_end;               /* monotonic time of the run deadline */
    int deadline_hit;           /* a request was refused or cut by the deadline */
    size_t kept_bytes;          /* body bytes kept whole (evidence budget) */
    int budget_hit;
    json_t *bounds;             /* [{bound, limit, message}] of the bounds that triggered */
    /* Observer of requests (the runner's "request sent" event). */
    void (*on_request)(void *ud, const conf_xchg *x, int cached);
    void *ud;
};

conf_session *conf_session_new(const char *ird_url, const conf_opts *o);
/* Records a bound that triggered (first of each name kept); the message
 * says what was left out and which flag raises the limit. */
void conf_session_bound(conf_session *s, const char *name, double limit, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The message of the first bound that triggered and limits the closure
 * the run saw (IRD depth, breadth, resources), or NULL.  Not the evidence
 * budget, which cuts only what is kept after judging, nor the deadline,
 * which conf_run.c applies to the cases it reached. */
const char *conf_session_bounded(const conf_session *s);
/* 1 when the run deadline has passed. */
int conf_session_late(conf_session *s);
void conf_session_free(conf_session *s);
/* Sends (or replays from cache) one request; never NULL. */
conf_xchg *conf_session_request(conf_session *s, const char *method, const char *url,
                                const char *ctype, const char *accept,
                                const char *body, int *cached);
/* Requests actually sent (replays and refusals not counted). */
int conf_session_requests(const conf_session *s);
/* Fetches the root IRD and follows delegated IRDs; fills s->ird.  Returns
 * 0 when the root URL answered an ALTO directory, -1 otherwise (one-line
 * reason in err, its kind in s->ird.cause): nothing answered, or the
 * answer is not 200, not a JSON object, or a JSON object that neither is
 * labelled application/alto-directory+json nor has "resources". */
int conf_session_probe(conf_session *s, alto_err *err);

/* Lookups in the closure. */
const conf_res *conf_ird_find(const conf_ird *d, const char *id);
/* The i-th resource of a service kind, or NULL. */
const conf_res *conf_ird_nth(const conf_ird *d, conf_svc svc, int i);
/* CostType object named `name` in the IRD defining r, or NULL. */
json_t *conf_ird_cost_type(const conf_session *s, const conf_res *r, const char *name);
/* The network map resource r uses (first "uses" entry that is a GET network
 * map), or NULL. */
const conf_res *conf_ird_uses_netmap(const conf_ird *d, const conf_res *r);
const char *conf_svc_name(conf_svc svc);

#endif

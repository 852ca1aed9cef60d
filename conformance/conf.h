/* conf.h: the conformance engine's core types.
 *
 * A suite is a static table of cases, one per RFC requirement, in section
 * order (conformance/rfc7285/suite.c).  A case runs against a conf_ctx: it sends
 * requests through the session (which caches identical requests, so a
 * whole suite costs few round trips), and reports problems as
 * {JSON path, expected, actual, message}.  The verdict follows from the
 * problems and the level of the statement each breaks: a problem at the
 * case's level (its quoted MUST) is FAIL, a soft problem (a SHOULD, or a
 * leniency no MUST forbids) is WARN; a harness-side failure (timeout,
 * garbage, refused, a failed control request) is ERROR and a service the
 * IRD does not advertise is UNSUPPORTED.  A verdict is earned: PASS needs
 * an exchange that was sent and at least one data item a check evaluated
 * (conf_checked); a case that found nothing to look at is SKIP with the
 * reason (conf_ctx.h).  Cases never print: the runner turns every case
 * into events and the reporters render them. */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>
#include <jansson.h>
#include "alto_http.h"
#include "alto_xchg.h"
#include "alto_err.h"

typedef enum conf_verdict {
    CONF_PASS, CONF_FAIL, CONF_WARN, CONF_UNSUPPORTED, CONF_SKIP, CONF_ERROR,
    CONF_NVERDICTS
} conf_verdict;

typedef enum conf_level { CONF_MUST, CONF_MUST_NOT, CONF_SHOULD, CONF_MAY } conf_level;

const char *conf_verdict_name(conf_verdict v);
int conf_verdict_parse(const char *s, conf_verdict *out);
const char *conf_level_name(conf_level l);

/* Services a case needs; the IRD probe says which exist. */
enum {
    CONF_NEED_NETMAP = 1 << 0,      /* GET network map */
    CONF_NEED_COSTMAP = 1 << 1,     /* GET cost map */
    CONF_NEED_FNETMAP = 1 << 2,     /* filtered network map */
    CONF_NEED_FCOSTMAP = 1 << 3,    /* filtered cost map */
    CONF_NEED_FCOST_CONSTR = 1 << 4,/* filtered cost map, cost-constraints */
    CONF_NEED_EPROP = 1 << 5,       /* endpoint property */
    CONF_NEED_ECS = 1 << 6,         /* endpoint cost */
    CONF_NEED_ECS_CONSTR = 1 << 7,  /* endpoint cost, cost-constraints */
    CONF_NEED_DELEGATED = 1 << 8,   /* a delegated (secondary) IRD */
    CONF_NEED_POST = 1 << 9,        /* any POST service */
    CONF_NEED_PV_COSTMAP = 1 << 10, /* RFC 9275 multipart filtered cost map */
    CONF_NEED_PV_ECS = 1 << 11,     /* RFC 9275 multipart endpoint cost */
    CONF_NEED_PV = 1 << 12,         /* either of the two */
    CONF_NEED_MULTIPART = 1 << 13,  /* any multipart/related resource */
    CONF_NEED_PROPMAP = 1 << 14,    /* RFC 9240 property map (GET) */
    CONF_NEED_FPROPMAP = 1 << 15,   /* RFC 9240 filtered property map */
};

typedef struct conf_ctx conf_ctx;
typedef struct conf_session conf_session;

typedef struct conf_res conf_res;

/* A data row: a case that is only a request and an expected answer.
 * conf_data_run (conf_data.c) sends the request to every resource of kind
 * `svc` in the closure (GET when `body` is NULL, else POST of what body
 * builds; body returns NULL after recording why the resource cannot be
 * asked) and checks that the answer is a 200 with media type `media`.
 * A row that needs more (members of the body) is a run function. */
typedef struct conf_want {
    int svc;                    /* conf_svc (conf_sess.h) */
    json_t *(*body)(conf_ctx *c, const conf_res *r);
    const char *media;
} conf_want;

typedef struct conf_case {
    const char *id;             /* "rfc7285/11.2.3.6/dependent-vtags" */
    const char *section;        /* "11.2.3.6" */
    conf_level level;
    const char *title;          /* one line */
    const char *requirement;    /* quoted from the RFC */
    unsigned needs;             /* CONF_NEED_* (all required) */
    void (*run)(conf_ctx *c);   /* the check, or NULL for a data row: */
    const conf_want *expect;    /* the data row's request and answer */
} conf_case;

typedef struct conf_suite {
    const char *name;           /* "rfc7285" */
    const char *title;
    const conf_case *cases;
    size_t ncases;
    /* 1: run only when named (or with "all"), not by a bare `conform`, so
     * adding a suite does not change what existing runs and reports hold. */
    int opt_in;
} conf_suite;

/* Registry of suites (conf_suites.c). */
const conf_suite *conf_suite_find(const char *name);
const conf_suite *const *conf_suites(size_t *n);

/* ---- problems: what checks report -------------------------------- */

#define CONF_PROBS_KEEP 20      /* problems kept per case; more are counted */

typedef struct conf_probs {
    int n;                      /* problems found (may exceed list size) */
    int nsoft;                  /* of which soft (conf_prob_soft) */
    int checked;                /* data items checks evaluated (each problem counts) */
    json_t *list;               /* [{path, expected, actual, message, exchange, level?}] */
    int exchange;               /* index of the exchange being judged, -1 none */
} conf_probs;

void conf_probs_init(conf_probs *p);
void conf_probs_free(conf_probs *p);
/* A problem at the case's level (the statement its row quotes). */
void conf_prob(conf_probs *p, const char *path, const char *expected,
               const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A soft problem: a SHOULD broken, or a leniency that no MUST forbids
 * (stored with "level": "SHOULD"): WARN, FAIL only under --strict. */
void conf_prob_soft(conf_probs *p, const char *path, const char *expected,
                    const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Records that a check looked at n data items that were there (a PASS
 * needs at least one). */
static inline void conf_checked(conf_probs *p, int n) { p->checked += n; }
/* Message of the first problem, or "" (hard: the first at the case's
 * level, else the first soft one). */
const char *conf_probs_first(const conf_probs *p);
const char *conf_probs_first_hard(const conf_probs *p);

/* ---- exchanges ------------------------------------------------------ */

/* The engine's exchange is lib/'s one exchange record (alto_xchg.h:
 * request, response, elapsed, curl line; rendered by alto_xchg_json), so
 * the engine and the runner keep and show the same evidence. */
typedef alto_xchg conf_xchg;

#endif

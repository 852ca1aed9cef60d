/* conf_run.h: selection, the run loop, events, and the report document.
 *
 * The runner emits three events per case (started, request sent, verdict)
 * to a listener; the report builder is one listener and the console
 * progress line another.  The verdict event carries the finished result
 * object exactly as it is stored in report.json, so every reporter renders
 * the same data and none recomputes a verdict. */
#ifndef CONF_RUN_H
#define CONF_RUN_H

#include "conf.h"
#include "conf_sess.h"
#include "conf_expect.h"

#define CONF_REPORT_VERSION 1

typedef struct conf_events {
    void (*started)(void *ud, const conf_case *cs, int index, int total);
    void (*request)(void *ud, const conf_xchg *x, int cached);
    void (*verdict)(void *ud, const json_t *result, int index, int total);
    void *ud;
} conf_events;

typedef struct conf_run_opts {
    const conf_suite *suite;
    const char *const *only;    /* globs or id prefixes; NULL-terminated or NULL */
    const char *const *exclude;
    int strict;
    const conf_expect *expect;  /* may be NULL */
    const char *expect_path;    /* for the report */
    conf_opts http;
    const char *ird_url;
    int embedded;               /* the target is the built-in reference server */
} conf_run_opts;

/* The suites a run selects and the one table it runs (conf_plan.c).
 * Zero-initialise; conf_plan_free() after the run. */
typedef struct conf_plan {
    const conf_suite *sel[8];   /* in the order selected, once each */
    size_t n;
    conf_suite merged;          /* several suites as one table */
    conf_case *cases;           /* owned by merged */
    char name[128], title[512];
} conf_plan;

/* Adds the suites of a comma-separated list ("all" = every suite), once
 * each; -1 with err ("unknown suite ...") for an unknown name. */
int conf_plan_add(conf_plan *p, const char *list, alto_err *err);
/* The table to run: the one suite, or the selected ones concatenated
 * ("rfc7285+rfc9275"); every suite when none was added. */
const conf_suite *conf_plan_suite(conf_plan *p);
/* 1 when the plan includes the suite named name. */
int conf_plan_has(const conf_plan *p, const char *name);
/* --list --coverage with one --requirements file of several suites: the
 * file is one suite's list, so keep only the suite it names ("suite:
 * rfc7285"), else the first.  No-op without reqs or with one suite. */
void conf_plan_for_requirements(conf_plan *p, const char *reqs);
void conf_plan_free(conf_plan *p);

/* 1 when id is selected by the only/exclude lists. */
int conf_selected(const char *id, const char *const *only, const char *const *exclude);
/* Matches a glob ("rfc7285/11.3.*") or, without glob characters, a prefix
 * ending at a '/' or '.' boundary or the whole id. */
int conf_id_match(const char *pattern, const char *id);

/* Runs the selection and returns the report (new), or NULL with err on a
 * configuration error (a selection that matches no case). */
json_t *conf_run(const conf_run_opts *o, const conf_events *ev, alto_err *err);

/* The report of a run that could not start (cause: "not-a-url",
 * "unreachable", "dns", "tls", "timeout", "not-an-ird", ...): no result,
 * "error": {cause, message}; exit status 2. */
json_t *conf_run_error_report(const conf_run_opts *o, const char *cause, const char *message);

/* Exit status for a finished report: 2 when it records an "error" (the
 * run could not start), else 0 all as expected, 1 otherwise. */
int conf_report_exit(const json_t *report);

#endif

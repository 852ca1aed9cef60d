/* rep_run_int.h: the sections of the run report page, one file each
 * (rep_run.c is the page; rep_run_xval.c the backend comparison; and
 * rep_run_est.c the estimator and SLA sections; rep_run_mc.c the
 * multi-cost ranking).  Each appends HTML to b
 * from report.json only, and appends nothing when its section is absent. */
#ifndef REP_RUN_INT_H
#define REP_RUN_INT_H

#include <jansson.h>
#include "alto_buf.h"

/* rep_run_xval.c: per-transfer table and scatter plot (first backend on x,
 * each other backend on y) when the run used more than one backend. */
void rep_run_xval_html(alto_buf *b, const json_t *report);
/* rep_run_est.c */
void rep_run_est_html(alto_buf *b, const json_t *report);
void rep_run_sla_html(alto_buf *b, const json_t *report);
void rep_run_est_md(alto_buf *b, const json_t *report);
/* rep_run_mc.c: alto-multicost's decisions (policies[].explain). */
void rep_run_mc_html(alto_buf *b, const json_t *report);

/* A scatter plot of (x[i], y[i]) with the diagonal y = x: log axes when
 * the values span more than a decade, else linear.  label[i] becomes the
 * point's <title> tooltip.  Points carry class="pt". */
void rep_run_scatter(alto_buf *b, const char *aria, const char *xlabel, const char *ylabel,
                     const double *x, const double *y, char *const *label, int n);

#endif

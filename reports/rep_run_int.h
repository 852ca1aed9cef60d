/* rep_run_int.h: the sections of the run report page, one file each
 * (rep_run.c is the page; rep_run_xval.c the backend comparison; and
 * rep_run_est.c the estimator and SLA sections; rep_run_mc.c the
 * multi-cost ranking).  Each appends HTML to b
 * from report.json only, and appends nothing when its section is absent. */
#ifndef REP_RUN_INT_H
#define REP_RUN_INT_H

#include <jansson.h>
#include "alto_buf.h"

/* rep_run_xval.c: per-transfer table and scatter plot (the reference backend on x,
 * each judged backend on y) when the run used more than one backend. */
void rep_run_xval_html(alto_buf *b, const json_t *report);
/* rep_run_est.c */
void rep_run_est_html(alto_buf *b, const json_t *report);
void rep_run_sla_html(alto_buf *b, const json_t *report);
void rep_run_est_md(alto_buf *b, const json_t *report);
/* rep_run_mc.c: alto-multicost's decisions (policies[].explain). */
void rep_run_mc_html(alto_buf *b, const json_t *report);

/* rep_run_charts.c: the bar chart and the CDF; the name of the first
 * backend (the one whose times the charts show). */
void rep_run_bars(alto_buf *b, const json_t *report);
void rep_run_cdf(alto_buf *b, const json_t *report);
const char *rep_run_backend(const json_t *report);
/* The reference backend of backend_comparison, or NULL (one backend). */
const char *rep_run_reference(const json_t *report);
/* With several backends, a paragraph saying which backend the charts show,
 * which is the reference and which are judged. */
void rep_run_backends_note(alto_buf *b, const json_t *report);

/* rep_run_params.c: "Backends and model" as tables. */
void rep_run_params_html(alto_buf *b, const json_t *report);

/* One series of a scatter plot; label[i] names point i (may be NULL). */
typedef struct rep_series {
    const char *name;       /* legend entry; NULL: no legend */
    const double *x, *y;
    char *const *label;
    int n;
} rep_series;

/* A scatter plot with the diagonal y = x and round ticks: log axes when
 * the values span more than a decade, else linear from 0.  Points carry
 * class="pt" and a <title>; up to a few dozen carry a visible label (points
 * on the same spot share one).  unit: the axes' unit ("s", "Mbps"). */
void rep_run_scatter(alto_buf *b, const char *aria, const char *xlabel, const char *ylabel,
                     const char *unit, const rep_series *s, int ns);

#endif

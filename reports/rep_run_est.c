/* rep_run_est.c: the estimator (IETF 113 Demo 2) and SLA scheduler (Demo
 * 3) sections of the run page and summary, from report.json's `estimator`
 * and `sla` objects only.
 *
 * Estimator: what ALTO told (resource, ANE count, where the delays came
 * from), a table per flow (predicted, measured, error, the hackathon's
 * published prediction) and a predicted-vs-measured scatter plot.  SLA:
 * one table per instance (deadline, exhaustive optimum, each policy's
 * assignment with predicted and measured makespan and sla_met), a summary
 * of how often each policy met the deadline, and a predicted-vs-measured
 * makespan scatter over every run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_run_int.h"

#define SLA_INSTANCES_SHOWN 40

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double num(const json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }

void rep_run_est_html(alto_buf *b, const json_t *report) {
    const json_t *est = json_object_get(report, "estimator");
    if (!est) return;
    const json_t *alto = json_object_get(est, "alto");
    const json_t *flows = json_object_get(est, "flows");
    alto_buf_puts(b, "<h2>Estimator: throughput predicted from ALTO path vectors</h2>\n<p>Resource <code>");
    alto_buf_html(b, str(alto, "resource"));
    alto_buf_printf(b, "</code> (RFC 9275 cost type <code>");
    alto_buf_html(b, str(alto, "cost_type"));
    alto_buf_printf(b, "</code>): %d ANEs, rebuilt as %d nodes and %d directed links; ANE delays: ",
                    (int)json_integer_value(json_object_get(alto, "anes")),
                    (int)json_integer_value(json_object_get(alto, "nodes")),
                    (int)json_integer_value(json_object_get(alto, "links")));
    alto_buf_html(b, str(alto, "delay_source"));
    alto_buf_puts(b, ". Predictions: the flow model on that network. Measured: backend <b>");
    alto_buf_html(b, str(est, "backend"));
    alto_buf_printf(b, "</b>, transfers of policy <code>");
    alto_buf_html(b, str(est, "policy"));
    alto_buf_printf(b, "</code>. Median |error| <b>%.1f%%</b>, p90 %.1f%%, mean %.1f%%, worst %+.1f%%",
                    100 * num(est, "median_abs_error"), 100 * num(est, "p90_abs_error"),
                    100 * num(est, "mean_abs_error"),
                    100 * num(est, "worst_error"));
    if (json_object_get(est, "published_median_abs_error"))
        alto_buf_printf(b, "; the hackathon's published predictions: median |error| %.1f%%",
                        100 * num(est, "published_median_abs_error"));
    alto_buf_puts(b, ".</p>\n");
    if (!strcmp(str(est, "backend"), "flow"))
        alto_buf_puts(b, "<p class=\"self-model\"><b>Measured against its own model:</b> the "
                         "backend is flow, the model the estimator predicts with, so the error "
                         "shows only what ALTO's view loses of the network, not how well the "
                         "model predicts real TCP. With ns-3 built in, <code>--backend ns3</code> "
                         "measures against packet-level TCP.</p>\n");
    alto_buf_puts(b, "<table class=\"est\"><tr><th>src</th><th>dst</th><th>predicted Mbps</th>"
                     "<th>measured Mbps</th><th>error</th><th>published Mbps</th><th>published error</th></tr>\n");
    size_t n = json_array_size(flows), i;
    const json_t *f;
    double *x = alto_xcalloc(n + 1, sizeof *x), *y = alto_xcalloc(n + 1, sizeof *y);
    double *px = alto_xcalloc(n + 1, sizeof *px), *py = alto_xcalloc(n + 1, sizeof *py);
    char **lab = alto_xcalloc(n + 1, sizeof *lab);
    char **plab = alto_xcalloc(n + 1, sizeof *plab);
    int np = 0;
    json_array_foreach(flows, i, f) {
        alto_buf_puts(b, "<tr><td>");
        alto_buf_html(b, str(f, "src"));
        alto_buf_puts(b, "</td><td>");
        alto_buf_html(b, str(f, "dst"));
        alto_buf_printf(b, "</td><td>%.3f</td><td>%.3f</td><td>%+.1f%%</td>", num(f, "predicted_bps") / 1e6,
                        num(f, "measured_bps") / 1e6, 100 * num(f, "error"));
        if (json_is_number(json_object_get(f, "published_bps")))
            alto_buf_printf(b, "<td>%.3f</td><td>%+.1f%%</td></tr>\n", num(f, "published_bps") / 1e6,
                            100 * num(f, "published_error"));
        else
            alto_buf_puts(b, "<td></td><td></td></tr>\n");
        x[i] = num(f, "measured_bps") / 1e6;
        y[i] = num(f, "predicted_bps") / 1e6;
        alto_buf l = ALTO_BUF_INIT;
        alto_buf_printf(&l, "%s -> %s", str(f, "src"), str(f, "dst"));
        lab[i] = alto_buf_take(&l);
        if (json_is_number(json_object_get(f, "published_bps"))) {
            px[np] = x[i];
            py[np] = num(f, "published_bps") / 1e6;
            plab[np++] = NULL;
        }
    }
    alto_buf_puts(b, "</table>\n");
    char xl[128];
    snprintf(xl, sizeof xl, "measured on %s (Mbps)", str(est, "backend"));
    rep_series ser[2] = {{"altospec estimator", x, y, lab, (int)n},
                         {"hackathon's published prediction", px, py, plab, np}};
    rep_run_scatter(b, "estimator: predicted vs measured throughput", xl,
                    "predicted throughput (Mbps)", "Mbps", ser, np ? 2 : 1);
    for (i = 0; i < n; i++) free(lab[i]);
    free(lab); free(x); free(y); free(px); free(py); free(plab);
}

static void assignment(alto_buf *b, const json_t *a) {
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v) {
        if (i) alto_buf_puts(b, ", ");
        alto_buf_html(b, json_string_value(v));
    }
}

/* Which policies met the deadline, in words: "every run", "no run" or
 * "k of n runs"; the reader should not have to scan the table for it. */
static void sla_who_meets(alto_buf *b, const json_t *sla) {
    static const char *const heads[] = {"Met the deadline in every run: ", "in some runs: ",
                                        "in no run: "};
    const char *sep = "<p class=\"sla-who\">";
    for (int g = 0; g < 3; g++) {
        int shown = 0;
        size_t i;
        const json_t *s;
        json_array_foreach(json_object_get(sla, "summary"), i, s) {
            int judged = (int)json_integer_value(json_object_get(s, "judged"));
            int met = (int)json_integer_value(json_object_get(s, "sla_met"));
            if (!judged || (g == 0) != (met == judged) || (g == 2) != (met == 0)) continue;
            alto_buf_puts(b, shown++ ? ", " : sep);
            if (shown == 1) { alto_buf_puts(b, heads[g]); sep = "; "; }
            alto_buf_puts(b, "<b>");
            alto_buf_html(b, str(s, "policy"));
            alto_buf_puts(b, "</b>");
            if (g == 1) alto_buf_printf(b, " (%d of %d)", met, judged);
        }
    }
    if (strcmp(sep, "; ") == 0) alto_buf_puts(b, ".</p>\n");
}

static void sla_summary_html(alto_buf *b, const json_t *sla) {
    alto_buf_puts(b, "<h2>SLA scheduler: concurrent downloads by a deadline</h2>\n<p>Measured on <b>");
    alto_buf_html(b, str(sla, "backend"));
    alto_buf_printf(b, "</b>; makespan = last finish - first start; the optimum is the best of every "
                    "assignment simulated on that backend (up to %d).</p>\n",
                    (int)json_integer_value(json_object_get(sla, "exhaustive_max")));
    alto_buf_puts(b, "<table class=\"sla-summary\"><tr><th>policy</th><th>runs judged</th><th>met</th>"
                     "<th>runs where the optimum is feasible</th><th>met there</th>"
                     "<th>worst makespan / optimum</th></tr>\n");
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(sla, "summary"), i, s) {
        alto_buf_puts(b, "<tr><td>");
        alto_buf_html(b, str(s, "policy"));
        alto_buf_printf(b, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.3f</td></tr>\n",
                        (int)json_integer_value(json_object_get(s, "judged")),
                        (int)json_integer_value(json_object_get(s, "sla_met")),
                        (int)json_integer_value(json_object_get(s, "feasible_runs")),
                        (int)json_integer_value(json_object_get(s, "met_where_feasible")),
                        num(s, "worst_vs_optimum"));
    }
    alto_buf_puts(b, "</table>\n");
    sla_who_meets(b, sla);
}

/* An instance's heading: its requests, deadline and optimum; then the
 * head of its results table. */
static void sla_instance_head(alto_buf *b, const json_t *s) {
    const json_t *opt = json_object_get(s, "optimum"), *q;
    size_t k;
    alto_buf_puts(b, "<h3>");
    alto_buf_html(b, str(s, "name"));
    alto_buf_puts(b, "</h3><p>");
    json_array_foreach(json_object_get(s, "requests"), k, q) {
        alto_buf_puts(b, k ? "; " : "Requests: ");
        alto_buf_html(b, str(q, "client"));
        alto_buf_puts(b, " &larr; ");
        alto_buf_html(b, str(q, "file"));
        alto_buf_printf(b, " (%.0f bytes) from ", num(q, "bytes"));
        assignment(b, json_object_get(q, "replicas"));
    }
    if (json_is_number(json_object_get(s, "deadline")))
        alto_buf_printf(b, ". Deadline %.2f s (%s)", num(s, "deadline"), str(s, "deadline_rule"));
    if (json_is_object(opt)) {
        alto_buf_printf(b, "; optimum %.2f s (", num(opt, "makespan"));
        assignment(b, json_object_get(opt, "assignment"));
        alto_buf_printf(b, "), %d of %d assignments meet the deadline",
                        (int)json_integer_value(json_object_get(opt, "feasible_assignments")),
                        (int)json_integer_value(json_object_get(opt, "assignments")));
    }
    alto_buf_puts(b, ".</p>\n<table class=\"sla\"><tr><th>policy</th><th>rep</th><th>assignment</th>"
                     "<th>predicted makespan s</th><th>measured makespan s</th><th>/ optimum</th>"
                     "<th>sla_met</th><th>search</th></tr>\n");
}

static void sla_result_row(alto_buf *b, const json_t *r) {
    const json_t *met = json_object_get(r, "sla_met");
    alto_buf_puts(b, "<tr><td>");
    alto_buf_html(b, str(r, "policy"));
    alto_buf_printf(b, "</td><td>%d</td><td>", (int)json_integer_value(json_object_get(r, "repetition")));
    assignment(b, json_object_get(r, "assignment"));
    alto_buf_printf(b, "</td><td>%.3f</td><td>%.3f</td><td>", num(r, "predicted_makespan"),
                    num(r, "measured_makespan"));
    if (json_object_get(r, "vs_optimum")) alto_buf_printf(b, "%.3f", num(r, "vs_optimum"));
    alto_buf_printf(b, "</td><td class=\"%s\">%s</td><td>",
                    json_is_null(met) ? "na" : json_is_true(met) ? "met" : "failed",
                    json_is_null(met) ? "n/a" : json_is_true(met) ? "met" : "missed");
    const json_t *sr = json_object_get(r, "search");
    if (sr) {
        alto_buf_html(b, str(sr, "search"));
        alto_buf_printf(b, ", %d evaluated", (int)json_integer_value(json_object_get(sr, "evaluated")));
    }
    alto_buf_puts(b, "</td></tr>\n");
}

void rep_run_sla_html(alto_buf *b, const json_t *report) {
    const json_t *sla = json_object_get(report, "sla");
    if (!sla) return;
    sla_summary_html(b, sla);
    size_t i, k, nr = 0;
    const json_t *s, *r;
    json_array_foreach(json_object_get(sla, "instances"), i, s) nr += json_array_size(json_object_get(s, "results"));
    double *x = alto_xcalloc(nr + 1, sizeof *x), *y = alto_xcalloc(nr + 1, sizeof *y);
    char **lab = alto_xcalloc(nr + 1, sizeof *lab);
    int n = 0;
    json_array_foreach(json_object_get(sla, "instances"), i, s) {
        if (i < SLA_INSTANCES_SHOWN) sla_instance_head(b, s);
        json_array_foreach(json_object_get(s, "results"), k, r) {
            if (i < SLA_INSTANCES_SHOWN) sla_result_row(b, r);
            x[n] = num(r, "measured_makespan");
            y[n] = num(r, "predicted_makespan");
            alto_buf l = ALTO_BUF_INIT;
            alto_buf_printf(&l, "%s #%d", str(r, "policy"),
                            (int)json_integer_value(json_object_get(r, "repetition")));
            lab[n++] = alto_buf_take(&l);
        }
        if (i < SLA_INSTANCES_SHOWN) alto_buf_puts(b, "</table>\n");
    }
    alto_buf_puts(b, "<h3>Predicted vs measured makespan, every run</h3>\n");
    char xl[128];
    snprintf(xl, sizeof xl, "measured makespan on %s (s)", str(sla, "backend"));
    rep_series one = {NULL, x, y, lab, n};
    rep_run_scatter(b, "SLA: predicted vs measured makespan", xl, "predicted makespan (s)", "s",
                    &one, 1);
    for (int q = 0; q < n; q++) free(lab[q]);
    free(lab); free(x); free(y);
}

void rep_run_est_md(alto_buf *b, const json_t *report) {
    const json_t *est = json_object_get(report, "estimator");
    size_t i;
    const json_t *f;
    if (est) {
        alto_buf_printf(b, "\n## Estimator vs %s (median |error| %.1f%%, p90 %.1f%%)\n\n| src | dst | predicted Mbps | "
                        "measured Mbps | error | published Mbps |\n|---|---|---|---|---|---|\n",
                        str(est, "backend"), 100 * num(est, "median_abs_error"), 100 * num(est, "p90_abs_error"));
        json_array_foreach(json_object_get(est, "flows"), i, f) {
            alto_buf_printf(b, "| %s | %s | %.3f | %.3f | %+.1f%% |", str(f, "src"), str(f, "dst"),
                            num(f, "predicted_bps") / 1e6, num(f, "measured_bps") / 1e6, 100 * num(f, "error"));
            if (json_is_number(json_object_get(f, "published_bps")))
                alto_buf_printf(b, " %.3f |\n", num(f, "published_bps") / 1e6);
            else
                alto_buf_puts(b, " |\n");
        }
    }
    const json_t *sla = json_object_get(report, "sla");
    if (sla) {
        alto_buf_printf(b, "\n## SLA (measured on %s)\n\n| policy | met | judged | met where the optimum "
                        "is feasible | worst / optimum |\n|---|---|---|---|---|\n", str(sla, "backend"));
        json_array_foreach(json_object_get(sla, "summary"), i, f)
            alto_buf_printf(b, "| %s | %d | %d | %d of %d | %.3f |\n", str(f, "policy"),
                            (int)json_integer_value(json_object_get(f, "sla_met")),
                            (int)json_integer_value(json_object_get(f, "judged")),
                            (int)json_integer_value(json_object_get(f, "met_where_feasible")),
                            (int)json_integer_value(json_object_get(f, "feasible_runs")),
                            num(f, "worst_vs_optimum"));
    }
}

/* run_report_est.c: the estimator and SLA parts of a run's conclusions:
 * their expectations (judged from report.json's `estimator` and `sla`
 * objects, like every other expectation) and their console lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "run.h"

static double num(const json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }
static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* 1 met, 0 failed, -1 not applicable (reason in e.not_applicable). */
int run_report_est_expect(const run_expect *x, const json_t *report, json_t *e) {
    json_object_set_new(e, "required", json_real(x->value));
    if (x->kind == RUN_EXPECT_EST_ERROR) {
        const json_t *est = json_object_get(report, "estimator");
        double a = num(est, "median_abs_error");
        json_object_set_new(e, "actual", json_real(a));
        json_object_set_new(e, "compared", json_integer((json_int_t)json_array_size(json_object_get(est, "flows"))));
        return json_array_size(json_object_get(est, "flows")) > 0 && a <= x->value;
    }
    /* RUN_EXPECT_SLA: every run of the policy in every instance whose
     * exhaustive optimum meets the deadline. */
    int judged = 0, ok = 1;
    double worst = 0;
    json_t *fails = json_array();
    size_t i, k;
    const json_t *in, *r;
    json_array_foreach(json_object_get(json_object_get(report, "sla"), "instances"), i, in) {
        if (!json_is_true(json_object_get(json_object_get(in, "optimum"), "feasible"))) continue;
        json_array_foreach(json_object_get(in, "results"), k, r) {
            if (strcmp(str(r, "policy"), x->policy)) continue;
            judged++;
            double vo = num(r, "vs_optimum") - 1;
            if (vo > worst) worst = vo;
            if (!json_is_true(json_object_get(r, "sla_met")) || vo > x->value) {
                ok = 0;
                json_array_append_new(fails, json_pack("{s:s, s:i}", "instance", str(in, "name"),
                                                       "repetition", (int)json_integer_value(json_object_get(r, "repetition"))));
            }
        }
    }
    json_object_set_new(e, "actual", json_real(worst));
    json_object_set_new(e, "compared", json_integer(judged));
    json_object_set_new(e, "failures", fails);
    if (judged == 0) {
        json_object_set_new(e, "not_applicable", json_string("no instance where the exhaustive "
                                                             "optimum meets the deadline"));
        return -1;
    }
    return ok;
}

void run_report_est_console(const json_t *report, FILE *f) {
    const json_t *est = json_object_get(report, "estimator");
    size_t i, k;
    const json_t *s, *r;
    if (est) {
        fprintf(f, "  estimator (ALTO path vectors, %d ANEs; delays: %s) vs %s:\n",
                (int)json_integer_value(json_object_get(json_object_get(est, "alto"), "anes")),
                str(json_object_get(est, "alto"), "delay_source"), str(est, "backend"));
        fprintf(f, "    %-8s %-8s %12s %12s %8s %12s\n", "src", "dst", "predicted", "measured", "error",
                "published");
        json_array_foreach(json_object_get(est, "flows"), i, s) {
            fprintf(f, "    %-8s %-8s %8.3f Mbps %8.3f Mbps %+7.1f%%", str(s, "src"), str(s, "dst"),
                    num(s, "predicted_bps") / 1e6, num(s, "measured_bps") / 1e6, 100 * num(s, "error"));
            if (json_is_number(json_object_get(s, "published_bps")))
                fprintf(f, " %8.3f Mbps (%+.1f%%)", num(s, "published_bps") / 1e6, 100 * num(s, "published_error"));
            fputc('\n', f);
        }
        fprintf(f, "    median |error| %.1f%%, p90 %.1f%%, mean %.1f%%, worst %+.1f%%",
                100 * num(est, "median_abs_error"), 100 * num(est, "p90_abs_error"),
                100 * num(est, "mean_abs_error"), 100 * num(est, "worst_error"));
        if (json_object_get(est, "published_median_abs_error"))
            fprintf(f, "; published predictions: median |error| %.1f%%",
                    100 * num(est, "published_median_abs_error"));
        fputc('\n', f);
    }
    const json_t *sla = json_object_get(report, "sla");
    if (!sla) return;
    fprintf(f, "  SLA (measured on %s):\n", str(sla, "backend"));
    json_array_foreach(json_object_get(sla, "instances"), i, s) {
        const json_t *opt = json_object_get(s, "optimum");
        if (i >= 12) { fprintf(f, "    ... %zu instances in report.json\n", json_array_size(json_object_get(sla, "instances"))); break; }
        fprintf(f, "    %-10s deadline %s", str(s, "name"), "");
        if (json_is_number(json_object_get(s, "deadline"))) fprintf(f, "%.2f s", num(s, "deadline"));
        else fprintf(f, "none");
        if (json_is_object(opt) && json_is_number(json_object_get(s, "deadline")))
            fprintf(f, ", optimum %.2f s (%s, %d of %d assignments meet it)", num(opt, "makespan"),
                    json_is_true(json_object_get(opt, "feasible")) ? "feasible" : "infeasible",
                    (int)json_integer_value(json_object_get(opt, "feasible_assignments")),
                    (int)json_integer_value(json_object_get(opt, "assignments")));
        else if (json_is_object(opt))
            fprintf(f, ", optimum %.2f s over %d assignments", num(opt, "makespan"),
                    (int)json_integer_value(json_object_get(opt, "assignments")));
        if (json_object_get(s, "deadline_note")) fprintf(f, " (%s)", str(s, "deadline_note"));
        fputc('\n', f);
        json_array_foreach(json_object_get(s, "results"), k, r) {
            if (json_integer_value(json_object_get(r, "repetition")) > 0) continue;
            char a[160] = "";
            size_t q;
            const json_t *v;
            json_array_foreach(json_object_get(r, "assignment"), q, v) {
                size_t l = strlen(a);
                snprintf(a + l, sizeof a - l, "%s%s", q ? "," : "", json_string_value(v));
            }
            fprintf(f, "      %-16s %-24s predicted %8.2f s  measured %8.2f s  %s\n", str(r, "policy"), a,
                    num(r, "predicted_makespan"), num(r, "measured_makespan"),
                    json_is_null(json_object_get(r, "sla_met")) ? "" :
                    json_is_true(json_object_get(r, "sla_met")) ? "met" : "MISSED");
        }
    }
    json_array_foreach(json_object_get(sla, "summary"), i, s)
        fprintf(f, "    %-16s met %d of %d run(s); where the optimum is feasible: %d of %d\n",
                str(s, "policy"), (int)json_integer_value(json_object_get(s, "sla_met")),
                (int)json_integer_value(json_object_get(s, "judged")),
                (int)json_integer_value(json_object_get(s, "met_where_feasible")),
                (int)json_integer_value(json_object_get(s, "feasible_runs")));
}

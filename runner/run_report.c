/* run_report.c: what a run concludes, and where it goes.
 *
 * report.json is the source of truth; this file derives the summary parts
 * from the per-transfer records (per-policy statistics, the speedup table,
 * the sweep with its reference errors, the expectations) so that they can
 * never disagree with the records, then writes the directory atomically:
 * every file is first written into a temporary sibling directory, and only
 * when all of them exist are they renamed into place.  A failed run leaves
 * the report directory as it was. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "run.h"
#include "run_exec.h"
#include "rep_run.h"
#include "alto_buf.h"
#include "alto_tty.h"

typedef struct pstat {
    const char *name;
    int n;
    double sum, min, max;
    double *rep_sum;
    int *rep_n;
    int nrep;
    json_t *replicas;       /* replica -> count */
} pstat;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static json_t *policy_stats(const json_t *report) {
    const json_t *pols = json_object_get(report, "policies");
    const json_t *tr = json_object_get(report, "transfers");
    size_t np = json_array_size(pols);
    int reps = (int)json_integer_value(json_object_get(report, "repetitions"));
    if (reps < 1) reps = 1;
    pstat *ps = alto_xcalloc(np + 1, sizeof *ps);
    for (size_t i = 0; i < np; i++) {
        ps[i].name = json_string_value(json_object_get(json_array_get(pols, i), "name"));
        ps[i].min = INFINITY;
        ps[i].max = -INFINITY;
        ps[i].rep_sum = alto_xcalloc((size_t)reps, sizeof(double));
        ps[i].rep_n = alto_xcalloc((size_t)reps, sizeof(int));
        ps[i].replicas = json_object();
    }
    double **vals = alto_xcalloc(np + 1, sizeof *vals);
    for (size_t i = 0; i < np; i++) vals[i] = alto_xcalloc(json_array_size(tr) + 1, sizeof(double));
    size_t k;
    const json_t *r;
    json_array_foreach(tr, k, r) {
        const char *pn = json_string_value(json_object_get(r, "policy"));
        for (size_t i = 0; i < np; i++) {
            if (strcmp(ps[i].name, pn)) continue;
            double s = json_number_value(json_object_get(r, "seconds"));
            int rep = (int)json_integer_value(json_object_get(r, "repetition"));
            vals[i][ps[i].n] = s;
            ps[i].n++;
            ps[i].sum += s;
            if (s < ps[i].min) ps[i].min = s;
            if (s > ps[i].max) ps[i].max = s;
            if (rep >= 0 && rep < reps) {
                ps[i].rep_sum[rep] += s;
                ps[i].rep_n[rep]++;
                if (rep + 1 > ps[i].nrep) ps[i].nrep = rep + 1;
            }
            const char *rn = json_string_value(json_object_get(r, "replica"));
            json_object_set_new(ps[i].replicas, rn,
                                json_integer(json_integer_value(json_object_get(ps[i].replicas, rn)) + 1));
        }
    }
    json_t *out = json_array();
    for (size_t i = 0; i < np; i++) {
        pstat *p = &ps[i];
        double mean = p->n ? p->sum / p->n : NAN;
        qsort(vals[i], (size_t)p->n, sizeof(double), cmp_double);
        double med = p->n ? vals[i][p->n / 2] : NAN;
        double p95 = p->n ? vals[i][(int)floor(0.95 * (p->n - 1))] : NAN;
        /* Spread over repetitions: mean and standard deviation of the
         * per-repetition means. */
        double rs = 0, rss = 0, rmin = INFINITY, rmax = -INFINITY;
        for (int q = 0; q < p->nrep; q++) {
            double m = p->rep_n[q] ? p->rep_sum[q] / p->rep_n[q] : 0;
            rs += m;
            rss += m * m;
            if (m < rmin) rmin = m;
            if (m > rmax) rmax = m;
        }
        double rmean = p->nrep ? rs / p->nrep : mean;
        double rsd = p->nrep > 1 ? sqrt(fmax(0, (rss - p->nrep * rmean * rmean) / (p->nrep - 1))) : 0;
        json_t *o = json_pack("{s:s, s:i, s:f, s:f, s:f, s:f, s:f, s:i, s:f, s:f, s:f, s:o}",
                              "policy", p->name, "transfers", p->n, "mean", p->n ? mean : 0.0,
                              "median", p->n ? med : 0.0, "p95", p->n ? p95 : 0.0,
                              "min", p->n ? p->min : 0.0, "max", p->n ? p->max : 0.0,
                              "repetitions", p->nrep, "repetition_mean_stddev", rsd,
                              "repetition_mean_min", p->nrep ? rmin : 0.0,
                              "repetition_mean_max", p->nrep ? rmax : 0.0, "replicas", p->replicas);
        json_array_append_new(out, o);
        free(p->rep_sum);
        free(p->rep_n);
        free(vals[i]);
    }
    free(vals);
    free(ps);
    return out;
}

static const json_t *stat_of(const json_t *stats, const char *policy) {
    size_t i;
    const json_t *s;
    json_array_foreach(stats, i, s)
        if (!strcmp(json_string_value(json_object_get(s, "policy")), policy)) return s;
    return NULL;
}

static double mean_of(const json_t *stats, const char *policy) {
    return json_number_value(json_object_get(stat_of(stats, policy), "mean"));
}

/* 1 when the run used the file sizes of the scenario (no --size-scale,
 * or a scale of exactly 1). */
static int scale_is_one(const json_t *report) {
    const json_t *v = json_object_get(report, "size_scale");
    return !json_is_number(v) || json_number_value(v) == 1 || json_number_value(v) == 0;
}

/* Sweep records with their reference time and relative error. */
static json_t *sweep_table(const json_t *report) {
    const json_t *ref = json_object_get(json_object_get(report, "reference"), "sweep");
    json_t *out = json_array();
    size_t k;
    const json_t *r;
    /* Reference times are for the full sizes: at another size scale
     * (emulation runs) the comparison means nothing, so none is made. */
    if (!scale_is_one(report)) ref = NULL;
    json_array_foreach(json_object_get(report, "transfers"), k, r) {
        if (strcmp(json_string_value(json_object_get(r, "policy")), "sweep")) continue;
        json_t *row = json_deep_copy(r);
        json_object_del(row, "policy");
        json_object_del(row, "repetition");
        const char *rep = json_string_value(json_object_get(r, "replica"));
        const json_t *rv = json_object_get(ref, rep);
        double refs = json_is_number(rv) ? json_number_value(rv) : -1;
        if (refs > 0) {
            double s = json_number_value(json_object_get(r, "seconds"));
            json_object_set_new(row, "reference", json_real(refs));
            json_object_set_new(row, "error", json_real((s - refs) / refs));
        }
        json_array_append_new(out, row);
    }
    return out;
}

static int cmp_abs(const void *a, const void *b) {
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return x < y ? -1 : x > y;
}

/* |error| at quantile q of the n errors sorted by |error| (nearest rank). */
static double abs_quantile(const double *sorted, int n, double q) {
    if (n == 0) return 0;
    int k = (int)ceil(q * n) - 1;
    return fabs(sorted[k < 0 ? 0 : k >= n ? n - 1 : k]);
}

/* The reference backend of the report: the most faithful one listed
 * (run_reference_backend), or -1 with fewer than two backends. */
static int reference_index(const json_t *report) {
    const json_t *bes = json_object_get(report, "backends");
    int n = (int)json_array_size(bes);
    if (n < 2) return -1;
    const char **names = alto_xcalloc((size_t)n, sizeof *names);
    for (int b = 0; b < n; b++) {
        const char *s = json_string_value(json_object_get(json_array_get(bes, (size_t)b), "name"));
        names[b] = s ? s : "";
    }
    int ref = run_reference_backend(names, n);
    free(names);
    return ref;
}

/* Every other backend judged against the reference, over all transfers.
 * The signed mean hides errors of both signs; the median and p90 of
 * |error| say how far a transfer typically is (the sign of each is in
 * transfers[].error_vs_reference). */
static json_t *backend_comparison(const json_t *report) {
    json_t *out = json_array();
    const json_t *bes = json_object_get(report, "backends");
    int ref = reference_index(report);
    if (ref < 0) return out;
    const char *refname = json_string_value(json_object_get(json_array_get(bes, (size_t)ref), "name"));
    for (size_t b = 0; b < json_array_size(bes); b++) {
        if ((int)b == ref) continue;
        const char *name = json_string_value(json_object_get(json_array_get(bes, b), "name"));
        double sum = 0, worst = 0;
        int n = 0;
        size_t k;
        const json_t *r;
        double *errs = alto_xcalloc(json_array_size(json_object_get(report, "transfers")) + 1, sizeof *errs);
        json_array_foreach(json_object_get(report, "transfers"), k, r) {
            const json_t *e = json_object_get(json_object_get(r, "error_vs_reference"), name);
            if (!json_is_number(e)) continue;
            double x = json_number_value(e);
            sum += x;
            errs[n++] = x;
            if (fabs(x) > fabs(worst)) worst = x;
        }
        qsort(errs, (size_t)n, sizeof *errs, cmp_abs);
        double med = n ? (n % 2 ? fabs(errs[n / 2]) : (fabs(errs[n / 2 - 1]) + fabs(errs[n / 2])) / 2) : 0;
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:i, s:f, s:f, s:f, s:f}",
                                             "backend", name, "vs", refname, "judged", name,
                                             "reference", refname, "transfers", n,
                                             "mean_error", n ? sum / n : 0.0, "worst_error", worst,
                                             "median_abs_error", med,
                                             "p90_abs_error", abs_quantile(errs, n, 0.9)));
        free(errs);
    }
    return out;
}

static json_t *speedups(const json_t *stats, const char *base) {
    double bm = mean_of(stats, base);
    json_t *sp = json_array();
    size_t i;
    const json_t *s;
    json_array_foreach(stats, i, s) {
        double m = json_number_value(json_object_get(s, "mean"));
        json_array_append_new(sp, json_pack("{s:s, s:s, s:f, s:f, s:f}", "policy",
                              json_string_value(json_object_get(s, "policy")), "baseline", base,
                              "mean", m, "baseline_mean", bm, "ratio", m > 0 ? bm / m : 0.0));
    }
    return sp;
}

static int expect_faster(const run_expect *x, const json_t *stats, json_t *e) {
    double a = mean_of(stats, x->policy), b = mean_of(stats, x->than);
    double ratio = a > 0 ? b / a : 0;
    json_object_set_new(e, "actual", json_real(ratio));
    json_object_set_new(e, "required", json_real(x->value));
    json_object_set_new(e, "policy_mean", json_real(a));
    json_object_set_new(e, "than_mean", json_real(b));
    return ratio >= x->value;
}

static int expect_max_mean(const run_expect *x, const json_t *stats, json_t *e) {
    double a = mean_of(stats, x->policy);
    json_object_set_new(e, "actual", json_real(a));
    json_object_set_new(e, "required", json_real(x->value));
    return a <= x->value;
}

/* Every sweep time within x->value of its reference; not applicable
 * (-1) when the run scaled the sizes the reference times are for. */
static int expect_reference(const run_expect *x, const json_t *report, const json_t *sweep, json_t *e) {
    if (!scale_is_one(report)) {
        alto_buf why = ALTO_BUF_INIT;
        alto_buf_printf(&why, "not applicable: the reference times are for full file sizes "
                        "and this run scaled every size by %g (--size-scale)",
                        json_number_value(json_object_get(report, "size_scale")));
        json_object_set_new(e, "met", json_null());
        json_object_set_new(e, "not_applicable", json_string(why.data));
        alto_buf_free(&why);
        json_object_set_new(e, "required", json_real(x->value));
        return -1;
    }
    double worst = 0;
    int n = 0;
    size_t i;
    const json_t *s;
    json_array_foreach(sweep, i, s) {
        const json_t *err = json_object_get(s, "error");
        if (!err) continue;
        n++;
        if (fabs(json_number_value(err)) > worst) worst = fabs(json_number_value(err));
    }
    json_object_set_new(e, "actual", json_real(worst));
    json_object_set_new(e, "required", json_real(x->value));
    json_object_set_new(e, "compared", json_integer(n));
    return n > 0 && worst <= x->value;
}

/* One expectation's record: 1 met, 0 failed, -1 not applicable. */
static int expectation(const run_scenario *sc, const run_expect *x, const json_t *report,
                       const json_t *stats, const json_t *sweep, json_t *e) {
    int met;
    switch (x->kind) {
    case RUN_EXPECT_FASTER: met = expect_faster(x, stats, e); break;
    case RUN_EXPECT_MAX_MEAN: met = expect_max_mean(x, stats, e); break;
    case RUN_EXPECT_EST_ERROR: case RUN_EXPECT_SLA: met = run_report_est_expect(x, report, e); break;
    case RUN_EXPECT_REFERENCE: default: met = expect_reference(x, report, sweep, e); break;
    }
    if (!json_object_get(e, "met")) json_object_set_new(e, "met", met < 0 ? json_null() : json_boolean(met));
    int line = 0, col = 0;
    alto_doc_pos(sc->doc, x->node, &line, &col);
    json_object_set_new(e, "line", json_integer(line));
    return met;
}

int run_report_finish(const run_scenario *sc, json_t *report) {
    json_object_set_new(report, "backend_comparison", backend_comparison(report));
    json_t *stats = policy_stats(report);
    json_object_set_new(report, "policy_stats", stats);
    json_t *sweep = sweep_table(report);
    json_object_set_new(report, "sweep", sweep);
    json_object_set_new(report, "speedups", speedups(stats, sc->baseline));
    json_t *ex = json_array();
    int failed = 0;
    for (int k = 0; k < sc->nexp; k++) {
        json_t *e = json_pack("{s:s}", "text", sc->exp[k].text);
        failed |= expectation(sc, &sc->exp[k], report, stats, sweep, e) == 0;
        json_array_append_new(ex, e);
    }
    json_object_set_new(report, "expectations", ex);
    return failed;
}

/* ---- console -------------------------------------------------------------- */

/* With several backends the header says which times the table shows (the
 * first listed) and which backend the others are judged against. */
static void console_header(const json_t *report, FILE *f) {
    const json_t *bes = json_object_get(report, "backends");
    const char *first = json_string_value(json_object_get(json_array_get(bes, 0), "name"));
    fprintf(f, "\n%s: %d request(s), backend %s",
            json_string_value(json_object_get(json_object_get(report, "scenario"), "name")),
            (int)json_integer_value(json_object_get(report, "requests")), first);
    int ref = reference_index(report);
    if (ref >= 0) {
        fprintf(f, " (policy times); reference %s, judged",
                json_string_value(json_object_get(json_array_get(bes, (size_t)ref), "name")));
        for (size_t b = 0; b < json_array_size(bes); b++)
            if ((int)b != ref)
                fprintf(f, " %s", json_string_value(json_object_get(json_array_get(bes, b), "name")));
    }
    fputc('\n', f);
}

void run_report_console(const json_t *report, FILE *f) {
    const json_t *stats = json_object_get(report, "policy_stats");
    const char *base = json_string_value(json_object_get(report, "baseline"));
    double bm = mean_of(stats, base);
    console_header(report, f);
    fprintf(f, "  %-18s %-14s %6s %10s %10s %10s  %s\n", "policy", "replica(s)", "runs", "mean s",
            "min s", "max s", "speedup");
    size_t i;
    const json_t *s;
    json_array_foreach(stats, i, s) {
        char reps[64] = "";
        const char *rn;
        const json_t *cnt;
        int nr = 0;
        json_object_foreach((json_t *)json_object_get(s, "replicas"), rn, cnt) nr++;
        if (nr == 1) json_object_foreach((json_t *)json_object_get(s, "replicas"), rn, cnt)
            snprintf(reps, sizeof reps, "%s", rn);
        else snprintf(reps, sizeof reps, "%d replicas", nr);
        double m = json_number_value(json_object_get(s, "mean"));
        fprintf(f, "  %-18s %-14s %6d %10.2f %10.2f %10.2f  %.2fx vs %s\n",
                json_string_value(json_object_get(s, "policy")), reps,
                (int)json_integer_value(json_object_get(s, "repetitions")), m,
                json_number_value(json_object_get(s, "min")),
                json_number_value(json_object_get(s, "max")), m > 0 ? bm / m : 0, base);
    }
    const json_t *sw = json_object_get(report, "sweep");
    if (json_array_size(sw) > 0 && json_array_size(sw) <= 40) {
        fprintf(f, "  sweep (each replica alone):\n");
        json_array_foreach(sw, i, s) {
            fprintf(f, "    %-10s -> %-10s %10.2f s", json_string_value(json_object_get(s, "replica")),
                    json_string_value(json_object_get(s, "client")),
                    json_number_value(json_object_get(s, "seconds")));
            if (json_object_get(s, "reference"))
                fprintf(f, "   reference %.2f s, error %+.2f%%",
                        json_number_value(json_object_get(s, "reference")),
                        100 * json_number_value(json_object_get(s, "error")));
            fputc('\n', f);
        }
    }
    json_array_foreach(json_object_get(report, "backend_comparison"), i, s)
        fprintf(f, "  backend %s judged vs reference %s over %d transfers: median |error| %.2f%%, p90 %.2f%%, "
                "worst %+.2f%% (signed mean %+.2f%%)\n",
                json_string_value(json_object_get(s, "backend")),
                json_string_value(json_object_get(s, "vs")),
                (int)json_integer_value(json_object_get(s, "transfers")),
                100 * json_number_value(json_object_get(s, "median_abs_error")),
                100 * json_number_value(json_object_get(s, "p90_abs_error")),
                100 * json_number_value(json_object_get(s, "worst_error")),
                100 * json_number_value(json_object_get(s, "mean_error")));
    run_report_est_console(report, f);
    json_array_foreach(json_object_get(report, "expectations"), i, s) {
        if (json_is_null(json_object_get(s, "met"))) {
            fprintf(f, "  expectation N/A: %s (%s)\n", json_string_value(json_object_get(s, "text")),
                    json_string_value(json_object_get(s, "not_applicable")));
            continue;
        }
        const char *w = json_is_true(json_object_get(s, "met")) ? "MET" : "FAILED";
        fprintf(f, "  expectation %s%s%s: %s (actual %.3g)\n", alto_tty_on(f, w), w, alto_tty_off(f),
                json_string_value(json_object_get(s, "text")),
                json_number_value(json_object_get(s, "actual")));
    }
}

/* ---- writing ---------------------------------------------------------------- */

static int mkdir_p(const char *dir, alto_err *err) {
    char *p = alto_xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0777) && errno != EEXIST) {
            alto_err_set(err, "cannot create %s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

int run_report_write(const json_t *report, const char *dir, alto_err *err) {
    static const char *const files[] = {"report.json", "report.html", "summary.md"};
    alto_buf tmp = ALTO_BUF_INIT;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    alto_buf_append(&tmp, dir, n);
    char *clean = alto_xstrdup(tmp.data);
    alto_buf_puts(&tmp, ".tmp-XXXXXX");
    int rc = -1;
    struct stat st;
    if (stat(clean, &st) == 0 && !S_ISDIR(st.st_mode)) {
        alto_err_set(err, "--report-dir %s exists and is not a directory", clean);
        goto out;
    }
    if (mkdir_p(clean, err)) goto out;
    if (!mkdtemp(tmp.data)) {
        alto_err_set(err, "cannot create a temporary directory next to %s: %s", clean, strerror(errno));
        goto out;
    }
    /* mkdtemp makes it 0700; a report directory is meant to be shared. */
    mode_t um = umask(0);
    umask(um);
    chmod(tmp.data, 0777 & ~um);
    char path[4096];
    snprintf(path, sizeof path, "%s/report.json", tmp.data);
    size_t ntr = json_array_size(json_object_get(report, "transfers"));
    if (json_dump_file(report, path, (ntr > 5000 ? JSON_COMPACT : JSON_INDENT(1)) |
                       JSON_REAL_PRECISION(10))) {
        alto_err_set(err, "cannot write %s", path);
    } else if (rep_run_render(report, tmp.data, err) == 0) {
        rc = 0;
    }
    if (rc == 0) {
        if (stat(clean, &st) != 0) {
            if (rename(tmp.data, clean)) rc = alto_err_set(err, "cannot rename %s to %s: %s",
                                                          tmp.data, clean, strerror(errno));
        } else {
            for (size_t i = 0; i < sizeof files / sizeof *files && rc == 0; i++) {
                char from[4096], to[4096];
                snprintf(from, sizeof from, "%s/%s", tmp.data, files[i]);
                snprintf(to, sizeof to, "%s/%s", clean, files[i]);
                if (access(from, F_OK) == 0 && rename(from, to))
                    rc = alto_err_set(err, "cannot move %s into %s: %s", files[i], clean, strerror(errno));
            }
        }
    }
    /* Clean the temporary directory (only the files we wrote). */
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", tmp.data, files[i]);
        unlink(p);
    }
    rmdir(tmp.data);
out:
    alto_buf_free(&tmp);
    free(clean);
    return rc;
}

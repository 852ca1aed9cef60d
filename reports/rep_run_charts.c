/* rep_run_charts.c: the run page's two charts, from report.json only.
 *
 * Bars: mean completion time per policy (whisker: range of the repetition
 * means) and per sweep replica, with the reference times as markers.  CDF:
 * completion times per policy as a step function.  Both have round ticks
 * with units, name the backend whose times they show (the first one: the
 * others are in "Backends per transfer", and rep_run_backends_note says
 * which backend is the reference), draw the SLA deadline when the
 * run has one, and keep every label inside the picture: value labels sit
 * in their own column, the legend is as wide as its longest name.  A CDF
 * series that coincides with an earlier one is drawn dashed and a few
 * pixels off, and its legend entry says which one it hides under. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_run_int.h"
#include "rep_svg.h"

#define CDF_POINTS 400
#define DEADLINES_MAX 3
#define CHAR_PX 7.2     /* average glyph width at font-size 12, sans-serif */

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double num(const json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }

const char *rep_run_backend(const json_t *report) {
    const char *s = str(json_array_get(json_object_get(report, "backends"), 0), "name");
    return *s ? s : "?";
}

const char *rep_run_reference(const json_t *report) {
    const char *s = str(json_array_get(json_object_get(report, "backend_comparison"), 0), "reference");
    return *s ? s : NULL;
}

void rep_run_backends_note(alto_buf *b, const json_t *report) {
    const json_t *bes = json_object_get(report, "backends");
    const char *ref = rep_run_reference(report);
    if (json_array_size(bes) < 2 || !ref) return;
    alto_buf_puts(b, "<p class=\"backends-note\">Several backends: the charts and policy tables show "
                     "times on <b class=\"charted\">");
    alto_buf_html(b, rep_run_backend(report));
    alto_buf_puts(b, "</b> (the first listed). Errors are each judged backend's time against the "
                     "reference <b class=\"reference\">");
    alto_buf_html(b, ref);
    alto_buf_puts(b, "</b>, the most faithful backend present (ns3, then mininet, then flow); judged: "
                     "<b class=\"judged\">");
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(report, "backend_comparison"), i, s) {
        if (i) alto_buf_puts(b, ", ");
        alto_buf_html(b, str(s, "judged"));
    }
    alto_buf_puts(b, "</b>. Each backend's time per transfer is in \"Backends per transfer\".</p>\n");
}

/* Distinct SLA deadlines of the run (at most DEADLINES_MAX). */
static int deadlines(const json_t *report, double *out) {
    size_t i;
    const json_t *s;
    int n = 0;
    json_array_foreach(json_object_get(json_object_get(report, "sla"), "instances"), i, s) {
        if (!json_is_number(json_object_get(s, "deadline"))) continue;
        double d = num(s, "deadline");
        int dup = 0;
        for (int k = 0; k < n; k++) dup |= out[k] == d;
        if (!dup && n < DEADLINES_MAX) out[n++] = d;
    }
    return n;
}

/* Vertical dashed deadline lines across [top, bottom]. */
static void deadline_marks(alto_buf *b, const double *dl, int nd, double x0, double scale,
                           int top, int bottom) {
    for (int k = 0; k < nd; k++) {
        double x = x0 + dl[k] * scale;
        alto_buf_printf(b, "<line class=\"deadline\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        "stroke=\"#c33\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>"
                        "deadline %.2f s</title></line><text x=\"%.1f\" y=\"%d\" fill=\"#c33\" "
                        "font-size=\"11\">deadline %g s</text>\n", x, top, x, bottom, dl[k], x + 3,
                        top + 10, dl[k]);
    }
}

/* Tick marks, labels and light grid lines of a horizontal time axis. */
static void x_axis(alto_buf *b, const double *t, int nt, double step, double x0, double scale,
                   int top, int bottom, const char *unit) {
    for (int k = 0; k < nt; k++) {
        char lab[32];
        double x = x0 + t[k] * scale;
        rep_tick_label(lab, sizeof lab, t[k], step, unit);
        alto_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        "stroke=\"#e4e4e4\"/><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        "stroke=\"#333\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" "
                        "text-anchor=\"middle\">%s</text>\n", x, top, x, bottom, x, bottom, x,
                        bottom + 5, x, bottom + 17, lab);
    }
}

/* One bar row: label, bar, whisker, reference marker, value label. */
static void bar_row(alto_buf *b, const json_t *r, int is_policy, int i, int y, int L, double sc,
                    int vx) {
    double v = is_policy ? num(r, "mean") : num(r, "seconds");
    alto_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", L - 6, y + 15);
    if (is_policy) alto_buf_html(b, str(r, "policy"));
    else {
        alto_buf_puts(b, "sweep: ");
        alto_buf_html(b, str(r, "replica"));
        alto_buf_puts(b, " alone");
    }
    alto_buf_printf(b, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" "
                    "fill=\"%s\"><title>%.3f s</title></rect>", L, y + 3, v * sc,
                    is_policy ? rep_palette[i % 8] : "#bab0ac", v);
    alto_buf_printf(b, "<text class=\"value\" x=\"%d\" y=\"%d\">%.2f s", vx, y + 15, v);
    int spread = is_policy && json_integer_value(json_object_get(r, "repetitions")) > 1;
    double lo = num(r, "repetition_mean_min"), hi = num(r, "repetition_mean_max");
    if (spread) alto_buf_printf(b, " (%.1f&#8211;%.1f)", lo, hi);
    if (!is_policy && json_is_number(json_object_get(r, "reference")))
        alto_buf_printf(b, ", ref. %.2f s", num(r, "reference"));
    alto_buf_puts(b, "</text>");
    if (spread)
        alto_buf_printf(b, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        "stroke=\"#222\"><title>repetition means %.3f..%.3f s</title></line>"
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>"
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\"/>",
                        L + lo * sc, y + 12, L + hi * sc, y + 12, lo, hi, L + lo * sc, y + 7,
                        L + lo * sc, y + 17, L + hi * sc, y + 7, L + hi * sc, y + 17);
    if (!is_policy && json_is_number(json_object_get(r, "reference"))) {
        double x = L + num(r, "reference") * sc;
        alto_buf_printf(b, "<path class=\"reference\" d=\"M%.1f %d l5 6 l-5 6 l-5 -6 z\" "
                        "fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"><title>reference "
                        "%.2f s</title></path>", x, y + 6, num(r, "reference"));
    }
    alto_buf_putc(b, '\n');
}

/* Horizontal bars: one per policy (mean), then one per sweep replica. */
void rep_run_bars(alto_buf *b, const json_t *report) {
    const json_t *stats = json_object_get(report, "policy_stats");
    const json_t *sweep = json_object_get(report, "sweep");
    size_t np = json_array_size(stats), ns = json_array_size(sweep) <= 20 ? json_array_size(sweep) : 0;
    size_t rows = np + ns, i;
    if (rows == 0) return;
    double max = 0, dl[DEADLINES_MAX];
    int nd = deadlines(report, dl), has_ref = 0;
    const json_t *s;
    json_array_foreach(stats, i, s) max = fmax(max, fmax(num(s, "mean"), num(s, "repetition_mean_max")));
    for (i = 0; i < ns; i++) {
        s = json_array_get(sweep, i);
        max = fmax(max, fmax(num(s, "seconds"), num(s, "reference")));
        has_ref |= json_is_number(json_object_get(s, "reference"));
    }
    for (int k = 0; k < nd; k++) max = fmax(max, dl[k]);
    if (!(max > 0)) max = 1;
    double t[REP_TICKS_MAX], step;
    int nt = rep_ticks(0, max, 6, t, &step);
    int L = 190, pw = 440, T = 16, row = 26, bottom = T + (int)rows * row, W = L + pw + 230;
    int H = bottom + 62;
    double sc = pw / t[nt - 1];
    alto_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" width=\"%d\" "
                    "height=\"%d\" role=\"img\" aria-label=\"completion time per policy\" "
                    "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    x_axis(b, t, nt, step, L, sc, T - 4, bottom, "s");
    for (i = 0; i < rows; i++)
        bar_row(b, i < np ? json_array_get(stats, i) : json_array_get(sweep, i - np), i < np,
                (int)i, T + (int)i * row, L, sc, L + pw + 10);
    deadline_marks(b, dl, nd, L, sc, T - 4, bottom);
    alto_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", L, T - 4, L, bottom);
    alto_buf_printf(b, "<text class=\"caption\" x=\"%d\" y=\"%d\" fill=\"#555\">completion time (s) "
                    "on backend <tspan class=\"backend\" font-weight=\"bold\">", L, bottom + 36);
    alto_buf_html(b, rep_run_backend(report));
    alto_buf_printf(b, "</tspan>; bar: mean over transfers and repetitions</text><text x=\"%d\" "
                    "y=\"%d\" fill=\"#555\">whisker and (a&#8211;b): range of the repetition means%s"
                    "</text></svg>\n", L, bottom + 52,
                    has_ref ? "; &#9671;: reference time" : "");
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct cdf_series {
    double *v;
    size_t n;
    int same_as;     /* index of an earlier identical series, or -1 */
    int offset;      /* how many identical series precede it */
} cdf_series;

static cdf_series *cdf_collect(const json_t *report, size_t np) {
    const json_t *stats = json_object_get(report, "policy_stats");
    const json_t *tr = json_object_get(report, "transfers"), *r;
    cdf_series *cs = alto_xcalloc(np + 1, sizeof *cs);
    size_t nt = json_array_size(tr), k;
    for (size_t i = 0; i < np; i++) {
        const char *p = str(json_array_get(stats, i), "policy");
        cs[i].v = alto_xcalloc(nt + 1, sizeof *cs[i].v);
        json_array_foreach(tr, k, r) if (!strcmp(str(r, "policy"), p)) cs[i].v[cs[i].n++] = num(r, "seconds");
        qsort(cs[i].v, cs[i].n, sizeof *cs[i].v, cmp_d);
        cs[i].same_as = -1;
        for (size_t j = 0; j < i && cs[i].same_as < 0; j++) {
            if (cs[j].n != cs[i].n || cs[i].n == 0) continue;
            int eq = 1;
            for (size_t q = 0; q < cs[i].n && eq; q++)
                eq = fabs(cs[j].v[q] - cs[i].v[q]) <= 1e-6 * fmax(1, cs[i].v[q]);
            if (eq) {
                cs[i].same_as = (int)j;
                cs[i].offset = cs[j].offset + 1;
            }
        }
    }
    return cs;
}

static void cdf_path(alto_buf *b, const cdf_series *c, int i, int L, int T, int ph, int pw,
                     double sc) {
    double off = 3.0 * c->offset;   /* px: a hidden series peeks out */
    size_t step = c->n > CDF_POINTS ? c->n / CDF_POINTS : 1;
    alto_buf_printf(b, "<path class=\"cdf\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    "stroke-dasharray=\"%s\" d=\"M%d %.1f", rep_palette[i % 8],
                    rep_dash[(c->offset + (c->same_as >= 0)) % 4], L, T + ph - off);
    for (size_t q = 0; q < c->n; q += step) {
        size_t at = q + step >= c->n ? c->n - 1 : q;
        alto_buf_printf(b, " H%.1f V%.1f", L + c->v[at] * sc + off,
                        T + ph * (1 - (double)(at + 1) / c->n) - off);
        if (at == c->n - 1) break;
    }
    alto_buf_printf(b, " H%d\"/>\n", L + pw);
}

/* Legend entries to the right of the plot, as wide as they need. */
static void cdf_legend(alto_buf *b, const json_t *stats, const cdf_series *cs, size_t np, int x, int T) {
    for (size_t i = 0; i < np; i++) {
        int y = T + 6 + (int)i * 20;
        alto_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                        "stroke-width=\"2.5\" stroke-dasharray=\"%s\"/><text class=\"legend\" "
                        "x=\"%d\" y=\"%d\">", x, y, x + 24, y, rep_palette[i % 8],
                        rep_dash[(cs[i].offset + (cs[i].same_as >= 0)) % 4], x + 30, y + 4);
        alto_buf_html(b, str(json_array_get(stats, i), "policy"));
        if (cs[i].same_as >= 0) {
            alto_buf_puts(b, " (same as ");
            alto_buf_html(b, str(json_array_get(stats, (size_t)cs[i].same_as), "policy"));
            alto_buf_puts(b, ")");
        }
        alto_buf_puts(b, "</text>\n");
    }
}

void rep_run_cdf(alto_buf *b, const json_t *report) {
    const json_t *stats = json_object_get(report, "policy_stats");
    size_t np = json_array_size(stats), i;
    double max = 0, dl[DEADLINES_MAX];
    int nd = deadlines(report, dl);
    const json_t *s;
    json_array_foreach(stats, i, s) max = fmax(max, num(s, "max"));
    for (int k = 0; k < nd; k++) max = fmax(max, dl[k]);
    if (!(max > 0) || np == 0) return;
    cdf_series *cs = cdf_collect(report, np);
    size_t longest = 0;
    for (i = 0; i < np; i++) {
        size_t len = strlen(str(json_array_get(stats, i), "policy"));
        if (cs[i].same_as >= 0) len += 10 + strlen(str(json_array_get(stats, (size_t)cs[i].same_as), "policy"));
        if (len > longest) longest = len;
    }
    double t[REP_TICKS_MAX], step;
    int nt = rep_ticks(0, max, 6, t, &step);
    int L = 70, T = 12, pw = 520, ph = 260, B = 50;
    int legend = 40 + (int)(CHAR_PX * (double)longest);
    int W = L + pw + legend, H = T + ph + B;
    if (H < T + 20 * (int)np + 20) H = T + 20 * (int)np + 20;
    double sc = pw / t[nt - 1];
    alto_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cdf\" width=\"%d\" "
                    "height=\"%d\" role=\"img\" aria-label=\"CDF of completion times\" "
                    "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
    x_axis(b, t, nt, step, L, sc, T, T + ph, "s");
    for (int k = 0; k <= 4; k++)
        alto_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                        "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
                        L, T + ph * (1 - k / 4.0), L + pw, T + ph * (1 - k / 4.0), L - 6,
                        T + ph * (1 - k / 4.0) + 4, 25 * k);
    alto_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    "stroke=\"#333\"/>\n", L, T, pw, ph);
    for (i = 0; i < np; i++) if (cs[i].n) cdf_path(b, &cs[i], (int)i, L, T, ph, pw, sc);
    deadline_marks(b, dl, nd, L, sc, T, T + ph);
    cdf_legend(b, stats, cs, np, L + pw + 12, T);
    alto_buf_printf(b, "<text class=\"caption\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                    "fill=\"#555\">completion time (s) on backend <tspan class=\"backend\" "
                    "font-weight=\"bold\">", L + pw / 2, T + ph + 36);
    alto_buf_html(b, rep_run_backend(report));
    alto_buf_printf(b, "</tspan></text><text transform=\"translate(16,%d) rotate(-90)\" "
                    "text-anchor=\"middle\" fill=\"#555\">transfers done</text></svg>\n", T + ph / 2);
    for (i = 0; i < np; i++) free(cs[i].v);
    free(cs);
}

/* rep_run_xval.c: the backends compared transfer by transfer (`altospec
 * run --backend flow,ns3`), and the scatter plot the estimator and SLA
 * sections reuse.
 *
 * Every transfer record of a multi-backend run holds `backends` {name:
 * seconds} and `error_vs_first` {name: relative error}; the table lists
 * them and the plot puts one point per transfer and other backend: x the
 * first backend's time, y the other's, with the diagonal y = x so that a
 * point above it is a transfer the other backend found slower.  Nothing is
 * recomputed except the plot's coordinates. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_run_int.h"

#define XVAL_ROWS_SHOWN 200
#define XVAL_POINTS_MAX 5000

static const char *const colors[] = {"#e15759", "#4e79a7", "#59a14f", "#b07aa1"};

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

void rep_run_scatter(alto_buf *b, const char *aria, const char *xlabel, const char *ylabel,
                     const double *x, const double *y, char *const *label, int n) {
    double lo = INFINITY, hi = 0;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0 && x[i] < lo) lo = x[i];
        if (y[i] > 0 && y[i] < lo) lo = y[i];
        if (x[i] > hi) hi = x[i];
        if (y[i] > hi) hi = y[i];
    }
    if (n == 0 || !(hi > 0)) return;
    int logax = lo > 0 && hi / lo > 10;
    double a = logax ? log10(lo) - 0.05 : 0, z = logax ? log10(hi) + 0.05 : hi * 1.05;
    int W = 420, H = 420, L = 64, T = 12, R = 12, B = 48, pw = W - L - R, ph = H - T - B;
#define SX(v) (L + pw * ((logax ? log10(v) : (v)) - a) / (z - a))
#define SY(v) (T + ph * (1 - ((logax ? log10(v) : (v)) - a) / (z - a)))
    alto_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scatter\" width=\"%d\" "
                    "height=\"%d\" role=\"img\" aria-label=\"", W, H);
    alto_buf_html(b, aria);
    alto_buf_printf(b, "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect x=\"%d\" y=\"%d\" "
                    "width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", L, T, pw, ph);
    for (int t = 0; t <= 4; t++) {
        double v = logax ? pow(10, a + (z - a) * t / 4) : z * t / 4;
        alto_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3g</text>"
                        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n",
                        L + pw * t / 4.0, H - B + 14, v, L - 4, T + ph * (1 - t / 4.0) + 4, v);
    }
    double d0 = logax ? pow(10, a) : 0, d1 = logax ? pow(10, z) : z;
    alto_buf_printf(b, "<line class=\"diagonal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#999\" stroke-dasharray=\"4 3\"><title>y = x</title></line>\n",
                    SX(d0), SY(d0), SX(d1), SY(d1));
    for (int i = 0; i < n; i++) {
        if (logax && !(x[i] > 0 && y[i] > 0)) continue;
        alto_buf_printf(b, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" "
                        "fill-opacity=\"0.7\"><title>", SX(x[i]), SY(y[i]), colors[0]);
        alto_buf_html(b, label && label[i] ? label[i] : "");
        alto_buf_printf(b, " (%.4g, %.4g)</title></circle>\n", x[i], y[i]);
    }
#undef SX
#undef SY
    alto_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">", L + pw / 2, H - 18);
    alto_buf_html(b, xlabel);
    alto_buf_printf(b, "%s</text><text transform=\"translate(14,%d) rotate(-90)\" text-anchor="
                    "\"middle\" fill=\"#555\">", logax ? " (log)" : "", T + ph / 2);
    alto_buf_html(b, ylabel);
    alto_buf_printf(b, "%s</text></svg>\n", logax ? " (log)" : "");
}

void rep_run_xval_html(alto_buf *b, const json_t *report) {
    const json_t *bes = json_object_get(report, "backends");
    const json_t *tr = json_object_get(report, "transfers");
    if (json_array_size(bes) < 2) return;
    const char *first = str(json_array_get(bes, 0), "name");
    size_t nt = json_array_size(tr);
    alto_buf_printf(b, "<h2>Backends per transfer</h2>\n");
    for (size_t k = 1; k < json_array_size(bes); k++) {
        const char *other = str(json_array_get(bes, k), "name");
        double *x = alto_xcalloc(nt + 1, sizeof *x), *y = alto_xcalloc(nt + 1, sizeof *y);
        char **lab = alto_xcalloc(nt + 1, sizeof *lab);
        int n = 0;
        size_t i;
        const json_t *r;
        json_array_foreach(tr, i, r) {
            const json_t *v = json_object_get(json_object_get(r, "backends"), other);
            if (!json_is_number(v) || n >= XVAL_POINTS_MAX) continue;
            x[n] = json_number_value(json_object_get(json_object_get(r, "backends"), first));
            y[n] = json_number_value(v);
            alto_buf l = ALTO_BUF_INIT;
            alto_buf_printf(&l, "%s rep %d: %s -> %s (%s)", str(r, "policy"),
                            (int)json_integer_value(json_object_get(r, "repetition")),
                            str(r, "replica"), str(r, "client"), str(r, "file"));
            lab[n++] = alto_buf_take(&l);
        }
        char xl[96], yl[96], aria[200];
        snprintf(xl, sizeof xl, "%s completion time (s)", first);
        snprintf(yl, sizeof yl, "%s completion time (s)", other);
        snprintf(aria, sizeof aria, "scatter of completion times, %s vs %s", other, first);
        rep_run_scatter(b, aria, xl, yl, x, y, lab, n);
        for (int q = 0; q < n; q++) free(lab[q]);
        free(lab); free(x); free(y);
        alto_buf_printf(b, "<table class=\"xval\"><tr><th>policy</th><th>rep</th><th>replica</th>"
                        "<th>client</th><th>file</th><th>%s s</th><th>%s s</th><th>relative error</th>"
                        "</tr>\n", first, other);
        int shown = 0;
        json_array_foreach(tr, i, r) {
            const json_t *v = json_object_get(json_object_get(r, "backends"), other);
            if (!json_is_number(v)) continue;
            if (shown++ == XVAL_ROWS_SHOWN) {
                alto_buf_printf(b, "<tr><td colspan=\"8\">... more in report.json</td></tr>\n");
                break;
            }
            alto_buf_puts(b, "<tr><td>");
            alto_buf_html(b, str(r, "policy"));
            alto_buf_printf(b, "</td><td>%d</td><td>", (int)json_integer_value(json_object_get(r, "repetition")));
            alto_buf_html(b, str(r, "replica"));
            alto_buf_puts(b, "</td><td>");
            alto_buf_html(b, str(r, "client"));
            alto_buf_puts(b, "</td><td>");
            alto_buf_html(b, str(r, "file"));
            alto_buf_printf(b, "</td><td>%.3f</td><td>%.3f</td><td>%+.2f%%</td></tr>\n",
                            json_number_value(json_object_get(json_object_get(r, "backends"), first)),
                            json_number_value(v),
                            100 * json_number_value(json_object_get(json_object_get(r, "error_vs_first"), other)));
        }
        alto_buf_puts(b, "</table>\n");
    }
}

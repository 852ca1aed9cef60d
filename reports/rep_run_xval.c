/* rep_run_xval.c: the backends compared transfer by transfer (`altospec
 * run --backend flow,ns3`), and the scatter plot the estimator and SLA
 * sections reuse.
 *
 * Every transfer record of a multi-backend run holds `backends` {name:
 * seconds} and `error_vs_reference` {name: relative error}; the table lists
 * them and the plot puts one point per transfer and judged backend: x the
 * reference backend's time (backend_comparison[].reference, the most
 * faithful one listed), y the judged one's, with the diagonal y = x so that a
 * point above it is a transfer the other backend found slower.  Nothing is
 * recomputed except the plot's coordinates. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_run_int.h"
#include "rep_svg.h"

#define XVAL_ROWS_SHOWN 200
#define XVAL_POINTS_MAX 5000

static const char *const colors[] = {"#e15759", "#4e79a7", "#59a14f", "#b07aa1"};

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

#define LABELS_MAX 40

typedef struct label_box { double x0, y0, x1, y1; } label_box;

static int box_free(const label_box *placed, int n, label_box c, double W, double H) {
    if (c.x0 < 0 || c.y0 < 0 || c.x1 > W || c.y1 > H) return 0;
    for (int i = 0; i < n; i++)
        if (c.x0 < placed[i].x1 && placed[i].x0 < c.x1 && c.y0 < placed[i].y1 && placed[i].y0 < c.y1)
            return 0;
    return 1;
}

/* Visible labels: one per spot (points within 6 px share it, "+k more"),
 * each put where it overlaps no other label (right or left of the point,
 * above or below); one with no free place is left to its tooltip. */
static void scatter_labels(alto_buf *b, const double *px, const double *py, char *const *lab,
                           int n, const char *color, label_box *placed, int *np, double W, double H) {
    if (!lab || n > LABELS_MAX) return;
    char *done = alto_xcalloc((size_t)n + 1, 1);
    for (int i = 0; i < n; i++) {
        if (done[i] || !isfinite(px[i]) || !lab[i]) continue;
        int more = 0;
        for (int j = i + 1; j < n; j++)
            if (!done[j] && fabs(px[j] - px[i]) < 6 && fabs(py[j] - py[i]) < 6) { done[j] = 1; more++; }
        /* The visible label stops before any " (...)": the tooltip has it all. */
        char text[200];
        int len = (int)(strstr(lab[i], " (") ? strstr(lab[i], " (") - lab[i] : (ptrdiff_t)strlen(lab[i]));
        if (more) snprintf(text, sizeof text, "%.*s +%d more", len, lab[i], more);
        else snprintf(text, sizeof text, "%.*s", len, lab[i]);
        double w = 6.0 * (double)strlen(text), h = 11;
        static const double dx[4] = {6, 6, -6, -6}, dy[4] = {-5, 13, -5, 13};
        for (int k = 0; k < 4; k++) {
            double x = px[i] + dx[k], y = py[i] + dy[k];
            label_box c = {k < 2 ? x : x - w, y - h + 2, k < 2 ? x + w : x, y + 2};
            if (*np >= 4 * LABELS_MAX || !box_free(placed, *np, c, W, H)) continue;
            placed[(*np)++] = c;
            alto_buf_printf(b, "<text class=\"ptlabel\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
                            "fill=\"%s\"%s>", x, y, color, k < 2 ? "" : " text-anchor=\"end\"");
            alto_buf_html(b, text);
            alto_buf_puts(b, "</text>\n");
            break;
        }
    }
    free(done);
}

typedef struct scatter_axis {
    int logax;
    double a, z;            /* data range shown (log10 when logax) */
    double t[REP_TICKS_MAX], step;
    int nt;
} scatter_axis;

static void scatter_range(scatter_axis *ax, const rep_series *s, int ns) {
    double lo = INFINITY, hi = 0;
    for (int k = 0; k < ns; k++)
        for (int i = 0; i < s[k].n; i++) {
            double v[2] = {s[k].x[i], s[k].y[i]};
            for (int j = 0; j < 2; j++) {
                if (v[j] > 0 && v[j] < lo) lo = v[j];
                if (v[j] > hi) hi = v[j];
            }
        }
    ax->logax = lo > 0 && hi / lo > 10;
    if (ax->logax) {
        ax->a = floor(log10(lo));
        ax->z = ceil(log10(hi));
        ax->nt = rep_log_ticks(pow(10, ax->a), pow(10, ax->z), ax->t);
        ax->step = 0;
    } else {
        ax->nt = rep_ticks(0, hi > 0 ? hi : 1, 5, ax->t, &ax->step);
        ax->a = 0;
        ax->z = ax->t[ax->nt - 1];
    }
}

void rep_run_scatter(alto_buf *b, const char *aria, const char *xlabel, const char *ylabel,
                     const char *unit, const rep_series *s, int ns) {
    int total = 0;
    for (int k = 0; k < ns; k++) total += s[k].n;
    if (total == 0) return;
    scatter_axis ax;
    scatter_range(&ax, s, ns);
    int legend = ns > 1 ? 18 * ns : 0;
    int W = 520, L = 72, T = 12, R = 30, B = 52, pw = W - L - R, ph = 396, H = T + ph + B + legend;
    label_box *placed = alto_xcalloc(4 * LABELS_MAX + 1, sizeof *placed);
    placed[0] = (label_box){L + pw - 36, T + 2, L + pw, T + 18};    /* "y = x" */
    int nplaced = 1;
#define POS(v) (((ax.logax ? log10(v) : (v)) - ax.a) / (ax.z - ax.a))
    alto_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scatter\" width=\"%d\" "
                    "height=\"%d\" role=\"img\" aria-label=\"", W, H);
    alto_buf_html(b, aria);
    alto_buf_printf(b, "\" font-family=\"sans-serif\" font-size=\"11\">\n");
    for (int k = 0; k < ax.nt; k++) {
        char lab[32];
        double v = ax.t[k], px = L + pw * POS(v), py = T + ph * (1 - POS(v));
        rep_tick_label(lab, sizeof lab, v, ax.logax ? v : ax.step, unit);
        alto_buf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>"
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                        "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                        "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                        px, T, px, T + ph, L, py, L + pw, py, px, T + ph + 15, lab, L - 5, py + 4, lab);
    }
    alto_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    "stroke=\"#333\"/>\n<line class=\"diagonal\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
                    "y2=\"%d\" stroke=\"#777\" stroke-dasharray=\"4 3\"><title>y = x</title></line>"
                    "<text x=\"%d\" y=\"%d\" fill=\"#777\" text-anchor=\"end\">y = x</text>\n",
                    L, T, pw, ph, L, T + ph, L + pw, T, L + pw - 4, T + 14);
    for (int k = 0; k < ns; k++) {
        const char *color = colors[k % 4];
        double *px = alto_xcalloc((size_t)s[k].n + 1, sizeof *px);
        double *py = alto_xcalloc((size_t)s[k].n + 1, sizeof *py);
        for (int i = 0; i < s[k].n; i++) {
            double x = s[k].x[i], y = s[k].y[i];
            px[i] = NAN;
            if (ax.logax && !(x > 0 && y > 0)) continue;
            px[i] = L + pw * POS(x);
            py[i] = T + ph * (1 - POS(y));
            if (k == 0)
                alto_buf_printf(b, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                                "fill-opacity=\"0.75\"><title>", px[i], py[i], color);
            else
                alto_buf_printf(b, "<path class=\"pt\" d=\"M%.1f %.1f l4 4 l-4 4 l-4 -4 z\" "
                                "fill=\"%s\" fill-opacity=\"0.75\"><title>", px[i], py[i] - 4, color);
            if (s[k].name) {
                alto_buf_html(b, s[k].name);
                alto_buf_puts(b, ": ");
            }
            alto_buf_html(b, s[k].label && s[k].label[i] ? s[k].label[i] : "");
            alto_buf_printf(b, " (%.4g, %.4g)</title>%s\n", x, y, k == 0 ? "</circle>" : "</path>");
        }
        scatter_labels(b, px, py, s[k].label, s[k].n, color, placed, &nplaced, W, T + ph);
        if (s[k].name && ns > 1)
            alto_buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text class=\"legend\" "
                            "x=\"%d\" y=\"%d\">", L + 4, T + ph + B + 18 * k, color, L + 14,
                            T + ph + B + 4 + 18 * k);
        if (s[k].name && ns > 1) {
            alto_buf_html(b, s[k].name);
            alto_buf_puts(b, "</text>\n");
        }
        free(px);
        free(py);
    }
#undef POS
    free(placed);
    alto_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">", L + pw / 2,
                    T + ph + 36);
    alto_buf_html(b, xlabel);
    alto_buf_printf(b, "%s</text><text transform=\"translate(14,%d) rotate(-90)\" text-anchor="
                    "\"middle\" fill=\"#555\">", ax.logax ? " (log)" : "", T + ph / 2);
    alto_buf_html(b, ylabel);
    alto_buf_printf(b, "%s</text></svg>\n", ax.logax ? " (log)" : "");
}

void rep_run_xval_html(alto_buf *b, const json_t *report) {
    const json_t *bes = json_object_get(report, "backends");
    const json_t *tr = json_object_get(report, "transfers");
    if (json_array_size(bes) < 2) return;
    const char *first = rep_run_reference(report);
    if (!first) first = str(json_array_get(bes, 0), "name");
    size_t nt = json_array_size(tr);
    alto_buf_printf(b, "<h2>Backends per transfer</h2>\n");
    for (size_t k = 0; k < json_array_size(bes); k++) {
        const char *other = str(json_array_get(bes, k), "name");
        if (!strcmp(other, first)) continue;
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
            alto_buf_printf(&l, "%s #%d: %s -> %s (%s)", str(r, "policy"),
                            (int)json_integer_value(json_object_get(r, "repetition")),
                            str(r, "replica"), str(r, "client"), str(r, "file"));
            lab[n++] = alto_buf_take(&l);
        }
        char xl[96], yl[96], aria[200];
        snprintf(xl, sizeof xl, "completion time on %s, the reference (s)", first);
        snprintf(yl, sizeof yl, "completion time on %s (s)", other);
        snprintf(aria, sizeof aria, "scatter of completion times, %s vs %s", other, first);
        rep_series one = {NULL, x, y, lab, n};
        rep_run_scatter(b, aria, xl, yl, "s", &one, 1);
        for (int q = 0; q < n; q++) free(lab[q]);
        free(lab); free(x); free(y);
        alto_buf_printf(b, "<table class=\"xval\"><tr><th>policy</th><th>rep</th><th>replica</th>"
                        "<th>client</th><th>file</th><th>%s s (reference)</th><th>%s s</th><th>relative error</th>"
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
                            100 * json_number_value(json_object_get(json_object_get(r, "error_vs_reference"), other)));
        }
        alto_buf_puts(b, "</table>\n");
    }
}

/* rep_svg.c: round axis ticks and the charts' shared style (rep_svg.h). */
#include <math.h>
#include <stdio.h>
#include "rep_svg.h"

const char *const rep_palette[8] = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
};

const char *const rep_dash[4] = {"", "7 3", "2 2", "9 3 2 3"};

/* 1, 2 or 5 x 10^k, the smallest at least raw. */
static double nice_step(double raw) {
    double e = pow(10, floor(log10(raw)));
    double f = raw / e;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
}

int rep_ticks(double lo, double hi, int want, double *out, double *step) {
    if (!(hi > lo)) hi = lo + (lo != 0 ? fabs(lo) : 1);
    if (want < 2) want = 2;
    double s = nice_step((hi - lo) / want);
    double a = floor(lo / s + 1e-9) * s, z = ceil(hi / s - 1e-9) * s;
    int n = 0;
    for (double v = a; v <= z + s / 2 && n < REP_TICKS_MAX; v += s) out[n++] = fabs(v) < s / 1e6 ? 0 : v;
    if (step) *step = s;
    return n;
}

int rep_log_ticks(double lo, double hi, double *out) {
    static const double mant[] = {1, 2, 5};
    int n = 0;
    for (double e = pow(10, floor(log10(lo))); e <= hi && n < REP_TICKS_MAX; e *= 10)
        for (int k = 0; k < 3 && n < REP_TICKS_MAX; k++) {
            double v = mant[k] * e;
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out[n++] = v;
        }
    return n;
}

void rep_tick_label(char *buf, size_t n, double v, double step, const char *unit) {
    int dec = step >= 1 || !(step > 0) ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 6) dec = 6;
    if (step <= 0 && v != 0 && fabs(v) < 1) dec = (int)ceil(-log10(fabs(v)) - 1e-9);
    snprintf(buf, n, "%.*f%s%s", dec, v, unit && *unit ? " " : "", unit ? unit : "");
}

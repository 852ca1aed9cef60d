/* rep_svg.h: what the reports' inline SVG charts share: axis ticks at
 * round values (1, 2, 5 x 10^k) labelled with their unit, the palette and
 * the dash patterns that keep coinciding series apart. */
#ifndef REP_SVG_H
#define REP_SVG_H

#include <stddef.h>

#define REP_TICKS_MAX 24

extern const char *const rep_palette[8];
/* stroke-dasharray values; "" is solid. */
extern const char *const rep_dash[4];

/* Round ticks covering [lo, hi] (about `want` of them): out[0] <= lo,
 * out[n-1] >= hi; n returned (>= 2).  *step gets the spacing. */
int rep_ticks(double lo, double hi, int want, double *out, double *step);
/* Ticks 1, 2, 5 x 10^k inside [lo, hi] (both > 0), for log axes. */
int rep_log_ticks(double lo, double hi, double *out);
/* "20 s", "0.5 Mbps", "1.25": as many decimals as step needs; unit may be
 * NULL or "". */
void rep_tick_label(char *buf, size_t n, double v, double step, const char *unit);

#endif

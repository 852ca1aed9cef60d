/* alto_units.c: rates, durations and sizes with explicit units.
 *
 * Unit tables rather than branches: each row is a suffix and its factor to
 * the base unit.  Suffixes are matched exactly as written, except that the
 * rate prefix k/K is accepted both ways (both spellings are common). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_units.h"

typedef struct unit_row {
    const char *suffix;
    double factor;
} unit_row;

static const unit_row rate_units[] = {
    {"bps", 1}, {"kbps", 1e3}, {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9},
    {NULL, 0},
};
static const unit_row duration_units[] = {
    {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {NULL, 0},
};
static const unit_row size_units[] = {
    {"B", 1}, {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"", 1},
    {NULL, 0},
};

/* Parses "<number><optional spaces><suffix>" against a table. */
static int parse_with(const char *s, const unit_row *units, double *out) {
    if (!s) return -1;
    while (isspace((unsigned char)*s)) s++;
    char *end;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v)) return -1;
    /* strtod accepts "inf", "nan" and hex; a unit file never means those. */
    for (const char *p = s; p < end; p++)
        if (!(isdigit((unsigned char)*p) || *p == '.' || *p == '-' || *p == '+' ||
              *p == 'e' || *p == 'E'))
            return -1;
    while (isspace((unsigned char)*end)) end++;
    size_t n = strlen(end);
    while (n && isspace((unsigned char)end[n - 1])) n--;
    for (const unit_row *u = units; u->suffix; u++) {
        if (strlen(u->suffix) == n && !strncmp(end, u->suffix, n)) {
            *out = v * u->factor;
            return 0;
        }
    }
    return -1;
}

int alto_parse_rate(const char *s, double *bps) { return parse_with(s, rate_units, bps); }
int alto_parse_duration(const char *s, double *sec) { return parse_with(s, duration_units, sec); }
int alto_parse_size(const char *s, double *bytes) { return parse_with(s, size_units, bytes); }

const char *alto_fmt_rate(double bps, char *buf, int n) {
    if (bps >= 1e9 && fmod(bps, 1e9) == 0) snprintf(buf, (size_t)n, "%gGbps", bps / 1e9);
    else if (bps >= 1e6) snprintf(buf, (size_t)n, "%gMbps", bps / 1e6);
    else if (bps >= 1e3) snprintf(buf, (size_t)n, "%gkbps", bps / 1e3);
    else snprintf(buf, (size_t)n, "%gbps", bps);
    return buf;
}

const char *alto_fmt_duration(double s, char *buf, int n) {
    if (s == 0) snprintf(buf, (size_t)n, "0ms");
    else if (s < 1e-3) snprintf(buf, (size_t)n, "%gus", s * 1e6);
    else if (s < 1) snprintf(buf, (size_t)n, "%gms", s * 1e3);
    else snprintf(buf, (size_t)n, "%gs", s);
    return buf;
}

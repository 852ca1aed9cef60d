/* alto_units.h: parsing and printing of rates, durations and sizes.
 *
 * Rates: bps, kbps, Mbps, Gbps (decimal, case of the prefix as written;
 * "Kbps" accepted).  Durations: us, ms, s.  Sizes: B, kB, MB, GB (decimal)
 * and KiB, MiB, GiB (binary), or a bare integer of bytes.  A number without
 * a unit is rejected for rates and durations: "5" is ambiguous in a
 * topology file, and silently assuming a unit is how demos go wrong. */
#ifndef ALTO_UNITS_H
#define ALTO_UNITS_H

/* Return 0 and the value in base units (bits/s, seconds, bytes), or -1. */
int alto_parse_rate(const char *s, double *bps);
int alto_parse_duration(const char *s, double *seconds);
int alto_parse_size(const char *s, double *bytes);

/* "5Mbps", "25ms", "10MiB": compact human forms into buf. */
const char *alto_fmt_rate(double bps, char *buf, int n);
const char *alto_fmt_duration(double s, char *buf, int n);

#endif

/* alto_meta.h: who wrote a report, and when: altospec's version, the
 * command line it was started with, a UTC time stamp.  main.c records the
 * command line once; every report (run, conformance, matrix) stores
 * alto_meta_generated() as its "generated" member, so a page read months
 * later says what produced it. */
#ifndef ALTO_META_H
#define ALTO_META_H

#include <jansson.h>

#define ALTOSPEC_VERSION "0.1.0"

/* Records argv as typed (copied: getopt_long reorders it later). */
void alto_meta_set_cmdline(int argc, char **argv);
/* {"tool": "altospec", "version": "0.1.0", "command": ["altospec", "run",
 * ...], "utc": "2026-12-07T20:00:00Z"}: a new reference.  Without a
 * recorded command line (unit tests), "command" is []. */
json_t *alto_meta_generated(void);

#endif

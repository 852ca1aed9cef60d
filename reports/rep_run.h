/* rep_run.h: renderers of scenario-run reports (`altospec run`).
 * report.json of a run is the source of truth; these render the HTML page
 * (inline SVG charts) and a Markdown summary from it. */
#ifndef REP_RUN_H
#define REP_RUN_H

#include <jansson.h>
#include "alto_err.h"

/* Writes report.html and summary.md into dir from a run report. */
int rep_run_render(const json_t *report, const char *dir, alto_err *err);

#endif

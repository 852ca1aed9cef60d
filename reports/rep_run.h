/* rep_run.h: renderers of scenario-run reports (`altospec run`).
 * report.json of a run is the source of truth; these render the HTML page
 * (inline SVG charts) and a Markdown summary from it. */
#ifndef REP_RUN_H
#define REP_RUN_H

#include <jansson.h>
#include "alto_err.h"

/* Writes report.html and summary.md into dir from a run report. */
int rep_run_render(const json_t *report, const char *dir, alto_err *err);

/* JUnit XML of a run report, one testcase per expectation
 * (rep_run_junit.c); _write puts it in the file path. */
#include "alto_buf.h"
void rep_run_junit(const json_t *report, alto_buf *out);
int rep_run_junit_write(const json_t *report, const char *path, alto_err *err);

#endif

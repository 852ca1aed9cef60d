/* rep_conf.h: renderers of conformance reports.
 *
 * report.json (built by conformance/conf_run.c, described by
 * reports/conformance-report.schema.json) is the single source: JUnit XML,
 * the HTML page, the Markdown summary and the console summary are all
 * rendered from it, here and by `altospec report DIR`.  Renderers never
 * recompute a verdict or an expectation; they only present the stored
 * "verdict" and "as_expected" of each result. */
#ifndef REP_CONF_H
#define REP_CONF_H

#include <stdio.h>
#include <jansson.h>
#include "alto_buf.h"
#include "alto_err.h"

/* Structural check of a stored conformance report (kind, version, keys
 * the renderers rely on); -1 with "path: problem" otherwise. */
int rep_conf_check(const json_t *rep, alto_err *err);

void rep_conf_junit(const json_t *rep, alto_buf *out);
void rep_conf_html(const json_t *rep, alto_buf *out);
void rep_conf_markdown(const json_t *rep, alto_buf *out);
void rep_conf_console(const json_t *rep, FILE *f);

/* Writes report.json (unless skip_json), report.html, summary.md and
 * junit.xml into dir (created if needed); junit_path, when set, gets a
 * copy of the JUnit XML as well. */
int rep_conf_write(const json_t *rep, const char *dir, const char *junit_path,
                   int skip_json, alto_err *err);

/* XML text/attribute escaping that also drops characters XML 1.0 forbids. */
void rep_xml_escape(alto_buf *b, const char *s);

#endif

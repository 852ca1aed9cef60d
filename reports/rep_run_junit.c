/* rep_run_junit.c: JUnit XML from a run report (`altospec run --junit`,
 * `altospec report DIR --junit FILE`), for CI pages that list tests.
 *
 * One <testsuite> named after the scenario, one <testcase> per
 * expectation (name = its text, classname = "run.<scenario>"):
 *   met            -> passed
 *   not met        -> <failure> with the required and actual values
 *   not applicable -> <skipped> with the reason
 * A scenario without expectations gives one testcase, "run", that passes:
 * the run finished, which is all it claimed.  Only the stored report is
 * read; nothing is recomputed. */
#include <stdio.h>
#include <string.h>
#include "rep_run.h"
#include "rep_conf.h"
#include "alto_buf.h"

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void testcase(alto_buf *b, const char *scen, const json_t *e, int *failures, int *skipped) {
    alto_buf_puts(b, "    <testcase name=\"");
    rep_xml_escape(b, sget(e, "text"));
    alto_buf_puts(b, "\" classname=\"run.");
    rep_xml_escape(b, scen);
    const json_t *met = json_object_get(e, "met");
    if (json_is_true(met)) { alto_buf_puts(b, "\"/>\n"); return; }
    alto_buf msg = ALTO_BUF_INIT;
    const char *tag = "failure";
    if (json_is_null(met) || !met) {
        tag = "skipped";
        (*skipped)++;
        alto_buf_printf(&msg, "not applicable: %s", sget(e, "not_applicable"));
    } else {
        (*failures)++;
        alto_buf_printf(&msg, "expectation not met: actual %.4g", json_number_value(json_object_get(e, "actual")));
        if (json_object_get(e, "required"))
            alto_buf_printf(&msg, ", required %.4g", json_number_value(json_object_get(e, "required")));
        if (json_object_get(e, "line"))
            alto_buf_printf(&msg, " (scenario line %lld)", (long long)json_integer_value(json_object_get(e, "line")));
    }
    alto_buf_printf(b, "\">\n      <%s message=\"", tag);
    rep_xml_escape(b, msg.data ? msg.data : "");
    alto_buf_printf(b, "\"/>\n    </testcase>\n");
    alto_buf_free(&msg);
}

void rep_run_junit(const json_t *report, alto_buf *out) {
    const char *scen = sget(json_object_get(report, "scenario"), "name");
    const json_t *exps = json_object_get(report, "expectations");
    alto_buf body = ALTO_BUF_INIT;
    int failures = 0, skipped = 0, tests = 0;
    size_t i;
    const json_t *e;
    json_array_foreach(exps, i, e) {
        tests++;
        testcase(&body, scen, e, &failures, &skipped);
    }
    if (!tests) {
        tests = 1;
        alto_buf_puts(&body, "    <testcase name=\"run\" classname=\"run.");
        rep_xml_escape(&body, scen);
        alto_buf_puts(&body, "\"/>\n");
    }
    alto_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"");
    rep_xml_escape(out, scen);
    alto_buf_printf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n", tests,
                    failures, skipped, json_number_value(json_object_get(report, "wall_seconds")));
    alto_buf_puts(out, body.data ? body.data : "");
    alto_buf_puts(out, "  </testsuite>\n</testsuites>\n");
    alto_buf_free(&body);
}

int rep_run_junit_write(const json_t *report, const char *path, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    rep_run_junit(report, &b);
    int rc = alto_write_file(path, b.data, b.len, err);
    alto_buf_free(&b);
    return rc;
}

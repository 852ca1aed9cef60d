/* rep_junit.c: JUnit XML from a conformance report.
 *
 * One <testsuite> per RFC (the id prefix: a run of several suites gives
 * several), one <testcase> per result, named by the
 * case id (classname = suite + section, so CI UIs group by section).
 * Mapping, driven only by the stored verdict and as_expected:
 *   unexpected FAIL (or WARN under --strict, stored as FAIL) -> <failure>
 *   unexpected ERROR                                          -> <error>
 *   any other unexpected verdict (e.g. PASS where FAIL was expected)
 *                                                             -> <failure>
 *   expected FAIL/ERROR (baseline), UNSUPPORTED, SKIP         -> <skipped>
 *   PASS, WARN                                                -> passed
 * Reasons and the reproducing curl line go into the message and body. */
#include <stdio.h>
#include <string.h>
#include "rep_conf.h"

void rep_xml_escape(alto_buf *b, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '&': alto_buf_puts(b, "&amp;"); break;
        case '<': alto_buf_puts(b, "&lt;"); break;
        case '>': alto_buf_puts(b, "&gt;"); break;
        case '"': alto_buf_puts(b, "&quot;"); break;
        case '\'': alto_buf_puts(b, "&apos;"); break;
        case '\n': alto_buf_puts(b, "&#10;"); break;
        case '\t': case '\r': alto_buf_putc(b, (char)*p); break;
        default:
            if (*p < 0x20) alto_buf_putc(b, '?');     /* not allowed in XML 1.0 */
            else alto_buf_putc(b, (char)*p);
        }
    }
}

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void junit_detail(alto_buf *b, const json_t *r) {
    alto_buf t = ALTO_BUF_INIT;
    alto_buf_printf(&t, "%s (%s, RFC section %s)\nrequirement: %s\n", sget(r, "title"), sget(r, "level"),
                    sget(r, "section"), sget(r, "requirement"));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(r, "problems"), i, p)
        alto_buf_printf(&t, "at %s: expected %s, got %s: %s\n", sget(p, "path"), sget(p, "expected"),
                        sget(p, "actual"), sget(p, "message"));
    json_t *x;
    json_array_foreach(json_object_get(r, "evidence"), i, x) {
        json_t *rs = json_object_get(x, "response");
        alto_buf_printf(&t, "request %zu: %s %s -> ", i, sget(json_object_get(x, "request"), "method"),
                        sget(json_object_get(x, "request"), "url"));
        if (rs) alto_buf_printf(&t, "HTTP %lld %s\n", (long long)json_integer_value(json_object_get(rs, "status")),
                                sget(rs, "content_type"));
        else alto_buf_printf(&t, "%s\n", sget(x, "error"));
        alto_buf_printf(&t, "  reproduce: %s\n", sget(x, "curl"));
    }
    rep_xml_escape(b, t.data ? t.data : "");
    alto_buf_free(&t);
}

/* The RFC of a case id: "rfc9275" of "rfc9275/7.2.6/start". */
static size_t id_suite(const char *id, char *out, size_t n) {
    size_t k = strcspn(id, "/");
    snprintf(out, n, "%.*s", (int)k, id);
    return k;
}

/* One <testsuite> for the results whose id starts with `name`. */
static void junit_suite(const json_t *rep, const char *name, alto_buf *b) {
    json_t *results = json_object_get(rep, "results");
    int failures = 0, errors = 0, tests = 0;
    int skipped = 0;
    double time = 0;
    size_t i;
    json_t *r;
    char sn[64];
    json_array_foreach(results, i, r) {
        id_suite(sget(r, "id"), sn, sizeof sn);
        if (strcmp(sn, name)) continue;
        const char *v = sget(r, "verdict");
        int unexp = !json_is_true(json_object_get(r, "as_expected"));
        tests++;
        time += json_number_value(json_object_get(r, "elapsed"));
        if (unexp && !strcmp(v, "ERROR")) errors++;
        else if (unexp) failures++;
        else if (strcmp(v, "PASS") && strcmp(v, "WARN")) skipped++;
    }
    /* One suite: the run's elapsed time (probe included), as before. */
    json_t *su = json_object_get(rep, "suite");
    if (!strcmp(sget(su, "name"), name)) time = json_number_value(json_object_get(rep, "elapsed"));
    alto_buf_puts(b, "  <testsuite name=\"");
    rep_xml_escape(b, name);
    alto_buf_printf(b, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\" timestamp=\"",
                    tests, failures, errors, skipped, time);
    rep_xml_escape(b, sget(rep, "started"));
    alto_buf_puts(b, "\">\n    <properties><property name=\"target\" value=\"");
    rep_xml_escape(b, sget(json_object_get(rep, "target"), "ird"));
    alto_buf_puts(b, "\"/></properties>\n");
    json_array_foreach(results, i, r) {
        id_suite(sget(r, "id"), sn, sizeof sn);
        if (strcmp(sn, name)) continue;
        const char *v = sget(r, "verdict");
        int unexp = !json_is_true(json_object_get(r, "as_expected"));
        alto_buf_puts(b, "    <testcase name=\"");
        rep_xml_escape(b, sget(r, "id"));
        alto_buf_puts(b, "\" classname=\"");
        rep_xml_escape(b, name);
        alto_buf_putc(b, '.');
        rep_xml_escape(b, sget(r, "section"));
        alto_buf_printf(b, "\" time=\"%.3f\"", json_number_value(json_object_get(r, "elapsed")));
        json_t *exp = json_object_get(r, "expected");
        char msg[1200];
        if (unexp && json_is_object(exp))
            snprintf(msg, sizeof msg, "unexpected %s (expected %s: %s): %s", v, sget(exp, "verdict"),
                     sget(exp, "reason"), sget(r, "reason"));
        else if (json_is_object(exp))
            snprintf(msg, sizeof msg, "expected %s (%s): %s", v, sget(exp, "reason"), sget(r, "reason"));
        else
            snprintf(msg, sizeof msg, "%s: %s", v, sget(r, "reason"));
        const char *tag = NULL;
        if (unexp) tag = !strcmp(v, "ERROR") ? "error" : "failure";
        else if (strcmp(v, "PASS") && strcmp(v, "WARN")) tag = "skipped";
        if (!tag && !strcmp(v, "PASS")) { alto_buf_puts(b, "/>\n"); continue; }
        alto_buf_puts(b, ">\n");
        if (tag) {
            alto_buf_printf(b, "      <%s message=\"", tag);
            rep_xml_escape(b, msg);
            alto_buf_printf(b, "\" type=\"%s\">", v);
            junit_detail(b, r);
            alto_buf_printf(b, "</%s>\n", tag);
        } else {
            alto_buf_puts(b, "      <system-out>");
            rep_xml_escape(b, msg);
            alto_buf_puts(b, "</system-out>\n");
        }
        alto_buf_puts(b, "    </testcase>\n");
    }
    alto_buf_puts(b, "  </testsuite>\n");
}

void rep_conf_junit(const json_t *rep, alto_buf *b) {
    /* One <testsuite> per RFC, in the order the results first name it. */
    json_t *seen = json_object();
    size_t i;
    json_t *r;
    char sn[64];
    alto_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    json_array_foreach(json_object_get(rep, "results"), i, r) {
        id_suite(sget(r, "id"), sn, sizeof sn);
        if (json_object_get(seen, sn)) continue;
        json_object_set_new(seen, sn, json_true());
        junit_suite(rep, sn, b);
    }
    if (!json_object_size(seen)) {        /* no results: still a named suite */
        alto_buf_puts(b, "  <testsuite name=\"");
        rep_xml_escape(b, sget(json_object_get(rep, "suite"), "name"));
        alto_buf_puts(b, "\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"/>\n");
    }
    json_decref(seen);
    alto_buf_puts(b, "</testsuites>\n");
}

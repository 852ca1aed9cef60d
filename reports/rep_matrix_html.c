/* rep_matrix_html.c: matrix.html, the side-by-side page of an interop
 * matrix, rendered from matrix.json alone.
 *
 * Rows are implementations; each suite is a column group: "all" and then
 * one sub-column per top-level RFC section; each demo is one column.  A
 * cell shows its verdict counts in colour and links to that cell's own
 * report (report.html; the server's or child's log when the cell has no
 * report, e.g. a server that did not start).  A cell that could not run
 * spans its whole group with the reason, so "did not start" can never
 * look like a row of UNSUPPORTED.  Self-contained: inline CSS, no script. */
#include <stdio.h>
#include <string.h>
#include "rep_meta.h"
#include "rep_matrix.h"

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static json_int_t iget(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:4px 6px;text-align:center;vertical-align:middle}"
    "th{background:#f3f3f3}th.impl,td.impl{text-align:left}td.impl small{color:#666;display:block;max-width:28em}"
    "td.cell a{text-decoration:none;color:inherit;display:block}"
    ".as-expected{background:#eef8ee}.unexpected{background:#fde8e8;outline:2px solid #c62828;outline-offset:-2px}"
    ".harness-error{background:#f3e5f5;outline:2px solid #6a1b9a;outline-offset:-2px}.not-run,.na{background:#fafafa;color:#999}"
    ".v{display:inline-block;min-width:1.6em;margin:1px;padding:0 3px;border-radius:3px;color:#fff;font-weight:600}"
    ".PASS{background:#2e7d32}.FAIL{background:#c62828}.WARN{background:#ef6c00}.ERROR{background:#6a1b9a}"
    ".SKIP{background:#757575}.UNSUPPORTED{background:#b0bec5;color:#222}"
    ".msg{font-size:.9em;max-width:30em;display:inline-block}.note{display:block;font-size:.8em;color:#8d4b00}"
    ".legend span{margin-right:.6em}";

static void counts(alto_buf *b, const json_t *s) {
    int any = 0;
    for (int k = 0; k < 6; k++) {
        json_int_t n = iget(s, rep_matrix_verdicts[k]);
        if (!n) continue;
        alto_buf_printf(b, "<span class=\"v %s\" title=\"%lld %s\">%lld</span>", rep_matrix_verdicts[k], (long long)n,
                        rep_matrix_verdicts[k], (long long)n);
        any = 1;
    }
    if (!any) alto_buf_puts(b, "<span class=\"msg\">no case</span>");
}

/* <span class="cls">prefix text</span>, text escaped */
static void put_span(alto_buf *b, const char *cls, const char *prefix, const char *text) {
    alto_buf_printf(b, "<span class=\"%s\">%s", cls, prefix);
    alto_buf_html(b, text);
    alto_buf_puts(b, "</span>");
}

static int width(const json_t *col) {
    return !strcmp(sget(col, "kind"), "suite") ? 1 + (int)json_array_size(json_object_get(col, "sections")) : 1;
}

static void cell_open(alto_buf *b, const json_t *c, const char *extra_class, int span, const char *section) {
    alto_buf_printf(b, "<td class=\"cell %s%s\"", sget(c, "outcome"), extra_class);
    if (span > 1) alto_buf_printf(b, " colspan=\"%d\"", span);
    alto_buf_puts(b, " data-impl=\"");
    alto_buf_html(b, sget(c, "implementation"));
    alto_buf_puts(b, "\" data-column=\"");
    alto_buf_html(b, sget(c, "column"));
    if (section) {
        alto_buf_puts(b, "\" data-section=\"");
        alto_buf_html(b, section);
    }
    alto_buf_puts(b, "\"><a href=\"");
    alto_buf_html(b, sget(c, "report"));
    alto_buf_puts(b, "\">");
}

static void one_cell(alto_buf *b, const json_t *c, const json_t *col) {
    const char *st = sget(c, "status");
    int counted = !strcmp(st, "ran") || !strcmp(st, "died");
    if (!counted || (!strcmp(sget(col, "kind"), "demo") && !iget(json_object_get(c, "summary"), "total"))) {
        int span = width(col);
        if (!strcmp(st, "not-run")) {
            if (span > 1) alto_buf_printf(b, "<td class=\"not-run\" colspan=\"%d\">", span);
            else alto_buf_puts(b, "<td class=\"not-run\">");
            alto_buf_html(b, sget(c, "message"));
            alto_buf_puts(b, "</td>");
            return;
        }
        cell_open(b, c, "", span, NULL);
        if (*sget(c, "expected") && strcmp(sget(c, "expected"), "pass")) put_span(b, "note", "expected: ", sget(c, "expected"));
        put_span(b, "msg", "", sget(c, "message"));
        alto_buf_puts(b, "</a></td>");
        return;
    }
    cell_open(b, c, " all", 1, NULL);
    counts(b, json_object_get(c, "summary"));
    if (*sget(c, "message")) put_span(b, "note", "", sget(c, "message"));
    const json_t *stop = json_object_get(c, "stop");
    if (*sget(stop, "note")) put_span(b, "note", "stop: ", sget(stop, "note"));
    alto_buf_puts(b, "</a></td>");
    size_t i;
    json_t *sec;
    json_array_foreach(json_object_get(col, "sections"), i, sec) {
        const json_t *sc = json_object_get(json_object_get(c, "sections"), json_string_value(sec));
        cell_open(b, c, iget(sc, "unexpected") ? " sec unexpected-sec" : " sec", 1, json_string_value(sec));
        if (sc) counts(b, sc);
        else alto_buf_puts(b, "<span class=\"msg\">-</span>");
        alto_buf_puts(b, "</a></td>");
    }
}

static void header(alto_buf *b, const json_t *m) {
    size_t i, j;
    json_t *col, *sec;
    alto_buf_puts(b, "<table id=\"matrix\"><thead><tr><th class=\"impl\" rowspan=\"2\">implementation</th>");
    json_array_foreach(json_object_get(m, "columns"), i, col) {
        int suite = !strcmp(sget(col, "kind"), "suite");
        alto_buf_printf(b, "<th %s=\"%d\" title=\"", suite ? "colspan" : "rowspan", suite ? width(col) : 2);
        alto_buf_html(b, suite ? sget(col, "id") : sget(col, "scenario"));
        alto_buf_puts(b, "\">");
        alto_buf_html(b, sget(col, "id"));
        if (suite) alto_buf_printf(b, " <small>(%lld cases)</small>", (long long)iget(col, "cases"));
        alto_buf_puts(b, "</th>");
    }
    alto_buf_puts(b, "</tr><tr>");
    json_array_foreach(json_object_get(m, "columns"), i, col) {
        if (strcmp(sget(col, "kind"), "suite")) continue;
        alto_buf_puts(b, "<th>all</th>");
        json_array_foreach(json_object_get(col, "sections"), j, sec) {
            alto_buf_puts(b, "<th>&sect;");
            alto_buf_html(b, json_string_value(sec));
            alto_buf_puts(b, "</th>");
        }
    }
    alto_buf_puts(b, "</tr></thead><tbody>\n");
}

void rep_matrix_html(const json_t *m, alto_buf *b) {
    const json_t *sum = json_object_get(m, "summary");
    alto_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width\"><title>");
    rep_meta_name(b, m);
    alto_buf_puts(b, " interop matrix</title><style>");
    alto_buf_puts(b, css);
    alto_buf_puts(b, "</style></head><body><h1>ALTO interop matrix</h1><p>");
    alto_buf_html(b, sget(m, "file"));
    alto_buf_printf(b, ": %lld cells, <b>%lld as expected</b>, <b>%lld unexpected</b>, <b>%lld harness errors</b>",
                    (long long)iget(sum, "cells"), (long long)iget(sum, "as_expected"), (long long)iget(sum, "unexpected"),
                    (long long)iget(sum, "harness_errors"));
    if (iget(sum, "not_run")) alto_buf_printf(b, ", %lld not run here", (long long)iget(sum, "not_run"));
    alto_buf_printf(b, "; exit status %lld.</p><p class=\"legend\">", (long long)iget(m, "exit"));
    for (int k = 0; k < 6; k++) alto_buf_printf(b, "<span><span class=\"v %s\">n</span> %s</span>", rep_matrix_verdicts[k], rep_matrix_verdicts[k]);
    alto_buf_puts(b, "<span class=\"as-expected\">&nbsp;as expected&nbsp;</span><span class=\"unexpected\">&nbsp;unexpected&nbsp;</span>"
                     "<span class=\"harness-error\">&nbsp;harness error&nbsp;</span></p>\n");
    header(b, m);
    size_t i, j;
    json_t *im, *col;
    json_array_foreach(json_object_get(m, "implementations"), i, im) {
        alto_buf_puts(b, "<tr><td class=\"impl\"><b>");
        alto_buf_html(b, sget(im, "name"));
        alto_buf_puts(b, "</b>");
        if (*sget(im, "description")) {
            alto_buf_puts(b, "<small>");
            alto_buf_html(b, sget(im, "description"));
            alto_buf_puts(b, "</small>");
        }
        alto_buf_puts(b, "</td>");
        json_array_foreach(json_object_get(m, "columns"), j, col) {
            const json_t *c = rep_matrix_find_cell(m, sget(im, "name"), sget(col, "id"));
            if (c) { one_cell(b, c, col); continue; }
            alto_buf_printf(b, "<td class=\"na\" colspan=\"%d\">not listed</td>", width(col));
        }
        alto_buf_puts(b, "</tr>\n");
    }
    alto_buf_puts(b, "</tbody></table><p><small>Each cell links to its own report; counts are the cell's "
                     "report.json summary (demo columns: the scenario's expectations, met = PASS). "
                     "Written by <code>altospec matrix</code> / <code>altospec merge</code>; plan ");
    alto_buf_html(b, sget(m, "plan"));
    alto_buf_puts(b, ".</small></p>\n");
    rep_meta_html(b, m);
    alto_buf_puts(b, "</body></html>\n");
}

/* rep_conf_html.c: the self-contained HTML page of a conformance report.
 *
 * No external assets: inline CSS, <details> for expandable evidence (no
 * script needed), so the file can be attached to a CI run or mailed.
 * Layout: summary counts, a section matrix (one cell per case, coloured by
 * verdict, in RFC section order), then one table per RFC section whose
 * rows expand into the requirement, the problems and every exchange
 * (request, response, timing, curl line).  The matrix squares link to
 * their rows; a reason shared by several results is listed once with its
 * count; a small inline script filters the rows by verdict and by text
 * (without script every row shows, which is the whole report). */
#include <stdio.h>
#include <string.h>
#include "rep_meta.h"
#include "rep_conf.h"

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static const char *const verdicts[] = {"PASS", "FAIL", "WARN", "UNSUPPORTED", "SKIP", "ERROR"};

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3em .5em;"
    "text-align:left;vertical-align:top;font-size:.92em}th{background:#f4f4f4}"
    ".v{font-weight:bold;padding:.1em .45em;border-radius:3px;color:#fff;font-size:.85em}"
    ".PASS{background:#2e7d32}.FAIL{background:#c62828}.WARN{background:#ef6c00}"
    ".UNSUPPORTED{background:#757575}.SKIP{background:#9e9e9e}.ERROR{background:#6a1b9a}"
    ".unexp{outline:3px solid #000}"
    ".matrix span{display:inline-block;width:14px;height:14px;margin:1px;border-radius:2px}"
    "pre{background:#f7f7f7;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all;"
    "font-size:.85em;max-height:24em}"
    "blockquote{margin:.3em 0;padding:.2em .8em;border-left:4px solid #bbb;color:#444}"
    "details summary{cursor:pointer}.muted{color:#777}"
    "#filter{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ddd}"
    "#filter label{margin-right:.6em}#filter input[type=search]{width:18em}";

static void h(alto_buf *b, const char *s) { alto_buf_html(b, s ? s : ""); }

/* The row's anchor: "case-" and the id with every other character '-'. */
static void anchor(alto_buf *b, const char *id) {
    alto_buf_puts(b, "case-");
    for (const char *p = id; *p; p++)
        alto_buf_putc(b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ? *p : '-');
}

/* Shows only rows whose verdict is ticked and whose text holds the typed
 * words; a section whose rows are all hidden is hidden with its heading. */
static const char filter_script[] =
    "<script>(function(){var f=document.getElementById('filter');function run(){"
    "var on={};f.querySelectorAll('input[type=checkbox]').forEach(function(c){on[c.value]=c.checked});"
    "var q=f.querySelector('input[type=search]').value.toLowerCase();var shown=0;"
    "document.querySelectorAll('table.results').forEach(function(t){var n=0;"
    "t.querySelectorAll('tr.res').forEach(function(r){var ok=on[r.dataset.verdict]&&"
    "r.textContent.toLowerCase().indexOf(q)>=0;r.style.display=ok?'':'none';if(ok)n++});"
    "t.style.display=n?'':'none';t.previousElementSibling.style.display=n?'':'none';shown+=n});"
    "document.getElementById('shown').textContent=shown+' shown'}"
    "f.addEventListener('input',run);run()})();</script>\n";

static void filter_html(const json_t *rep, alto_buf *b) {
    const json_t *sum = json_object_get(rep, "summary");
    alto_buf_puts(b, "<form id=filter onsubmit=\"return false\"><b>Show</b> ");
    for (size_t v = 0; v < 6; v++)
        alto_buf_printf(b, "<label><input type=checkbox value=%s checked> %s (%lld)</label> ", verdicts[v],
                        verdicts[v], (long long)json_integer_value(json_object_get(sum, verdicts[v])));
    alto_buf_puts(b, "<input type=search placeholder=\"case id, title or reason\" aria-label=\"filter by text\"> "
                     "<span id=shown class=muted></span></form>\n");
}

/* Reasons given by three results or more, once each with the count: a dead
 * server's hundred identical ERRORs read as one line. */
static void reasons_html(const json_t *results, alto_buf *b) {
    json_t *count = json_object(), *order = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        if (!strcmp(sget(r, "verdict"), "PASS") || !*sget(r, "reason")) continue;
        alto_buf k = ALTO_BUF_INIT;
        alto_buf_printf(&k, "%s\t%s", sget(r, "verdict"), sget(r, "reason"));
        json_t *c = json_object_get(count, k.data);
        if (!c) json_array_append_new(order, json_string(k.data));
        json_object_set_new(count, k.data, json_integer(c ? json_integer_value(c) + 1 : 1));
        alto_buf_free(&k);
    }
    int shown = 0;
    json_array_foreach(order, i, r) {
        const char *k = json_string_value(r);
        json_int_t n = json_integer_value(json_object_get(count, k));
        if (n < 3) continue;
        if (!shown++) alto_buf_puts(b, "<h2>Repeated reasons</h2><table class=reasons><tr><th>results</th>"
                                       "<th>verdict</th><th>reason</th></tr>\n");
        size_t vl = strcspn(k, "\t");
        alto_buf_printf(b, "<tr><td>%lld</td><td><span class=\"v %.*s\">%.*s</span></td><td>", (long long)n,
                        (int)vl, k, (int)vl, k);
        h(b, k + vl + 1);
        alto_buf_puts(b, "</td></tr>\n");
    }
    if (shown) alto_buf_puts(b, "</table>\n");
    json_decref(count);
    json_decref(order);
}

static void exchange_html(alto_buf *b, const json_t *x, size_t idx) {
    json_t *rq = json_object_get(x, "request"), *rs = json_object_get(x, "response");
    alto_buf_printf(b, "<p><b>Exchange %zu</b>%s (%.1f ms)</p>", idx,
                    json_is_true(json_object_get(x, "cached")) ? " <span class=muted>(reused response)</span>" : "",
                    json_number_value(json_object_get(x, "elapsed")) * 1000);
    alto_buf_puts(b, "<pre>");
    h(b, sget(rq, "method"));
    alto_buf_putc(b, ' ');
    h(b, sget(rq, "url"));
    alto_buf_putc(b, '\n');
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(rq, "headers"), k, v) {
        h(b, k);
        alto_buf_puts(b, ": ");
        h(b, json_string_value(v));
        alto_buf_putc(b, '\n');
    }
    if (json_object_get(rq, "body")) {
        alto_buf_putc(b, '\n');
        h(b, sget(rq, "body"));
        if (json_is_true(json_object_get(rq, "body_truncated"))) alto_buf_puts(b, "\n[... truncated]");
    }
    alto_buf_puts(b, "</pre>");
    if (rs) {
        alto_buf_puts(b, "<pre>");
        h(b, sget(rs, "headers"));
        h(b, sget(rs, "body"));
        if (json_is_true(json_object_get(rs, "body_truncated")))
            alto_buf_printf(b, "\n[... truncated; %lld bytes in total]",
                            (long long)json_integer_value(json_object_get(rs, "body_bytes")));
        alto_buf_puts(b, "</pre>");
    }
    if (json_object_get(x, "error")) {
        alto_buf_puts(b, "<p>Transport: ");
        h(b, sget(x, "error"));
        alto_buf_puts(b, "</p>");
    }
    alto_buf_puts(b, "<p>Reproduce:</p><pre>");
    h(b, sget(x, "curl"));
    alto_buf_puts(b, "</pre>");
}

static void result_row(alto_buf *b, const json_t *r) {
    const char *v = sget(r, "verdict");
    int unexp = !json_is_true(json_object_get(r, "as_expected"));
    alto_buf_puts(b, "<tr class=res id=\"");
    anchor(b, sget(r, "id"));
    alto_buf_printf(b, "\" data-verdict=%s><td><details><summary><code>", v);
    h(b, sget(r, "id"));
    alto_buf_puts(b, "</code> ");
    h(b, sget(r, "title"));
    alto_buf_puts(b, "</summary><blockquote>");
    h(b, sget(r, "requirement"));
    alto_buf_puts(b, "</blockquote>");
    json_t *probs = json_object_get(r, "problems");
    if (json_array_size(probs)) {
        alto_buf_puts(b, "<table><tr><th>JSON path</th><th>expected</th><th>actual</th><th>problem</th><th>exchange</th></tr>");
        size_t i;
        json_t *p;
        json_array_foreach(probs, i, p) {
            alto_buf_puts(b, "<tr><td><code>");
            h(b, sget(p, "path"));
            alto_buf_puts(b, "</code></td><td>");
            h(b, sget(p, "expected"));
            alto_buf_puts(b, "</td><td>");
            h(b, sget(p, "actual"));
            alto_buf_puts(b, "</td><td>");
            h(b, sget(p, "message"));
            json_t *xi = json_object_get(p, "exchange");
            if (xi) alto_buf_printf(b, "</td><td>%lld</td></tr>", (long long)json_integer_value(xi));
            else alto_buf_puts(b, "</td><td></td></tr>");
        }
        alto_buf_puts(b, "</table>");
    }
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(r, "evidence"), i, x) exchange_html(b, x, i);
    alto_buf_printf(b, "</details></td><td>%s</td><td><span class=\"v %s%s\">%s</span></td><td>",
                    sget(r, "level"), v, unexp ? " unexp" : "", v);
    h(b, sget(r, "reason"));
    json_t *exp = json_object_get(r, "expected");
    if (json_is_object(exp)) {
        alto_buf_printf(b, "<br><span class=muted>expected %s", sget(exp, "verdict"));
        if (*sget(exp, "reason")) { alto_buf_puts(b, ": "); h(b, sget(exp, "reason")); }
        alto_buf_puts(b, "</span>");
    }
    if (unexp) alto_buf_puts(b, "<br><b>unexpected</b>");
    alto_buf_puts(b, "</td></tr>\n");
}

static void head_html(const json_t *rep, alto_buf *b) {
    json_t *suite = json_object_get(rep, "suite"), *sum = json_object_get(rep, "summary");
    alto_buf_puts(b, "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>");
    rep_meta_name(b, rep);
    alto_buf_puts(b, " conformance: ");
    h(b, sget(suite, "name"));
    alto_buf_printf(b, "</title><style>%s</style></head><body>\n<h1>", css);
    h(b, sget(suite, "title"));
    alto_buf_puts(b, "</h1>\n<p>Target <code>");
    h(b, sget(json_object_get(rep, "target"), "ird"));
    alto_buf_printf(b, "</code>%s; started ", json_is_true(json_object_get(json_object_get(rep, "target"), "embedded"))
                                                  ? " (embedded reference server)" : "");
    h(b, sget(rep, "started"));
    alto_buf_printf(b, "; %lld requests in %.2f s; report version %lld.</p>\n<p>",
                    (long long)json_integer_value(json_object_get(rep, "requests")),
                    json_number_value(json_object_get(rep, "elapsed")),
                    (long long)json_integer_value(json_object_get(rep, "version")));
    for (size_t v = 0; v < 6; v++)
        alto_buf_printf(b, "<span class=\"v %s\">%s %lld</span> ", verdicts[v], verdicts[v],
                        (long long)json_integer_value(json_object_get(sum, verdicts[v])));
    json_int_t unexp = json_integer_value(json_object_get(sum, "unexpected"));
    alto_buf_printf(b, "</p><p><b>%lld unexpected result%s</b> (outlined below).</p>\n",
                    (long long)unexp, unexp == 1 ? "" : "s");
}

/* What the IRD probe found: the basis of every UNSUPPORTED verdict.  A run
 * that ended before its cases (report "error": not a URL, nothing
 * listening, not an ALTO directory) says so first. */
static void probe_html(const json_t *rep, alto_buf *b) {
    json_t *probe = json_object_get(rep, "probe"), *fatal = json_object_get(rep, "error");
    if (fatal) {
        alto_buf_puts(b, "<p><b>The run did not start</b> (");
        h(b, sget(fatal, "cause"));
        alto_buf_puts(b, "): ");
        h(b, sget(fatal, "message"));
        alto_buf_puts(b, "</p>");
    } else if (json_is_string(json_object_get(probe, "error"))) {
        alto_buf_puts(b, "<p><b>IRD probe failed:</b> ");
        h(b, sget(probe, "error"));
        alto_buf_puts(b, "</p>");
    }
    alto_buf_puts(b, "<details><summary>IRD probe: directories and resources</summary><table>"
                     "<tr><th>directory</th><th>depth</th><th>HTTP status</th></tr>");
    size_t k;
    json_t *d;
    json_array_foreach(json_object_get(probe, "irds"), k, d) {
        alto_buf_puts(b, "<tr><td><code>");
        h(b, sget(d, "url"));
        alto_buf_printf(b, "</code></td><td>%lld</td><td>%lld</td></tr>",
                        (long long)json_integer_value(json_object_get(d, "depth")),
                        (long long)json_integer_value(json_object_get(d, "status")));
    }
    alto_buf_puts(b, "</table><table><tr><th>resource</th><th>service</th><th>URI</th></tr>");
    json_array_foreach(json_object_get(probe, "resources"), k, d) {
        alto_buf_puts(b, "<tr><td><code>");
        h(b, sget(d, "id"));
        alto_buf_puts(b, "</code></td><td>");
        h(b, sget(d, "service"));
        alto_buf_puts(b, "</td><td><code>");
        h(b, sget(d, "uri"));
        alto_buf_puts(b, "</code></td></tr>");
    }
    alto_buf_puts(b, "</table>");
    if (*sget(probe, "note")) { alto_buf_puts(b, "<p>"); h(b, sget(probe, "note")); alto_buf_puts(b, "</p>"); }
    alto_buf_puts(b, "</details>\n");
}

static void matrix_html(const json_t *results, alto_buf *b) {
    alto_buf_puts(b, "<h2>Matrix</h2><div class=matrix>");
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        const char *v = sget(r, "verdict");
        alto_buf_puts(b, "<a href=\"#");
        anchor(b, sget(r, "id"));
        alto_buf_printf(b, "\"><span class=\"%s%s\" title=\"", v,
                        json_is_true(json_object_get(r, "as_expected")) ? "" : " unexp");
        h(b, sget(r, "id"));
        alto_buf_printf(b, ": %s\"></span></a>", v);
    }
    alto_buf_puts(b, "</div>\n");
}

/* One table per RFC and top-level section ("rfc9275/6.3.1/x" -> "RFC
 * 9275 section 6"): several suites share one report, and their section
 * numbers overlap. */
static void sections_html(const json_t *results, alto_buf *b) {
    const char *cur = NULL;
    char top[48] = "";
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        const char *sec = sget(r, "section"), *id = sget(r, "id");
        size_t n = strcspn(sec, "."), m = strcspn(id, "/");
        const char *digits = !strncmp(id, "rfc", 3) && m > 3 ? id + 3 : NULL;
        char t[48];
        snprintf(t, sizeof t, "%s%.*s section %.*s", digits ? "RFC " : "",
                 digits ? (int)(m - 3 < 12 ? m - 3 : 12) : (int)(m < 12 ? m : 12),
                 digits ? digits : id, (int)(n < 15 ? n : 15), sec);
        if (!cur || strcmp(t, top)) {
            if (cur) alto_buf_puts(b, "</table>\n");
            snprintf(top, sizeof top, "%s", t);
            cur = sec;
            alto_buf_printf(b, "<h2>%s</h2><table class=results><tr><th>case</th><th>level</th><th>verdict</th><th>reason</th></tr>\n", top);
        }
        result_row(b, r);
    }
    if (cur) alto_buf_puts(b, "</table>\n");
}

void rep_conf_html(const json_t *rep, alto_buf *b) {
    head_html(rep, b);
    probe_html(rep, b);
    matrix_html(json_object_get(rep, "results"), b);
    reasons_html(json_object_get(rep, "results"), b);
    filter_html(rep, b);
    sections_html(json_object_get(rep, "results"), b);
    alto_buf_puts(b, filter_script);
    rep_meta_html(b, rep);
    alto_buf_puts(b, "<p class=muted>Rendered from report.json; rebuild with <code>altospec report DIR</code>.</p></body></html>\n");
}

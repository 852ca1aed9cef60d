/* rep_run.c: renders a run report (report.json of `altospec run`) as a
 * self-contained HTML page and a Markdown summary.
 *
 * It reads only report.json, never the scenario or the simulator, so
 * `altospec report` can rebuild both from a stored report and the page can
 * never show a number the JSON does not hold.  Charts are inline SVG
 * (no scripts, no external assets): a bar chart of mean completion time
 * per policy (and per replica of the sweep), and, for multi-request
 * workloads, the CDF of completion times per policy. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_meta.h"
#include "rep_run.h"
#include "rep_run_int.h"
#include "alto_buf.h"

#define EVIDENCE_SHOWN 50
#define TRANSFERS_SHOWN 200

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static double num(const json_t *o, const char *k) { return json_number_value(json_object_get(o, k)); }

static void h(alto_buf *b, const char *s) { alto_buf_html(b, s ? s : ""); }

static void json_pre(alto_buf *b, const json_t *v, size_t cap) {
    char *s = json_dumps(v, JSON_INDENT(1) | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
    if (!s) return;
    size_t n = strlen(s);
    if (n > cap) { s[cap] = 0; }
    alto_buf_puts(b, "<pre>");
    h(b, s);
    if (n > cap) alto_buf_printf(b, "\n... (%zu more bytes in report.json)", n - cap);
    alto_buf_puts(b, "</pre>");
    free(s);
}

static void speedup_table(alto_buf *b, const json_t *report) {
    size_t i;
    const json_t *s;
    /* One policy has nothing to be faster than: no "1.00x vs itself". */
    int compared = 0;
    json_array_foreach(json_object_get(report, "speedups"), i, s)
        compared |= strcmp(str(s, "policy"), str(s, "baseline")) != 0;
    if (!compared) return;
    alto_buf_printf(b, "<h2>Speedup</h2><table><tr><th>policy</th><th>mean s</th><th>baseline</th>"
                    "<th>baseline mean s</th><th>speedup</th></tr>\n");
    json_array_foreach(json_object_get(report, "speedups"), i, s) {
        alto_buf_puts(b, "<tr><td>");
        h(b, str(s, "policy"));
        alto_buf_printf(b, "</td><td>%.3f</td><td>", num(s, "mean"));
        h(b, str(s, "baseline"));
        alto_buf_printf(b, "</td><td>%.3f</td><td><b>%.2fx</b></td></tr>\n", num(s, "baseline_mean"),
                        num(s, "ratio"));
    }
    alto_buf_puts(b, "</table>\n");
}

static void policy_table(alto_buf *b, const json_t *report) {
    size_t i;
    const json_t *s;
    alto_buf_puts(b, "<h2>Policies</h2><table><tr><th>policy</th><th>transfers</th>"
                     "<th>mean s</th><th>median s</th><th>p95 s</th><th>min s</th><th>max s</th>"
                     "<th>repetitions</th><th>stddev of repetition means</th><th>replicas chosen</th></tr>\n");
    json_array_foreach(json_object_get(report, "policy_stats"), i, s) {
        alto_buf_puts(b, "<tr><td>");
        h(b, str(s, "policy"));
        alto_buf_printf(b, "</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                        "<td>%.3f</td><td>%d</td><td>%.3f</td><td>",
                        (int)json_integer_value(json_object_get(s, "transfers")), num(s, "mean"),
                        num(s, "median"), num(s, "p95"), num(s, "min"), num(s, "max"),
                        (int)json_integer_value(json_object_get(s, "repetitions")),
                        num(s, "repetition_mean_stddev"));
        const char *rn;
        const json_t *c;
        int shown = 0;
        json_object_foreach((json_t *)json_object_get(s, "replicas"), rn, c) {
            if (shown++ == 12) { alto_buf_puts(b, " ..."); break; }
            h(b, rn);
            alto_buf_printf(b, "&times;%d ", (int)json_integer_value(c));
        }
        alto_buf_puts(b, "</td></tr>\n");
    }
    alto_buf_puts(b, "</table>\n");
}

static void backend_table(alto_buf *b, const json_t *report) {
    size_t i;
    const json_t *s;
    const json_t *bc = json_object_get(report, "backend_comparison");
    if (json_array_size(bc)) {
        alto_buf_puts(b, "<h2>Backends compared</h2><table><tr><th>judged</th><th>reference</th>"
                         "<th>transfers</th><th>median |error|</th><th>p90 |error|</th><th>worst error</th>"
                         "<th>signed mean</th></tr>\n");
        json_array_foreach(bc, i, s) {
            alto_buf_puts(b, "<tr><td>");
            h(b, str(s, "backend"));
            alto_buf_puts(b, "</td><td>");
            h(b, str(s, "vs"));
            alto_buf_printf(b, "</td><td>%d</td><td>%.2f%%</td><td>%.2f%%</td><td>%+.2f%%</td><td>%+.2f%%</td></tr>\n",
                            (int)json_integer_value(json_object_get(s, "transfers")),
                            100 * num(s, "median_abs_error"), 100 * num(s, "p90_abs_error"),
                            100 * num(s, "worst_error"), 100 * num(s, "mean_error"));
        }
        alto_buf_puts(b, "</table>\n");
    }
}

static void sweep_table(alto_buf *b, const json_t *report) {
    size_t i;
    const json_t *s;
    const json_t *sw = json_object_get(report, "sweep");
    if (json_array_size(sw)) {
        alto_buf_puts(b, "<h2>Sweep: each replica alone</h2><table><tr><th>replica</th><th>client</th>"
                         "<th>file</th><th>seconds</th><th>reference s</th><th>error</th></tr>\n");
        json_array_foreach(sw, i, s) {
            if (i >= TRANSFERS_SHOWN) break;
            alto_buf_puts(b, "<tr><td>");
            h(b, str(s, "replica"));
            alto_buf_puts(b, "</td><td>");
            h(b, str(s, "client"));
            alto_buf_puts(b, "</td><td>");
            h(b, str(s, "file"));
            alto_buf_printf(b, "</td><td>%.3f</td>", num(s, "seconds"));
            if (json_object_get(s, "reference"))
                alto_buf_printf(b, "<td>%.2f</td><td>%+.2f%%</td></tr>\n", num(s, "reference"),
                                100 * num(s, "error"));
            else
                alto_buf_puts(b, "<td></td><td></td></tr>\n");
        }
        alto_buf_puts(b, "</table>\n");
        const json_t *ref = json_object_get(report, "reference");
        if (ref) {
            alto_buf_puts(b, "<p>Reference: ");
            h(b, str(ref, "label"));
            alto_buf_puts(b, "</p>\n");
        }
    }
}

static void tables(alto_buf *b, const json_t *report) {
    speedup_table(b, report);
    policy_table(b, report);
    backend_table(b, report);
    sweep_table(b, report);
}

static void evidence(alto_buf *b, const json_t *report) {
    const json_t *alto = json_object_get(report, "alto");
    const json_t *ev = json_object_get(alto, "evidence");
    alto_buf_puts(b, "<h2>ALTO evidence</h2><p>Server: ");
    h(b, json_is_string(json_object_get(alto, "server")) ? str(alto, "server") : "none (no ALTO policy)");
    alto_buf_printf(b, "%s; %zu exchange(s).</p>\n",
                    json_is_true(json_object_get(alto, "embedded")) ? " (embedded reference server)" : "",
                    json_array_size(ev));
    size_t i;
    const json_t *e;
    json_array_foreach(ev, i, e) {
        if (i >= EVIDENCE_SHOWN) {
            alto_buf_printf(b, "<p>... %zu more in report.json</p>\n", json_array_size(ev) - i);
            break;
        }
        alto_buf_puts(b, "<details><summary>");
        h(b, str(e, "policy"));
        alto_buf_puts(b, ": ");
        h(b, str(e, "method"));
        alto_buf_putc(b, ' ');
        h(b, str(e, "url"));
        alto_buf_printf(b, " &rarr; %d (%.1f ms)</summary>\n", (int)json_integer_value(json_object_get(e, "status")),
                        1e3 * num(e, "elapsed"));
        if (json_object_get(e, "request_body")) {
            alto_buf_puts(b, "<p>request</p>");
            json_pre(b, json_object_get(e, "request_body"), 4096);
        }
        alto_buf_puts(b, "<p>response</p>");
        json_pre(b, json_object_get(e, "response_body"), 8192);
        alto_buf_puts(b, "<p>reproduce</p><pre>");
        h(b, str(e, "curl"));
        alto_buf_puts(b, "</pre></details>\n");
    }
}

static void transfers(alto_buf *b, const json_t *report) {
    const json_t *tr = json_object_get(report, "transfers");
    alto_buf_printf(b, "<h2>Transfers</h2><p>%zu record(s)%s.</p><table><tr><th>policy</th><th>rep</th>"
                    "<th>client</th><th>file</th><th>replica</th><th>bytes</th><th>start s</th>"
                    "<th>seconds</th><th>per backend</th></tr>\n", json_array_size(tr),
                    json_array_size(tr) > TRANSFERS_SHOWN ? "; the first 200 are shown" : "");
    size_t i;
    const json_t *r;
    json_array_foreach(tr, i, r) {
        if (i >= TRANSFERS_SHOWN) break;
        alto_buf_puts(b, "<tr><td>");
        h(b, str(r, "policy"));
        alto_buf_printf(b, "</td><td>%d</td><td>", (int)json_integer_value(json_object_get(r, "repetition")));
        h(b, str(r, "client"));
        alto_buf_puts(b, "</td><td>");
        h(b, str(r, "file"));
        alto_buf_puts(b, "</td><td>");
        h(b, str(r, "replica"));
        alto_buf_printf(b, "</td><td>%.0f</td><td>%.3f</td><td>%.3f</td><td>", num(r, "bytes"),
                        num(r, "start"), num(r, "seconds"));
        const char *bn;
        const json_t *bv;
        json_object_foreach((json_t *)json_object_get(r, "backends"), bn, bv) {
            h(b, bn);
            alto_buf_printf(b, " %.3f ", json_number_value(bv));
        }
        alto_buf_puts(b, "</td></tr>\n");
    }
    alto_buf_puts(b, "</table>\n");
}

static int html(const json_t *report, const char *path, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    const json_t *sc = json_object_get(report, "scenario");
    alto_buf_puts(&b, "<!doctype html><html><head><meta charset=\"utf-8\"><title>");
    rep_meta_name(&b, report);
    alto_buf_puts(&b, " run: ");
    h(&b, str(sc, "name"));
    alto_buf_puts(&b, "</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;"
                      "color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid "
                      "#ccc;padding:3px 8px;text-align:left}pre{background:#f6f6f6;padding:6px;"
                      "overflow:auto;max-height:300px}.met{color:#2a7}.failed{color:#c33}.na{color:#777}"
                      "</style></head><body>\n<h1>");
    h(&b, str(sc, "name"));
    alto_buf_puts(&b, "</h1>\n<p>");
    h(&b, str(sc, "description"));
    alto_buf_puts(&b, "</p>\n<p>Scenario <code>");
    h(&b, str(sc, "path"));
    const json_t *topo = json_object_get(report, "topology");
    alto_buf_puts(&b, "</code>; topology ");
    h(&b, str(topo, "name"));
    alto_buf_printf(&b, " (%d hosts, %d nodes); %d request(s); seed %d; size scale %g; backend(s): ",
                    (int)json_integer_value(json_object_get(topo, "hosts")),
                    (int)json_integer_value(json_object_get(topo, "nodes")),
                    (int)json_integer_value(json_object_get(report, "requests")),
                    (int)json_integer_value(json_object_get(report, "seed")), num(report, "size_scale"));
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(report, "backends"), i, s) {
        if (i) alto_buf_puts(&b, ", ");
        h(&b, str(s, "name"));
    }
    alto_buf_puts(&b, ".</p>\n");
    const json_t *ex = json_object_get(report, "expectations");
    if (json_array_size(ex)) {
        alto_buf_puts(&b, "<h2>Expectations</h2><ul>\n");
        json_array_foreach(ex, i, s) {
            if (json_is_null(json_object_get(s, "met"))) {
                /* Not applicable (e.g. reference times at another size scale). */
                alto_buf_puts(&b, "<li class=\"na\">N/A: ");
                h(&b, str(s, "text"));
                alto_buf_puts(&b, " (");
                h(&b, str(s, "not_applicable"));
                alto_buf_puts(&b, ")</li>\n");
                continue;
            }
            int met = json_is_true(json_object_get(s, "met"));
            alto_buf_printf(&b, "<li class=\"%s\">%s: ", met ? "met" : "failed", met ? "MET" : "FAILED");
            h(&b, str(s, "text"));
            alto_buf_printf(&b, " (actual %.4g)</li>\n", num(s, "actual"));
        }
        alto_buf_puts(&b, "</ul>\n");
    }
    rep_run_backends_note(&b, report);
    alto_buf_puts(&b, "<h2>Completion time per policy</h2>\n");
    rep_run_bars(&b, report);
    if (json_integer_value(json_object_get(report, "requests")) > 1) {
        alto_buf_puts(&b, "<h2>CDF of completion times</h2>\n");
        rep_run_cdf(&b, report);
    }
    tables(&b, report);
    rep_run_xval_html(&b, report);
    rep_run_est_html(&b, report);
    rep_run_sla_html(&b, report);
    rep_run_mc_html(&b, report);
    evidence(&b, report);
    transfers(&b, report);
    rep_run_params_html(&b, report);
    rep_meta_html(&b, report);
    alto_buf_puts(&b, "</body></html>\n");
    int rc = alto_write_file(path, b.data, b.len, err);
    alto_buf_free(&b);
    return rc;
}

static int markdown(const json_t *report, const char *path, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_printf(&b, "# %s\n\n| policy | mean s | min s | max s | speedup vs %s |\n|---|---|---|---|---|\n",
                    str(json_object_get(report, "scenario"), "name"), str(report, "baseline"));
    size_t i;
    const json_t *s;
    json_array_foreach(json_object_get(report, "policy_stats"), i, s) {
        const json_t *sp = json_array_get(json_object_get(report, "speedups"), i);
        alto_buf_printf(&b, "| %s | %.2f | %.2f | %.2f | %.2fx |\n", str(s, "policy"), num(s, "mean"),
                        num(s, "min"), num(s, "max"), num(sp, "ratio"));
    }
    const json_t *sw = json_object_get(report, "sweep");
    if (json_array_size(sw) && json_array_size(sw) <= 40) {
        alto_buf_puts(&b, "\n| sweep replica | seconds | reference s | error |\n|---|---|---|---|\n");
        json_array_foreach(sw, i, s) {
            if (json_object_get(s, "reference"))
                alto_buf_printf(&b, "| %s | %.2f | %.2f | %+.2f%% |\n", str(s, "replica"),
                                num(s, "seconds"), num(s, "reference"), 100 * num(s, "error"));
            else
                alto_buf_printf(&b, "| %s | %.2f | | |\n", str(s, "replica"), num(s, "seconds"));
        }
    }
    rep_run_est_md(&b, report);
    json_array_foreach(json_object_get(report, "expectations"), i, s) {
        if (json_is_null(json_object_get(s, "met")))
            alto_buf_printf(&b, "%s- N/A: %s (%s)\n", i ? "" : "\n", str(s, "text"),
                            str(s, "not_applicable"));
        else
            alto_buf_printf(&b, "%s- %s: %s (actual %.4g)\n", i ? "" : "\n",
                            json_is_true(json_object_get(s, "met")) ? "MET" : "FAILED",
                            str(s, "text"), num(s, "actual"));
    }
    int rc = alto_write_file(path, b.data, b.len, err);
    alto_buf_free(&b);
    return rc;
}

int rep_run_render(const json_t *report, const char *dir, alto_err *err) {
    if (strcmp(str(report, "kind"), "run"))
        return alto_err_set(err, "not a run report (kind is \"%s\")", str(report, "kind"));
    char path[4096];
    snprintf(path, sizeof path, "%s/report.html", dir);
    if (html(report, path, err)) return -1;
    snprintf(path, sizeof path, "%s/summary.md", dir);
    return markdown(report, path, err);
}

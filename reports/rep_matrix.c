/* rep_matrix.c: matrix.json, the combined JUnit file and the Markdown
 * summary of an interop matrix (matrix.html: rep_matrix_html.c).
 *
 * matrix.json keeps every cell the plan names, in the plan's order, so an
 * unsharded run and a merge of its shards give the same document apart
 * from timings (started, elapsed, a cell's elapsed and stop.seconds).
 * Ports, paths of shard directories and shard numbers are left out of it
 * for that reason (a cell's own report.json still names its server URL).
 *
 * The combined JUnit file is every cell's junit.xml (conform's, or the one
 * rep_matrix_cell_junit() writes for demo cells and cells that did not
 * start) re-parsed with libxml2, each <testsuite> renamed
 * "<implementation>/<column>" and each classname prefixed with the
 * implementation, so CI pages group by implementation. */
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "rep_matrix.h"
#include "rep_conf.h"

const char *const rep_matrix_verdicts[6] = {"PASS", "FAIL", "WARN", "ERROR", "SKIP", "UNSUPPORTED"};

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static json_int_t iget(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void add(json_t *o, const char *k, json_int_t n) {
    json_object_set_new(o, k, json_integer(iget(o, k) + n));
}

json_t *rep_matrix_build(const json_t *plan, const json_t *records, const json_t *meta,
                         const char *not_run_why) {
    json_t *m = json_pack("{s:s,s:i}", "kind", "matrix", "version", 1);
    json_object_update(m, (json_t *)meta);
    json_object_set(m, "implementations", json_object_get(plan, "implementations"));
    json_object_set(m, "columns", json_object_get(plan, "columns"));
    json_t *cells = json_array();
    json_t *sum = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "cells", 0, "run", 0, "as_expected", 0, "unexpected", 0,
                            "harness_errors", 0, "not_run", 0);
    json_t *verdicts = json_object();
    for (int k = 0; k < 6; k++) json_object_set_new(verdicts, rep_matrix_verdicts[k], json_integer(0));
    size_t i;
    json_t *pc;
    json_array_foreach(json_object_get(plan, "cells"), i, pc) {
        json_t *r = json_array_get(records, i);
        add(sum, "cells", 1);
        if (!json_is_object(r)) {
            json_t *nr = json_pack("{s:O,s:O,s:O,s:O,s:s,s:s,s:s}", "implementation", json_object_get(pc, "implementation"),
                                   "column", json_object_get(pc, "column"), "kind", json_object_get(pc, "kind"),
                                   "index", json_object_get(pc, "index"), "status", "not-run", "outcome", "not-run",
                                   "message", not_run_why ? not_run_why : "not run");
            json_array_append_new(cells, nr);
            add(sum, "not_run", 1);
            continue;
        }
        json_array_append(cells, r);
        add(sum, "run", 1);
        const char *o = sget(r, "outcome");
        add(sum, !strcmp(o, "as-expected") ? "as_expected" : !strcmp(o, "unexpected") ? "unexpected" : "harness_errors", 1);
        for (int k = 0; k < 6; k++) add(verdicts, rep_matrix_verdicts[k], iget(json_object_get(r, "summary"), rep_matrix_verdicts[k]));
    }
    json_object_set_new(sum, "verdicts", verdicts);
    json_object_set_new(m, "cells", cells);
    int ex = iget(sum, "harness_errors") ? 2 : iget(sum, "unexpected") ? 1 : 0;
    json_object_set_new(m, "summary", sum);
    json_object_set_new(m, "exit", json_integer(ex));
    return m;
}

void rep_matrix_cell_junit(const json_t *cell, const json_t *rep, alto_buf *b) {
    char name[512];
    snprintf(name, sizeof name, "%s/%s", sget(cell, "implementation"), sget(cell, "column"));
    alto_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"");
    rep_xml_escape(b, sget(cell, "column"));
    json_t *exps = rep ? json_object_get(rep, "expectations") : NULL;
    int unexpected = strcmp(sget(cell, "outcome"), "as-expected") != 0;
    size_t n = json_array_size(exps);
    alto_buf body = ALTO_BUF_INIT;
    int failures = 0, errors = 0, skipped = 0, tests = 0;
    size_t i;
    json_t *e;
    json_array_foreach(exps, i, e) {
        json_t *met = json_object_get(e, "met");
        tests++;
        alto_buf_puts(&body, "    <testcase name=\"");
        rep_xml_escape(&body, sget(e, "text"));
        alto_buf_puts(&body, "\" classname=\"");
        rep_xml_escape(&body, sget(cell, "column"));
        if (json_is_true(met)) { alto_buf_puts(&body, "\"/>\n"); continue; }
        /* a failed expectation the implementation is expected to fail is baseline, not news */
        const char *tag = json_is_null(met) || !unexpected ? "skipped" : "failure";
        tag[0] == 's' ? skipped++ : failures++;
        alto_buf_printf(&body, "\">\n      <%s message=\"", tag);
        rep_xml_escape(&body, json_is_null(met) ? "not applicable" : "expectation not met");
        alto_buf_printf(&body, "\"/>\n    </testcase>\n");
    }
    if (!n || strcmp(sget(cell, "status"), "ran")) {
        /* no expectations judged: the cell itself is the one testcase */
        tests++;
        alto_buf_puts(&body, "    <testcase name=\"");
        rep_xml_escape(&body, !strcmp(sget(cell, "status"), "did-not-start") ? "start" : sget(cell, "column"));
        alto_buf_puts(&body, "\" classname=\"");
        rep_xml_escape(&body, sget(cell, "column"));
        if (!unexpected && !strcmp(sget(cell, "status"), "ran")) alto_buf_puts(&body, "\"/>\n");
        else {
            const char *tag = !unexpected ? "skipped" : !strcmp(sget(cell, "outcome"), "harness-error") ? "error" : "failure";
            tag[0] == 's' ? skipped++ : tag[0] == 'e' ? errors++ : failures++;
            alto_buf_printf(&body, "\">\n      <%s message=\"", tag);
            rep_xml_escape(&body, sget(cell, "message"));
            alto_buf_printf(&body, "\" type=\"%s\"/>\n    </testcase>\n", sget(cell, "status"));
        }
    }
    alto_buf_printf(b, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", tests,
                    failures, errors, skipped, json_number_value(json_object_get(cell, "elapsed")));
    alto_buf_puts(b, body.data ? body.data : "");
    alto_buf_puts(b, "  </testsuite>\n</testsuites>\n");
    alto_buf_free(&body);
}

static long attr_long(xmlNode *n, const char *name) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    long x = v ? atol((const char *)v) : 0;
    xmlFree(v);
    return x;
}

/* Appends the <testsuite> elements of one cell's JUnit file to root. */
static int merge_cell(xmlNode *root, const json_t *cell, const char *dir, long tot[4], alto_err *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sget(cell, "junit"));
    xmlDoc *d = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) return alto_err_set(err, "%s: not a readable JUnit XML file", path);
    xmlNode *top = xmlDocGetRootElement(d);
    for (xmlNode *s = top ? top->children : NULL; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE || xmlStrcmp(s->name, (const xmlChar *)"testsuite")) continue;
        xmlNode *c = xmlDocCopyNode(s, root->doc, 1);
        char name[600];
        snprintf(name, sizeof name, "%s/%s", sget(cell, "implementation"), sget(cell, "column"));
        xmlSetProp(c, (const xmlChar *)"name", (const xmlChar *)name);
        for (xmlNode *t = c->children; t; t = t->next) {
            if (t->type != XML_ELEMENT_NODE || xmlStrcmp(t->name, (const xmlChar *)"testcase")) continue;
            xmlChar *cn = xmlGetProp(t, (const xmlChar *)"classname");
            char full[800];
            snprintf(full, sizeof full, "%s.%s", sget(cell, "implementation"), cn ? (const char *)cn : "");
            xmlSetProp(t, (const xmlChar *)"classname", (const xmlChar *)full);
            xmlFree(cn);
        }
        static const char *const keys[4] = {"tests", "failures", "errors", "skipped"};
        for (int k = 0; k < 4; k++) tot[k] += attr_long(c, keys[k]);
        xmlAddChild(root, c);
    }
    xmlFreeDoc(d);
    return 0;
}

int rep_matrix_junit(const json_t *m, const char *dir, alto_buf *out, alto_err *err) {
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"testsuites");
    xmlDocSetRootElement(doc, root);
    xmlSetProp(root, (const xmlChar *)"name", (const xmlChar *)"altospec interop matrix");
    long tot[4] = {0, 0, 0, 0};
    size_t i;
    json_t *c;
    int rc = 0;
    json_array_foreach(json_object_get(m, "cells"), i, c) {
        if (!strcmp(sget(c, "status"), "not-run") || !*sget(c, "junit")) continue;
        if ((rc = merge_cell(root, c, dir, tot, err))) break;
    }
    static const char *const keys[4] = {"tests", "failures", "errors", "skipped"};
    for (int k = 0; k < 4 && !rc; k++) {
        char v[32];
        snprintf(v, sizeof v, "%ld", tot[k]);
        xmlSetProp(root, (const xmlChar *)keys[k], (const xmlChar *)v);
    }
    if (!rc) {
        xmlChar *mem;
        int len;
        xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
        alto_buf_append(out, mem, (size_t)len);
        xmlFree(mem);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* "83 PASS, 1 FAIL" from a counts object (zeros left out). */
static void counts_text(const json_t *s, alto_buf *b) {
    int any = 0;
    for (int k = 0; k < 6; k++) {
        json_int_t n = iget(s, rep_matrix_verdicts[k]);
        if (n) alto_buf_printf(b, "%s%lld %s", any++ ? ", " : "", (long long)n, rep_matrix_verdicts[k]);
    }
    if (!any) alto_buf_puts(b, "no case");
}

const json_t *rep_matrix_find_cell(const json_t *m, const char *impl, const char *col) {
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(m, "cells"), i, c)
        if (!strcmp(sget(c, "implementation"), impl) && !strcmp(sget(c, "column"), col)) return c;
    return NULL;
}

void rep_matrix_markdown(const json_t *m, alto_buf *b) {
    const json_t *sum = json_object_get(m, "summary");
    alto_buf_printf(b, "## altospec interop matrix\n\n%lld cells: %lld as expected, %lld unexpected, "
                    "%lld harness errors%s; exit %lld\n\n| implementation |",
                    (long long)iget(sum, "cells"), (long long)iget(sum, "as_expected"), (long long)iget(sum, "unexpected"),
                    (long long)iget(sum, "harness_errors"), iget(sum, "not_run") ? " (some cells not run here)" : "",
                    (long long)iget(m, "exit"));
    size_t i, j;
    json_t *col, *im;
    json_array_foreach(json_object_get(m, "columns"), i, col) alto_buf_printf(b, " %s |", sget(col, "id"));
    alto_buf_puts(b, "\n|---|");
    json_array_foreach(json_object_get(m, "columns"), i, col) alto_buf_puts(b, "---|");
    alto_buf_puts(b, "\n");
    json_array_foreach(json_object_get(m, "implementations"), j, im) {
        alto_buf_printf(b, "| %s |", sget(im, "name"));
        json_array_foreach(json_object_get(m, "columns"), i, col) {
            const json_t *c = rep_matrix_find_cell(m, sget(im, "name"), sget(col, "id"));
            if (!c) { alto_buf_puts(b, " - |"); continue; }
            const char *o = sget(c, "outcome");
            alto_buf_printf(b, " %s ", !strcmp(o, "as-expected") ? "ok" : !strcmp(o, "unexpected") ? "**UNEXPECTED**" :
                            !strcmp(o, "not-run") ? "not run" : "**HARNESS ERROR**");
            int counted = !strcmp(sget(c, "status"), "ran") || !strcmp(sget(c, "status"), "died");
            if (counted) counts_text(json_object_get(c, "summary"), b);
            if (*sget(c, "expected") && strcmp(sget(c, "expected"), "pass")) alto_buf_printf(b, "(expected: %s) ", sget(c, "expected"));
            if (*sget(c, "message")) {
                if (counted) alto_buf_puts(b, "; ");
                for (const char *p = sget(c, "message"); *p; p++) alto_buf_puts(b, *p == '|' ? "\\|" : (char[]){*p, 0});
            }
            alto_buf_puts(b, " |");
        }
        alto_buf_puts(b, "\n");
    }
}

int rep_matrix_write(const json_t *m, const char *dir, alto_err *err) {
    char path[4096];
    alto_buf b = ALTO_BUF_INIT;
    int rc = 0;
    snprintf(path, sizeof path, "%s/matrix.json", dir);
    if (json_dump_file(m, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) rc = alto_err_set(err, "cannot write %s", path);
    if (!rc) {
        rep_matrix_html(m, &b);
        snprintf(path, sizeof path, "%s/matrix.html", dir);
        rc = alto_write_file(path, b.data, b.len, err);
    }
    if (!rc) {
        alto_buf_reset(&b);
        rep_matrix_markdown(m, &b);
        snprintf(path, sizeof path, "%s/matrix.md", dir);
        rc = alto_write_file(path, b.data, b.len, err);
    }
    if (!rc) {
        alto_buf_reset(&b);
        rc = rep_matrix_junit(m, dir, &b, err);
        snprintf(path, sizeof path, "%s/junit.xml", dir);
        if (!rc) rc = alto_write_file(path, b.data, b.len, err);
    }
    alto_buf_free(&b);
    return rc;
}

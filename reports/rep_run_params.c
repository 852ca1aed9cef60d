/* rep_run_params.c: "Backends and model" of the run page: the TCP model's
 * parameters and each backend's own `info`, as tables a person can read
 * instead of a JSON dump.  Scalars are key/value rows; a list of strings
 * is a bullet list; a list of objects (per-link counters, say) is a
 * collapsed table with one column per key; anything deeper is compact
 * JSON in its cell. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rep_run_int.h"

#define ROWS_SHOWN 200

static void scalar(alto_buf *b, const json_t *v) {
    if (json_is_string(v)) alto_buf_html(b, json_string_value(v));
    else if (json_is_integer(v)) alto_buf_printf(b, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v) && json_real_value(v) == (double)(long long)json_real_value(v) &&
             fabs(json_real_value(v)) < 1e15)
        alto_buf_printf(b, "%lld", (long long)json_real_value(v));   /* 4194304, not 4.1943e+06 */
    else if (json_is_real(v)) alto_buf_printf(b, "%.6g", json_real_value(v));
    else if (json_is_boolean(v)) alto_buf_puts(b, json_is_true(v) ? "yes" : "no");
    else if (json_is_null(v)) alto_buf_puts(b, "&#8212;");
    else {
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        alto_buf_puts(b, "<code>");
        alto_buf_html(b, s ? s : "");
        alto_buf_puts(b, "</code>");
        free(s);
    }
}

static int all_of(const json_t *a, int (*is)(const json_t *)) {
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v) if (!is(v)) return 0;
    return json_array_size(a) > 0;
}

static int is_string(const json_t *v) { return json_is_string(v); }
static int is_object(const json_t *v) { return json_is_object(v); }

/* A list of objects: one column per key seen. */
static void object_table(alto_buf *b, const char *key, const json_t *a) {
    json_t *cols = json_object();
    size_t i;
    const json_t *o, *v;
    const char *k;
    json_array_foreach(a, i, o) json_object_foreach((json_t *)o, k, v) json_object_set_new(cols, k, json_true());
    alto_buf_puts(b, "<details><summary>");
    alto_buf_html(b, key);
    alto_buf_printf(b, " (%zu)</summary><table class=\"params-list\"><tr>", json_array_size(a));
    json_object_foreach(cols, k, v) {
        alto_buf_puts(b, "<th>");
        alto_buf_html(b, k);
        alto_buf_puts(b, "</th>");
    }
    alto_buf_puts(b, "</tr>\n");
    json_array_foreach(a, i, o) {
        if (i == ROWS_SHOWN) {
            alto_buf_printf(b, "<tr><td colspan=\"%zu\">... more in report.json</td></tr>\n",
                            json_object_size(cols));
            break;
        }
        alto_buf_puts(b, "<tr>");
        json_object_foreach(cols, k, v) {
            alto_buf_puts(b, "<td>");
            if (json_object_get(o, k)) scalar(b, json_object_get(o, k));
            alto_buf_puts(b, "</td>");
        }
        alto_buf_puts(b, "</tr>\n");
    }
    alto_buf_puts(b, "</table></details>");
    json_decref(cols);
}

static void kv_table(alto_buf *b, const json_t *obj) {
    const char *k;
    const json_t *v;
    alto_buf_puts(b, "<table class=\"params\">\n");
    json_object_foreach((json_t *)obj, k, v) {
        alto_buf_puts(b, "<tr><th>");
        alto_buf_html(b, k);
        alto_buf_puts(b, "</th><td>");
        if (json_is_array(v) && all_of(v, is_string)) {
            size_t i;
            const json_t *s;
            alto_buf_puts(b, "<ul>");
            json_array_foreach(v, i, s) {
                alto_buf_puts(b, "<li>");
                alto_buf_html(b, json_string_value(s));
                alto_buf_puts(b, "</li>");
            }
            alto_buf_puts(b, "</ul>");
        } else if (json_is_array(v) && all_of(v, is_object)) {
            object_table(b, k, v);
        } else {
            scalar(b, v);
        }
        alto_buf_puts(b, "</td></tr>\n");
    }
    alto_buf_puts(b, "</table>\n");
}

void rep_run_params_html(alto_buf *b, const json_t *report) {
    alto_buf_puts(b, "<h2>Backends and model</h2>\n");
    const json_t *p = json_object_get(report, "params");
    if (json_is_object(p)) {
        alto_buf_puts(b, "<h3>TCP model (the run's parameters; bytes, segments)</h3>\n");
        kv_table(b, p);
    }
    size_t i;
    const json_t *be;
    json_array_foreach(json_object_get(report, "backends"), i, be) {
        alto_buf_printf(b, "<h3>Backend %zu: <code>", i + 1);
        alto_buf_html(b, json_string_value(json_object_get(be, "name")));
        alto_buf_printf(b, "</code>%s</h3>\n", i == 0 ? " (the reference: charts show its times)" : "");
        if (json_is_object(json_object_get(be, "info"))) kv_table(b, json_object_get(be, "info"));
    }
}

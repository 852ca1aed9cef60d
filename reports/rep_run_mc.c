/* rep_run_mc.c: the "Multi-cost ranking" section of the run report page:
 * for every policy that explains its decisions as alto-multicost does
 * (policies[].explain.decisions), the cost types asked in one RFC 8189
 * query, then one table per decision: each replica's costs in the order
 * ranked (null shown as "null", a cost the server does not have), the cost
 * that took it out of the race, and the winner.  The request and answer
 * themselves are in the ALTO evidence section. */
#include <math.h>
#include "rep_run_int.h"

#define MC_TABLES_SHOWN 20

static const char *str(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void h(alto_buf *b, const char *s) { alto_buf_html(b, s); }

static void decision(alto_buf *b, const json_t *rank, const json_t *d) {
    alto_buf_puts(b, "<table><tr><th>replica</th>");
    size_t k, j;
    const json_t *c, *r;
    json_array_foreach(rank, k, c) {
        alto_buf_puts(b, "<th>");
        h(b, str(c, "metric"));
        alto_buf_printf(b, " (%s)</th>", str(c, "prefer"));
    }
    alto_buf_puts(b, "<th>out at</th></tr>\n");
    json_array_foreach(json_object_get(d, "replicas"), j, r) {
        int won = !json_is_string(json_object_get(r, "out_at"));
        alto_buf_printf(b, "<tr%s><td>", won ? " class=\"met\"" : "");
        h(b, str(r, "replica"));
        alto_buf_puts(b, "</td>");
        json_array_foreach(json_object_get(r, "costs"), k, c) {
            if (json_is_number(c)) alto_buf_printf(b, "<td>%.6g</td>", json_number_value(c));
            else alto_buf_puts(b, "<td class=\"na\">null</td>");
        }
        alto_buf_puts(b, "<td>");
        h(b, won ? "" : str(r, "out_at"));
        alto_buf_puts(b, "</td></tr>\n");
    }
    alto_buf_puts(b, "</table>\n");
}

void rep_run_mc_html(alto_buf *b, const json_t *report) {
    size_t i, n;
    const json_t *p, *d;
    json_array_foreach(json_object_get(report, "policies"), i, p) {
        const json_t *ex = json_object_get(p, "explain"), *alto = json_object_get(p, "alto");
        const json_t *ds = json_object_get(ex, "decisions"), *rank = json_object_get(alto, "ranking");
        if (!json_is_array(ds) || !json_is_array(rank)) continue;
        alto_buf_puts(b, "<h2>Multi-cost ranking: ");
        h(b, str(p, "name"));
        alto_buf_puts(b, "</h2>\n<p>One RFC 8189 query per decision to ");
        h(b, str(alto, "resource"));
        alto_buf_puts(b, " (");
        h(b, str(alto, "uri"));
        alto_buf_puts(b, ").  Rule: ");
        h(b, str(alto, "rule"));
        alto_buf_printf(b, ".  %d decision(s).</p>\n", (int)json_integer_value(json_object_get(ex, "decisions_total")));
        json_array_foreach(ds, n, d) {
            if (n >= MC_TABLES_SHOWN) {
                alto_buf_printf(b, "<p>... %zu more in report.json</p>\n", json_array_size(ds) - n);
                break;
            }
            alto_buf_printf(b, "<p>Request %d: ", (int)json_integer_value(json_object_get(d, "request")));
            h(b, str(d, "client"));
            alto_buf_puts(b, " fetches ");
            h(b, str(d, "file"));
            alto_buf_puts(b, "; chosen <b>");
            h(b, str(d, "chosen"));
            alto_buf_puts(b, "</b>, decided by ");
            h(b, str(d, "decided_by"));
            alto_buf_puts(b, ".</p>\n");
            decision(b, rank, d);
        }
    }
}

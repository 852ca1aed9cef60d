/* test_lib.c: YAML loading with positions, the schema helper, units,
 * addresses, prefixes and longest-prefix match. */
#include <stdlib.h>
#include "t.h"
#include "alto_doc.h"
#include "alto_schema.h"
#include "alto_units.h"
#include "alto_addr.h"
#include "alto_buf.h"

static alto_doc *parse(const char *text, alto_err *err) {
    return alto_doc_parse("t.yaml", text, strlen(text), err);
}

static void test_yaml_types_and_positions(void) {
    alto_err err = {{0}};
    alto_doc *d = parse("name: x\n"
                        "n: 42\n"
                        "r: 4.5\n"
                        "q: \"42\"\n"
                        "b: true\n"
                        "z: ~\n"
                        "list:\n"
                        "  - {a: 1}\n"
                        "  - [x, y]\n", &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    if (!d) return;
    json_t *r = alto_doc_root(d);
    T_CHECK(json_is_integer(json_object_get(r, "n")));
    T_CHECK(json_integer_value(json_object_get(r, "n")) == 42);
    T_CHECK(json_is_real(json_object_get(r, "r")));
    T_CHECK(json_is_string(json_object_get(r, "q")));      /* quoted stays a string */
    T_CHECK(json_is_true(json_object_get(r, "b")));
    T_CHECK(json_is_null(json_object_get(r, "z")));
    json_t *list = json_object_get(r, "list");
    json_t *inner = json_array_get(json_array_get(list, 1), 1);
    int line, col;
    T_CHECK(alto_doc_pos(d, inner, &line, &col) == 0);
    T_CHECK(line == 9 && col == 9);
    T_STREQ(alto_doc_path(d, inner), "list[1][1]");
    T_STREQ(alto_doc_path(d, json_object_get(json_array_get(list, 0), "a")), "list[0].a");
    alto_doc_free(d);
}

static void test_yaml_errors(void) {
    alto_err err = {{0}};
    T_CHECK(parse("a: [1, 2\nb: 3\n", &err) == NULL);
    T_CONTAINS(err.msg, "t.yaml:");
    T_CONTAINS(err.msg, "malformed YAML");
    T_CHECK(parse("a: 1\na: 2\n", &err) == NULL);
    T_CONTAINS(err.msg, "t.yaml:2:1: a: duplicate key");
    T_CHECK(parse("", &err) == NULL);
    T_CONTAINS(err.msg, "empty document");
    T_CHECK(parse("a: *nope\n", &err) == NULL);
    alto_doc *d = parse("base: &b {x: 1}\nother: *b\n", &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    if (d) {
        T_CHECK(json_object_get(alto_doc_root(d), "other") ==
                json_object_get(alto_doc_root(d), "base"));
        alto_doc_free(d);
    }
    /* An alias inside the node it names would make the value contain
     * itself: refused where the alias is, directly or deeper down. */
    T_CHECK(parse("a: &a\n  b: *a\n", &err) == NULL);
    T_CONTAINS(err.msg, "t.yaml:2:6: a.b: alias *a is inside the node it names");
    T_CHECK(parse("a: &a [[x, *a]]\n", &err) == NULL);
    T_CONTAINS(err.msg, "t.yaml:1:12: a[0][1]: alias *a is inside");
    d = parse("a: &a [1]\nb: [*a, [*a]]\n", &err);     /* after it closed: fine */
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    alto_doc_free(d);
    /* Nested aliases: 10^9 values in 400 bytes; refused at the alias that
     * passes ALTO_DOC_MAX_ALIASED, a few aliases of a big node are fine. */
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_puts(&b, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char n = 'b'; n <= 'i'; n++)
        alto_buf_printf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                        n, n, n - 1, n - 1, n - 1, n - 1, n - 1, n - 1, n - 1, n - 1, n - 1, n - 1);
    T_CHECK(parse(b.data, &err) == NULL);
    T_CONTAINS(err.msg, "t.yaml:6:36: f[7]: alias *e");
    T_CONTAINS(err.msg, "aliases repeat more than 1000000 values in all");
    alto_buf_free(&b);
    d = parse("a: &a [[1, 2], {k: v}]\nb: [*a, *a, *a]\nc: *a\n", &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    alto_doc_free(d);
    /* JSON is YAML too. */
    d = parse("{\"a\": [1, 2.5, \"x\"], \"b\": null}", &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    alto_doc_free(d);
}

static const alto_field link_fields[] = {
    {"a", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"bandwidth", ALTO_S_RATE, 1, 1, 0, 1, 0},
    {"delay", ALTO_S_DURATION, 0, 1, 0, 0, 0},
    {"queue", ALTO_S_INT, 0, 1, 1, 1, 10000},
    {NULL, 0, 0, 0, 0, 0, 0},
};

static void test_schema(void) {
    alto_err err = {{0}};
    alto_doc *d = parse("links:\n"
                        "  - {a: s1, bandwidth: 5Mbps}\n"
                        "  - {a: s2, bandwidth: fast}\n"
                        "  - {a: s3, bandwith: 5Mbps}\n"
                        "  - {bandwidth: 5Mbps}\n"
                        "  - {a: s5, bandwidth: 5Mbps, queue: 0}\n"
                        "  - {a: s6, bandwidth: 5Mbps, delay: 5}\n", &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    if (!d) return;
    json_t *links = json_object_get(alto_doc_root(d), "links");
    T_CHECK(alto_schema_check(d, json_array_get(links, 0), link_fields, &err) == 0);
    T_CHECK(alto_schema_check(d, json_array_get(links, 1), link_fields, &err) == -1);
    T_STREQ(err.msg, "t.yaml:3:24: links[1].bandwidth: expected a rate like \"5Mbps\", got \"fast\"");
    T_CHECK(alto_schema_check(d, json_array_get(links, 2), link_fields, &err) == -1);
    T_CONTAINS(err.msg, "t.yaml:4:23: links[2].bandwith: unknown member (known: a, bandwidth, delay, queue)");
    T_CHECK(alto_schema_check(d, json_array_get(links, 3), link_fields, &err) == -1);
    T_CONTAINS(err.msg, "t.yaml:5:5: links[3]: missing required member \"a\"");
    T_CHECK(alto_schema_check(d, json_array_get(links, 4), link_fields, &err) == -1);
    T_CONTAINS(err.msg, "links[4].queue: 0 is below the minimum 1");
    T_CHECK(alto_schema_check(d, json_array_get(links, 5), link_fields, &err) == -1);
    T_CONTAINS(err.msg, "links[5].delay: expected a duration");
    double bps;
    T_CHECK(alto_get_rate(d, json_array_get(links, 0), "bandwidth", 0, &bps, &err) == 0);
    T_NEAR(bps, 5e6, 1e-6);
    T_CHECK(alto_get_rate(d, json_array_get(links, 0), "absent", 7, &bps, &err) == 0);
    T_NEAR(bps, 7, 0);
    alto_doc_free(d);
}

static void test_units(void) {
    double v;
    T_CHECK(alto_parse_rate("5Mbps", &v) == 0); T_NEAR(v, 5e6, 1e-6);
    T_CHECK(alto_parse_rate("1.5 Gbps", &v) == 0); T_NEAR(v, 1.5e9, 1e-3);
    T_CHECK(alto_parse_rate("100kbps", &v) == 0); T_NEAR(v, 1e5, 1e-9);
    T_CHECK(alto_parse_rate("100Kbps", &v) == 0); T_NEAR(v, 1e5, 1e-9);
    T_CHECK(alto_parse_rate("64bps", &v) == 0); T_NEAR(v, 64, 0);
    T_CHECK(alto_parse_rate("5", &v) == -1);            /* no unit */
    T_CHECK(alto_parse_rate("fast", &v) == -1);
    T_CHECK(alto_parse_rate("5MBps", &v) == -1);        /* bytes/s is not a rate unit here */
    T_CHECK(alto_parse_rate("inf Mbps", &v) == -1);
    T_CHECK(alto_parse_duration("25ms", &v) == 0); T_NEAR(v, 0.025, 1e-15);
    T_CHECK(alto_parse_duration("10us", &v) == 0); T_NEAR(v, 1e-5, 1e-18);
    T_CHECK(alto_parse_duration("2s", &v) == 0); T_NEAR(v, 2, 0);
    T_CHECK(alto_parse_duration("2", &v) == -1);
    T_CHECK(alto_parse_size("10MiB", &v) == 0); T_NEAR(v, 10485760, 0);
    T_CHECK(alto_parse_size("10485760", &v) == 0); T_NEAR(v, 10485760, 0);
    T_CHECK(alto_parse_size("1kB", &v) == 0); T_NEAR(v, 1000, 0);
    char buf[32];
    T_STREQ(alto_fmt_rate(5e6, buf, sizeof buf), "5Mbps");
    T_STREQ(alto_fmt_duration(0.025, buf, sizeof buf), "25ms");
}

static void test_addr(void) {
    alto_addr a;
    char buf[64];
    T_CHECK(alto_addr_parse("10.0.0.250", 4, &a) == 0 && a.family == 4);
    T_CHECK(alto_addr_parse("10.0.0.256", 4, &a) == -1);
    T_CHECK(alto_addr_parse("2001:db8::1", 4, &a) == -1);
    T_CHECK(alto_addr_parse("2001:DB8:0:0:0:0:0:1", 6, &a) == 0);
    T_STREQ(alto_addr_fmt(&a, buf, sizeof buf), "2001:db8::1");      /* RFC 5952 */
    T_CHECK(alto_addr_parse_typed("ipv4:192.0.2.1", &a) == 0 && a.family == 4);
    T_CHECK(alto_addr_parse_typed("192.0.2.1", &a) == -1);           /* untyped */
    T_CHECK(alto_addr_parse_typed("ipv4:192.0.2.1", &a) == 0);
    T_STREQ(alto_addr_fmt_typed(&a, buf, sizeof buf), "ipv4:192.0.2.1");
    T_CHECK(alto_addr_parse_typed("ipv6:192.0.2.1", &a) == -1);

    alto_prefix p;
    T_CHECK(alto_prefix_parse("10.0.0.0/8", 4, 1, &p) == 0 && p.len == 8);
    T_CHECK(alto_prefix_parse("10.0.0.1/8", 4, 1, &p) == -1);        /* host bits */
    T_CHECK(alto_prefix_parse("10.0.0.1/8", 4, 0, &p) == 0);
    T_STREQ(alto_prefix_fmt(&p, buf, sizeof buf), "10.0.0.0/8");
    T_CHECK(alto_prefix_parse("10.0.0.0/33", 4, 1, &p) == -1);
    T_CHECK(alto_prefix_parse("10.0.0.0/", 4, 1, &p) == -1);
    T_CHECK(alto_prefix_parse("10.0.0.0/08", 4, 1, &p) == -1);
    T_CHECK(alto_prefix_parse("::/0", 6, 1, &p) == 0 && p.len == 0);
    T_CHECK(alto_prefix_parse("2001:db8::/129", 6, 1, &p) == -1);
    T_CHECK(alto_prefix_parse("192.0.2.7", 4, 1, &p) == 0 && p.len == 32);

    alto_lpm *t = alto_lpm_new();
    alto_prefix p0, p8, p24, p32, p6;
    alto_prefix_parse("0.0.0.0/0", 4, 1, &p0);
    alto_prefix_parse("10.0.0.0/8", 4, 1, &p8);
    alto_prefix_parse("10.1.2.0/24", 4, 1, &p24);
    alto_prefix_parse("10.1.2.3/32", 4, 1, &p32);
    alto_prefix_parse("2001:db8::/32", 6, 1, &p6);
    alto_lpm_add(t, &p0, 0);
    alto_lpm_add(t, &p24, 24);
    alto_lpm_add(t, &p8, 8);
    alto_lpm_add(t, &p32, 32);
    alto_lpm_add(t, &p6, 6);
    alto_addr_parse("10.1.2.3", 4, &a); T_CHECK(alto_lpm_lookup(t, &a) == 32);
    alto_addr_parse("10.1.2.4", 4, &a); T_CHECK(alto_lpm_lookup(t, &a) == 24);
    alto_addr_parse("10.9.9.9", 4, &a); T_CHECK(alto_lpm_lookup(t, &a) == 8);
    alto_addr_parse("11.0.0.1", 4, &a); T_CHECK(alto_lpm_lookup(t, &a) == 0);
    alto_addr_parse("2001:db8:1::1", 6, &a); T_CHECK(alto_lpm_lookup(t, &a) == 6);
    alto_addr_parse("2001:db9::1", 6, &a); T_CHECK(alto_lpm_lookup(t, &a) == -1);
    alto_lpm_free(t);
}

static void test_buf(void) {
    alto_buf b = ALTO_BUF_INIT;
    for (int i = 0; i < 1000; i++) alto_buf_printf(&b, "%d,", i);
    T_CHECK(b.len == strlen(b.data));
    T_CHECK(!strncmp(b.data, "0,1,2,", 6));
    alto_buf_reset(&b);
    alto_buf_html(&b, "<a href=\"x\">&'");
    T_STREQ(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    char *s = alto_buf_take(&b);
    T_CHECK(b.data == NULL);
    free(s);
}

int main(void) {
    test_yaml_types_and_positions();
    test_yaml_errors();
    test_schema();
    test_units();
    test_addr();
    test_buf();
    T_DONE();
}

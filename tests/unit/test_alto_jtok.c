/* test_alto_jtok.c: the strict pull tokenizer (lib/alto_jtok) and the
 * compact cost map built on it (conformance/conf_cmap).
 *
 * 1. Differential: on each input of a table of valid and invalid JSON
 *    (numbers, strings, escapes, surrogates, UTF-8, structure, depth) the
 *    tokenizer accepts exactly when jansson does, so a body is "not JSON"
 *    on the streaming path exactly when it is on the DOM path.
 * 2. Error offsets: the byte named is the offending one.
 * 3. Compact map: streamed and DOM-built maps give the same problems
 *    (paths, values shown, messages) on good and broken maps, duplicate
 *    keys resolved as jansson resolves them; malformed bodies give the
 *    same kind of error as alto_json_parse_object. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "alto_jtok.h"
#include "conf_check.h"
#include "conf_cmap.h"
#include "conf_msg.h"

static int tok_ok(const char *s, size_t n, int depth) {
    alto_jtok t;
    alto_jtok_init(&t, s, n, depth);
    alto_jt k;
    while ((k = alto_jtok_next(&t)) > ALTO_JT_END) {}
    alto_jtok_free(&t);
    return k == ALTO_JT_END;
}

static int jansson_ok(const char *s, size_t n) {
    json_error_t e;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY, &e);
    json_decref(v);
    return v != NULL;
}

static const char *const cases[] = {
    /* numbers */
    "0", "-0", "1", "-1", "10", "01", "-01", "1.", ".5", "1.5", "-1.5e3", "1E+2", "1e-2", "1e", "1e+",
    "+1", "-", "--1", "0x10", "1.0e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890.5", "Infinity", "NaN",
    "1 2", "[1,]", "[,1]", "[1 2]", "[-]", "[1.e5]", "[00]",
    /* strings, escapes, surrogates, UTF-8 */
    "\"\"", "\"abc\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\'\"",
    "\"\\u0041\"", "\"\\u00e9\"", "\"\\uD834\\uDD1E\"", "\"\\uD834\"", "\"\\uDD1E\"", "\"\\uD834\\u0041\"",
    "\"\\u0000\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"abc", "\"a\tb\"", "\"a\nb\"", "\"\xc3\xa9\"", "\"\xe2\x82\xac\"",
    "\"\xf0\x9d\x84\x9e\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
    "\"\xff\"", "\"\x80\"",
    /* structure */
    "{}", "[]", "{\"a\":1}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1 \"b\":2}", "[1,2,3]",
    "{\"a\":[1,{\"b\":null}],\"c\":true,\"d\":false}", "{\"a\":1}}", "[[]", "[]]", "", " ", "\t\n\r {} \n",
    "{} {}", "true", "tru", "nul", "null", "falsey", "{\"a\":1,\"a\":2}", "\xef\xbb\xbf{}", "[1]x", "{\"a\":1}/",
};

static void differential(void) {
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i]);
        T_CHECK_MSG(tok_ok(cases[i], n, 64) == jansson_ok(cases[i], n), "case %zu <%s>: tokenizer %d, jansson %d",
                    i, cases[i], tok_ok(cases[i], n, 64), jansson_ok(cases[i], n));
    }
    /* A NUL byte inside a string and outside. */
    T_CHECK(!tok_ok("\"a\0b\"", 5, 64) && !jansson_ok("\"a\0b\"", 5));
    T_CHECK(!tok_ok("[1]\0", 4, 64));
    /* Depth: 64 levels are fine, 65 are not, without recursion. */
    char deep[200];
    memset(deep, '[', 64);
    memset(deep + 64, ']', 64);
    T_CHECK(tok_ok(deep, 128, 64));
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    T_CHECK(!tok_ok(deep, 130, 64));
}

static void tokens_and_offsets(void) {
    const char *s = "{\"k\\u00e9\":[1,-2.5e1,\"x\\uD834\\uDD1E\"]}";
    alto_jtok t;
    alto_jtok_init(&t, s, strlen(s), 8);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_OBJECT);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_KEY);
    T_STREQ(t.str, "k\xc3\xa9");
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_ARRAY);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_INTEGER && t.ival == 1 && t.start == 12);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_REAL && t.num == -25.0);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_STRING && t.str_len == 5);
    T_STREQ(t.str, "x\xf0\x9d\x84\x9e");
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_ARRAY_END);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_OBJECT_END);
    T_CHECK(alto_jtok_next(&t) == ALTO_JT_END);
    alto_jtok_free(&t);

    static const struct { const char *in; size_t off; int line; const char *what; } errs[] = {
        {"{\"a\":1,}", 7, 1, "string or '}' expected"},
        {"{\"a\":01}", 6, 1, "expected"},        /* "0", then a stray digit */
        {"[1,\n 2,\n x]", 9, 3, "invalid token"},
        {"{\"a\":\"\\uDD1E\"}", 6, 1, "low surrogate"},
        {"{\"a\":\"\xc0\xaf\"}", 6, 1, "UTF-8"},
        {"{\"a\":1", 6, 1, "premature end"},
        {"{} x", 3, 1, "end of file expected"},
        {"[1e999]", 1, 1, "overflow"},
    };
    for (size_t i = 0; i < sizeof errs / sizeof *errs; i++) {
        alto_jtok_init(&t, errs[i].in, strlen(errs[i].in), 8);
        alto_jt k;
        while ((k = alto_jtok_next(&t)) > ALTO_JT_END) {}
        T_CHECK_MSG(k == ALTO_JT_ERROR && t.err_off == errs[i].off && t.err_line == errs[i].line,
                    "<%s>: kind %d, byte %zu line %d (%s)", errs[i].in, k, t.err_off, t.err_line, t.err);
        T_CONTAINS(t.err, errs[i].what);
        T_CHECK(alto_jtok_next(&t) == ALTO_JT_ERROR);        /* stays in error */
        alto_jtok_free(&t);
    }
}

/* Problems of every cost map check, streamed vs from the DOM, as one string. */
static char *probs_of(conf_cmap *m, const json_t *nm) {
    conf_probs p;
    conf_probs_init(&p);
    conf_cmap_validate(m, &p);
    if (nm) conf_cmap_v_pids_defined(m, nm, &p);
    conf_cmap_v_ordinal_values(m, &p);
    json_array_append_new(p.list, json_integer(p.checked));
    char *s = json_dumps(p.list, JSON_COMPACT);
    conf_probs_free(&p);
    return s;
}

static void same_problems(const char *body, const json_t *nm, const char *expect) {
    char err[256];
    conf_cmap ms, md;
    T_CHECK_MSG(conf_cmap_parse(&ms, body, strlen(body), "cost-map", 64, err, sizeof err) == 0, "%s", err);
    json_t *d = alto_json_parse_object(body, strlen(body), 64, err, sizeof err);
    T_CHECK(d != NULL);
    conf_cmap_from_json(&md, d, "cost-map");
    char *a = probs_of(&ms, nm), *b = probs_of(&md, nm);
    T_STREQ(a, b);
    if (expect) T_CONTAINS(a, expect);
    free(a);
    free(b);
    conf_cmap_free(&ms);
    conf_cmap_free(&md);
    json_decref(d);
}

#define META "\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"nm\",\"tag\":\"abc\"}]," \
             "\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"%s\"}}"

static void compact_map(void) {
    json_t *nm = json_loads("{\"network-map\":{\"A\":{},\"B\":{},\"C\":{}}}", 0, NULL);
    char body[1024];
    snprintf(body, sizeof body, "{" META ",\"cost-map\":{\"A\":{\"A\":0,\"B\":1.5},\"B\":{\"A\":2}}}", "numerical");
    same_problems(body, nm, NULL);
    snprintf(body, sizeof body, "{" META ",\"cost-map\":{\"A\":{\"A\":\"1\",\"X\":1.5,\"C\":[1,{}]},\"B\":7,"
             "\"Y\":{\"A\":null}}}", "numerical");
    same_problems(body, nm, "\"actual\":\"\\\"1\\\"\"");
    same_problems(body, nm, "destination PID X is not in the network map");
    same_problems(body, nm, "$.cost-map.B is an integer");
    snprintf(body, sizeof body, "{" META ",\"cost-map\":{\"A\":{\"A\":-1,\"B\":2.5,\"C\":1e2,\"D\":3}}}", "ordinal");
    same_problems(body, nm, "ordinal cost $.cost-map.A.B is 2.5");
    /* Duplicates: jansson keeps the first position and the last value. */
    snprintf(body, sizeof body, "{" META ",\"cost-map\":{\"A\":{\"B\":\"x\",\"C\":1,\"B\":2},\"B\":{\"A\":1},"
             "\"A\":{\"C\":\"late\"}}}", "numerical");
    same_problems(body, nm, "$.cost-map.A.C");
    snprintf(body, sizeof body, "{" META ",\"cost-map\":{\"A\":{\"B\":\"x\"}},\"cost-map\":5}", "numerical");
    same_problems(body, nm, "$.cost-map is an integer");
    same_problems("{\"cost-map\":{}}", nm, "required member $.meta is missing");
    json_decref(nm);

    static const struct { const char *in, *err; } bad[] = {
        {"", "empty body"},
        {"[1,2]", "JSON body is an array"},
        {"5", "not valid JSON"},
        {"{\"meta\":{},\"cost-map\":{\"A\":{\"B\":1,}}}", "(byte 34)"},
        {"{\"meta\":{},\"cost-map\":{\"A\":{\"B\":1", "premature end"},
        {"{\"meta\":{},\"cost-map\":{\"A\":{\"B\":01}}}", "not valid JSON"},
        {"{\"meta\":[[[[[[[[[[]]]]]]]]]]}", "nesting deeper than 8"},
        /* broken before it gets deep: still "too deep", as the DOM path says */
        {"{\"meta\":{}, {{{{{{{{{{}}}}}}}}}}}", "nesting deeper than 8"},
    };
    /* A NUL after a number: jansson takes "{...1\0}", RFC 8259 and both paths do not. */
    {
        static const char nul[] = "{\"meta\":{},\"cost-map\":{\"A\":{\"B\":1\0}}}";
        char err[256], jerr[256];
        conf_cmap m;
        T_CHECK(conf_cmap_parse(&m, nul, sizeof nul - 1, "cost-map", 8, err, sizeof err) == -1);
        T_CONTAINS(err, "not valid JSON");
        conf_cmap_free(&m);
        T_CHECK(alto_json_parse_object(nul, sizeof nul - 1, 8, jerr, sizeof jerr) == NULL);
        T_CONTAINS(jerr, "not valid JSON: line 1 column 34 (byte 33): NUL byte");
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[256], jerr[256];
        conf_cmap m;
        T_CHECK(conf_cmap_parse(&m, bad[i].in, strlen(bad[i].in), "cost-map", 8, err, sizeof err) == -1);
        T_CONTAINS(err, bad[i].err);
        json_t *d = alto_json_parse_object(bad[i].in, strlen(bad[i].in), 8, jerr, sizeof jerr);
        T_CHECK_MSG(!d, "alto_json_parse_object accepted <%s>", bad[i].in);
        T_CHECK_MSG(!strncmp(err, jerr, 12), "<%s>: streamed \"%s\", DOM \"%s\"", bad[i].in, err, jerr);
        json_decref(d);
        conf_cmap_free(&m);
    }
}

/* Reals: the tokenizer's value is bit for bit strtod's (what jansson
 * stores), on the fast path (<= 15 digits, exponent within +-22) and off
 * it: random mantissas, fraction lengths, exponents at and past the edges. */
static void real_values(void) {
    static const char *const fixed[] = {"0.0", "-0.0", "0.05", "1.5000", "123456789012345.0",
        "1234567890123456.0", "9007199254740993.0", "0.1e-22", "1e22", "1e23", "1.7976931348623157e308",
        "4.9e-324", "2.2250738585072014e-308", "-1E+2", "0.000000000000000000000000001", "1e-0", "5e+007"};
    unsigned long long x = 7285;
    char buf[96];
    int bad = 0;
    for (int i = 0; i < 20000 + (int)(sizeof fixed / sizeof *fixed); i++) {
        const char *s = buf;
        if (i < (int)(sizeof fixed / sizeof *fixed)) s = fixed[i];
        else {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            int digs = 1 + (int)(x >> 59) % 18, point = (int)(x >> 40) % (digs + 1), e = (int)((x >> 20) % 61) - 30;
            int k = 0;
            if (x & 1) buf[k++] = '-';
            unsigned long long y = x;
            for (int d = 0; d < digs; d++, y = y * 2862933555777941757ull + 3037000493ull) {
                if (d == point && d) buf[k++] = '.';
                buf[k++] = (char)('0' + (d == 0 && digs > 1 ? 1 + (y >> 60) % 9 : (y >> 60) % 10));
            }
            if (point == 0 || point == digs) buf[k++] = '.', buf[k++] = '5';
            if (x & 2) k += snprintf(buf + k, sizeof buf - (size_t)k, "e%d", e);
            buf[k] = '\0';
        }
        alto_jtok t;
        alto_jtok_init(&t, s, strlen(s), 8);
        alto_jt k = alto_jtok_next(&t);
        double want = strtod(s, NULL);
        if (k != ALTO_JT_REAL || memcmp(&t.num, &want, sizeof want)) {
            if (bad++ < 5) fprintf(stderr, "real <%s>: tokenizer %.17g (kind %d), strtod %.17g\n", s, t.num, k, want);
        }
        alto_jtok_free(&t);
    }
    T_CHECK_MSG(bad == 0, "%d reals differ from strtod", bad);
}

int main(void) {
    differential();
    real_values();
    tokens_and_offsets();
    compact_map();
    T_DONE();
}

/* test_conf_msg.c: the conformance engine's message validators on the
 * examples printed in RFC 7285 (data/rfc/examples/rfc7285), driven by
 * their INDEX.tsv: every example the INDEX calls valid must pass the
 * validators of its message kind, and every INVALID one must be rejected
 * for the reason the INDEX gives.  Then each validator is shown to catch
 * the defect it exists for, on a mutated copy of a valid example. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "conf_check.h"
#include "conf_msg.h"
#include "alto_buf.h"

#define EX ALTOSPEC_DATA_DIR "/rfc/examples/rfc7285/"

/* Message kind of each example with a body, by name. */
static const struct { const char *name, *kind; } kinds[] = {
    {"9.2.3-2-resp", "ird-root"},
    {"9.2.4-2-resp", "ird"},
    {"10.4.5-1-json", "addrgroup"},
    {"11.2.1.7-2-resp", "networkmap"},
    {"11.2.3.7-2-resp", "costmap"},
    {"11.3.1.7-1-req", "networkmapfilter"},
    {"11.3.1.7-2-resp", "networkmap-filtered"},
    {"11.3.2.7-1-req", "costmapfilter"},
    {"11.3.2.7-2-resp", "costmap"},
    {"11.4.1.7-1-req", "endpointpropparams"},
    {"11.4.1.7-2-resp", "endpointprop"},
    {"11.5.1.7-1-req", "endpointcostparams"},
    {"11.5.1.7-2-resp", "endpointcost"},
};

static json_t *load(const char *name, char *err, size_t n) {
    char path[512];
    snprintf(path, sizeof path, EX "%s.json", name);
    alto_buf b = ALTO_BUF_INIT;
    alto_err e;
    if (alto_buf_read_file(&b, path, &e) < 0) { snprintf(err, n, "%.200s", e.msg); return NULL; }
    json_t *v = alto_json_parse_object(b.data, b.len, 64, err, n);
    alto_buf_free(&b);
    return v;
}

static int validate(const char *kind, const json_t *d, conf_probs *p) {
    conf_probs_init(p);
    return conf_msg_validate(kind, d, p);
}

static void test_index(void) {
    alto_buf idx = ALTO_BUF_INIT;
    alto_err e;
    T_CHECK(alto_buf_read_file(&idx, EX "INDEX.tsv", &e) == 0);
    int valid = 0, invalid = 0;
    for (char *line = strtok(idx.data, "\n"); line; line = strtok(NULL, "\n")) {
        char name[64], status[256];
        if (sscanf(line, "%63[^\t]\t%*[^\t]\t%255[^\t]", name, status) != 2) continue;
        if (!strcmp(status, "no-body")) continue;
        const char *kind = NULL;
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
            if (!strcmp(kinds[i].name, name)) kind = kinds[i].kind;
        T_CHECK_MSG(kind != NULL, "example %s has no kind in this test", name);
        if (!kind) continue;
        char err[256] = "";
        json_t *d = load(name, err, sizeof err);
        if (!strncmp(status, "INVALID", 7)) {
            invalid++;
            /* The INDEX's reason is "INVALID(trailing-comma; ...line 58 column 6".
             * Our parser must reject it as JSON syntax at the same place. */
            T_CHECK_MSG(d == NULL, "%s is invalid as printed but parsed", name);
            T_CONTAINS(err, "not valid JSON");
            if (strstr(status, "trailing-comma")) T_CONTAINS(err, "line 58");
            json_decref(d);
            continue;
        }
        valid++;
        T_CHECK_MSG(d != NULL, "%s: %s", name, err);
        if (!d) continue;
        conf_probs p;
        int n = validate(kind, d, &p);
        if (!strcmp(name, "11.3.1.7-2-resp")) {
            /* As printed, PID1 has 198.51.100.0/24 and PID2 198.51.100.128/24:
             * the same /24 in two PIDs (the full map 11.2.1.7 has /25s).  The
             * filtered map need not be complete, and non-overlap is the one
             * requirement this example breaks: exactly that must be found. */
            T_CHECK_MSG(n == 1, "%s: %d problems, first: %s", name, n, conf_probs_first(&p));
            T_CONTAINS(conf_probs_first(&p), "defined in two PIDs");
        } else {
            T_CHECK_MSG(n == 0, "%s (%s): %d problems, first: %s", name, kind, n, conf_probs_first(&p));
        }
        conf_probs_free(&p);
        json_decref(d);
    }
    T_CHECK(valid == 12);
    T_CHECK(invalid == 1);
    alto_buf_free(&idx);
}

/* Mutates a valid example with a JSON-pointer-ish edit and expects a
 * problem whose message contains `want`. */
static void expect_problem(const char *name, const char *kind, const char *mutation_json,
                           const char *path, const char *want) {
    char err[256];
    json_t *d = load(name, err, sizeof err);
    T_CHECK_MSG(d != NULL, "%s: %s", name, err);
    if (!d) return;
    json_error_t je;
    json_t *patch = json_loads(mutation_json, JSON_DECODE_ANY, &je);
    /* path "a/b/c": set d[a][b][c] = patch (NULL patch text "DELETE" removes). */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = d;
    char *save, *tok = strtok_r(buf, "/", &save), *next;
    while (tok && (next = strtok_r(NULL, "/", &save))) {
        cur = json_object_get(cur, tok);
        tok = next;
    }
    if (patch) json_object_set_new(cur, tok, patch);
    else json_object_del(cur, tok);
    conf_probs p;
    int n = validate(kind, d, &p);
    T_CHECK_MSG(n > 0, "%s with %s=%s: no problem found", name, path, mutation_json);
    T_CONTAINS(conf_probs_first(&p), want);
    conf_probs_free(&p);
    json_decref(d);
}

static void test_mutations(void) {
    expect_problem("11.2.1.7-2-resp", "networkmap", "DELETE", "meta/vtag", "vtag is missing");
    expect_problem("11.2.1.7-2-resp", "networkmap", "\"tag with spaces\"", "meta/vtag/tag", "U+0021");
    expect_problem("11.2.1.7-2-resp", "networkmap", "{\"ipv4\": [\"10.0.0.0/8\"]}", "network-map/bad.pid", "reserved '.'");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"10.0.0.0/33\"]", "network-map/PID2/ipv4", "prefix length");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"300.1.2.0/24\"]", "network-map/PID2/ipv4", "not an IPv4 address");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"2001:DB8::/32\"]", "network-map/PID3/ipv6", "RFC 5952");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"192.0.2.0/24\"]", "network-map/PID2/ipv4", "defined in two PIDs");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"128.0.0.0/1\"]", "network-map/PID3/ipv4", "not complete: 0.0.0.0");
    expect_problem("11.2.1.7-2-resp", "networkmap", "[\"10.0.0.0/8\"]", "network-map/PID3/mac", "unregistered address type");
    expect_problem("11.2.3.7-2-resp", "costmap", "\"5\"", "cost-map/PID1/PID2", "is a string");
    expect_problem("11.2.3.7-2-resp", "costmap", "[]", "meta/dependent-vtags", "exactly one");
    expect_problem("11.2.3.7-2-resp", "costmap", "DELETE", "meta/cost-type", "cost-type is missing");
    expect_problem("11.2.3.7-2-resp", "costmap", "\"fast\"", "meta/cost-type/cost-mode", "not a registered cost mode");
    expect_problem("11.5.1.7-2-resp", "endpointcost", "1.5", "endpoint-cost-map/ipv4:192.0.2.2/ipv4:192.0.2.89", "ordinal cost");
    expect_problem("11.5.1.7-2-resp", "endpointcost", "-1", "endpoint-cost-map/ipv4:192.0.2.2/ipv4:192.0.2.89", "ordinal cost");
    expect_problem("11.5.1.7-2-resp", "endpointcost", "{\"192.0.2.9\": 1}", "endpoint-cost-map/ipv4:192.0.2.2", "no address type");
    expect_problem("11.4.1.7-2-resp", "endpointprop", "DELETE", "meta/dependent-vtags", "dependent-vtags is missing");
    expect_problem("11.4.1.7-2-resp", "endpointprop", "{\"p\": 1}", "endpoint-properties/ipv4:010.0.0.1", "dotted-decimal");
    expect_problem("9.2.4-2-resp", "ird", "[\"num-routing\", \"num-hop\"]",
                   "resources/ordinal-routing-cost-map/capabilities/cost-type-names", "exactly one");
    expect_problem("9.2.4-2-resp", "ird", "[\"no-such-type\"]",
                   "resources/ordinal-hopcount-cost-map/capabilities/cost-type-names", "does not define");
    expect_problem("9.2.4-2-resp", "ird", "\"yes\"", "resources/filtered-cost-map/capabilities/cost-constraints", "a boolean");
    expect_problem("9.2.4-2-resp", "ird", "DELETE", "resources/filtered-network-map/uri", "uri is missing");
    expect_problem("9.2.4-2-resp", "ird-root", "1", "meta/x-extension", "default-alto-network-map is missing");
    expect_problem("11.3.2.7-1-req", "costmapfilter", "[\"about 5\"]", "constraints", "malformed");
}

static void test_error_and_parse(void) {
    char err[256];
    const char *t1 = "{\"meta\":{\"code\":\"E_SYNTAX\",\"value\":\"x\"}}";
    json_t *e = alto_json_parse_object(t1, strlen(t1), 64, err, sizeof err);
    conf_probs p;
    T_CHECK(validate("error", e, &p) == 1);
    T_CONTAINS(conf_probs_first(&p), "no \"field\"");
    conf_probs_free(&p);
    json_decref(e);
    const char *t2 = "{\"meta\":{\"code\":\"E_NOPE\"}}";
    e = alto_json_parse_object(t2, strlen(t2), 64, err, sizeof err);
    T_CHECK(validate("error", e, &p) == 1);
    T_CONTAINS(conf_probs_first(&p), "not an ALTO error code");
    conf_probs_free(&p);
    json_decref(e);
    /* Bounded nesting and non-object bodies. */
    char deep[300];
    memset(deep, '[', 200);
    deep[200] = '\0';
    T_CHECK(alto_json_parse_object(deep, 200, 64, err, sizeof err) == NULL);
    T_CONTAINS(err, "nesting deeper than 64");
    T_CHECK(alto_json_parse_object("[1]", 3, 64, err, sizeof err) == NULL);
    T_CONTAINS(err, "expected an object");
    T_CHECK(alto_json_parse_object("<html>", 6, 64, err, sizeof err) == NULL);
    T_CONTAINS(err, "not valid JSON");
    T_CHECK(alto_json_parse_object("", 0, 64, err, sizeof err) == NULL);
    /* LPM on the RFC's network map. */
    json_t *nm = load("11.2.1.7-2-resp", err, sizeof err);
    T_STREQ(conf_netmap_lookup(nm, "ipv4:192.0.2.34"), "PID1");
    T_STREQ(conf_netmap_lookup(nm, "ipv4:198.51.100.200"), "PID2");
    T_STREQ(conf_netmap_lookup(nm, "ipv4:203.0.113.129"), "PID3");
    T_STREQ(conf_netmap_lookup(nm, "ipv6:2001:db8::1"), "PID3");
    T_CHECK(conf_netmap_lookup(nm, "192.0.2.1") == NULL);
    json_decref(nm);
}

/* Wrong types at any path: every value of every example replaced in turn
 * by each JSON type.  Validators must never crash (the sanitizer build
 * runs this) and must report a problem whenever the replaced value is one
 * the message requires to be an object (meta, the data member). */
static int mutated, mutated_found;

static void mutate_walk(json_t *root, json_t *node, const char *kind) {
    static const char *const repl[] = {"null", "7", "-1.5", "\"x\"", "[]", "{}", "true", "[1, \"a\", null]"};
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_object(node)) {
        void *tmp;
        json_object_foreach_safe(node, tmp, k, v) {
            for (size_t r = 0; r < sizeof repl / sizeof *repl; r++) {
                json_t *saved = json_incref(v);
                json_object_set_new(node, k, json_loads(repl[r], JSON_DECODE_ANY, NULL));
                conf_probs p;
                int n = validate(kind, root, &p);
                mutated++;
                if (n > 0) mutated_found++;
                conf_probs_free(&p);
                json_object_set_new(node, k, saved);
            }
            mutate_walk(root, json_object_get(node, k), kind);
        }
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, v) {
            for (size_t r = 0; r < sizeof repl / sizeof *repl; r++) {
                json_t *saved = json_incref(v);
                json_array_set_new(node, i, json_loads(repl[r], JSON_DECODE_ANY, NULL));
                conf_probs p;
                validate(kind, root, &p);
                mutated++;
                conf_probs_free(&p);
                json_array_set_new(node, i, saved);
            }
            mutate_walk(root, json_array_get(node, i), kind);
        }
    }
}

static void test_wrong_types_anywhere(void) {
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        char err[256];
        json_t *d = load(kinds[i].name, err, sizeof err);
        if (!d) continue;           /* the invalid-as-printed one */
        mutate_walk(d, d, kinds[i].kind);
        json_t *nm = json_object_get(d, "network-map");
        if (nm) { json_object_set_new(d, "network-map", json_string("x")); T_CHECK(conf_netmap_lookup(d, "ipv4:1.2.3.4") == NULL); }
        json_decref(d);
    }
    T_CHECK(mutated > 1000);
    T_CHECK(mutated_found > mutated / 3);
}

int main(void) {
    test_index();
    test_mutations();
    test_error_and_parse();
    test_wrong_types_anywhere();
    T_DONE();
}

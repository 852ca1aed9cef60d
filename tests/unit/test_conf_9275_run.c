/* test_conf_9275_run.c: the rfc9275 suite in-process against the embedded
 * reference server, both ways.  With the path vector extension on, every
 * case must PASS and both suites together must too (the RFC 7285 suite
 * must not trip over the multipart resources or the "array" cost mode);
 * with it off, every rfc9275 case is UNSUPPORTED with the reason and
 * nothing but the IRD is fetched.  Under the sanitizer build this is also
 * the leak and bounds test of the multipart reader on real answers.  The
 * registry is checked too: ids "rfc9275/<section>/<name>", unique, with a
 * requirement and a run function (tests/py/test_conform_9275.py checks the
 * requirements are verbatim quotes of the RFC text). */
#include <string.h>
#include "t.h"
#include "conf_run.h"
#include "srv.h"
#include "sim_topo.h"

static void test_registry(void) {
    const conf_suite *s = conf_suite_find("rfc9275");
    T_CHECK(s && s->ncases >= 50);
    for (size_t i = 0; s && i < s->ncases; i++) {
        char want[64];
        snprintf(want, sizeof want, "rfc9275/%s/", s->cases[i].section);
        T_CHECK_MSG(!strncmp(s->cases[i].id, want, strlen(want)), "%s vs %s", s->cases[i].id, s->cases[i].section);
        T_CHECK(s->cases[i].requirement[0] && s->cases[i].title[0] && s->cases[i].run);
        for (size_t j = 0; j < i; j++) T_CHECK_MSG(strcmp(s->cases[i].id, s->cases[j].id), "duplicate %s", s->cases[i].id);
    }
    size_t n;
    const conf_suite *const *all = conf_suites(&n);
    /* rfc7285 first; the others in any order (the registry grows). */
    T_CHECK(n >= 5 && !strcmp(all[0]->name, "rfc7285"));
    static const char *const want[] = {"rfc8189", "rfc9274", "rfc9275", "rfc9439"};
    for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
        int found = 0;
        for (size_t i = 0; i < n; i++) found |= !strcmp(all[i]->name, want[w]);
        T_CHECK_MSG(found, "%s not registered", want[w]);
    }
}

static json_t *run(const char *ird, const conf_suite *s) {
    conf_run_opts o = {.suite = s, .http = CONF_OPTS_DEFAULT, .ird_url = ird, .embedded = 1, .strict = 1};
    alto_err err;
    json_t *rep = conf_run(&o, NULL, &err);
    T_CHECK_MSG(rep != NULL, "%s", err.msg);
    return rep;
}

static long count(const json_t *rep, const char *v) {
    return (long)json_integer_value(json_object_get(json_object_get(rep, "summary"), v));
}

static void show_bad(const json_t *rep) {
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rep, "results"), i, r)
        if (strcmp(json_string_value(json_object_get(r, "verdict")), "PASS"))
            fprintf(stderr, "  %s %s: %s\n", json_string_value(json_object_get(r, "id")),
                    json_string_value(json_object_get(r, "verdict")), json_string_value(json_object_get(r, "reason")));
}

static srv_server *start(int pv) {
    alto_err err;
    sim_topo *t = sim_topo_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/topology.yaml", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    srv_config so = {.listen = "127.0.0.1:0", .quiet = 1, .without = pv ? 0 : SRV_EXT_PV};
    srv_server *srv = t ? srv_start(t, &so, &err) : NULL;
    T_CHECK_MSG(srv != NULL, "%s", err.msg);
    return srv;
}

static void test_with_pv(void) {
    srv_server *srv = start(1);
    if (!srv) return;
    const conf_suite *s = conf_suite_find("rfc9275");
    json_t *rep = run(srv_ird_url(srv), s);
    T_CHECK_MSG(rep && count(rep, "PASS") == (long)s->ncases, "%ld of %zu PASS", count(rep, "PASS"), s->ncases);
    if (rep && count(rep, "PASS") != (long)s->ncases) show_bad(rep);
    json_decref(rep);
    /* The RFC 7285 suite on the same server: the PV resources are not its
     * business, and "array" is a registered cost mode (RFC 9274). */
    rep = run(srv_ird_url(srv), conf_suite_find("rfc7285"));
    T_CHECK(rep && count(rep, "FAIL") == 0 && count(rep, "ERROR") == 0);
    if (rep && (count(rep, "FAIL") || count(rep, "ERROR"))) show_bad(rep);
    json_decref(rep);
    srv_stop(srv);
}

static void test_without_pv(void) {
    srv_server *srv = start(0);
    if (!srv) return;
    const conf_suite *s = conf_suite_find("rfc9275");
    json_t *rep = run(srv_ird_url(srv), s);
    T_CHECK(rep && count(rep, "UNSUPPORTED") == (long)s->ncases && conf_report_exit(rep) == 0);
    T_CHECK(rep && json_integer_value(json_object_get(rep, "requests")) == 1);
    json_t *r0 = json_array_get(json_object_get(rep, "results"), 0);
    T_CONTAINS(json_string_value(json_object_get(r0, "reason")), "does not advertise");
    json_decref(rep);
    srv_stop(srv);
}

int main(void) {
    test_registry();
    test_with_pv();
    test_without_pv();
    T_DONE();
}

/* test_srv_upm.c: the RFC 9240 property store and entity ids of the
 * reference server (srv_upm.c), without HTTP: RFC 9240 section 6.1.3
 * Tables 1 and 2 (longest-prefix inheritance) exactly, per-property
 * inheritance, null stopping it, and the strict identifier rules. */
#include <stdlib.h>
#include "t.h"
#include "srv_int.h"
#include "srv_upm.h"

static srv_upm_entity ent(const char *id) {
    srv_upm_entity e;
    const char *why = "";
    int rc = srv_upm_entity_parse(id, &e, &why);
    T_CHECK_MSG(rc == 0, "%s: %s", id, why);
    return e;
}

static void set(srv_upm *u, const char *id, const char *prop, const char *v) {
    srv_upm_entity e = ent(id);
    json_t *j = v ? json_string(v) : json_null();
    srv_upm_set(u, &e, prop, j);
    json_decref(j);
}

static const char *get(const srv_upm *u, const char *id, const char *prop) {
    srv_upm_entity e = ent(id);
    json_t *v = srv_upm_get(u, &e, prop);
    return v ? json_string_value(v) : "(not defined)";
}

/* Table 1 defines P; Table 2 lists what each entity has. */
static void test_tables(void) {
    srv_upm *u = srv_upm_new();
    set(u, "ipv4:192.0.2.0/26", "P", "v1");
    set(u, "ipv4:192.0.2.0/28", "P", "v2");
    set(u, "ipv4:192.0.2.0/30", "P", "v3");
    set(u, "ipv4:192.0.2.0", "P", "v4");
    srv_upm_seal(u);
    static const char *const table2[][2] = {
        {"ipv4:192.0.2.0", "v4"}, {"ipv4:192.0.2.1", "v3"}, {"ipv4:192.0.2.16", "v1"},
        {"ipv4:192.0.2.32", "v1"}, {"ipv4:192.0.2.64", "(not defined)"},
        {"ipv4:192.0.2.0/32", "v4"}, {"ipv4:192.0.2.0/31", "v3"}, {"ipv4:192.0.2.0/29", "v2"},
        {"ipv4:192.0.2.0/27", "v1"}, {"ipv4:192.0.2.0/25", "(not defined)"},
    };
    for (size_t i = 0; i < sizeof table2 / sizeof *table2; i++)
        T_STREQ(get(u, table2[i][0], "P"), table2[i][1]);
    T_CHECK(srv_upm_count(u) == 4);
    srv_upm_free(u);
}

static void test_per_property_and_null(void) {
    srv_upm *u = srv_upm_new();
    set(u, "ipv4:10.0.0.0/8", ".asn", "100");
    set(u, "ipv4:10.1.0.0/16", ".site", "a");
    set(u, "ipv4:10.1.2.0/24", ".asn", NULL);       /* defined to have no value */
    set(u, "ipv6:2001:db8::/32", ".asn", "400");
    set(u, "default-network-map.pid:p1", ".asn", "7");
    srv_upm_seal(u);
    T_STREQ(get(u, "ipv4:10.1.9.9", ".asn"), "100");     /* from the /8, past the /16 */
    T_STREQ(get(u, "ipv4:10.1.9.9", ".site"), "a");
    T_STREQ(get(u, "ipv4:10.1.2.3", ".asn"), "(not defined)");
    T_STREQ(get(u, "ipv4:10.1.2.3", ".site"), "a");
    T_STREQ(get(u, "ipv6:2001:db8:5::1", ".asn"), "400");
    T_STREQ(get(u, "ipv4:11.0.0.1", ".asn"), "(not defined)");
    T_STREQ(get(u, "default-network-map.pid:p1", ".asn"), "7");
    T_STREQ(get(u, "default-network-map.pid:p2", ".asn"), "(not defined)");
    srv_upm_free(u);
}

static void test_ids(void) {
    static const char *const bad[] = {
        "ipv4:10.0.0.300", "ipv4:10.0.0.1/8", "ipv4:10.0.0.0/33", "ipv4:010.0.0.1", "ipv4:",
        "ipv6:2001:DB8::1", "ipv6:2001:0db8::1", "ipv6:zz::1", "pid:p1", ".pid:p1",
        "default-network-map.pid:", "default-network-map.pid:bad name", "foo:bar", "ipv4",
        "asn:AS1", "asn:as01", "countrycode:FR", "bad.id.pid:p1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        srv_upm_entity e;
        const char *why = NULL;
        T_CHECK_MSG(srv_upm_entity_parse(bad[i], &e, &why) < 0 && why, "%s accepted", bad[i]);
    }
    char buf[200];
    srv_upm_entity e = ent("ipv4:192.0.2.7/32");
    T_STREQ(srv_upm_entity_name(&e, buf, sizeof buf), "ipv4:192.0.2.7");
    e = ent("ipv6:2001:db8::/32");
    T_STREQ(srv_upm_entity_name(&e, buf, sizeof buf), "ipv6:2001:db8::/32");
    e = ent("net:map@1.pid:p-1.x");
    T_STREQ(e.domain, "net:map@1.pid");
    T_STREQ(e.ident, "p-1.x");
    e = ent("asn:as64500");
    T_STREQ(e.type->name, "asn");
    e = ent("countrycode:fr");
    T_STREQ(e.type->name, "countrycode");
}

/* The model's map: host and PID properties of a topology. */
static void test_model(void) {
    alto_err err;
    sim_topo *t = sim_topo_load("scenarios/propmap/topology.yaml", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    if (!t) return;
    srv_model *m = srv_model_new(t, &err);
    T_CHECK_MSG(m != NULL, "%s", err.msg);
    if (!m) return;
    T_STREQ(get(m->upm, "ipv4:192.0.2.99", ".asn"), "64500");         /* the PID prefix's */
    T_STREQ(get(m->upm, "ipv4:192.0.2.99", "default-network-map.pid"), "pid-lab");
    T_STREQ(get(m->upm, "ipv4:192.0.2.10", ".site"), "lab");           /* the host's own */
    T_STREQ(get(m->upm, "ipv4:203.0.113.5", ".country"), "US");
    T_STREQ(get(m->upm, "ipv4:203.0.113.6", ".country"), "(not defined)");
    T_STREQ(get(m->upm, "ipv4:8.8.8.8", "default-network-map.pid"), "default");
    T_STREQ(get(m->upm, "default-network-map.pid:pid-cern", ".country"), "CH");
    srv_model_free(m);
}

int main(void) {
    test_tables();
    test_per_property_and_null();
    test_ids();
    test_model();
    T_DONE();
}

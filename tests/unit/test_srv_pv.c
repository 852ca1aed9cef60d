/* test_srv_pv.c: the reference server's RFC 9275 path vector and RFC 9240
 * link property maps without HTTP: ANE naming (including the fallback
 * names), path extraction for hosts and PIDs, multipart serialization
 * byte for byte, the Content-ID domain, Accept with a "type" parameter,
 * the multipart answers of srv_pv_post() taken apart again, the property
 * map services and the IRD entries.
 *
 * Expected routes are read off scenarios/ietf113/topology.yaml and
 * tests/py/data/srv_groups.yaml (their header comments draw them). */
#include <stdlib.h>
#include <unistd.h>
#include "t.h"
#include "srv_int.h"

static srv_model *load(const char *path) {
    alto_err err;
    sim_topo *t = sim_topo_load(path, &err);
    if (!t) { fprintf(stderr, "%s\n", err.msg); return NULL; }
    srv_model *m = srv_model_new(t, &err);
    if (!m) fprintf(stderr, "%s\n", err.msg);
    return m;
}

static srv_model *load_text(const char *yaml) {
    char path[] = "/tmp/test_srv_pv_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(yaml, f);
    fclose(f);
    srv_model *m = load(path);
    unlink(path);
    return m;
}

/* The ANE names of a path as "a,b,c". */
static const char *joined(const srv_model *m, const int *links, int n) {
    static char buf[512];
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        if (i) strcat(buf, ",");
        strcat(buf, m->ane->name[links[i]]);
    }
    return buf;
}

static const char *pid_path(const srv_model *m, const char *a, const char *b) {
    const int *links;
    int n = srv_ane_pid_path(m, sim_topo_pid(m->topo, a), sim_topo_pid(m->topo, b), &links);
    return n < 0 ? "undefined" : joined(m, links, n);
}

static void test_names_and_paths(void) {
    srv_model *m = load("scenarios/ietf113/topology.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    T_CHECK(m->ane->nlinks == 18);
    int k = srv_ane_link(m, "s3-s4");
    T_CHECK(k >= 0);
    if (k >= 0) {
        T_STREQ(m->topo->nodes[m->topo->links[k].from].name, "s3");
        T_STREQ(m->topo->nodes[m->topo->links[k].to].name, "s4");
        T_NEAR(m->topo->links[k].bps, 5e6, 0);
    }
    T_CHECK(srv_ane_link(m, "s3-s9") == -1);
    T_STREQ(pid_path(m, "pid-client", "pid-xrd3"), "client-s3,s3-s4,s4-xrd3");
    T_STREQ(pid_path(m, "pid-xrd3", "pid-client"), "xrd3-s4,s4-s3,s3-client");
    T_STREQ(pid_path(m, "pid-xrd4", "pid-xrd1"), "xrd4-s5,s5-s4,s4-s3,s3-s1,s1-xrd1");
    T_STREQ(pid_path(m, "pid-client", "pid-client"), "");
    T_STREQ(pid_path(m, "pid-client", "default"), "undefined");
    T_STREQ(pid_path(m, "default", "default"), "undefined");
    /* Endpoints: host routes, else the PID's vector. */
    srv_endpoint a = {"ipv4:10.0.0.250", sim_topo_node(m->topo, "client"), 0};
    srv_endpoint b = {"ipv4:10.0.0.252", sim_topo_node(m->topo, "xrd2"), 0};
    srv_endpoint other = {"ipv4:192.0.2.1", -1, sim_topo_pid(m->topo, "default")};
    a.pid = m->topo->nodes[a.host].pid;
    b.pid = m->topo->nodes[b.host].pid;
    const int *links;
    int n = srv_ane_endpoint_path(m, &a, &b, &links);
    T_STREQ(joined(m, links, n), "client-s3,s3-s2,s2-xrd2");
    T_CHECK(srv_ane_endpoint_path(m, &a, &other, &links) == -1);
    /* The path first: as one argument list, the order in which `links` is
     * read and written is unspecified (clang and gcc differ). */
    n = srv_ane_endpoint_path(m, &b, &a, &links);
    json_t *v = srv_ane_vector(m, links, n);
    char *s = json_dumps(v, JSON_COMPACT);
    T_STREQ(s, "[\"xrd2-s2\",\"s2-s3\",\"s3-client\"]");
    free(s);
    json_decref(v);
    /* Properties: capacity in bps, persistent id, delay in microseconds. */
    char want[16] = {1, 1, 1};
    json_t *p = srv_ane_link_props(m, srv_ane_link(m, "s4-s5"), want);
    s = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    T_STREQ(s, "{\"max-reservable-bandwidth\":2000000,\"persistent-entity-id\":"
               "\"link-props.ane:s4-s5\",\"priv:altospec-delay-ow\":50000}");
    free(s);
    json_decref(p);
    T_CHECK(srv_ane_prop_find("persistent-entity-id", 0) >= 0);
    T_CHECK(srv_ane_prop_find("persistent-entity-id", 1) == -1);
    T_CHECK(srv_ane_prop_find("priv:altospec-delay-ow", 0) == -1);
    T_CHECK(srv_ane_prop_find("priv:altospec-delay-ow", 1) >= 0);
    srv_model_free(m);
}

static void test_fallback_names(void) {
    /* "x-y"->"z" and "x"->"y-z" both want "x-y-z"; a 40- and a 30-character
     * name make a 71-character name, longer than an ANEName may be. */
    srv_model *m = load_text(
        "name: names\n"
        "hosts:\n"
        "  - {name: x, ipv4: 10.0.0.1}\n"
        "  - {name: z, ipv4: 10.0.0.2}\n"
        "  - {name: hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh, ipv4: 10.0.0.3}\n"
        "switches: [x-y, y-z, wwwwwwwwwwwwwwwwwwwwwwwwwwwwww]\n"
        "links:\n"
        "  - {a: x, b: y-z, bandwidth: 1Mbps, delay: 1ms}\n"
        "  - {a: y-z, b: x-y, bandwidth: 1Mbps, delay: 1ms}\n"
        "  - {a: x-y, b: z, bandwidth: 1Mbps, delay: 1ms}\n"
        "  - {a: hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh, b: wwwwwwwwwwwwwwwwwwwwwwwwwwwwww, bandwidth: 1Mbps, delay: 1ms}\n"
        "  - {a: wwwwwwwwwwwwwwwwwwwwwwwwwwwwww, b: x-y, bandwidth: 1Mbps, delay: 1ms}\n");
    T_CHECK(m != NULL);
    if (!m) return;
    int seen_fallback = 0, unique = 1;
    for (int k = 0; k < m->ane->nlinks; k++) {
        const char *nm = m->ane->name[k];
        T_CHECK_MSG(srv_is_pidname(nm) && !strchr(nm, '.'), "%s", nm);
        T_CHECK(srv_ane_link(m, nm) == k);
        for (int j = 0; j < k; j++) unique &= strcmp(nm, m->ane->name[j]) != 0;
        if (!strncmp(nm, "link", 4)) {
            seen_fallback++;
            char want[16];
            snprintf(want, sizeof want, "link%d", k);
            T_STREQ(nm, want);
        }
    }
    T_CHECK(unique);
    T_CHECK(seen_fallback == 3);    /* the second "x-y-z", both long-name links */
    T_CHECK(srv_ane_link(m, "x-y-z") >= 0);
    srv_model_free(m);
}

static void test_group_pids(void) {
    srv_model *m = load("tests/py/data/srv_groups.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    /* east = {c, d}: the smallest bottleneck, then the longest delay (d). */
    T_STREQ(pid_path(m, "pid-a", "east"), "a-s1,s1-s2,s2-d");
    T_STREQ(pid_path(m, "east", "pid-a"), "d-s2,s2-s1,s1-a");
    T_STREQ(pid_path(m, "east", "east"), "c-s2,s2-d");
    srv_model_free(m);
}

static void test_multipart_bytes(void) {
    srv_part parts[2] = {{"costmap", SRV_MT_COSTMAP, "{\"a\":1}", 7},
                         {"propmap", SRV_MT_PROPMAP, "{}", 2}};
    char ctype[256];
    size_t len;
    char *b = srv_mpart_build(parts, 2, SRV_MT_COSTMAP, "alto.example.com", &len, ctype,
                              sizeof ctype);
    T_STREQ(ctype, "multipart/related; boundary=altospec-pv; "
                   "type=\"application/alto-costmap+json\"; "
                   "start=\"<costmap@alto.example.com>\"");
    const char *want =
        "--altospec-pv\r\n"
        "Content-ID: <costmap@alto.example.com>\r\n"
        "Content-Type: application/alto-costmap+json\r\n\r\n"
        "{\"a\":1}\r\n"
        "--altospec-pv\r\n"
        "Content-ID: <propmap@alto.example.com>\r\n"
        "Content-Type: application/alto-propmap+json\r\n\r\n"
        "{}\r\n"
        "--altospec-pv--\r\n";
    T_CHECK(len == strlen(want) && !memcmp(b, want, len));
    free(b);
    /* A body holding the boundary gets a longer one that it does not hold. */
    parts[1].body = "--altospec-pv";
    parts[1].len = 13;
    b = srv_mpart_build(parts, 2, SRV_MT_COSTMAP, "h", &len, ctype, sizeof ctype);
    T_CONTAINS(ctype, "boundary=altospec-pv-0;");
    T_CHECK(len > 0 && !strncmp(b, "--altospec-pv-0\r\n", 17));
    free(b);

    char d[256];
    const struct { const char *host, *want; } dom[] = {
        {"alto.example.com", "alto.example.com"}, {"alto.example.com:8181", "alto.example.com"},
        {"127.0.0.1:80", "127.0.0.1"}, {"[::1]:8181", "localhost"}, {NULL, "localhost"},
        {"", "localhost"}, {"a..b", "localhost"}, {".a", "localhost"}, {"a b", "localhost"},
        {"a<b>", "localhost"}, {"x\r\nInjected: 1", "localhost"},
    };
    for (size_t i = 0; i < sizeof dom / sizeof *dom; i++) {
        srv_mpart_domain(dom[i].host, d, sizeof d);
        T_STREQ(d, dom[i].want);
    }
}

static void test_accept_with_type(void) {
    const char *cm = SRV_MT_PV_COSTMAP;
    T_CHECK(srv_accepts(NULL, cm));
    T_CHECK(srv_accepts("multipart/related;type=application/alto-costmap+json", cm));
    T_CHECK(srv_accepts("multipart/related; type=\"application/alto-costmap+json\"", cm));
    T_CHECK(srv_accepts("multipart/related", cm));
    T_CHECK(srv_accepts("multipart/*", cm));
    T_CHECK(srv_accepts("application/alto-error+json, */*;q=0.1", cm));
    T_CHECK(!srv_accepts("multipart/related;type=application/alto-endpointcost+json", cm));
    T_CHECK(!srv_accepts("application/alto-costmap+json", cm));
    T_CHECK(!srv_accepts("multipart/related;type=application/alto-costmap+json;q=0", cm));
    T_CHECK(srv_accepts("multipart/related;type=application/alto-endpointcost+json",
                        SRV_MT_PV_ECOST));
    /* Parameterless types keep their old behaviour. */
    T_CHECK(srv_accepts("application/alto-costmap+json", SRV_MT_COSTMAP));
    T_CHECK(!srv_accepts("application/json", SRV_MT_COSTMAP));
}

/* Splits a multipart answer into its two JSON parts (NULL if malformed). */
static int split(const srv_answer *a, json_t **p1, json_t **p2) {
    *p1 = *p2 = NULL;
    const char *b = a->body, *end = a->body + a->len;
    const char *h1 = strstr(b, "\r\n\r\n"), *d2 = h1 ? strstr(h1, "\r\n--altospec-pv\r\n") : NULL;
    const char *h2 = d2 ? strstr(d2 + 2, "\r\n\r\n") : NULL;
    const char *close = h2 ? strstr(h2, "\r\n--altospec-pv--\r\n") : NULL;
    if (!close || close + 19 != end) return -1;
    *p1 = json_loadb(h1 + 4, (size_t)(d2 - h1 - 4), 0, NULL);
    *p2 = json_loadb(h2 + 4, (size_t)(close - h2 - 4), 0, NULL);
    return *p1 && *p2 ? 0 : -1;
}

static srv_answer post_pv(const srv_model *m, srv_kind k, const char *body) {
    int n;
    const srv_route *r = srv_routes(&n), *route = NULL;
    for (int i = 0; i < n; i++)
        if (r[i].kind == k) route = &r[i];
    srv_answer a;
    alto_addr me;
    alto_addr_parse_typed("ipv4:10.0.0.250", &me);
    srv_pv_post(m, route, body, strlen(body), &me, "alto.example.com", &a);
    return a;
}

static void test_pv_answers(void) {
    srv_model *m = load("scenarios/ietf113/topology.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    srv_answer a = post_pv(m, SRV_K_PV_COSTMAP,
        "{\"cost-type\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"},"
        "\"pids\":{\"srcs\":[\"pid-client\"],\"dsts\":[\"pid-xrd3\"]},"
        "\"ane-property-names\":[\"max-reservable-bandwidth\"]}");
    T_CHECK(a.status == 200);
    T_CONTAINS(a.ctype, "type=\"application/alto-costmap+json\"");
    T_CONTAINS(a.body, "Content-ID: <costmap@alto.example.com>\r\n");
    json_t *p1, *p2;
    T_CHECK(split(&a, &p1, &p2) == 0);
    char *s = json_dumps(json_object_get(p1, "cost-map"), JSON_COMPACT);
    T_STREQ(s, "{\"pid-client\":{\"pid-xrd3\":[\"client-s3\",\"s3-s4\",\"s4-xrd3\"]}}");
    free(s);
    json_t *vt = json_object_get(json_object_get(p1, "meta"), "vtag");
    T_STREQ(json_string_value(json_object_get(vt, "resource-id")), "filtered-cost-map-pv.costmap");
    T_CHECK(json_equal(json_array_get(json_object_get(json_object_get(p2, "meta"),
                                                      "dependent-vtags"), 0), vt));
    s = json_dumps(json_object_get(p2, "property-map"), JSON_COMPACT | JSON_SORT_KEYS);
    T_STREQ(s, "{\".ane:client-s3\":{\"max-reservable-bandwidth\":1000000000},"
               "\".ane:s3-s4\":{\"max-reservable-bandwidth\":5000000},"
               "\".ane:s4-xrd3\":{\"max-reservable-bandwidth\":1000000000}}");
    free(s);
    json_decref(p1);
    json_decref(p2);
    free(a.body);

    /* ECS, another cost type: numbers, and an empty property map. */
    a = post_pv(m, SRV_K_PV_ECOST,
        "{\"cost-type\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"hopcount\"},"
        "\"endpoints\":{\"dsts\":[\"ipv4:10.0.0.254\"]},"
        "\"ane-property-names\":[\"persistent-entity-id\"]}");
    T_CHECK(a.status == 200 && split(&a, &p1, &p2) == 0);
    s = json_dumps(json_object_get(p1, "endpoint-cost-map"), JSON_COMPACT);
    T_STREQ(s, "{\"ipv4:10.0.0.250\":{\"ipv4:10.0.0.254\":4}}");   /* client default */
    free(s);
    T_CHECK(json_object_size(json_object_get(p2, "property-map")) == 0);
    T_CHECK(json_array_size(json_object_get(json_object_get(p2, "meta"), "dependent-vtags")) == 2);
    json_decref(p1);
    json_decref(p2);
    free(a.body);

    const struct { srv_kind k; const char *body, *code, *field; } bad[] = {
        {SRV_K_PV_COSTMAP, "{\"cost-type\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"},"
                           "\"ane-property-names\":[\"cpu\"]}", "E_INVALID_FIELD_VALUE",
         "ane-property-names"},
        {SRV_K_PV_COSTMAP, "{\"cost-type\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"},"
                           "\"constraints\":[\"le 1\"]}", "E_INVALID_FIELD_VALUE", "constraints"},
        {SRV_K_PV_ECOST, "{\"cost-type\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"}}",
         "E_MISSING_FIELD", "endpoints"},
        {SRV_K_PV_ECOST, "{\"cost-type\":{\"cost-mode\":\"ordinal\",\"cost-metric\":\"ane-path\"},"
                         "\"endpoints\":{}}", "E_INVALID_FIELD_VALUE", "cost-type/cost-mode"},
        {SRV_K_PV_ECOST, "[]", "E_SYNTAX", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        a = post_pv(m, bad[i].k, bad[i].body);
        T_CHECK(a.status == 400);
        T_STREQ(a.ctype, SRV_MT_ERROR);
        json_t *e = json_loadb(a.body, a.len, 0, NULL);
        json_t *meta = json_object_get(e, "meta");
        T_STREQ(json_string_value(json_object_get(meta, "code")), bad[i].code);
        if (bad[i].field) T_STREQ(json_string_value(json_object_get(meta, "field")), bad[i].field);
        json_decref(e);
        free(a.body);
    }
    srv_model_free(m);
}

static json_t *propmap_post(const srv_model *m, const char *body, int *status) {
    return srv_post(m, SRV_K_PROPMAP_FILTER, body, strlen(body), NULL, status);
}

static void test_propmaps(void) {
    srv_model *m = load("scenarios/ietf113/topology.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    json_t *full = srv_propmap_full(m);
    T_CHECK(json_object_size(json_object_get(full, "property-map")) == 18);
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(full, "meta"),
                                                              "vtag"), "resource-id")),
            "link-props-full");
    json_decref(full);
    int st;
    json_t *d = propmap_post(m, "{\"entities\":[\".ane:s1-s3\",\".ane:zz\"],"
                                "\"properties\":[\"priv:altospec-delay-ow\"]}", &st);
    char *s = json_dumps(json_object_get(d, "property-map"), JSON_COMPACT);
    T_CHECK(st == 200);
    T_STREQ(s, "{\".ane:s1-s3\":{\"priv:altospec-delay-ow\":25000}}");
    free(s);
    json_decref(d);
    const struct { const char *body, *code, *value; } bad[] = {
        {"{}", "E_MISSING_FIELD", NULL},
        {"{\"entities\":[\"link-props.ane:s1-s3\"]}", "E_INVALID_FIELD_VALUE",
         "link-props.ane:s1-s3"},
        {"{\"entities\":[\".ane:a.b\"]}", "E_INVALID_FIELD_VALUE", ".ane:a.b"},
        {"{\"entities\":[], \"properties\":[\"max-reservable-bandwidth\", \"x\"]}",
         "E_INVALID_FIELD_VALUE", "x"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = propmap_post(m, bad[i].body, &st);
        json_t *meta = json_object_get(d, "meta");
        T_CHECK(st == 400);
        T_STREQ(json_string_value(json_object_get(meta, "code")), bad[i].code);
        if (bad[i].value) T_STREQ(json_string_value(json_object_get(meta, "value")), bad[i].value);
        json_decref(d);
    }
    srv_model_free(m);
}

static void test_ird(void) {
    json_t *plain = srv_ird_new(""), *pv = srv_ird_new_ext("", SRV_EXT_PV);
    json_t *res = json_object_get(plain, "resources");
    T_CHECK(!json_object_get(res, SRV_PV_COSTMAP_ID) && !json_object_get(res, SRV_LINKPROPS_ID));
    T_CHECK(!json_object_get(json_object_get(json_object_get(plain, "meta"), "cost-types"),
                             SRV_PV_TYPE_NAME));
    res = json_object_get(pv, "resources");
    T_CHECK(json_object_size(res) == json_object_size(json_object_get(plain, "resources")) + 4);
    json_t *e = json_object_get(res, SRV_PV_COSTMAP_ID);
    T_STREQ(json_string_value(json_object_get(e, "media-type")),
            "multipart/related;type=application/alto-costmap+json");
    T_STREQ(json_string_value(json_object_get(e, "uri")), "/costmap/pv");
    T_CHECK(!json_object_get(json_object_get(e, "capabilities"), "cost-constraints"));
    char *s = json_dumps(json_object_get(e, "uses"), JSON_COMPACT);
    T_STREQ(s, "[\"default-network-map\",\"link-props\"]");
    free(s);
    e = json_object_get(res, SRV_PV_ECOST_ID);
    s = json_dumps(json_object_get(e, "uses"), JSON_COMPACT);
    T_STREQ(s, "[\"link-props\"]");
    free(s);
    s = json_dumps(json_object_get(json_object_get(res, SRV_LINKPROPS_ID), "capabilities"),
                   JSON_COMPACT);
    T_STREQ(s, "{\"mappings\":{\".ane\":[\"max-reservable-bandwidth\","
               "\"priv:altospec-delay-ow\"]}}");
    free(s);
    json_t *ct = json_object_get(json_object_get(json_object_get(pv, "meta"), "cost-types"),
                                 SRV_PV_TYPE_NAME);
    T_STREQ(json_string_value(json_object_get(ct, "cost-metric")), "ane-path");
    T_STREQ(json_string_value(json_object_get(ct, "cost-mode")), "array");
    json_decref(plain);
    json_decref(pv);
    /* Every path vector route's part vtag ids are ResourceIDs. */
    T_CHECK(strlen(SRV_PV_COSTMAP_ID) <= 31 && strlen(SRV_PV_ECOST_ID) <= 31);
}

int main(void) {
    test_names_and_paths();
    test_fallback_names();
    test_group_pids();
    test_multipart_bytes();
    test_accept_with_type();
    test_pv_answers();
    test_propmaps();
    test_ird();
    T_DONE();
}

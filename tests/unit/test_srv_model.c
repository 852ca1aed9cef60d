/* test_srv_model.c: the reference server's numbers, ranking, constraints,
 * content negotiation and request validation, without HTTP.
 *
 * Expected values are worked out by hand from the topology comments
 * (scenarios/ietf113/topology.yaml and tests/py/data/srv_groups.yaml). */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "srv_int.h"

static srv_model *load_ext(const char *path, unsigned ext) {
    alto_err err;
    sim_topo *t = sim_topo_load(path, &err);
    if (!t) { fprintf(stderr, "%s\n", err.msg); return NULL; }
    srv_model *m = srv_model_new_ext(t, ext, &err);
    if (!m) fprintf(stderr, "%s\n", err.msg);
    return m;
}

static srv_model *load(const char *path) { return load_ext(path, 0); }

/* The table agrees with the computation for every metric it holds (the
 * RFC 9439 ones only with SRV_EXT_PM) and every pair. */
static int table_agrees(const srv_model *m) {
    int agree = 1;
    for (int k = 0; k < SRV_M_COUNT; k++) {
        if (k >= SRV_M_DELAY_OW_MAX && !(m->ext & SRV_EXT_PM)) break;
        for (int i = 0; i < m->npids; i++)
            for (int j = 0; j < m->npids; j++) {
                double x = srv_pid_cost(m, (srv_metric)k, i, j);
                double y = srv_model_pid_cost(m, (srv_metric)k, i, j);
                if (!(x == y || (isnan(x) && isnan(y)))) agree = 0;
            }
    }
    return agree;
}

static double val(const srv_model *m, const char *type, const char *src, const char *dst) {
    int t = -1;
    for (int i = 0; i < srv_ncost_types; i++)
        if (!strcmp(srv_cost_types[i].name, type)) t = i;
    int s = sim_topo_pid(m->topo, src), d = sim_topo_pid(m->topo, dst);
    if (t < 0 || s < 0 || d < 0) return -12345;
    return m->vals[t][(size_t)s * m->npids + d];
}

static void test_ietf113(void) {
    srv_model *m = load("scenarios/ietf113/topology.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    /* The hackathon's routingcost: 1e6 / bottleneck bps. */
    T_NEAR(val(m, "num-routingcost", "pid-xrd3", "pid-client"), 0.2, 1e-12);
    T_NEAR(val(m, "num-routingcost", "pid-xrd4", "pid-client"), 0.5, 1e-12);
    T_NEAR(val(m, "num-routingcost", "pid-xrd1", "pid-client"), 1.0, 1e-12);
    T_NEAR(val(m, "num-routingcost", "pid-xrd2", "pid-client"), 1.0, 1e-12);
    T_NEAR(val(m, "num-routingcost", "pid-client", "pid-client"), 0, 0);
    /* bytes per second (RFC 9439). */
    T_NEAR(val(m, "num-bw-available", "pid-xrd3", "pid-client"), 625000, 0);
    T_NEAR(val(m, "num-bw-available", "pid-xrd4", "pid-client"), 250000, 0);
    T_CHECK(isnan(val(m, "num-bw-available", "pid-client", "pid-client")));
    /* microseconds; xrd4 -> s5 -> s4 -> s3 -> client = 50 + 25 ms. */
    T_NEAR(val(m, "num-delay-ow", "pid-xrd4", "pid-client"), 75000, 0);
    T_NEAR(val(m, "num-delay-ow", "pid-xrd3", "pid-client"), 25000, 0);
    T_NEAR(val(m, "num-delay-rt", "pid-xrd4", "pid-client"), 150000, 0);
    T_NEAR(val(m, "num-hopcount", "pid-xrd4", "pid-client"), 4, 0);
    T_NEAR(val(m, "num-hopcount", "pid-xrd3", "pid-client"), 3, 0);
    /* Default PID: undefined everywhere. */
    T_CHECK(isnan(val(m, "num-routingcost", "default", "pid-client")));
    T_CHECK(isnan(val(m, "num-hopcount", "pid-client", "default")));
    /* Ordinal row of the client: itself 0 -> 1; xrd3 0.2 -> 2; xrd4 0.5
     * -> 3; xrd1 and xrd2 tie at 1 -> 4. */
    T_NEAR(val(m, "ord-routingcost", "pid-client", "pid-client"), 1, 0);
    T_NEAR(val(m, "ord-routingcost", "pid-client", "pid-xrd3"), 2, 0);
    T_NEAR(val(m, "ord-routingcost", "pid-client", "pid-xrd4"), 3, 0);
    T_NEAR(val(m, "ord-routingcost", "pid-client", "pid-xrd1"), 4, 0);
    T_NEAR(val(m, "ord-routingcost", "pid-client", "pid-xrd2"), 4, 0);
    /* Ranks are across the whole map (RFC 7285 6.1.2.2), not per row: xrd1
     * -> client costs 1, worse than client -> xrd4 (0.5), so its rank is
     * 4, not the 2 it would get in its own row. */
    T_NEAR(val(m, "ord-routingcost", "pid-xrd1", "pid-client"), 4, 0);
    T_NEAR(val(m, "ord-routingcost", "pid-xrd1", "pid-xrd1"), 1, 0);
    T_CHECK(strlen(m->tag) == 32);
    srv_model_free(m);
}

static void test_groups(void) {
    srv_model *m = load("tests/py/data/srv_groups.yaml");
    T_CHECK(m != NULL);
    if (!m) return;
    /* Worst case over host pairs: a->d is 13 ms, a->c 11 ms. */
    T_NEAR(val(m, "num-delay-ow", "pid-a", "east"), 13000, 0);
    T_NEAR(val(m, "num-delay-rt", "pid-a", "east"), 26000, 0);
    /* Asymmetric: s2 -> s1 is 4 Mbps. */
    T_NEAR(val(m, "num-routingcost", "pid-a", "east"), 0.125, 1e-12);
    T_NEAR(val(m, "num-routingcost", "east", "pid-a"), 0.25, 1e-12);
    T_NEAR(val(m, "num-bw-available", "east", "pid-a"), 500000, 0);
    /* Multi-host PID to itself: worst of c<->d, not 0. */
    T_NEAR(val(m, "num-delay-ow", "east", "east"), 2000, 0);
    T_NEAR(val(m, "num-hopcount", "east", "east"), 2, 0);
    T_NEAR(val(m, "num-bw-available", "east", "east"), 125000000, 0);
    T_CHECK(table_agrees(m));
    srv_model *pm = load_ext("tests/py/data/srv_groups.yaml", SRV_EXT_PM);
    T_CHECK(pm && table_agrees(pm));
    /* RFC 9439: worst case over host pairs, as above; idle network. */
    if (pm) {
        T_NEAR(srv_model_pid_cost(pm, SRV_M_LOSSRATE, 0, 1), 0, 0);
        T_CHECK(srv_model_pid_cost(pm, SRV_M_DELAY_OW_MAX, 0, 1) > srv_model_pid_cost(pm, SRV_M_DELAY_OW, 0, 1));
        T_CHECK(srv_model_pid_cost(pm, SRV_M_TPUT, 0, 1) < srv_model_pid_cost(pm, SRV_M_BW_MAXRES, 0, 1));
    }
    srv_model_free(pm);
    T_CHECK(srv_model_pid(m, "east") == sim_topo_pid(m->topo, "east"));
    T_CHECK(srv_model_pid(m, "nope") == -1);
    /* Host-level versus PID-level. */
    int a = sim_topo_node(m->topo, "a"), c = sim_topo_node(m->topo, "c");
    T_NEAR(srv_host_cost(m, SRV_M_DELAY_OW, a, c), 11000, 0);
    /* LPM: explicit prefix, host /128, default. */
    alto_addr x;
    alto_addr_parse("10.9.1.1", 4, &x);
    T_STREQ(m->topo->pids[srv_model_pid_of(m, &x)].name, "east");
    alto_addr_parse("2001:db8::1", 6, &x);
    T_STREQ(m->topo->pids[srv_model_pid_of(m, &x)].name, "pid-a");
    alto_addr_parse("192.0.2.1", 4, &x);
    T_STREQ(m->topo->pids[srv_model_pid_of(m, &x)].name, "default");
    srv_model_free(m);
}

static void test_rank(void) {
    double v[6] = {5, NAN, 1, 5, 3, 1};
    srv_rank(v, 6, 0);
    T_NEAR(v[0], 3, 0); T_CHECK(isnan(v[1])); T_NEAR(v[2], 1, 0);
    T_NEAR(v[3], 3, 0); T_NEAR(v[4], 2, 0); T_NEAR(v[5], 1, 0);
    double w[3] = {100, 300, 200};
    srv_rank(w, 3, 1);
    T_NEAR(w[0], 3, 0); T_NEAR(w[1], 1, 0); T_NEAR(w[2], 2, 0);
    srv_rank(w, 0, 0);      /* empty row: no crash */
}

static void test_constraints(void) {
    static const struct { const char *s; int ok; int op; double v; } cases[] = {
        {"le 6", 1, SRV_OP_LE, 6}, {"gt 0.5", 1, SRV_OP_GT, 0.5},
        {"eq 1e3", 1, SRV_OP_EQ, 1000}, {"ge -2", 1, SRV_OP_GE, -2},
        {"lt 10", 1, SRV_OP_LT, 10}, {"le 0", 1, SRV_OP_LE, 0}, {"le -0.5E-2", 1, SRV_OP_LE, -0.005},
        /* RFC 7285 11.3.2.3 values are JSON numbers; one space separates */
        {"le 0x10", 0, 0, 0}, {"le +5", 0, 0, 0}, {" le 5", 0, 0, 0}, {"le\t5", 0, 0, 0},
        {"le 5 ", 0, 0, 0}, {"le  5", 0, 0, 0}, {"le .5", 0, 0, 0}, {"le 5.", 0, 0, 0},
        {"le 05", 0, 0, 0}, {"le 1e", 0, 0, 0}, {"le -", 0, 0, 0}, {"le 1e999", 0, 0, 0},
        {"le", 0, 0, 0}, {"le5", 0, 0, 0}, {"lee 5", 0, 0, 0}, {"le 5 6", 0, 0, 0},
        {"ne 5", 0, 0, 0}, {"le five", 0, 0, 0}, {"le 5x", 0, 0, 0}, {"", 0, 0, 0},
        {"le nan", 0, 0, 0}, {"le inf", 0, 0, 0}, {"[0] le 5", 0, 0, 0}, {"LE 5", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        srv_constraint c;
        int rc = srv_constraint_parse(cases[i].s, &c);
        T_CHECK_MSG((rc == 0) == cases[i].ok, "\"%s\"", cases[i].s);
        if (rc == 0 && cases[i].ok) {
            T_CHECK(c.op == cases[i].op);
            T_NEAR(c.v, cases[i].v, 0);
        }
    }
    srv_constraint both[2] = {{SRV_OP_GE, 1}, {SRV_OP_LT, 3}};
    T_CHECK(srv_constraints_hold(both, 2, 1));
    T_CHECK(srv_constraints_hold(both, 2, 2.5));
    T_CHECK(!srv_constraints_hold(both, 2, 3));
    T_CHECK(!srv_constraints_hold(both, 2, 0.5));
    T_CHECK(srv_constraints_hold(NULL, 0, 42));
}

static void test_negotiation(void) {
    const char *mt = SRV_MT_COSTMAP;
    T_CHECK(srv_accepts(NULL, mt));
    T_CHECK(srv_accepts("", mt));
    T_CHECK(srv_accepts("*/*", mt));
    T_CHECK(srv_accepts("application/*", mt));
    T_CHECK(srv_accepts("application/alto-costmap+json,application/alto-error+json", mt));
    T_CHECK(srv_accepts("text/html, Application/ALTO-CostMap+JSON ;q=0.2", mt));
    T_CHECK(!srv_accepts("application/json", mt));
    T_CHECK(!srv_accepts("application/alto-networkmap+json", mt));
    T_CHECK(!srv_accepts("text/*", mt));
    T_CHECK(!srv_accepts("application/alto-costmap+json;q=0", mt));
    T_CHECK(!srv_accepts("application/alto-costmap+json;q=0, */*", mt));
    T_CHECK(srv_accepts("application/json;q=0, */*;q=0.1", mt));
    T_CHECK(srv_content_type_is("application/alto-costmapfilter+json", SRV_MT_COSTMAPF));
    T_CHECK(srv_content_type_is(" application/alto-costmapfilter+json ; charset=utf-8",
                                SRV_MT_COSTMAPF));
    T_CHECK(!srv_content_type_is("application/json", SRV_MT_COSTMAPF));
    T_CHECK(!srv_content_type_is(NULL, SRV_MT_COSTMAPF));
    T_CHECK(!srv_content_type_is("application/alto-costmapfilter+jsonx", SRV_MT_COSTMAPF));
}

/* POSTs srv_post() a body and checks status, error code and field. */
static json_t *post(const srv_model *m, srv_kind k, const char *body, int want_status,
                    const char *want_code, const char *want_field) {
    int status = 0;
    alto_addr me;
    alto_addr_parse("10.0.0.1", 4, &me);
    json_t *doc = srv_post(m, k, body, strlen(body), &me, &status);
    T_CHECK_MSG(status == want_status, "%s: status %d", body, status);
    const char *code = json_string_value(json_object_get(json_object_get(doc, "meta"), "code"));
    const char *field = json_string_value(json_object_get(json_object_get(doc, "meta"), "field"));
    if (want_code) T_STREQ(code, want_code);
    else T_CHECK_MSG(code == NULL, "%s: unexpected %s", body, code);
    if (want_field) T_STREQ(field, want_field);
    return doc;
}

static void test_requests(void) {
    srv_model *m = load("tests/py/data/srv_groups.yaml");
    if (!m) { T_CHECK(0); return; }
    static const struct { srv_kind k; const char *body; const char *code, *field; } bad[] = {
        {SRV_K_NETMAP_FILTER, "", "E_SYNTAX", NULL},
        {SRV_K_NETMAP_FILTER, "{\"pids\": [", "E_SYNTAX", NULL},
        {SRV_K_NETMAP_FILTER, "[1]", "E_SYNTAX", NULL},
        {SRV_K_NETMAP_FILTER, "{\"pids\":[], \"pids\":[]}", "E_SYNTAX", NULL},
        {SRV_K_NETMAP_FILTER, "{}", "E_MISSING_FIELD", "pids"},
        {SRV_K_NETMAP_FILTER, "{\"pids\": \"east\"}", "E_INVALID_FIELD_TYPE", "pids"},
        {SRV_K_NETMAP_FILTER, "{\"pids\": [1]}", "E_INVALID_FIELD_VALUE", "pids"},
        {SRV_K_NETMAP_FILTER, "{\"pids\": [\"no such\"]}", "E_INVALID_FIELD_VALUE", "pids"},
        {SRV_K_NETMAP_FILTER, "{\"pids\": [], \"address-types\": 4}",
         "E_INVALID_FIELD_TYPE", "address-types"},
        {SRV_K_COSTMAP_FILTER, "{}", "E_MISSING_FIELD", "cost-type"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-mode\": \"numerical\"}}",
         "E_MISSING_FIELD", "cost-type/cost-metric"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"routingcost\"}}",
         "E_MISSING_FIELD", "cost-type/cost-mode"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": \"routingcost\"}",
         "E_INVALID_FIELD_TYPE", "cost-type"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": 7, \"cost-mode\": \"ordinal\"}}",
         "E_INVALID_FIELD_TYPE", "cost-type/cost-metric"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"shoesize\", \"cost-mode\": \"numerical\"}}",
         "E_INVALID_FIELD_VALUE", "cost-type/cost-metric"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"foo\"}}",
         "E_INVALID_FIELD_VALUE", "cost-type/cost-mode"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"bw-available\", \"cost-mode\": \"ordinal\"}}",
         "E_INVALID_FIELD_VALUE", "cost-type/cost-mode"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"hopcount\", \"cost-mode\": \"numerical\"}, \"constraints\": [\"le\"]}",
         "E_INVALID_FIELD_VALUE", "constraints"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"hopcount\", \"cost-mode\": \"numerical\"}, \"constraints\": \"le 3\"}",
         "E_INVALID_FIELD_TYPE", "constraints"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"hopcount\", \"cost-mode\": \"numerical\"}, \"pids\": {\"srcs\": []}}",
         "E_MISSING_FIELD", "pids/dsts"},
        {SRV_K_COSTMAP_FILTER, "{\"cost-type\": {\"cost-metric\": \"hopcount\", \"cost-mode\": \"numerical\"}, \"pids\": {\"srcs\": [], \"dsts\": [null]}}",
         "E_INVALID_FIELD_VALUE", "pids/dsts"},
        {SRV_K_EPROP, "{\"endpoints\": [\"ipv4:10.0.0.1\"]}", "E_MISSING_FIELD", "properties"},
        {SRV_K_EPROP, "{\"properties\": [\"default-network-map.pid\"]}", "E_MISSING_FIELD", "endpoints"},
        {SRV_K_EPROP, "{\"properties\": [\"pid\"], \"endpoints\": [\"ipv4:10.0.0.1\"]}",
         "E_INVALID_FIELD_VALUE", "properties"},
        {SRV_K_EPROP, "{\"properties\": [\"default-network-map.pid\"], \"endpoints\": [\"10.0.0.1\"]}",
         "E_INVALID_FIELD_VALUE", "endpoints"},
        {SRV_K_EPROP, "{\"properties\": [\"default-network-map.pid\"], \"endpoints\": [\"ipv4:10.0.0.300\"]}",
         "E_INVALID_FIELD_VALUE", "endpoints"},
        {SRV_K_EPROP, "{\"properties\": [\"default-network-map.pid\"], \"endpoints\": []}",
         "E_INVALID_FIELD_VALUE", "endpoints"},
        {SRV_K_ECOST, "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"ordinal\"}}",
         "E_MISSING_FIELD", "endpoints"},
        {SRV_K_ECOST, "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"ordinal\"}, \"endpoints\": {}}",
         "E_INVALID_FIELD_VALUE", "endpoints"},
        {SRV_K_ECOST, "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"ordinal\"}, \"endpoints\": {\"srcs\": 1}}",
         "E_INVALID_FIELD_TYPE", "endpoints/srcs"},
        {SRV_K_ECOST, "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"ordinal\"}, \"endpoints\": {\"dsts\": [\"ipv5:1\"]}}",
         "E_INVALID_FIELD_VALUE", "endpoints/dsts"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        json_decref(post(m, bad[i].k, bad[i].body, 400, bad[i].code, bad[i].field));

    /* "value" is the offending value as a string (RFC 7285 8.5.2). */
    json_t *d = post(m, SRV_K_NETMAP_FILTER, "{\"pids\": [\"east\", 42]}", 400,
                     "E_INVALID_FIELD_VALUE", "pids");
    T_STREQ(json_string_value(json_object_get(json_object_get(d, "meta"), "value")), "42");
    json_decref(d);
    d = post(m, SRV_K_COSTMAP_FILTER,
             "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"foo\"}}",
             400, "E_INVALID_FIELD_VALUE", "cost-type/cost-mode");
    T_STREQ(json_string_value(json_object_get(json_object_get(d, "meta"), "value")), "foo");
    json_decref(d);

    /* Valid: unknown members and PIDs ignored, constraints applied. */
    d = post(m, SRV_K_COSTMAP_FILTER,
             "{\"x-unknown\": 1, \"cost-type\": {\"cost-metric\": \"delay-ow\", "
             "\"cost-mode\": \"numerical\", \"description\": \"ignored\"}, "
             "\"constraints\": [\"ge 1000\", \"le 12000\"], "
             "\"pids\": {\"srcs\": [\"pid-a\", \"pid-b\", \"nope\"], \"dsts\": []}}",
             200, NULL, NULL);
    json_t *cm = json_object_get(d, "cost-map");
    T_CHECK(json_object_size(cm) == 2);
    /* pid-a -> pid-b 1000 us, -> east 13000 (cut), -> pid-a 0 (cut). */
    T_CHECK(json_object_size(json_object_get(cm, "pid-a")) == 1);
    T_CHECK(json_integer_value(json_object_get(json_object_get(cm, "pid-a"), "pid-b")) == 1000);
    T_CHECK(json_integer_value(json_object_get(json_object_get(cm, "pid-b"), "east")) == 12000);
    json_decref(d);

    /* ECS: host-level for hosts, PID-level for other addresses, ordinal
     * ranks among the requested destinations. */
    d = post(m, SRV_K_ECOST,
             "{\"cost-type\": {\"cost-metric\": \"delay-ow\", \"cost-mode\": \"numerical\"}, "
             "\"endpoints\": {\"srcs\": [\"ipv4:10.0.0.1\", \"ipv4:10.0.0.1\"], "
             "\"dsts\": [\"ipv4:10.0.0.3\", \"ipv4:10.9.1.1\", \"ipv4:192.0.2.1\", "
             "\"ipv6:2001:DB8::4\"]}}", 200, NULL, NULL);
    json_t *row = json_object_get(json_object_get(d, "endpoint-cost-map"), "ipv4:10.0.0.1");
    T_CHECK(json_object_size(json_object_get(d, "endpoint-cost-map")) == 1);
    T_CHECK(json_integer_value(json_object_get(row, "ipv4:10.0.0.3")) == 11000);
    T_CHECK(json_integer_value(json_object_get(row, "ipv4:10.9.1.1")) == 13000);
    T_CHECK(json_object_get(row, "ipv4:192.0.2.1") == NULL);
    T_CHECK(json_integer_value(json_object_get(row, "ipv6:2001:db8::4")) == 13000);
    json_decref(d);
    d = post(m, SRV_K_ECOST,
             "{\"cost-type\": {\"cost-metric\": \"routingcost\", \"cost-mode\": \"ordinal\"}, "
             "\"endpoints\": {\"dsts\": [\"ipv4:10.0.0.3\", \"ipv4:10.0.0.2\", \"ipv4:10.0.0.1\"]}}",
             200, NULL, NULL);
    /* srcs missing: the client (10.0.0.1 here).  0 -> 1, 0.1 -> 2, 0.125 -> 3. */
    row = json_object_get(json_object_get(d, "endpoint-cost-map"), "ipv4:10.0.0.1");
    T_CHECK(json_integer_value(json_object_get(row, "ipv4:10.0.0.1")) == 1);
    T_CHECK(json_integer_value(json_object_get(row, "ipv4:10.0.0.2")) == 2);
    T_CHECK(json_integer_value(json_object_get(row, "ipv4:10.0.0.3")) == 3);
    json_decref(d);

    d = post(m, SRV_K_EPROP,
             "{\"properties\": [\"default-network-map.pid\"], \"endpoints\": "
             "[\"ipv4:10.9.3.3\", \"ipv6:2001:db8::1\", \"ipv6:2001:db8::5\"]}", 200, NULL, NULL);
    json_t *ep = json_object_get(d, "endpoint-properties");
    T_STREQ(json_string_value(json_object_get(json_object_get(ep, "ipv4:10.9.3.3"), SRV_PID_PROP)), "east");
    T_STREQ(json_string_value(json_object_get(json_object_get(ep, "ipv6:2001:db8::1"), SRV_PID_PROP)), "pid-a");
    T_STREQ(json_string_value(json_object_get(json_object_get(ep, "ipv6:2001:db8::5"), SRV_PID_PROP)), "default");
    json_decref(d);

    d = post(m, SRV_K_NETMAP_FILTER, "{\"pids\": [\"pid-a\", \"pid-a\", \"zzz\"], "
             "\"address-types\": [\"ipv6\", \"foo\"]}", 200, NULL, NULL);
    json_t *nm = json_object_get(d, "network-map");
    T_CHECK(json_object_size(nm) == 1);
    T_CHECK(json_object_get(json_object_get(nm, "pid-a"), "ipv4") == NULL);
    T_STREQ(json_string_value(json_array_get(json_object_get(json_object_get(nm, "pid-a"), "ipv6"), 0)),
            "2001:db8::1/128");
    json_decref(d);
    srv_model_free(m);
}

static void test_ird(void) {
    json_t *ird = srv_ird_new("http://127.0.0.1:1");
    json_t *res = json_object_get(ird, "resources");
    T_STREQ(json_string_value(json_object_get(json_object_get(ird, "meta"),
                                              "default-alto-network-map")), SRV_NETMAP_ID);
    int nbase = 0;      /* the RFC 9439 types have full cost maps only with SRV_EXT_PM */
    for (int t = 0; t < srv_ncost_types; t++) nbase += srv_cost_type_ext(t) == 0;
    T_CHECK(json_object_size(res) == (size_t)(nbase + 5));
    json_t *ecs = json_object_get(res, "endpoint-cost");
    T_CHECK(json_object_get(ecs, "uses") == NULL);
    T_CHECK(json_is_true(json_object_get(json_object_get(ecs, "capabilities"), "cost-constraints")));
    json_t *cm = json_object_get(res, "costmap-num-routingcost");
    T_STREQ(json_string_value(json_object_get(cm, "uri")), "http://127.0.0.1:1/costmap/num-routingcost");
    T_CHECK(json_array_size(json_object_get(json_object_get(cm, "capabilities"), "cost-type-names")) == 1);
    json_decref(ird);
    /* Wildcard listeners advertise relative URIs (RFC 7285 section 9.2.2). */
    ird = srv_ird_new("");
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(
        ird, "resources"), "endpoint-cost"), "uri")), "/endpointcost/lookup");
    json_decref(ird);
}

int main(void) {
    test_ietf113();
    test_groups();
    test_rank();
    test_constraints();
    test_negotiation();
    test_requests();
    test_ird();
    T_DONE();
}

/* test_topo.c: the topology model: the IETF 113 file, routing and its
 * tie-break, path metrics, PIDs, and every bad-input error. */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "sim_topo.h"

static sim_topo *parse(const char *text, alto_err *err) {
    alto_doc *d = alto_doc_parse("topo.yaml", text, strlen(text), err);
    if (!d) return NULL;
    sim_topo *t = sim_topo_from_json(d, alto_doc_root(d), err);
    alto_doc_free(d);
    return t;
}

static void path_names(const sim_topo *t, const char *a, const char *b, char *out, size_t n) {
    const int *p;
    int k = sim_topo_path(t, sim_topo_node(t, a), sim_topo_node(t, b), &p);
    snprintf(out, n, "%s", a);
    for (int i = 0; i < k; i++) {
        size_t len = strlen(out);
        snprintf(out + len, n - len, ">%s", t->nodes[t->links[p[i]].to].name);
    }
}

static void test_ietf113(void) {
    alto_err err = {{0}};
    sim_topo *t = sim_topo_load("scenarios/ietf113/topology.yaml", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    if (!t) return;
    T_CHECK(t->nhosts == 5 && t->nnodes == 10 && t->nlinks == 18);
    char buf[256];
    path_names(t, "xrd3", "client", buf, sizeof buf);
    T_STREQ(buf, "xrd3>s4>s3>client");
    path_names(t, "xrd4", "client", buf, sizeof buf);
    T_STREQ(buf, "xrd4>s5>s4>s3>client");
    path_names(t, "client", "xrd1", buf, sizeof buf);
    T_STREQ(buf, "client>s3>s1>xrd1");
    path_names(t, "xrd1", "xrd2", buf, sizeof buf);
    T_STREQ(buf, "xrd1>s1>s3>s2>xrd2");

    /* The hackathon's cost maps, from the model: bw XRD3 5000, XRD4 2000,
     * XRD1/XRD2 1000 kbps; delay-ow 25, 25, 25, 75 ms. */
    static const struct { const char *h; double kbps, ms; int hops; } want[] = {
        {"xrd1", 1000, 25, 3}, {"xrd2", 1000, 25, 3}, {"xrd3", 5000, 25, 3}, {"xrd4", 2000, 75, 4},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        sim_path_metrics m;
        T_CHECK(sim_topo_metrics(t, sim_topo_node(t, "client"), sim_topo_node(t, want[i].h), &m) == 0);
        T_NEAR(m.bottleneck_bps / 1e3, want[i].kbps, 1e-9);
        T_NEAR(m.delay * 1e3, want[i].ms, 1e-9);
        T_CHECK(m.hops == want[i].hops);
        T_CHECK(m.min_queue == 100);
    }
    /* One PID per host plus the default PID. */
    T_CHECK(t->npids == 6);
    int pc = sim_topo_pid(t, "pid-client");
    T_CHECK(pc >= 0 && t->pids[pc].nprefixes == 1 && t->pids[pc].prefixes[0].len == 32);
    T_CHECK(t->pids[t->npids - 1].is_default && t->pids[t->npids - 1].nprefixes == 2);
    alto_addr a;
    alto_addr_parse("10.0.0.253", 4, &a);
    T_CHECK(sim_topo_host_by_addr(t, &a) == sim_topo_node(t, "xrd3"));
    /* Switches are not routable endpoints. */
    const int *p;
    T_CHECK(sim_topo_path(t, sim_topo_node(t, "s1"), sim_topo_node(t, "client"), &p) == -1);
    T_CHECK(sim_topo_path(t, 0, 0, &p) == 0);
    char h1[17], h2[17];
    sim_topo_hash(t, h1);
    sim_topo_free(t);
    t = sim_topo_load("scenarios/ietf113/topology.yaml", &err);
    sim_topo_hash(t, h2);
    T_STREQ(h1, h2);
    sim_topo_free(t);
}

static void test_routing_ties(void) {
    alto_err err = {{0}};
    /* Diamond: two equal-delay, equal-hop routes via sa and sb; the
     * tie-break picks the smaller node index (sa, declared first).  A
     * third route via sc has fewer hops but more delay and must lose;
     * a fourth with equal delay but more hops must lose too. */
    sim_topo *t = parse("hosts: [{name: h1, ipv4: 10.0.0.1}, {name: h2, ipv4: 10.0.0.2}]\n"
                        "switches: [x, sb, sa, sc, y, s1, s2]\n"
                        "defaults: {bandwidth: 10Mbps}\n"
                        "links:\n"
                        "  - {a: h1, b: x, delay: 0ms}\n"
                        "  - {a: y, b: h2, delay: 0ms}\n"
                        "  - {a: x, b: sb, delay: 5ms}\n"
                        "  - {a: sb, b: y, delay: 5ms}\n"
                        "  - {a: x, b: sa, delay: 5ms}\n"
                        "  - {a: sa, b: y, delay: 5ms}\n"
                        "  - {a: x, b: y, delay: 11ms}\n"
                        "  - {a: x, b: s1, delay: 2ms}\n"
                        "  - {a: s1, b: s2, delay: 3ms}\n"
                        "  - {a: s2, b: y, delay: 5ms}\n", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    if (!t) return;
    char buf[256];
    path_names(t, "h1", "h2", buf, sizeof buf);
    T_STREQ(buf, "h1>x>sb>y>h2");   /* sb is node 3, sa node 4: smaller index wins */
    path_names(t, "h2", "h1", buf, sizeof buf);
    T_STREQ(buf, "h2>y>sb>x>h1");
    sim_topo_free(t);

    /* Hosts do not forward: the only route between h1 and h3 through h2
     * is not a route. */
    t = parse("hosts: [{name: h1, ipv4: 10.0.0.1}, {name: h2, ipv4: 10.0.0.2}, {name: h3, ipv4: 10.0.0.3}]\n"
              "links:\n"
              "  - {a: h1, b: h2, bandwidth: 1Mbps, delay: 1ms}\n"
              "  - {a: h2, b: h3, bandwidth: 1Mbps, delay: 1ms}\n", &err);
    T_CHECK(t == NULL);
    T_CONTAINS(err.msg, "cannot reach");
    sim_topo_free(t);
}

static void test_per_direction_and_pids(void) {
    alto_err err = {{0}};
    sim_topo *t = parse("hosts:\n"
                        "  - {name: a, ipv4: [10.1.0.1, 10.1.0.2], ipv6: \"2001:db8::a\"}\n"
                        "  - {name: b, ipv4: 10.2.0.1}\n"
                        "  - {name: c, ipv4: 10.2.0.2}\n"
                        "switches: [{name: s}]\n"
                        "links:\n"
                        "  - {a: a, b: s, bandwidth: 10Mbps, delay: 1ms, queue: 50,\n"
                        "     reverse: {bandwidth: 2Mbps, delay: 3ms}}\n"
                        "  - {a: s, b: b, bandwidth: 1Gbps, delay: 0us}\n"
                        "  - {a: s, b: c, bandwidth: 1Gbps, delay: 0s}\n"
                        "pids:\n"
                        "  - {name: east, hosts: [b, c], prefixes: [10.2.0.0/16]}\n", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    if (!t) return;
    sim_path_metrics m;
    sim_topo_metrics(t, sim_topo_node(t, "a"), sim_topo_node(t, "b"), &m);
    T_NEAR(m.bottleneck_bps, 10e6, 0);
    T_NEAR(m.delay, 0.001, 1e-12);
    T_CHECK(m.min_queue == 50);
    sim_topo_metrics(t, sim_topo_node(t, "b"), sim_topo_node(t, "a"), &m);
    T_NEAR(m.bottleneck_bps, 2e6, 0);
    T_NEAR(m.delay, 0.003, 1e-12);
    T_CHECK(m.min_queue == 50);      /* reverse inherits the queue */
    int east = sim_topo_pid(t, "east");
    T_CHECK(east >= 0 && t->pids[east].nhosts == 2 && t->pids[east].nprefixes == 3);
    int pa = sim_topo_pid(t, "pid-a");
    T_CHECK(pa >= 0 && t->pids[pa].nprefixes == 3);
    T_CHECK(sim_topo_pid(t, "pid-b") < 0);
    sim_topo_free(t);
}

static const struct bad_case {
    const char *yaml;
    const char *want;       /* substring of the error */
} bad_cases[] = {
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nswitches: [s]\nlinks:\n  - {a: a, b: nosuch, bandwidth: 1Mbps, delay: 1ms}\n",
     "topo.yaml:4:15: links[0].b: unknown node \"nosuch\""},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.1}]\nlinks:\n  - {a: a, b: b, bandwidth: 1Mbps, delay: 1ms}\n",
     "topo.yaml:1:52: hosts[1].ipv4: duplicate address 10.0.0.1 (also on host a)"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}]\nlinks:\n  - {a: a, b: b, bandwidth: -1Mbps, delay: 1ms}\n",
     "links[0].bandwidth: must be positive"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}]\nlinks:\n  - {a: a, b: b, bandwidth: 5, delay: 1ms}\n",
     "topo.yaml:3:29: links[0].bandwidth: expected a rate like \"5Mbps\", got 5"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}]\nlinks:\n  - {a: a, b: b, bandwidth: 5Mbps}\n",
     "links[0].delay: missing"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}, {name: c, ipv4: 10.0.0.3}]\nlinks:\n  - {a: a, b: b, bandwidth: 1Mbps, delay: 1ms}\n",
     "topo.yaml:1:63: hosts[2]: host \"a\" cannot reach host \"c\": the topology is disconnected"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}\nlinks: []\n", "malformed YAML"},
    {"hosts: [{name: a, ipv4: 10.0.0.300}]\nlinks: []\n", "hosts[0].ipv4: expected an IPv4 address, got \"10.0.0.300\""},
    {"hosts: [{name: a}]\nlinks: []\n", "host \"a\" needs an ipv4 or ipv6 address"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\nextra: 1\n", "topo.yaml:3:8: extra: unknown member"},
    {"hosts: [{name: \"a b\", ipv4: 10.0.0.1}]\nlinks: []\n", "hosts[0].name: host names are"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: a, ipv4: 10.0.0.2}]\nlinks: []\n", "duplicate node name \"a\""},
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\npids: [{name: p, hosts: [zz]}]\n", "unknown host \"zz\""},
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\npids: [{name: p, prefixes: [10.0.0.1/8]}]\n", "no host bits"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\npids: [{name: p, prefixes: [10.0.0.1/32]}]\n", "prefix 10.0.0.1/32 is already in PID \"pid-a\""},
    {"hosts: [{name: a, ipv4: 10.0.0.1}]\nlinks: []\npids: [{name: \"bad.name\"}]\n", "PID names are"},
    {"hosts: []\nlinks: []\n", "at least one host"},
    {"hosts: [{name: a, ipv4: 10.0.0.1}, {name: b, ipv4: 10.0.0.2}]\nlinks:\n  - {a: a, b: a, bandwidth: 1Mbps, delay: 1ms}\n",
     "cannot join \"a\" to itself"},
};

static void test_bad_input(void) {
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        alto_err err = {{0}};
        sim_topo *t = parse(bad_cases[i].yaml, &err);
        T_CHECK_MSG(t == NULL, "case %zu was accepted", i);
        sim_topo_free(t);
        T_CONTAINS(err.msg, bad_cases[i].want);
    }
    alto_err err = {{0}};
    T_CHECK(sim_topo_load("scenarios/nonexistent.yaml", &err) == NULL);
    T_CONTAINS(err.msg, "scenarios/nonexistent.yaml: cannot open");
}

int main(void) {
    test_ietf113();
    test_routing_ties();
    test_per_direction_and_pids();
    test_bad_input();
    T_DONE();
}

/* test_ns3_backend.c: the ns3 backend's adapter (sim/sim_ns3_backend.c) on
 * small inline topologies: registry, mapping of per-direction rates and
 * queues, size_scale, what it records in `info`, and the inputs it must
 * refuse with a clear message (asymmetric delays, which one ns-3 channel
 * cannot carry; a transfer from a host to itself; nothing to run).
 *
 * Built without ns-3 it exits 77 (ctest SKIP) and says why. */
#include <stdio.h>
#include <string.h>
#include "sim_backend.h"

#ifndef ALTOSPEC_HAVE_NS3
int main(void) {
    printf("SKIP: built without the ns-3 backend (ALTOSPEC_NS3=OFF, or libns3-dev not found)\n");
    return 77;
}
#else
#include "t.h"
#include "sim_ns3_backend.h"

static sim_topo *topo(const char *yaml) {
    alto_err err;
    alto_doc *d = alto_doc_parse("inline.yaml", yaml, strlen(yaml), &err);
    T_CHECK_MSG(d != NULL, "%s", err.msg);
    if (!d) return NULL;
    sim_topo *t = sim_topo_from_json(d, alto_doc_root(d), &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    alto_doc_free(d);
    return t;
}

/* h1 -- s -- h2; the s->h2 direction is 2 Mbps with 7 packets of queue,
 * the h2->s direction 50 Mbps: data from h1 to h2 is held at 2 Mbps. */
static const char *ASYM_RATE =
    "name: asym\n"
    "hosts: [{name: h1, ipv4: 10.9.0.1}, {name: h2, ipv4: 10.9.0.2}]\n"
    "switches: [s]\n"
    "links:\n"
    "  - {a: h1, b: s, bandwidth: 100Mbps, delay: 1ms}\n"
    "  - {a: s, b: h2, bandwidth: 2Mbps, delay: 5ms, queue: 7,\n"
    "     reverse: {bandwidth: 50Mbps, queue: 300}}\n";

static void registry_and_mapping(void) {
    alto_err err;
    const sim_backend *b = sim_backend_find("ns3", &err);
    T_CHECK_MSG(b == &sim_ns3_backend, "%s", err.msg);
    T_STREQ(b ? b->name : NULL, "ns3");
    sim_topo *t = topo(ASYM_RATE);
    if (!t || !b) return;
    sim_params p;
    sim_params_default(&p);
    p.size_scale = 0.5;
    int h1 = sim_topo_node(t, "h1"), h2 = sim_topo_node(t, "h2");
    sim_transfer x[2] = {{h1, h2, 1000000, 0}, {h2, h1, 1000000, 0}};
    sim_result r[2];
    json_t *info = json_object();
    T_CHECK_MSG(b->run(t, &p, x, 2, r, info, &err) == 0, "%s", err.msg);
    /* 500,000 bytes each (size_scale), 346 segments: at 2 Mbps at least
     * 2.08 s of wire time; the 50 Mbps direction is several times faster
     * even though its ACKs queue behind h1->h2's data at s->h2. */
    double wire2 = 346 * 1502 * 8 / 2e6;
    printf("h1->h2 %.3f s (wire %.3f s), h2->h1 %.3f s\n", r[0].seconds, wire2,
           r[1].seconds);
    T_CHECK(r[0].seconds > wire2 && r[0].seconds < wire2 + 1.5);
    T_CHECK(r[1].seconds < r[0].seconds / 3);
    T_NEAR(r[0].finish, r[0].seconds, 1e-12);
    json_t *links = json_object_get(info, "links");
    T_CHECK(json_array_size(links) == (size_t)t->nlinks);
    int seen = 0;
    for (size_t i = 0; i < json_array_size(links); i++) {
        json_t *l = json_array_get(links, i);
        const char *from = json_string_value(json_object_get(l, "from"));
        const char *to = json_string_value(json_object_get(l, "to"));
        json_int_t q = json_integer_value(json_object_get(l, "queue_packets"));
        if (!strcmp(from, "s") && !strcmp(to, "h2")) {
            T_CHECK(q == 7);
            T_NEAR(json_real_value(json_object_get(l, "bps")), 2e6, 1e-6);
            T_CHECK(json_integer_value(json_object_get(l, "tx_bytes")) >= 500000);
            seen++;
        } else if (!strcmp(from, "h2") && !strcmp(to, "s")) {
            T_CHECK(q == 300);
            seen++;
        }
    }
    T_CHECK(seen == 2);
    T_STREQ(json_string_value(json_object_get(info, "qdisc")), "fq_codel");
    T_CHECK(json_is_array(json_object_get(info, "limits")));
    T_CHECK(json_integer_value(json_object_get(info, "events")) > 0);
    json_decref(info);

    /* The deep queue on the fast direction changes nothing; the 7-packet
     * queue on the slow one makes it lose packets. */
    sim_ns3_link_stats st[4];
    sim_ns3_opts o = {NULL, st, 0, 0};
    T_CHECK(sim_ns3_backend_run(t, &p, x, 1, r, NULL, &o, &err) == 0);
    unsigned long long drops = 0;
    for (int i = 0; i < t->nlinks; i++)
        if (t->links[i].from == sim_topo_node(t, "s") && t->links[i].to == h2)
            drops = st[i].drops;
    T_CHECK_MSG(drops > 0, "expected drops at a 7-packet queue");
    sim_topo_free(t);
}

static void refusals(void) {
    alto_err err;
    sim_params p;
    sim_params_default(&p);
    sim_result r[1];
    sim_topo *t = topo(
        "hosts: [{name: h1, ipv4: 10.9.0.1}, {name: h2, ipv4: 10.9.0.2}]\n"
        "links:\n"
        "  - {a: h1, b: h2, bandwidth: 10Mbps, delay: 5ms,\n"
        "     reverse: {delay: 20ms}}\n");
    if (!t) return;
    sim_transfer x = {0, 1, 1000, 0};
    T_CHECK(sim_ns3_backend.run(t, &p, &x, 1, r, NULL, &err) == -1);
    T_CONTAINS(err.msg, "different delay per direction");
    sim_topo_free(t);

    t = topo(ASYM_RATE);
    if (!t) return;
    sim_transfer self = {0, 0, 1000, 0};
    T_CHECK(sim_ns3_backend.run(t, &p, &self, 1, r, NULL, &err) == -1);
    T_CONTAINS(err.msg, "bad endpoints");
    sim_transfer empty = {0, 1, 0, 0};
    T_CHECK(sim_ns3_backend.run(t, &p, &empty, 1, r, NULL, &err) == -1);
    T_CONTAINS(err.msg, "out of range");
    T_CHECK(sim_ns3_backend.run(t, &p, &x, 0, r, NULL, &err) == -1);
    T_CONTAINS(err.msg, "no transfers");
    p.tcp = "tahoe";
    T_CHECK(sim_ns3_backend.run(t, &p, &x, 1, r, NULL, &err) == -1);
    T_CONTAINS(err.msg, "unknown TCP variant");
    sim_topo_free(t);
}

int main(void) {
    registry_and_mapping();
    refusals();
    T_DONE();
}
#endif

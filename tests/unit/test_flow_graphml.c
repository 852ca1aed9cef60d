/* test_flow_graphml.c: Topology Zoo GraphML loading and its documented
 * rule for missing capacity and delay. */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "sim_graphml.h"
#include "sim_topo.h"

#define ZOO ALTOSPEC_DATA_DIR "/topologies/"

static sim_topo *build(const char *file, int hosts, alto_err *e) {
    sim_graphml_opts o;
    sim_graphml_opts_default(&o);
    o.hosts = hosts;
    o.seed = 42;
    json_t *j = sim_graphml_topology(file, &o, e);
    if (!j) return NULL;
    sim_topo *t = sim_topo_from_json(NULL, j, e);
    json_decref(j);
    return t;
}

static int count_hosts(const sim_topo *t) {
    int n = 0;
    for (int i = 0; i < t->nnodes; i++) n += t->nodes[i].is_host;
    return n;
}

static void kdl(void) {
    alto_err e;
    sim_topo *t = build(ZOO "Kdl.graphml", 50, &e);
    T_CHECK_MSG(t != NULL, "%s", t ? "" : e.msg);
    if (!t) return;
    T_CHECK(count_hosts(t) == 50);
    T_CHECK(t->nnodes == 754 + 50);
    /* Kdl has no LinkSpeedRaw: every backbone edge gets the 1 Gbps default,
     * host links 10 Gbps; delays from coordinates are small but positive. */
    int backbone = 0, host = 0, geo = 0;
    for (int i = 0; i < t->nlinks; i++) {
        const sim_link *l = &t->links[i];
        if (t->nodes[l->from].is_host || t->nodes[l->to].is_host) {
            host++;
            T_CHECK(l->bps == 10e9);
        } else {
            backbone++;
            T_CHECK(l->bps == 1e9);
            if (l->delay != 1e-3) geo++;
            T_CHECK(l->delay >= 0 && l->delay < 0.05);
        }
    }
    T_CHECK(host == 100);
    T_CHECK(backbone > 1500);
    T_CHECK(geo > backbone / 2);
    /* Same seed, same placement. */
    sim_topo *u = build(ZOO "Kdl.graphml", 50, &e);
    T_CHECK(u && sim_topo_node(u, "h7") >= 0);
    if (u) {
        char h1[17], h2[17];
        sim_topo_hash(t, h1);
        sim_topo_hash(u, h2);
        T_STREQ(h1, h2);
        sim_topo_free(u);
    }
    sim_topo_free(t);
}

static void abilene(void) {
    alto_err e;
    sim_topo *t = sim_topo_load(ZOO "Abilene.graphml", &e);
    T_CHECK_MSG(t != NULL, "%s", t ? "" : e.msg);
    if (!t) return;
    T_CHECK(count_hosts(t) == 11);
    /* OC-192c in LinkLabel: 192 x 51.84 Mbps. */
    int oc = 0;
    for (int i = 0; i < t->nlinks; i++)
        if (fabs(t->links[i].bps - 192 * 51.84e6) < 1) oc++;
    T_CHECK(oc > 20);
    /* New York - Chicago is about 1150 km: 5.7 ms one way in fibre. */
    sim_path_metrics m;
    int a = -1, b = -1;
    T_CHECK(t->nnodes > 0);
    for (int i = 0; i < t->nnodes; i++) {
        if (!t->nodes[i].is_host) continue;
        if (a < 0) a = i; else if (b < 0) b = i;
    }
    T_CHECK(sim_topo_metrics(t, a, b, &m) == 0 && m.delay > 0);
    T_CHECK(!strcmp(t->source, ZOO "Abilene.graphml"));
    sim_topo_free(t);
}

static void bad_files(void) {
    alto_err e;
    T_CHECK(sim_topo_load_graphml("/nonexistent/x.graphml", &e) == NULL);
    T_CONTAINS(e.msg, "/nonexistent/x.graphml");
    const char *p = "/tmp/altospec-test-bad.graphml";
    FILE *f = fopen(p, "w");
    fputs("<graphml>\n<graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/>\n</graph></graphml>\n", f);
    fclose(f);
    T_CHECK(sim_topo_load_graphml(p, &e) == NULL);
    T_CONTAINS(e.msg, ":4: edge names unknown node \"zz\"");
    f = fopen(p, "w");
    fputs("<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n", f);
    fclose(f);
    T_CHECK(sim_topo_load_graphml(p, &e) == NULL);
    T_CONTAINS(e.msg, "not well-formed");
    sim_graphml_opts o;
    sim_graphml_opts_default(&o);
    o.hosts = 10000;
    T_CHECK(sim_graphml_topology(ZOO "Kdl.graphml", &o, &e) == NULL);
    T_CONTAINS(e.msg, "largest connected component");
    remove(p);
}

int main(void) {
    kdl();
    abilene();
    bad_files();
    T_DONE();
}

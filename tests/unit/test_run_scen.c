/* test_run_scen.c: scenario loading and the non-ALTO policies.
 *
 * - d1.yaml loads into the expected arrays (data manager's order kept).
 * - generate: is seeded and Poisson (mean inter-arrival 1/rate), never
 *   asks a client for a file it holds.
 * - first-listed, random (seeded, uniform-ish), oracle (min of alone).
 * - Errors carry file:line:col and the JSON path. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include "t.h"
#include "run.h"
#include "pol.h"

static char *write_tmp(const char *text) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/altospec-scen-%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void demo1(void) {
    alto_err e;
    run_scenario *sc = run_scenario_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/d1.yaml", &e);
    T_CHECK_MSG(sc != NULL, "%s", sc ? "" : e.msg);
    if (!sc) return;
    T_STREQ(sc->name, "ietf113-demo1");
    T_CHECK(sc->nfiles == 1 && sc->nreqs == 1 && sc->npols == 6);
    T_CHECK(sc->files[0].bytes == 10485760);
    const char *order[] = {"xrd2", "xrd3", "xrd4"};
    for (int i = 0; i < 3; i++) T_STREQ(sc->topo->nodes[sc->files[0].replicas[i]].name, order[i]);
    T_STREQ(sc->pols[3].name, "alto-routingcost");
    T_STREQ(sc->pols[3].metric, "routingcost");
    T_STREQ(sc->pols[4].metric, "delay-ow");
    T_STREQ(sc->baseline, "alto-latency");
    T_CHECK(sc->params.mss == 1448 && sc->params.header == 54 && sc->params.init_cwnd == 10);
    T_CHECK(sc->params.rwnd == 4194304);
    T_CHECK(sc->repetitions == 10 && sc->sweep == 1 && sc->nexp == 3);
    T_CHECK(sc->exp[0].kind == RUN_EXPECT_FASTER && sc->exp[0].value == 4);
    char a[80];
    T_CHECK(run_host_addr(sc, sc->reqs[0].client, a, sizeof a, &e) == 0);
    T_STREQ(a, "ipv4:10.0.0.250");

    /* The non-ALTO policies on a hand-made context. */
    double alone_row[3] = {87.1, 17.5, 43.9};
    double *alone[1] = {alone_row};
    pol_ctx c = {.sc = sc, .alone = alone, .seed = 7};     /* no simulate: alone-based */
    int choice = -1;
    T_CHECK(pol_first_listed.choose(&c, &sc->pols[0], &choice, &e) == 0 && choice == 0);
    T_CHECK(pol_oracle.choose(&c, &sc->pols[5], &choice, &e) == 0 && choice == 1);
    int hist[3] = {0}, first = -1, again = -1;
    for (int r = 0; r < 300; r++) {
        c.seed = 1000 + (unsigned long long)r;
        T_CHECK(pol_random.choose(&c, &sc->pols[1], &choice, &e) == 0);
        if (choice >= 0 && choice < 3) hist[choice]++;
        if (r == 0) first = choice;
    }
    c.seed = 1000;
    pol_random.choose(&c, &sc->pols[1], &again, &e);
    T_CHECK(first == again);                     /* seeded */
    for (int i = 0; i < 3; i++) T_CHECK_MSG(hist[i] > 60, "replica %d chosen %d/300", i, hist[i]);
    run_scenario_free(sc);
}

static void generated(void) {
    char text[1024];
    snprintf(text, sizeof text,
             "name: gen\n"
             "topology: %s/scenarios/ietf113/topology.yaml\n"
             "generate: {seed: 5, files: 4, size: 1MB, replicas: 2, requests: 4000, rate: 25}\n"
             "policies: [first-listed]\n", ALTOSPEC_SOURCE_DIR);
    alto_err e;
    run_scenario *sc = run_scenario_load(write_tmp(text), &e);
    T_CHECK_MSG(sc != NULL, "%s", sc ? "" : e.msg);
    if (!sc) return;
    T_CHECK(sc->nfiles == 4 && sc->nreqs == 4000);
    double last = sc->reqs[sc->nreqs - 1].start;
    T_NEAR(last / 4000, 1.0 / 25, 0.004);        /* mean inter-arrival */
    int owns = 0, sorted = 1;
    for (int i = 0; i < sc->nreqs; i++) {
        const run_file *f = &sc->files[sc->reqs[i].file];
        for (int j = 0; j < f->nrep; j++) owns += f->replicas[j] == sc->reqs[i].client;
        if (i && sc->reqs[i].start < sc->reqs[i - 1].start) sorted = 0;
        T_CHECK(f->nrep == 2 && f->bytes == 1e6);
    }
    T_CHECK(owns == 0 && sorted);
    double s0 = sc->reqs[10].start;
    int c0 = sc->reqs[10].client;
    run_scenario_free(sc);
    sc = run_scenario_load(write_tmp(text), &e);   /* same seed, same workload */
    T_CHECK(sc && sc->reqs[10].start == s0 && sc->reqs[10].client == c0);
    run_scenario_free(sc);
}

static void errors(void) {
    static const struct { const char *yaml, *want; } cases[] = {
        {"name: x\ntopology: nope.yaml\npolicies: [first-listed]\n", "nope.yaml"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: [xrd1]}\n"
         "requests:\n  - {client: client, file: f, start: -1s}\npolicies: [first-listed]\n",
         ":6:38: requests[0].start: must not be negative"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: []}\n"
         "requests: []\npolicies: [first-listed]\n", ":4:36: files[0].replicas: a file needs"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: [xrd1, xrd1]}\n"
         "requests: []\npolicies: [first-listed]\n", "listed twice"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: [xrd1]}\n"
         "requests:\n  - {client: client, file: f}\npolicies: [first-listed, first-listed]\n",
         "policies[1]: policy \"first-listed\" listed twice"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: [xrd1]}\n"
         "requests:\n  - {client: client, file: f}\npolicies: [random]\n"
         "expect:\n  - {policy: oracle, faster-than: random}\n", ":9:14: expect[0].policy: policy \"oracle\" is not in policies:"},
        {"name: x\ntopology: %s\nfiles:\n  - {name: f, size: 1MB, replicas: [xrd1]}\n"
         "requests:\n  - {client: client, file: f}\npolicies: [{name: first-listed, metric: delay-ow}]\n",
         "does not query ALTO"},
        {"name: x\ntopology: %s\npolicies: [first-listed]\n", "no requests"},
        {"name: x\ntopology: %s\nbackend: [flow, warp]\nfiles: []\npolicies: [random]\n",
         "unknown backend 'warp'"},
    };
    char topo[512], text[2048];
    snprintf(topo, sizeof topo, "%s/scenarios/ietf113/topology.yaml", ALTOSPEC_SOURCE_DIR);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, cases[i].yaml, topo);
        alto_err e;
        char *p = write_tmp(text);
        run_scenario *sc = run_scenario_load(p, &e);
        T_CHECK_MSG(sc == NULL, "case %zu loaded", i);
        run_scenario_free(sc);
        if (!sc) {
            T_CONTAINS(e.msg, cases[i].want);
            T_CONTAINS(e.msg, "/tmp/altospec-scen-");
        }
    }
    unlink(write_tmp(""));
}

int main(void) {
    demo1();
    generated();
    errors();
    T_DONE();
}

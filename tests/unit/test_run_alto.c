/* test_run_alto.c: the policies' ALTO client against the embedded
 * reference server: discovery by metric (not resource id), the endpoint
 * cost service and the network map + filtered cost map path give the same
 * costs, evidence is kept, answers are cached, and a metric the server
 * does not offer is an error that lists what it does offer. */
#include <math.h>
#include <stdlib.h>
#include <curl/curl.h>
#include "t.h"
#include "run_alto.h"
#include "srv.h"

static void addr(const char *s, alto_addr *a) {
    if (alto_addr_parse_typed(s, a)) fprintf(stderr, "bad address %s\n", s);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    alto_err e;
    sim_topo *t = sim_topo_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/topology.yaml", &e);
    T_CHECK(t != NULL);
    if (!t) T_DONE();
    srv_config so = {.listen = "127.0.0.1:0", .quiet = 1};
    srv_server *srv = srv_start(t, &so, &e);
    T_CHECK_MSG(srv != NULL, "%s", e.msg);
    if (!srv) T_DONE();

    run_alto *a = run_alto_new(srv_ird_url(srv), 5);
    T_CHECK(run_alto_ird(a, &e) == 0);

    alto_addr srcs[3], dst;
    addr("ipv4:10.0.0.252", &srcs[0]);
    addr("ipv4:10.0.0.253", &srcs[1]);
    addr("ipv4:10.0.0.254", &srcs[2]);
    addr("ipv4:10.0.0.250", &dst);

    static const struct { const char *metric; double want[3]; } cases[] = {
        {"bw-available", {125000, 625000, 250000}},     /* bytes/s: 1, 5, 2 Mbps */
        {"delay-ow", {25000, 25000, 75000}},            /* microseconds */
        {"routingcost", {1, 0.2, 0.5}},                 /* 1e6 / bottleneck bps */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        run_alto_plan ecs, map;
        T_CHECK(run_alto_plan_new(a, cases[c].metric, NULL, &ecs, &e) == 0);
        T_CHECK(ecs.via == RUN_VIA_ECS);
        T_STREQ(ecs.mode, "numerical");
        T_CHECK(run_alto_plan_new(a, cases[c].metric, "cost-map", &map, &e) == 0);
        T_CHECK(map.via == RUN_VIA_FILTERED && map.netmap_uri != NULL);
        double x[3] = {0}, y[3] = {0};
        T_CHECK_MSG(run_alto_costs(a, &ecs, "test", srcs, 3, &dst, x, &e) == 0, "%s", e.msg);
        T_CHECK_MSG(run_alto_costs(a, &map, "test", srcs, 3, &dst, y, &e) == 0, "%s", e.msg);
        for (int i = 0; i < 3; i++) {
            T_NEAR(x[i], cases[c].want[i], 1e-9 * cases[c].want[i]);
            T_NEAR(y[i], x[i], 1e-12);
        }
        run_alto_plan_free(&ecs);
        run_alto_plan_free(&map);
    }
    /* 1 IRD + 3 ECS + 1 network map + 3 filtered cost maps. */
    size_t n = json_array_size(run_alto_evidence(a));
    T_CHECK_MSG(n == 8, "%zu exchanges", n);
    run_alto_plan p;
    T_CHECK(run_alto_plan_new(a, "bw-available", NULL, &p, &e) == 0);
    double x[3];
    T_CHECK(run_alto_costs(a, &p, "again", srcs, 3, &dst, x, &e) == 0);
    T_CHECK(json_array_size(run_alto_evidence(a)) == n);    /* cached */
    run_alto_plan_free(&p);
    const json_t *ev = json_array_get(run_alto_evidence(a), 1);
    T_STREQ(json_string_value(json_object_get(ev, "method")), "POST");
    T_CHECK(json_integer_value(json_object_get(ev, "status")) == 200);
    T_CHECK(json_is_object(json_object_get(ev, "response_body")));

    T_CHECK(run_alto_plan_new(a, "tput", NULL, &p, &e) == -1);
    T_CONTAINS(e.msg, "no resource with cost metric \"tput\"");
    T_CONTAINS(e.msg, "bw-available/numerical");

    run_alto_free(a);
    /* Nothing listens here: a clear transport error, not a hang. */
    run_alto *dead = run_alto_new("http://127.0.0.1:9/directory", 2);
    T_CHECK(run_alto_ird(dead, &e) == -1);
    T_CONTAINS(e.msg, "no answer from the ALTO server");
    T_CHECK(json_array_size(run_alto_evidence(dead)) == 1);
    run_alto_free(dead);
    srv_stop(srv);
    curl_global_cleanup();
    T_DONE();
}

/* test_est_model.c: the estimator against the reference server's path
 * vectors.  The network rebuilt from ALTO's answer must behave like the
 * real topology: on IETF 113 (a tree) and on Abilene and GEANT (meshes,
 * routes chosen by delay) the flow model predicts exactly what it computes
 * on the real topology, for the Demo 2 flows and for random concurrent
 * transfers.  A server without path vectors is an error that says so. */
#include <math.h>
#include <stdlib.h>
#include <curl/curl.h>
#include "t.h"
#include "run.h"
#include "est.h"
#include "srv.h"
#include "sim_flow.h"

static srv_server *serve(const run_scenario *sc, int pv) {
    alto_err e;
    srv_config so = {.listen = "127.0.0.1:0", .quiet = 1, .without = pv ? 0 : SRV_EXT_PV};
    srv_server *s = srv_start(run_scenario_topo_copy(sc, &e), &so, &e);
    T_CHECK_MSG(s != NULL, "%s", e.msg);
    return s;
}

static int all_hosts(const run_scenario *sc, int *h) {
    int n = 0;
    for (int i = 0; i < sc->topo->nnodes; i++) if (sc->topo->nodes[i].is_host) h[n++] = i;
    return n;
}

/* Predictions equal the flow model on the real topology. */
static void same_as_real(const char *path, int random_sets) {
    alto_err e;
    run_scenario *sc = run_scenario_load(path, &e);
    T_CHECK_MSG(sc != NULL, "%s", e.msg);
    if (!sc) return;
    srv_server *srv = serve(sc, 1);
    run_alto *a = run_alto_new(srv_ird_url(srv), 5);
    T_CHECK(run_alto_ird(a, &e) == 0);
    int *h = calloc((size_t)sc->topo->nnodes, sizeof *h), nh = all_hosts(sc, h);
    est_model *m = NULL;
    T_CHECK_MSG(est_build(sc, a, "test", h, nh, &m, &e) == 0, "%s: %s", path, e.msg);
    if (m) {
        const json_t *info = est_info(m);
        T_CHECK(json_integer_value(json_object_get(info, "anes")) > 0);
        T_STREQ(json_string_value(json_object_get(info, "delay_source")), "priv:altospec-delay-ow");
        /* The scenario's own requests, then seeded random sets. */
        int n = sc->nreqs;
        sim_transfer x[16];
        sim_result p[16], r[16];
        unsigned long long s = 42;
        for (int set = 0; set <= random_sets; set++) {
            if (set == 0) {
                for (int i = 0; i < n; i++)
                    x[i] = (sim_transfer){sc->files[sc->reqs[i].file].replicas[0], sc->reqs[i].client,
                                          sc->files[sc->reqs[i].file].bytes, sc->reqs[i].start};
            } else {
                n = 2 + (int)(run_rand(&s) % 6);
                for (int i = 0; i < n; i++) {
                    int src = h[run_rand(&s) % (unsigned long long)nh], dst;
                    do dst = h[run_rand(&s) % (unsigned long long)nh]; while (dst == src);
                    x[i] = (sim_transfer){src, dst, 1e6 + 1e6 * (double)(run_rand(&s) % 20),
                                          (double)(run_rand(&s) % 3)};
                }
            }
            T_CHECK_MSG(est_predict(m, &sc->params, x, n, p, &e) == 0, "%s", e.msg);
            T_CHECK(sim_flow_run(sc->topo, &sc->params, NULL, x, n, r, NULL, &e) == 0);
            /* Equal up to what ALTO rounds: delays come in whole
             * microseconds, and each host's extra 1000 Gbps attachment
             * adds 12 ns of serialization per segment. */
            for (int i = 0; i < n; i++)
                T_CHECK_MSG(fabs(p[i].seconds - r[i].seconds) <= 2e-5 * r[i].seconds,
                            "%s set %d transfer %d: predicted %.9g, real %.9g", path, set, i,
                            p[i].seconds, r[i].seconds);
        }
        /* The exchanges are evidence: the multipart POST and its parts. */
        json_t *ev = run_alto_evidence(a);
        int mp = 0;
        size_t i;
        json_t *v;
        json_array_foreach(ev, i, v)
            if (json_object_get(v, "response_parts")) {
                mp++;
                T_CONTAINS(json_string_value(json_object_get(v, "response_content_type")), "multipart/related");
                T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(
                        v, "request_body"), "cost-type"), "cost-metric")), "ane-path");
            }
        T_CHECK(mp == 1);
    }
    est_free(m);
    free(h);
    run_alto_free(a);
    srv_stop(srv);
    run_scenario_free(sc);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    same_as_real(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/d2-estimator.yaml", 10);
    same_as_real(ALTOSPEC_SOURCE_DIR "/scenarios/sla/abilene-random.yaml", 10);
    same_as_real(ALTOSPEC_SOURCE_DIR "/scenarios/sla/geant-random.yaml", 10);

    /* No path vector offered: a clear error, no fallback. */
    alto_err e;
    run_scenario *sc = run_scenario_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/d2-estimator.yaml", &e);
    srv_server *srv = serve(sc, 0);
    run_alto *a = run_alto_new(srv_ird_url(srv), 5);
    T_CHECK(run_alto_ird(a, &e) == 0);
    int h[8], nh = all_hosts(sc, h);
    est_model *m = NULL;
    T_CHECK(est_build(sc, a, "test", h, nh, &m, &e) == -1 && m == NULL);
    T_CONTAINS(e.msg, "offers no RFC 9275 path vector");
    run_alto_free(a);
    srv_stop(srv);
    run_scenario_free(sc);
    curl_global_cleanup();
    T_DONE();
}

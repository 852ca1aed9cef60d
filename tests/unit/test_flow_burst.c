/* test_flow_burst.c: many transfers starting at the same instant (issue
 * 20, item 4).
 *
 * 2,000 downloads to `client` on scenarios/ietf113/topology.yaml, all at
 * t = 0, from xrd1..xrd4 in turn, of 8 sizes (256 KB .. 2 MB).  What
 * must hold:
 *   - transfers in identical states (same path, size and start) finish at
 *     the same time, bit for bit: the events of one instant are handled
 *     together (sim_flow.c), not one after the other;
 *   - on each path a larger transfer never finishes earlier;
 *   - the solver's work does not grow with the square of the transfers:
 *     the number of solves follows the number of distinct events (32
 *     classes of path and size here), not the number of transfers, so
 *     doubling the burst (2,000 -> 4,000) leaves it about the same.
 *     Before, every flip of the s5-s4 queue between 0 and 0.6 s was a
 *     solve of every flow for the whole run, which grows with the burst
 *     (sim_flow_tcp.c, settle_queue), and flows sharing an ACK link
 *     re-solved their component once each (sim_flow.c, resolve).
 * Work is counted, not timed: wall-clock targets live in ci/bench. */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "sim_flow.h"

static int burst(const sim_topo *t, int n, sim_result *r, sim_transfer *x,
                 sim_flow_stats *st) {
    static const char *from[4] = {"xrd1", "xrd2", "xrd3", "xrd4"};
    int c = sim_topo_node(t, "client");
    for (int i = 0; i < n; i++)
        x[i] = (sim_transfer){sim_topo_node(t, from[i % 4]), c, 256000.0 * (1 + (i / 4) % 8), 0};
    sim_params p;
    sim_params_default(&p);
    alto_err e;
    sim_flow_opts o = {0, 0, 0, 0};
    if (sim_flow_run(t, &p, &o, x, n, r, st, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

int main(void) {
    alto_err e;
    sim_topo *t = sim_topo_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/topology.yaml", &e);
    T_CHECK_MSG(t != NULL, "%s", t ? "" : e.msg);
    if (!t) T_DONE();
    enum { N = 4000, HALF = 2000 };
    sim_transfer *x = calloc(N, sizeof *x);
    sim_result *r = calloc(N, sizeof *r);
    sim_flow_stats big, half;
    T_CHECK(burst(t, HALF, r, x, &half) == 0);
    T_CHECK(burst(t, N, r, x, &big) == 0);
    int same = 1, order = 1;
    for (int i = 0; i < N; i++)
        for (int j = i % 4; j < N; j += 4) {    /* same path */
            if (x[i].bytes == x[j].bytes && r[i].seconds != r[j].seconds) same = 0;
            if (x[i].bytes < x[j].bytes && r[i].seconds > r[j].seconds) order = 0;
        }
    T_CHECK_MSG(same, "identical transfers finish at different times");
    T_CHECK_MSG(order, "a larger transfer finishes earlier on one path");
    printf("burst of %d: %ld events, %ld solves, %ld flow-solves; of %d: %ld solves, "
           "%ld flow-solves\n", N, big.events, big.solves, big.solved_flows, HALF,
           half.solves, half.solved_flows);
    T_CHECK(big.max_active == N);
    T_CHECK_MSG(big.solves <= 1.25 * half.solves + 50, "%ld solves at %d vs %ld at %d",
                big.solves, N, half.solves, HALF);
    free(x);
    free(r);
    sim_topo_free(t);
    T_DONE();
}

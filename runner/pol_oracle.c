/* pol_oracle.c: `oracle`, the best replica in hindsight, for context.
 *
 * Up to ORACLE_GREEDY_MAX requests it is greedy in start order: request i
 * takes the replica that minimizes the total completion time of requests
 * 0..i, simulated together with the oracle's earlier choices (same backend
 * and model as the run; ties keep the data manager's order), so it counts
 * the harm a choice does to transfers already running.  It does not
 * foresee later requests, so it is a strong reference, not a bound.  Beyond
 * that size (the cost grows with the square of the requests) each request
 * takes the replica that finishes first alone on the idle network. */
#include <stdlib.h>
#include "pol.h"
#include "alto_buf.h"

#define ORACLE_GREEDY_MAX 64

static int cmp_start(const void *a, const void *b, void *ctx) {
    const run_scenario *sc = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    double s = sc->reqs[x].start, t = sc->reqs[y].start;
    if (s != t) return s < t ? -1 : 1;
    return x - y;
}

static int greedy(pol_ctx *c, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    int n = sc->nreqs;
    int *order = alto_xcalloc((size_t)n, sizeof *order);
    sim_transfer *x = alto_xcalloc((size_t)n, sizeof *x);
    sim_result *out = alto_xcalloc((size_t)n, sizeof *out);
    int rc = 0;
    for (int i = 0; i < n; i++) order[i] = i;
    qsort_r(order, (size_t)n, sizeof *order, cmp_start, (void *)sc);
    for (int k = 0; k < n && rc == 0; k++) {
        const run_request *q = &sc->reqs[order[k]];
        const run_file *f = &sc->files[q->file];
        int best = 0;
        double best_s = 0;
        for (int j = 0; j < f->nrep; j++) {
            x[k] = (sim_transfer){f->replicas[j], q->client, f->bytes, q->start};
            if (c->simulate(c->sim_ud, x, k + 1, out, err)) { rc = -1; break; }
            double total = 0;
            for (int m = 0; m <= k; m++) total += out[m].seconds;
            if (j == 0 || total < best_s) { best = j; best_s = total; }
        }
        x[k] = (sim_transfer){f->replicas[best], q->client, f->bytes, q->start};
        choice[order[k]] = best;
    }
    free(order);
    free(x);
    free(out);
    return rc;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    (void)p;
    if (c->simulate && c->sc->nreqs <= ORACLE_GREEDY_MAX) return greedy(c, choice, err);
    for (int i = 0; i < c->sc->nreqs; i++) {
        int n = c->sc->files[c->sc->reqs[i].file].nrep, best = 0;
        for (int j = 1; j < n; j++)
            if (c->alone[i][j] < c->alone[i][best]) best = j;
        choice[i] = best;
    }
    return 0;
}

const pol_impl pol_oracle = {
    .name = "oracle",
    .summary = "best in hindsight: greedy in start order over simulated completions "
               "(alone on the idle network beyond 64 requests)",
    .needs_alone = 1,
    .choose = choose,
};

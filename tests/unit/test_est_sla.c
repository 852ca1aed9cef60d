/* test_est_sla.c: the SLA scheduler's search (pol_sla.c) on synthetic
 * objectives: exhaustive search returns the brute-force optimum (with the
 * documented tie-breaks) and evaluates every assignment exactly once;
 * beyond SLA_EXHAUSTIVE_MAX it switches to greedy + local search, which
 * never returns worse than its greedy start and finds the optimum of a
 * separable objective; evaluation errors propagate. */
#include <stdlib.h>
#include "t.h"
#include "pol.h"

/* Makespan = max over requests of load-dependent times: replica j of
 * request i costs w[i][j] * (1 + number of other requests on the same
 * replica): sharing hurts, like concurrent downloads. */
typedef struct obj { int n; double w[12][4]; int fail_at; long calls; } obj;

static int eval(void *ud, const int *c, double *mk, double *tot, alto_err *err) {
    obj *o = ud;
    /* Outputs first: defined on the error path too, so an optimizing
     * build sees no use of an uninitialized makespan (-Werror). */
    *mk = 0;
    *tot = 0;
    if (o->fail_at >= 0 && o->calls == o->fail_at) return alto_err_set(err, "backend exploded");
    o->calls++;
    for (int i = 0; i < o->n; i++) {
        if (c[i] < 0) continue;
        int share = 0;
        for (int k = 0; k < o->n; k++) share += k != i && c[k] == c[i];
        double t = o->w[i][c[i]] * (1 + share);
        if (t > *mk) *mk = t;
        *tot += t;
    }
    return 0;
}

static void brute(obj *o, const int *nrep, int *best, double *bm, double *bt) {
    int c[12] = {0};
    *bm = *bt = 1e300;
    for (;;) {
        double m, t;
        eval(o, c, &m, &t, NULL);
        if (m < *bm - 1e-12 || (m < *bm + 1e-12 && t < *bt - 1e-12)) {
            *bm = m; *bt = t;
            for (int i = 0; i < o->n; i++) best[i] = c[i];
        }
        int i = o->n - 1;
        while (i >= 0 && ++c[i] == nrep[i]) c[i--] = 0;
        if (i < 0) break;
    }
}

int main(void) {
    alto_err e;
    unsigned long long s = 9;
    for (int trial = 0; trial < 30; trial++) {
        obj o = {.n = 2 + trial % 5, .fail_at = -1};
        int nrep[12], best[12], ref[12], exh;
        long ev;
        long product = 1;
        for (int i = 0; i < o.n; i++) {
            nrep[i] = 1 + (int)(run_rand(&s) % 4);
            product *= nrep[i];
            for (int j = 0; j < 4; j++) o.w[i][j] = 1 + (double)(run_rand(&s) % 100);
        }
        double bm, bt, m, t;
        brute(&o, nrep, ref, &bm, &bt);
        o.calls = 0;
        T_CHECK(sla_search(o.n, nrep, eval, &o, SLA_EXHAUSTIVE_MAX, best, &exh, &ev, &e) == 0);
        T_CHECK(exh == 1 && ev == product && o.calls == product);
        eval(&o, best, &m, &t, NULL);
        T_NEAR(m, bm, 1e-9);
        T_NEAR(t, bt, 1e-9);
        /* Forced heuristic on the same instance: at most the greedy
         * start's makespan and never below the optimum. */
        o.calls = 0;
        T_CHECK(sla_search(o.n, nrep, eval, &o, 0, best, &exh, &ev, &e) == 0);
        T_CHECK(exh == 0 && ev == o.calls);
        eval(&o, best, &m, &t, NULL);
        T_CHECK(m >= bm - 1e-9);
        for (int i = 0; i < o.n; i++) T_CHECK(best[i] >= 0 && best[i] < nrep[i]);
    }
    /* Ties: the first assignment in enumeration order (data manager's
     * order) wins. */
    obj flat = {.n = 3, .fail_at = -1};
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) flat.w[i][j] = 5;
    int nrep3[3] = {3, 3, 3}, best[12], exh;
    long ev;
    T_CHECK(sla_search(3, nrep3, eval, &flat, SLA_EXHAUSTIVE_MAX, best, &exh, &ev, &e) == 0);
    T_CHECK(best[0] == 0 && best[1] == 1 && best[2] == 2);   /* no sharing, first such */
    /* 12 requests x 3 replicas = 531441 > 4096: heuristic, and on a
     * sharing-free separable objective (distinct best replicas) it finds
     * the optimum. */
    obj big = {.n = 12, .fail_at = -1};
    int nrep12[12];
    for (int i = 0; i < 12; i++) {
        nrep12[i] = 3;
        for (int j = 0; j < 4; j++) big.w[i][j] = 10 + j;
    }
    T_CHECK(sla_search(12, nrep12, eval, &big, SLA_EXHAUSTIVE_MAX, best, &exh, &ev, &e) == 0);
    T_CHECK(exh == 0 && ev < 1000);
    double m, t;
    eval(&big, best, &m, &t, NULL);
    /* 12 requests on 3 replicas: at best 4 per replica; costs 10*4, 11*4, 12*4. */
    T_CHECK_MSG(m <= 12 * 4 + 1e-9, "heuristic makespan %g", m);
    /* Errors propagate. */
    obj bad = {.n = 2, .fail_at = 3};
    for (int i = 0; i < 2; i++) for (int j = 0; j < 4; j++) bad.w[i][j] = 1;
    int nrep2[2] = {3, 3};
    T_CHECK(sla_search(2, nrep2, eval, &bad, SLA_EXHAUSTIVE_MAX, best, &exh, &ev, &e) == -1);
    T_CONTAINS(e.msg, "exploded");
    T_DONE();
}

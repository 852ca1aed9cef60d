/* test_flow_solver.c: the (weighted) max-min solver on hand-checked cases,
 * and its two invariants (conservation, weighted max-min optimality) on
 * random problems, with and without weights. */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "sim_flow.h"

#define NF 64
#define NL 32

static void solve_w(int nl, const double *cap, int nf, const int *off, const int *links,
                    const double *fcap, const double *w, double *rate) {
    sim_mm_problem p = {nl, cap, nf, off, links, fcap, w};
    sim_mm_solve(&p, rate);
    alto_err e;
    int rc = sim_mm_check(&p, rate, 1e-9, &e);
    T_CHECK_MSG(rc == 0, "%s", e.msg);
}

static void solve(int nl, const double *cap, int nf, const int *off, const int *links,
                  const double *fcap, double *rate) {
    solve_w(nl, cap, nf, off, links, fcap, NULL, rate);
}

static void single_bottleneck(void) {
    double cap[1] = {10}, r[3];
    int off[4] = {0, 1, 2, 3}, links[3] = {0, 0, 0};
    solve(1, cap, 3, off, links, NULL, r);
    for (int i = 0; i < 3; i++) T_NEAR(r[i], 10.0 / 3, 1e-12);
    /* A capped flow leaves its unused share to the others. */
    double fcap[3] = {1, INFINITY, INFINITY};
    solve(1, cap, 3, off, links, fcap, r);
    T_NEAR(r[0], 1, 1e-12);
    T_NEAR(r[1], 4.5, 1e-12);
    T_NEAR(r[2], 4.5, 1e-12);
}

/* Parking lot: one long flow over links 0,1,2 and one short flow per link.
 * Equal capacities: everybody gets half.  With link 1 at 2, the long flow
 * is still held to 0.5 by links 0 and 2, and the short flow on link 1 takes
 * the rest (1.5). */
static void parking_lot(void) {
    double cap[3] = {1, 1, 1}, r[4];
    int off[5] = {0, 3, 4, 5, 6}, links[6] = {0, 1, 2, 0, 1, 2};
    solve(3, cap, 4, off, links, NULL, r);
    for (int i = 0; i < 4; i++) T_NEAR(r[i], 0.5, 1e-12);
    cap[1] = 2;
    solve(3, cap, 4, off, links, NULL, r);
    T_NEAR(r[0], 0.5, 1e-12);
    T_NEAR(r[1], 0.5, 1e-12);
    T_NEAR(r[2], 1.5, 1e-12);
    T_NEAR(r[3], 0.5, 1e-12);
}

/* Two bottlenecks, with window caps W/RTT: A on link 0, B on links 0 and 1,
 * C and D on link 1.  Link 0 = 1, link 1 = 3.  Without caps: A = B = 0.5
 * (link 0), C = D = 1.25 (link 1's rest).  With window caps W/RTT and D's
 * RTT 10x C's, D is held at 0.2 and C at its own cap 2 (link 1 keeps 0.3
 * spare: window-limited flows do not fill a link). */
static void two_bottlenecks_rtt(void) {
    double cap[2] = {1, 3}, r[4];
    int off[5] = {0, 1, 3, 4, 5}, links[5] = {0, 0, 1, 1, 1};
    solve(2, cap, 4, off, links, NULL, r);
    T_NEAR(r[0], 0.5, 1e-12);
    T_NEAR(r[1], 0.5, 1e-12);
    T_NEAR(r[2], 1.25, 1e-12);
    T_NEAR(r[3], 1.25, 1e-12);
    double W = 2.0, rtt_c = 1.0, rtt_d = 10.0;
    double fcap[4] = {INFINITY, INFINITY, W / rtt_c, W / rtt_d};
    solve(2, cap, 4, off, links, fcap, r);
    T_NEAR(r[0], 0.5, 1e-12);
    T_NEAR(r[1], 0.5, 1e-12);
    T_NEAR(r[2], 2.0, 1e-12);       /* C hits its own cap W/RTT = 2 */
    T_NEAR(r[3], 0.2, 1e-12);
}

/* Weighted max-min: on one link, rates in proportion to the weights; a
 * capped flow leaves the rest to the others in proportion; over a parking
 * lot, a long flow with half the weight gets a third of each link. */
static void weighted(void) {
    double cap[1] = {12}, r[3], w[3] = {1, 2, 3};
    int off[4] = {0, 1, 2, 3}, links[3] = {0, 0, 0};
    solve_w(1, cap, 3, off, links, NULL, w, r);
    T_NEAR(r[0], 2, 1e-12);
    T_NEAR(r[1], 4, 1e-12);
    T_NEAR(r[2], 6, 1e-12);
    double cap10[1] = {10}, w2[3] = {1, 1, 2}, fcap[3] = {INFINITY, INFINITY, 3};
    solve_w(1, cap10, 3, off, links, fcap, w2, r);
    T_NEAR(r[2], 3, 1e-12);
    T_NEAR(r[0], 3.5, 1e-12);
    T_NEAR(r[1], 3.5, 1e-12);
    double c3[3] = {1, 1, 1}, wl[4] = {0.5, 1, 1, 1}, rl[4];
    int offl[5] = {0, 3, 4, 5, 6}, linksl[6] = {0, 1, 2, 0, 1, 2};
    solve_w(3, c3, 4, offl, linksl, NULL, wl, rl);
    T_NEAR(rl[0], 1.0 / 3, 1e-12);
    for (int i = 1; i < 4; i++) T_NEAR(rl[i], 2.0 / 3, 1e-12);
    /* Unit weights are plain max-min. */
    double ones[4] = {1, 1, 1, 1};
    solve_w(3, c3, 4, offl, linksl, NULL, ones, rl);
    for (int i = 0; i < 4; i++) T_NEAR(rl[i], 0.5, 1e-12);
}

/* The checker must catch wrong allocations, or it proves nothing. */
static void checker_rejects(void) {
    double cap[1] = {10};
    int off[3] = {0, 1, 2}, links[2] = {0, 0};
    sim_mm_problem p = {1, cap, 2, off, links, NULL, NULL};
    alto_err e;
    double over[2] = {6, 6}, under[2] = {4, 4}, unfair[2] = {2, 8};
    T_CHECK(sim_mm_check(&p, over, 1e-9, &e) == -1);
    T_CONTAINS(e.msg, "conservation");
    T_CHECK(sim_mm_check(&p, under, 1e-9, &e) == -1);
    T_CONTAINS(e.msg, "optimality");
    T_CHECK(sim_mm_check(&p, unfair, 1e-9, &e) == -1);
    double good[2] = {5, 5};
    T_CHECK(sim_mm_check(&p, good, 1e-9, &e) == 0);
    /* With weights 1 and 3, an equal split is not optimal any more. */
    double w[2] = {1, 3}, wgood[2] = {2.5, 7.5};
    sim_mm_problem pw = {1, cap, 2, off, links, NULL, w};
    T_CHECK(sim_mm_check(&pw, good, 1e-9, &e) == -1);
    T_CONTAINS(e.msg, "optimality");
    T_CHECK(sim_mm_check(&pw, wgood, 1e-9, &e) == 0);
}

/* Random problems: both invariants, and progressive filling's exact
 * property that the allocation uses each saturated link fully. */
static void random_problems(void) {
    unsigned seed = 12345;
    int fails = 0;
    for (int iter = 0; iter < 2000; iter++) {
        int nl = 1 + (int)(rand_r(&seed) % NL), nf = 1 + (int)(rand_r(&seed) % NF);
        double cap[NL], fcap[NF], r[NF], w[NF];
        int off[NF + 1], links[NF * 8];
        for (int l = 0; l < nl; l++) cap[l] = 1 + rand_r(&seed) % 100;
        off[0] = 0;
        for (int f = 0; f < nf; f++) {
            int len = 1 + (int)(rand_r(&seed) % 6), at = off[f];
            for (int i = 0; i < len; i++) {
                int l = (int)(rand_r(&seed) % (unsigned)nl), dup = 0;
                for (int k = off[f]; k < at; k++) dup |= links[k] == l;
                if (!dup) links[at++] = l;
            }
            off[f + 1] = at;
            fcap[f] = rand_r(&seed) % 3 == 0 ? 0.5 + rand_r(&seed) % 20 : INFINITY;
            w[f] = 0.05 + (rand_r(&seed) % 1000) / 100.0;
        }
        /* Half the problems weighted (weights 0.05 .. 10). */
        sim_mm_problem p = {nl, cap, nf, off, links, fcap, iter % 2 ? w : NULL};
        sim_mm_solve(&p, r);
        alto_err e;
        if (sim_mm_check(&p, r, 1e-9, &e)) {
            if (fails++ < 3) fprintf(stderr, "random problem %d: %s\n", iter, e.msg);
        }
    }
    T_CHECK_MSG(fails == 0, "%d of 2000 random problems broke an invariant", fails);
}

int main(void) {
    single_bottleneck();
    parking_lot();
    two_bottlenecks_rtt();
    weighted();
    checker_rejects();
    random_problems();
    T_DONE();
}

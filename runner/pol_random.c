/* pol_random.c: `random`, a uniform choice among the replicas, seeded per
 * repetition (scenario seed + repetition), so a run is reproducible and
 * the report can show the mean and spread over repetitions. */
#include "pol.h"

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    (void)p; (void)err;
    unsigned long long s = c->seed;
    for (int i = 0; i < c->sc->nreqs; i++) {
        int n = c->sc->files[c->sc->reqs[i].file].nrep;
        choice[i] = (int)(run_rand(&s) % (unsigned long long)n);
    }
    return 0;
}

const pol_impl pol_random = {
    .name = "random",
    .summary = "a seeded uniform choice per request (one run per repetition)",
    .randomized = 1,
    .choose = choose,
};

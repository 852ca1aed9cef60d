/* pol_first.c: `first-listed`, the data manager's own order: the first
 * replica of each file, whatever the network looks like. */
#include "pol.h"

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    (void)p; (void)err;
    for (int i = 0; i < c->sc->nreqs; i++) choice[i] = 0;
    return 0;
}

const pol_impl pol_first_listed = {
    .name = "first-listed",
    .summary = "the first replica in the data manager's order",
    .choose = choose,
};

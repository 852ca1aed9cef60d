/* pol_alto_lat.c: `alto-latency`, rank replicas by the ALTO one-way delay
 * (RFC 9439 delay-ow, microseconds; or any metric given with `metric:`,
 * lower is better).  Ties keep the data manager's order, as at the IETF 113
 * hackathon, where xrd2 and xrd3 tie at 25 ms and xrd2, listed first, won
 * (and was five times slower). */
#include <string.h>
#include "pol.h"
#include "alto_buf.h"

static int check(const run_scenario *sc, run_policy *p, alto_err *err) {
    (void)sc; (void)err;
    if (!p->metric) p->metric = alto_xstrdup("delay-ow");
    return 0;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    return pol_alto_choose(c, p, 0, choice, err);
}

const pol_impl pol_alto_latency = {
    .name = "alto-latency",
    .summary = "rank replicas by ALTO delay-ow; ties keep the data manager's order",
    .check = check,
    .choose = choose,
    POL_ALTO_RANKING,
};

/* pol_alto_bw.c: `alto-bandwidth`, Demo 1's winning policy: rank replicas
 * by the ALTO server's view of bandwidth.  metric: bw-available (RFC 9439,
 * bytes/s, higher is better; the default) or routingcost (the hackathon's
 * inverse-bandwidth routing cost, lower is better). */
#include <string.h>
#include "pol.h"
#include "alto_buf.h"

static int check(const run_scenario *sc, run_policy *p, alto_err *err) {
    if (!p->metric) {
        p->metric = alto_xstrdup("bw-available");
        return 0;
    }
    if (strcmp(p->metric, "bw-available") && strcmp(p->metric, "routingcost"))
        return alto_doc_errf(sc->doc, err, p->node, "metric", -1,
                             "alto-bandwidth ranks by bw-available or routingcost, not \"%s\"",
                             p->metric);
    return 0;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    return pol_alto_choose(c, p, !strcmp(p->metric, "bw-available"), choice, err);
}

const pol_impl pol_alto_bandwidth = {
    .name = "alto-bandwidth",
    .summary = "rank replicas by ALTO bw-available (or inverse-bandwidth routingcost)",
    .check = check,
    .choose = choose,
    POL_ALTO_RANKING,
};

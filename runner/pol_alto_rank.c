/* pol_alto_rank.c: what the ALTO policies share: discover how to ask for a
 * metric (run_alto_plan_new: by metric and mode from the IRD), ask for the
 * costs from every replica to the client, rank.  Numerical costs rank by
 * value (ascending, or descending for "higher is better" metrics such as
 * bw-available); ordinal costs always ascend (rank 1 is preferred).  Ties
 * keep the data manager's order.  Any failure carries the policy's
 * scenario line and the server's answer; there is no fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pol.h"
#include "alto_buf.h"

static int wrap(pol_ctx *c, run_policy *p, alto_err *err) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(c->sc->doc, err, p->parent, NULL, p->index, "policy %s: %s", p->name, m);
}

int pol_alto_prepare(pol_ctx *c, run_policy *p, alto_err *err) {
    run_alto_plan *plan = alto_xcalloc(1, sizeof *plan);
    if (run_alto_plan_new(c->alto, p->metric, p->query, plan, err)) {
        free(plan);
        return wrap(c, p, err);
    }
    p->state = plan;
    return 0;
}

void pol_alto_free(run_policy *p) {
    if (!p->state) return;
    run_alto_plan_free(p->state);
    free(p->state);
    p->state = NULL;
}

json_t *pol_alto_describe(const run_policy *p) {
    return p->state ? run_alto_plan_json(p->state) : NULL;
}

int pol_alto_choose(pol_ctx *c, run_policy *p, int higher_better, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    const run_alto_plan *plan = p->state;
    if (!plan) return alto_err_set(err, "policy %s: not prepared", p->name);
    if (!strcmp(plan->mode, "ordinal")) higher_better = 0;
    int maxrep = 1;
    for (int f = 0; f < sc->nfiles; f++) if (sc->files[f].nrep > maxrep) maxrep = sc->files[f].nrep;
    alto_addr *srcs = alto_xcalloc((size_t)maxrep, sizeof *srcs);
    double *cost = alto_xcalloc((size_t)maxrep, sizeof *cost);
    int rc = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++) {
        const run_request *q = &sc->reqs[i];
        const run_file *f = &sc->files[q->file];
        char txt[80];
        alto_addr dst;
        if (run_host_addr(sc, q->client, txt, sizeof txt, err) || alto_addr_parse_typed(txt, &dst)) {
            rc = -1;
            break;
        }
        for (int j = 0; j < f->nrep && rc == 0; j++)
            if (run_host_addr(sc, f->replicas[j], txt, sizeof txt, err) ||
                alto_addr_parse_typed(txt, &srcs[j]))
                rc = -1;
        if (rc) break;
        if (run_alto_costs(c->alto, plan, p->name, srcs, f->nrep, &dst, cost, err)) {
            rc = wrap(c, p, err);
            break;
        }
        int best = 0;
        for (int j = 1; j < f->nrep; j++)   /* strict: ties keep list order */
            if (higher_better ? cost[j] > cost[best] : cost[j] < cost[best]) best = j;
        choice[i] = best;
    }
    free(srcs);
    free(cost);
    return rc;
}

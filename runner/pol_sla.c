/* pol_sla.c: `sla-scheduler` (IETF 113 Demo 3): one replica per file so
 * that the concurrent downloads finish by the deadline.
 *
 * It sees the network only through ALTO: the estimator (est.h) rebuilt
 * from the path vectors predicts every transfer of a candidate assignment
 * together, and the objective is the predicted makespan (first start to
 * last finish), ties broken by the sum of completion times, then by the
 * data manager's order (the first assignment found wins).  Minimizing the
 * makespan is the right objective for a deadline: if any assignment meets
 * the deadline by the estimator, the minimizer does.
 *
 * Search: exhaustive while the product of the candidate counts is at most
 * SLA_EXHAUSTIVE_MAX (4096 assignments, a fraction of a second with the
 * flow model on hackathon-size networks); beyond that, greedy in request
 * order (each request takes the replica that minimizes the makespan of the
 * requests placed so far) and then local search: single-request moves, the
 * first that improves is taken, until a full pass improves nothing (at
 * most SLA_PASSES passes).  The greedy-plus-moves result is a local
 * optimum, not a proof: the report says which search ran. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "pol.h"
#include "est.h"
#include "alto_buf.h"

#define SLA_PASSES 50

static int better(double m1, double t1, double m0, double t0) {
    if (isinf(m0)) return !isinf(m1) || t1 < t0;    /* nothing kept yet */
    double em = 1e-9 * fmax(1, fabs(m0)), et = 1e-9 * fmax(1, fabs(t0));
    if (m1 < m0 - em) return 1;
    if (m1 > m0 + em) return 0;
    return t1 < t0 - et;
}

static int exhaustive_search(int n, const int *nrep, sla_eval_fn eval, void *ud, int *best,
                             long *evaluated, alto_err *err) {
    int *c = alto_xcalloc((size_t)n + 1, sizeof *c);
    double bm = INFINITY, bt = INFINITY;
    int rc = 0;
    for (;;) {
        double m, t;
        if (eval(ud, c, &m, &t, err)) { rc = -1; break; }
        (*evaluated)++;
        if (better(m, t, bm, bt)) { bm = m; bt = t; memcpy(best, c, (size_t)n * sizeof *c); }
        int i = n - 1;          /* mixed-radix increment, last request fastest */
        while (i >= 0 && ++c[i] == nrep[i]) c[i--] = 0;
        if (i < 0) break;
    }
    free(c);
    return rc;
}

static int heuristic_search(int n, const int *nrep, sla_eval_fn eval, void *ud, int *best,
                            long *evaluated, alto_err *err) {
    for (int i = 0; i < n; i++) best[i] = -1;
    double bm = INFINITY, bt = INFINITY, m, t;
    for (int i = 0; i < n; i++) {            /* greedy */
        int pick = 0;
        bm = bt = INFINITY;
        for (int j = 0; j < nrep[i]; j++) {
            best[i] = j;
            if (eval(ud, best, &m, &t, err)) return -1;
            (*evaluated)++;
            if (better(m, t, bm, bt)) { bm = m; bt = t; pick = j; }
        }
        best[i] = pick;
    }
    for (int pass = 0, improved = 1; improved && pass < SLA_PASSES; pass++) {
        improved = 0;
        for (int i = 0; i < n; i++) {
            int cur = best[i];
            for (int j = 0; j < nrep[i]; j++) {
                if (j == cur) continue;
                best[i] = j;
                if (eval(ud, best, &m, &t, err)) return -1;
                (*evaluated)++;
                if (better(m, t, bm, bt)) { bm = m; bt = t; cur = j; improved = 1; }
            }
            best[i] = cur;
        }
    }
    return 0;
}

int sla_search(int n, const int *nrep, sla_eval_fn eval, void *ud, long exhaustive_max, int *best,
               int *exhaustive, long *evaluated, alto_err *err) {
    double product = 1;
    for (int i = 0; i < n; i++) product *= nrep[i];
    *evaluated = 0;
    *exhaustive = product <= (double)exhaustive_max;
    return *exhaustive ? exhaustive_search(n, nrep, eval, ud, best, evaluated, err)
                       : heuristic_search(n, nrep, eval, ud, best, evaluated, err);
}

typedef struct ev_ud {
    pol_ctx *c;
    sim_transfer *x;
    sim_result *out;
} ev_ud;

/* The estimator's makespan of the placed requests. */
static int eval_est(void *ud, const int *choice, double *makespan, double *total, alto_err *err) {
    ev_ud *u = ud;
    const run_scenario *sc = u->c->sc;
    int n = 0;
    for (int i = 0; i < sc->nreqs; i++) {
        if (choice[i] < 0) continue;
        const run_request *q = &sc->reqs[i];
        const run_file *f = &sc->files[q->file];
        u->x[n++] = (sim_transfer){f->replicas[choice[i]], q->client, f->bytes, q->start};
    }
    if (est_predict(u->c->est, &u->c->rs->params, u->x, n, u->out, err)) return -1;
    double first = INFINITY, last = 0, sum = 0;
    for (int k = 0; k < n; k++) {
        if (u->x[k].start < first) first = u->x[k].start;
        if (u->out[k].finish > last) last = u->out[k].finish;
        sum += u->out[k].seconds;
    }
    *makespan = n ? last - first : 0;
    *total = sum;
    return 0;
}

static int choose(pol_ctx *c, run_policy *p, int *choice, alto_err *err) {
    const run_scenario *sc = c->sc;
    if (!c->est) return alto_err_set(err, "policy %s: no estimator (needs an sla: block)", p->name);
    int *nrep = alto_xcalloc((size_t)sc->nreqs + 1, sizeof *nrep);
    for (int i = 0; i < sc->nreqs; i++) nrep[i] = sc->files[sc->reqs[i].file].nrep;
    ev_ud u = {c, alto_xcalloc((size_t)sc->nreqs + 1, sizeof(sim_transfer)),
               alto_xcalloc((size_t)sc->nreqs + 1, sizeof(sim_result))};
    int exhaustive = 0;
    long evaluated = 0;
    int rc = sla_search(sc->nreqs, nrep, eval_est, &u, SLA_EXHAUSTIVE_MAX, choice, &exhaustive,
                        &evaluated, err);
    double m = 0, t = 0;
    if (rc == 0) rc = eval_est(&u, choice, &m, &t, err);
    if (rc == 0) {
        /* The last search, for explain() (the report's sla section). */
        json_decref(p->state);
        p->state = json_pack("{s:s, s:I, s:i, s:f}", "search",
                             exhaustive ? "exhaustive" : "greedy+local-search", "evaluated",
                             (json_int_t)evaluated, "requests", sc->nreqs, "predicted_makespan", m);
    }
    free(nrep);
    free(u.x);
    free(u.out);
    return rc;
}

static void sla_free(run_policy *p) {
    json_decref((json_t *)p->state);
    p->state = NULL;
}

static json_t *explain(const run_policy *p) {
    return p->state ? json_deep_copy(p->state) : NULL;
}

const pol_impl pol_sla_scheduler = {
    .name = "sla-scheduler",
    .summary = "joint assignment minimizing the makespan predicted by the ALTO path-vector "
               "estimator (exhaustive up to 4096 assignments, then greedy + local search)",
    .uses_alto = 1,
    .choose = choose,
    .free = sla_free,
    .explain = explain,
};

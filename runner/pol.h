/* pol.h: the replica-selection policies, one module each behind one
 * interface.  A policy sees the scenario and a context (the ALTO client,
 * the per-replica times of the sweep for the oracle, the repetition's
 * seed) and picks one replica per request; what the runner reports about a
 * policy it asks the policy (describe, explain), never its state.  ALTO policies must get their
 * answer from the server: a missing answer fails the run with the server's
 * error, never a silent fallback to another policy. */
#ifndef POL_H
#define POL_H

#include "run.h"
#include "run_alto.h"

typedef struct pol_ctx {
    const run_scenario *sc;
    run_alto *alto;             /* NULL when no policy needs ALTO */
    /* alone[i][j]: request i alone on the network from replica j (s). */
    double *const *alone;
    unsigned long long seed;    /* this repetition's seed */
    /* Simulates transfers on the run's first backend (the oracle's
     * hindsight); out[k] for x[k]. */
    int (*simulate)(void *ud, const sim_transfer *x, int n, sim_result *out,
                    alto_err *err);
    void *sim_ud;
    /* The estimator's network, learnt from ALTO (est.h); NULL unless the
     * scenario has an estimator: or sla: block. */
    struct est_model *est;
    /* This run's settings (TCP parameters, size scale, seed). */
    const run_settings *rs;
    /* This run's policies: sc->pols with their run state (prepare's), so
     * that the loaded scenario is never written. */
    run_policy *pols;
} pol_ctx;

typedef struct pol_impl {
    const char *name;
    const char *summary;
    int uses_alto;
    int randomized;             /* differs per repetition */
    int needs_alone;            /* reads ctx->alone */
    int takes_costs;            /* reads the policy entry's costs: list */
    /* Checks options at load; may be NULL. */
    int (*check)(const run_scenario *sc, run_policy *p, alto_err *err);
    /* Before any choice (discovers ALTO resources); may be NULL. */
    int (*prepare)(pol_ctx *c, run_policy *p, alto_err *err);
    /* choice[i] = index into files[reqs[i].file].replicas. */
    int (*choose)(pol_ctx *c, run_policy *p, int *choice, alto_err *err);
    void (*free)(run_policy *p);
    /* What the report says about how the policy was set up, after
     * prepare (an ALTO policy: the resource it asks); new reference or
     * NULL; may be NULL. */
    json_t *(*describe)(const run_policy *p);
    /* How the last choose() decided (the SLA scheduler: which search ran
     * and how much it evaluated); new reference or NULL; may be NULL. */
    json_t *(*explain)(const run_policy *p);
} pol_impl;

/* NULL if unknown. */
const pol_impl *pol_find(const char *name);
/* "first-listed, random, ..." for messages. */
const char *pol_names(void);

extern const pol_impl pol_first_listed;     /* pol_first.c */
extern const pol_impl pol_random;           /* pol_random.c */
extern const pol_impl pol_alto_bandwidth;   /* pol_alto_bw.c */
extern const pol_impl pol_alto_latency;     /* pol_alto_lat.c */
extern const pol_impl pol_oracle;           /* pol_oracle.c */
extern const pol_impl pol_sla_scheduler;    /* pol_sla.c */
extern const pol_impl pol_alto_multicost;   /* pol_alto_multicost.c */
extern const pol_impl pol_alto_cdni;        /* pol_alto_cdni.c */
extern const pol_impl pol_alto_property;    /* pol_alto_prop.c */

/* pol_sla.c: the joint assignment search of the SLA scheduler, exposed for
 * tests.  eval() scores one assignment (choice[i] = replica index, or -1
 * for "not placed yet", which eval must ignore): makespan first, then the
 * sum of completion times.  Exhaustive when the product of the candidate
 * counts is at most exhaustive_max, else greedy in request order followed
 * by single-request moves until no move improves.  best[] receives the
 * assignment; *evaluated the number of eval calls. */
#define SLA_EXHAUSTIVE_MAX 4096
typedef int (*sla_eval_fn)(void *ud, const int *choice, double *makespan, double *total,
                           alto_err *err);
int sla_search(int n, const int *nrep, sla_eval_fn eval, void *ud, long exhaustive_max,
               int *best, int *exhaustive, long *evaluated, alto_err *err);

/* pol_alto_rank.c: shared by the ALTO policies.  Asks the server for
 * `metric` costs from each replica to the client and ranks replicas:
 * ascending, or descending when higher_better; ties keep the data
 * manager's order (stable). */
int pol_alto_prepare(pol_ctx *c, run_policy *p, alto_err *err);
int pol_alto_choose(pol_ctx *c, run_policy *p, int higher_better, int *choice,
                    alto_err *err);
void pol_alto_free(run_policy *p);
json_t *pol_alto_describe(const run_policy *p);     /* {cost_type, ..., via, uri} */
/* The pol_impl members every ALTO-ranking policy shares. */
#define POL_ALTO_RANKING .uses_alto = 1, .prepare = pol_alto_prepare, .free = pol_alto_free, \
    .describe = pol_alto_describe

#endif

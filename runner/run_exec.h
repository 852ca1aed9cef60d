/* run_exec.h: the state of one run, shared by its phases: run_exec.c
 * (prepare, alone, choose, simulate) and run_exec_report.c (the report
 * object).  Private to the runner. */
#ifndef RUN_EXEC_H
#define RUN_EXEC_H

#include "run.h"
#include "pol.h"
#include "est.h"
#include "run_sla.h"
#include "srv.h"

typedef struct exec {
    const run_scenario *sc;
    run_settings rs;
    run_policy *pols;           /* this run's copy of sc->pols (state included) */
    pol_ctx ctx;
    const sim_backend **be;
    int nb;
    json_t **info;              /* per backend */
    json_t *transfers;
    json_t *policies;           /* the report's policies[] */
    sim_transfer *x;
    sim_result **res;           /* [backend][transfer] */
    srv_server *srv;            /* the embedded ALTO server, or NULL */
    run_alto *alto;             /* NULL when no policy needs ALTO */
    est_model *est;
    run_sla *sla;
    double **alone;             /* [request][replica] seconds, or NULL */
    int **choices;              /* [run][request] */
    int nruns;
} exec;

/* The report (new reference) once every transfer is simulated, or NULL
 * with err; t0 is when the run started (CLOCK_MONOTONIC seconds). */
json_t *run_exec_report(exec *e, double t0, alto_err *err);
/* A policies[] entry: what it is, its runs, what describe() says. */
json_t *run_policy_json(const run_policy *p, int reps);
/* Index of the reference among n backend names: the most faithful
 * (ns3 > mininet > flow), the first listed on a tie. */
int run_reference_backend(const char *const *names, int n);
/* CLOCK_MONOTONIC, seconds. */
double run_now(void);

#endif

/* run_sla.h: the SLA section of a run (IETF 113 Demo 3): instances (the
 * listed requests, plus seeded random ones), every policy's assignment on
 * each, the estimator's predicted makespan, the measured one on the run's
 * first backend, sla_met, and optionally the exhaustive optimum on that
 * backend as the reference.  Two phases, so that every ALTO question is
 * asked before the first simulation (run_exec.c's rule). */
#ifndef RUN_SLA_H
#define RUN_SLA_H

#include "pol.h"

typedef struct run_sla run_sla;

/* Phase 1 (the ALTO server is up): instances and every policy's choices. */
int run_sla_choose(pol_ctx *c, run_sla **out, alto_err *err);
/* Phase 2: predictions, simulations, the reference; the report's "sla"
 * object (new reference) or NULL with err. */
json_t *run_sla_finish(run_sla *s, pol_ctx *c, const char *backend, alto_err *err);
void run_sla_free(run_sla *s);

/* run_est.c: the report's "estimator" object (Demo 2): the transfers of
 * the scenario's estimator policy (repetition 0), predicted together by
 * the estimator and compared with the measured records. */
json_t *run_est_section(const run_scenario *sc, pol_ctx *c, const json_t *transfers,
                        alto_err *err);

#endif

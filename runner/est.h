/* est.h: the throughput estimator (IETF 113 Demo 2), an ALTO client.
 *
 * est_build() asks ALTO (RFC 9275 path vectors, run_pv.c) for the routes
 * between a set of hosts as ANE lists and for each ANE's
 * max-reservable-bandwidth (and delay, when the server offers it), and
 * reconstructs a network from the answer alone: every ANE becomes a
 * directed link, the ends of consecutive ANEs on a vector are one node
 * (union-find), and hosts are the nodes their vectors start and end at.
 * est_predict() then runs the flow model (sim_flow_run: max-min progressive
 * filling with the TCP corrections) on that network, so a prediction uses
 * only what ALTO said, and its completion times give the throughput
 * bytes * 8 / seconds.  The topology the scenario loaded is never read
 * here beyond host names and addresses. */
#ifndef EST_H
#define EST_H

#include "run.h"
#include "run_alto.h"

typedef struct est_model est_model;

/* hosts[]: scenario node indices (hosts) whose pairwise routes matter.
 * label names the asker in the evidence.  The answers' routes must be
 * reproducible on the reconstructed network (checked pair by pair). */
int est_build(const run_scenario *sc, run_alto *a, const char *label, const int *hosts, int nh,
              est_model **out, alto_err *err);
/* Predicted completion of each transfer (src/dst are scenario nodes). */
int est_predict(const est_model *m, const sim_params *p, const sim_transfer *x, int n,
                sim_result *out, alto_err *err);
/* What was learnt, for the report (borrowed): resource, ANE count,
 * reconstructed nodes and links, where the delays came from. */
const json_t *est_info(const est_model *m);
void est_free(est_model *m);

#endif

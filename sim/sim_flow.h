/* sim_flow.h: the flow-level (fluid) simulator behind the "flow" backend,
 * exposed for unit tests and benchmarks.
 *
 * Two layers:
 *   - sim_mm_*: one (weighted) max-min fair allocation by progressive
 *     filling over directed links, with optional per-flow rate caps (the
 *     TCP window limits) and weights.  Used both on static problems
 *     (tests) and by the simulator on each connected component of flows
 *     that changes.
 *   - sim_flow_run(): the event-driven simulation of finite transfers on a
 *     sim_topo, with TCP set-up, slow start, window cap and header
 *     overhead, and by default the TCP sharing model (sim_flow_tcp.c:
 *     standing queues, response-function weights, ACK load, two-way
 *     loss).  sim_flow_backend (sim_backend.h) is a thin wrapper.
 *
 * Invariants, checked by sim_mm_check() (tests, and every solve when
 * sim_flow_opts.check is set or in builds without NDEBUG):
 *   conservation  no link carries more than its capacity;
 *   optimality    every flow is either at its cap or crosses a saturated
 *                 link on which no other flow gets a larger rate per unit
 *                 of weight (the weighted max-min bottleneck condition;
 *                 with unit weights, plain max-min). */
#ifndef SIM_FLOW_H
#define SIM_FLOW_H

#include "sim_backend.h"

/* A static max-min problem.  Flow f crosses links[off[f] .. off[f+1]-1].
 * cap[l] is the capacity of link l (any unit, consistently); fcap[f] the
 * rate cap of flow f (INFINITY for none), or fcap == NULL for no caps.
 * w[f] > 0 is the weight of flow f (weighted max-min: the allocation is
 * max-min fair in rate / weight), or w == NULL for plain max-min. */
typedef struct sim_mm_problem {
    int nlinks;
    const double *cap;
    int nflows;
    const int *off;
    const int *links;
    const double *fcap;
    const double *w;
} sim_mm_problem;

/* Fills rate[nflows].  A flow with no link and no cap gets INFINITY. */
void sim_mm_solve(const sim_mm_problem *p, double *rate);
/* 0 when both invariants hold within relative tolerance tol, else -1 with
 * the first violation described in err. */
int sim_mm_check(const sim_mm_problem *p, const double *rate, double tol,
                 alto_err *err);

typedef struct sim_flow_opts {
    int full_resolve;       /* baseline: re-solve every active flow at every
                               event instead of the changed component only */
    int check;              /* run sim_mm_check after every solve */
    int no_tcp;             /* pure fluid: no set-up, slow start or tail */
    int plain_maxmin;       /* issue 4's sharing: plain max-min, ACKs use
                               no capacity, no standing queues (the TCP
                               sharing model of sim_flow_tcp.c is the
                               default; env ALTOSPEC_FLOW_PLAIN=1 for the
                               backend) */
} sim_flow_opts;

typedef struct sim_flow_stats {
    long events;            /* arrivals, rounds, TCP-model re-solves and
                               completions handled */
    long solves;            /* max-min solves */
    long solved_flows;      /* sum of component sizes over all solves */
    int max_active;         /* most flows on the network at once */
    long check_failures;    /* sim_mm_check violations (opts.check) */
} sim_flow_stats;

/* Simulates the transfers; out[i] gets transfer i's completion.  opts and
 * stats may be NULL. */
int sim_flow_run(const sim_topo *t, const sim_params *p,
                 const sim_flow_opts *opts, const sim_transfer *x, int n,
                 sim_result *out, sim_flow_stats *stats, alto_err *err);

/* Per-path TCP figures of the model (seconds, bits/s), for tests and the
 * report: round-trip time of a full segment, handshake time, and the
 * one-way time of the last packet after the bottleneck. */
typedef struct sim_flow_path {
    double rtt, handshake, tail, bottleneck_bps;
} sim_flow_path;
int sim_flow_path_model(const sim_topo *t, const sim_params *p, int src,
                        int dst, sim_flow_path *out);

#endif

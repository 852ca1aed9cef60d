/* sim_ns3_backend.h: the ns3 backend's entry below sim_backend, for tests
 * and tools that need what the generic interface does not carry: the
 * traffic-control mapping and per-link counters.
 *
 * Implemented in sim/sim_ns3_backend.c, which also exports
 * `sim_ns3_backend` (sim_backend.h); built only with ALTOSPEC_HAVE_NS3. */
#ifndef SIM_NS3_BACKEND_H
#define SIM_NS3_BACKEND_H

#include "sim_backend.h"
#include "sim_ns3.h"

typedef struct sim_ns3_opts {
    const char *qdisc;              /* NULL = "fq_codel" (see sim_ns3.cc) */
    sim_ns3_link_stats *link_stats; /* NULL, or t->nlinks entries, indexed
                                       like t->links, filled after the run */
    uint64_t events;                /* out: simulator events executed */
    double wall;                    /* out: wall-clock seconds of the run */
} sim_ns3_opts;

/* sim_ns3_backend.run with options; opts may be NULL. */
int sim_ns3_backend_run(const sim_topo *t, const sim_params *p,
                        const sim_transfer *xfers, int n, sim_result *out,
                        json_t *info, sim_ns3_opts *opts, alto_err *err);

#endif

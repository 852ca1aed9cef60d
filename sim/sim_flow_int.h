/* sim_flow_int.h: internals shared by sim_flow.c (the event loop) and
 * sim_flow_mm.c (the max-min solver).  Not for other modules: they use
 * sim_flow.h. */
#ifndef SIM_FLOW_INT_H
#define SIM_FLOW_INT_H

#include "alto_err.h"

typedef struct sim_mm_hent { double key; int link; unsigned ver; } sim_mm_hent;
typedef struct sim_mm_cap { double cap; int flow; } sim_mm_cap;

/* Solver state.  The caller owns the views (cap, paths, per-link flow
 * lists, caps, rates); the solver owns the scratch arrays. */
typedef struct sim_mm {
    int nlinks, nflows;
    const double *cap;          /* per link */
    const int *const *fpath;    /* per flow: its links */
    const int *flen;
    int *const *lf;             /* per link: the flows on it */
    const int *nlf;
    const double *fcap;         /* per flow cap, INFINITY = none; may be NULL */
    double *rate;               /* output, per flow */
    /* scratch */
    double *rem;
    int *cnt;
    unsigned *lver, *lstamp, *fstamp, epoch;
    int *lset;
    sim_mm_hent *heap;
    int hn, hcap;
    sim_mm_cap *order;
    int ocap;
} sim_mm;

void sim_mm_init(sim_mm *m, int nlinks, int nflows);
void sim_mm_fini(sim_mm *m);
/* Solves the flows in flows[0..k-1] (a set closed under link sharing). */
void sim_mm_solve_set(sim_mm *m, const int *flows, int k);
int sim_mm_check_set(const sim_mm *m, const int *flows, int k, double tol,
                     alto_err *err);

#endif

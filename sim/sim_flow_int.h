/* sim_flow_int.h: internals shared by sim_flow.c (the event loop),
 * sim_flow_mm.c (the max-min solver) and sim_flow_tcp.c (the TCP sharing
 * model: weights, standing queues, ACK load).  Not for other modules:
 * they use sim_flow.h. */
#ifndef SIM_FLOW_INT_H
#define SIM_FLOW_INT_H

#include "alto_err.h"
#include "sim_flow.h"

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
    const double *w;            /* per flow weight (> 0); NULL = all 1 */
    double *rate;               /* output, per flow */
    /* scratch */
    double *rem;
    int *cnt;                   /* unfrozen flows per link */
    double *wsum;               /* their summed weight */
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

/* ---- the simulator (sim_flow.c), as sim_flow_tcp.c sees it ------------ */

typedef struct sim_fl {
    int plen, posoff;       /* data hops; offset of the flow's hops in pos[] */
    int phase, ev;
    double rem;             /* wire bits still to send */
    double tlast;           /* time rem was last settled */
    double cwnd;            /* segments */
    double next_round;
    double key;             /* next event time */
    int hidx;               /* position in the event heap, -1 if absent */
    int aidx;               /* position in the active list, -1 if absent */
    sim_flow_path pm;
    double rtt;             /* pm.rtt plus the standing queues on its loop */
    double ss_target;       /* window (segments) that ends slow start */
    double capsolved;       /* the window cap of the last solve */
    int retune;             /* its next event must re-solve (see resolve) */
    double wrtt;            /* RTT and congested hops its weight was last */
    int whops;              /* computed from (wrtt < 0: never) */
} sim_fl;

/* The TCP sharing model's constants, from the congestion control named in
 * sim_params.tcp (sim_flow_tcp.c). */
typedef struct sim_flow_cc {
    double rtt_exp, hop_exp;    /* weight = RTT^-rtt_exp * hops^-hop_exp */
    int twoway;                 /* Cubic's two-way-traffic loss (1) or not */
} sim_flow_cc;

typedef struct sim_fsim {
    const sim_topo *t;
    const sim_params *p;
    sim_flow_opts o;
    sim_flow_stats st;
    int n;
    sim_fl *f;
    const int **fpath;      /* per flow: data hops, then ACK-only hops */
    int *flen;              /* per flow: all hops */
    int *dlen;              /* per flow: data hops (the solver's view) */
    double *fcap, *rate, *lcap;
    double *lceff;          /* per link: capacity the solver shares */
    int *pos;               /* per (flow, hop): index in that link's list */
    int **lf, *nlf, *lfcap; /* per link: flows whose data cross it */
    int **la, *nla, *lacap; /* per link: flows only whose ACKs cross it */
    sim_mm mm;
    int *heap, hn;          /* event heap of flow ids */
    int *active, nactive;
    int *comp, *queue;      /* component scratch */
    unsigned *fmark, *lmark, mark;
    int *seedl, nseed;      /* data links of this instant's events (once each) */
    unsigned *lseed, seedmark;
    double segbits, rwnd_segs;
    alto_err *err;
    /* The TCP sharing model (sim_flow_tcp.c); tcp == 0: plain max-min and
     * none of these is allocated. */
    int tcp;
    sim_flow_cc cc;
    double ackc;            /* ACK bits on the wire per data bit */
    double *w;              /* per flow: weight */
    unsigned char *twoway;  /* per flow: its ACKs wait in a standing queue */
    int *hops;              /* storage behind fpath */
    double *lq;             /* per link: standing queue, s (0: none) */
    double *lload;          /* per link: scratch of retune() */
    double *lwin;           /* per flow of one link: scratch of link_queue() */
    double *lqlo, *lqhi;    /* per link: bracket of its queue (settle_queue) */
    double *lqprev;         /* per link: its queue before the last change */
    int *lqcyc;             /* per link: two-cycle flips seen in a row */
    int damp;               /* this re-solve is a retune only (settle_queue) */
    unsigned long tver;     /* bitwise changes to the model's state so far */
    unsigned long *ffix;    /* per flow: 1 + tver at which its component was
                               last found at a fixed point (0: not) */
    double *rsnap;          /* per flow: rates before a solve (scratch) */
    double *lloss;          /* per link: two-way loss now (fraction) */
    double *lrtt;           /* per link: summed RTT of its free flows */
    unsigned char *ldone;   /* per link: visited (scratch, kept zero) */
    int *clink;             /* the component's data links (scratch) */
    int *fup, nfup;         /* links whose queue changed and carry ACKs */
    unsigned char *lfup;    /* per link: in fup (kept zero otherwise) */
    int *fupf;              /* flows to re-solve for those (sim_flow.c) */
    int *lnfree, *lntwo;    /* per link: free flows; those with two-way ACKs */
} sim_fsim;

/* Extra hops per flow (its ACK path) to reserve in fpath storage. */
int sim_flow_tcp_extra_hops(const sim_fsim *s, const sim_transfer *x, int i);
/* Allocates the model's state and fills the ACK hops (after fpath, flen,
 * posoff are set, total = all hops reserved). */
void sim_flow_tcp_setup(sim_fsim *s, const sim_transfer *x, long total);
void sim_flow_tcp_free(sim_fsim *s);
/* Window cap of flow f: cwnd per current RTT. */
void sim_flow_tcp_cap(sim_fsim *s, int f);
/* RTT and weight of flow f from the current standing queues; 1 if the
 * weight changed. */
int sim_flow_tcp_weight(sim_fsim *s, int f);
/* After a solve of comp[0..k-1]: queues, RTTs, weights, caps and shared
 * capacities; 1 if anything the solver uses changed. */
int sim_flow_tcp_retune(sim_fsim *s, int k);
/* Data link l has just lost its last flow: no queue, no ACK share. */
void sim_flow_tcp_idle(sim_fsim *s, int l);

#endif

/* sim_backend.h: the one interface of the simulation backends.
 *
 * A backend takes a topology, TCP parameters and a list of transfers and
 * returns each transfer's completion time.  The same scenario runs on every
 * backend and the report puts their numbers side by side, so a backend must
 * not change the problem: routes come from sim_topo_path(), sizes and start
 * times from the transfers, and any approximation it makes is written into
 * `info` (which the report keeps). */
#ifndef SIM_BACKEND_H
#define SIM_BACKEND_H

#include <jansson.h>
#include "sim_topo.h"
#include "alto_err.h"

typedef struct sim_params {
    double mss;             /* TCP payload bytes per segment (1448) */
    double header;          /* wire bytes per segment besides payload:
                               TCP 32 (with timestamps) + IP 20 + PPP 2 = 54 */
    int init_cwnd;          /* initial window, segments (10) */
    double rwnd;            /* receive window / socket buffer, bytes (4 MiB) */
    const char *tcp;        /* congestion control: "cubic" (default), "newreno" */
    double size_scale;      /* bytes multiplier (emulation runs); 1 */
    unsigned long seed;
} sim_params;

/* Fills the documented defaults above. */
void sim_params_default(sim_params *p);

typedef struct sim_transfer {
    int src;                /* node index of the sender (the replica) */
    int dst;                /* node index of the receiver (the client) */
    double bytes;           /* application bytes (before size_scale) */
    double start;           /* seconds from the start of the run */
} sim_transfer;

typedef struct sim_result {
    double finish;          /* absolute time the last byte reached dst, s */
    double seconds;         /* finish - start: the completion time */
} sim_result;

typedef struct sim_backend {
    const char *name;       /* "flow", "ns3", "mininet" */
    /* out has n entries.  info (an object, may be NULL) receives the
     * backend's parameters and limits for the report. */
    int (*run)(const sim_topo *t, const sim_params *p,
               const sim_transfer *xfers, int n, sim_result *out,
               json_t *info, alto_err *err);
    /* Optional (NULL: nothing to do).  A backend may keep state across
     * run() calls of one scenario run (mininet keeps its network); the
     * runner calls end() once that run's last batch is simulated, and on
     * every failure path.  0, or -1 with err when something of it could
     * not be released. */
    int (*end)(alto_err *err);
} sim_backend;

/* Registry: "flow", "ns3", "mininet".  NULL with a clear error when the
 * name is unknown or the backend was not built (e.g. ns-3 missing). */
const sim_backend *sim_backend_find(const char *name, alto_err *err);

/* Implementations (each in its own file). */
extern const sim_backend sim_flow_backend;      /* sim/sim_flow.c */
extern const sim_backend sim_ns3_backend;       /* sim/sim_ns3_backend.c (over sim/ns3/) */
extern const sim_backend sim_mininet_backend;   /* sim/sim_mininet.c */

#endif

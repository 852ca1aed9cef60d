/* sim_graphml.h: Topology Zoo GraphML to the sim_topo schema.
 *
 * The reading rule (missing capacity or delay) is in sim_graphml.c's header
 * comment.  The result is a json_t object in the same form as a topology
 * YAML file, so the one validating loader (sim_topo_from_json) builds it
 * and nothing about GraphML leaks into routing or the ALTO server. */
#ifndef SIM_GRAPHML_H
#define SIM_GRAPHML_H

#include <jansson.h>
#include "alto_err.h"

#define SIM_GRAPHML_DEFAULT_BPS 1e9         /* edges without LinkSpeedRaw */
#define SIM_GRAPHML_DEFAULT_DELAY 1e-3      /* edges with an end lacking coordinates */
#define SIM_GRAPHML_HOST_BPS 10e9           /* host access links */
#define SIM_GRAPHML_SIGNAL_SPEED 2e8        /* m/s in fibre */

typedef struct sim_graphml_opts {
    int hosts;              /* attach this many hosts (seeded choice among
                               the nodes of the largest component);
                               0 = one host per node of that component */
    const char *const *at;  /* or: explicit node labels or ids (nat of them) */
    int nat;
    unsigned long seed;
    double host_bps;        /* 0 = SIM_GRAPHML_HOST_BPS */
    double host_delay;      /* seconds; host links */
    double default_bps;     /* 0 = SIM_GRAPHML_DEFAULT_BPS */
    double default_delay;   /* < 0 = SIM_GRAPHML_DEFAULT_DELAY */
    int queue;              /* 0 = SIM_QUEUE_DEFAULT */
} sim_graphml_opts;

void sim_graphml_opts_default(sim_graphml_opts *o);
/* New reference: {name, defaults, hosts, switches, links}.  Hosts are named
 * h0, h1, ... with addresses 10.0.0.1, 10.0.0.2, ...; switches n<id> after
 * the GraphML node ids. */
json_t *sim_graphml_topology(const char *path, const sim_graphml_opts *o,
                             alto_err *err);

#endif

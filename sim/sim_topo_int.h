/* sim_topo_int.h: what sim_topo.c (loading, lookups) and sim_topo_build.c
 * (construction, routing) share and nobody else sees. */
#ifndef SIM_TOPO_INT_H
#define SIM_TOPO_INT_H

#include "sim_topo.h"

struct sim_routes {
    int *offset;            /* nhosts*nhosts+1 offsets into links; -1 = none */
    int *len;               /* nhosts*nhosts path lengths, -1 unreachable */
    int *links;
};

#endif

/* PLACEHOLDER: replaced by the flow-simulator owner (Topology Zoo GraphML). */
#include "sim_topo.h"
sim_topo *sim_topo_load_graphml(const char *path, alto_err *err) {
    alto_err_set(err, "%s: GraphML topologies are not supported yet", path);
    return NULL;
}

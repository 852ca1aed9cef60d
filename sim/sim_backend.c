/* sim_backend.c: the backend registry and the shared TCP defaults. */
#include <string.h>
#include "sim_backend.h"

void sim_params_default(sim_params *p) {
    p->mss = 1448;
    p->header = 54;
    p->init_cwnd = 10;
    p->rwnd = 4 * 1024 * 1024;
    p->tcp = "cubic";
    p->size_scale = 1;
    p->seed = 1;
}

const sim_backend *sim_backend_find(const char *name, alto_err *err) {
    if (!strcmp(name, "flow")) return &sim_flow_backend;
    if (!strcmp(name, "mininet")) return &sim_mininet_backend;
    if (!strcmp(name, "ns3")) {
#ifdef ALTOSPEC_HAVE_NS3
        return &sim_ns3_backend;
#else
        alto_err_set(err, "backend 'ns3' is not available: this altospec was "
                     "built without ns-3 (install libns3-dev and libgsl-dev, "
                     "then rebuild with ci/setup)");
        return NULL;
#endif
    }
    alto_err_set(err, "unknown backend '%s' (known: flow, ns3, mininet)", name);
    return NULL;
}

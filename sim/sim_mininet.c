/* PLACEHOLDER: replaced by the mininet owner. */
#include "sim_backend.h"
static int run(const sim_topo *t, const sim_params *p, const sim_transfer *x, int n,
               sim_result *out, json_t *info, alto_err *err) {
    (void)t; (void)p; (void)x; (void)n; (void)out; (void)info;
    return alto_err_set(err, "mininet backend not built yet");
}
const sim_backend sim_mininet_backend = {"mininet", run};

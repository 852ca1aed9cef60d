/* fuzz_topo.c: the topology loader (sim/sim_topo*.c) through its document
 * entry point, alto_doc_parse() then sim_topo_from_json(), and the
 * reference server's model built on what it accepts.
 *
 * Properties: an error names the document ("fuzz.yaml:..."); an accepted
 * topology has a route between every two hosts, with finite metrics that
 * agree with the route (hops = links, delay = sum of delays); the server
 * model builds from it, and the network map and cost maps the reference
 * server would publish for it pass the conformance engine's validators. */
#include <math.h>
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "alto_doc.h"
#include "sim_topo.h"
#include "srv_int.h"
#include "conf_msg.h"

#define FUZZ_TOPO_HOSTS 24      /* pairs checked / models built below this */

static void check_routes(const sim_topo *t) {
    for (int a = 0; a < t->nhosts; a++)
        for (int b = 0; b < t->nhosts; b++) {
            const int *links;
            int n = sim_topo_path(t, a, b, &links);
            FUZZ_CHECK(n >= 0, "no route from host %d to %d in an accepted topology", a, b);
            sim_path_metrics m;
            FUZZ_CHECK(sim_topo_metrics(t, a, b, &m) == 0, "no metrics from %d to %d", a, b);
            FUZZ_CHECK(m.hops == n, "%d hops but a route of %d links", m.hops, n);
            double delay = 0;
            for (int i = 0; i < n; i++) {
                FUZZ_CHECK(links[i] >= 0 && links[i] < t->nlinks, "link index %d", links[i]);
                delay += t->links[links[i]].delay;
            }
            FUZZ_CHECK(isfinite(m.delay) && fabs(m.delay - delay) <= 1e-9 * (1 + delay),
                       "delay %g, links sum to %g", m.delay, delay);
        }
}

static void check_doc(const char *kind, json_t *doc) {
    FUZZ_CHECK(doc != NULL, "no %s document", kind);
    conf_probs p;
    conf_probs_init(&p);
    conf_msg_validate(kind, doc, &p);
    char *s = p.n ? json_dumps(p.list, JSON_COMPACT) : NULL;
    FUZZ_CHECK(p.n == 0, "the reference server's %s fails validation: %.400s", kind, s);
    conf_probs_free(&p);
    json_decref(doc);
}

static void check_model(sim_topo *t) {
    alto_err err;
    srv_model *m = srv_model_new(t, &err);
    FUZZ_CHECK(m != NULL, "no server model for an accepted topology: %s", err.msg);
    check_doc("networkmap", srv_json_netmap(m, NULL, 3));
    for (int k = 0; k < srv_ncost_types; k++)
        if (m->vals[k])         /* NULL: a type this model does not serve */
            check_doc("costmap", srv_json_costmap(m, k, NULL, NULL, NULL, 0));
    srv_model_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    alto_err err = {{0}};
    alto_doc *d = alto_doc_parse("fuzz.yaml", (const char *)data, size, &err);
    if (!d) return 0;
    sim_topo *t = sim_topo_from_json(d, alto_doc_root(d), &err);
    if (!t) {
        FUZZ_CHECK(!strncmp(err.msg, "fuzz.yaml", 9), "error without the file name: %s", err.msg);
        alto_doc_free(d);
        return 0;
    }
    FUZZ_CHECK(t->nhosts >= 1 && t->npids >= 1, "%d hosts, %d PIDs", t->nhosts, t->npids);
    char hash[17];
    sim_topo_hash(t, hash);
    if (t->nhosts <= FUZZ_TOPO_HOSTS) {
        check_routes(t);
        check_model(t);         /* takes t */
    } else {
        sim_topo_free(t);
    }
    alto_doc_free(d);
    return 0;
}

/* run_scen_est.c: the scenario blocks of the estimator (IETF 113 Demo 2)
 * and of the SLA scheduler (Demo 3), checked at load like everything else
 * (file:line:col and JSON path on every error).
 *
 *   estimator:
 *     policy: first-listed          # whose transfers to predict (default:
 *                                   # the baseline)
 *     published:                    # optional, shown beside the predictions
 *       - {src: client, dst: xrd1, throughput: 0.222Mbps}
 *   sla:
 *     deadline: 60s                 # for the listed requests
 *     exhaustive: true              # reference: every assignment simulated
 *     instances:                    # optional seeded random instances
 *       {count: 4, seed: 7, files: 2, replicas: 2, size: 10MiB,
 *        clients: [client], replica-hosts: [xrd1, xrd2, xrd3, xrd4],
 *        slack: 1.1}                # or deadline: DURATION
 *   expect:
 *     - {estimator-error-at-most: 0.10}      # median relative error
 *     - {policy: sla-scheduler, sla-optimal-within: 0.05} */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run.h"
#include "pol.h"
#include "alto_schema.h"
#include "alto_buf.h"

static const alto_field est_fields[] = {
    {.name = "policy", .type = ALTO_S_STRING},
    {.name = "published", .type = ALTO_S_ARRAY},
    {0},
};
static const alto_field pub_fields[] = {
    {.name = "src", .type = ALTO_S_STRING, .required = 1},
    {.name = "dst", .type = ALTO_S_STRING, .required = 1},
    {.name = "throughput", .type = ALTO_S_RATE, .required = 1},
    {0},
};
static const alto_field sla_fields[] = {
    {.name = "deadline", .type = ALTO_S_DURATION},
    {.name = "exhaustive", .type = ALTO_S_BOOL},
    {.name = "instances", .type = ALTO_S_OBJECT},
    {0},
};
static const alto_field inst_fields[] = {
    {.name = "count", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "seed", .type = ALTO_S_INT, .has_min = 1, .min = 0},
    {.name = "files", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "replicas", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "size", .type = ALTO_S_SIZE, .required = 1},
    {.name = "clients", .type = ALTO_S_ARRAY},
    {.name = "replica-hosts", .type = ALTO_S_ARRAY},
    {.name = "slack", .type = ALTO_S_NUMBER},
    {.name = "deadline", .type = ALTO_S_DURATION},
    {0},
};

static int has_policy(const run_scenario *sc, const char *name) {
    for (int i = 0; i < sc->npols; i++) if (!strcmp(sc->pols[i].name, name)) return 1;
    return 0;
}

static int host_list(const run_scenario *sc, const json_t *obj, const char *key, alto_err *err) {
    const json_t *a = json_object_get(obj, key);
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v) {
        int n = json_is_string(v) ? sim_topo_node(sc->topo, json_string_value(v)) : -1;
        if (n < 0 || !sc->topo->nodes[n].is_host)
            return alto_doc_errf(sc->doc, err, a, NULL, (int)i, "expected a host of topology %s, got %s",
                                 sc->topo_source, alto_doc_show(v));
    }
    return 0;
}

/* sla.instances: checked, and its numbers parsed once, into sc->sla_gen. */
static int load_instances(run_scenario *sc, const json_t *s, const json_t *in, alto_err *err) {
    const alto_doc *d = sc->doc;
    run_sla_gen *g = &sc->sla_gen;
    long long count, seed, files, replicas;
    if (alto_schema_check(d, in, inst_fields, err) || host_list(sc, in, "clients", err) ||
        host_list(sc, in, "replica-hosts", err) ||
        alto_get_number(d, in, "slack", 0, &g->slack, err) ||
        alto_get_duration(d, in, "deadline", 0, &g->deadline, err) ||
        alto_get_int(d, in, "count", 0, &count, err) || alto_get_int(d, in, "seed", 0, &seed, err) ||
        alto_get_int(d, in, "files", 0, &files, err) || alto_get_int(d, in, "replicas", 0, &replicas, err) ||
        alto_get_size(d, in, "size", 0, &g->size, err))
        return -1;
    int has_slack = json_object_get(in, "slack") != NULL;
    if (has_slack == (json_object_get(in, "deadline") != NULL))
        return alto_doc_errf(d, err, s, "instances", -1, "give either slack: (the deadline is "
                             "that many times the exhaustive optimum) or deadline:");
    if (has_slack && !sc->sla_exhaustive)
        return alto_doc_errf(d, err, in, "slack", -1, "needs exhaustive: true (the optimum)");
    if (has_slack && !(g->slack >= 1))
        return alto_doc_errf(d, err, in, "slack", -1, "must be at least 1");
    g->count = (int)count;
    g->seed = (unsigned long long)seed;
    g->files = (int)files;
    g->replicas = (int)replicas;
    g->clients = json_object_get(in, "clients");
    g->replica_hosts = json_object_get(in, "replica-hosts");
    sc->sla_instances = in;
    return 0;
}

int run_scen_est_load(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *e = json_object_get(root, "estimator");
    if (e) {
        if (alto_schema_check(d, e, est_fields, err)) return -1;
        sc->est = 1;
        const char *pol = json_string_value(json_object_get(e, "policy"));
        if (pol && !has_policy(sc, pol))
            return alto_doc_errf(d, err, e, "policy", -1, "policy \"%s\" is not in policies:", pol);
        sc->est_policy = pol ? alto_xstrdup(pol) : NULL;
        const json_t *pub = json_object_get(e, "published");
        if (pub) {
            sc->est_published = json_array();
            size_t i;
            const json_t *p;
            json_array_foreach(pub, i, p) {
                double bps;
                if (alto_schema_check(d, p, pub_fields, err) ||
                    alto_get_rate(d, p, "throughput", 0, &bps, err))
                    return -1;
                for (int k = 0; k < 2; k++) {
                    const char *key = k ? "dst" : "src";
                    int n = sim_topo_node(sc->topo, json_string_value(json_object_get(p, key)));
                    if (n < 0 || !sc->topo->nodes[n].is_host)
                        return alto_doc_errf(d, err, p, key, -1, "unknown host \"%s\"",
                                             json_string_value(json_object_get(p, key)));
                }
                json_array_append_new(sc->est_published, json_pack("{s:O, s:O, s:f}", "src",
                                      json_object_get(p, "src"), "dst", json_object_get(p, "dst"),
                                      "bps", bps));
            }
        }
    }
    const json_t *s = json_object_get(root, "sla");
    if (s) {
        if (alto_schema_check(d, s, sla_fields, err)) return -1;
        sc->sla = 1;
        if (alto_get_duration(d, s, "deadline", 0, &sc->sla_deadline, err)) return -1;
        if (json_object_get(s, "deadline") && !(sc->sla_deadline > 0))
            return alto_doc_errf(d, err, s, "deadline", -1, "must be positive");
        sc->sla_exhaustive = json_is_true(json_object_get(s, "exhaustive"));
        const json_t *in = json_object_get(s, "instances");
        if (in && load_instances(sc, s, in, err)) return -1;
        if (!has_policy(sc, "sla-scheduler") && !sc->sla_exhaustive)
            return alto_doc_errf(d, err, root, "sla", -1, "list the sla-scheduler policy or ask for "
                                 "exhaustive: true: there is nothing to schedule");
    }
    for (int i = 0; i < sc->npols; i++)
        if (!strcmp(sc->pols[i].impl->name, "sla-scheduler") && !sc->sla)
            return alto_doc_errf(d, err, sc->pols[i].parent, NULL, sc->pols[i].index,
                                 "sla-scheduler needs an sla: block (deadline)");
    return 0;
}

int run_scen_est_expect(run_scenario *sc, const json_t *e, run_expect *x, alto_err *err) {
    const alto_doc *d = sc->doc;
    char text[256];
    if (json_object_get(e, "estimator-error-at-most")) {
        if (!sc->est)
            return alto_doc_errf(d, err, e, "estimator-error-at-most", -1, "needs an estimator: block");
        x->kind = RUN_EXPECT_EST_ERROR;
        if (alto_get_number(d, e, "estimator-error-at-most", 0, &x->value, err)) return -1;
        snprintf(text, sizeof text, "estimator median error at most %g%%", 100 * x->value);
    } else {
        const char *pol = json_string_value(json_object_get(e, "policy"));
        if (!sc->sla || !sc->sla_exhaustive)
            return alto_doc_errf(d, err, e, "sla-optimal-within", -1,
                                 "needs an sla: block with exhaustive: true (the optimum)");
        if (!pol || !has_policy(sc, pol))
            return alto_doc_errf(d, err, e, "policy", -1, "name a policy listed in policies:");
        x->kind = RUN_EXPECT_SLA;
        x->policy = alto_xstrdup(pol);
        if (alto_get_number(d, e, "sla-optimal-within", 0, &x->value, err)) return -1;
        snprintf(text, sizeof text, "%s meets the deadline wherever the optimum does, within %g%% "
                 "of its makespan", pol, 100 * x->value);
    }
    x->text = alto_xstrdup(text);
    return 0;
}

void run_scen_est_free(run_scenario *sc) {
    free(sc->est_policy);
    json_decref(sc->est_published);
}

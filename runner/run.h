/* run.h: the scenario runner (`altospec run`, `altospec validate`).
 *
 * A scenario is loaded once into json_t (alto_doc), validated here, and
 * turned into the plain arrays below; every later error about the scenario
 * (an ALTO server that lacks a cost type, an unreachable URL) still points
 * at the scenario line through the kept json_t nodes.
 *
 * Modules: run_scen.c (load, validate, generate workloads), run_alto.c (the
 * policies' cost questions over lib/alto_client; run_alto_mc.c the RFC 8189
 * multi-cost ones of alto-multicost), pol_*.c (one policy each,
 * behind pol.h), run_exec.c (the orchestration), run_report.c (report.json,
 * speedups, expectations, console table), run_cmd.c (the command line).
 * IETF 113 Demos 2 and 3: run_pv.c (RFC
 * 9275 path vectors), est.c (the estimator's network, rebuilt from ALTO's
 * answer), run_est.c (the estimator section), pol_sla.c (the SLA
 * scheduler and its search), run_sla.c (SLA instances and the exhaustive
 * reference), run_scen_est.c (their scenario blocks), run_report_est.c
 * (their expectations and console lines). */
#ifndef RUN_H
#define RUN_H

#include <jansson.h>
#include "alto_doc.h"
#include "alto_err.h"
#include "sim_backend.h"

struct pol_impl;

typedef struct run_file {
    char *name;
    double bytes;
    int *replicas;          /* node indices, in the data manager's order */
    int nrep;
    const json_t *node;
} run_file;

typedef struct run_request {
    int client;             /* node index */
    int file;               /* index into files */
    double start;           /* seconds */
    const json_t *node;     /* NULL for generated requests */
} run_request;

typedef struct run_policy {
    char *name;             /* as listed (unique) */
    const struct pol_impl *impl;
    const json_t *node;     /* the list entry (string or object) */
    const json_t *parent;   /* the policies array, for messages */
    int index;
    char *metric;           /* ALTO policies: cost metric asked for */
    char *query;            /* "endpoint-cost", "cost-map" or NULL = auto */
    void *state;            /* policy-owned, freed by pol_impl.free */
} run_policy;

typedef enum run_expect_kind {
    RUN_EXPECT_FASTER,      /* policy at least `value` x faster than `than` */
    RUN_EXPECT_MAX_MEAN,    /* policy's mean completion at most `value` s */
    RUN_EXPECT_REFERENCE,   /* every sweep time within `value` (relative) of
                               the scenario's reference times */
    RUN_EXPECT_EST_ERROR,   /* estimator: median |predicted - measured| /
                               measured at most `value` */
    RUN_EXPECT_SLA,         /* policy meets the deadline in every SLA
                               instance where the exhaustive optimum does,
                               with a makespan within `value` of it */
} run_expect_kind;

typedef struct run_expect {
    run_expect_kind kind;
    char *policy, *than;    /* than: FASTER only */
    double value;           /* FASTER: minimum ratio; MAX_MEAN: seconds */
    char *text;             /* human form for the report */
    const json_t *node;
} run_expect;

/* sla.instances, parsed at load (run_scen_est.c). */
typedef struct run_sla_gen {
    int count;
    unsigned long long seed;
    int files, replicas;
    double size;                /* bytes */
    double slack;               /* 0: a given deadline */
    double deadline;            /* seconds; 0 with a slack */
    const json_t *clients, *replica_hosts;  /* host names, or NULL */
} run_sla_gen;

typedef struct run_scenario {
    alto_doc *doc;
    char *path, *name, *description;
    json_t *topo_json;      /* the topology object (for a second copy) */
    alto_doc *topo_doc;     /* its document when it came from a file */
    char *topo_source;      /* file name or "(inline)" */
    sim_topo *topo;
    char *alto_url;         /* alto.url, or NULL = embedded */
    json_t *alto_addresses; /* object host -> address string, or NULL */
    double alto_timeout;
    const json_t *alto_node;
    int alto_property_map;  /* alto.property-map: the embedded server serves RFC 9240 */
    int alto_multi_cost;    /* alto.multi-cost: the embedded server serves RFC 8189 */
    sim_params params;      /* tcp: (the run's own are in run_settings) */
    char **backends;
    int nbackends;
    const json_t *backend_node;
    run_file *files;
    int nfiles;
    run_request *reqs;
    int nreqs;
    run_policy *pols;
    int npols;
    int repetitions;
    unsigned long seed;
    int sweep;
    char *baseline;
    run_expect *exp;
    int nexp;
    json_t *reference;          /* {label, sweep: {host: seconds}} or NULL (parsed) */
    /* estimator: (Demo 2), run_scen_est.c */
    int est;                    /* the block is present */
    char *est_policy;           /* whose transfers to predict (baseline) */
    json_t *est_published;      /* [{src, dst, bps}] or NULL */
    /* sla: (Demo 3), run_scen_est.c */
    int sla;                    /* the block is present */
    double sla_deadline;        /* seconds, for the listed requests; 0 none */
    int sla_exhaustive;         /* reference: every assignment simulated */
    const json_t *sla_instances;/* generator of random instances, or NULL */
    run_sla_gen sla_gen;        /* its numbers, parsed at load */
} run_scenario;

/* run_scen.c */
run_scenario *run_scenario_load(const char *path, alto_err *err);
void run_scenario_free(run_scenario *sc);
/* A fresh copy of the scenario's topology (the embedded server takes one). */
sim_topo *run_scenario_topo_copy(const run_scenario *sc, alto_err *err);
/* The address to ask ALTO about for a host ("ipv4:10.0.0.250"). */
int run_host_addr(const run_scenario *sc, int node, char *out, size_t n, alto_err *err);

/* run_scen_est.c: the estimator: and sla: blocks and their expectations
 * (called by run_scenario_load; exp is being filled). */
int run_scen_est_load(run_scenario *sc, const json_t *root, alto_err *err);
int run_scen_est_expect(run_scenario *sc, const json_t *e, run_expect *x, alto_err *err);
void run_scen_est_free(run_scenario *sc);

/* Command-line overrides. */
typedef struct run_opts {
    const char *backends;   /* "flow,ns3" or NULL */
    const char *server;     /* external ALTO IRD URL or NULL */
    int has_seed;
    unsigned long seed;
    double size_scale;      /* 0 = unchanged */
    const char *report_dir;
    int quiet;
} run_opts;

/* What one run uses where the command line may override the scenario:
 * resolved once, before anything runs, so that no later stage edits the
 * loaded scenario (run_settings.c). */
typedef struct run_settings {
    char **backends;            /* names; the first times the policies */
    int nbackends;
    const json_t *backend_node; /* the scenario's backend: entry, NULL for --backend */
    const char *alto_url;       /* --server, alto.url, or NULL = embedded */
    const json_t *alto_node;    /* the alto: block when alto_url is its url: */
    unsigned long seed;
    sim_params params;          /* tcp:, with this run's size_scale and seed */
} run_settings;

int run_settings_init(run_settings *rs, const run_scenario *sc, const run_opts *o, alto_err *err);
void run_settings_free(run_settings *rs);

/* run_exec.c: runs everything and returns the report (new reference), or
 * NULL with err (exit 2).  sc is not modified. */
json_t *run_execute(const run_scenario *sc, const run_opts *o, alto_err *err);

/* run_report.c */
/* Adds speedups and expectations to the report; returns 1 if any
 * expectation failed, else 0. */
int run_report_finish(const run_scenario *sc, json_t *report);
/* Writes report.json, report.html and summary.md atomically into dir. */
int run_report_write(const json_t *report, const char *dir, alto_err *err);
void run_report_console(const json_t *report, FILE *f);
/* run_report_est.c: estimator and SLA expectations (1 met, 0 failed, -1
 * not applicable) and console lines. */
int run_report_est_expect(const run_expect *x, const json_t *report, json_t *e);
void run_report_est_console(const json_t *report, FILE *f);

/* Deterministic seeded generator (splitmix64), shared by the workload
 * generator and the random policy. */
unsigned long long run_rand(unsigned long long *state);
double run_rand_unit(unsigned long long *state);     /* [0, 1) */

#endif

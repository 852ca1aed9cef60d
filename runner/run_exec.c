/* run_exec.c: one scenario run, start to finish.
 *
 * Order matters for the "nothing half-done" rule: everything that can fail
 * because of the input (backends, the ALTO server and the cost types each
 * policy needs, every policy's choices) happens before the first
 * simulation, and nothing is written here at all: run_cmd.c writes the
 * report directory only once the whole report exists.  The loaded
 * scenario is read only: the command line's overrides are in
 * run_settings, the policies' run state in this run's copy of them.
 *
 * Each policy is an alternative world: its transfers are simulated
 * together, on every backend listed; the times the policies are ranked by
 * are the first backend's, and each transfer's error is measured against
 * the most faithful backend listed (run_reference_backend).  Deterministic policies run once; `random`
 * runs once per repetition with seed (scenario seed, repetition).  The
 * sweep and the oracle use each request alone on the idle network.
 * Phases: prepare (backends, ALTO, the estimator), alone (sweep), choose
 * (every policy, then the SLA instances), simulate, report (run_exec_report.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "alto_tty.h"
#include "run_exec.h"
#include "srv.h"
#include "alto_buf.h"

double run_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- backends and simulation ----------------------------------------------------- */

static int find_backends(exec *e, alto_err *err) {
    const run_settings *rs = &e->rs;
    e->be = alto_xcalloc((size_t)rs->nbackends, sizeof *e->be);
    e->info = alto_xcalloc((size_t)rs->nbackends, sizeof *e->info);
    for (int i = 0; i < rs->nbackends; i++) {
        e->be[i] = sim_backend_find(rs->backends[i], err);
        if (!e->be[i]) {
            if (rs->backend_node) {
                char m[ALTO_ERR_MAX];
                snprintf(m, sizeof m, "%s", err->msg);
                return alto_doc_errf(e->sc->doc, err, alto_doc_root(e->sc->doc), "backend", -1, "%s", m);
            }
            return alto_err_wrap(err, "--backend %s", rs->backends[i]);
        }
        e->info[i] = json_object();
        e->nb++;
    }
    return 0;
}

/* Runs the same transfers on every backend: e->res[b][0..n-1]. */
static int simulate(exec *e, const sim_transfer *x, int n, int only_first, alto_err *err) {
    for (int b = 0; b < (only_first ? 1 : e->nb); b++) {
        json_t *info = json_object();
        if (e->be[b]->run(e->sc->topo, &e->rs.params, x, n, e->res[b], info, err)) {
            json_decref(info);
            return alto_err_wrap(err, "backend %s", e->be[b]->name);
        }
        json_object_update(e->info[b], info);
        json_decref(info);
    }
    return 0;
}

/* Lets every backend release what it kept across batches (mininet's
 * network).  With ok (the run went well) a failure here fails the run;
 * otherwise err keeps the run's own error. */
static int end_backends(exec *e, int ok, alto_err *err) {
    int rc = 0;
    for (int b = 0; b < e->nb; b++) {
        alto_err mine;
        if (!e->be[b]->end || e->be[b]->end(&mine) == 0) continue;
        if (ok && rc == 0) {
            *err = mine;
            alto_err_wrap(err, "backend %s", e->be[b]->name);
        } else {
            char first[ALTO_ERR_MAX];
            memcpy(first, err->msg, sizeof first);
            alto_err_set(err, "%s; and then: backend %s: %s", first, e->be[b]->name, mine.msg);
        }
        rc = -1;
    }
    return rc;
}

/* pol_ctx.simulate: the first backend, for the oracle. */
static int simulate_first(void *ud, const sim_transfer *x, int n, sim_result *out, alto_err *err) {
    exec *e = ud;
    json_t *info = json_object();
    int rc = e->be[0]->run(e->sc->topo, &e->rs.params, x, n, out, info, err);
    json_decref(info);
    return rc ? alto_err_wrap(err, "backend %s (oracle)", e->be[0]->name) : 0;
}

/* The reference the other backends are judged against is the most faithful
 * one listed, whatever the order: the packet-level simulation, then the
 * emulation, then the flow model (the one usually being judged); ties go
 * to the first listed. */
static const struct { const char *name; int rank; } fidelity[] = {
    {"ns3", 3}, {"mininet", 2}, {"flow", 1},
};

static int fidelity_rank(const char *name) {
    for (size_t i = 0; i < sizeof fidelity / sizeof *fidelity; i++)
        if (!strcmp(fidelity[i].name, name)) return fidelity[i].rank;
    return 0;
}

int run_reference_backend(const char *const *names, int n) {
    int best = 0;
    for (int b = 1; b < n; b++)
        if (fidelity_rank(names[b]) > fidelity_rank(names[best])) best = b;
    return best;
}

static int reference_of(const exec *e) {
    const char **names = alto_xcalloc((size_t)e->nb, sizeof *names);
    for (int b = 0; b < e->nb; b++) names[b] = e->be[b]->name;
    int ref = run_reference_backend(names, e->nb);
    free(names);
    return ref;
}

/* One record per transfer of e->res; a sweep transfer starts at 0 on an
 * idle network whatever its request says. */
static void add_records(exec *e, const char *policy, int rep, const int *reqidx, const int *choice,
                        int n, int sweep) {
    const run_scenario *sc = e->sc;
    double scale = e->rs.params.size_scale > 0 ? e->rs.params.size_scale : 1;
    for (int k = 0; k < n; k++) {
        const run_request *q = &sc->reqs[reqidx[k]];
        const run_file *f = &sc->files[q->file];
        json_t *r = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:f, s:f, s:f, s:f}",
                              "policy", policy, "repetition", rep, "request", reqidx[k],
                              "client", sc->topo->nodes[q->client].name, "file", f->name,
                              "replica", sc->topo->nodes[f->replicas[choice[k]]].name,
                              "bytes", f->bytes * scale, "start", sweep ? 0.0 : q->start,
                              "seconds", e->res[0][k].seconds, "finish", e->res[0][k].finish);
        json_object_set_new(r, "backend", json_string(e->be[0]->name));
        if (e->nb > 1) {
            json_t *per = json_object(), *rel = json_object();
            int ref = reference_of(e);
            double rs = e->res[ref][k].seconds;
            for (int b = 0; b < e->nb; b++) {
                json_object_set_new(per, e->be[b]->name, json_real(e->res[b][k].seconds));
                if (b != ref)
                    json_object_set_new(rel, e->be[b]->name, json_real((e->res[b][k].seconds - rs) / rs));
            }
            json_object_set_new(r, "backends", per);
            json_object_set_new(r, "reference_backend", json_string(e->be[ref]->name));
            json_object_set_new(r, "error_vs_reference", rel);
        }
        json_array_append_new(e->transfers, r);
    }
}

/* alone[i][j] for the oracle (first backend), and sweep records (every
 * backend) when the scenario asks for the sweep. */
static int run_alone(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    e->alone = alto_xcalloc((size_t)sc->nreqs, sizeof *e->alone);
    json_t *cache = json_object();      /* (replica, client, file) -> seconds */
    int rc = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++) {
        const run_request *q = &sc->reqs[i];
        const run_file *f = &sc->files[q->file];
        e->alone[i] = alto_xcalloc((size_t)f->nrep, sizeof **e->alone);
        alto_progress(sc->sweep ? "sweep: requests, each replica alone" : "oracle: requests, each replica alone",
                      i + 1, sc->nreqs);
        for (int j = 0; j < f->nrep && rc == 0; j++) {
            char key[64];
            snprintf(key, sizeof key, "%d>%d:%d", f->replicas[j], q->client, q->file);
            const json_t *hit = json_object_get(cache, key);
            if (hit && !sc->sweep) {
                e->alone[i][j] = json_real_value(hit);
                continue;
            }
            sim_transfer x = {f->replicas[j], q->client, f->bytes, 0};
            if (simulate(e, &x, 1, !sc->sweep, err)) { rc = -1; break; }
            e->alone[i][j] = e->res[0][0].seconds;
            json_object_set_new(cache, key, json_real(e->alone[i][j]));
            if (sc->sweep) add_records(e, "sweep", 0, &i, &j, 1, 1);
        }
    }
    json_decref(cache);
    alto_progress_end();
    return rc;
}

/* ---- ALTO and the estimator -------------------------------------------------------- */

static int alto_start(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    const char *url = e->rs.alto_url;
    if (!url) {
        sim_topo *copy = run_scenario_topo_copy(sc, err);
        if (!copy) return -1;
        /* The estimator and the SLA scheduler ask RFC 9275 path vectors;
         * other runs keep the plain RFC 7285 directory.  The RFC 8189
         * multi-cost resources only when the scenario asks (alto.multi-cost). */
        srv_config cfg = {.listen = "127.0.0.1:0", .quiet = 1,
                          .without = sc->est || sc->sla ? 0 : SRV_EXT_PV,
                          .with = (sc->alto_multi_cost ? SRV_EXT_MC : 0) |
                                  (sc->alto_property_map ? SRV_EXT_UPM : 0)};
        e->srv = srv_start(copy, &cfg, err);
        if (!e->srv) return alto_err_wrap(err, "embedded ALTO server");
        url = srv_ird_url(e->srv);
    }
    e->alto = run_alto_new(url, sc->alto_timeout);
    if (run_alto_ird(e->alto, err) == 0) return 0;
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    if (!e->rs.alto_url) return alto_err_set(err, "embedded ALTO server: %s", m);
    if (e->rs.alto_node)
        return alto_doc_errf(sc->doc, err, e->rs.alto_node, "url", -1, "cannot use the ALTO server: %s", m);
    return alto_err_set(err, "--server %s: cannot use the ALTO server: %s", e->rs.alto_url, m);
}

/* What the estimator knows of the network, asked once for every host
 * pair: ALTO's path vectors and ANE properties. */
static int estimator_start(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    int *hosts = alto_xcalloc((size_t)sc->topo->nnodes + 1, sizeof *hosts), nh = 0;
    for (int i = 0; i < sc->topo->nnodes; i++) if (sc->topo->nodes[i].is_host) hosts[nh++] = i;
    int rc = est_build(sc, e->alto, "estimator", hosts, nh, &e->est, err);
    free(hosts);
    if (rc == 0) return 0;
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(sc->doc, err, alto_doc_root(sc->doc), sc->est ? "estimator" : "sla", -1,
                         "the estimator cannot learn the network from ALTO: %s", m);
}

/* Backends, the ALTO server and every policy's preparation, the
 * estimator, the result arrays. */
static int prepare(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    if (find_backends(e, err)) return -1;
    int need_alto = sc->est || sc->sla;
    for (int i = 0; i < sc->npols; i++) need_alto |= e->pols[i].impl->uses_alto;
    e->ctx = (pol_ctx){.sc = sc, .seed = 0, .simulate = simulate_first, .sim_ud = e, .rs = &e->rs,
                       .pols = e->pols};
    if (need_alto) {
        if (alto_start(e, err)) return -1;
        e->ctx.alto = e->alto;
        for (int i = 0; i < sc->npols; i++)
            if (e->pols[i].impl->prepare && e->pols[i].impl->prepare(&e->ctx, &e->pols[i], err))
                return -1;
    }
    if ((sc->est || sc->sla) && estimator_start(e, err)) return -1;
    e->ctx.est = e->est;
    e->res = alto_xcalloc((size_t)e->nb, sizeof *e->res);
    for (int b = 0; b < e->nb; b++) e->res[b] = alto_xcalloc((size_t)sc->nreqs + 1, sizeof **e->res);
    e->x = alto_xcalloc((size_t)sc->nreqs + 1, sizeof *e->x);
    e->transfers = json_array();
    return 0;
}

/* ---- choices and their simulation ---------------------------------------------------- */

static int reps_of(const exec *e, const run_policy *p) {
    return p->impl->randomized ? e->sc->repetitions : 1;
}

/* Every policy's choices (ALTO answers included), and the policies'
 * report entries. */
static int choose_all(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    int total = 0;
    for (int i = 0; i < sc->npols; i++) total += reps_of(e, &e->pols[i]);
    e->choices = alto_xcalloc((size_t)total + 1, sizeof *e->choices);
    e->policies = json_array();
    for (int i = 0; i < sc->npols; i++) {
        run_policy *p = &e->pols[i];
        for (int r = 0; r < reps_of(e, p); r++) {
            e->ctx.seed = (unsigned long long)e->rs.seed * 1000003ULL + (unsigned long long)r;
            e->choices[e->nruns] = alto_xcalloc((size_t)sc->nreqs + 1, sizeof(int));
            alto_progress("choosing replicas (policy runs)", e->nruns + 1, total);
            if (p->impl->choose(&e->ctx, p, e->choices[e->nruns++], err)) { alto_progress_end(); return -1; }
        }
        json_array_append_new(e->policies, run_policy_json(p, reps_of(e, p)));
    }
    alto_progress_end();
    if (sc->sla && run_sla_choose(&e->ctx, &e->sla, err)) return -1;
    return 0;
}

static int simulate_all(exec *e, alto_err *err) {
    const run_scenario *sc = e->sc;
    int *idx = alto_xcalloc((size_t)sc->nreqs + 1, sizeof *idx);
    for (int i = 0; i < sc->nreqs; i++) idx[i] = i;
    int run = 0, rc = 0;
    for (int i = 0; i < sc->npols && rc == 0; i++) {
        const run_policy *p = &e->pols[i];
        for (int r = 0; r < reps_of(e, p) && rc == 0; r++, run++) {
            for (int k = 0; k < sc->nreqs; k++) {
                const run_request *q = &sc->reqs[k];
                e->x[k] = (sim_transfer){sc->files[q->file].replicas[e->choices[run][k]], q->client,
                                         sc->files[q->file].bytes, q->start};
            }
            char what[160];
            snprintf(what, sizeof what, "simulating %s (policy runs)", p->name);
            alto_progress(what, run + 1, e->nruns);
            rc = simulate(e, e->x, sc->nreqs, 0, err);
            if (rc == 0) add_records(e, p->name, r, idx, e->choices[run], sc->nreqs, 0);
        }
    }
    free(idx);
    alto_progress_end();
    return rc;
}

/* ---- the run ----------------------------------------------------------------------------- */

static void exec_free(exec *e) {
    est_free(e->est);
    run_sla_free(e->sla);
    srv_stop(e->srv);
    run_alto_free(e->alto);
    if (e->alone) for (int i = 0; i < e->sc->nreqs; i++) free(e->alone[i]);
    free(e->alone);
    for (int i = 0; i < e->nruns; i++) free(e->choices[i]);
    free(e->choices);
    for (int i = 0; i < e->sc->npols; i++)
        if (e->pols[i].impl->free) e->pols[i].impl->free(&e->pols[i]);
    free(e->pols);
    for (int b = 0; b < e->nb; b++) json_decref(e->info[b]);
    if (e->res) for (int b = 0; b < e->nb; b++) free(e->res[b]);
    free(e->res);
    free(e->info);
    free(e->be);
    free(e->x);
    json_decref(e->transfers);
    json_decref(e->policies);
    run_settings_free(&e->rs);
}

json_t *run_execute(const run_scenario *sc, const run_opts *o, alto_err *err) {
    double t0 = run_now();
    exec e = {.sc = sc};
    /* This run's copy of the policies: their state is the run's. */
    e.pols = alto_xcalloc((size_t)sc->npols + 1, sizeof *e.pols);
    for (int i = 0; i < sc->npols; i++) {
        e.pols[i] = sc->pols[i];
        e.pols[i].state = NULL;
    }
    json_t *report = NULL;
    int need_alone = sc->sweep;
    for (int i = 0; i < sc->npols; i++) need_alone |= sc->pols[i].impl->needs_alone;
    if (run_settings_init(&e.rs, sc, o, err) == 0 && prepare(&e, err) == 0 &&
        (!need_alone || run_alone(&e, err) == 0)) {
        e.ctx.alone = e.alone;
        if (choose_all(&e, err) == 0) {
            srv_stop(e.srv);        /* every ALTO question is asked */
            e.srv = NULL;
            /* The report needs the backends' info, final once they ended. */
            if (simulate_all(&e, err) == 0 && end_backends(&e, 1, err) == 0)
                report = run_exec_report(&e, t0, err);
        }
    }
    if (!report) end_backends(&e, 0, err);
    exec_free(&e);
    return report;
}

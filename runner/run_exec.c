/* run_exec.c: one scenario run, start to finish.
 *
 * Order matters for the "nothing half-done" rule: everything that can fail
 * because of the input (backends, the ALTO server and the cost types each
 * policy needs, every policy's choices) happens before the first
 * simulation, and nothing is written here at all: run_cmd.c writes the
 * report directory only once the whole report exists.
 *
 * Each policy is an alternative world: its transfers are simulated
 * together, on every backend listed (the first is the reference the
 * others are compared with).  Deterministic policies run once; `random`
 * runs once per repetition with seed (scenario seed, repetition).  The
 * sweep and the oracle use each request alone on the idle network. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "run.h"
#include "pol.h"
#include "est.h"
#include "run_sla.h"
#include "srv.h"
#include "alto_buf.h"
#include "alto_units.h"

typedef struct exec {
    run_scenario *sc;
    const sim_backend **be;
    int nb;
    json_t **info;          /* per backend */
    json_t *transfers;
    sim_transfer *x;
    sim_result **res;       /* [backend][transfer] */
} exec;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int apply_overrides(run_scenario *sc, const run_opts *o, alto_err *err) {
    if (o->backends) {
        for (int i = 0; i < sc->nbackends; i++) free(sc->backends[i]);
        free(sc->backends);
        sc->nbackends = 0;
        sc->backends = alto_xcalloc(strlen(o->backends) + 1, sizeof *sc->backends);
        char *copy = alto_xstrdup(o->backends), *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            if (*t) sc->backends[sc->nbackends++] = alto_xstrdup(t);
        free(copy);
        sc->backend_node = NULL;
        if (sc->nbackends == 0) return alto_err_set(err, "--backend: name at least one backend");
    }
    if (o->server) {
        free(sc->alto_url);
        sc->alto_url = alto_xstrdup(o->server);
        sc->alto_node = NULL;
    }
    if (o->has_seed) sc->seed = o->seed;
    if (o->size_scale > 0) sc->params.size_scale = o->size_scale;
    sc->params.seed = sc->seed;
    return 0;
}

static int find_backends(exec *e, alto_err *err) {
    run_scenario *sc = e->sc;
    e->be = alto_xcalloc((size_t)sc->nbackends, sizeof *e->be);
    e->info = alto_xcalloc((size_t)sc->nbackends, sizeof *e->info);
    for (int i = 0; i < sc->nbackends; i++) {
        e->be[i] = sim_backend_find(sc->backends[i], err);
        if (!e->be[i]) {
            if (sc->backend_node) {
                char m[ALTO_ERR_MAX];
                snprintf(m, sizeof m, "%s", err->msg);
                return alto_doc_errf(sc->doc, err, alto_doc_root(sc->doc), "backend", -1, "%s", m);
            }
            return alto_err_wrap(err, "--backend %s", sc->backends[i]);
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
        if (e->be[b]->run(e->sc->topo, &e->sc->params, x, n, e->res[b], info, err)) {
            json_decref(info);
            return alto_err_wrap(err, "backend %s", e->be[b]->name);
        }
        json_object_update(e->info[b], info);
        json_decref(info);
    }
    return 0;
}

/* pol_ctx.simulate: the first backend, for the oracle. */
static int simulate_first(void *ud, const sim_transfer *x, int n, sim_result *out, alto_err *err) {
    exec *e = ud;
    json_t *info = json_object();
    int rc = e->be[0]->run(e->sc->topo, &e->sc->params, x, n, out, info, err);
    json_decref(info);
    return rc ? alto_err_wrap(err, "backend %s (oracle)", e->be[0]->name) : 0;
}

static void add_records(exec *e, const char *policy, int rep, const int *reqidx, const int *choice,
                        int n) {
    const run_scenario *sc = e->sc;
    double scale = sc->params.size_scale > 0 ? sc->params.size_scale : 1;
    for (int k = 0; k < n; k++) {
        const run_request *q = &sc->reqs[reqidx[k]];
        const run_file *f = &sc->files[q->file];
        json_t *r = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:f, s:f, s:f, s:f}",
                              "policy", policy, "repetition", rep, "request", reqidx[k],
                              "client", sc->topo->nodes[q->client].name, "file", f->name,
                              "replica", sc->topo->nodes[f->replicas[choice[k]]].name,
                              "bytes", f->bytes * scale, "start", q->start,
                              "seconds", e->res[0][k].seconds, "finish", e->res[0][k].finish);
        json_object_set_new(r, "backend", json_string(e->be[0]->name));
        if (e->nb > 1) {
            json_t *per = json_object(), *rel = json_object();
            for (int b = 0; b < e->nb; b++) {
                json_object_set_new(per, e->be[b]->name, json_real(e->res[b][k].seconds));
                if (b > 0)
                    json_object_set_new(rel, e->be[b]->name,
                                        json_real((e->res[b][k].seconds - e->res[0][k].seconds) /
                                                  e->res[0][k].seconds));
            }
            json_object_set_new(r, "backends", per);
            json_object_set_new(r, "error_vs_first", rel);
        }
        json_array_append_new(e->transfers, r);
    }
}

/* alone[i][j] for the oracle (first backend), and sweep records (every
 * backend) when the scenario asks for the sweep. */
static int run_alone(exec *e, double ***alone_out, alto_err *err) {
    run_scenario *sc = e->sc;
    double **alone = alto_xcalloc((size_t)sc->nreqs, sizeof *alone);
    *alone_out = alone;
    json_t *cache = json_object();      /* (replica, client, file) -> seconds */
    int rc = 0;
    for (int i = 0; i < sc->nreqs && rc == 0; i++) {
        const run_request *q = &sc->reqs[i];
        const run_file *f = &sc->files[q->file];
        alone[i] = alto_xcalloc((size_t)f->nrep, sizeof **alone);
        for (int j = 0; j < f->nrep && rc == 0; j++) {
            char key[64];
            snprintf(key, sizeof key, "%d>%d:%d", f->replicas[j], q->client, q->file);
            const json_t *hit = json_object_get(cache, key);
            if (hit && !sc->sweep) {
                alone[i][j] = json_real_value(hit);
                continue;
            }
            sim_transfer x = {f->replicas[j], q->client, f->bytes, 0};
            if (simulate(e, &x, 1, !sc->sweep, err)) { rc = -1; break; }
            alone[i][j] = e->res[0][0].seconds;
            json_object_set_new(cache, key, json_real(alone[i][j]));
            if (sc->sweep) {
                int choice = j;
                /* The sweep transfer starts at 0 on an idle network. */
                double saved = sc->reqs[i].start;
                sc->reqs[i].start = 0;
                add_records(e, "sweep", 0, &i, &choice, 1);
                sc->reqs[i].start = saved;
            }
        }
    }
    json_decref(cache);
    return rc;
}

static void free_alone(const run_scenario *sc, double **alone) {
    if (!alone) return;
    for (int i = 0; i < sc->nreqs; i++) free(alone[i]);
    free(alone);
}

static json_t *params_json(const sim_params *p) {
    return json_pack("{s:f, s:f, s:i, s:f, s:s, s:f, s:I}", "mss", p->mss, "header", p->header,
                     "init_cwnd", p->init_cwnd, "rwnd", p->rwnd, "tcp", p->tcp,
                     "size_scale", p->size_scale, "seed", (json_int_t)p->seed);
}

static int alto_start(run_scenario *sc, srv_server **srv, run_alto **alto, alto_err *err) {
    const char *url = sc->alto_url;
    if (!url) {
        sim_topo *copy = run_scenario_topo_copy(sc, err);
        if (!copy) return -1;
        /* The estimator and the SLA scheduler ask RFC 9275 path vectors;
         * other runs keep the plain RFC 7285 directory. */
        srv_config cfg = {.listen = "127.0.0.1:0", .quiet = 1,
                          .without = sc->est || sc->sla ? 0 : SRV_EXT_PV};
        *srv = srv_start(copy, &cfg, err);
        if (!*srv) return alto_err_wrap(err, "embedded ALTO server");
        url = srv_ird_url(*srv);
    }
    *alto = run_alto_new(url, sc->alto_timeout);
    if (run_alto_ird(*alto, err) == 0) return 0;
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    if (!sc->alto_url) return alto_err_set(err, "embedded ALTO server: %s", m);
    if (sc->alto_node)
        return alto_doc_errf(sc->doc, err, sc->alto_node, "url", -1, "cannot use the ALTO server: %s", m);
    return alto_err_set(err, "--server %s: cannot use the ALTO server: %s", sc->alto_url, m);
}

json_t *run_execute(run_scenario *sc, const run_opts *o, alto_err *err) {
    double t0 = now_s();
    exec e;
    memset(&e, 0, sizeof e);
    e.sc = sc;
    srv_server *srv = NULL;
    run_alto *alto = NULL;
    double **alone = NULL;
    int **choices = NULL, nruns = 0;
    json_t *report = NULL, *pols = json_array();
    est_model *est = NULL;
    run_sla *sla = NULL;
    if (apply_overrides(sc, o, err) || find_backends(&e, err)) goto out;
    int need_alto = sc->est || sc->sla, need_alone = sc->sweep;
    for (int i = 0; i < sc->npols; i++) {
        need_alto |= sc->pols[i].impl->uses_alto;
        need_alone |= sc->pols[i].impl->needs_alone;
    }
    pol_ctx ctx = {sc, NULL, NULL, 0, simulate_first, &e, NULL};
    if (need_alto) {
        if (alto_start(sc, &srv, &alto, err)) goto out;
        ctx.alto = alto;
        for (int i = 0; i < sc->npols; i++)
            if (sc->pols[i].impl->prepare && sc->pols[i].impl->prepare(&ctx, &sc->pols[i], err))
                goto out;
    }
    if (sc->est || sc->sla) {
        /* What the estimator knows of the network, asked once for every
         * host pair: ALTO's path vectors and ANE properties. */
        int *hosts = alto_xcalloc((size_t)sc->topo->nnodes + 1, sizeof *hosts), nh = 0;
        for (int i = 0; i < sc->topo->nnodes; i++) if (sc->topo->nodes[i].is_host) hosts[nh++] = i;
        int brc = est_build(sc, alto, "estimator", hosts, nh, &est, err);
        free(hosts);
        if (brc) {
            char m[ALTO_ERR_MAX];
            snprintf(m, sizeof m, "%s", err->msg);
            alto_doc_errf(sc->doc, err, alto_doc_root(sc->doc), sc->est ? "estimator" : "sla", -1,
                          "the estimator cannot learn the network from ALTO: %s", m);
            goto out;
        }
        ctx.est = est;
    }
    e.res = alto_xcalloc((size_t)e.nb, sizeof *e.res);
    for (int b = 0; b < e.nb; b++) e.res[b] = alto_xcalloc((size_t)sc->nreqs + 1, sizeof **e.res);
    e.x = alto_xcalloc((size_t)sc->nreqs + 1, sizeof *e.x);
    e.transfers = json_array();
    if (need_alone && run_alone(&e, &alone, err)) goto out;
    ctx.alone = alone;

    /* All choices first (ALTO answers included), then the simulations. */
    int total_runs = 0;
    for (int i = 0; i < sc->npols; i++) total_runs += sc->pols[i].impl->randomized ? sc->repetitions : 1;
    choices = alto_xcalloc((size_t)total_runs, sizeof *choices);
    for (int i = 0; i < sc->npols; i++) {
        run_policy *p = &sc->pols[i];
        int reps = p->impl->randomized ? sc->repetitions : 1;
        for (int r = 0; r < reps; r++) {
            ctx.seed = (unsigned long long)sc->seed * 1000003ULL + (unsigned long long)r;
            choices[nruns] = alto_xcalloc((size_t)sc->nreqs + 1, sizeof(int));
            if (p->impl->choose(&ctx, p, choices[nruns], err)) { nruns++; goto out; }
            nruns++;
        }
        json_t *pj = json_pack("{s:s, s:s, s:s, s:b, s:i}", "name", p->name, "policy",
                               p->impl->name, "summary", p->impl->summary, "uses_alto",
                               p->impl->uses_alto, "runs", reps);
        if (p->metric) json_object_set_new(pj, "metric", json_string(p->metric));
        if (p->state && p->impl->prepare == pol_alto_prepare) {
            const run_alto_plan *pl = p->state;
            static const char *const via[] = {"endpoint-cost", "filtered-cost-map", "cost-map"};
            json_object_set_new(pj, "alto", json_pack("{s:s, s:s, s:s, s:s, s:s}", "cost_type",
                                pl->type_name, "cost_metric", pl->metric, "cost_mode", pl->mode,
                                "via", via[pl->via], "uri", pl->uri));
        }
        json_array_append_new(pols, pj);
    }
    if (sc->sla && run_sla_choose(&ctx, &sla, err)) goto out;
    srv_stop(srv);
    srv = NULL;

    int *idx = alto_xcalloc((size_t)sc->nreqs + 1, sizeof *idx);
    for (int i = 0; i < sc->nreqs; i++) idx[i] = i;
    int run = 0, rc = 0;
    for (int i = 0; i < sc->npols && rc == 0; i++) {
        run_policy *p = &sc->pols[i];
        int reps = p->impl->randomized ? sc->repetitions : 1;
        for (int r = 0; r < reps && rc == 0; r++, run++) {
            for (int k = 0; k < sc->nreqs; k++) {
                const run_request *q = &sc->reqs[k];
                e.x[k] = (sim_transfer){sc->files[q->file].replicas[choices[run][k]], q->client,
                                        sc->files[q->file].bytes, q->start};
            }
            rc = simulate(&e, e.x, sc->nreqs, 0, err);
            if (rc == 0) add_records(&e, p->name, r, idx, choices[run], sc->nreqs);
        }
    }
    free(idx);
    if (rc) goto out;

    report = json_object();
    json_object_set_new(report, "kind", json_string("run"));
    json_object_set_new(report, "version", json_integer(1));
    json_object_set_new(report, "scenario", json_pack("{s:s, s:s}", "name", sc->name, "path", sc->path));
    if (sc->description)
        json_object_set_new(json_object_get(report, "scenario"), "description", json_string(sc->description));
    json_object_set_new(report, "seed", json_integer((json_int_t)sc->seed));
    json_object_set_new(report, "repetitions", json_integer(sc->repetitions));
    json_object_set_new(report, "size_scale", json_real(sc->params.size_scale));
    json_object_set_new(report, "params", params_json(&sc->params));
    int nh = 0;
    for (int i = 0; i < sc->topo->nnodes; i++) nh += sc->topo->nodes[i].is_host;
    json_object_set_new(report, "topology", json_pack("{s:s, s:s, s:i, s:i, s:i}", "name",
                        sc->topo->name, "source", sc->topo_source, "nodes", sc->topo->nnodes,
                        "hosts", nh, "links", sc->topo->nlinks));
    json_t *bes = json_array();
    for (int b = 0; b < e.nb; b++) {
        json_array_append_new(bes, json_pack("{s:s, s:O, s:o}", "name", e.be[b]->name, "info",
                                             e.info[b], "params", params_json(&sc->params)));
    }
    json_object_set_new(report, "backends", bes);
    json_object_set_new(report, "baseline", json_string(sc->baseline));
    json_object_set_new(report, "policies", pols);
    pols = NULL;
    json_object_set_new(report, "requests", json_integer(sc->nreqs));
    json_object_set_new(report, "transfers", e.transfers);
    e.transfers = NULL;
    json_t *aj = json_object();
    json_object_set_new(aj, "server", alto ? json_string(run_alto_url(alto)) : json_null());
    json_object_set_new(aj, "embedded", json_boolean(alto && !sc->alto_url));
    json_object_set_new(aj, "evidence", alto ? json_incref(run_alto_evidence(alto)) : json_array());
    json_object_set_new(report, "alto", aj);
    if (sc->reference) {
        /* Reference times as numbers (seconds), like every number here. */
        json_t *ref = json_object(), *sw = json_object();
        const char *label = json_string_value(json_object_get(sc->reference, "label"));
        json_object_set_new(ref, "label", json_string(label ? label : ""));
        const char *host;
        const json_t *v;
        json_object_foreach((json_t *)json_object_get(sc->reference, "sweep"), host, v) {
            double secs = 0;
            if (json_is_string(v)) alto_parse_duration(json_string_value(v), &secs);
            else secs = json_number_value(v);
            json_object_set_new(sw, host, json_real(secs));
        }
        json_object_set_new(ref, "sweep", sw);
        json_object_set_new(report, "reference", ref);
    }
    if (sc->est) {
        json_t *ej = run_est_section(sc, &ctx, json_object_get(report, "transfers"), err);
        if (!ej) { json_decref(report); report = NULL; goto out; }
        json_object_set_new(report, "estimator", ej);
    }
    if (sc->sla) {
        json_t *sj = run_sla_finish(sla, &ctx, e.be[0]->name, err);
        if (!sj) { json_decref(report); report = NULL; goto out; }
        json_object_set_new(report, "sla", sj);
    }
    json_object_set_new(report, "wall_seconds", json_real(now_s() - t0));
out:
    est_free(est);
    run_sla_free(sla);
    srv_stop(srv);
    run_alto_free(alto);
    free_alone(sc, alone);
    for (int i = 0; i < nruns; i++) free(choices[i]);
    free(choices);
    for (int b = 0; b < e.nb; b++) json_decref(e.info[b]);
    if (e.res) for (int b = 0; b < e.nb; b++) free(e.res[b]);
    free(e.res);
    free(e.info);
    free(e.be);
    free(e.x);
    json_decref(e.transfers);
    json_decref(pols);
    return report;
}

/* run_exec_report.c: the report object of a run (report.json before
 * run_report_finish() adds what it derives): settings, topology, backends,
 * policies, transfers, the ALTO evidence, the reference times and the
 * estimator and SLA sections.  Members are numbers, never formatted
 * text; the order of members is the report's (README, "The run report"). */
#include "alto_meta.h"
#include "run_exec.h"

json_t *run_policy_json(const run_policy *p, int reps) {
    json_t *pj = json_pack("{s:s, s:s, s:s, s:b, s:i}", "name", p->name, "policy", p->impl->name,
                           "summary", p->impl->summary, "uses_alto", p->impl->uses_alto, "runs", reps);
    if (p->metric) json_object_set_new(pj, "metric", json_string(p->metric));
    json_t *d = p->impl->describe ? p->impl->describe(p) : NULL;
    if (d) json_object_set_new(pj, "alto", d);
    json_t *x = p->impl->explain ? p->impl->explain(p) : NULL;
    if (x) json_object_set_new(pj, "explain", x);
    return pj;
}

static json_t *params_json(const sim_params *p) {
    return json_pack("{s:f, s:f, s:i, s:f, s:s, s:f, s:I}", "mss", p->mss, "header", p->header,
                     "init_cwnd", p->init_cwnd, "rwnd", p->rwnd, "tcp", p->tcp,
                     "size_scale", p->size_scale, "seed", (json_int_t)p->seed);
}

/* scenario, settings, topology and backends. */
static void head_json(const exec *e, json_t *report) {
    const run_scenario *sc = e->sc;
    json_object_set_new(report, "kind", json_string("run"));
    json_object_set_new(report, "version", json_integer(1));
    json_object_set_new(report, "generated", alto_meta_generated());
    json_t *scen = json_pack("{s:s, s:s}", "name", sc->name, "path", sc->path);
    if (sc->description) json_object_set_new(scen, "description", json_string(sc->description));
    json_object_set_new(report, "scenario", scen);
    json_object_set_new(report, "seed", json_integer((json_int_t)e->rs.seed));
    json_object_set_new(report, "repetitions", json_integer(sc->repetitions));
    json_object_set_new(report, "size_scale", json_real(e->rs.params.size_scale));
    json_object_set_new(report, "params", params_json(&e->rs.params));
    json_object_set_new(report, "topology", json_pack("{s:s, s:s, s:i, s:i, s:i}", "name",
                        sc->topo->name, "source", sc->topo_source, "nodes", sc->topo->nnodes,
                        "hosts", sc->topo->nhosts, "links", sc->topo->nlinks));
    json_t *bes = json_array();
    for (int b = 0; b < e->nb; b++)
        json_array_append_new(bes, json_pack("{s:s, s:O, s:o}", "name", e->be[b]->name, "info",
                                             e->info[b], "params", params_json(&e->rs.params)));
    json_object_set_new(report, "backends", bes);
}

json_t *run_exec_report(exec *e, double t0, alto_err *err) {
    const run_scenario *sc = e->sc;
    json_t *report = json_object();
    head_json(e, report);
    json_object_set_new(report, "baseline", json_string(sc->baseline));
    json_object_set_new(report, "policies", e->policies);
    e->policies = NULL;
    json_object_set_new(report, "requests", json_integer(sc->nreqs));
    json_object_set_new(report, "transfers", e->transfers);
    e->transfers = NULL;
    json_t *aj = json_object();
    json_object_set_new(aj, "server", e->alto ? json_string(run_alto_url(e->alto)) : json_null());
    json_object_set_new(aj, "embedded", json_boolean(e->alto && !e->rs.alto_url));
    json_object_set_new(aj, "evidence", e->alto ? json_incref(run_alto_evidence(e->alto)) : json_array());
    json_object_set_new(report, "alto", aj);
    if (sc->reference) json_object_set_new(report, "reference", json_deep_copy(sc->reference));
    if (sc->est) {
        json_t *ej = run_est_section(sc, &e->ctx, json_object_get(report, "transfers"), err);
        if (!ej) { json_decref(report); return NULL; }
        json_object_set_new(report, "estimator", ej);
    }
    if (sc->sla) {
        json_t *sj = run_sla_finish(e->sla, &e->ctx, e->be[0]->name, err);
        if (!sj) { json_decref(report); return NULL; }
        json_object_set_new(report, "sla", sj);
    }
    json_object_set_new(report, "wall_seconds", json_real(run_now() - t0));
    return report;
}

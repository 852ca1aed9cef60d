/* run_sla.c: SLA instances, choices, measurements and the reference (see
 * run_sla.h).
 *
 * Instance 0 is the scenario's own files and requests with sla.deadline.
 * Random instances (sla.instances) are drawn with their own seed: each
 * has `files` files of `size` bytes, each with `replicas` distinct
 * replicas drawn from `replica-hosts` (default: every host that is not a
 * client) and one request from a client drawn from `clients` (default:
 * the topology's first host), all starting at 0.  Their deadline is
 * given, or `slack` times the exhaustive optimum on the measuring backend
 * (so that the optimum is feasible by construction and a careless choice
 * is not).
 *
 * The makespan of a job is its last finish minus its first start.  The
 * reference (sla.exhaustive) simulates every assignment on the run's
 * first backend (up to SLA_EXHAUSTIVE_MAX of them) and keeps the one with
 * the smallest measured makespan: the "exhaustive search on the
 * simulator" that the scheduler, which sees only ALTO, is judged against.
 * Policies that read the sweep (oracle) are not run on SLA instances. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_sla.h"
#include "est.h"
#include "alto_buf.h"

typedef struct sla_run {
    int pol, rep;
    int *choice;
    json_t *search;             /* sla-scheduler: how it searched */
} sla_run;

typedef struct sla_inst {
    char name[32];
    run_scenario view;          /* shallow copy of the scenario with this
                                   instance's files and requests */
    run_file *files;            /* owned when generated */
    run_request *reqs;
    int generated;
    double deadline;            /* 0: none (given) or from slack */
    double slack;
    sla_run *runs;
    int nruns;
} sla_inst;

struct run_sla {
    sla_inst *inst;
    int ninst;
};

void run_sla_free(run_sla *s) {
    if (!s) return;
    for (int i = 0; i < s->ninst; i++) {
        sla_inst *in = &s->inst[i];
        for (int r = 0; r < in->nruns; r++) { free(in->runs[r].choice); json_decref(in->runs[r].search); }
        free(in->runs);
        if (in->generated) {
            for (int f = 0; f < in->view.nfiles; f++) { free(in->files[f].name); free(in->files[f].replicas); }
            free(in->files);
            free(in->reqs);
        }
    }
    free(s->inst);
    free(s);
}

static int *host_array(const run_scenario *sc, const json_t *list, int *n) {
    int *h = alto_xcalloc((size_t)sc->topo->nnodes + 1, sizeof *h);
    *n = 0;
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) h[(*n)++] = sim_topo_node(sc->topo, json_string_value(v));
    return h;
}

static void generate(const run_scenario *sc, sla_inst *in, int k, unsigned long long *rs) {
    const run_sla_gen *g = &sc->sla_gen;
    int nf = g->files, nr = g->replicas;
    double size = g->size;
    int ncl, npool;
    int *cl = host_array(sc, g->clients, &ncl);
    if (ncl == 0) { cl[0] = 0; ncl = 1; }     /* nodes start with the hosts */
    int *pool = host_array(sc, g->replica_hosts, &npool);
    if (npool == 0)
        for (int h = 0; h < sc->topo->nnodes; h++) {
            int is_client = 0;
            for (int c = 0; c < ncl; c++) is_client |= cl[c] == h;
            if (sc->topo->nodes[h].is_host && !is_client) pool[npool++] = h;
        }
    snprintf(in->name, sizeof in->name, "random-%d", k + 1);
    in->generated = 1;
    in->files = alto_xcalloc((size_t)nf, sizeof *in->files);
    in->reqs = alto_xcalloc((size_t)nf, sizeof *in->reqs);
    int *cand = alto_xcalloc((size_t)npool + 1, sizeof *cand);
    for (int f = 0; f < nf; f++) {
        int client = cl[run_rand(rs) % (unsigned long long)ncl], nc = 0;
        for (int j = 0; j < npool; j++) if (pool[j] != client) cand[nc++] = pool[j];
        int want = nr < nc ? nr : nc;
        run_file *rf = &in->files[f];
        char name[32];
        snprintf(name, sizeof name, "file%d", f + 1);
        rf->name = alto_xstrdup(name);
        rf->bytes = size;
        rf->replicas = alto_xcalloc((size_t)want + 1, sizeof(int));
        for (int j = 0; j < want; j++) {       /* partial Fisher-Yates */
            int r = j + (int)(run_rand(rs) % (unsigned long long)(nc - j));
            int t = cand[j]; cand[j] = cand[r]; cand[r] = t;
            rf->replicas[rf->nrep++] = cand[j];
        }
        in->reqs[f] = (run_request){client, f, 0, NULL};
    }
    in->view.files = in->files;
    in->view.nfiles = nf;
    in->view.reqs = in->reqs;
    in->view.nreqs = nf;
    free(cand);
    free(cl);
    free(pool);
}

int run_sla_choose(pol_ctx *c, run_sla **out, alto_err *err) {
    const run_scenario *sc = c->sc;
    run_sla *s = alto_xcalloc(1, sizeof *s);
    int count = sc->sla_instances ? sc->sla_gen.count : 0;
    s->inst = alto_xcalloc((size_t)count + 1, sizeof *s->inst);
    sla_inst *in0 = &s->inst[s->ninst++];
    snprintf(in0->name, sizeof in0->name, "listed");
    in0->view = *sc;
    in0->deadline = sc->sla_deadline;
    unsigned long long rs = (sc->sla_instances ? sc->sla_gen.seed : 0) * 7919ULL + 113;
    for (int k = 0; k < count; k++) {
        sla_inst *in = &s->inst[s->ninst++];
        in->view = *sc;
        generate(sc, in, k, &rs);
        in->deadline = sc->sla_gen.deadline;
        in->slack = sc->sla_gen.slack;
    }
    int rc = 0;
    pol_ctx ic = *c;
    for (int i = 0; i < s->ninst && rc == 0; i++) {
        sla_inst *in = &s->inst[i];
        ic.sc = &in->view;
        int max = 0;
        for (int p = 0; p < sc->npols; p++)
            max += sc->pols[p].impl->randomized ? sc->repetitions : 1;
        in->runs = alto_xcalloc((size_t)max + 1, sizeof *in->runs);
        for (int p = 0; p < sc->npols && rc == 0; p++) {
            run_policy *pol = &c->pols[p];
            if (pol->impl->needs_alone) continue;
            int reps = pol->impl->randomized ? sc->repetitions : 1;
            for (int r = 0; r < reps && rc == 0; r++) {
                sla_run *run = &in->runs[in->nruns++];
                run->pol = p;
                run->rep = r;
                run->choice = alto_xcalloc((size_t)in->view.nreqs + 1, sizeof(int));
                ic.seed = (unsigned long long)c->rs->seed * 1000003ULL + (unsigned long long)r +
                          (unsigned long long)i * 7777ULL;
                rc = pol->impl->choose(&ic, pol, run->choice, err);
                if (rc == 0 && pol->impl->explain) run->search = pol->impl->explain(pol);
            }
        }
    }
    if (rc) { run_sla_free(s); return alto_err_wrap(err, "sla"); }
    *out = s;
    return 0;
}

typedef struct sim_ud {
    pol_ctx *c;
    const run_scenario *v;
    sim_transfer *x;
    sim_result *out;
    double *makespans;          /* every assignment's, in order */
    long n;
} sim_ud;

static void transfers_of(const run_scenario *v, const int *choice, sim_transfer *x) {
    for (int i = 0; i < v->nreqs; i++) {
        const run_request *q = &v->reqs[i];
        const run_file *f = &v->files[q->file];
        x[i] = (sim_transfer){f->replicas[choice[i]], q->client, f->bytes, q->start};
    }
}

static void span(const sim_transfer *x, const sim_result *o, int n, double *mk, double *tot) {
    double first = INFINITY, last = 0, sum = 0;
    for (int k = 0; k < n; k++) {
        if (x[k].start < first) first = x[k].start;
        if (o[k].finish > last) last = o[k].finish;
        sum += o[k].seconds;
    }
    *mk = n ? last - first : 0;
    *tot = sum;
}

/* sla_search's eval on the measuring backend (every choice is complete:
 * the exhaustive path never passes -1). */
static int eval_sim(void *ud, const int *choice, double *mk, double *tot, alto_err *err) {
    sim_ud *u = ud;
    transfers_of(u->v, choice, u->x);
    if (u->c->simulate(u->c->sim_ud, u->x, u->v->nreqs, u->out, err)) return -1;
    span(u->x, u->out, u->v->nreqs, mk, tot);
    u->makespans = alto_xrealloc(u->makespans, (size_t)(u->n + 1) * sizeof *u->makespans);
    u->makespans[u->n++] = *mk;
    return 0;
}

static json_t *assignment(const run_scenario *v, const int *choice) {
    json_t *a = json_array();
    for (int i = 0; i < v->nreqs; i++)
        json_array_append_new(a, json_string(v->topo->nodes[v->files[v->reqs[i].file].replicas[choice[i]]].name));
    return a;
}

static json_t *requests_json(const run_scenario *v, double scale) {
    json_t *a = json_array();
    for (int i = 0; i < v->nreqs; i++) {
        const run_file *f = &v->files[v->reqs[i].file];
        json_t *reps = json_array();
        for (int j = 0; j < f->nrep; j++) json_array_append_new(reps, json_string(v->topo->nodes[f->replicas[j]].name));
        json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:f, s:o}", "client",
                              v->topo->nodes[v->reqs[i].client].name, "file", f->name, "bytes",
                              f->bytes * (scale > 0 ? scale : 1),
                              "start", v->reqs[i].start, "replicas", reps));
    }
    return a;
}

/* The exhaustive optimum on the backend, or NULL (with "reason") when the
 * instance is too large. */
static int reference(pol_ctx *c, sla_inst *in, json_t *ij, alto_err *err) {
    const run_scenario *v = &in->view;
    int *nrep = alto_xcalloc((size_t)v->nreqs + 1, sizeof *nrep);
    int *best = alto_xcalloc((size_t)v->nreqs + 1, sizeof *best);
    for (int i = 0; i < v->nreqs; i++) nrep[i] = v->files[v->reqs[i].file].nrep;
    sim_ud u = {c, v, alto_xcalloc((size_t)v->nreqs + 1, sizeof(sim_transfer)),
                alto_xcalloc((size_t)v->nreqs + 1, sizeof(sim_result)), NULL, 0};
    double product = 1;
    for (int i = 0; i < v->nreqs; i++) product *= nrep[i];
    int rc = 0;
    if (product > SLA_EXHAUSTIVE_MAX) {
        json_object_set_new(ij, "optimum", json_null());
        json_object_set_new(ij, "optimum_note", json_string("more than 4096 assignments: no exhaustive reference"));
    } else {
        int exh;
        long evaluated;
        rc = sla_search(v->nreqs, nrep, eval_sim, &u, SLA_EXHAUSTIVE_MAX, best, &exh, &evaluated, err);
        if (rc == 0) {
            double mk, tot;
            transfers_of(v, best, u.x);
            /* The best's makespan, as recorded (no second simulation). */
            mk = INFINITY;
            for (long k = 0; k < u.n; k++) if (u.makespans[k] < mk) mk = u.makespans[k];
            (void)tot;
            if (in->slack > 0) in->deadline = in->slack * mk;
            int feasible = 0;
            for (long k = 0; k < u.n; k++) feasible += in->deadline > 0 && u.makespans[k] <= in->deadline;
            json_object_set_new(ij, "optimum", json_pack("{s:o, s:f, s:b, s:I, s:I}", "assignment",
                                assignment(v, best), "makespan", mk, "feasible",
                                in->deadline > 0 && mk <= in->deadline, "assignments", (json_int_t)u.n,
                                "feasible_assignments", (json_int_t)feasible));
        }
    }
    free(nrep); free(best); free(u.x); free(u.out); free(u.makespans);
    return rc;
}

static json_t *summary(const run_scenario *sc, const json_t *insts) {
    json_t *out = json_array();
    for (int p = 0; p < sc->npols; p++) {
        if (sc->pols[p].impl->needs_alone) continue;
        int runs = 0, met = 0, feas = 0, met_feas = 0, judged = 0;
        double worst = 0;
        size_t i, k;
        const json_t *in, *r;
        json_array_foreach(insts, i, in) {
            const json_t *opt = json_object_get(in, "optimum");
            int f = json_is_true(json_object_get(opt, "feasible"));
            json_array_foreach(json_object_get(in, "results"), k, r) {
                if (strcmp(json_string_value(json_object_get(r, "policy")), sc->pols[p].name)) continue;
                runs++;
                int m = json_is_true(json_object_get(r, "sla_met"));
                judged += !json_is_null(json_object_get(r, "sla_met"));
                met += m;
                feas += f;
                met_feas += f && m;
                const json_t *vo = json_object_get(r, "vs_optimum");
                if (json_is_number(vo) && json_number_value(vo) > worst) worst = json_number_value(vo);
            }
        }
        json_array_append_new(out, json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:f}", "policy",
                              sc->pols[p].name, "runs", runs, "judged", judged, "sla_met", met,
                              "feasible_runs", feas, "met_where_feasible", met_feas,
                              "worst_vs_optimum", worst));
    }
    return out;
}

json_t *run_sla_finish(run_sla *s, pol_ctx *c, const char *backend, alto_err *err) {
    const run_scenario *sc = c->sc;
    json_t *insts = json_array();
    int rc = 0;
    for (int i = 0; i < s->ninst && rc == 0; i++) {
        sla_inst *in = &s->inst[i];
        const run_scenario *v = &in->view;
        double scale = c->rs->params.size_scale;
        json_t *ij = json_pack("{s:s, s:o}", "name", in->name, "requests", requests_json(v, scale));
        json_array_append_new(insts, ij);
        /* A given deadline is for the scenario's sizes: at another size
         * scale (emulation runs) it is not applicable, like reference times. */
        if (in->slack == 0 && in->deadline > 0 && scale > 0 && scale != 1) {
            in->deadline = 0;
            json_object_set_new(ij, "deadline_note", json_string("not applicable: the deadline is for "
                                "full file sizes and this run scaled them (--size-scale)"));
        }
        if (sc->sla_exhaustive && (rc = reference(c, in, ij, err))) break;
        json_object_set_new(ij, "deadline", in->deadline > 0 ? json_real(in->deadline) : json_null());
        json_object_set_new(ij, "deadline_rule", json_string(in->slack > 0 ? "slack x exhaustive optimum"
                                                             : "given"));
        if (in->slack > 0) json_object_set_new(ij, "slack", json_real(in->slack));
        const json_t *opt = json_object_get(ij, "optimum");
        double opt_mk = json_is_object(opt) ? json_number_value(json_object_get(opt, "makespan")) : 0;
        json_t *res = json_array();
        json_object_set_new(ij, "results", res);
        sim_transfer *x = alto_xcalloc((size_t)v->nreqs + 1, sizeof *x);
        sim_result *o = alto_xcalloc((size_t)v->nreqs + 1, sizeof *o);
        for (int r = 0; r < in->nruns && rc == 0; r++) {
            const sla_run *run = &in->runs[r];
            double pm = 0, mm = 0, tot;
            transfers_of(v, run->choice, x);
            json_t *rj = json_pack("{s:s, s:i, s:o}", "policy", sc->pols[run->pol].name, "repetition",
                                   run->rep, "assignment", assignment(v, run->choice));
            json_array_append_new(res, rj);
            if (c->est) {
                if ((rc = est_predict(c->est, &c->rs->params, x, v->nreqs, o, err))) break;
                span(x, o, v->nreqs, &pm, &tot);
                json_object_set_new(rj, "predicted_makespan", json_real(pm));
            }
            if ((rc = c->simulate(c->sim_ud, x, v->nreqs, o, err))) break;
            span(x, o, v->nreqs, &mm, &tot);
            json_object_set_new(rj, "measured_makespan", json_real(mm));
            json_object_set_new(rj, "sla_met", in->deadline > 0 ? json_boolean(mm <= in->deadline) : json_null());
            if (opt_mk > 0) json_object_set_new(rj, "vs_optimum", json_real(mm / opt_mk));
            if (run->search) {
                json_object_del(run->search, "predicted_makespan");
                json_object_set(rj, "search", run->search);
            }
        }
        free(x);
        free(o);
    }
    if (rc) {
        json_decref(insts);
        return NULL;
    }
    return json_pack("{s:s, s:i, s:o, s:o}", "backend", backend, "exhaustive_max", SLA_EXHAUSTIVE_MAX,
                     "summary", summary(sc, insts), "instances", insts);
}

/* run_scen.c: loading and validating a scenario file.
 *
 * Everything a run needs is checked here, before anything runs or is
 * written: unknown members, hosts and files, replicas that are switches or
 * cannot reach the client, zero-size files, unknown policies, expectations
 * naming policies that are not listed.  Each error names file:line:col and
 * the JSON path (alto_doc_errf).  The format is documented in README
 * ("Scenario format") with an annotated example (scenarios/ietf113/d1.yaml).
 * Synthetic workloads (`generate:`) are expanded here, seeded, so a
 * scenario with 100,000 Poisson arrivals is a ten-line file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run.h"
#include "pol.h"
#include "alto_schema.h"
#include "alto_buf.h"
#include "alto_path.h"
#include "sim_graphml.h"

static const alto_field scen_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "description", .type = ALTO_S_STRING},
    {.name = "topology", .type = ALTO_S_ANY, .required = 1},
    {.name = "alto", .type = ALTO_S_OBJECT},
    {.name = "tcp", .type = ALTO_S_OBJECT},
    {.name = "backend", .type = ALTO_S_STRING_OR_ARRAY},
    {.name = "files", .type = ALTO_S_ARRAY},
    {.name = "requests", .type = ALTO_S_ARRAY},
    {.name = "generate", .type = ALTO_S_OBJECT},
    {.name = "policies", .type = ALTO_S_ARRAY, .required = 1},
    {.name = "sweep", .type = ALTO_S_BOOL},
    {.name = "repetitions", .type = ALTO_S_INT, .has_min = 1, .min = 1, .has_max = 1, .max = 1000},
    {.name = "seed", .type = ALTO_S_INT, .has_min = 1, .min = 0},
    {.name = "baseline", .type = ALTO_S_STRING},
    {.name = "expect", .type = ALTO_S_ARRAY},
    {.name = "reference", .type = ALTO_S_OBJECT},
    {.name = "estimator", .type = ALTO_S_OBJECT},
    {.name = "sla", .type = ALTO_S_OBJECT},
    {0},
};
static const alto_field graphml_fields[] = {
    {.name = "graphml", .type = ALTO_S_STRING, .required = 1},
    {.name = "hosts", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {.name = "at", .type = ALTO_S_ARRAY},
    {.name = "seed", .type = ALTO_S_INT, .has_min = 1, .min = 0},
    {.name = "host-bandwidth", .type = ALTO_S_RATE},
    {.name = "host-delay", .type = ALTO_S_DURATION},
    {.name = "default-bandwidth", .type = ALTO_S_RATE},
    {.name = "default-delay", .type = ALTO_S_DURATION},
    {.name = "queue", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {0},
};
static const alto_field topofile_fields[] = {
    {.name = "file", .type = ALTO_S_STRING, .required = 1},
    {.name = "queue", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {0},
};
static const alto_field alto_fields[] = {
    {.name = "server", .type = ALTO_S_STRING},
    {.name = "url", .type = ALTO_S_STRING},
    {.name = "addresses", .type = ALTO_S_OBJECT},
    {.name = "timeout", .type = ALTO_S_DURATION},
    {.name = "multi-cost", .type = ALTO_S_BOOL},
    {.name = "property-map", .type = ALTO_S_BOOL},
    {0},
};
static const alto_field tcp_fields[] = {
    {.name = "mss", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {.name = "header", .type = ALTO_S_INT, .has_min = 1, .min = 0},
    {.name = "init-cwnd", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {.name = "rwnd", .type = ALTO_S_SIZE},
    {.name = "cc", .type = ALTO_S_STRING},
    {0},
};
static const alto_field file_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "size", .type = ALTO_S_SIZE, .required = 1},
    {.name = "replicas", .type = ALTO_S_ARRAY, .required = 1},
    {0},
};
static const alto_field req_fields[] = {
    {.name = "client", .type = ALTO_S_STRING, .required = 1},
    {.name = "file", .type = ALTO_S_STRING, .required = 1},
    {.name = "start", .type = ALTO_S_DURATION},
    {0},
};
static const alto_field gen_fields[] = {
    {.name = "seed", .type = ALTO_S_INT, .has_min = 1, .min = 0},
    {.name = "files", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "size", .type = ALTO_S_SIZE, .required = 1},
    {.name = "replicas", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "requests", .type = ALTO_S_INT, .required = 1, .has_min = 1, .min = 1},
    {.name = "rate", .type = ALTO_S_NUMBER, .required = 1},
    {.name = "clients", .type = ALTO_S_ARRAY},
    {0},
};
static const alto_field pol_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "as", .type = ALTO_S_STRING},
    {.name = "metric", .type = ALTO_S_STRING},
    {.name = "query", .type = ALTO_S_STRING},
    {.name = "costs", .type = ALTO_S_ARRAY},
    {.name = "match", .type = ALTO_S_ARRAY},
    {.name = "then", .type = ALTO_S_OBJECT},
    {0},
};
static const alto_field exp_fields[] = {
    {.name = "policy", .type = ALTO_S_STRING},
    {.name = "faster-than", .type = ALTO_S_STRING},
    {.name = "by-at-least", .type = ALTO_S_NUMBER},
    {.name = "mean-at-most", .type = ALTO_S_DURATION},
    {.name = "reference-error-at-most", .type = ALTO_S_NUMBER},
    {.name = "estimator-error-at-most", .type = ALTO_S_NUMBER},
    {.name = "sla-optimal-within", .type = ALTO_S_NUMBER},
    {0},
};
static const alto_field ref_fields[] = {
    {.name = "label", .type = ALTO_S_STRING},
    {.name = "sweep", .type = ALTO_S_OBJECT, .required = 1},
    {0},
};

unsigned long long run_rand(unsigned long long *s) {
    unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double run_rand_unit(unsigned long long *s) { return (double)(run_rand(s) >> 11) / 9007199254740992.0; }

/* A file the scenario names at parent[key]: confined to its folder and
 * the repository's data folders (alto_path_confine), NULL on error. */
static char *rel_path(const alto_doc *d, const json_t *parent, const char *key, alto_err *err) {
    char *out = NULL;
    const char *p = json_string_value(json_object_get(parent, key));
    if (!p || !*p) {
        alto_doc_errf(d, err, parent, key, -1, "expected a file name");
        return NULL;
    }
    if (alto_path_confine(alto_doc_dir(d), p, &out, err)) {
        char m[ALTO_ERR_MAX];
        snprintf(m, sizeof m, "%s", err->msg);
        alto_doc_errf(d, err, parent, key, -1, "%s", m);
        return NULL;
    }
    return out;
}

/* A name that is printed on a terminal and names folders: no escapes. */
static int has_control(const char *s) {
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

/* err's message again, at the scenario's member parent[key]. */
static int blame(const alto_doc *d, alto_err *err, const json_t *parent, const char *key) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(d, err, parent, key, -1, "%s", m);
}

/* {file: ..., queue: N}: every link's queue overridden (e.g. the
 * deep-buffer variant), in the topology document as loaded. */
static void override_queue(json_t *topo, json_int_t q) {
    json_t *defs = json_object_get(topo, "defaults");
    if (!defs) json_object_set_new(topo, "defaults", defs = json_object());
    json_object_set_new(defs, "queue", json_integer(q));
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(topo, "links"), i, l) {
        if (json_object_get(l, "queue")) json_object_set_new(l, "queue", json_integer(q));
        json_t *r = json_object_get(l, "reverse");
        if (r && json_object_get(r, "queue")) json_object_set_new(r, "queue", json_integer(q));
    }
}

/* topology: FILE or {file: FILE, queue: N}; FILE may be GraphML. */
static int topology_file(run_scenario *sc, const json_t *root, const json_t *tv, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *fv = json_is_string(tv) ? tv : json_object_get(tv, "file");
    if (json_is_object(tv) && alto_schema_check(d, tv, topofile_fields, err)) return -1;
    if (!json_is_string(fv)) return alto_doc_errf(d, err, tv, "file", -1, "expected a file name");
    char *path = fv == tv ? rel_path(d, root, "topology", err) : rel_path(d, tv, "file", err);
    if (!path) return -1;
    size_t n = strlen(path);
    sc->topo_source = path;
    if (n > 8 && !strcmp(path + n - 8, ".graphml")) {
        sim_graphml_opts o;
        sim_graphml_opts_default(&o);
        sc->topo_json = sim_graphml_topology(path, &o, err);
        if (!sc->topo_json) return blame(d, err, root, "topology");
        return 0;
    }
    sc->topo_doc = alto_doc_load(path, err);
    if (!sc->topo_doc) return blame(d, err, root, "topology");
    sc->topo_json = json_incref(alto_doc_root(sc->topo_doc));
    if (json_is_object(tv) && json_object_get(tv, "queue"))
        override_queue(sc->topo_json, json_integer_value(json_object_get(tv, "queue")));
    return 0;
}

/* {graphml: FILE, hosts: N, ...}'s options. */
static int graphml_opts(const alto_doc *d, const json_t *tv, sim_graphml_opts *o, alto_err *err) {
    long long v;
    sim_graphml_opts_default(o);
    if (alto_get_int(d, tv, "hosts", 0, &v, err)) return -1;
    o->hosts = (int)v;
    if (alto_get_int(d, tv, "seed", 1, &v, err)) return -1;
    o->seed = (unsigned long)v;
    if (alto_get_int(d, tv, "queue", 0, &v, err)) return -1;
    o->queue = (int)v;
    return alto_get_rate(d, tv, "host-bandwidth", 0, &o->host_bps, err) ||
           alto_get_duration(d, tv, "host-delay", 0, &o->host_delay, err) ||
           alto_get_rate(d, tv, "default-bandwidth", 0, &o->default_bps, err) ||
           alto_get_duration(d, tv, "default-delay", -1, &o->default_delay, err) ? -1 : 0;
}

static int topology_graphml(run_scenario *sc, const json_t *tv, alto_err *err) {
    const alto_doc *d = sc->doc;
    sim_graphml_opts o;
    if (alto_schema_check(d, tv, graphml_fields, err) || graphml_opts(d, tv, &o, err)) return -1;
    const json_t *atv = json_object_get(tv, "at");
    const char **at = NULL;
    if (atv) {
        at = alto_xcalloc(json_array_size(atv) + 1, sizeof *at);
        for (size_t i = 0; i < json_array_size(atv); i++) {
            at[i] = json_string_value(json_array_get(atv, i));
            if (!at[i]) {
                free(at);
                return alto_doc_errf(d, err, atv, NULL, (int)i, "expected a node label or id");
            }
        }
        o.at = at;
        o.nat = (int)json_array_size(atv);
    }
    char *path = rel_path(d, tv, "graphml", err);
    if (!path) { free(at); return -1; }
    sc->topo_json = sim_graphml_topology(path, &o, err);
    sc->topo_source = path;
    free(at);
    return sc->topo_json ? 0 : blame(d, err, tv, "graphml");
}

static int load_topology(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *tv = json_object_get(root, "topology");
    if (json_is_string(tv) || (json_is_object(tv) && json_object_get(tv, "file")))
        return topology_file(sc, root, tv, err);
    if (json_is_object(tv) && json_object_get(tv, "graphml")) return topology_graphml(sc, tv, err);
    if (!json_is_object(tv))
        return alto_doc_errf(d, err, root, "topology", -1, "expected a file name, an inline "
                             "topology, or {graphml: FILE, hosts: N}; got %s", alto_doc_show(tv));
    sc->topo_json = json_incref((json_t *)tv);      /* inline */
    sc->topo_source = alto_xstrdup(alto_doc_name(d));
    return 0;
}

sim_topo *run_scenario_topo_copy(const run_scenario *sc, alto_err *err) {
    const alto_doc *d = sc->topo_doc ? sc->topo_doc : NULL;
    /* Inline topologies keep the scenario's positions. */
    if (!sc->topo_doc && json_object_get(alto_doc_root(sc->doc), "topology") == sc->topo_json)
        d = sc->doc;
    sim_topo *t = sim_topo_from_json(d, sc->topo_json, err);
    if (t && !d) {
        free(t->source);
        t->source = alto_xstrdup(sc->topo_source);
    }
    return t;
}

int run_host_addr(const run_scenario *sc, int node, char *out, size_t n, alto_err *err) {
    const sim_node *h = &sc->topo->nodes[node];
    const json_t *v = sc->alto_addresses ? json_object_get(sc->alto_addresses, h->name) : NULL;
    if (v) {
        const char *s = json_string_value(v);
        alto_addr a;
        if (!s || (alto_addr_parse_typed(s, &a) && alto_addr_parse(s, 0, &a)))
            return alto_doc_errf(sc->doc, err, sc->alto_addresses, h->name, -1,
                                 "expected an IP address, got %s", alto_doc_show(v));
        alto_addr_fmt_typed(&a, out, (int)n);
        return 0;
    }
    if (h->naddrs == 0) return alto_err_set(err, "host %s has no address", h->name);
    alto_addr_fmt_typed(&h->addrs[0], out, (int)n);
    return 0;
}

static int host_node(const run_scenario *sc, const json_t *obj, const char *key, int idx,
                     const char *name, alto_err *err) {
    int n = sim_topo_node(sc->topo, name);
    if (n < 0)
        return alto_doc_errf(sc->doc, err, obj, key, idx, "unknown host \"%s\" (not in topology %s)",
                             name, sc->topo_source);
    if (!sc->topo->nodes[n].is_host)
        return alto_doc_errf(sc->doc, err, obj, key, idx, "\"%s\" is a switch, not a host", name);
    return n;
}

static int load_files(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *files = json_object_get(root, "files");
    size_t i;
    const json_t *f;
    sc->files = alto_xcalloc(json_array_size(files) + 1, sizeof *sc->files);
    json_array_foreach(files, i, f) {
        if (alto_schema_check(d, f, file_fields, err)) return -1;
        run_file *rf = &sc->files[sc->nfiles];
        const char *name = json_string_value(json_object_get(f, "name"));
        for (int k = 0; k < sc->nfiles; k++)
            if (!strcmp(sc->files[k].name, name))
                return alto_doc_errf(d, err, f, "name", -1, "duplicate file \"%s\"", name);
        if (alto_get_size(d, f, "size", 0, &rf->bytes, err)) return -1;
        if (!(rf->bytes > 0))
            return alto_doc_errf(d, err, f, "size", -1, "a file needs a positive size, got %s",
                                 alto_doc_show(json_object_get(f, "size")));
        const json_t *reps = json_object_get(f, "replicas");
        if (json_array_size(reps) == 0)
            return alto_doc_errf(d, err, f, "replicas", -1, "a file needs at least one replica");
        rf->name = alto_xstrdup(name);
        rf->node = f;
        rf->replicas = alto_xcalloc(json_array_size(reps), sizeof(int));
        sc->nfiles++;
        size_t k;
        const json_t *r;
        json_array_foreach(reps, k, r) {
            if (!json_is_string(r))
                return alto_doc_errf(d, err, reps, NULL, (int)k, "expected a host name, got %s",
                                     alto_doc_show(r));
            int node = host_node(sc, reps, NULL, (int)k, json_string_value(r), err);
            if (node < 0) return -1;
            for (int q = 0; q < rf->nrep; q++)
                if (rf->replicas[q] == node)
                    return alto_doc_errf(d, err, reps, NULL, (int)k, "replica \"%s\" listed twice",
                                         json_string_value(r));
            rf->replicas[rf->nrep++] = node;
        }
    }
    return 0;
}

/* Every replica of the file must reach the client (sender is the replica). */
static int check_routes(run_scenario *sc, int client, int file, const json_t *where, alto_err *err) {
    const run_file *f = &sc->files[file];
    for (int k = 0; k < f->nrep; k++) {
        const int *p;
        if (sim_topo_path(sc->topo, f->replicas[k], client, &p) < 0) {
            const json_t *reps = json_object_get(f->node, "replicas");
            if (reps)
                return alto_doc_errf(sc->doc, err, reps, NULL, k, "replica \"%s\" of %s cannot "
                                     "reach client \"%s\" (no route)",
                                     sc->topo->nodes[f->replicas[k]].name, f->name,
                                     sc->topo->nodes[client].name);
            return alto_doc_errf(sc->doc, err, where, NULL, -1, "replica %s cannot reach %s",
                                 sc->topo->nodes[f->replicas[k]].name, sc->topo->nodes[client].name);
        }
    }
    return 0;
}

static int load_requests(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *reqs = json_object_get(root, "requests");
    size_t i;
    const json_t *r;
    sc->reqs = alto_xcalloc(json_array_size(reqs) + 1, sizeof *sc->reqs);
    json_array_foreach(reqs, i, r) {
        if (alto_schema_check(d, r, req_fields, err)) return -1;
        run_request *q = &sc->reqs[sc->nreqs];
        q->client = host_node(sc, r, "client", -1, json_string_value(json_object_get(r, "client")), err);
        if (q->client < 0) return -1;
        const char *fn = json_string_value(json_object_get(r, "file"));
        q->file = -1;
        for (int k = 0; k < sc->nfiles; k++)
            if (!strcmp(sc->files[k].name, fn)) q->file = k;
        if (q->file < 0)
            return alto_doc_errf(d, err, r, "file", -1, "unknown file \"%s\" (not in files:)", fn);
        if (alto_get_duration(d, r, "start", 0, &q->start, err)) return -1;
        if (q->start < 0) return alto_doc_errf(d, err, r, "start", -1, "must not be negative");
        q->node = r;
        if (check_routes(sc, q->client, q->file, r, err)) return -1;
        sc->nreqs++;
    }
    return 0;
}

/* generate: files with random replicas and Poisson request arrivals. */
static int generate(run_scenario *sc, const json_t *g, alto_err *err) {
    const alto_doc *d = sc->doc;
    if (alto_schema_check(d, g, gen_fields, err)) return -1;
    long long seed, nfiles, nrep, nreq;
    double size, rate;
    if (alto_get_int(d, g, "seed", (long long)sc->seed, &seed, err) ||
        alto_get_int(d, g, "files", 0, &nfiles, err) || alto_get_size(d, g, "size", 0, &size, err) ||
        alto_get_int(d, g, "replicas", 0, &nrep, err) ||
        alto_get_int(d, g, "requests", 0, &nreq, err) || alto_get_number(d, g, "rate", 0, &rate, err))
        return -1;
    if (!(size > 0)) return alto_doc_errf(d, err, g, "size", -1, "a file needs a positive size");
    if (!(rate > 0)) return alto_doc_errf(d, err, g, "rate", -1, "arrivals per second must be positive");
    /* the mean last arrival is requests/rate: keep it within the duration limit */
    if ((double)nreq / rate > ALTO_DURATION_MAX)
        return alto_doc_errf(d, err, g, "rate", -1, "%g arrivals per second put the last of %lld "
                             "requests beyond %gs (the duration limit)", rate, nreq, ALTO_DURATION_MAX);
    /* Every transfer becomes a report record: bound the report's size. */
    if (nreq > 1000000) return alto_doc_errf(d, err, g, "requests", -1, "at most 1,000,000");
    if (nfiles > 1000000) return alto_doc_errf(d, err, g, "files", -1, "at most 1,000,000");
    int nh = 0;
    int *hosts = alto_xcalloc((size_t)sc->topo->nnodes + 1, sizeof *hosts);
    const json_t *cl = json_object_get(g, "clients");
    int *clients = alto_xcalloc((size_t)sc->topo->nnodes + json_array_size(cl) + 1, sizeof *clients);
    int ncl = 0, rc = 0;
    for (int i = 0; i < sc->topo->nnodes; i++) if (sc->topo->nodes[i].is_host) hosts[nh++] = i;
    size_t i;
    const json_t *c;
    json_array_foreach(cl, i, c) {
        int node = json_is_string(c) ? host_node(sc, cl, NULL, (int)i, json_string_value(c), err)
                                     : alto_doc_errf(d, err, cl, NULL, (int)i, "expected a host name");
        if (node < 0) { rc = -1; goto out; }
        clients[ncl++] = node;
    }
    if (!cl) { memcpy(clients, hosts, (size_t)nh * sizeof *hosts); ncl = nh; }
    if (nrep >= nh) {
        rc = alto_doc_errf(d, err, g, "replicas", -1, "%lld replicas per file need more than %d hosts",
                           nrep, nh);
        goto out;
    }
    unsigned long long s = (unsigned long long)seed;
    int base = sc->nfiles;
    sc->files = alto_xrealloc(sc->files, (size_t)(base + nfiles + 1) * sizeof *sc->files);
    for (long long k = 0; k < nfiles; k++) {
        run_file *f = &sc->files[sc->nfiles++];
        memset(f, 0, sizeof *f);
        char name[32];
        snprintf(name, sizeof name, "f%lld", k);
        f->name = alto_xstrdup(name);
        f->bytes = size;
        f->node = g;
        f->replicas = alto_xcalloc((size_t)nrep, sizeof(int));
        for (int j = 0; j < nrep; j++) {      /* partial Fisher-Yates over hosts */
            int r = j + (int)(run_rand(&s) % (unsigned long long)(nh - j));
            int t = hosts[j]; hosts[j] = hosts[r]; hosts[r] = t;
            f->replicas[f->nrep++] = hosts[j];
        }
    }
    sc->reqs = alto_xrealloc(sc->reqs, (size_t)(sc->nreqs + nreq + 1) * sizeof *sc->reqs);
    double now = 0;
    for (long long k = 0; k < nreq; k++) {
        run_request *q = &sc->reqs[sc->nreqs++];
        now += -log(1 - run_rand_unit(&s)) / rate;
        q->start = now;
        q->node = NULL;
        q->file = base + (int)(run_rand(&s) % (unsigned long long)nfiles);
        /* A client that holds the file would not download it: redraw. */
        const run_file *f = &sc->files[q->file];
        for (int tries = 0;; tries++) {
            q->client = clients[run_rand(&s) % (unsigned long long)ncl];
            int own = 0;
            for (int j = 0; j < f->nrep; j++) own |= f->replicas[j] == q->client;
            if (!own || tries > 64) break;
        }
        if (check_routes(sc, q->client, q->file, g, err)) { rc = -1; goto out; }
    }
out:
    free(hosts);
    free(clients);
    return rc;
}

static int load_policies(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *pols = json_object_get(root, "policies");
    if (json_array_size(pols) == 0)
        return alto_doc_errf(d, err, root, "policies", -1, "list at least one policy (%s)", pol_names());
    sc->pols = alto_xcalloc(json_array_size(pols), sizeof *sc->pols);
    size_t i;
    const json_t *p;
    json_array_foreach(pols, i, p) {
        const char *name, *as = NULL, *metric = NULL, *query = NULL;
        if (json_is_string(p)) {
            name = json_string_value(p);
        } else {
            if (alto_schema_check(d, p, pol_fields, err)) return -1;
            name = json_string_value(json_object_get(p, "name"));
            as = json_string_value(json_object_get(p, "as"));
            metric = json_string_value(json_object_get(p, "metric"));
            query = json_string_value(json_object_get(p, "query"));
        }
        const pol_impl *impl = pol_find(name);
        if (!impl)
            return alto_doc_errf(d, err, pols, NULL, (int)i, "unknown policy \"%s\" (known: %s)",
                                 name, pol_names());
        if (query && strcmp(query, "endpoint-cost") && strcmp(query, "cost-map"))
            return alto_doc_errf(d, err, p, "query", -1, "expected endpoint-cost or cost-map");
        if ((metric || query) && !impl->uses_alto)
            return alto_doc_errf(d, err, pols, NULL, (int)i, "policy %s does not query ALTO: "
                                 "metric and query do not apply", name);
        if (json_object_get(p, "costs") && !impl->takes_costs)
            return alto_doc_errf(d, err, p, "costs", -1, "policy %s ranks on one metric: costs: "
                                 "is for alto-multicost", name);
        const char *label = as ? as : name;
        if (has_control(label))
            return alto_doc_errf(d, err, pols, NULL, (int)i, "control characters are not allowed "
                                 "in a policy name");
        for (int k = 0; k < sc->npols; k++)
            if (!strcmp(sc->pols[k].name, label))
                return alto_doc_errf(d, err, pols, NULL, (int)i, "policy \"%s\" listed twice "
                                     "(give one an `as:` name)", label);
        run_policy *rp = &sc->pols[sc->npols++];
        rp->name = alto_xstrdup(label);
        rp->impl = impl;
        rp->node = p;
        rp->parent = pols;
        rp->index = (int)i;
        rp->metric = metric ? alto_xstrdup(metric) : NULL;
        rp->query = query ? alto_xstrdup(query) : NULL;
        if (impl->check && impl->check(sc, rp, err)) return -1;
    }
    return 0;
}

static const run_policy *find_policy(const run_scenario *sc, const char *name) {
    for (int i = 0; i < sc->npols; i++) if (!strcmp(sc->pols[i].name, name)) return &sc->pols[i];
    return NULL;
}

static int load_expect(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *ex = json_object_get(root, "expect");
    sc->exp = alto_xcalloc(json_array_size(ex) + 1, sizeof *sc->exp);
    size_t i;
    const json_t *e;
    json_array_foreach(ex, i, e) {
        if (alto_schema_check(d, e, exp_fields, err)) return -1;
        run_expect *x = &sc->exp[sc->nexp];
        const char *pol = json_string_value(json_object_get(e, "policy"));
        const char *than = json_string_value(json_object_get(e, "faster-than"));
        char text[256];
        x->node = e;
        if (json_object_get(e, "estimator-error-at-most") || json_object_get(e, "sla-optimal-within")) {
            if (run_scen_est_expect(sc, e, x, err)) return -1;
            sc->nexp++;
            continue;
        }
        if (json_object_get(e, "reference-error-at-most")) {
            if (!json_object_get(root, "reference"))
                return alto_doc_errf(d, err, e, "reference-error-at-most", -1,
                                     "needs a reference: section with the reference times");
            x->kind = RUN_EXPECT_REFERENCE;
            x->value = json_number_value(json_object_get(e, "reference-error-at-most"));
            snprintf(text, sizeof text, "every sweep time within %g%% of the reference", 100 * x->value);
        } else {
            if (!pol) return alto_doc_errf(d, err, e, "policy", -1, "missing: which policy?");
            if (!find_policy(sc, pol))
                return alto_doc_errf(d, err, e, "policy", -1, "policy \"%s\" is not in policies:", pol);
            x->policy = alto_xstrdup(pol);
            if (than) {
                if (!find_policy(sc, than))
                    return alto_doc_errf(d, err, e, "faster-than", -1,
                                         "policy \"%s\" is not in policies:", than);
                x->kind = RUN_EXPECT_FASTER;
                x->than = alto_xstrdup(than);
                if (alto_get_number(d, e, "by-at-least", 1, &x->value, err)) return -1;
                snprintf(text, sizeof text, "%s at least %gx faster than %s", pol, x->value, than);
            } else if (json_object_get(e, "mean-at-most")) {
                x->kind = RUN_EXPECT_MAX_MEAN;
                if (alto_get_duration(d, e, "mean-at-most", 0, &x->value, err)) return -1;
                snprintf(text, sizeof text, "%s mean completion at most %g s", pol, x->value);
            } else {
                return alto_doc_errf(d, err, ex, NULL, (int)i, "say faster-than: POLICY or "
                                     "mean-at-most: DURATION");
            }
        }
        x->text = alto_xstrdup(text);
        sc->nexp++;
    }
    return 0;
}

static int load_alto_tcp(run_scenario *sc, const json_t *root, alto_err *err) {
    const alto_doc *d = sc->doc;
    const json_t *a = json_object_get(root, "alto");
    sc->alto_timeout = 10;
    if (a) {
        if (alto_schema_check(d, a, alto_fields, err)) return -1;
        const char *server = json_string_value(json_object_get(a, "server"));
        const char *url = json_string_value(json_object_get(a, "url"));
        if (server && strcmp(server, "embedded"))
            return alto_doc_errf(d, err, a, "server", -1, "expected \"embedded\" (or give url:)");
        if (server && url)
            return alto_doc_errf(d, err, a, "url", -1, "give either server: embedded or url:");
        if (url && json_object_get(a, "multi-cost"))
            return alto_doc_errf(d, err, a, "multi-cost", -1, "configures the embedded server; "
                                 "a server at url: offers what it offers");
        if (url && json_object_get(a, "property-map"))
            return alto_doc_errf(d, err, a, "property-map", -1, "configures the embedded server; "
                                 "a server at url: offers what it offers");
        sc->alto_multi_cost = json_is_true(json_object_get(a, "multi-cost"));
        sc->alto_property_map = json_is_true(json_object_get(a, "property-map"));
        if (url && strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
            return alto_doc_errf(d, err, a, "url", -1, "expected an http(s) URL of the IRD");
        sc->alto_url = url ? alto_xstrdup(url) : NULL;
        sc->alto_addresses = json_incref(json_object_get(a, "addresses"));
        sc->alto_node = a;
        if (alto_get_duration(d, a, "timeout", 10, &sc->alto_timeout, err)) return -1;
        const char *h;
        const json_t *v;
        json_object_foreach(sc->alto_addresses, h, v) {
            int n = host_node(sc, sc->alto_addresses, h, -1, h, err);
            char buf[80];
            if (n < 0 || run_host_addr(sc, n, buf, sizeof buf, err)) return -1;
        }
    }
    sim_params_default(&sc->params);
    const json_t *t = json_object_get(root, "tcp");
    if (t) {
        long long v;
        if (alto_schema_check(d, t, tcp_fields, err)) return -1;
        if (alto_get_int(d, t, "mss", 1448, &v, err)) return -1;
        sc->params.mss = (double)v;
        if (alto_get_int(d, t, "header", 54, &v, err)) return -1;
        sc->params.header = (double)v;
        if (alto_get_int(d, t, "init-cwnd", 10, &v, err)) return -1;
        sc->params.init_cwnd = (int)v;
        if (alto_get_size(d, t, "rwnd", sc->params.rwnd, &sc->params.rwnd, err)) return -1;
        if (sc->params.rwnd < sc->params.mss)
            return alto_doc_errf(d, err, t, "rwnd", -1, "must be at least one segment (mss)");
        const char *cc = json_string_value(json_object_get(t, "cc"));
        if (cc && strcmp(cc, "cubic") && strcmp(cc, "newreno"))
            return alto_doc_errf(d, err, t, "cc", -1, "expected cubic or newreno");
        if (cc) sc->params.tcp = !strcmp(cc, "cubic") ? "cubic" : "newreno";
    }
    return 0;
}

static int load_backends(run_scenario *sc, const json_t *root, alto_err *err) {
    const json_t *b = json_object_get(root, "backend");
    sc->backend_node = b;
    if (!b) {
        sc->backends = alto_xcalloc(1, sizeof *sc->backends);
        sc->backends[sc->nbackends++] = alto_xstrdup("flow");
        return 0;
    }
    size_t n = json_is_array(b) ? json_array_size(b) : 1;
    if (n == 0) return alto_doc_errf(sc->doc, err, root, "backend", -1, "name at least one backend");
    sc->backends = alto_xcalloc(n, sizeof *sc->backends);
    for (size_t i = 0; i < n; i++) {
        const char *name = json_string_value(json_is_array(b) ? json_array_get(b, i) : b);
        alto_err e;
        if (!sim_backend_find(name, &e) && strstr(e.msg, "unknown backend"))
            return alto_doc_errf(sc->doc, err, root, "backend", -1, "%s", e.msg);
        sc->backends[sc->nbackends++] = alto_xstrdup(name);
    }
    return 0;
}

/* A topology that does not load.  Errors from a topology file already
 * carry its file:line:col.  Others get the scenario's topology line, and a
 * host that cannot be reached is blamed on the replica or client line that
 * names it, when one does: that is where the user has to look. */
static void topo_error(run_scenario *sc, const json_t *root, alto_err *err) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    if (sc->topo_doc) return;
    const char *tag = strstr(m, "cannot reach host \"");
    if (tag) {
        char host[128];
        snprintf(host, sizeof host, "%s", tag + strlen("cannot reach host \""));
        host[strcspn(host, "\"")] = 0;
        size_t i, k;
        const json_t *f, *r;
        json_array_foreach(json_object_get(root, "files"), i, f) {
            const json_t *reps = json_object_get(f, "replicas");
            json_array_foreach(reps, k, r)
                if (json_is_string(r) && !strcmp(json_string_value(r), host)) {
                    alto_doc_errf(sc->doc, err, reps, NULL, (int)k, "replica \"%s\" is unreachable "
                                  "(%s)", host, m);
                    return;
                }
        }
        json_array_foreach(json_object_get(root, "requests"), i, r) {
            const char *client = json_string_value(json_object_get(r, "client"));
            if (client && !strcmp(client, host)) {
                alto_doc_errf(sc->doc, err, r, "client", -1, "client \"%s\" is unreachable (%s)",
                              host, m);
                return;
            }
        }
    }
    /* Already "scenario:LINE:..." (an inline topology's own error)? */
    const char *name = alto_doc_name(sc->doc);
    size_t n = strlen(name);
    int has_line = !strncmp(m, name, n) && m[n] == ':' && m[n + 1] >= '0' && m[n + 1] <= '9';
    if (!has_line) alto_doc_errf(sc->doc, err, root, "topology", -1, "%s", m);
}

/* reference: {label, sweep: {host: duration}}, kept with the times in
 * seconds (numbers, like everything in a report). */
static int load_reference(run_scenario *sc, const json_t *root, alto_err *err) {
    const json_t *ref = json_object_get(root, "reference");
    if (!ref) return 0;
    if (alto_schema_check(sc->doc, ref, ref_fields, err)) return -1;
    const char *label = json_string_value(json_object_get(ref, "label"));
    json_t *sweep = json_object();
    sc->reference = json_pack("{s:s, s:o}", "label", label ? label : "", "sweep", sweep);
    const json_t *sv = json_object_get(ref, "sweep"), *rv;
    const char *h;
    json_object_foreach((json_t *)sv, h, rv) {
        double secs;
        if (host_node(sc, sv, h, -1, h, err) < 0 || alto_get_duration(sc->doc, sv, h, 0, &secs, err))
            return -1;
        json_object_set_new(sweep, h, json_real(secs));
    }
    return 0;
}

run_scenario *run_scenario_load(const char *path, alto_err *err) {
    run_scenario *sc = alto_xcalloc(1, sizeof *sc);
    sc->path = alto_xstrdup(path);
    sc->doc = alto_doc_load(path, err);
    if (!sc->doc) goto fail;
    const json_t *root = alto_doc_root(sc->doc);
    if (alto_schema_check(sc->doc, root, scen_fields, err)) goto fail;
    if (has_control(json_string_value(json_object_get(root, "name")))) {
        alto_doc_errf(sc->doc, err, root, "name", -1, "control characters are not allowed in a name "
                      "(it is printed and names the report folder)");
        goto fail;
    }
    sc->name = alto_xstrdup(json_string_value(json_object_get(root, "name")));
    const char *desc = json_string_value(json_object_get(root, "description"));
    sc->description = desc ? alto_xstrdup(desc) : NULL;
    long long v;
    if (alto_get_int(sc->doc, root, "repetitions", 1, &v, err)) goto fail;
    sc->repetitions = (int)v;
    if (alto_get_int(sc->doc, root, "seed", 1, &v, err)) goto fail;
    sc->seed = (unsigned long)v;
    sc->sweep = json_is_true(json_object_get(root, "sweep"));
    if (load_topology(sc, root, err)) goto fail;
    sc->topo = run_scenario_topo_copy(sc, err);
    if (!sc->topo) {
        topo_error(sc, root, err);
        goto fail;
    }
    if (load_alto_tcp(sc, root, err) || load_backends(sc, root, err) ||
        load_files(sc, root, err) || load_requests(sc, root, err))
        goto fail;
    const json_t *g = json_object_get(root, "generate");
    if (g && generate(sc, g, err)) goto fail;
    if (sc->nreqs == 0) {
        alto_doc_errf(sc->doc, err, root, "requests", -1, "no requests: list requests: or generate:");
        goto fail;
    }
    if (load_policies(sc, root, err) || run_scen_est_load(sc, root, err) ||
        load_expect(sc, root, err))
        goto fail;
    if (load_reference(sc, root, err)) goto fail;
    const char *base = json_string_value(json_object_get(root, "baseline"));
    if (base && !find_policy(sc, base)) {
        alto_doc_errf(sc->doc, err, root, "baseline", -1, "policy \"%s\" is not in policies:", base);
        goto fail;
    }
    sc->baseline = alto_xstrdup(base ? base : find_policy(sc, "first-listed") ? "first-listed"
                                                                             : sc->pols[0].name);
    return sc;
fail:
    run_scenario_free(sc);
    return NULL;
}

void run_scenario_free(run_scenario *sc) {
    if (!sc) return;
    for (int i = 0; i < sc->nfiles; i++) { free(sc->files[i].name); free(sc->files[i].replicas); }
    for (int i = 0; i < sc->npols; i++) {
        if (sc->pols[i].impl && sc->pols[i].impl->free) sc->pols[i].impl->free(&sc->pols[i]);
        free(sc->pols[i].name); free(sc->pols[i].metric); free(sc->pols[i].query);
    }
    for (int i = 0; i < sc->nexp; i++) { free(sc->exp[i].policy); free(sc->exp[i].than); free(sc->exp[i].text); }
    for (int i = 0; i < sc->nbackends; i++) free(sc->backends[i]);
    free(sc->files); free(sc->reqs); free(sc->pols); free(sc->exp); free(sc->backends);
    sim_topo_free(sc->topo);
    json_decref(sc->topo_json);
    json_decref(sc->alto_addresses);
    json_decref(sc->reference);
    alto_doc_free(sc->topo_doc);
    alto_doc_free(sc->doc);
    free(sc->path); free(sc->name); free(sc->description); free(sc->topo_source); free(sc->alto_url);
    free(sc->baseline);
    run_scen_est_free(sc);
    free(sc);
}

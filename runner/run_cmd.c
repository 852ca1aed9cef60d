/* run_cmd.c: `altospec run` and `altospec validate`, the command lines.
 *
 * Exit status: 0 every expectation held, 1 an expectation failed, 2 bad
 * input or a harness error (the message names the scenario line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "run.h"
#include "rep_run.h"
#include "alto_buf.h"

static void run_usage(FILE *f) {
    fprintf(f,
        "usage: altospec run SCENARIO [options]\n"
        "  --backend LIST     flow (default), ns3, mininet, or a comma list: every\n"
        "                     backend runs; the first is the reference for the others\n"
        "  --server URL       ask this ALTO server (IRD URL) instead of the embedded one\n"
        "  --seed N           override the scenario's seed (random policy, backends;\n"
        "                     a generate: block keeps its own seed)\n"
        "  --size-scale F     multiply every file size (emulation runs)\n"
        "  --report-dir DIR   where report.json, report.html and summary.md go\n"
        "                     (default out/<scenario name>)\n"
        "  --quiet            no console table\n"
        "exit status: 0 expectations met, 1 an expectation failed, 2 bad input or error\n");
}

static int opt_value(int argc, char **argv, int *i, const char *name, const char **out) {
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
        *out = argv[*i] + n + 1;
        return 1;
    }
    if (strcmp(argv[*i], name)) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "altospec run: %s needs a value\n", name);
        exit(2);
    }
    *out = argv[++*i];
    return 1;
}

int cmd_run(int argc, char **argv) {
    run_opts o;
    memset(&o, 0, sizeof o);
    const char *path = NULL, *v;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { run_usage(stdout); return 0; }
        if (opt_value(argc, argv, &i, "--backend", &o.backends)) continue;
        if (opt_value(argc, argv, &i, "--server", &o.server)) continue;
        if (opt_value(argc, argv, &i, "--report-dir", &o.report_dir)) continue;
        if (opt_value(argc, argv, &i, "--seed", &v)) {
            char *end;
            o.seed = strtoul(v, &end, 10);
            if (!*v || *end) { fprintf(stderr, "altospec run: --seed: expected a number, got \"%s\"\n", v); return 2; }
            o.has_seed = 1;
            continue;
        }
        if (opt_value(argc, argv, &i, "--size-scale", &v)) {
            char *end;
            o.size_scale = strtod(v, &end);
            if (!*v || *end || !(o.size_scale > 0)) {
                fprintf(stderr, "altospec run: --size-scale: expected a positive number, got \"%s\"\n", v);
                return 2;
            }
            continue;
        }
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) { o.quiet = 1; continue; }
        if (argv[i][0] == '-') {
            fprintf(stderr, "altospec run: unknown option %s\n", argv[i]);
            run_usage(stderr);
            return 2;
        }
        if (path) { fprintf(stderr, "altospec run: one scenario at a time\n"); return 2; }
        path = argv[i];
    }
    if (!path) { run_usage(stderr); return 2; }
    alto_err err;
    run_scenario *sc = run_scenario_load(path, &err);
    if (!sc) { fprintf(stderr, "altospec run: %s\n", err.msg); return 2; }
    json_t *report = run_execute(sc, &o, &err);
    if (!report) {
        fprintf(stderr, "altospec run: %s\n", err.msg);
        run_scenario_free(sc);
        return 2;
    }
    int failed = run_report_finish(sc, report);
    alto_buf dir = ALTO_BUF_INIT;
    if (o.report_dir) alto_buf_puts(&dir, o.report_dir);
    else alto_buf_printf(&dir, "out/%s", sc->name);
    int rc = failed ? 1 : 0;
    if (run_report_write(report, dir.data, &err)) {
        fprintf(stderr, "altospec run: %s\n", err.msg);
        rc = 2;
    } else {
        if (!o.quiet) run_report_console(report, stdout);
        printf("report: %s/report.json\nhtml:   %s/report.html\n", dir.data, dir.data);
    }
    alto_buf_free(&dir);
    json_decref(report);
    run_scenario_free(sc);
    return rc;
}

/* A topology file has links: and no policies:; everything else is a
 * scenario. */
static int looks_like_topology(const char *path) {
    size_t n = strlen(path);
    if (n > 8 && !strcmp(path + n - 8, ".graphml")) return 1;
    alto_err e;
    alto_doc *d = alto_doc_load(path, &e);
    if (!d) return 0;
    const json_t *r = alto_doc_root(d);
    int topo = json_object_get(r, "links") && !json_object_get(r, "policies");
    alto_doc_free(d);
    return topo;
}

int cmd_validate(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: altospec validate FILE...\n"
                "  checks scenarios and topology files without running them;\n"
                "  errors name file:line:col and the field. exit 0 all valid, 2 otherwise\n");
        return argc < 2 ? 2 : 0;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        alto_err err;
        if (looks_like_topology(argv[i])) {
            sim_topo *t = sim_topo_load(argv[i], &err);
            if (!t) { fprintf(stderr, "%s\n", err.msg); rc = 2; continue; }
            int hosts = 0;
            for (int k = 0; k < t->nnodes; k++) hosts += t->nodes[k].is_host;
            printf("%s: valid topology \"%s\" (%d hosts, %d nodes, %d directed links)\n", argv[i],
                   t->name, hosts, t->nnodes, t->nlinks);
            sim_topo_free(t);
            continue;
        }
        run_scenario *sc = run_scenario_load(argv[i], &err);
        if (!sc) { fprintf(stderr, "%s\n", err.msg); rc = 2; continue; }
        printf("%s: valid scenario \"%s\" (%d files, %d requests, %d policies, %d expectations; "
               "topology %s with %d nodes)\n", argv[i], sc->name, sc->nfiles, sc->nreqs, sc->npols,
               sc->nexp, sc->topo->name, sc->topo->nnodes);
        run_scenario_free(sc);
    }
    return rc;
}

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
#include "alto_cli.h"
#include "alto_path.h"

static void run_usage(FILE *f) {
    fprintf(f,
        "usage: altospec run SCENARIO [options]\n"
        "  --backend LIST     flow (default), ns3, mininet, or a comma list: every\n"
        "                     backend runs; policies are timed on the first, errors\n"
        "                     are against the most faithful (ns3 > mininet > flow)\n"
        "  --server URL       ask this ALTO server (IRD URL) instead of the embedded one\n"
        "  --seed N           override the scenario's seed (random policy, backends;\n"
        "                     a generate: block keeps its own seed)\n"
        "  --size-scale F     multiply every file size (emulation runs)\n"
        "  --report-dir DIR   where report.json, report.html and summary.md go\n"
        "                     (default out/<scenario name>)\n"
        "  --junit FILE       also write JUnit XML there (one testcase per expectation)\n"
        "  --allow-dir DIR    files the scenario names may also be under DIR (besides\n"
        "                     its own folder and the repository's data/ and scenarios/)\n"
        "  --quiet            no console table\n"
        "exit status: 0 expectations met, 1 an expectation failed, 2 bad input or error\n");
}

enum { O_BACKEND = 256, O_SERVER, O_REPORT_DIR, O_SEED, O_SIZE_SCALE, O_JUNIT, O_ALLOW_DIR };

static const struct option run_options[] = {
    {.name = "backend", .has_arg = required_argument, .val = O_BACKEND},
    {.name = "server", .has_arg = required_argument, .val = O_SERVER},
    {.name = "report-dir", .has_arg = required_argument, .val = O_REPORT_DIR},
    {.name = "seed", .has_arg = required_argument, .val = O_SEED},
    {.name = "size-scale", .has_arg = required_argument, .val = O_SIZE_SCALE},
    {.name = "junit", .has_arg = required_argument, .val = O_JUNIT},
    {.name = "allow-dir", .has_arg = required_argument, .val = O_ALLOW_DIR},
    {.name = "quiet", .has_arg = no_argument, .val = 'q'},
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {0},
};

/* A value that needs checking: 0, or 2 after saying why not. */
static int number_option(int o, const char *v, run_opts *ro) {
    char *end;
    if (o == O_SEED) {
        ro->seed = strtoul(v, &end, 10);
        if (!*v || *end) { fprintf(stderr, "altospec run: --seed: expected a number, got \"%s\"\n", v); return 2; }
        ro->has_seed = 1;
        return 0;
    }
    ro->size_scale = strtod(v, &end);
    if (!*v || *end || !(ro->size_scale > 0) || ro->size_scale > 1e6) {
        fprintf(stderr, "altospec run: --size-scale: expected a number in (0, 1e6], got \"%s\"\n", v);
        return 2;
    }
    return 0;
}

/* The command line into o and *path: 0 go on, 1 done (help), 2 error. */
static int parse_run_args(int argc, char **argv, run_opts *o, const char **path, const char **junit) {
    alto_cli cli = {.cmd = "run", .shorts = "hq", .longs = run_options};
    int c;
    while ((c = alto_cli_next(&cli, argc, argv)) != -1) {
        switch (c) {
        case 'h': run_usage(stdout); return 1;
        case 'q': o->quiet = 1; break;
        case O_BACKEND: o->backends = optarg; break;
        case O_SERVER: o->server = optarg; break;
        case O_REPORT_DIR: o->report_dir = optarg; break;
        case O_JUNIT: *junit = optarg; break;
        case O_ALLOW_DIR: alto_path_allow(optarg); break;
        case O_SEED: case O_SIZE_SCALE:
            if (number_option(c, optarg, o)) return 2;
            break;
        default: return 2;
        }
    }
    if (optind + 1 < argc) { fprintf(stderr, "altospec run: one scenario at a time\n"); return 2; }
    if (optind >= argc) {
        fprintf(stderr, "altospec run: no scenario given\n");
        alto_cli_hint("run");
        return 2;
    }
    *path = argv[optind];
    return 0;
}

int cmd_run(int argc, char **argv) {
    run_opts o;
    memset(&o, 0, sizeof o);
    const char *path = NULL, *junit = NULL;
    int prc = parse_run_args(argc, argv, &o, &path, &junit);
    if (prc) return prc == 1 ? 0 : 2;
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
    else {
        /* The name is the scenario author's: one safe folder under out/. */
        char safe[256];
        alto_path_component(sc->name, safe, sizeof safe);
        alto_buf_printf(&dir, "out/%s", safe);
    }
    int rc = failed ? 1 : 0;
    if (run_report_write(report, dir.data, &err) || (junit && rep_run_junit_write(report, junit, &err))) {
        fprintf(stderr, "altospec run: %s\n", err.msg);
        rc = 2;
    } else {
        if (!o.quiet) run_report_console(report, stdout);
        printf("report: %s/report.json\nhtml:   %s/report.html\n", dir.data, dir.data);
        if (junit) printf("junit:  %s\n", junit);
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

static void validate_usage(FILE *f) {
    fprintf(f, "usage: altospec validate [--allow-dir DIR] FILE...\n"
               "  checks scenarios and topology files without running them;\n"
               "  errors name file:line:col and the field. exit 0 all valid, 2 otherwise\n");
}

static const struct option validate_options[] = {
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {.name = "allow-dir", .has_arg = required_argument, .val = 'A'},
    {0},
};

int cmd_validate(int argc, char **argv) {
    alto_cli cli = {.cmd = "validate", .shorts = "h", .longs = validate_options};
    int c;
    while ((c = alto_cli_next(&cli, argc, argv)) != -1) {
        if (c == 'h') { validate_usage(stdout); return 0; }
        if (c == 'A') { alto_path_allow(optarg); continue; }
        return 2;
    }
    if (optind >= argc) { validate_usage(stderr); return 2; }
    int rc = 0;
    for (int i = optind; i < argc; i++) {
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

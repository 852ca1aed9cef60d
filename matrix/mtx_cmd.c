/* mtx_cmd.c: `altospec matrix` and `altospec merge`.
 *
 *   altospec matrix FILE [--suite LIST]... [--report-dir DIR] [--shard I/N]
 *                        [--cell-timeout SECONDS] [--list] [--quiet]
 *   altospec merge DIR... [--report-dir OUT]
 *
 * A run writes DIR/cells/<implementation>/<column>/ (the cell's report,
 * JUnit, logs, cell.json), DIR/shard.json (the plan and which shard this
 * was) and the matrix of what it ran: matrix.json, matrix.html, matrix.md,
 * junit.xml.  `merge` reads the shard.json and cell.json files of several
 * runs of one plan (checked by its hash), copies their cells into OUT and
 * writes the same four files for the whole matrix.  Both exit like
 * conform: 0 every cell as expected, 1 an unexpected cell, 2 a harness or
 * configuration error (bad file, a cell missing from the shards, a cell
 * whose child altospec crashed). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "alto_meta.h"
#include "cmd.h"
#include "mtx.h"
#include "mtx_fs.h"
#include "rep_matrix.h"
#include "alto_buf.h"
#include "alto_cli.h"

static void matrix_usage(FILE *f) {
    fprintf(f,
        "usage: altospec matrix FILE [options]\n"
        "  FILE                    implementations file (YAML; see README \"Interop matrix\")\n"
        "  --suite LIST            only these suites (comma list or repeated; default every suite\n"
        "                          `altospec conform --list` reports)\n"
        "  --report-dir DIR        where cells/, matrix.json, matrix.html, matrix.md, junit.xml go\n"
        "                          (default out/matrix)\n"
        "  --shard I/N             run only the cells of shard I of N (cell k goes to shard k mod N + 1);\n"
        "                          `altospec merge` joins the shards' report dirs\n"
        "  --cell-timeout SECONDS  a cell's child altospec is stopped after this (default 600)\n"
        "  --list                  print the cells (index, shard, implementation, column) and exit\n"
        "  --quiet                 no line per cell\n"
        "exit status: 0 every cell as expected, 1 an unexpected cell, 2 harness/configuration error\n");
}

static void iso_now(char *out, size_t n) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int parse_shard(const char *v, int *i, int *n) {
    char *end;
    long a = strtol(v, &end, 10);
    if (*end != '/') return -1;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || b > 1000 || a < 1 || a > b) return -1;
    *i = (int)a;
    *n = (int)b;
    return 0;
}

static int abs_dir(const char *dir, char *out, alto_err *err) {
    if (mtx_mkdirs(dir, err)) return -1;
    if (!realpath(dir, out)) return alto_err_set(err, "cannot resolve %s", dir);
    return 0;
}

typedef struct matrix_args {
    const char *file, *report_dir;
    json_t *only;
    int shard, nshards, list, quiet;
    double cell_timeout;
} matrix_args;

enum { O_SUITE = 256, O_REPORT_DIR, O_SHARD, O_CELL_TIMEOUT, O_LIST };

static const struct option matrix_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"quiet", no_argument, NULL, 'q'},
    {"list", no_argument, NULL, O_LIST},
    {"suite", required_argument, NULL, O_SUITE},
    {"report-dir", required_argument, NULL, O_REPORT_DIR},
    {"shard", required_argument, NULL, O_SHARD},
    {"cell-timeout", required_argument, NULL, O_CELL_TIMEOUT},
    {0},
};

/* A value that needs checking: 0, or 2 after saying why not. */
static int value_option(int o, const char *v, matrix_args *a) {
    if (o == O_SUITE) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", v);
        for (char *sv = NULL, *t = strtok_r(buf, ",", &sv); t; t = strtok_r(NULL, ",", &sv))
            json_array_append_new(a->only, json_string(t));
        return 0;
    }
    if (o == O_SHARD) {
        if (!parse_shard(v, &a->shard, &a->nshards)) return 0;
        fprintf(stderr, "altospec matrix: --shard needs I/N with 1 <= I <= N, got \"%s\"\n", v);
        return 2;
    }
    char *end;
    a->cell_timeout = strtod(v, &end);
    if (*v && !*end && a->cell_timeout > 0) return 0;
    fprintf(stderr, "altospec matrix: --cell-timeout needs a positive number of seconds, got \"%s\"\n", v);
    return 2;
}

/* The command line into a: -1 go on, 0 done (help), 2 error. */
static int parse_matrix_args(int argc, char **argv, matrix_args *a) {
    alto_cli cli = {.cmd = "matrix", .shorts = "hq", .longs = matrix_options};
    int o;
    while ((o = alto_cli_next(&cli, argc, argv)) != -1) {
        switch (o) {
        case 'h': matrix_usage(stdout); return 0;
        case 'q': a->quiet = 1; break;
        case O_LIST: a->list = 1; break;
        case O_REPORT_DIR: a->report_dir = optarg; break;
        case O_SUITE: case O_SHARD: case O_CELL_TIMEOUT:
            if (value_option(o, optarg, a)) return 2;
            break;
        default: return 2;
        }
    }
    if (optind + 1 < argc) { fprintf(stderr, "altospec matrix: one implementations file at a time\n"); return 2; }
    if (optind >= argc) { matrix_usage(stderr); return 2; }
    a->file = argv[optind];
    return -1;
}

/* --suite names must be suites of this binary. */
static int check_only(const json_t *only, const json_t *known) {
    size_t i, k;
    json_t *s, *x;
    json_array_foreach(only, i, s) {
        if (!strcmp(json_string_value(s), "all")) return 1;
        int ok = 0;
        json_array_foreach(known, k, x) ok |= !strcmp(json_string_value(json_object_get(x, "name")), json_string_value(s));
        if (!ok) {
            fprintf(stderr, "altospec matrix: unknown suite \"%s\" (this altospec has:", json_string_value(s));
            json_array_foreach(known, k, x) fprintf(stderr, " %s", json_string_value(json_object_get(x, "name")));
            fprintf(stderr, ")\n");
            return -1;
        }
    }
    return 0;
}

static void print_summary(const json_t *m, const char *dir) {
    const json_t *s = json_object_get(m, "summary");
    printf("matrix: %lld cells (%lld run): %lld as expected, %lld unexpected, %lld harness errors; exit %lld\n",
           (long long)json_integer_value(json_object_get(s, "cells")), (long long)json_integer_value(json_object_get(s, "run")),
           (long long)json_integer_value(json_object_get(s, "as_expected")),
           (long long)json_integer_value(json_object_get(s, "unexpected")),
           (long long)json_integer_value(json_object_get(s, "harness_errors")),
           (long long)json_integer_value(json_object_get(m, "exit")));
    printf("reports written to %s (matrix.json, matrix.html, matrix.md, junit.xml, cells/)\n", dir);
}

static int run_cells(const mtx_config *c, const json_t *plan, const matrix_args *a, const char *dir, json_t *records) {
    mtx_run_opts o = {dir, a->cell_timeout, a->quiet};
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(plan, "cells"), i, cell) {
        json_array_append_new(records, json_null());
        if (json_integer_value(json_object_get(cell, "shard")) != a->shard) continue;
        json_array_set_new(records, i, mtx_cell_run(c, cell, &o));
        if (mtx_interrupted()) return -1;
    }
    return 0;
}

int cmd_matrix(int argc, char **argv) {
    matrix_args a = {.only = json_array(), .shard = 1, .nshards = 1, .cell_timeout = 600,
                     .report_dir = "out/matrix"};
    int rc = parse_matrix_args(argc, argv, &a);
    mtx_config *c = NULL;
    json_t *known = NULL, *plan = NULL, *records = json_array(), *m = NULL;
    alto_err err = {""};
    char dir[PATH_MAX], self[PATH_MAX];
    if (rc >= 0) goto out;
    rc = 2;
    mtx_signals_init();
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) { fprintf(stderr, "altospec matrix: cannot find its own binary\n"); goto out; }
    self[n] = '\0';
    if (!(known = mtx_discover_suites(self, &err))) { fprintf(stderr, "altospec matrix: %s\n", err.msg); goto out; }
    int all = check_only(a.only, known);
    if (all < 0) goto out;
    if (!(c = mtx_config_load(a.file, known, json_array_size(a.only) && !all ? a.only : NULL, &err)) ||
        !(plan = mtx_plan(c, a.nshards, &err))) {
        fprintf(stderr, "altospec matrix: %s\n", err.msg);
        goto out;
    }
    if (a.list) {
        size_t i;
        json_t *cell;
        json_array_foreach(json_object_get(plan, "cells"), i, cell)
            printf("%3lld  %d/%d  %-24s %s\n", (long long)json_integer_value(json_object_get(cell, "index")),
                   (int)json_integer_value(json_object_get(cell, "shard")), a.nshards,
                   json_string_value(json_object_get(cell, "implementation")), json_string_value(json_object_get(cell, "column")));
        rc = 0;
        goto out;
    }
    if (abs_dir(a.report_dir, dir, &err) || mtx_check_demos(c, dir, &err)) {
        fprintf(stderr, "altospec matrix: %s\n", err.msg);
        goto out;
    }
    alto_buf bytes = ALTO_BUF_INIT;
    char hash[17], started[32];
    alto_buf_read_file(&bytes, a.file, &err);
    mtx_plan_hash(plan, bytes.data ? bytes.data : "", bytes.len, hash);
    alto_buf_free(&bytes);
    iso_now(started, sizeof started);
    double t0 = mtx_now();
    if (run_cells(c, plan, &a, dir, records)) {
        fprintf(stderr, "altospec matrix: interrupted; every server of the run is stopped\n");
        mtx_die_of_signal();
    }
    json_t *meta = json_pack("{s:s,s:s,s:s,s:f,s:o}", "file", a.file, "plan", hash, "started", started,
                             "elapsed", mtx_now() - t0, "generated", alto_meta_generated());
    char why[64];
    snprintf(why, sizeof why, "in another shard (this run is %d/%d)", a.shard, a.nshards);
    m = rep_matrix_build(plan, records, meta, why);
    json_t *shard = json_pack("{s:s,s:i,s:s,s:s,s:{s:i,s:i},s:s,s:O,s:O,s:O}", "kind", "matrix-shard", "version", 1,
                              "file", a.file, "plan", hash, "shard", "index", a.shard, "count", a.nshards,
                              "started", started, "elapsed", json_object_get(meta, "elapsed"),
                              "implementations", json_object_get(plan, "implementations"),
                              "columns", json_object_get(plan, "columns"));
    json_object_set(shard, "cells", json_object_get(plan, "cells"));
    char sp[PATH_MAX + 16];
    snprintf(sp, sizeof sp, "%s/shard.json", dir);
    if (json_dump_file(shard, sp, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) alto_err_set(&err, "cannot write %s", sp);
    json_decref(shard);
    json_decref(meta);
    if (err.msg[0] || rep_matrix_write(m, dir, &err)) { fprintf(stderr, "altospec matrix: %s\n", err.msg); goto out; }
    print_summary(m, a.report_dir);
    rc = (int)json_integer_value(json_object_get(m, "exit"));
out:
    json_decref(m);
    json_decref(records);
    json_decref(plan);
    json_decref(known);
    json_decref(a.only);
    mtx_config_free(c);
    return rc;
}

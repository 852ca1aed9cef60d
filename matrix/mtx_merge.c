/* mtx_merge.c: `altospec merge DIR... [--report-dir OUT]`, the matrix of
 * several shard runs.
 *
 * Each DIR holds one run's shard.json (the plan, its hash, the shard it
 * ran) and its cells' cell.json files.  Every DIR must come from the same
 * plan (same file bytes, same suites, same shard count); every planned
 * cell must come from exactly one DIR.  The cells are copied into OUT
 * (unless OUT is where they already are), so the links of the merged
 * matrix.html resolve inside OUT alone: OUT is the artifact to publish. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_meta.h"
#include "cmd.h"
#include "mtx.h"
#include "mtx_fs.h"
#include "rep_matrix.h"
#include "alto_cli.h"

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

typedef struct merge_state {
    json_t *first;          /* shard.json of the first DIR */
    json_t *records;        /* by cell index */
    const char **src;       /* the DIR each cell comes from */
    char started[32];
    double elapsed;
} merge_state;

static int take_dir(merge_state *s, const char *dir, alto_err *err) {
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/shard.json", dir);
    json_error_t je;
    json_t *sh = json_load_file(path, 0, &je);
    if (!sh || strcmp(sget(sh, "kind"), "matrix-shard"))
        return json_decref(sh), alto_err_set(err, "%s: no shard.json of a matrix run (%s)", dir, sh ? "wrong kind" : je.text);
    const json_t *shard = json_object_get(sh, "shard");
    long idx = (long)json_integer_value(json_object_get(shard, "index"));
    long cnt = (long)json_integer_value(json_object_get(shard, "count"));
    if (!s->first) {
        s->first = json_incref(sh);
        size_t n = json_array_size(json_object_get(sh, "cells"));
        s->src = calloc(n + 1, sizeof *s->src);
        for (size_t i = 0; i < n; i++) json_array_append_new(s->records, json_null());
    } else if (strcmp(sget(sh, "plan"), sget(s->first, "plan")) ||
               cnt != (long)json_integer_value(json_object_get(json_object_get(s->first, "shard"), "count"))) {
        alto_err_set(err, "%s: a shard of another matrix (plan %s, %ld shards; the first directory has plan %s)", dir,
                     sget(sh, "plan"), cnt, sget(s->first, "plan"));
        json_decref(sh);
        return -1;
    }
    if (!*s->started || strcmp(sget(sh, "started"), s->started) < 0) snprintf(s->started, sizeof s->started, "%s", sget(sh, "started"));
    double el = json_number_value(json_object_get(sh, "elapsed"));
    if (el > s->elapsed) s->elapsed = el;
    size_t i;
    json_t *cell;
    int rc = 0;
    json_array_foreach(json_object_get(s->first, "cells"), i, cell) {
        if (json_integer_value(json_object_get(cell, "shard")) != idx) continue;
        char rel[512], cp[PATH_MAX + 600];
        mtx_cell_dir(sget(cell, "implementation"), sget(cell, "column"), rel, sizeof rel);
        snprintf(cp, sizeof cp, "%s/cells/%s/cell.json", dir, rel);
        if (s->src[i]) { rc = alto_err_set(err, "cell %s is in two directories (%s and %s)", rel, s->src[i], dir); break; }
        json_t *rec = json_load_file(cp, 0, &je);
        if (!rec) { rc = alto_err_set(err, "%s: cell %s of shard %ld/%ld has no cell.json (%s)", dir, rel, idx, cnt, je.text); break; }
        json_array_set_new(s->records, i, rec);
        s->src[i] = dir;
    }
    json_decref(sh);
    return rc;
}

static int copy_cells(merge_state *s, const char *out, alto_err *err) {
    char ro[PATH_MAX];
    if (!realpath(out, ro)) return alto_err_set(err, "cannot resolve %s", out);
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(s->first, "cells"), i, cell) {
        char rs[PATH_MAX], rel[512], from[PATH_MAX + 600], to[PATH_MAX + 600];
        if (!s->src[i] || !realpath(s->src[i], rs)) return alto_err_set(err, "cannot resolve %s", s->src[i] ? s->src[i] : "?");
        if (!strcmp(rs, ro)) continue;
        mtx_cell_dir(sget(cell, "implementation"), sget(cell, "column"), rel, sizeof rel);
        snprintf(from, sizeof from, "%s/cells/%s", rs, rel);
        snprintf(to, sizeof to, "%s/cells/%s", ro, rel);
        mtx_rmtree(to);
        if (mtx_copytree(from, to, err)) return -1;
    }
    return 0;
}

static void merge_usage(FILE *f) {
    fprintf(f, "usage: altospec merge DIR... [--report-dir OUT]\n"
               "  joins the report directories of `altospec matrix --shard I/N` runs of one matrix:\n"
               "  copies their cells into OUT (default out/matrix) and writes matrix.json, matrix.html,\n"
               "  matrix.md and junit.xml there\n"
               "exit status: 0 every cell as expected, 1 an unexpected cell, 2 harness/configuration error\n");
}

static const struct option merge_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"report-dir", required_argument, NULL, 'o'},
    {0},
};

int cmd_merge(int argc, char **argv) {
    const char *out = "out/matrix";
    alto_cli cli = {.cmd = "merge", .shorts = "h", .longs = merge_options};
    int o;
    while ((o = alto_cli_next(&cli, argc, argv)) != -1) {
        if (o == 'h') { merge_usage(stdout); return 0; }
        if (o != 'o') return 2;
        out = optarg;
    }
    const char **dirs = (const char **)argv + optind;
    int nd = argc - optind, rc = 2;
    merge_state s = {.records = json_array()};
    alto_err err = {""};
    json_t *m = NULL;
    if (!nd) { merge_usage(stderr); goto done; }
    for (int i = 0; i < nd; i++) if (take_dir(&s, dirs[i], &err)) goto fail;
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(s.first, "cells"), i, cell)
        if (!s.src[i]) {
            alto_err_set(&err, "cell %s x %s (shard %lld/%lld) is in none of the given directories",
                         sget(cell, "implementation"), sget(cell, "column"), (long long)json_integer_value(json_object_get(cell, "shard")),
                         (long long)json_integer_value(json_object_get(json_object_get(s.first, "shard"), "count")));
            goto fail;
        }
    if (mtx_mkdirs(out, &err) || copy_cells(&s, out, &err)) goto fail;
    json_t *meta = json_pack("{s:O,s:O,s:s,s:f,s:o}", "file", json_object_get(s.first, "file"), "plan",
                             json_object_get(s.first, "plan"), "started", s.started, "elapsed", s.elapsed,
                             "generated", alto_meta_generated());
    m = rep_matrix_build(s.first, s.records, meta, NULL);
    json_decref(meta);
    if (rep_matrix_write(m, out, &err)) goto fail;
    const json_t *sum = json_object_get(m, "summary");
    printf("merge: %d director%s, %lld cells: %lld as expected, %lld unexpected, %lld harness errors; exit %lld\n"
           "reports written to %s (matrix.json, matrix.html, matrix.md, junit.xml, cells/)\n", nd, nd == 1 ? "y" : "ies",
           (long long)json_integer_value(json_object_get(sum, "cells")), (long long)json_integer_value(json_object_get(sum, "as_expected")),
           (long long)json_integer_value(json_object_get(sum, "unexpected")),
           (long long)json_integer_value(json_object_get(sum, "harness_errors")),
           (long long)json_integer_value(json_object_get(m, "exit")), out);
    rc = (int)json_integer_value(json_object_get(m, "exit"));
    goto done;
fail:
    fprintf(stderr, "altospec merge: %s\n", err.msg);
done:
    json_decref(m);
    json_decref(s.first);
    json_decref(s.records);
    free(s.src);
    return rc;
}

/* mtx_cell.c: one cell of the matrix, from a fresh server to cell.json.
 *
 * The cell's test runs as a child altospec (`conform` for a suite, `run`
 * for a demo) in its own process group, so a crash or a hang of the
 * engine is this cell's ERROR and the rest of the matrix goes on.  While
 * the child runs the harness watches the server: one that exits is a
 * "died" cell (the child's report, whose remaining cases the engine turns
 * into ERROR, is kept), one that never got ready is "did not start" and
 * no child runs at all.  Nothing here is UNSUPPORTED: that verdict only
 * comes from a suite whose services the server's IRD does not advertise.
 *
 * The counts come from the child's report.json summary (demo cells: its
 * expectations, met = PASS, failed = FAIL, not applicable = SKIP), and the
 * per-section counts from its results; the harness never judges a case.
 *
 * Outcome classes, which make the exit status of the matrix:
 *   as-expected     conform exited 0 / the demo ended as `expect:` says
 *   unexpected      anything the implementation did: a FAIL or ERROR not
 *                   in its expectations, did not start, died  -> exit 1
 *   harness-error   the child crashed, exited 2 or timed out   -> exit 2 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mtx.h"
#include "mtx_fs.h"
#include "rep_matrix.h"
#include "alto_buf.h"

static const mtx_impl *find_impl(const mtx_config *c, const char *name) {
    for (size_t i = 0; i < c->nimpls; i++) if (!strcmp(c->impls[i].name, name)) return &c->impls[i];
    return NULL;
}

static const mtx_demo *find_demo(const mtx_impl *im, const char *col) {
    for (size_t i = 0; i < im->ndemos; i++) if (!strcmp(im->demos[i].column, col)) return &im->demos[i];
    return NULL;
}

/* argv of the cell's child; strings owned by the returned array's pool. */
static char **child_argv(const mtx_config *c, const mtx_impl *im, const json_t *cell, const char *ird,
                         const char *dir, const char *report_dir, const char *expect, json_t *pool) {
    const char *col = json_string_value(json_object_get(cell, "column"));
    int demo = !strcmp(json_string_value(json_object_get(cell, "kind")), "demo");
    json_array_append_new(pool, json_string(c->self));
    if (demo) {
        char scen[PATH_MAX];
        mtx_demo_scenario(im, find_demo(im, col), report_dir, scen, sizeof scen);
        json_array_append_new(pool, json_string("run"));
        json_array_append_new(pool, json_string(scen));
        json_array_append_new(pool, json_pack("[sssss]", "--server", ird, "--report-dir", dir, "--quiet"));
        /* a derived copy names its topology where the original lives */
        const mtx_demo *dm = find_demo(im, col);
        if (dm->addresses) {
            char odir[PATH_MAX];
            snprintf(odir, sizeof odir, "%s", dm->scenario);
            char *sl = strrchr(odir, '/');
            if (sl) *sl = '\0'; else snprintf(odir, sizeof odir, ".");
            json_array_append_new(pool, json_pack("[ss]", "--allow-dir", odir));
        }
    } else {
        char junit[PATH_MAX + 32];
        snprintf(junit, sizeof junit, "%s/junit.xml", dir);
        json_array_append_new(pool, json_pack("[sssssssss]", "conform", ird, "--suite", col, "--report-dir", dir,
                                              "--junit", junit, "--quiet"));
        if (*expect) json_array_append_new(pool, json_pack("[ss]", "--expect", expect));
        if (im->conform_args) json_array_append(pool, im->conform_args);
    }
    /* flatten */
    json_t *flat = json_array();
    size_t i, j;
    json_t *v, *w;
    json_array_foreach(pool, i, v) {
        if (json_is_array(v)) json_array_foreach(v, j, w) json_array_append(flat, w);
        else json_array_append(flat, v);
    }
    json_array_clear(pool);
    json_array_extend(pool, flat);
    json_decref(flat);
    char **argv = alto_xcalloc(json_array_size(pool) + 1, sizeof *argv);
    json_array_foreach(pool, i, v) argv[i] = (char *)json_string_value(v);
    return argv;
}

static json_t *load_json(const char *path) {
    if (access(path, R_OK)) return NULL;
    return json_load_file(path, 0, NULL);
}

static json_t *zero_counts(void) {
    return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "total", 0, "PASS", 0, "FAIL", 0, "WARN", 0,
                     "UNSUPPORTED", 0, "SKIP", 0, "ERROR", 0, "unexpected", 0);
}

static void bump(json_t *counts, const char *key) {
    json_object_set_new(counts, key, json_integer(json_integer_value(json_object_get(counts, key)) + 1));
}

/* summary and per-section counts of a conformance report */
static void conform_counts(json_t *rec, const json_t *rep) {
    json_t *sum = zero_counts();
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(rep, "summary"), k, v)
        if (json_object_get(sum, k)) json_object_set(sum, k, v);
    json_object_set_new(rec, "summary", sum);
    json_t *secs = json_object();
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rep, "results"), i, r) {
        const char *sec = json_string_value(json_object_get(r, "section"));
        const char *ver = json_string_value(json_object_get(r, "verdict"));
        char top[32];
        snprintf(top, sizeof top, "%.*s", sec ? (int)strcspn(sec, ".") : 0, sec ? sec : "");
        if (!*top || !ver) continue;
        if (!json_object_get(secs, top)) json_object_set_new(secs, top, zero_counts());
        json_t *sc = json_object_get(secs, top);
        bump(sc, "total");
        bump(sc, ver);
        if (json_is_false(json_object_get(r, "as_expected"))) bump(sc, "unexpected");
    }
    json_object_set_new(rec, "sections", secs);
}

/* A demo's expectations: met -> PASS, not met -> FAIL, n/a -> SKIP. */
static void demo_counts(json_t *rec, const json_t *rep) {
    json_t *sum = zero_counts();
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(rep, "expectations"), i, e) {
        json_t *met = json_object_get(e, "met");
        bump(sum, "total");
        bump(sum, json_is_true(met) ? "PASS" : json_is_false(met) ? "FAIL" : "SKIP");
    }
    json_object_set_new(rec, "summary", sum);
}

typedef struct cell_ctx {
    const mtx_config *c;
    const mtx_impl *im;
    const json_t *cell;
    const mtx_run_opts *o;
    char dir[PATH_MAX], rel[512];
    json_t *rec;
} cell_ctx;

static void set_status(cell_ctx *x, const char *status, const char *outcome, const char *msg) {
    json_object_set_new(x->rec, "status", json_string(status));
    json_object_set_new(x->rec, "outcome", json_string(outcome));
    json_object_set_new(x->rec, "message", json_string(msg ? msg : ""));
}

/* Runs the child to its end while watching the server; fills the record's
 * exit, died and timeout facts.  Returns the child's wait status or -1. */
static int run_child(cell_ctx *x, mtx_server *srv, char **argv, const char *log, int *died, int *timed_out,
                     alto_err *err) {
    mtx_proc ch;
    *died = *timed_out = 0;
    if (mtx_spawn(&ch, argv, NULL, x->c->dir, log, err)) return -1;
    double end = mtx_now() + x->o->cell_timeout;
    for (;;) {
        if (mtx_wait(&ch, 0.1)) break;
        if (srv && srv->proc.pid && !*died && mtx_poll(&srv->proc)) *died = 1;
        if (mtx_interrupted() || mtx_now() > end) {
            int forced;
            *timed_out = !mtx_interrupted();
            mtx_stop(&ch, SIGTERM, 2, &forced);
            break;
        }
    }
    if (srv && srv->proc.pid && !*died && mtx_poll(&srv->proc)) *died = 1;
    return ch.status;
}

static void stop_server(cell_ctx *x, mtx_server *srv, int died) {
    if (!srv->proc.pid) return;
    int forced, sig = x->im->stop_signal;
    char sn[40], m[200];
    snprintf(sn, sizeof sn, "SIG%s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
    double secs = mtx_stop(&srv->proc, sig, x->im->grace, &forced);
    json_t *st = json_pack("{s:s,s:b,s:f}", "signal", died ? "none" : sn, "forced", forced, "seconds", secs);
    if (forced) {
        if (died) snprintf(m, sizeof m, "processes of its group outlived it; killed with SIGKILL");
        else snprintf(m, sizeof m, "ignored %s for %g s (the grace period); killed with SIGKILL", sn, x->im->grace);
        json_object_set_new(st, "note", json_string(m));
    }
    json_object_set_new(x->rec, "stop", st);
}

/* The child's last line without its "altospec run: " prefix and with the
 * server's URL (its port changes every run) written as {ird}, so that
 * matrix.json is the same from run to run. */
static void child_message(const char *log, const char *ird, char *out, size_t n) {
    char last[600];
    mtx_last_line(log, last, sizeof last);
    const char *p = last;
    if (!strncmp(p, "altospec ", 9) && strstr(p, ": ")) p = strstr(p, ": ") + 2;
    alto_buf b = ALTO_BUF_INIT;
    size_t il = ird ? strlen(ird) : 0;
    for (; *p; p++) {
        if (il && !strncmp(p, ird, il)) { alto_buf_puts(&b, "{ird}"); p += il - 1; }
        else alto_buf_putc(&b, *p);
    }
    snprintf(out, n, "%s", b.data ? b.data : "");
    alto_buf_free(&b);
}

static void judge(cell_ctx *x, int st, int died, int timed_out, const mtx_server *srv, const char *log) {
    int demo = !strcmp(json_string_value(json_object_get(x->cell, "kind")), "demo");
    char path[PATH_MAX + 16], last[400], msg[700];
    snprintf(path, sizeof path, "%s/report.json", x->dir);
    json_t *rep = load_json(path);
    child_message(log, x->im->url ? x->im->url : srv->ird, last, sizeof last);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    json_object_set_new(x->rec, "exit", code >= 0 ? json_integer(code) : json_null());
    if (rep && demo) demo_counts(x->rec, rep);
    else if (rep) conform_counts(x->rec, rep);
    json_decref(rep);
    if (timed_out) {
        snprintf(msg, sizeof msg, "harness error: the %s child did not finish within %g s", demo ? "run" : "conform",
                 x->o->cell_timeout);
        set_status(x, "error", "harness-error", msg);
    } else if (code < 0) {
        snprintf(msg, sizeof msg, "harness error: the %s child was %s", demo ? "run" : "conform", mtx_status_str(st));
        set_status(x, "error", "harness-error", msg);
    } else if (died) {
        snprintf(msg, sizeof msg, "died: the server %s during the run", mtx_status_str(srv->proc.status));
        set_status(x, "died", "unexpected", msg);
    } else if (demo) {
        const char *got = code == 0 ? "pass" : code == 1 ? "fail" : "error";
        const char *want = find_demo(x->im, json_string_value(json_object_get(x->cell, "column")))->expect;
        if (code == 2) snprintf(msg, sizeof msg, "cannot run: %s", last);
        else snprintf(msg, sizeof msg, "%s", code ? "an expectation of the scenario failed" : "");
        set_status(x, code == 2 ? "error" : "ran", !strcmp(got, want) ? "as-expected" : "unexpected", msg);
        json_object_set_new(x->rec, "expected", json_string(want));
    } else if (code == 2 || !json_object_get(x->rec, "summary")) {
        snprintf(msg, sizeof msg, "harness error: conform exited %d: %s", code, last);
        set_status(x, "error", "harness-error", msg);
    } else {
        set_status(x, "ran", code == 0 ? "as-expected" : "unexpected", "");
    }
}

static void finish(cell_ctx *x, const char *log_name) {
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/report.html", x->dir);
    const char *link = access(p, R_OK) == 0 ? "report.html" : log_name;
    char rel[PATH_MAX + 64];
    snprintf(rel, sizeof rel, "cells/%s/%s", x->rel, link);
    json_object_set_new(x->rec, "report", json_string(rel));
    snprintf(rel, sizeof rel, "cells/%s/%s", x->rel, log_name);
    json_object_set_new(x->rec, "log", json_string(rel));
    if (!json_object_get(x->rec, "summary")) json_object_set_new(x->rec, "summary", zero_counts());
    /* JUnit: conform wrote one; demo cells and cells without a child get ours */
    snprintf(p, sizeof p, "%s/junit.xml", x->dir);
    if (strcmp(json_string_value(json_object_get(x->cell, "kind")), "suite") || access(p, R_OK)) {
        char rp[PATH_MAX + 32];
        snprintf(rp, sizeof rp, "%s/report.json", x->dir);
        json_t *rep = load_json(rp);
        alto_buf b = ALTO_BUF_INIT;
        rep_matrix_cell_junit(x->rec, rep, &b);
        alto_err e;
        alto_write_file(p, b.data, b.len, &e);
        alto_buf_free(&b);
        json_decref(rep);
    }
    snprintf(rel, sizeof rel, "cells/%s/junit.xml", x->rel);
    json_object_set_new(x->rec, "junit", json_string(rel));
    snprintf(p, sizeof p, "%s/cell.json", x->dir);
    json_dump_file(x->rec, p, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

json_t *mtx_cell_run(const mtx_config *c, const json_t *cell, const mtx_run_opts *o) {
    cell_ctx x = {.c = c, .cell = cell, .o = o};
    const char *impl = json_string_value(json_object_get(cell, "implementation"));
    const char *col = json_string_value(json_object_get(cell, "column"));
    int demo = !strcmp(json_string_value(json_object_get(cell, "kind")), "demo");
    x.im = find_impl(c, impl);
    mtx_cell_dir(impl, col, x.rel, sizeof x.rel);
    snprintf(x.dir, sizeof x.dir, "%s/cells/%s", o->report_dir, x.rel);
    x.rec = json_pack("{s:s,s:s,s:O,s:O}", "implementation", impl, "column", col, "kind",
                      json_object_get(cell, "kind"), "index", json_object_get(cell, "index"));
    double t0 = mtx_now();
    alto_err err = {""};
    mtx_rmtree(x.dir);
    const char *log_name = demo ? "run-log.txt" : "conform-log.txt";
    char log[PATH_MAX * 2], expect[PATH_MAX + 32];
    snprintf(log, sizeof log, "%s/%s", x.dir, log_name);
    mtx_server srv;
    memset(&srv, 0, sizeof srv);
    if (mtx_mkdirs(x.dir, &err) || (!demo && mtx_cell_expect(x.im, col, x.dir, expect, sizeof expect, &err))) {
        set_status(&x, "error", "harness-error", err.msg);
    } else if (!x.im->url && mtx_server_start(c, x.im, x.dir, &srv, &err)) {
        set_status(&x, "did-not-start", "unexpected", err.msg);
        log_name = "server-log.txt";
    } else {
        if (demo) expect[0] = '\0';
        json_t *pool = json_array();
        char **argv = child_argv(c, x.im, cell, x.im->url ? x.im->url : srv.ird, x.dir, o->report_dir,
                                 expect, pool);
        int died, timed_out;
        int st = run_child(&x, x.im->url ? NULL : &srv, argv, log, &died, &timed_out, &err);
        if (st < 0 && err.msg[0]) set_status(&x, "error", "harness-error", err.msg);
        else judge(&x, st, died, timed_out, &srv, log);
        free(argv);
        json_decref(pool);
        stop_server(&x, &srv, died);
        mtx_server_free(&srv);
    }
    if (mtx_interrupted()) set_status(&x, "interrupted", "harness-error", "the harness was interrupted");
    json_object_set_new(x.rec, "elapsed", json_real(mtx_now() - t0));
    finish(&x, log_name);
    if (!o->quiet)
        fprintf(stderr, "altospec matrix: %-20s %-22s %-13s %s\n", impl, col,
                json_string_value(json_object_get(x.rec, "outcome")),
                json_string_value(json_object_get(x.rec, "message")));
    return x.rec;
}

/* mtx_plan.c: what a matrix runs, in a stable order.
 *
 * Suites are not hard-coded: `altospec conform --list` names the cases,
 * the suite of a case is its id's first segment, and each candidate is
 * confirmed with `conform --suite NAME --list`, whose ids also give the
 * suite's top-level RFC sections (the sub-columns of matrix.html).  A suite
 * another helper adds to the engine appears in every matrix without an
 * edit here.
 *
 * Columns: the suites in the binary's order, then the demo scenarios in the
 * order they first appear in the file.  Cells: implementations in file
 * order, each with the columns it runs, in column order; cell k (from 0)
 * belongs to shard (k mod N) + 1, so shards are deterministic and
 * interleaved (each shard gets a share of every implementation). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "mtx.h"
#include "alto_buf.h"
#include "alto_path.h"

static int list_ids(const char *self, const char *suite, json_t *ids, alto_err *err) {
    alto_buf out = ALTO_BUF_INIT;
    char *argv[] = {(char *)self, "conform", "--list", suite ? "--suite" : NULL, (char *)suite, NULL};
    int st = mtx_capture(argv, 0, &out, err);
    if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
        alto_buf_free(&out);
        if (st >= 0) alto_err_set(err, "%s conform --list%s%s failed (%s)", self, suite ? " --suite " : "",
                                  suite ? suite : "", mtx_status_str(st));
        return -1;
    }
    for (char *save = NULL, *line = strtok_r(out.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strcspn(line, " \t");
        if (n && memchr(line, '/', n)) json_array_append_new(ids, json_stringn(line, n));
    }
    alto_buf_free(&out);
    return 0;
}

static int cmp_section(const void *a, const void *b) {
    const char *x = json_string_value(*(json_t *const *)a), *y = json_string_value(*(json_t *const *)b);
    long dx = atol(x), dy = atol(y);
    return dx != dy ? (dx < dy ? -1 : 1) : strcmp(x, y);
}

json_t *mtx_discover_suites(const char *self, alto_err *err) {
    json_t *ids = json_array(), *suites = json_array();
    if (list_ids(self, NULL, ids, err)) goto fail;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        const char *s = json_string_value(id);
        size_t n = strcspn(s, "/");
        int seen = 0;
        size_t k;
        json_t *x;
        json_array_foreach(suites, k, x) seen |= strlen(json_string_value(json_object_get(x, "name"))) == n &&
                                                 !strncmp(json_string_value(json_object_get(x, "name")), s, n);
        if (!seen) json_array_append_new(suites, json_pack("{s:s%}", "name", s, n));
    }
    for (size_t k = 0; k < json_array_size(suites); ) {
        json_t *su = json_array_get(suites, k);
        json_t *sids = json_array();
        alto_err e2;
        /* a prefix that is no suite (a case id borrowed from another RFC) drops out */
        if (list_ids(self, json_string_value(json_object_get(su, "name")), sids, &e2) || !json_array_size(sids)) {
            json_decref(sids);
            json_array_remove(suites, k);
            continue;
        }
        json_t *secs = json_array();
        json_array_foreach(sids, i, id) {
            const char *s = json_string_value(id), *p = strchr(s, '/');
            size_t n = p ? strcspn(p + 1, "./") : 0;
            if (!n) continue;
            int seen = 0;
            size_t j;
            json_t *x;
            json_array_foreach(secs, j, x) seen |= strlen(json_string_value(x)) == n && !strncmp(json_string_value(x), p + 1, n);
            if (!seen) json_array_append_new(secs, json_stringn(p + 1, n));
        }
        size_t ns = json_array_size(secs);
        json_t **v = alto_xcalloc(ns + 1, sizeof *v);
        for (size_t j = 0; j < ns; j++) v[j] = json_incref(json_array_get(secs, j));
        qsort(v, ns, sizeof *v, cmp_section);
        json_array_clear(secs);
        for (size_t j = 0; j < ns; j++) json_array_append_new(secs, v[j]);
        free(v);
        json_object_set_new(su, "sections", secs);
        json_object_set_new(su, "cases", json_integer((json_int_t)json_array_size(sids)));
        json_decref(sids);
        k++;
    }
    json_decref(ids);
    if (!json_array_size(suites)) {
        json_decref(suites);
        alto_err_set(err, "%s conform --list reports no suite", self);
        return NULL;
    }
    return suites;
fail:
    json_decref(ids);
    json_decref(suites);
    return NULL;
}

static int runs_column(const mtx_impl *im, const json_t *col) {
    const char *id = json_string_value(json_object_get(col, "id"));
    if (!strcmp(json_string_value(json_object_get(col, "kind")), "demo")) {
        for (size_t i = 0; i < im->ndemos; i++) if (!strcmp(im->demos[i].column, id)) return 1;
        return 0;
    }
    size_t i;
    json_t *s;
    json_array_foreach(im->suites, i, s) if (!strcmp(json_string_value(s), id)) return 1;
    return 0;
}

json_t *mtx_plan(const mtx_config *c, int nshards, alto_err *err) {
    json_t *cols = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(c->suites, i, s)
        json_array_append_new(cols, json_pack("{s:O,s:s,s:O,s:O}", "id", json_object_get(s, "name"), "kind", "suite",
                                              "sections", json_object_get(s, "sections"), "cases", json_object_get(s, "cases")));
    for (size_t k = 0; k < c->nimpls; k++)
        for (size_t d = 0; d < c->impls[k].ndemos; d++) {
            const mtx_demo *dm = &c->impls[k].demos[d];
            int seen = 0;
            size_t j;
            json_t *x;
            json_array_foreach(cols, j, x) seen |= !strcmp(json_string_value(json_object_get(x, "id")), dm->column);
            if (!seen)
                json_array_append_new(cols, json_pack("{s:s,s:s,s:O}", "id", dm->column, "kind", "demo", "scenario",
                                                      json_object_get(dm->node, "scenario")));
        }
    json_t *cells = json_array();
    json_int_t idx = 0;
    for (size_t k = 0; k < c->nimpls; k++) {
        json_t *col;
        json_array_foreach(cols, i, col) {
            if (!runs_column(&c->impls[k], col)) continue;
            json_array_append_new(cells, json_pack("{s:s,s:O,s:O,s:I,s:I}", "implementation", c->impls[k].name,
                                                   "column", json_object_get(col, "id"), "kind", json_object_get(col, "kind"),
                                                   "index", idx, "shard", (json_int_t)(idx % nshards) + 1));
            idx++;
        }
    }
    json_t *impls = json_array();
    for (size_t k = 0; k < c->nimpls; k++) {
        const mtx_impl *im = &c->impls[k];
        json_t *o = json_pack("{s:s,s:O}", "name", im->name, "suites", im->suites);
        if (im->description) json_object_set_new(o, "description", json_string(im->description));
        if (im->url) json_object_set_new(o, "url", json_string(im->url));
        else {
            alto_buf b = ALTO_BUF_INIT;
            for (char **p = im->argv; *p; p++) alto_buf_printf(&b, "%s%s", p == im->argv ? "" : " ", *p);
            json_object_set_new(o, "command", json_string(b.data));
            alto_buf_free(&b);
        }
        json_array_append_new(impls, o);
    }
    if (!json_array_size(cells)) {
        alto_err_set(err, "%s: the matrix has no cell (no implementation runs any selected suite or demo)", c->path);
        json_decref(cols);
        json_decref(cells);
        json_decref(impls);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o}", "implementations", impls, "columns", cols, "cells", cells);
}

void mtx_plan_hash(const json_t *plan, const char *bytes, size_t n, char out[17]) {
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)bytes[i]) * 1099511628211ULL;
    char *cols = json_dumps(json_object_get(plan, "columns"), JSON_SORT_KEYS | JSON_COMPACT);
    /* the shard count is not part of the plan: shards of N and the
     * unsharded run describe the same matrix */
    json_t *cc = json_deep_copy(json_object_get(plan, "cells"));
    size_t i;
    json_t *c;
    json_array_foreach(cc, i, c) json_object_del(c, "shard");
    char *cells = json_dumps(cc, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(cc);
    for (const char *p = cols; p && *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    for (const char *p = cells; p && *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    free(cols);
    free(cells);
    snprintf(out, 17, "%016llx", h);
}

/* impl/column, each one safe path component (names come from the
 * implementations file and from scenario names). */
void mtx_cell_dir(const char *impl, const char *column, char *out, size_t n) {
    char a[256], b[256];
    alto_path_component(impl, a, sizeof a);
    alto_path_component(column, b, sizeof b);
    for (char *p = b; *p; p++)
        if (*p == ':') *p = '-';
    snprintf(out, n, "%s/%s", a, b);
}

void mtx_demo_scenario(const mtx_impl *im, const mtx_demo *d, const char *dir, char *out, size_t n) {
    if (!d->addresses) snprintf(out, n, "%s", d->scenario);
    else snprintf(out, n, "%s/scenarios/%s--%s.json", dir, im->name, d->column + 5);
}

/* The scenario with this implementation's host addresses, its relative
 * topology references made absolute (it is written elsewhere). */
static int write_derived(const mtx_config *c, const mtx_demo *d, const char *path, alto_err *err) {
    alto_doc *sd = alto_doc_load(d->scenario, err);
    if (!sd) return alto_doc_errf(c->doc, err, d->node, "scenario", -1, "%s", err->msg);
    json_t *root = json_deep_copy(alto_doc_root(sd));
    const char *dir = alto_doc_dir(sd);
    /* the derived copy lives under the report folder: its topology stays
     * allowed where the original is (the child run gets --allow-dir) */
    alto_path_allow(dir);
    char abs[PATH_MAX];
    const char *members[] = {"file", "graphml"};
    for (int k = 0; k < 3; k++) {
        json_t *holder = k == 0 ? root : json_object_get(root, "topology");
        const char *key = k == 0 ? "topology" : members[k - 1];
        json_t *v = json_is_object(holder) ? json_object_get(holder, key) : NULL;
        const char *s = json_string_value(v);
        if (!s || s[0] == '/') continue;
        char full[PATH_MAX * 2];
        snprintf(full, sizeof full, "%s/%s", dir, s);
        json_object_set_new(holder, key, json_string(realpath(full, abs) ? abs : full));
    }
    json_t *alto = json_pack("{s:O}", "addresses", d->addresses);
    json_t *old = json_object_get(root, "alto");
    if (json_object_get(old, "timeout")) json_object_set(alto, "timeout", json_object_get(old, "timeout"));
    json_object_set_new(root, "alto", alto);
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    alto_doc_free(sd);
    return rc ? alto_err_set(err, "cannot write %s", path) : 0;
}

int mtx_check_demos(const mtx_config *c, const char *dir, alto_err *err) {
    char sdir[PATH_MAX];
    snprintf(sdir, sizeof sdir, "%s/scenarios", dir);
    for (size_t k = 0; k < c->nimpls; k++)
        for (size_t i = 0; i < c->impls[k].ndemos; i++) {
            const mtx_demo *d = &c->impls[k].demos[i];
            char path[PATH_MAX];
            mtx_demo_scenario(&c->impls[k], d, dir, path, sizeof path);
            if (d->addresses) {
                mkdir(dir, 0755);
                mkdir(sdir, 0755);
                if (write_derived(c, d, path, err)) return -1;
            }
            /* a scenario without addresses is the same file for every
             * implementation: validated once */
            int seen = 0;
            for (size_t k2 = 0; k2 <= k && !seen; k2++)
                for (size_t i2 = 0; i2 < (k2 < k ? c->impls[k2].ndemos : i) && !seen; i2++)
                    seen = !d->addresses && !c->impls[k2].demos[i2].addresses &&
                           !strcmp(c->impls[k2].demos[i2].scenario, d->scenario);
            if (seen) continue;
            alto_buf out = ALTO_BUF_INIT;
            char *argv[] = {c->self, "validate", path, NULL};
            int st = mtx_capture(argv, 1, &out, err);
            if (st < 0) { alto_buf_free(&out); return -1; }
            if (!WIFEXITED(st) || WEXITSTATUS(st)) {
                char *nl = out.data ? strrchr(out.data, '\n') : NULL;
                while (nl && nl > out.data && nl[1] == '\0') { *nl = '\0'; nl = strrchr(out.data, '\n'); }
                alto_doc_errf(c->doc, err, d->node, d->addresses ? "addresses" : "scenario", -1,
                              "the scenario%s does not load: %s", d->addresses ? " with these addresses" : "",
                              nl ? nl + 1 : out.data ? out.data : "");
                alto_buf_free(&out);
                return -1;
            }
            alto_buf_free(&out);
        }
    return 0;
}

int mtx_cell_expect(const mtx_impl *im, const char *suite, const char *cell_dir, char *out,
                    size_t n, alto_err *err) {
    out[0] = '\0';
    const char *whole = json_string_value(json_object_get(im->expect, suite));
    if (whole) { snprintf(out, n, "%s", whole); return 0; }
    json_t *rows = json_object_get(im->expect_split, suite);
    if (!json_array_size(rows)) return 0;
    snprintf(out, n, "%s/expect.json", cell_dir);
    json_t *doc = json_pack("{s:O}", "expect", rows);
    int rc = json_dump_file(doc, out, JSON_INDENT(2));
    json_decref(doc);
    return rc ? alto_err_set(err, "cannot write %s", out) : 0;
}

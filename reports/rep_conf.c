/* rep_conf.c: the conformance report's structural check, the file writer
 * and the two plain-text renderers (console and Markdown).  JUnit lives in
 * rep_junit.c and HTML in rep_conf_html.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "rep_conf.h"
#include "alto_tty.h"

static const char *const verdicts[] = {"PASS", "FAIL", "WARN", "UNSUPPORTED", "SKIP", "ERROR"};

static const char *sget(const json_t *o, const char *k) {
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static json_int_t iget(const json_t *o, const char *k) {
    return json_integer_value(json_object_get(o, k));
}

int rep_conf_check(const json_t *rep, alto_err *err) {
    if (!json_is_object(rep)) return alto_err_set(err, "$: expected a JSON object");
    if (strcmp(sget(rep, "kind"), "conformance"))
        return alto_err_set(err, "$.kind: expected \"conformance\", got %s", sget(rep, "kind"));
    if (iget(rep, "version") != 1)
        return alto_err_set(err, "$.version: unsupported report version %lld (this altospec reads 1)",
                            (long long)iget(rep, "version"));
    static const struct { const char *key; json_type t; } top[] = {
        {"suite", JSON_OBJECT}, {"target", JSON_OBJECT}, {"summary", JSON_OBJECT},
        {"results", JSON_ARRAY}, {"requests", JSON_INTEGER},
    };
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        json_t *v = json_object_get(rep, top[i].key);
        if (!v || json_typeof(v) != top[i].t)
            return alto_err_set(err, "$.%s: missing or of the wrong type", top[i].key);
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rep, "results"), i, r) {
        static const char *const keys[] = {"id", "section", "level", "verdict", "reason"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            if (!json_is_string(json_object_get(r, keys[k])))
                return alto_err_set(err, "$.results[%zu].%s: expected a string", i, keys[k]);
        if (!json_is_boolean(json_object_get(r, "as_expected")))
            return alto_err_set(err, "$.results[%zu].as_expected: expected a boolean", i);
    }
    return 0;
}

/* ---- console ---------------------------------------------------------- */

void rep_conf_console(const json_t *rep, FILE *f) {
    json_t *sum = json_object_get(rep, "summary");
    size_t i;
    json_t *r;
    int shown = 0;
    const json_t *prev = NULL;      /* last result printed in full */
    json_array_foreach(json_object_get(rep, "results"), i, r) {
        const char *v = sget(r, "verdict");
        int unexpected = !json_is_true(json_object_get(r, "as_expected"));
        if (!unexpected && strcmp(v, "WARN")) continue;
        if (!shown++) fprintf(f, "\n");
        /* A dead server gives dozens of results with one reason: say it once. */
        if (prev && !strcmp(v, sget(prev, "verdict")) && !strcmp(sget(r, "reason"), sget(prev, "reason"))) {
            fprintf(f, "%s%-5s%s %s%s  (same reason)\n", alto_tty_on(f, v), v, alto_tty_off(f), sget(r, "id"),
                    unexpected ? "  (unexpected)" : "");
            continue;
        }
        prev = r;
        fprintf(f, "%s%-5s%s %s%s\n      %s\n", alto_tty_on(f, v), v, alto_tty_off(f), sget(r, "id"),
                unexpected ? "  (unexpected)" : "",
                sget(r, "reason"));
        json_t *ev = json_object_get(r, "evidence");
        json_int_t xi = json_integer_value(json_object_get(json_array_get(json_object_get(r, "problems"), 0), "exchange"));
        json_t *x = json_array_get(ev, (size_t)xi);
        if (!x) x = json_array_get(ev, json_array_size(ev) ? json_array_size(ev) - 1 : 0);
        if (x) fprintf(f, "      reproduce: %s\n", sget(x, "curl"));
    }
    fprintf(f, "\n%s against %s: %lld cases:", sget(json_object_get(rep, "suite"), "name"),
            sget(json_object_get(rep, "target"), "ird"), (long long)iget(sum, "total"));
    for (size_t v = 0; v < sizeof verdicts / sizeof *verdicts; v++)
        if (iget(sum, verdicts[v]))
            fprintf(f, " %lld %s%s%s", (long long)iget(sum, verdicts[v]), alto_tty_on(f, verdicts[v]), verdicts[v],
                    alto_tty_off(f));
    fprintf(f, "; %lld requests in %.2f s; %lld unexpected\n", (long long)iget(rep, "requests"),
            json_number_value(json_object_get(rep, "elapsed")), (long long)iget(sum, "unexpected"));
}

/* ---- Markdown ----------------------------------------------------------- */

static void md_cell(alto_buf *b, const char *s) {
    for (; *s; s++) {
        if (*s == '|') alto_buf_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r') alto_buf_putc(b, ' ');
        else alto_buf_putc(b, *s);
    }
}

void rep_conf_markdown(const json_t *rep, alto_buf *b) {
    json_t *sum = json_object_get(rep, "summary");
    json_int_t unexpected = iget(sum, "unexpected");
    alto_buf_printf(b, "## altospec conformance: %s\n\n", sget(json_object_get(rep, "suite"), "title"));
    alto_buf_printf(b, "Target `%s`%s, %lld requests in %.2f s.  ", sget(json_object_get(rep, "target"), "ird"),
                    json_is_true(json_object_get(json_object_get(rep, "target"), "embedded")) ? " (embedded reference server)" : "",
                    (long long)iget(rep, "requests"), json_number_value(json_object_get(rep, "elapsed")));
    alto_buf_printf(b, "**%s**\n\n", unexpected ? "Unexpected results: see below." : "All results as expected.");
    alto_buf_puts(b, "| cases |");
    for (size_t v = 0; v < 6; v++) alto_buf_printf(b, " %s |", verdicts[v]);
    alto_buf_puts(b, " unexpected |\n|---|");
    for (size_t v = 0; v < 6; v++) alto_buf_puts(b, "---|");
    alto_buf_printf(b, "---|\n| %lld |", (long long)iget(sum, "total"));
    for (size_t v = 0; v < 6; v++) alto_buf_printf(b, " %lld |", (long long)iget(sum, verdicts[v]));
    alto_buf_printf(b, " %lld |\n\n", (long long)unexpected);

    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(rep, "results"), i, r) {
            int unexp = !json_is_true(json_object_get(r, "as_expected"));
            const char *v = sget(r, "verdict");
            if (pass == 0 ? !unexp : (unexp || !strcmp(v, "PASS") || !strcmp(v, "UNSUPPORTED")))
                continue;
            if (!n++)
                alto_buf_puts(b, pass == 0 ? "### Unexpected results\n\n" : "### Other results that are not PASS\n\n");
            alto_buf_printf(b, "- **%s** `%s` (%s, section %s): ", v, sget(r, "id"), sget(r, "level"), sget(r, "section"));
            md_cell(b, sget(r, "reason"));
            json_t *exp = json_object_get(r, "expected");
            if (json_is_object(exp)) alto_buf_printf(b, " _(expected %s)_", sget(exp, "verdict"));
            alto_buf_puts(b, "\n");
            json_t *ev = json_object_get(r, "evidence");
            json_t *p0 = json_array_get(json_object_get(r, "problems"), 0);
            json_t *x = json_array_get(ev, (size_t)json_integer_value(json_object_get(p0, "exchange")));
            if (p0) {
                alto_buf_puts(b, "  - at `");
                md_cell(b, sget(p0, "path"));
                alto_buf_puts(b, "`: expected ");
                md_cell(b, sget(p0, "expected"));
                alto_buf_puts(b, ", got ");
                md_cell(b, sget(p0, "actual"));
                alto_buf_puts(b, "\n");
            }
            if (x) alto_buf_printf(b, "  ```sh\n  %s\n  ```\n", sget(x, "curl"));
        }
        if (n) alto_buf_puts(b, "\n");
    }
    alto_buf_puts(b, "<details><summary>All results</summary>\n\n| case | level | verdict | reason |\n|---|---|---|---|\n");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(rep, "results"), i, r) {
        alto_buf_printf(b, "| `%s` | %s | %s | ", sget(r, "id"), sget(r, "level"), sget(r, "verdict"));
        md_cell(b, sget(r, "reason"));
        alto_buf_puts(b, " |\n");
    }
    alto_buf_puts(b, "\n</details>\n");
}

/* ---- files ---------------------------------------------------------------- */

static int mkdir_p(const char *dir, alto_err *err) {
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
            return alto_err_set(err, "%s: cannot create directory: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
        return alto_err_set(err, "%s: cannot create directory: %s", tmp, strerror(errno));
    return 0;
}

/* Writes path through a temporary sibling and a rename, so a reader (or a
 * failed run) never sees half a file. */
static int write_atomic(const char *path, const alto_buf *b, alto_err *err) {
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
    if (alto_write_file(tmp, b->data ? b->data : "", b->len, err) < 0) return -1;
    if (rename(tmp, path) < 0) {
        unlink(tmp);
        return alto_err_set(err, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

/* Creates the directory that will hold path (its parents too). */
static int mkdir_parent(const char *path, alto_err *err) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return 0;
    *slash = '\0';
    return mkdir_p(dir, err);
}

int rep_conf_write(const json_t *rep, const char *dir, const char *junit_path, int skip_json,
                   alto_err *err) {
    /* Everything is rendered before anything is written: a renderer
     * cannot leave a half-filled report directory behind. */
    enum { F_JUNIT, F_JSON, F_HTML, F_MD, F_N };
    static const char *const names[F_N] = {"junit.xml", "report.json", "report.html", "summary.md"};
    alto_buf f[F_N] = {ALTO_BUF_INIT, ALTO_BUF_INIT, ALTO_BUF_INIT, ALTO_BUF_INIT};
    rep_conf_junit(rep, &f[F_JUNIT]);
    if (!skip_json) {
        char *s = json_dumps(rep, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        alto_buf_puts(&f[F_JSON], s);
        alto_buf_putc(&f[F_JSON], '\n');
        free(s);
    }
    rep_conf_html(rep, &f[F_HTML]);
    rep_conf_markdown(rep, &f[F_MD]);
    int rc = 0;
    if (dir) {
        rc = mkdir_p(dir, err);
        char path[4096];
        for (int i = 0; rc == 0 && i < F_N; i++) {
            if (i == F_JSON && skip_json) continue;
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            rc = write_atomic(path, &f[i], err);
        }
    }
    if (rc == 0 && junit_path) {
        rc = mkdir_parent(junit_path, err);
        if (rc == 0) rc = write_atomic(junit_path, &f[F_JUNIT], err);
    }
    for (int i = 0; i < F_N; i++) alto_buf_free(&f[i]);
    return rc;
}

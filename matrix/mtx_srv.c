/* mtx_srv.c: starting one implementation for one cell.
 *
 * The port.  The project rule is no pick-a-free-port-then-release race, so
 * the default (`port: zero`) fills {port} with 0: the server binds a port
 * itself and the harness learns which one, from the first capture group of
 * `ready.output` (a regex over the server's output, e.g. the reference
 * server's "serving ALTO on http://127.0.0.1:PORT/directory" or the fault
 * server's first line), else from the listening sockets the server's
 * process group holds (/proc).  A server whose command can only take a
 * real number uses `port: pick`: the harness chooses a number below the
 * kernel's ephemeral range without binding it, and when the server exits
 * saying the address is in use it tries another (`attempts`, default 5).
 * Before such a server counts as ready the harness checks that the port's
 * listening socket belongs to the server's own process group, so a cell
 * can never test some other program that happened to hold the port.
 *
 * Readiness: the ready URL ({port} filled in; default the IRD) answers
 * with a 2xx status, polled every 50 ms until `ready.timeout` (10 s).  A
 * server that exits first did not start; so does one that is not ready in
 * time (it is stopped and reaped before the cell is written). */
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mtx.h"
#include "alto_buf.h"
#include "alto_http.h"

char *mtx_expand(const char *tmpl, const mtx_config *c, const char *cell_dir, int port,
                 alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_puts(&b, "");
    for (const char *p = tmpl; *p; p++) {
        if (*p != '{') { alto_buf_putc(&b, *p); continue; }
        if (p[1] == '{') { alto_buf_putc(&b, '{'); p++; continue; }
        const char *e = strchr(p, '}');
        size_t n = e ? (size_t)(e - p - 1) : 0;
        if (n == 4 && !strncmp(p + 1, "port", 4)) alto_buf_printf(&b, "%d", port);
        else if (n == 8 && !strncmp(p + 1, "altospec", 8)) alto_buf_puts(&b, c->self);
        else if (n == 4 && !strncmp(p + 1, "here", 4)) alto_buf_puts(&b, c->dir);
        else if (n == 4 && !strncmp(p + 1, "cell", 4)) alto_buf_puts(&b, cell_dir ? cell_dir : "");
        else {
            alto_buf_free(&b);
            alto_err_set(err, "unknown placeholder in \"%s\"", tmpl);
            return NULL;
        }
        p = e;
    }
    return alto_buf_take(&b);
}

static char **expand_v(char *const *v, const mtx_config *c, const char *cell_dir, int port) {
    size_t n = 0;
    while (v && v[n]) n++;
    char **out = alto_xcalloc(n + 1, sizeof *out);
    alto_err e;
    for (size_t i = 0; i < n; i++) {
        out[i] = mtx_expand(v[i], c, cell_dir, port, &e);
        if (!out[i]) out[i] = alto_xstrdup(v[i]);      /* validated at load: cannot happen */
    }
    return out;
}

static void free_v(char **v) {
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

/* What the server wrote since `from` (its log), NUL-terminated. */
static void read_from(const char *path, long from, alto_buf *out) {
    alto_buf_reset(out);
    alto_buf_puts(out, "");
    FILE *f = fopen(path, "r");
    if (!f) return;
    if (fseek(f, from, SEEK_SET) == 0) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0 && out->len < (1 << 20)) alto_buf_append(out, buf, n);
    }
    fclose(f);
}

static long file_size(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n < 0 ? 0 : n;
}

/* 2xx from url: 1; else 0 with what was seen in `seen`. */
static int answers(alto_http *h, const char *url, char *seen, size_t n) {
    alto_http_req rq = {.method = "GET", .url = url, .connect_timeout = 1, .timeout = 2,
                        .max_body = 1 << 20, .insecure = 1};
    alto_http_resp rs;
    memset(&rs, 0, sizeof rs);
    int ok = 0;
    if (alto_http_do(h, &rq, &rs) < 0) snprintf(seen, n, "GET %s: %s", url, rs.error);
    else if (rs.status < 200 || rs.status > 299) snprintf(seen, n, "GET %s: HTTP %ld", url, rs.status);
    else ok = 1;
    alto_http_resp_free(&rs);
    return ok;
}

typedef struct attempt {
    const mtx_config *c;
    const mtx_impl *im;
    const char *cell_dir, *log;
    regex_t *re;
    alto_http *http;
} attempt;

enum { A_READY, A_FAILED, A_RETRY };

/* Learns the port of a zero-mode server; 1 when known. */
static int learn_port(attempt *a, mtx_server *s, const alto_buf *out, char *seen, size_t n) {
    regmatch_t m[2];
    if (a->re) {
        if (regexec(a->re, out->data, 2, m, 0)) {
            snprintf(seen, n, "no output matching ready.output yet");
            return 0;
        }
        if (m[1].rm_so >= 0) {
            s->port = atoi(out->data + m[1].rm_so);
            return s->port > 0;
        }
    }
    int ports[8];
    int np = mtx_group_ports(s->proc.pid, ports, 8);
    if (np == 1) { s->port = ports[0]; return 1; }
    if (np == 0) snprintf(seen, n, "no listening TCP socket in the server's process group");
    else snprintf(seen, n, "the server listens on %d ports (%d, %d, ...): give ready.output with a "
                  "capture group for the port", np, ports[0], ports[1]);
    return 0;
}

static int one_attempt(attempt *a, mtx_server *s, int port, alto_err *err) {
    const mtx_impl *im = a->im;
    long from = file_size(a->log);
    char **argv = expand_v(im->argv, a->c, a->cell_dir, port);
    char **env = expand_v(im->env, a->c, a->cell_dir, port);
    FILE *lf = fopen(a->log, "a");
    if (lf) {
        fprintf(lf, "== altospec matrix: starting %s (port %d):", im->name, port);
        for (char **p = argv; *p; p++) fprintf(lf, " %s", *p);
        fprintf(lf, "\n");
        fclose(lf);
        from = file_size(a->log);
    }
    int rc = mtx_spawn(&s->proc, argv, env, im->cwd, a->log, err);
    free_v(argv);
    free_v(env);
    if (rc) return A_FAILED;
    s->port = port;
    int known = port != 0 || (!strstr(im->ready_url, "{port}") && !strstr(im->ird, "{port}"));
    double t0 = mtx_now(), end = t0 + im->ready_timeout;
    char seen[600] = "nothing yet";
    alto_buf out = ALTO_BUF_INIT;
    int result = -1;
    while (result < 0) {
        int exited = mtx_poll(&s->proc);
        read_from(a->log, from, &out);
        if (exited) {
            char last[300];
            mtx_last_line(a->log, last, sizeof last);
            int in_use = strstr(out.data, "in use") || strstr(out.data, "EADDRINUSE");
            if (im->port_mode == MTX_PORT_PICK && in_use) result = A_RETRY;
            else {
                alto_err_set(err, "did not start: %s before it was ready%s%s", mtx_status_str(s->proc.status),
                             *last ? ": " : "", last);
                result = A_FAILED;
            }
            break;
        }
        if (mtx_interrupted()) { alto_err_set(err, "did not start: the harness was interrupted"); result = A_FAILED; break; }
        if (!known) known = learn_port(a, s, &out, seen, sizeof seen);
        if (known) {
            char *url = mtx_expand(im->ready_url, a->c, a->cell_dir, s->port, err);
            int ok = url && answers(a->http, url, seen, sizeof seen);
            free(url);
            if (ok && im->port_mode == MTX_PORT_PICK) {
                int ports[16], np = mtx_group_ports(s->proc.pid, ports, 16), mine = 0;
                for (int i = 0; i < np; i++) mine |= ports[i] == port;
                if (!mine) {
                    snprintf(seen, sizeof seen, "port %d answers but is not held by the server's process group", port);
                    ok = 0;
                }
            }
            if (ok) { result = A_READY; break; }
        }
        if (mtx_now() >= end) {
            alto_err_set(err, "did not start: not ready within %g s (%s)", im->ready_timeout, seen);
            result = A_FAILED;
            break;
        }
        mtx_wait(&s->proc, 0.05);
    }
    alto_buf_free(&out);
    s->ready_seconds = mtx_now() - t0;
    if (result != A_READY) {
        int forced;
        mtx_stop(&s->proc, SIGKILL, 0, &forced);
    }
    return result;
}

/* A port below the ephemeral range (where port-0 binds land), differing
 * per process and attempt. */
static int pick_port(int attempt_no) {
    unsigned long x = (unsigned long)getpid() * 2654435761UL ^ (unsigned long)(mtx_now() * 1e6) ^
                      (unsigned long)attempt_no * 40503UL;
    return 10000 + (int)(x % 22000);
}

int mtx_server_start(const mtx_config *c, const mtx_impl *im, const char *cell_dir,
                     mtx_server *s, alto_err *err) {
    memset(s, 0, sizeof *s);
    char log[4096];
    snprintf(log, sizeof log, "%s/server-log.txt", cell_dir);
    regex_t re;
    int have_re = im->ready_output && regcomp(&re, im->ready_output, REG_EXTENDED | REG_NEWLINE) == 0;
    attempt a = {c, im, cell_dir, log, have_re ? &re : NULL, alto_http_new()};
    int tries = im->port_mode == MTX_PORT_PICK ? im->attempts : 1, r = A_RETRY;
    for (int k = 1; k <= tries && r == A_RETRY; k++)
        r = one_attempt(&a, s, im->port_mode == MTX_PORT_PICK ? pick_port(k) : 0, err);
    if (r == A_RETRY) alto_err_set(err, "did not start: the address was in use on each of %d picked ports", tries);
    if (have_re) regfree(&re);
    alto_http_free(a.http);
    if (r != A_READY) {
        memset(&s->proc, 0, sizeof s->proc);
        return -1;
    }
    s->ird = mtx_expand(im->ird, c, cell_dir, s->port, err);
    return 0;
}

void mtx_server_free(mtx_server *s) {
    free(s->ird);
    s->ird = NULL;
}

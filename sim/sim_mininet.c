/* sim_mininet.c: the "mininet" backend: real Linux TCP between real
 * processes in network namespaces, through sim/mininet/driver.py.
 *
 * It owns the driver's life: it starts /usr/bin/python3 driver.py as a
 * child in its own process group, maps the topology and the transfers to
 * the driver's JSON-lines protocol (documented in driver.py), reads back the
 * completion times the receivers measured, and guarantees that nothing of
 * the run is left on the machine.
 *
 * Why a child process and not embedded Python: Mininet is a Python library
 * that needs root and forks shells; keeping it out of altospec's address
 * space means a Mininet failure or crash is an error message, not a dead
 * harness, and the C side can always clean up after it.
 *
 * Teardown, layer by layer (every path ends in sim_mininet_finish()):
 *  - normal end: `teardown` request; the driver removes the run and says
 *    what, if anything, is left;
 *  - failure, timeout, SIGINT/SIGTERM to altospec (handlers installed for
 *    the duration of the run): SIGTERM to the driver's process group, which
 *    unwinds to the same teardown; SIGKILL if it does not exit in time;
 *  - the driver crashed or was killed: its death shows as EOF on the pipe;
 *  - altospec itself SIGKILLed: the driver has PR_SET_PDEATHSIG = SIGTERM.
 * After the driver has exited, `driver.py --cleanup RUN` runs every time
 * (about 0.1 s) as the last word: it removes whatever is still named after
 * the run and fails the run if anything survives.  An interrupting signal
 * is re-raised once everything is gone, so altospec still dies of it.
 *
 * The run id is "alt" + base36(our pid): every interface, host shell and
 * transfer process of the run carries it (sim/mininet/names.py). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "alto_tty.h"
#include "sim_backend.h"
#include "alto_buf.h"

#define SIM_MININET_PYTHON "/usr/bin/python3"
/* Deadlines, seconds.  Start-up includes importing Mininet. */
#define SIM_MININET_READY_S 30.0
#define SIM_MININET_TEARDOWN_S 60.0
#define SIM_MININET_TERM_GRACE_S 20.0
#define SIM_MININET_CLEANUP_S 60.0

typedef struct sim_mininet_child {
    pid_t pid;              /* also the process group id; 0 when reaped */
    int status;             /* wait status once reaped */
    int to, from;           /* driver's stdin / stdout */
    alto_buf in;            /* read but not yet returned as lines */
    char run[16];
    char driver[PATH_MAX];
} sim_mininet_child;

static volatile sig_atomic_t sim_mininet_signal;

static void sim_mininet_on_signal(int sig) {
    sim_mininet_signal = sig;
}

static double sim_mininet_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- locating the driver ------------------------------------------------ */

static int sim_mininet_try(char *out, const char *dir, const char *rel) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s/%s", dir, rel) >= (int)sizeof buf)
        return 0;
    if (access(buf, R_OK) != 0) return 0;
    if (!realpath(buf, out)) return 0;
    return 1;
}

/* ALTOSPEC_MININET_DRIVER, else next to the source tree the binary was
 * built from (build dirs live inside it), else an installed share dir. */
static int sim_mininet_find_driver(char *out, alto_err *err) {
    const char *env = getenv("ALTOSPEC_MININET_DRIVER");
    if (env && *env) {
        if (sim_mininet_try(out, ".", env) || (env[0] == '/' &&
                                               sim_mininet_try(out, "", env)))
            return 0;
        return alto_err_set(err, "ALTOSPEC_MININET_DRIVER=%s: not readable", env);
    }
#ifdef ALTOSPEC_SOURCE_DIR
    if (sim_mininet_try(out, ALTOSPEC_SOURCE_DIR, "sim/mininet/driver.py")) return 0;
#endif
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        if (sim_mininet_try(out, exe, "../sim/mininet/driver.py") ||
            sim_mininet_try(out, exe, "../../sim/mininet/driver.py") ||
            sim_mininet_try(out, exe, "../share/altospec/mininet/driver.py"))
            return 0;
    }
    return alto_err_set(err, "mininet backend: cannot find sim/mininet/driver.py "
                        "(set ALTOSPEC_MININET_DRIVER to its path)");
}

/* ---- the child process -------------------------------------------------- */

static void sim_mininet_run_id(char out[16]) {
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char tmp[16];
    int n = 0;
    unsigned long v = (unsigned long)getpid();
    do { tmp[n++] = digits[v % 36]; v /= 36; } while (v && n < 12);
    int k = snprintf(out, 16, "alt");
    while (n > 0 && k < 15) out[k++] = tmp[--n];
    out[k] = 0;
}

/* fork + exec with the driver in its own process group and a parent-death
 * signal; argv is NULL-terminated after argv[0] = python. */
static pid_t sim_mininet_spawn(char *const argv[], int in_fd, int out_fd) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) {
        if (pid > 0) setpgid(pid, pid);   /* both sides: no race with kill */
        return pid;
    }
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);  /* parent already gone */
    if (in_fd >= 0) dup2(in_fd, 0);
    if (out_fd >= 0) dup2(out_fd, 1);
    /* Ignored signals stay ignored across exec; the driver wants defaults. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    execv(argv[0], argv);
    _exit(127);
}

static int sim_mininet_start(sim_mininet_child *c, alto_err *err) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0) return alto_err_set(err, "pipe: %s", strerror(errno));
    if (pipe2(out, O_CLOEXEC) != 0) {
        close(in[0]); close(in[1]);
        return alto_err_set(err, "pipe: %s", strerror(errno));
    }
    char *argv[] = {SIM_MININET_PYTHON, c->driver, "--run-id", c->run, NULL};
    c->pid = sim_mininet_spawn(argv, in[0], out[1]);
    int e = errno;
    close(in[0]);
    close(out[1]);
    if (c->pid < 0) {
        close(in[1]); close(out[0]);
        c->pid = 0;
        return alto_err_set(err, "mininet backend: fork: %s", strerror(e));
    }
    c->to = in[1];
    c->from = out[0];
    return 0;
}

/* Reaps the driver if it has exited; 1 when gone. */
static int sim_mininet_reaped(sim_mininet_child *c) {
    if (c->pid <= 0) return 1;
    pid_t r = waitpid(c->pid, &c->status, WNOHANG);
    if (r == c->pid || (r < 0 && errno == ECHILD)) {
        c->pid = 0;
        return 1;
    }
    return 0;
}

static int sim_mininet_wait(sim_mininet_child *c, double seconds) {
    double end = sim_mininet_now() + seconds;
    while (!sim_mininet_reaped(c)) {
        if (sim_mininet_now() > end) return 0;
        usleep(20000);
    }
    return 1;
}

/* ---- JSON lines --------------------------------------------------------- */

enum { SIM_MININET_OK = 0, SIM_MININET_FAIL = -1, SIM_MININET_INTR = -2,
       SIM_MININET_EOF = -3, SIM_MININET_TIMEOUT = -4 };

static int sim_mininet_send(sim_mininet_child *c, json_t *msg, alto_err *err) {
    char *line = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!line) return alto_err_set(err, "mininet backend: cannot encode request");
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_puts(&b, line);
    alto_buf_putc(&b, '\n');
    free(line);
    int rc = SIM_MININET_OK;
    for (size_t off = 0; off < b.len;) {
        ssize_t w = write(c->to, b.data + off, b.len - off);
        if (w < 0 && errno == EINTR) {
            if (sim_mininet_signal) { rc = SIM_MININET_INTR; break; }
            continue;
        }
        if (w <= 0) {   /* EPIPE: SIGPIPE is ignored by main() */
            alto_err_set(err, "mininet driver exited unexpectedly");
            rc = SIM_MININET_EOF;
            break;
        }
        off += (size_t)w;
    }
    alto_buf_free(&b);
    return rc;
}

/* One reply line, parsed, within `seconds`. */
static int sim_mininet_recv(sim_mininet_child *c, double seconds, json_t **out,
                            alto_err *err) {
    double end = sim_mininet_now() + seconds;
    *out = NULL;
    for (;;) {
        char *nl = c->in.data ? memchr(c->in.data, '\n', c->in.len) : NULL;
        if (nl) {
            size_t len = (size_t)(nl - c->in.data);
            json_error_t je;
            json_t *j = json_loadb(c->in.data, len, 0, &je);
            memmove(c->in.data, nl + 1, c->in.len - len - 1);
            c->in.len -= len + 1;
            c->in.data[c->in.len] = 0;
            if (!j || !json_is_object(j)) {
                json_decref(j);
                alto_err_set(err, "mininet driver sent a malformed line: %s", je.text);
                return SIM_MININET_FAIL;
            }
            *out = j;
            return SIM_MININET_OK;
        }
        if (sim_mininet_signal) return SIM_MININET_INTR;
        double left = end - sim_mininet_now();
        if (left <= 0) {
            alto_err_set(err, "mininet driver did not answer within %.0f s", seconds);
            return SIM_MININET_TIMEOUT;
        }
        struct pollfd pfd = {c->from, POLLIN, 0};
        int ms = left > 1.0 ? 1000 : (int)(left * 1000) + 1;
        int r = poll(&pfd, 1, ms);
        if (r < 0 && errno != EINTR) {
            alto_err_set(err, "poll: %s", strerror(errno));
            return SIM_MININET_FAIL;
        }
        if (r <= 0) continue;
        char buf[4096];
        ssize_t n = read(c->from, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            alto_err_set(err, "mininet driver exited unexpectedly");
            return SIM_MININET_EOF;
        }
        alto_buf_append(&c->in, buf, (size_t)n);
    }
}

/* Request/reply; a reply {"ok": false} becomes an error with its message. */
static int sim_mininet_call(sim_mininet_child *c, json_t *req, double seconds,
                            json_t **reply, alto_err *err) {
    const char *op = json_string_value(json_object_get(req, "op"));
    char what[32];
    snprintf(what, sizeof what, "%s", op ? op : "?");
    int rc = sim_mininet_send(c, req, err);
    if (rc == SIM_MININET_OK) rc = sim_mininet_recv(c, seconds, reply, err);
    if (rc != SIM_MININET_OK) return rc;
    if (!json_is_true(json_object_get(*reply, "ok"))) {
        const char *m = json_string_value(json_object_get(*reply, "error"));
        alto_err_set(err, "mininet %s: %s", what, m ? m : "failed");
        json_decref(*reply);
        *reply = NULL;
        return SIM_MININET_FAIL;
    }
    return SIM_MININET_OK;
}

/* ---- mapping the problem ------------------------------------------------ */

static json_t *sim_mininet_build_msg(const sim_topo *t) {
    json_t *hosts = json_array(), *switches = json_array(), *links = json_array();
    for (int i = 0; i < t->nnodes; i++) {
        const sim_node *n = &t->nodes[i];
        if (!n->is_host) {
            json_array_append_new(switches, json_string(n->name));
            continue;
        }
        json_t *h = json_pack("{s:s}", "name", n->name);
        for (int k = 0; k < n->naddrs; k++) {
            if (n->addrs[k].family != 4) continue;
            char buf[64];
            json_object_set_new(h, "ipv4",
                                json_string(alto_addr_fmt(&n->addrs[k], buf, sizeof buf)));
            break;
        }
        json_array_append_new(hosts, h);
    }
    /* One physical link per pair of directed links; the driver shapes each
     * end's egress with its own direction's rate. */
    for (int i = 0; i < t->nlinks; i++) {
        const sim_link *l = &t->links[i];
        if (l->reverse >= 0 && l->reverse < i) continue;
        double back = l->reverse >= 0 ? t->links[l->reverse].bps : l->bps;
        json_array_append_new(links, json_pack(
            "{s:s, s:s, s:f, s:f, s:i}", "a", t->nodes[l->from].name,
            "b", t->nodes[l->to].name, "bps_ab", l->bps, "bps_ba", back,
            "line", l->line));
    }
    return json_pack("{s:s, s:o, s:o, s:o}", "op", "build", "hosts", hosts,
                     "switches", switches, "links", links);
}

static double sim_mininet_scaled(const sim_params *p, double bytes) {
    double s = p && p->size_scale > 0 ? p->size_scale : 1;
    double b = llround(bytes * s);
    return b < 1 ? 1 : b;
}

/* Generous bound on the whole batch: every transfer serialised over its own
 * bottleneck, after the last start, twice over, plus set-up. */
static double sim_mininet_timeout(const sim_topo *t, const sim_params *p,
                                  const sim_transfer *x, int n) {
    double last = 0, work = 0;
    for (int i = 0; i < n; i++) {
        sim_path_metrics m;
        double rate = 1e6;
        if (sim_topo_metrics(t, x[i].src, x[i].dst, &m) > 0 && isfinite(m.bottleneck_bps)
            && m.bottleneck_bps > 0)
            rate = m.bottleneck_bps;
        work += sim_mininet_scaled(p, x[i].bytes) * 8 / rate;
        if (x[i].start > last) last = x[i].start;
    }
    return last + 2.2 * work + 30;
}

static json_t *sim_mininet_run_msg(const sim_topo *t, const sim_params *p,
                                   const sim_transfer *x, int n) {
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack(
            "{s:s, s:s, s:f, s:f}", "src", t->nodes[x[i].src].name,
            "dst", t->nodes[x[i].dst].name, "bytes", sim_mininet_scaled(p, x[i].bytes),
            "start", x[i].start > 0 ? x[i].start : 0.0));
    const char *cc = p && p->tcp && !strcmp(p->tcp, "newreno") ? "reno" : "cubic";
    return json_pack("{s:s, s:o, s:f, s:s}", "op", "run", "transfers", arr,
                     "timeout", sim_mininet_timeout(t, p, x, n), "cc", cc);
}

static void sim_mininet_info(json_t *info, const sim_params *p, const char *run,
                             const json_t *ready, const json_t *built) {
    if (!info) return;
    struct utsname u;
    json_object_set_new(info, "backend", json_string("mininet"));
    json_object_set_new(info, "emulated", json_pack("[s]", "bandwidth"));
    json_object_set_new(info, "not_emulated", json_pack(
        "[s, s, s]", "delay", "loss",
        "queue size (Linux default 1000-packet txqueuelen)"));
    json_object_set_new(info, "note", json_string(
        "real Linux TCP between processes in network namespaces; links are "
        "shaped per direction with TCLink (HTB). Without netem, link delay "
        "and loss are not applied and every shaped interface keeps Linux's "
        "default 1000-packet queue (the deep-buffer case); only bandwidth "
        "sharing is validated."));
    json_object_set_new(info, "size_scale",
                        json_real(p && p->size_scale > 0 ? p->size_scale : 1));
    json_object_set_new(info, "measured_at", json_string("receiver"));
    json_object_set_new(info, "switches", json_string(
        "Linux bridges (iproute2), no controller, no STP: tree topologies only"));
    json_object_set_new(info, "tcp", json_string(
        p && p->tcp && !strcmp(p->tcp, "newreno") ? "reno (Linux kernel)"
                                                 : "cubic (Linux kernel)"));
    json_object_set_new(info, "run_id", json_string(run));
    if (uname(&u) == 0) json_object_set_new(info, "kernel", json_string(u.release));
    if (ready) {
        json_t *v = json_object_get(ready, "mininet");
        if (v) json_object_set(info, "mininet_version", v);
    }
    if (built) {
        json_t *v = json_object_get(built, "unshaped");
        if (v) json_object_set(info, "unshaped_links", v);
        v = json_object_get(built, "seconds");
        if (v) json_object_set(info, "build_seconds", v);
        v = json_object_get(built, "hosts");
        if (v) json_object_set(info, "hosts", v);
    }
}

/* ---- teardown ----------------------------------------------------------- */

/* `driver.py --cleanup RUN`: 0 when nothing of the run is left. */
static int sim_mininet_sweep(const sim_mininet_child *c, alto_err *err) {
    char *argv[] = {SIM_MININET_PYTHON, (char *)c->driver, "--cleanup",
                    (char *)c->run, NULL};
    sim_mininet_child k = {0};
    k.pid = sim_mininet_spawn(argv, -1, -1);
    if (k.pid < 0)
        return alto_err_set(err, "mininet clean-up: fork: %s", strerror(errno));
    if (!sim_mininet_wait(&k, SIM_MININET_CLEANUP_S)) {
        kill(-k.pid, SIGKILL);
        sim_mininet_wait(&k, 5);
        return alto_err_set(err, "mininet clean-up of run %s did not finish; "
                            "run: %s %s --cleanup %s", c->run,
                            SIM_MININET_PYTHON, c->driver, c->run);
    }
    if (!WIFEXITED(k.status) || WEXITSTATUS(k.status) != 0)
        return alto_err_set(err, "mininet clean-up of run %s left things behind "
                            "(see above); retry with: %s %s --cleanup %s",
                            c->run, SIM_MININET_PYTHON, c->driver, c->run);
    return 0;
}

/* Ends the driver however it is doing and sweeps.  graceful: it was told
 * `teardown` and should exit by itself. */
static int sim_mininet_finish(sim_mininet_child *c, int graceful, alto_err *err) {
    if (c->to >= 0) { close(c->to); c->to = -1; }   /* EOF: also a teardown */
    if (c->pid > 0 && !(graceful && sim_mininet_wait(c, SIM_MININET_TEARDOWN_S))) {
        kill(-c->pid, SIGTERM);
        if (!sim_mininet_wait(c, SIM_MININET_TERM_GRACE_S)) {
            kill(-c->pid, SIGKILL);
            sim_mininet_wait(c, 5);
        }
    }
    if (c->from >= 0) { close(c->from); c->from = -1; }
    alto_buf_free(&c->in);
    return sim_mininet_sweep(c, err);
}

static const char *sim_mininet_exit_text(int status, char *buf, size_t n) {
    if (WIFSIGNALED(status))
        snprintf(buf, n, "killed by signal %d", WTERMSIG(status));
    else if (WIFEXITED(status))
        snprintf(buf, n, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(buf, n, "status %d", status);
    return buf;
}

/* ---- the session: one network per scenario run ------------------------- */

/* The driver and its network live from the first batch of a run to the
 * runner's end() call: every policy and repetition reuses them, with a
 * `reset` between batches (sim/mininet/reset.py), so a run costs one
 * set-up.  ALTOSPEC_MININET_REBUILD=1 restores one network per batch (the
 * benchmark's baseline).  The signal handlers stay installed for the
 * session: a signal between two batches is acted on by the next batch or
 * by end(), whichever comes first. */
typedef struct sim_mininet_sess {
    sim_mininet_child c;
    const sim_topo *topo;   /* the network built; NULL before the build */
    json_t *ready, *built;
    int open;               /* driver started, handlers installed */
    int builds, batches;    /* this run's network set-ups and batches */
    double reset_s;         /* time spent resetting between batches */
    struct sigaction old_int, old_term;
} sim_mininet_sess;

static sim_mininet_sess sim_mininet_s = {.c = {.to = -1, .from = -1}};

static int sim_mininet_rebuild(void) {
    const char *v = getenv("ALTOSPEC_MININET_REBUILD");
    return v && *v && strcmp(v, "0") != 0;
}

static void sim_mininet_handlers(sim_mininet_sess *s, int on) {
    if (!on) {
        sigaction(SIGINT, &s->old_int, NULL);
        sigaction(SIGTERM, &s->old_term, NULL);
        return;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sim_mininet_on_signal;   /* no SA_RESTART: wake poll() */
    sigemptyset(&sa.sa_mask);
    sim_mininet_signal = 0;
    sigaction(SIGINT, NULL, &s->old_int);
    sigaction(SIGTERM, NULL, &s->old_term);
    /* A signal the caller ignores (nohup, a background job of a script)
     * stays ignored. */
    if (s->old_int.sa_handler != SIG_IGN) sigaction(SIGINT, &sa, NULL);
    if (s->old_term.sa_handler != SIG_IGN) sigaction(SIGTERM, &sa, NULL);
}

/* Starts the driver and builds t's network. */
static int sim_mininet_open(sim_mininet_sess *s, const sim_topo *t, alto_err *err) {
    sim_mininet_child *c = &s->c;
    memset(c, 0, sizeof *c);
    c->to = c->from = -1;
    if (sim_mininet_find_driver(c->driver, err) != 0) return SIM_MININET_FAIL;
    sim_mininet_run_id(c->run);
    sim_mininet_handlers(s, 1);
    s->open = 1;
    if (sim_mininet_start(c, err) != 0) return SIM_MININET_FAIL;
    int rc = sim_mininet_recv(c, SIM_MININET_READY_S, &s->ready, err);
    if (rc == SIM_MININET_OK && !json_object_get(s->ready, "run_id")) {
        const char *m = json_string_value(json_object_get(s->ready, "error"));
        alto_err_set(err, "%s", m ? m : "mininet driver failed to start");
        rc = SIM_MININET_FAIL;
    }
    /* Building takes a while: say so, on a terminal. */
    char what[96];
    snprintf(what, sizeof what, "mininet: building the network (%d hosts and switches)",
             t->nnodes);
    alto_progress(what, 0, 0);
    if (rc == SIM_MININET_OK)
        rc = sim_mininet_call(c, sim_mininet_build_msg(t), 60.0 + t->nlinks, &s->built, err);
    if (rc == SIM_MININET_OK) {
        s->topo = t;
        s->builds++;
    }
    return rc;
}

/* Tears the session down (teardown request when rc is OK), sweeps, and
 * re-raises a signal that arrived meanwhile.  Returns rc, or FAIL when the
 * teardown or the sweep failed (err then says so, after rc's message). */
static int sim_mininet_close(sim_mininet_sess *s, int rc, alto_err *err) {
    if (!s->open) return rc;
    sim_mininet_child *c = &s->c;
    json_t *bye = NULL;
    if (rc == SIM_MININET_OK && c->pid > 0)
        rc = sim_mininet_call(c, json_pack("{s:s}", "op", "teardown"),
                              SIM_MININET_TEARDOWN_S, &bye, err);
    json_decref(bye);
    alto_progress_end();
    if (rc == SIM_MININET_INTR)
        alto_err_set(err, "mininet run interrupted by signal %d; tore it down",
                     (int)sim_mininet_signal);
    if (c->pid > 0 || c->to >= 0) {
        alto_err swept;
        int graceful = rc == SIM_MININET_OK || rc == SIM_MININET_FAIL;
        if (rc == SIM_MININET_EOF && sim_mininet_wait(c, 2)) {
            char why[64];
            alto_err_set(err, "mininet driver died (%s) during the run; "
                         "removing what it left (run %s)",
                         sim_mininet_exit_text(c->status, why, sizeof why), c->run);
        }
        if (sim_mininet_finish(c, graceful, &swept) != 0) {
            if (rc == SIM_MININET_OK) {
                *err = swept;
            } else {
                char first[ALTO_ERR_MAX];
                memcpy(first, err->msg, sizeof first);
                alto_err_set(err, "%s; and then: %s", first, swept.msg);
            }
            rc = SIM_MININET_FAIL;
        }
        if (rc == SIM_MININET_OK && c->status != 0) {
            char why[64];
            alto_err_set(err, "mininet driver ended with %s",
                         sim_mininet_exit_text(c->status, why, sizeof why));
            rc = SIM_MININET_FAIL;
        }
    }
    json_decref(s->ready);
    json_decref(s->built);
    s->ready = s->built = NULL;
    s->topo = NULL;
    s->open = 0;
    sim_mininet_handlers(s, 0);
    int sig = sim_mininet_signal;
    sim_mininet_signal = 0;
    /* The user asked altospec to stop: now that the network is gone, let
     * the signal do what it would have done. */
    if (sig) raise(sig);
    return rc;
}

/* One batch on the session's network, reset first when it ran one. */
static int sim_mininet_batch(sim_mininet_sess *s, const sim_topo *t, const sim_params *p,
                             const sim_transfer *x, int n, sim_result *out, alto_err *err) {
    json_t *ran = NULL, *reset = NULL;
    int rc = sim_mininet_signal ? SIM_MININET_INTR : SIM_MININET_OK;
    char what[96];
    if (rc == SIM_MININET_OK && s->batches > 0) {
        alto_progress("mininet: resetting the network (reused)", 0, 0);
        rc = sim_mininet_call(&s->c, json_pack("{s:s}", "op", "reset"), 30.0, &reset, err);
        if (rc == SIM_MININET_OK)
            s->reset_s += json_number_value(json_object_get(reset, "seconds"));
        json_decref(reset);
    }
    if (rc == SIM_MININET_OK) {
        snprintf(what, sizeof what, "mininet: running %d transfer(s)", n);
        alto_progress(what, 0, 0);
        json_t *req = sim_mininet_run_msg(t, p, x, n);
        double limit = json_real_value(json_object_get(req, "timeout")) + 30;
        rc = sim_mininet_call(&s->c, req, limit, &ran, err);
    }
    if (rc == SIM_MININET_OK) {
        s->batches++;
        json_t *res = json_object_get(ran, "results");
        if (json_array_size(res) != (size_t)n) {
            alto_err_set(err, "mininet driver returned %zu results for %d transfers",
                         json_array_size(res), n);
            rc = SIM_MININET_FAIL;
        }
        for (int i = 0; rc == SIM_MININET_OK && i < n; i++) {
            json_t *r = json_array_get(res, (size_t)i);
            out[i].finish = json_number_value(json_object_get(r, "finish"));
            out[i].seconds = json_number_value(json_object_get(r, "seconds"));
        }
    }
    json_decref(ran);
    return rc;
}

/* ---- the backend -------------------------------------------------------- */

static int sim_mininet_check(const sim_topo *t, const sim_transfer *x, int n, alto_err *err) {
    if (geteuid() != 0)
        return alto_err_set(err, "the mininet backend needs root (network "
                            "namespaces): run altospec as root, or use "
                            "--backend flow or ns3");
    for (int i = 0; i < n; i++) {
        if (x[i].src < 0 || x[i].src >= t->nnodes || x[i].dst < 0 ||
            x[i].dst >= t->nnodes || !t->nodes[x[i].src].is_host ||
            !t->nodes[x[i].dst].is_host || x[i].src == x[i].dst)
            return alto_err_set(err, "mininet backend: transfer %d must go "
                                "between two different hosts", i);
    }
    return 0;
}

static void sim_mininet_atexit(void) {
    alto_err ignored;
    sim_mininet_close(&sim_mininet_s, SIM_MININET_OK, &ignored);
}

static int sim_mininet_run(const sim_topo *t, const sim_params *p,
                           const sim_transfer *x, int n, sim_result *out,
                           json_t *info, alto_err *err) {
    static int atexit_done;
    sim_mininet_sess *s = &sim_mininet_s;
    if (sim_mininet_check(t, x, n, err) != 0) return -1;
    if (!atexit_done) atexit_done = !atexit(sim_mininet_atexit);
    int rc = SIM_MININET_OK;
    /* Another topology (a caller that did not end() its run): start over. */
    if (s->open && s->topo != t) rc = sim_mininet_close(s, rc, err);
    if (rc == SIM_MININET_OK && !s->open) rc = sim_mininet_open(s, t, err);
    if (rc == SIM_MININET_OK) rc = sim_mininet_batch(s, t, p, x, n, out, err);
    alto_progress_end();
    sim_mininet_info(info, p, s->c.run, s->ready, s->built);
    if (info) {
        json_object_set_new(info, "network_builds", json_integer(s->builds));
        json_object_set_new(info, "batches", json_integer(s->batches));
        json_object_set_new(info, "reset_seconds", json_real(s->reset_s));
        json_object_set_new(info, "network", json_string(
            sim_mininet_rebuild() ? "rebuilt for every batch (ALTOSPEC_MININET_REBUILD)"
                                  : "built once per run, reset between batches"));
    }
    if (rc != SIM_MININET_OK || sim_mininet_rebuild()) rc = sim_mininet_close(s, rc, err);
    return rc == SIM_MININET_OK ? 0 : -1;
}

/* The run's last batch is done (or the run failed): tear the network down. */
static int sim_mininet_end(alto_err *err) {
    sim_mininet_sess *s = &sim_mininet_s;
    int rc = sim_mininet_close(s, SIM_MININET_OK, err);
    s->builds = s->batches = 0;
    s->reset_s = 0;
    return rc == SIM_MININET_OK ? 0 : -1;
}

const sim_backend sim_mininet_backend = {"mininet", sim_mininet_run, sim_mininet_end};

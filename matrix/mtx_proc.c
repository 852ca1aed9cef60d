/* mtx_proc.c: the child processes of the matrix, and only them.
 *
 * Every server and every altospec child runs in its own process group, so
 * stopping one is one kill(-pgid): a server that forks helpers, or a shell
 * wrapper, goes down whole.  Stopping is the signal the implementation
 * asks for (SIGTERM by default), a grace period, then SIGKILL, then a
 * wait until the group is empty; the leader is always reaped.  Children
 * also get PR_SET_PDEATHSIG so a harness killed with SIGKILL does not
 * leave the leader running.
 *
 * The harness's own SIGINT/SIGTERM/SIGHUP and SIGCHLD are blocked and taken
 * synchronously with sigtimedwait(): waiting for a child and noticing an
 * interruption are the same loop, and no handler runs between a fork and
 * its bookkeeping.  An interrupted matrix stops what runs, reaps it, and
 * dies of the same signal.
 *
 * Listening sockets of a group come from /proc: the socket inodes of every
 * process in the group matched against /proc/net/tcp and tcp6 in LISTEN
 * state.  That is how the harness learns the port a server bound itself
 * (port 0), and proves that a picked port is held by the server and not
 * by some other program. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "mtx.h"
#include "alto_buf.h"

extern char **environ;

static sigset_t harness_set, orig_mask;
static int inited, interrupted;

double mtx_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void mtx_signals_init(void) {
    if (inited) return;
    sigemptyset(&harness_set);
    sigaddset(&harness_set, SIGINT);
    sigaddset(&harness_set, SIGTERM);
    sigaddset(&harness_set, SIGHUP);
    sigaddset(&harness_set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &harness_set, &orig_mask);
    inited = 1;
}

/* Takes pending harness signals without waiting. */
static void take_pending(void) {
    struct timespec zero = {0, 0};
    int s;
    while (inited && (s = sigtimedwait(&harness_set, NULL, &zero)) > 0)
        if (s != SIGCHLD && !interrupted) interrupted = s;
}

int mtx_interrupted(void) {
    take_pending();
    return interrupted;
}

void mtx_die_of_signal(void) {
    int s = interrupted ? interrupted : SIGTERM;
    signal(s, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, s);
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    raise(s);
    _exit(128 + s);
}

/* environ with each "NAME=value" of extra replacing or adding NAME. */
static char **merged_env(char *const *extra) {
    size_t n = 0, ne = 0;
    while (environ[n]) n++;
    while (extra && extra[ne]) ne++;
    char **out = alto_xcalloc(n + ne + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int over = 0;
        for (size_t j = 0; j < ne && !over; j++) {
            size_t len = strcspn(extra[j], "=");
            over = !strncmp(environ[i], extra[j], len) && environ[i][len] == '=';
        }
        if (!over) out[k++] = environ[i];
    }
    for (size_t j = 0; j < ne; j++) out[k++] = extra[j];
    return out;
}

int mtx_spawn(mtx_proc *p, char *const *argv, char *const *env, const char *cwd,
              const char *log_path, alto_err *err) {
    memset(p, 0, sizeof *p);
    int logfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logfd < 0) return alto_err_set(err, "cannot open %s: %s", log_path, strerror(errno));
    int nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    char **envp = merged_env(env);
    pid_t parent = getpid();
    /* Everything the child needs is prepared above: between fork and exec
     * it only calls async-signal-safe functions. */
    pid_t pid = fork();
    if (pid < 0) {
        free(envp);
        close(logfd);
        if (nullfd >= 0) close(nullfd);
        return alto_err_set(err, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &orig_mask, NULL);
        if (nullfd >= 0) dup2(nullfd, 0);
        dup2(logfd, 1);
        dup2(logfd, 2);
        if (cwd && chdir(cwd) < 0) {
            static const char m[] = "altospec matrix: cannot change to the start directory\n";
            (void)!write(2, m, sizeof m - 1);
            _exit(127);
        }
        execvpe(argv[0], argv, envp);
        static const char m1[] = "altospec matrix: cannot run ";
        (void)!write(2, m1, sizeof m1 - 1);
        (void)!write(2, argv[0], strlen(argv[0]));
        const char *e = strerror(errno);
        (void)!write(2, ": ", 2);
        (void)!write(2, e, strlen(e));
        (void)!write(2, "\n", 1);
        _exit(127);
    }
    setpgid(pid, pid);      /* both sides, so the group exists before any kill */
    free(envp);
    close(logfd);
    if (nullfd >= 0) close(nullfd);
    p->pid = pid;
    return 0;
}

int mtx_poll(mtx_proc *p) {
    if (!p->pid) return 1;
    if (p->exited) return 1;
    int st;
    pid_t r = waitpid(p->pid, &st, WNOHANG);
    if (r == p->pid) { p->exited = 1; p->status = st; return 1; }
    if (r < 0 && errno == ECHILD) { p->exited = 1; p->status = 0; return 1; }
    return 0;
}

/* Sleeps until a harness signal or `seconds` (at most 100 ms, so a missed
 * SIGCHLD costs little), recording an interruption. */
static void nap(double seconds) {
    if (seconds > 0.1) seconds = 0.1;
    if (seconds <= 0) return;
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    int s = sigtimedwait(&harness_set, NULL, &ts);
    if (s > 0 && s != SIGCHLD && !interrupted) interrupted = s;
}

int mtx_wait(mtx_proc *p, double seconds) {
    double end = mtx_now() + seconds;
    for (;;) {
        if (mtx_poll(p)) return 1;
        if (mtx_interrupted()) return 0;
        double left = end - mtx_now();
        if (left <= 0) return 0;
        nap(left);
    }
}

/* Calls fn(pid, ud) for each process of group pgid that is not a zombie
 * (a zombie runs nothing; init reaps the orphans); returns their count. */
static int group_each(pid_t pgid, void (*fn)(const char *pid, void *ud), void *ud) {
    int n = 0;
    DIR *proc = opendir("/proc");
    struct dirent *e;
    while (proc && (e = readdir(proc))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        char path[300], buf[1024];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        char *rp = strrchr(buf, ')');      /* comm may hold spaces and parens */
        char state;
        int ppid, pgrp;
        if (!rp || sscanf(rp + 1, " %c %d %d", &state, &ppid, &pgrp) != 3 || pgrp != pgid || state == 'Z') continue;
        n++;
        if (fn) fn(e->d_name, ud);
    }
    if (proc) closedir(proc);
    return n;
}

static int group_alive(pid_t pgid) {
    if (kill(-pgid, 0) < 0 && errno == ESRCH) return 0;
    return group_each(pgid, NULL, NULL) > 0;
}

double mtx_stop(mtx_proc *p, int sig, double grace, int *forced) {
    *forced = 0;
    if (!p->pid) return 0;
    double t0 = mtx_now(), end = t0 + grace;
    kill(-p->pid, sig);
    if (!p->exited) kill(p->pid, sig);  /* a leader that left its group */
    /* The leader first (reaping it needs waitpid), then the rest of the group. */
    while (!mtx_poll(p) && mtx_now() < end) nap(end - mtx_now());
    while (p->exited && group_alive(p->pid) && mtx_now() < end) nap(0.01);
    if (!p->exited || group_alive(p->pid)) {
        *forced = 1;
        kill(-p->pid, SIGKILL);
        if (!p->exited) {
            kill(p->pid, SIGKILL);
            int st;
            if (waitpid(p->pid, &st, 0) == p->pid) p->status = st;
            p->exited = 1;
        }
        /* Grandchildren are reparented to init, which reaps them; wait for
         * the group to be gone (bounded: SIGKILL cannot be refused). */
        double kend = mtx_now() + 5;
        while (group_alive(p->pid) && mtx_now() < kend) nap(0.01);
    }
    return mtx_now() - t0;
}

const char *mtx_status_str(int status) {
    static char buf[64];
    if (WIFEXITED(status)) snprintf(buf, sizeof buf, "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status) && sigabbrev_np(WTERMSIG(status)))
        snprintf(buf, sizeof buf, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
    else if (WIFSIGNALED(status)) snprintf(buf, sizeof buf, "killed by signal %d", WTERMSIG(status));
    else snprintf(buf, sizeof buf, "wait status %d", status);
    return buf;
}

typedef struct inodes { unsigned long *ino; size_t n, max; } inodes;

static void add_inodes(const char *pid, void *ud) {
    inodes *in = ud;
    char path[300];
    snprintf(path, sizeof path, "/proc/%s/fd", pid);
    DIR *fds = opendir(path);
    struct dirent *fe;
    while (fds && (fe = readdir(fds))) {
        char lp[600], target[64];
        snprintf(lp, sizeof lp, "%s/%s", path, fe->d_name);
        ssize_t k = readlink(lp, target, sizeof target - 1);
        if (k <= 0) continue;
        target[k] = '\0';
        unsigned long i;
        if (sscanf(target, "socket:[%lu]", &i) == 1 && in->n < in->max) in->ino[in->n++] = i;
    }
    if (fds) closedir(fds);
}

/* Socket inodes held by the processes of group pgid. */
static size_t group_inodes(pid_t pgid, unsigned long *ino, size_t max) {
    inodes in = {ino, 0, max};
    group_each(pgid, add_inodes, &in);
    return in.n;
}

int mtx_group_ports(pid_t pgid, int *ports, int max) {
    unsigned long ino[256];
    size_t nino = group_inodes(pgid, ino, 256);
    int n = 0;
    static const char *const tables[] = {"/proc/net/tcp", "/proc/net/tcp6"};
    for (size_t t = 0; t < 2 && nino; t++) {
        FILE *f = fopen(tables[t], "r");
        char line[512];
        if (!f) continue;
        if (!fgets(line, sizeof line, f)) { fclose(f); continue; }     /* header */
        while (fgets(line, sizeof line, f)) {
            char local[64];
            unsigned st, port;
            unsigned long inode;
            /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
            if (sscanf(line, " %*s %63s %*s %x %*s %*s %*s %*s %*s %lu", local, &st, &inode) != 3) continue;
            char *colon = strrchr(local, ':');
            if (st != 0x0A || !colon || sscanf(colon + 1, "%x", &port) != 1) continue;
            int ours = 0;
            for (size_t i = 0; i < nino && !ours; i++) ours = ino[i] == inode;
            int dup = 0;
            for (int i = 0; i < n; i++) dup |= ports[i] == (int)port;
            if (ours && !dup && n < max) ports[n++] = (int)port;
        }
        fclose(f);
    }
    return n;
}

int mtx_capture(char *const *argv, int with_stderr, alto_buf *out, alto_err *err) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) return alto_err_set(err, "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return alto_err_set(err, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        if (inited) sigprocmask(SIG_SETMASK, &orig_mask, NULL);
        dup2(fds[1], 1);
        if (with_stderr) dup2(fds[1], 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char buf[8192];
    ssize_t n;
    alto_buf_puts(out, "");
    while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) alto_buf_append(out, buf, (size_t)n);
    close(fds[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    return st;
}

void mtx_last_line(const char *path, char *out, size_t n) {
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        size_t k = strlen(line);
        while (k && (line[k - 1] == '\n' || line[k - 1] == '\r' || line[k - 1] == ' ')) line[--k] = '\0';
        if (k) snprintf(out, n, "%s", line);
    }
    fclose(f);
}

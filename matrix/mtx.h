/* mtx.h: the interop matrix (`altospec matrix`, `altospec merge`).
 *
 * A matrix is implementations x columns.  A column is a conformance suite
 * (discovered from `altospec conform --list`, never hard-coded) or a demo
 * scenario (`altospec run`).  Each (implementation, column) pair is a cell,
 * and every cell runs in child processes: the implementation's server,
 * started fresh in its own process group, and the altospec child that
 * tests it (conform or run).  A crash, a hang or a dead server is then a
 * result of that cell, never of the harness.
 *
 * Modules:
 *   mtx_conf.c   the implementations file: YAML -> validated mtx_config
 *   mtx_plan.c   suites and their sections from the binary, columns, cells,
 *                shards, derived expectations and scenarios
 *   mtx_proc.c   process groups: spawn, stop (TERM, grace, KILL), reap,
 *                interruption, listening sockets of a group (/proc)
 *   mtx_srv.c    starting a server: port placeholder, readiness, retries
 *   mtx_cell.c   one cell: server + child + cell.json
 *   mtx_cmd.c    the command lines
 *   reports/rep_matrix*.c  matrix.json, matrix.html, JUnit, Markdown
 *
 * Ownership: an mtx_config owns its alto_doc and every string it holds
 * (borrowed strings point into the doc's json_t values). */
#ifndef MTX_H
#define MTX_H

#include <sys/types.h>
#include <jansson.h>
#include "alto_doc.h"
#include "alto_err.h"
#include "alto_buf.h"

enum { MTX_PORT_ZERO = 0, MTX_PORT_PICK = 1 };

typedef struct mtx_demo {
    const char *scenario;       /* absolute path */
    const json_t *addresses;    /* host -> address, or NULL */
    const char *expect;         /* "pass", "fail" or "error" */
    const json_t *node;         /* its entry in the file (for errors) */
    char *column;               /* "demo:<scenario name>" */
} mtx_demo;

typedef struct mtx_impl {
    const char *name;
    const char *description;    /* or NULL */
    const json_t *node;
    const char *url;            /* an already running server's IRD, or NULL */
    /* start: the command as argv templates ({port}, {altospec}, {here}, {cell}) */
    char **argv;                /* NULL-terminated */
    char **env;                 /* "NAME=value" templates, NULL-terminated */
    char *cwd;                  /* absolute */
    int port_mode, attempts;
    const char *ready_url, *ready_output, *ird;
    double ready_timeout, grace;
    int stop_signal;
    json_t *suites;             /* names to run (array, owned) */
    json_t *listed;             /* names it lists (before --suite narrows them) */
    json_t *expect;             /* suite -> absolute expectations path (owned) */
    json_t *expect_split;       /* suite -> entries, when one file spans suites (owned) */
    json_t *conform_args;       /* extra conform arguments (borrowed array) or NULL */
    mtx_demo *demos;
    size_t ndemos;
} mtx_impl;

typedef struct mtx_config {
    alto_doc *doc;
    char *path;                 /* as given */
    char *dir;                  /* absolute directory of the file */
    char *self;                 /* absolute path of this altospec binary */
    mtx_impl *impls;
    size_t nimpls;
    json_t *suites;             /* [{name, sections: [..]}] of the binary, filtered */
    json_t *known;              /* every suite of the binary */
} mtx_config;

/* mtx_conf.c */
/* Loads and validates FILE; `known` is the binary's suites ([{name,
 * sections}]); `only` (NULL or names) restricts the matrix's suites.
 * NULL with "file:line:col: path: message" on bad input. */
mtx_config *mtx_config_load(const char *path, const json_t *known, const json_t *only,
                            alto_err *err);
void mtx_config_free(mtx_config *c);

/* mtx_plan.c */
/* The suites `self conform --list` reports, each with its top-level
 * sections in first-seen order; NULL with err when the binary does not
 * answer. */
json_t *mtx_discover_suites(const char *self, alto_err *err);
/* Columns ([{id, kind, title?, sections?, scenario?}]) and cells
 * ([{implementation, column, kind, index, shard}]) in their stable order;
 * cell k belongs to shard (k mod n) + 1. */
json_t *mtx_plan(const mtx_config *c, int nshards, alto_err *err);
/* Stable hash of the plan's cells and the file's bytes ("%016llx"). */
void mtx_plan_hash(const json_t *plan, const char *file_bytes, size_t n, char out[17]);
/* Directory name of a cell under cells/: "<impl>/<column with ':' -> '-'>". */
void mtx_cell_dir(const char *impl, const char *column, char *out, size_t n);
/* Pre-flight of the demo cells: derived scenarios load (`altospec
 * validate`), nothing started yet.  Writes them under dir/scenarios. */
int mtx_check_demos(const mtx_config *c, const char *dir, alto_err *err);
/* Path of the scenario a demo cell runs (derived when it has addresses). */
void mtx_demo_scenario(const mtx_impl *im, const mtx_demo *d, const char *dir,
                       char *out, size_t n);
/* Writes the expectations a suite cell passes to conform into cell_dir
 * (when split) and returns its path in out, or "" when none. */
int mtx_cell_expect(const mtx_impl *im, const char *suite, const char *cell_dir,
                    char *out, size_t n, alto_err *err);

/* mtx_proc.c */
typedef struct mtx_proc {
    pid_t pid;                  /* leader = process group id; 0 when none */
    int exited, status;         /* wait status once reaped */
} mtx_proc;

/* Blocks SIGINT/SIGTERM/SIGHUP/SIGCHLD for the harness (they are then
 * taken with mtx_wait); children get the original mask back. */
void mtx_signals_init(void);
/* The harness signal that interrupted the run, or 0. */
int mtx_interrupted(void);
/* Re-raises the interrupting signal with its default action. */
void mtx_die_of_signal(void);
/* fork + setpgid + exec; stdout and stderr appended to log_path, stdin
 * /dev/null.  env entries are "NAME=value" added to the environment. */
int mtx_spawn(mtx_proc *p, char *const *argv, char *const *env, const char *cwd,
              const char *log_path, alto_err *err);
/* Reaps p if it has exited (non-blocking); 1 when it has. */
int mtx_poll(mtx_proc *p);
/* Waits up to `seconds` for p to exit or for a harness signal; returns 1
 * when p exited, 0 on timeout or interruption. */
int mtx_wait(mtx_proc *p, double seconds);
/* Stops p's whole group: sig, then SIGKILL after grace seconds; reaps.
 * *forced = 1 when SIGKILL was needed.  Returns seconds taken. */
double mtx_stop(mtx_proc *p, int sig, double grace, int *forced);
/* "exited with status 3", "killed by SIGSEGV" (static buffer). */
const char *mtx_status_str(int status);
/* TCP ports in LISTEN state held by any process of group pgid
 * (/proc/net/tcp{,6}); returns how many were stored. */
int mtx_group_ports(pid_t pgid, int *ports, int max);
/* Runs argv to completion, its stdout into out (stderr appended when
 * with_stderr); returns the wait status, -1 with err when it cannot run. */
int mtx_capture(char *const *argv, int with_stderr, alto_buf *out, alto_err *err);
/* Last non-empty line of a file (for messages), at most n-1 bytes. */
void mtx_last_line(const char *path, char *out, size_t n);
double mtx_now(void);

/* mtx_srv.c */
typedef struct mtx_server {
    mtx_proc proc;
    int port;
    char *ird;                  /* IRD URL with the port filled in */
    double ready_seconds;
} mtx_server;

/* Starts im fresh for one cell; 0 when ready.  -1 with a message for the
 * cell ("did not start: ..."); the process is stopped and reaped then. */
int mtx_server_start(const mtx_config *c, const mtx_impl *im, const char *cell_dir,
                     mtx_server *s, alto_err *err);
void mtx_server_free(mtx_server *s);
/* {placeholder} expansion of a template; -1 with err for an unknown one. */
char *mtx_expand(const char *tmpl, const mtx_config *c, const char *cell_dir, int port,
                 alto_err *err);

/* mtx_cell.c */
typedef struct mtx_run_opts {
    const char *report_dir;     /* absolute */
    double cell_timeout;
    int quiet;
} mtx_run_opts;

/* Runs one planned cell and writes cells/<dir>/cell.json; returns the
 * cell record (owned).  Never fails: a broken cell is a cell. */
json_t *mtx_cell_run(const mtx_config *c, const json_t *cell, const mtx_run_opts *o);

#endif

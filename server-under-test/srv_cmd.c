/* srv_cmd.c: `altospec serve`, the reference ALTO server as a process.
 *
 * Signals are handled synchronously: the main thread blocks SIGINT,
 * SIGTERM and SIGHUP before the server threads start (they inherit the
 * mask) and then waits in sigwait(), so no work happens in a signal
 * handler.  SIGHUP reloads the topology file; a file that no longer loads
 * is reported and the old topology keeps being served.  SIGINT/SIGTERM stop
 * the server cleanly (in-flight requests finish) and exit 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "srv.h"
#include "alto_units.h"

static void usage(FILE *f) {
    fprintf(f,
        "usage: altospec serve --topology FILE [options]\n\n"
        "Serves RFC 7285 ALTO maps computed from a topology (YAML, JSON or\n"
        "Topology Zoo GraphML).\n\n"
        "  --topology FILE      topology to serve (required)\n"
        "  --listen ADDR:PORT   listen address (default 127.0.0.1:8181; port 0 = any)\n"
        "  --body-limit BYTES   largest request body, e.g. 65536 or 1MiB (default 1MiB)\n"
        "  --tls-cert FILE      serve HTTPS with this PEM certificate (chain) ...\n"
        "  --tls-key FILE       ... and this PEM private key\n"
        "  --no-path-vector     serve RFC 7285 only: without the RFC 9275 path vector\n"
        "                       resources and the RFC 9240 link property maps\n"
        "  --quiet              no access log\n"
        "  --help               this text\n\n"
        "Prints \"altospec: serving ALTO on URL\" once listening.  SIGHUP reloads the\n"
        "topology; SIGINT or SIGTERM stops.  Exit 2 when the topology does not load.\n");
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

static sim_topo *load(const char *path, alto_err *err) {
    return ends_with(path, ".graphml") ? sim_topo_load_graphml(path, err)
                                       : sim_topo_load(path, err);
}

/* "--name VALUE" or "--name=VALUE"; advances *i past a separate value. */
static const char *opt_value(int argc, char **argv, int *i, const char *name) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n)) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] == 0 && *i + 1 < argc) return argv[++*i];
    return NULL;
}

int cmd_serve(int argc, char **argv) {
    const char *topo_path = NULL, *v;
    srv_options opt = {"127.0.0.1:8181", 0, 0};
    srv_tls tls = {NULL, NULL};
    srv_ext ext = {.path_vector = 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--quiet")) {
            opt.quiet = 1;
        } else if (!strcmp(argv[i], "--path-vector")) {
            ext.path_vector = 1;            /* the default; kept for scripts */
        } else if (!strcmp(argv[i], "--no-path-vector")) {
            ext.path_vector = 0;
        } else if ((v = opt_value(argc, argv, &i, "--topology"))) {
            topo_path = v;
        } else if ((v = opt_value(argc, argv, &i, "--listen"))) {
            opt.listen = v;
        } else if ((v = opt_value(argc, argv, &i, "--tls-cert"))) {
            tls.cert = v;
        } else if ((v = opt_value(argc, argv, &i, "--tls-key"))) {
            tls.key = v;
        } else if ((v = opt_value(argc, argv, &i, "--body-limit"))) {
            double bytes;
            if (alto_parse_size(v, &bytes) < 0 || bytes < 1 || bytes > 1e9) {
                fprintf(stderr, "altospec serve: --body-limit: expected a size "
                        "between 1 byte and 1GB, got \"%s\"\n", v);
                return 2;
            }
            opt.body_limit = (size_t)bytes;
        } else {
            fprintf(stderr, "altospec serve: unknown or incomplete option '%s'\n\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!topo_path) {
        fprintf(stderr, "altospec serve: --topology FILE is required\n\n");
        usage(stderr);
        return 2;
    }

    /* Blocked before anything slow: a SIGHUP or SIGINT during the first
     * load is then handled by sigwait() below instead of killing us. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    alto_err err;
    sim_topo *topo = load(topo_path, &err);
    if (!topo) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    srv_server *s = srv_start_ext(topo, &opt, &tls, &ext, &err);
    if (!s) {
        fprintf(stderr, "altospec serve: %s\n", err.msg);
        return 2;
    }
    char tag[65];
    srv_vtag(s, tag);
    printf("altospec: serving ALTO on %s\n", srv_ird_url(s));
    fflush(stdout);
    if (!opt.quiet)
        fprintf(stderr, "altospec serve: %s, network map vtag %s\n", topo_path, tag);

    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0) continue;
        if (sig != SIGHUP) break;
        sim_topo *t = load(topo_path, &err);
        if (!t || srv_reload(s, t, &err) < 0) {
            fprintf(stderr, "altospec serve: reload failed, still serving the "
                    "previous topology: %s\n", err.msg);
            continue;
        }
        srv_vtag(s, tag);
        fprintf(stderr, "altospec serve: reloaded %s, network map vtag %s\n",
                topo_path, tag);
    }
    srv_stop(s);
    if (!opt.quiet) fprintf(stderr, "altospec serve: stopped\n");
    return 0;
}

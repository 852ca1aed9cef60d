/* srv_cmd.c: `altospec serve`, the reference ALTO server as a process.
 *
 * Signals are handled synchronously: the main thread blocks SIGINT,
 * SIGTERM and SIGHUP before the server threads start (they inherit the
 * mask) and then waits in sigwait(), so no work happens in a signal
 * handler.  SIGHUP reloads the topology file; a file that no longer loads
 * is reported and the old topology keeps being served.  SIGINT/SIGTERM stop
 * the server cleanly (in-flight requests finish) and exit 0. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "srv.h"
#include "alto_units.h"
#include "alto_cli.h"

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
        "  --multi-cost         also serve the RFC 8189 multi-cost resources\n"
        "                       filtered-cost-map-mc and endpoint-cost-mc\n"
        "  --perf-metrics       also serve the RFC 9439 performance metrics (one\n"
        "                       multi-cost resource pair per cost source)\n"
        "  --property-map       also serve the RFC 9240 entity property maps\n"
        "                       entity-props-full and entity-props (ipv4, ipv6, pid)\n"
        "  --cdni               serve the RFC 9241 CDNI advertisements of the topology's\n"
        "                       cdni section (on by itself when it has one)\n"
        "  --max-connections N  connections held at once, all clients (default 4000)\n"
        "  --per-address-limit N  connections held at once from one client address\n"
        "                       (default 64); beyond either limit: 503 and close\n"
        "  --header-timeout DUR  from connect to the end of the request head, not\n"
        "                       reset by each byte (default 10s); then 408 and close\n"
        "  --body-timeout DUR   from the end of the head to the end of the body\n"
        "                       (default 30s); then the connection is closed\n"
        "  --idle-timeout DUR   a kept-alive connection without traffic (default 30s)\n"
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

enum { O_TOPOLOGY = 256, O_LISTEN, O_BODY_LIMIT, O_TLS_CERT, O_TLS_KEY, O_PV, O_NO_PV, O_MC, O_PM, O_UPM, O_CDNI, O_QUIET,
       O_MAX_CONN, O_PER_ADDR, O_HEADER_TO, O_BODY_TO, O_IDLE_TO };

static const struct option serve_options[] = {
    {.name = "topology", .has_arg = required_argument, .val = O_TOPOLOGY},
    {.name = "listen", .has_arg = required_argument, .val = O_LISTEN},
    {.name = "body-limit", .has_arg = required_argument, .val = O_BODY_LIMIT},
    {.name = "tls-cert", .has_arg = required_argument, .val = O_TLS_CERT},
    {.name = "tls-key", .has_arg = required_argument, .val = O_TLS_KEY},
    {.name = "path-vector", .has_arg = no_argument, .val = O_PV},     /* the default; kept for scripts */
    {.name = "no-path-vector", .has_arg = no_argument, .val = O_NO_PV},
    {.name = "multi-cost", .has_arg = no_argument, .val = O_MC},
    {.name = "perf-metrics", .has_arg = no_argument, .val = O_PM},
    {.name = "property-map", .has_arg = no_argument, .val = O_UPM},
    {.name = "cdni", .has_arg = no_argument, .val = O_CDNI},
    {.name = "quiet", .has_arg = no_argument, .val = O_QUIET},
    {.name = "max-connections", .has_arg = required_argument, .val = O_MAX_CONN},
    {.name = "per-address-limit", .has_arg = required_argument, .val = O_PER_ADDR},
    {.name = "header-timeout", .has_arg = required_argument, .val = O_HEADER_TO},
    {.name = "body-timeout", .has_arg = required_argument, .val = O_BODY_TO},
    {.name = "idle-timeout", .has_arg = required_argument, .val = O_IDLE_TO},
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {0},
};

/* --max-connections / --per-address-limit: 1..100000. */
static int count_arg(const char *opt, const char *arg, unsigned *out) {
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || errno || v < 1 || v > 100000) {
        fprintf(stderr, "altospec serve: --%s: expected a whole number from 1 to "
                "100000, got \"%s\"\n", opt, arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* The timeouts: a duration with its unit ("10s", "500ms"), 1ms..1 day. */
static int duration_arg(const char *opt, const char *arg, double *out) {
    if (alto_parse_duration(arg, out) < 0 || !(*out >= 0.001 && *out <= 86400)) {
        fprintf(stderr, "altospec serve: --%s: expected a duration with a unit from 1ms "
                "to 86400s (such as 10s or 500ms), got \"%s\"\n", opt, arg);
        return -1;
    }
    return 0;
}

/* The limits and deadlines into cfg: 0 handled, 2 bad value, -1 not one of them. */
static int limit_arg(int o, srv_config *cfg) {
    int rc;
    switch (o) {
    case O_MAX_CONN: rc = count_arg("max-connections", optarg, &cfg->max_connections); break;
    case O_PER_ADDR: rc = count_arg("per-address-limit", optarg, &cfg->per_address_limit); break;
    case O_HEADER_TO: rc = duration_arg("header-timeout", optarg, &cfg->header_timeout); break;
    case O_BODY_TO: rc = duration_arg("body-timeout", optarg, &cfg->body_timeout); break;
    case O_IDLE_TO: rc = duration_arg("idle-timeout", optarg, &cfg->idle_timeout); break;
    default: return -1;
    }
    return rc < 0 ? 2 : 0;
}

/* The command line into cfg and *topo_path: 0 go on, 1 done (help
 * printed), 2 usage error (said). */
static int parse_args(int argc, char **argv, srv_config *cfg, const char **topo_path) {
    alto_cli cli = {.cmd = "serve", .shorts = "h", .longs = serve_options};
    int o;
    while ((o = alto_cli_next(&cli, argc, argv)) != -1) {
        switch (o) {
        case 'h': usage(stdout); return 1;
        case O_TOPOLOGY: *topo_path = optarg; break;
        case O_LISTEN: cfg->listen = optarg; break;
        case O_TLS_CERT: cfg->tls_cert = optarg; break;
        case O_TLS_KEY: cfg->tls_key = optarg; break;
        case O_PV: cfg->without &= ~SRV_EXT_PV; break;
        case O_NO_PV: cfg->without |= SRV_EXT_PV; break;
        case O_MC: cfg->with |= SRV_EXT_MC; break;
        case O_PM: cfg->with |= SRV_EXT_PM; break;
        case O_UPM: cfg->with |= SRV_EXT_UPM; break;
        case O_CDNI: cfg->with |= SRV_EXT_CDNI; break;
        case O_QUIET: cfg->quiet = 1; break;
        case O_BODY_LIMIT: {
            double bytes;
            if (alto_parse_size(optarg, &bytes) < 0 || bytes < 1 || bytes > 1e9) {
                fprintf(stderr, "altospec serve: --body-limit: expected a size "
                        "between 1 byte and 1GB, got \"%s\"\n", optarg);
                return 2;
            }
            cfg->body_limit = (size_t)bytes;
            break;
        }
        default: {
            int rc = limit_arg(o, cfg);
            if (rc == 2) return 2;
            if (rc < 0) return 2;  /* said by alto_cli, with the hint */
        }
        }
    }
    if (optind < argc) {
        fprintf(stderr, "altospec serve: unexpected argument '%s'\n", argv[optind]);
        alto_cli_hint("serve");
        return 2;
    }
    if (!*topo_path) {
        fprintf(stderr, "altospec serve: --topology FILE is required\n");
        alto_cli_hint("serve");
        return 2;
    }
    return 0;
}

/* Serves until SIGINT/SIGTERM; SIGHUP reloads topo_path. */
static void serve_signals(srv_server *s, const char *topo_path, const sigset_t *set) {
    alto_err err;
    char tag[65];
    for (;;) {
        int sig;
        if (sigwait(set, &sig) != 0) continue;
        if (sig != SIGHUP) break;
        sim_topo *t = load(topo_path, &err);
        if (!t || srv_reload(s, t, &err) < 0) {
            fprintf(stderr, "altospec serve: reload failed, still serving the "
                    "previous topology: %s\n", err.msg);
            continue;
        }
        srv_vtag(s, tag);
        fprintf(stderr, "altospec serve: reloaded %s, network map vtag %s\n", topo_path, tag);
    }
}

int cmd_serve(int argc, char **argv) {
    const char *topo_path = NULL;
    srv_config cfg = {.listen = "127.0.0.1:8181"};
    int rc = parse_args(argc, argv, &cfg, &topo_path);
    if (rc) return rc == 1 ? 0 : 2;

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
    srv_server *s = srv_start(topo, &cfg, &err);
    if (!s) {
        fprintf(stderr, "altospec serve: %s\n", err.msg);
        return 2;
    }
    char tag[65];
    srv_vtag(s, tag);
    printf("altospec: serving ALTO on %s\n", srv_ird_url(s));
    fflush(stdout);
    if (!cfg.quiet)
        fprintf(stderr, "altospec serve: %s, network map vtag %s\n", topo_path, tag);
    serve_signals(s, topo_path, &set);
    srv_stop(s);
    if (!cfg.quiet) fprintf(stderr, "altospec serve: stopped\n");
    return 0;
}

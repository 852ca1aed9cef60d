/* conf_cmd.c: `altospec conform`, the conformance engine's front door.
 *
 *   altospec conform [IRD_URL] [--suite rfc7285,rfc9275|all] [--only GLOB]... [--exclude GLOB]...
 *                    [--list [--coverage]] [--strict] [--expect FILE]
 *                    [--timeout SECONDS] [--connect-timeout SECONDS] [--max-body BYTES]
 *                    [--deadline SECONDS] [--max-resources N] [--max-irds N] [--ird-depth N]
 *                    [--evidence-budget BYTES] [--cacert FILE] [--insecure]
 *                    [--report-dir DIR] [--junit FILE] [--topology FILE] [--quiet]
 *   altospec conform --validate-file KIND FILE     (message validators alone)
 *   altospec conform --compare-ordinal ORD NUM      (ordinal vs numerical twin, for the bench)
 *
 * Without IRD_URL the embedded reference server is started on an ephemeral
 * loopback port over --topology (default: the IETF 113 topology, found
 * relative to the binary) and tested, with the RFC 9275 path vector
 * extension on when the rfc9275 suite is selected.  Several suites run as
 * one (their tables concatenated, one report, one JUnit testsuite per
 * RFC); the default is every suite, and a suite whose services the IRD
 * does not advertise reports UNSUPPORTED rows with the reason.  Exit: 0 every result as expected,
 * 1 an unexpected result, 2 usage, configuration or harness error: an
 * IRD_URL that is not an http(s) URL, nothing listening, a DNS or TLS
 * failure, or a URL that does not answer an ALTO directory end the run at
 * once with one line naming the cause (and a report.json recording it). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include "cmd.h"
#include "conf_run.h"
#include "conf_cov.h"
#include "conf_msg.h"
#include "conf_cmap.h"
#include "conf_check.h"
#include "conf_ordinal.h"
#include "rep_conf.h"
#include "srv.h"
#include "sim_topo.h"
#include "alto_buf.h"
#include "alto_doc.h"
#include "alto_cli.h"

static void usage(FILE *f) {
    fprintf(f,
        "usage: altospec conform [IRD_URL] [options]\n"
        "  IRD_URL                 root IRD of the server under test (default: embedded reference server)\n"
        "  --suite LIST            suites to run, comma-separated or repeated: rfc7285, rfc9275, all\n"
        "                          (default all; services the IRD does not advertise are UNSUPPORTED)\n"
        "  --only GLOB             run only matching case ids (glob or id prefix; repeatable)\n"
        "  --exclude GLOB          skip matching case ids (repeatable)\n"
        "  --list                  list the selected cases and exit\n"
        "  --coverage              with --list: every RFC requirement and the cases testing it\n"
        "  --requirements FILE     requirement list for --coverage (default scenarios/conformance/SUITE-requirements.yaml)\n"
        "  --strict                SHOULD violations fail (WARN becomes FAIL)\n"
        "  --expect FILE           expectations (YAML): case glob -> expected verdict and reason\n"
        "  --timeout SECONDS       total time per request (default 10)\n"
        "  --connect-timeout SECONDS  connect time per request (default 5)\n"
        "  --max-body BYTES        response size cap: a longer body is cut off as it streams in and\n"
        "                          the exchange is ERROR (default 67108864)\n"
        "bounds of the whole run (each one that triggers is listed in report.json \"bounds\"; what it\n"
        "keeps the engine from seeing turns PASS, SKIP and UNSUPPORTED into ERROR with the reason):\n"
        "  --deadline SECONDS      the whole run, probe included; cases not reached are ERROR (default 300)\n"
        "  --max-resources N       IRD entries kept in the closure, root and delegated (default 1000)\n"
        "  --max-irds N            IRD documents fetched, the root included: delegation breadth (default 16)\n"
        "  --ird-depth N           delegated IRD levels followed, 0 = the root only (default 3)\n"
        "  --evidence-budget BYTES response body bytes kept whole for the report; beyond it a body is\n"
        "                          kept as its first 8192 bytes and a SHA-256, after it was judged whole\n"
        "                          (default 67108864; does not make verdicts ERROR)\n"
        "  --cacert FILE           verify an https server with this PEM CA bundle (default: system store)\n"
        "  --insecure, -k          do not verify the https server's certificate (reported in report.json)\n"
        "  --report-dir DIR        write report.json, report.html, summary.md, junit.xml there\n"
        "  --junit FILE            also write JUnit XML to FILE\n"
        "  --topology FILE         topology of the embedded server\n"
        "  --quiet                 no progress line\n"
        "  --validate-file KIND FILE  validate one message file (kinds: ird, ird-root, networkmap,\n"
        "                          costmap, endpointprop, endpointcost, error, *filter, *params, addrgroup;\n"
        "                          RFC 8189: costmap-mc, endpointcost-mc, costmapfilter-mc, endpointcostparams-mc;\n"
        "                          RFC 9439: costmap-pm, endpointcost-pm, costmapfilter-pm, endpointcostparams-pm;\n"
        "                          RFC 9240: propmap, propmapparams)\n"
        "                          a costmap is streamed into a compact form (no DOM)\n"
        "  --dom                   (before --validate-file) parse a costmap into a jansson DOM,\n"
        "                          the pre-streaming path (the benchmark's baseline)\n"
        "  --compare-ordinal ORD NUM  check an ordinal answer (file) against its numerical twin:\n"
        "                          a better number never has a worse rank (RFC 7285 6.1.2.2)\n"
        "exit status: 0 all results as expected, 1 unexpected result (an ERROR from a bound included),\n"
        "             2 usage/configuration/harness error (no ALTO directory at IRD_URL, bad option)\n"
        "redirects (3xx) are never followed: the exchange is ERROR (\"cannot judge\"), never FAIL\n");
}

/* <bin>/../rel, <bin>/../../rel (build trees), <bin>/../share/altospec/rel
 * (installed by `cmake --install`). */
static int find_near_binary(const char *rel, char *out, size_t n) {
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return -1;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    *slash = '\0';
    static const char *const ups[] = {"..", "../..", "../share/altospec"};
    for (size_t i = 0; i < sizeof ups / sizeof *ups; i++) {
        int k = snprintf(out, n, "%s/%s/%s", exe, ups[i], rel);
        if (k > 0 && (size_t)k < n && access(out, R_OK) == 0) return 0;
    }
    return -1;
}

typedef struct progress {
    int tty, quiet;
    FILE *f;
} progress;

static void on_verdict(void *ud, const json_t *r, int index, int total) {
    progress *p = ud;
    if (p->quiet || !p->tty) return;
    fprintf(p->f, "\r\033[K[%3d/%d] %-11s %s", index, total,
            json_string_value(json_object_get(r, "verdict")), json_string_value(json_object_get(r, "id")));
    if (index == total) fputc('\n', p->f);
    fflush(p->f);
}

static int validate_file(const char *kind, const char *path, int dom) {
    alto_buf b = ALTO_BUF_INIT;
    alto_err err;
    if (alto_buf_read_file(&b, path, &err) < 0) {
        fprintf(stderr, "altospec conform: %s\n", err.msg);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char jerr[256];
    size_t bytes = b.len;
    conf_probs p;
    conf_probs_init(&p);
    json_t *d = NULL;
    int n;
    if (!strcmp(kind, "costmap") && !dom) {
        /* Streamed into the compact form: ~16 bytes per entry, not a DOM. */
        conf_cmap m;
        int bad = conf_cmap_parse(&m, b.data, b.len, "cost-map", 64, jerr, sizeof jerr);
        n = bad ? 0 : conf_cmap_validate(&m, &p);
        conf_cmap_free(&m);
        alto_buf_free(&b);
        if (bad) {
            fprintf(stderr, "altospec conform: %s: %s\n", path, jerr);
            conf_probs_free(&p);
            return 1;
        }
    } else {
        d = alto_json_parse_object(b.data, b.len, 64, jerr, sizeof jerr);
        alto_buf_free(&b);
        if (!d) {
            fprintf(stderr, "altospec conform: %s: %s\n", path, jerr);
            conf_probs_free(&p);
            return 1;
        }
        n = conf_msg_validate(kind, d, &p);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc;
    if (n < 0) {
        fprintf(stderr, "altospec conform: unknown message kind \"%s\"\n", kind);
        rc = 2;
    } else {
        size_t i;
        json_t *x;
        json_array_foreach(p.list, i, x)
            printf("%s: %s: %s (expected %s, got %s)\n", path,
                   json_string_value(json_object_get(x, "path")), json_string_value(json_object_get(x, "message")),
                   json_string_value(json_object_get(x, "expected")), json_string_value(json_object_get(x, "actual")));
        printf("%s: %s, %d problem%s, %zu bytes parsed and validated in %.3f s\n", path,
               n ? "INVALID" : "valid", n, n == 1 ? "" : "s", bytes,
               (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
        rc = n ? 1 : 0;
    }
    conf_probs_free(&p);
    json_decref(d);
    return rc;
}

/* 1 when url is an absolute http(s) URL with a host (libcurl's parser). */
static int is_http_url(const char *url) {
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
             (!strcmp(scheme, "http") || !strcmp(scheme, "https")) && host[0];
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return ok;
}

static double mono(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static json_t *load_json_file(const char *path) {
    alto_buf b = ALTO_BUF_INIT;
    alto_err err;
    char jerr[256];
    if (alto_buf_read_file(&b, path, &err) < 0) {
        fprintf(stderr, "altospec conform: %s\n", err.msg);
        return NULL;
    }
    json_t *d = alto_json_parse_object(b.data, b.len, 64, jerr, sizeof jerr);
    alto_buf_free(&b);
    if (!d) fprintf(stderr, "altospec conform: %s: %s\n", path, jerr);
    return d;
}

/* --compare-ordinal ORD NUM: the check of rfc7285/6.1.2.2/ordinal-* on two
 * stored answers (cost maps or endpoint cost maps); the benchmark times it. */
static int compare_ordinal(const char *ord_path, const char *num_path) {
    double t0 = mono();
    json_t *ord = load_json_file(ord_path), *num = ord ? load_json_file(num_path) : NULL;
    if (!ord || !num) { json_decref(ord); return 2; }
    const char *member = json_object_get(num, "cost-map") ? "cost-map" : "endpoint-cost-map";
    const char *metric = json_string_value(json_object_get(json_object_get(json_object_get(num, "meta"),
                                                                           "cost-type"), "cost-metric"));
    int dir = conf_metric_direction(metric);
    int rc = 2;
    if (!dir) {
        fprintf(stderr, "altospec conform: %s: the direction of metric \"%s\" is unknown\n", num_path,
                metric ? metric : "(none)");
    } else {
        double t1 = mono();
        conf_probs p;
        conf_probs_init(&p);
        conf_ord_stats st;
        int n = conf_ordinal_check(ord, num, member, dir, &p, &st);
        double t2 = mono();
        size_t i;
        json_t *x;
        json_array_foreach(p.list, i, x)
            printf("%s: %s: %s\n", ord_path, json_string_value(json_object_get(x, "path")),
                   json_string_value(json_object_get(x, "message")));
        printf("%s vs %s: %s, %zu pairs compared (%zu ordinal, %zu numerical entries), %d problem%s; "
               "compared in %.3f s (parsing %.3f s)\n", ord_path, num_path, n ? "INCONSISTENT" : "consistent",
               st.pairs, st.ord_entries, st.num_entries, n, n == 1 ? "" : "s", t2 - t1, t1 - t0);
        conf_probs_free(&p);
        rc = n ? 1 : 0;
    }
    json_decref(ord);
    json_decref(num);
    return rc;
}

/* An integer in [lo, INT_MAX]; -1 after a message. */
static int parse_count(const char *opt, const char *v, int lo, int *out) {
    char *end;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || x < lo || x > INT_MAX) {
        fprintf(stderr, "altospec conform: %s needs an integer >= %d, got \"%s\"\n", opt, lo, v ? v : "");
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int parse_num(const char *opt, const char *v, double *out) {
    char *end;
    double x = v ? strtod(v, &end) : 0;
    if (!v || *end || x <= 0) {
        fprintf(stderr, "altospec conform: %s needs a positive number, got \"%s\"\n", opt, v ? v : "");
        return -1;
    }
    *out = x;
    return 0;
}

/* What the command line asks for. */
typedef struct conform_args {
    const char *url, *expect_path, *report_dir, *junit, *topology, *reqs;
    int list, coverage, strict, quiet;
    const char **only, **excl;  /* NULL-terminated */
    int nonly, nexcl;
    conf_opts http;
    conf_plan plan;
} conform_args;

/* Every option of conform, for "did you mean" (parse_args compares the
 * words itself: --compare-ordinal and --validate-file take two). */
static const char *const conform_options[] = {
    "help", "list", "coverage", "strict", "quiet", "insecure", "compare-ordinal", "validate-file",
    "suite", "only", "exclude", "expect", "report-dir", "junit", "topology", "requirements",
    "cacert", "timeout", "connect-timeout", "max-body", "deadline", "evidence-budget",
    "max-resources", "max-irds", "ird-depth",
};
#define NCONFORM_OPTIONS (sizeof conform_options / sizeof *conform_options)

static int is_conform_option(const char *name) {
    for (size_t i = 0; i < NCONFORM_OPTIONS; i++)
        if (!strcmp(name, conform_options[i])) return 1;
    return 0;
}

static void conform_unknown(const char *o) {
    alto_cli_unknown("conform", o, conform_options, NCONFORM_OPTIONS);
}

/* Parses argv into a; returns -1 to go on, else the exit status (help,
 * the one-shot --validate-file / --compare-ordinal, usage errors: 2). */
static int parse_args(int argc, char **argv, conform_args *a) {
    alto_err err;
    int dom = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double num;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) { usage(stdout); return 0; }
        else if (!strcmp(o, "--list")) a->list = 1;
        else if (!strcmp(o, "--coverage")) a->coverage = 1;
        else if (!strcmp(o, "--strict")) a->strict = 1;
        else if (!strcmp(o, "--quiet")) a->quiet = 1;
        else if (!strcmp(o, "--insecure") || !strcmp(o, "-k")) a->http.insecure = 1;
        else if (!strcmp(o, "--dom")) dom = 1;
        else if (!strcmp(o, "--compare-ordinal")) {
            if (i + 2 >= argc) { fprintf(stderr, "altospec conform: --compare-ordinal needs ORDINAL NUMERICAL\n"); return 2; }
            return compare_ordinal(argv[i + 1], argv[i + 2]);
        }
        else if (!strcmp(o, "--validate-file")) {
            if (i + 2 >= argc) { fprintf(stderr, "altospec conform: --validate-file needs KIND FILE\n"); return 2; }
            return validate_file(argv[i + 1], argv[i + 2], dom);
        }
        else if (o[0] == '-' && o[1] == '-' && !v) {
            if (!is_conform_option(o + 2)) { conform_unknown(o); return 2; }
            fprintf(stderr, "altospec conform: incomplete option '%s': it needs a value\n", o);
            alto_cli_hint("conform");
            return 2;
        }
        else if (!strcmp(o, "--suite")) {
            if (conf_plan_add(&a->plan, argv[++i], &err) < 0) { fprintf(stderr, "altospec conform: %s\n", err.msg); return 2; }
        }
        else if (!strcmp(o, "--only")) a->only[a->nonly++] = argv[++i];
        else if (!strcmp(o, "--exclude")) a->excl[a->nexcl++] = argv[++i];
        else if (!strcmp(o, "--expect")) a->expect_path = argv[++i];
        else if (!strcmp(o, "--report-dir")) a->report_dir = argv[++i];
        else if (!strcmp(o, "--junit")) a->junit = argv[++i];
        else if (!strcmp(o, "--topology")) a->topology = argv[++i];
        else if (!strcmp(o, "--requirements")) a->reqs = argv[++i];
        else if (!strcmp(o, "--cacert")) a->http.cafile = argv[++i];
        else if (!strcmp(o, "--timeout")) { if (parse_num(o, argv[++i], &num)) return 2; a->http.timeout = num; }
        else if (!strcmp(o, "--connect-timeout")) { if (parse_num(o, argv[++i], &num)) return 2; a->http.connect_timeout = num; }
        else if (!strcmp(o, "--max-body")) { if (parse_num(o, argv[++i], &num)) return 2; a->http.max_body = (size_t)num; }
        else if (!strcmp(o, "--deadline")) { if (parse_num(o, argv[++i], &num)) return 2; a->http.deadline = num; }
        else if (!strcmp(o, "--evidence-budget")) { if (parse_num(o, argv[++i], &num)) return 2; a->http.evidence_budget = (size_t)num; }
        else if (!strcmp(o, "--max-resources")) { if (parse_count(o, argv[++i], 1, &a->http.max_resources)) return 2; }
        else if (!strcmp(o, "--max-irds")) { if (parse_count(o, argv[++i], 1, &a->http.max_irds)) return 2; }
        else if (!strcmp(o, "--ird-depth")) { if (parse_count(o, argv[++i], 0, &a->http.ird_depth)) return 2; }
        else if (o[0] == '-') { conform_unknown(o); return 2; }
        else if (!a->url) a->url = o;
        else { fprintf(stderr, "altospec conform: more than one IRD URL (%s, %s)\n", a->url, o); return 2; }
    }
    return -1;
}

/* --list --coverage: each selected suite's requirement list. */
static int list_coverage(conform_args *a) {
    alto_err err;
    conf_plan_for_requirements(&a->plan, a->reqs);
    for (size_t k = 0; k < a->plan.n; k++) {
        const conf_suite *s = a->plan.sel[k];
        char def[PATH_MAX], rel[256];
        const char *file = a->reqs;
        snprintf(rel, sizeof rel, "scenarios/conformance/%s-requirements.yaml", s->name);
        if (!file && find_near_binary(rel, def, sizeof def) == 0) file = def;
        if (!file) { fprintf(stderr, "altospec conform: cannot find %s; pass --requirements FILE\n", rel); return 2; }
        if (k) printf("\n");
        printf("== %s: %s\n", s->name, s->title);
        if (conf_cov_check(file, s, 1, stdout, &err) < 0) { fprintf(stderr, "altospec conform: %s\n", err.msg); return 2; }
    }
    return 0;
}

static int list_cases(const conform_args *a, const conf_suite *su) {
    for (size_t k = 0; k < su->ncases; k++) {
        const conf_case *c = &su->cases[k];
        if (!conf_selected(c->id, a->only, a->excl)) continue;
        printf("%-48s %-8s %s\n", c->id, conf_level_name(c->level), c->title);
    }
    return 0;
}

/* The embedded reference server over --topology (default: IETF 113),
 * with the path vector extension when pv, the multi-cost one when mc,
 * the RFC 9439 performance metrics when pm, the RFC 9240 entity property
 * maps when upm, and on the CDNI topology when cdni; NULL after a message. */
static srv_server *start_embedded(const char *topology, int pv, int mc, int pm, int upm, int cdni) {
    char def[PATH_MAX];
    alto_err err = {""};
    /* RFC 9241 alone: a topology with a cdni section (scenarios/cdni). */
    const char *dflt = cdni ? "scenarios/cdni/topology.yaml" : "scenarios/ietf113/topology.yaml";
    if (!topology && find_near_binary(dflt, def, sizeof def) == 0) topology = def;
    if (!topology) { fprintf(stderr, "altospec conform: no IRD_URL and no --topology for the embedded server\n"); return NULL; }
    sim_topo *t = sim_topo_load(topology, &err);
    srv_config so = {.listen = "127.0.0.1:0", .quiet = 1, .without = pv ? 0 : SRV_EXT_PV,
                     .with = (mc ? SRV_EXT_MC : 0) | (pm ? SRV_EXT_PM : 0) | (upm ? SRV_EXT_UPM : 0)};
    srv_server *srv = t ? srv_start(t, &so, &err) : NULL;
    if (!srv) fprintf(stderr, "altospec conform: embedded server: %s\n", err.msg);
    return srv;
}

/* Runs the suite against ro->ird_url, prints and writes the reports;
 * returns the exit status. */
static int run_and_report(const conform_args *a, const conf_run_opts *ro) {
    alto_err err = {""};
    json_t *rep;
    if (!is_http_url(ro->ird_url)) {
        char msg[700];
        snprintf(msg, sizeof msg, "\"%.500s\" is not an http(s) URL: give the root IRD URL, "
                 "e.g. http://alto.example:8181/directory", ro->ird_url);
        rep = conf_run_error_report(ro, "not-a-url", msg);
    } else {
        progress pg = {isatty(fileno(stderr)), a->quiet, stderr};
        conf_events ev = {NULL, NULL, on_verdict, &pg};
        rep = conf_run(ro, &ev, &err);
        if (!rep) { fprintf(stderr, "altospec conform: %s\n", err.msg); return 2; }
    }
    int rc;
    json_t *fatal = json_object_get(rep, "error");
    if (fatal) fprintf(stderr, "altospec conform: %s\n", json_string_value(json_object_get(fatal, "message")));
    else rep_conf_console(rep, stdout);
    size_t bi;
    json_t *b;
    json_array_foreach(json_object_get(rep, "bounds"), bi, b)     /* why verdicts are ERROR */
        fprintf(stderr, "altospec conform: bound reached: %s\n", json_string_value(json_object_get(b, "message")));
    if ((a->report_dir || a->junit) && rep_conf_write(rep, a->report_dir, a->junit, 0, &err) < 0) {
        fprintf(stderr, "altospec conform: %s\n", err.msg);
        rc = 2;
    } else {
        if (a->report_dir && !fatal)
            printf("reports written to %s (report.json, report.html, summary.md, junit.xml)\n", a->report_dir);
        rc = conf_report_exit(rep);
    }
    json_decref(rep);
    return rc;
}

/* Phases: arguments, the plan (conf_plan.c), listing, expectations, the
 * embedded server when no URL is given, the run and its reports. */
int cmd_conform(int argc, char **argv) {
    conform_args a = {.http = CONF_OPTS_DEFAULT};
    a.only = alto_xcalloc((size_t)argc + 1, sizeof *a.only);
    a.excl = alto_xcalloc((size_t)argc + 1, sizeof *a.excl);
    conf_expect *expect = NULL;
    srv_server *srv = NULL;
    alto_err err = {""};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) goto out;
    rc = 2;
    const conf_suite *su = conf_plan_suite(&a.plan);
    int nsel = 0;
    for (size_t k = 0; k < su->ncases; k++) nsel += conf_selected(su->cases[k].id, a.only, a.excl);
    if (!nsel) {
        fprintf(stderr, "altospec conform: the selection matches no case of suite %s (see altospec conform --list)\n", su->name);
        goto out;
    }
    if (a.list) { rc = a.coverage ? list_coverage(&a) : list_cases(&a, su); goto out; }
    if (a.expect_path) {
        expect = conf_expect_load(a.expect_path, &err);
        if (!expect || conf_expect_check_suite(expect, su, &err) < 0) {
            fprintf(stderr, "altospec conform: %s\n", err.msg);
            goto out;
        }
    }
    const char *url = a.url;
    if (!url) {
        if (!(srv = start_embedded(a.topology, conf_plan_has(&a.plan, "rfc9275"),
                                   conf_plan_has(&a.plan, "rfc8189") || conf_plan_has(&a.plan, "rfc9274"),
                                   conf_plan_has(&a.plan, "rfc9439"),
                                   conf_plan_has(&a.plan, "rfc9240"),
                                   conf_plan_has(&a.plan, "rfc9241") && !conf_plan_has(&a.plan, "rfc7285")))) goto out;
        url = srv_ird_url(srv);
    }
    conf_run_opts ro = {su, a.only, a.excl, a.strict, expect, a.expect_path, a.http, url, srv != NULL};
    rc = run_and_report(&a, &ro);
out:
    if (srv) srv_stop(srv);
    conf_expect_free(expect);
    conf_plan_free(&a.plan);
    free(a.only);
    free(a.excl);
    return rc;
}

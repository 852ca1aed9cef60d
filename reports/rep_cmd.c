/* rep_cmd.c: `altospec report DIR` re-renders every format from a stored
 * DIR/report.json (or a report.json path).  The "kind" member picks the
 * renderers: conformance reports here (rep_conf.h), run reports in
 * rep_run.c.  Nothing is recomputed: the stored report is the truth. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "cmd.h"
#include "rep_conf.h"
#include "rep_run.h"
#include "alto_buf.h"
#include "alto_cli.h"

static void usage(FILE *f) {
    fprintf(f, "usage: altospec report DIR|DIR/report.json [--junit FILE]\n"
               "  re-renders report.html, summary.md (and junit.xml for conformance reports)\n"
               "  from the stored report.json into its directory; --junit FILE also writes\n"
               "  the JUnit XML there (run reports: one testcase per expectation)\n");
}

enum { O_JUNIT = 256 };

static const struct option report_options[] = {
    {.name = "junit", .has_arg = required_argument, .val = O_JUNIT},
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {0},
};

int cmd_report(int argc, char **argv) {
    const char *target = NULL, *junit = NULL;
    alto_cli cli = {.cmd = "report", .shorts = "h", .longs = report_options};
    int c;
    while ((c = alto_cli_next(&cli, argc, argv)) != -1) {
        if (c == 'h') { usage(stdout); return 0; }
        if (c != O_JUNIT) return 2;
        junit = optarg;
    }
    if (optind + 1 != argc) { usage(stderr); return 2; }
    target = argv[optind];
    char dir[4096], path[4200];
    struct stat st;
    if (stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(dir, sizeof dir, "%s", target);
        snprintf(path, sizeof path, "%s/report.json", target);
    } else {
        snprintf(path, sizeof path, "%s", target);
        snprintf(dir, sizeof dir, "%s", target);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
        else snprintf(dir, sizeof dir, ".");
    }
    json_error_t je;
    json_t *rep = json_load_file(path, 0, &je);
    if (!rep) {
        if (je.line > 0)
            fprintf(stderr, "altospec report: %s:%d:%d: %s\n", path, je.line, je.column, je.text);
        else
            fprintf(stderr, "altospec report: %s: %s\n", path, je.text);
        return 2;
    }
    alto_err err = {""};
    int rc = 0;
    const char *kind = json_string_value(json_object_get(rep, "kind"));
    if (kind && !strcmp(kind, "conformance")) {
        if (rep_conf_check(rep, &err) < 0 || rep_conf_write(rep, dir, junit, 1, &err) < 0) rc = 2;
        else printf("rendered report.html, summary.md, junit.xml in %s\n", dir);
    } else if (kind && !strcmp(kind, "run")) {
        if (rep_run_render(rep, dir, &err) < 0 || (junit && rep_run_junit_write(rep, junit, &err) < 0)) rc = 2;
        else printf("rendered report.html, summary.md%s%s in %s from %s\n", junit ? " and " : "",
                    junit ? junit : "", dir, path);
    } else {
        alto_err_set(&err, "$.kind: expected \"conformance\" or \"run\", got %s", kind ? kind : "nothing");
        rc = 2;
    }
    if (rc) fprintf(stderr, "altospec report: %s: %s\n", path, err.msg);
    json_decref(rep);
    return rc;
}

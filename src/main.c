/* main.c: the altospec command-line front door.  One binary, subcommands
 * in a table; each subcommand parses its own options (getopt_long through
 * lib/alto_cli, the same messages everywhere). */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <curl/curl.h>
#include "cmd.h"
#include "alto_cli.h"

#define ALTOSPEC_VERSION "0.1.0"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"serve",    cmd_serve,    "run the reference RFC 7285 ALTO server on a topology"},
    {"conform",  cmd_conform,  "test an ALTO server against the RFCs and write reports"},
    {"run",      cmd_run,      "replay a scenario on a simulated or emulated network"},
    {"validate", cmd_validate, "check a scenario or topology file without running it"},
    {"report",   cmd_report,   "re-render HTML/JUnit/Markdown from a stored report.json"},
};

static void usage(FILE *f) {
    fprintf(f, "altospec %s: IETF ALTO conformance and hackathon harness\n\n"
               "usage: altospec COMMAND [options]   (altospec COMMAND --help)\n\n",
            ALTOSPEC_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nexit status: 0 success, 1 unexpected result, 2 usage or harness error\n");
}

static const struct option main_options[] = {
    {.name = "help", .has_arg = no_argument, .val = 'h'},
    {.name = "version", .has_arg = no_argument, .val = 'V'},
    {0},
};

/* Options before the command: 0 go on (argv[optind] is the command), 1
 * done, 2 error.  "+" stops at the command, whose options are its own. */
static int main_options_parse(int argc, char **argv) {
    alto_cli cli = {.cmd = "", .shorts = "+hV", .longs = main_options};
    int c;
    while ((c = alto_cli_next(&cli, argc, argv)) != -1) {
        if (c == 'h') { usage(stdout); return 1; }
        if (c == 'V') { printf("altospec %s\n", ALTOSPEC_VERSION); return 1; }
        usage(stderr);
        return 2;
    }
    if (optind >= argc) { usage(stderr); return 2; }
    return 0;
}

int main(int argc, char **argv) {
    int prc = main_options_parse(argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    const char *c = argv[optind];
    if (!strcmp(c, "help")) { usage(stdout); return 0; }
    if (!strcmp(c, "version")) { printf("altospec %s\n", ALTOSPEC_VERSION); return 0; }
    /* A peer that closes a connection must not kill us with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (!strcmp(c, commands[i].name)) {
            int rc = commands[i].fn(argc - optind, argv + optind);
            curl_global_cleanup();
            return rc;
        }
    }
    fprintf(stderr, "altospec: unknown command '%s'\n\n", c);
    usage(stderr);
    return 2;
}

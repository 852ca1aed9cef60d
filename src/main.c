/* main.c: the altospec command-line front door.  One binary, subcommands
 * in a table; each subcommand parses its own options (getopt_long through
 * lib/alto_cli, the same messages everywhere). */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <curl/curl.h>
#include "cmd.h"
#include <stdlib.h>
#include "alto_cli.h"
#include "alto_tty.h"
#include "alto_meta.h"


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
    {"matrix",   cmd_matrix,   "run implementations x suites (and demos) and write the interop matrix"},
    {"merge",    cmd_merge,    "join the report dirs of sharded matrix runs into one matrix"},
};

#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f) {
    fprintf(f, "altospec %s: IETF ALTO conformance and hackathon harness\n\n"
               "usage: altospec COMMAND [options]   (altospec COMMAND --help)\n\n",
            ALTOSPEC_VERSION);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nglobal options (anywhere on the command line):\n"
               "  -V, --version      print the version and exit\n"
               "  --color=WHEN       colour the console output: auto (default: on a terminal,\n"
               "                     unless NO_COLOR is set), always, never\n"
               "  --verbose          print every HTTP exchange (request line, status) on stderr\n"
               "\nexit status: 0 success, 1 unexpected result, 2 usage or harness error\n");
}

/* One global option at argv[i]: how many words it takes (0: not one),
 * -1 after saying what is wrong with its value. */
static int global_option(int argc, char **argv, int i) {
    const char *a = argv[i];
    alto_color_mode m;
    if (!strcmp(a, "--verbose")) { alto_tty_set_verbose(1); return 1; }
    if (!strcmp(a, "--no-color")) { alto_tty_set_color(ALTO_COLOR_NEVER); return 1; }
    if (!strncmp(a, "--color=", 8)) {
        if (alto_tty_parse_color(a + 8, &m) < 0) {
            fprintf(stderr, "altospec: --color: expected auto, always or never, got \"%s\"\n", a + 8);
            alto_cli_hint("");
            return -1;
        }
        alto_tty_set_color(m);
        return 1;
    }
    if (strcmp(a, "--color")) return 0;
    /* "--color WHEN", or a bare "--color" meaning always (as git has it). */
    if (i + 1 < argc && alto_tty_parse_color(argv[i + 1], &m) == 0) { alto_tty_set_color(m); return 2; }
    alto_tty_set_color(ALTO_COLOR_ALWAYS);
    return 1;
}

/* Takes the global options out of argv wherever they are (up to "--"),
 * so that each command sees only its own: 0, or 2 on a bad value. */
static int strip_global_options(int *argc, char **argv) {
    int out = 1;
    for (int i = 1; i < *argc;) {
        if (!strcmp(argv[i], "--")) {
            while (i < *argc) argv[out++] = argv[i++];
            break;
        }
        int n = global_option(*argc, argv, i);
        if (n < 0) return 2;
        if (n == 0) argv[out++] = argv[i++];
        else i += n;
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* An unknown command: one line, the nearest command if one is close, the
 * hint. */
static void unknown_command(const char *c) {
    const char *names[NCOMMANDS + 2];
    size_t n = 0;
    for (; n < NCOMMANDS; n++) names[n] = commands[n].name;
    names[n++] = "help";
    names[n++] = "version";
    const char *near = alto_cli_nearest(c, names, n);
    if (near) fprintf(stderr, "altospec: unknown command '%s'; did you mean '%s'?\n", c, near);
    else fprintf(stderr, "altospec: unknown command '%s'\n", c);
    alto_cli_hint("");
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
        return 2;
    }
    if (optind >= argc) { usage(stderr); return 2; }
    return 0;
}

int main(int argc, char **argv) {
    alto_meta_set_cmdline(argc, argv);     /* as typed, global options too */
    if (strip_global_options(&argc, argv)) return 2;
    int prc = main_options_parse(argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    const char *c = argv[optind];
    if (!strcmp(c, "help")) { usage(stdout); return 0; }
    if (!strcmp(c, "version") || !strcmp(c, "--version")) { printf("altospec %s\n", ALTOSPEC_VERSION); return 0; }
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
    curl_global_cleanup();
    unknown_command(c);
    return 2;
}

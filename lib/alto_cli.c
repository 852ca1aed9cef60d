/* alto_cli.c: getopt_long with altospec's messages (see alto_cli.h).
 * getopt's own messages are off (opterr = 0, leading ':' in the short
 * options) so that a missing value and an unknown option are told apart
 * and worded once, here. */
#include <stdio.h>
#include <string.h>
#include "alto_cli.h"

/* The option text as given: argv[optind - 1] when it is a long option
 * (getopt has moved past it), else "-c" for the short option optopt. */
static const char *given(int argc, char **argv, char *buf, size_t n) {
    int i = optind - 1;
    if (i >= 1 && i < argc && !strncmp(argv[i], "--", 2)) return argv[i];
    snprintf(buf, n, "-%c", optopt ? optopt : '?');
    return buf;
}

/* "--quiet=1" for a --quiet that takes no value? */
static int takes_no_value(const alto_cli *c, const char *text) {
    const char *eq = strchr(text, '=');
    if (strncmp(text, "--", 2) || !eq) return 0;
    size_t n = (size_t)(eq - text - 2);
    for (const struct option *o = c->longs; o && o->name; o++)
        if (strlen(o->name) == n && !strncmp(o->name, text + 2, n) && o->has_arg == no_argument)
            return 1;
    return 0;
}

int alto_cli_next(alto_cli *c, int argc, char **argv) {
    char shorts[64], buf[8];
    if (!c->started) {
        optind = 0;             /* GNU: full reinitialization */
        c->started = 1;
    }
    opterr = 0;
    /* ':' after a leading '+' (stop at the first positional argument). */
    const char *sh = c->shorts ? c->shorts : "";
    if (sh[0] == '+') snprintf(shorts, sizeof shorts, "+:%s", sh + 1);
    else snprintf(shorts, sizeof shorts, ":%s", sh);
    optopt = 0;
    int o = getopt_long(argc, argv, shorts, c->longs, NULL);
    const char *sp = c->cmd && c->cmd[0] ? " " : "";
    if (o == ':') {
        fprintf(stderr, "altospec%s%s: incomplete option '%s': it needs a value\n", sp, c->cmd,
                given(argc, argv, buf, sizeof buf));
        return ALTO_CLI_ERROR;
    }
    if (o == '?') {
        const char *t = given(argc, argv, buf, sizeof buf);
        if (takes_no_value(c, t))
            fprintf(stderr, "altospec%s%s: option '%.*s' takes no value\n", sp, c->cmd,
                    (int)(strchr(t, '=') - t), t);
        else
            fprintf(stderr, "altospec%s%s: unknown option '%s'\n", sp, c->cmd, t);
        return ALTO_CLI_ERROR;
    }
    return o;
}

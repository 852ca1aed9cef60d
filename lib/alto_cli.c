/* alto_cli.c: getopt_long with altospec's messages (see alto_cli.h), and
 * the nearest-name suggestions ("did you mean") for options and commands.
 * getopt's own messages are off (opterr = 0, leading ':' in the short
 * options) so that a missing value and an unknown option are told apart
 * and worded once, here. */
#include <stdio.h>
#include <string.h>
#include "alto_cli.h"

/* Edit distance (insert, delete, substitute, swap of neighbours), capped
 * at the lengths altospec's names have. */
static size_t distance(const char *a, const char *b) {
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63) return 64;
    size_t d[64][64];
    for (size_t i = 0; i <= na; i++) d[i][0] = i;
    for (size_t j = 0; j <= nb; j++) d[0][j] = j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[na][nb];
}

const char *alto_cli_nearest(const char *word, const char *const *names, size_t n) {
    const char *best = NULL;
    size_t bd = (size_t)-1, len = strlen(word);
    /* A third of the word, at least 1 and at most 3 edits: "confrom" ->
     * "conform", but "x" suggests nothing. */
    size_t limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(word, names[i]);
        if (d <= limit && d < bd) { bd = d; best = names[i]; }
    }
    return best;
}

void alto_cli_hint(const char *cmd) {
    fprintf(stderr, "try 'altospec%s%s --help'\n", cmd && *cmd ? " " : "", cmd ? cmd : "");
}

void alto_cli_unknown(const char *cmd, const char *text, const char *const *names, size_t n) {
    const char *sp = cmd && cmd[0] ? " " : "";
    char word[64];
    const char *w = text;
    while (*w == '-') w++;
    snprintf(word, sizeof word, "%.*s", (int)strcspn(w, "="), w);
    /* The options every command takes (src/main.c reads them first). */
    static const char *const global[] = {"color", "no-color", "verbose", "version", "help"};
    const char *near = text[0] == '-' && text[1] == '-' ? alto_cli_nearest(word, names, n) : NULL;
    if (!near && text[0] == '-' && text[1] == '-')
        near = alto_cli_nearest(word, global, sizeof global / sizeof *global);
    if (near) fprintf(stderr, "altospec%s%s: unknown option '%s'; did you mean '--%s'?\n", sp, cmd, text, near);
    else fprintf(stderr, "altospec%s%s: unknown option '%s'\n", sp, cmd, text);
    alto_cli_hint(cmd);
}

/* The long option names of c, for suggestions. */
static size_t long_names(const alto_cli *c, const char **out, size_t max) {
    size_t n = 0;
    for (const struct option *o = c->longs; o && o->name && n < max; o++) out[n++] = o->name;
    return n;
}

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
        alto_cli_hint(c->cmd);
        return ALTO_CLI_ERROR;
    }
    if (o == '?') {
        const char *t = given(argc, argv, buf, sizeof buf);
        if (takes_no_value(c, t)) {
            fprintf(stderr, "altospec%s%s: option '%.*s' takes no value\n", sp, c->cmd,
                    (int)(strchr(t, '=') - t), t);
            alto_cli_hint(c->cmd);
        } else {
            const char *names[64];
            alto_cli_unknown(c->cmd, t, names, long_names(c, names, 64));
        }
        return ALTO_CLI_ERROR;
    }
    return o;
}

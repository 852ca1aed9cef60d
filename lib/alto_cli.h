/* alto_cli.h: the command-line options of every altospec command, parsed
 * by getopt_long with one behaviour everywhere.
 *
 * "--name VALUE" and "--name=VALUE" both work (unique prefixes too, as
 * getopt_long allows); options and positional arguments may come in any
 * order.  What is wrong is said the same way by every command, on stderr:
 *
 *     altospec run: incomplete option '--seed': it needs a value
 *     altospec run: unknown option '--bogus'
 *     altospec run: unknown option '--sed'; did you mean '--seed'?
 *     altospec run: option '--quiet' takes no value
 *
 * each followed by one hint line, "try 'altospec run --help'"; the command
 * then exits 2 without printing its usage (one mistake, two lines). */
#ifndef ALTO_CLI_H
#define ALTO_CLI_H

#include <stddef.h>
#include <getopt.h>

typedef struct alto_cli {
    const char *cmd;                /* "serve", for messages; "" for altospec itself */
    const char *shorts;             /* getopt short options ("hq"; "+h" stops at the
                                       first positional argument); ':' is added */
    const struct option *longs;     /* terminated by {0} */
    int started;
} alto_cli;

#define ALTO_CLI_ERROR '?'

/* The next option's val; -1 when none is left (the positional arguments
 * are then argv[optind..argc-1]); ALTO_CLI_ERROR after printing what is
 * wrong with it. */
int alto_cli_next(alto_cli *c, int argc, char **argv);

/* The name of names[0..n-1] nearest to word (a few edits away), or NULL. */
const char *alto_cli_nearest(const char *word, const char *const *names, size_t n);
/* "try 'altospec CMD --help'" on stderr. */
void alto_cli_hint(const char *cmd);
/* "altospec CMD: unknown option 'TEXT'[; did you mean '--NAME'?]" and the
 * hint, for a command that parses its own argv (names without "--"). */
void alto_cli_unknown(const char *cmd, const char *text, const char *const *names, size_t n);

#endif

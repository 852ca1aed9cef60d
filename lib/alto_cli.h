/* alto_cli.h: the command-line options of every altospec command, parsed
 * by getopt_long with one behaviour everywhere.
 *
 * "--name VALUE" and "--name=VALUE" both work (unique prefixes too, as
 * getopt_long allows); options and positional arguments may come in any
 * order.  What is wrong is said the same way by every command, on stderr:
 *
 *     altospec run: incomplete option '--seed': it needs a value
 *     altospec run: unknown option '--bogus'
 *     altospec run: option '--quiet' takes no value
 *
 * and the command then prints its usage and exits 2. */
#ifndef ALTO_CLI_H
#define ALTO_CLI_H

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

#endif

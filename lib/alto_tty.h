/* alto_tty.h: what altospec does differently when a person is watching:
 * colour, progress lines, and the --verbose trace of HTTP exchanges.
 *
 * Colour is on only for a terminal unless asked (--color=always); NO_COLOR
 * (https://no-color.org, set and not empty) turns the automatic choice off;
 * TERM=dumb too.  Progress goes to stderr and only when stderr is a
 * terminal, so logs, pipes and CI output never hold carriage returns.
 * The settings are process-wide: main.c sets them once from the global
 * options, before any command runs. */
#ifndef ALTO_TTY_H
#define ALTO_TTY_H

#include <stdio.h>

typedef enum { ALTO_COLOR_AUTO, ALTO_COLOR_ALWAYS, ALTO_COLOR_NEVER } alto_color_mode;

/* "auto", "always", "never" (also "yes"/"no"): 0, or -1 for anything else. */
int alto_tty_parse_color(const char *when, alto_color_mode *out);
void alto_tty_set_color(alto_color_mode m);
/* Whether text written to f is coloured. */
int alto_tty_color(FILE *f);
/* The SGR sequence for a verdict-like word ("PASS", "FAIL", "MET", ...)
 * written to f, and the reset after it; both "" when f is not coloured. */
const char *alto_tty_on(FILE *f, const char *word);
const char *alto_tty_off(FILE *f);

/* --verbose: HTTP exchanges on stderr (lib/alto_http). */
void alto_tty_set_verbose(int on);
int alto_tty_verbose(void);

/* Progress on stderr when it is a terminal: "label: done/total" redrawn in
 * place (at most ten times a second; the last step always), and the line
 * cleared by alto_progress_end().  total 0: an activity with no count
 * ("building the Mininet network"). */
int alto_progress_enabled(void);
void alto_progress(const char *label, long done, long total);
void alto_progress_end(void);

#endif

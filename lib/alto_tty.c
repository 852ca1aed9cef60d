/* alto_tty.c: colour, progress and verbosity switches (see alto_tty.h).
 * A progress line is redrawn with "\r" and cleared with "\r\033[K"; it is
 * never written when stderr is not a terminal, whatever was asked. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "alto_tty.h"

static alto_color_mode color_mode = ALTO_COLOR_AUTO;
static int verbose;
static int progress_shown;      /* a progress line is on the screen */
static double progress_last;    /* when it was last drawn */

static const struct { const char *name; alto_color_mode mode; } color_names[] = {
    {"auto", ALTO_COLOR_AUTO}, {"always", ALTO_COLOR_ALWAYS}, {"never", ALTO_COLOR_NEVER},
    {"yes", ALTO_COLOR_ALWAYS}, {"no", ALTO_COLOR_NEVER},
};

int alto_tty_parse_color(const char *when, alto_color_mode *out) {
    for (size_t i = 0; when && i < sizeof color_names / sizeof *color_names; i++)
        if (!strcmp(when, color_names[i].name)) { *out = color_names[i].mode; return 0; }
    return -1;
}

void alto_tty_set_color(alto_color_mode m) { color_mode = m; }

int alto_tty_color(FILE *f) {
    if (color_mode != ALTO_COLOR_AUTO) return color_mode == ALTO_COLOR_ALWAYS;
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    if (nc && *nc) return 0;
    if (term && !strcmp(term, "dumb")) return 0;
    return isatty(fileno(f));
}

/* Green for what went right, red for what broke, yellow for what only
 * warns, dim for what was not judged. */
static const struct { const char *word, *sgr; } word_colors[] = {
    {"PASS", "\033[32m"}, {"MET", "\033[32m"}, {"ok", "\033[32m"},
    {"FAIL", "\033[1;31m"}, {"FAILED", "\033[1;31m"}, {"ERROR", "\033[1;31m"},
    {"WARN", "\033[33m"}, {"SKIP", "\033[2m"}, {"UNSUPPORTED", "\033[2m"}, {"N/A", "\033[2m"},
};

const char *alto_tty_on(FILE *f, const char *word) {
    if (!alto_tty_color(f)) return "";
    for (size_t i = 0; i < sizeof word_colors / sizeof *word_colors; i++)
        if (!strcmp(word, word_colors[i].word)) return word_colors[i].sgr;
    return "\033[1m";
}

const char *alto_tty_off(FILE *f) { return alto_tty_color(f) ? "\033[0m" : ""; }

void alto_tty_set_verbose(int on) { verbose = on; }
int alto_tty_verbose(void) { return verbose; }

int alto_progress_enabled(void) { return isatty(STDERR_FILENO); }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

void alto_progress(const char *label, long done, long total) {
    if (!alto_progress_enabled()) return;
    double t = now();
    /* Redrawn ten times a second at most, whatever the label; the last
     * step of a count always shows. */
    if (done != total && t - progress_last < 0.1) return;
    progress_last = t;
    progress_shown = 1;
    if (total > 0)
        fprintf(stderr, "\r\033[K%s: %ld/%ld (%ld%%)", label, done, total, 100 * done / total);
    else
        fprintf(stderr, "\r\033[K%s ...", label);
    fflush(stderr);
}

void alto_progress_end(void) {
    if (!progress_shown) return;
    progress_shown = 0;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

/* alto_meta.c: the "generated" member of every report (see alto_meta.h).
 * The command is stored as its words, not one quoted string, so that no
 * shell quoting rule is guessed; argv[0] is shown as "altospec" because a
 * build path says nothing to the reader. */
#include <time.h>
#include "alto_meta.h"

/* A copy: getopt_long permutes argv, and the report should show the
 * command as typed.  Held for the life of the process (still reachable). */
static json_t *meta_cmd;

void alto_meta_set_cmdline(int argc, char **argv) {
    json_decref(meta_cmd);
    meta_cmd = json_array();
    for (int i = 0; i < argc; i++)
        json_array_append_new(meta_cmd, json_string(i ? argv[i] : "altospec"));
}

json_t *alto_meta_generated(void) {
    json_t *cmd = meta_cmd ? json_deep_copy(meta_cmd) : json_array();
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_pack("{s:s,s:s,s:o,s:s}", "tool", "altospec", "version", ALTOSPEC_VERSION, "command", cmd,
                     "utc", ts);
}

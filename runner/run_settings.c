/* run_settings.c: the command line's overrides resolved against the
 * scenario (see run.h, run_settings).  The scenario stays as loaded, so
 * that every later message can still point at its lines, and so that a
 * stage never sees a half-overridden document. */
#include <stdlib.h>
#include <string.h>
#include "run.h"
#include "alto_buf.h"

static int backends_from_list(run_settings *rs, const char *list, alto_err *err) {
    rs->backends = alto_xcalloc(strlen(list) + 1, sizeof *rs->backends);
    char *copy = alto_xstrdup(list), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (*t) rs->backends[rs->nbackends++] = alto_xstrdup(t);
    free(copy);
    if (rs->nbackends == 0) return alto_err_set(err, "--backend: name at least one backend");
    return 0;
}

int run_settings_init(run_settings *rs, const run_scenario *sc, const run_opts *o, alto_err *err) {
    memset(rs, 0, sizeof *rs);
    if (o->backends) {
        if (backends_from_list(rs, o->backends, err)) return -1;
    } else {
        rs->backends = alto_xcalloc((size_t)sc->nbackends + 1, sizeof *rs->backends);
        for (int i = 0; i < sc->nbackends; i++) rs->backends[rs->nbackends++] = alto_xstrdup(sc->backends[i]);
        rs->backend_node = sc->backend_node;
    }
    rs->alto_url = o->server ? o->server : sc->alto_url;
    rs->alto_node = o->server ? NULL : sc->alto_node;
    rs->seed = o->has_seed ? o->seed : sc->seed;
    rs->params = sc->params;
    if (o->size_scale > 0) rs->params.size_scale = o->size_scale;
    rs->params.seed = rs->seed;
    return 0;
}

void run_settings_free(run_settings *rs) {
    for (int i = 0; i < rs->nbackends; i++) free(rs->backends[i]);
    free(rs->backends);
    memset(rs, 0, sizeof *rs);
}

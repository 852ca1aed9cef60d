/* alto_netmap.c: a network map with its longest-prefix-match table (see
 * alto_netmap.h).  The table is alto_addr.c's alto_lpm (longest first,
 * equal lengths in insertion order), filled in the map's own PID order, so
 * the first hit is the answer the map's order gives. */
#include <stdlib.h>
#include "alto_netmap.h"
#include "alto_buf.h"

struct alto_netmap {
    json_t *body;
    const char **pids;      /* value of an lpm row -> PID name */
    size_t npids;
    alto_lpm *lpm;
};

static void add_prefixes(alto_netmap *m, const json_t *list, int family, int pid) {
    size_t i;
    const json_t *s;
    json_array_foreach(list, i, s) {
        alto_prefix pr;
        if (json_is_string(s) && alto_prefix_parse(json_string_value(s), family, 0, &pr) == 0)
            alto_lpm_add(m->lpm, &pr, pid);
    }
}

alto_netmap *alto_netmap_new(const json_t *body) {
    alto_netmap *m = alto_xcalloc(1, sizeof *m);
    m->body = json_incref((json_t *)body);
    m->lpm = alto_lpm_new();
    const json_t *map = json_object_get(body, "network-map");
    m->pids = alto_xcalloc(json_object_size(map) + 1, sizeof *m->pids);
    const char *pid;
    const json_t *g;
    json_object_foreach((json_t *)map, pid, g) {
        m->pids[m->npids] = pid;
        add_prefixes(m, json_object_get(g, "ipv4"), 4, (int)m->npids);
        add_prefixes(m, json_object_get(g, "ipv6"), 6, (int)m->npids);
        m->npids++;
    }
    return m;
}

void alto_netmap_free(alto_netmap *m) {
    if (!m) return;
    alto_lpm_free(m->lpm);
    free(m->pids);
    json_decref(m->body);
    free(m);
}

const char *alto_netmap_pid(const alto_netmap *m, const alto_addr *a) {
    int v = alto_lpm_lookup(m->lpm, a);
    return v < 0 ? NULL : m->pids[v];
}

const char *alto_netmap_pid_typed(const alto_netmap *m, const char *typed) {
    alto_addr a;
    return alto_addr_parse_typed(typed, &a) ? NULL : alto_netmap_pid(m, &a);
}

const json_t *alto_netmap_body(const alto_netmap *m) { return m->body; }

/* fuzz_graphml.c: the Topology Zoo GraphML loader (sim/sim_graphml.c)
 * through its file entry point, sim_topo_load_graphml(), and the seeded
 * host choice of sim_graphml_topology().
 *
 * The input is written to one temporary file per process (the loader reads
 * files: alto_read_input's checks are part of what is tested).
 * Properties: an error names the file; a GraphML file the converter turns
 * into a topology is one the topology loader accepts (the converter makes
 * names, rates and delays, so a refusal there is the converter's bug);
 * what loads has every host routed to every other. */
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "fuzz.h"
#include "sim_graphml.h"
#include "sim_topo.h"

static char path[512];

static void cleanup(void) { if (path[0]) unlink(path); }

static const char *input_file(const uint8_t *data, size_t size) {
    static int fd = -1;
    if (fd < 0) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/fuzz_graphml.XXXXXX.graphml", tmp && *tmp ? tmp : "/tmp");
        fd = mkstemps(path, 8);
        FUZZ_CHECK(fd >= 0, "cannot make a temporary file %s", path);
        atexit(cleanup);
    }
    FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
    for (size_t off = 0; off < size;) {
        ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
        FUZZ_CHECK(w > 0, "write");
        off += (size_t)w;
    }
    return path;
}

static void check_loaded(sim_topo *t, const alto_err *err) {
    if (!t) {
        FUZZ_CHECK(strstr(err->msg, path) != NULL, "error without the file name: %s", err->msg);
        return;
    }
    for (int a = 0; a < t->nhosts && a < 8; a++)
        for (int b = 0; b < t->nhosts && b < 8; b++) {
            const int *links;
            FUZZ_CHECK(sim_topo_path(t, a, b, &links) >= 0, "no route %d -> %d", a, b);
        }
    sim_topo_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *p = input_file(data, size);
    alto_err err = {{0}};
    check_loaded(sim_topo_load_graphml(p, &err), &err);

    /* Two hosts, seeded, with the rates of a scenario's defaults. */
    sim_graphml_opts o;
    sim_graphml_opts_default(&o);
    o.hosts = 2;
    o.seed = size;
    json_t *obj = sim_graphml_topology(p, &o, &err);
    if (obj) {
        sim_topo *t = sim_topo_from_json(NULL, obj, &err);
        FUZZ_CHECK(t != NULL, "the converter made a topology the loader refuses: %s", err.msg);
        sim_topo_free(t);
        json_decref(obj);
    } else {
        FUZZ_CHECK(strstr(err.msg, path) != NULL, "error without the file name: %s", err.msg);
    }
    return 0;
}

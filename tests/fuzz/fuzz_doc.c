/* fuzz_doc.c: lib/alto_doc, YAML (and JSON) text -> json_t with positions.
 *
 * Properties: an error names the document ("fuzz.yaml:..."); a document
 * that loads is a finite tree (no value reached through an alias contains
 * itself) of at most FUZZ_DOC_NODES values counting what aliases repeat,
 * every string in it is UTF-8 (it dumps as JSON and reads back equal), and
 * positions, paths and error messages can be asked of every value. */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "alto_doc.h"

/* Far above what 4 KB of YAML holds without aliases, far below a hang. */
#define FUZZ_DOC_NODES 2000000L

static void walk(const alto_doc *d, const json_t *v, int depth, long *budget) {
    FUZZ_CHECK(depth < 1000, "deeper than the loader's nesting bound");
    if (--*budget < 0) return;
    int line, col;
    alto_doc_pos(d, v, &line, &col);
    (void)alto_doc_path(d, v);
    (void)alto_doc_show(v);
    alto_err err;
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach((json_t *)v, k, m) {
            FUZZ_CHECK(m != v, "an object is its own member");
            alto_doc_errf(d, &err, v, k, -1, "member %s", "x");
            walk(d, m, depth + 1, budget);
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i < 8) alto_doc_errf(d, &err, v, NULL, (int)i, "item");
            walk(d, json_array_get(v, i), depth + 1, budget);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    alto_err err = {{0}};
    alto_doc *d = alto_doc_parse("fuzz.yaml", (const char *)data, size, &err);
    if (!d) {
        FUZZ_CHECK(!strncmp(err.msg, "fuzz.yaml:", 10), "error without the file name: %s", err.msg);
        return 0;
    }
    json_t *root = alto_doc_root(d);
    FUZZ_CHECK(root != NULL, "a loaded document without a root");
    long budget = FUZZ_DOC_NODES;
    walk(d, root, 0, &budget);
    FUZZ_CHECK(budget >= 0, "more than %ld values (aliases repeat without bound)", FUZZ_DOC_NODES);
    char *s = json_dumps(root, JSON_ENCODE_ANY | JSON_COMPACT);
    FUZZ_CHECK(s != NULL, "the document does not dump as JSON (a cycle, or a string that is not UTF-8)");
    json_t *back = json_loads(s, JSON_DECODE_ANY, NULL);
    FUZZ_CHECK(back && json_equal(back, root), "the dump does not read back equal: %.200s", s);
    json_decref(back);
    free(s);
    alto_doc_free(d);
    return 0;
}

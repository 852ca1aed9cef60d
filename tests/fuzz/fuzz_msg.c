/* fuzz_msg.c: the ALTO message validators (conformance/conf_msg*.c), every
 * message kind conf_msg_validate() knows.
 *
 * Input: the first byte chooses the kind (modulo their number, in
 * conf_msg_kinds() order: ird, ird-root, networkmap, ...), the rest is the
 * body, read as the engine reads one (alto_json_parse_object).  Properties: the
 * kind is known; the count of problems is the number recorded, at least
 * the number kept; every kept problem has string path, expected, actual
 * and message (a message cut inside a UTF-8 sequence would lose its text);
 * the same body validated twice gives the same problems (no state). */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "conf_check.h"
#include "conf_msg.h"

static char *validate(const char *kind, const json_t *d, int *n) {
    conf_probs p;
    conf_probs_init(&p);
    *n = conf_msg_validate(kind, d, &p);
    FUZZ_CHECK(*n >= 0, "kind %s is unknown", kind);
    FUZZ_CHECK(*n == p.n && json_array_size(p.list) <= (size_t)p.n && p.nsoft <= p.n,
               "%d problems returned, %d counted, %zu kept", *n, p.n, json_array_size(p.list));
    size_t i;
    json_t *o;
    json_array_foreach(p.list, i, o) {
        static const char *const members[] = {"path", "expected", "actual", "message"};
        for (size_t k = 0; k < 4; k++)
            FUZZ_CHECK(json_is_string(json_object_get(o, members[k])),
                       "%s: problem %zu has no string \"%s\"", kind, i, members[k]);
    }
    char *s = json_dumps(p.list, JSON_COMPACT);
    FUZZ_CHECK(s != NULL, "problems do not dump");
    conf_probs_free(&p);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const char *const *kinds = conf_msg_kinds();
    size_t nk = 0;
    while (kinds[nk]) nk++;
    const char *kind = kinds[data[0] % nk];
    char err[256];
    json_t *d = alto_json_parse_object((const char *)data + 1, size - 1, 64, err, sizeof err);
    if (!d) return 0;
    int n1, n2;
    char *a = validate(kind, d, &n1), *b = validate(kind, d, &n2);
    FUZZ_CHECK(n1 == n2 && !strcmp(a, b), "%s: two runs differ:\n%.500s\n%.500s", kind, a, b);
    free(a);
    free(b);
    json_decref(d);
    return 0;
}

/* fuzz_cmap.c: the compact cost map (conformance/conf_cmap.c), streamed
 * from the body through lib/alto_jtok, differential against the same map
 * built from the jansson DOM the rest of the engine uses.
 *
 * Properties (conf_cmap.h promises one code path for the verdicts): the
 * streamed parse fails exactly when alto_json_parse_object() does, with an error
 * of the same kind; when both parse, every cost map check (shape, numbers,
 * ordinal, PIDs defined against the RFC 7285 examples' network map) finds
 * the same problems, word for word, on both forms.  Bodies that name
 * "endpoint-cost-map" are also read with that member. */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "conf_check.h"
#include "conf_cmap.h"
#include "conf_msg.h"

#define DEPTH 32

static char *probs_of(conf_cmap *m, const json_t *nm) {
    conf_probs p;
    conf_probs_init(&p);
    conf_cmap_validate(m, &p);
    conf_cmap_v_pids_defined(m, nm, &p);
    conf_cmap_v_ordinal_values(m, &p);
    json_array_append_new(p.list, json_integer(p.checked));
    char *s = json_dumps(p.list, JSON_COMPACT);
    conf_probs_free(&p);
    return s;
}

static void same(const char *body, size_t len, const char *member, const json_t *nm) {
    char err[256] = "", jerr[256] = "";
    conf_cmap ms, md;
    int rs = conf_cmap_parse(&ms, body, len, member, DEPTH, err, sizeof err);
    json_t *d = alto_json_parse_object(body, len, DEPTH, jerr, sizeof jerr);
    FUZZ_CHECK((rs == 0) == (d != NULL), "streamed %s (%s), DOM %s (%s)", rs ? "refuses" : "accepts",
               err, d ? "accepts" : "refuses", jerr);
    if (!d) {
        FUZZ_CHECK(!strncmp(err, jerr, 12), "streamed \"%s\", DOM \"%s\"", err, jerr);
        conf_cmap_free(&ms);
        return;
    }
    conf_cmap_from_json(&md, d, member);
    char *a = probs_of(&ms, nm), *b = probs_of(&md, nm);
    FUZZ_CHECK(a && b && !strcmp(a, b), "%s: streamed %.600s\nDOM %.600s", member, a, b);
    free(a);
    free(b);
    conf_cmap_free(&ms);
    conf_cmap_free(&md);
    json_decref(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static json_t *nm;
    if (!nm) nm = json_loads("{\"network-map\":{\"PID1\":{},\"PID2\":{},\"PID3\":{}}}", 0, NULL);
    const char *body = (const char *)data;
    same(body, size, "cost-map", nm);
    if (memmem(body, size, "endpoint-cost-map", 17)) same(body, size, "endpoint-cost-map", nm);
    return 0;
}

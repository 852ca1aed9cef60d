/* fuzz_mpart.c: the multipart/related reader (lib/alto_mpart.c).
 *
 * Input: the Content-Type value up to the first LF, then the body.
 * Properties: parts lie inside the body, in order; the parse succeeds
 * exactly when a part was found; the client's reading (alto_mpart_read)
 * of an answer it accepts returns every part the reader found, root first,
 * each as an object with string content_id and content_type, never
 * dropping one; deviation texts and Content-ID checks work on any part. */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "alto_mpart.h"

static void check_parts(const alto_mpart *m, const char *body, size_t len) {
    int n = m->nparts < ALTO_MPART_MAX_PARTS ? m->nparts : ALTO_MPART_MAX_PARTS;
    const char *prev = body;
    for (int i = 0; i < n; i++) {
        const alto_mpart_part *pt = &m->parts[i];
        FUZZ_CHECK(pt->body >= prev && pt->body + pt->len <= body + len,
                   "part %d at offset %td, length %zu, outside the body of %zu", i,
                   pt->body - body, pt->len, len);
        prev = pt->body + pt->len;
        char rid[256];
        const char *why = NULL;
        if (!alto_mpart_content_id(pt->content_id, rid, sizeof rid, &why))
            FUZZ_CHECK(why != NULL, "a refused Content-ID without a reason");
    }
}

static void check_read(const alto_mpart *m, const char *ctype, const char *body, size_t len) {
    json_t *parts = NULL;
    alto_err err = {{0}};
    if (alto_mpart_read(ctype, body, len, 16, &parts, &err)) {
        FUZZ_CHECK(parts == NULL && err.msg[0], "a refusal without a reason");
        return;
    }
    FUZZ_CHECK(json_is_array(parts) && json_array_size(parts) == (size_t)m->nparts,
               "the client reads %zu parts of the %d found", json_array_size(parts), m->nparts);
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p) {
        FUZZ_CHECK(json_is_string(json_object_get(p, "content_id")) &&
                   json_is_string(json_object_get(p, "content_type")) &&
                   json_object_get(p, "body"), "part %zu is not {content_id, content_type, body}", i);
    }
    const char *rid = json_string_value(json_object_get(json_array_get(parts, 0), "content_id"));
    FUZZ_CHECK(!m->has_start || !rid || !strcmp(rid, m->start) || strchr(rid, '\\'),
               "the first part read is \"%s\", not start=\"%s\"", rid, m->start);
    json_decref(parts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *lf = memchr(data, '\n', size);
    size_t cl = lf ? (size_t)(lf - data) : size;
    char *ctype = fuzz_cstr(data, cl);
    const char *body = lf ? (const char *)lf + 1 : "";
    size_t len = lf ? size - cl - 1 : 0;

    alto_mpart m;
    int rc = alto_mpart_parse(&m, ctype, body, len, 16);
    FUZZ_CHECK((rc == 0) == (m.nparts > 0), "parse %d with %d parts", rc, m.nparts);
    FUZZ_CHECK(rc == 0 || m.err[0], "no part and no reason");
    check_parts(&m, body, len);
    char dev[512];
    alto_mpart_dev_text(m.dev, dev, sizeof dev);
    int root = alto_mpart_root(&m);
    FUZZ_CHECK(root >= -1 && root < (m.nparts < ALTO_MPART_MAX_PARTS ? m.nparts : ALTO_MPART_MAX_PARTS),
               "root %d of %d parts", root, m.nparts);
    check_read(&m, ctype, body, len);
    alto_mpart_free(&m);
    free(ctype);
    return 0;
}

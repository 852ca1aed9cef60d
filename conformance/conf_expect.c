/* conf_expect.c: loading and matching expectations files (format in
 * conf_expect.h).  The document is kept loaded so later errors (an entry
 * matching no case) can still point at its line. */
#include <stdlib.h>
#include <string.h>
#include "conf_expect.h"
#include "conf_run.h"
#include "alto_doc.h"
#include "alto_schema.h"

typedef struct expect_row {
    const char *pattern;
    conf_verdict verdict;
    const char *reason;
    json_t *node;
} expect_row;

struct conf_expect {
    alto_doc *doc;
    expect_row *rows;
    size_t n;
};

static const alto_field top_fields[] = {
    {"expect", ALTO_S_ARRAY, 1, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};

static const alto_field row_fields[] = {
    {"case", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"verdict", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"reason", ALTO_S_STRING, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};

conf_expect *conf_expect_load(const char *path, alto_err *err) {
    alto_doc *d = alto_doc_load(path, err);
    if (!d) return NULL;
    conf_expect *e = alto_xcalloc(1, sizeof *e);
    e->doc = d;
    json_t *root = alto_doc_root(d);
    if (!json_is_object(root)) {
        alto_doc_errf(d, err, root, NULL, -1, "expected a mapping with an \"expect\" list");
        conf_expect_free(e);
        return NULL;
    }
    if (alto_schema_check(d, root, top_fields, err) < 0) { conf_expect_free(e); return NULL; }
    json_t *list = json_object_get(root, "expect");
    e->rows = alto_xcalloc(json_array_size(list) + 1, sizeof *e->rows);
    size_t i;
    json_t *row;
    json_array_foreach(list, i, row) {
        if (!json_is_object(row)) {
            alto_doc_errf(d, err, list, NULL, (int)i, "expected a mapping {case, verdict, reason}");
            conf_expect_free(e);
            return NULL;
        }
        if (alto_schema_check(d, row, row_fields, err) < 0) { conf_expect_free(e); return NULL; }
        expect_row *r = &e->rows[e->n++];
        r->pattern = json_string_value(json_object_get(row, "case"));
        r->reason = json_string_value(json_object_get(row, "reason"));
        r->node = row;
        const char *v = json_string_value(json_object_get(row, "verdict"));
        if (conf_verdict_parse(v, &r->verdict) < 0) {
            alto_doc_errf(d, err, row, "verdict", -1,
                          "unknown verdict \"%s\" (expected PASS, FAIL, WARN, UNSUPPORTED, SKIP or ERROR)", v);
            conf_expect_free(e);
            return NULL;
        }
    }
    return e;
}

void conf_expect_free(conf_expect *e) {
    if (!e) return;
    free(e->rows);
    alto_doc_free(e->doc);
    free(e);
}

int conf_expect_lookup(const conf_expect *e, const char *id, conf_verdict *v, const char **reason) {
    if (!e) return 0;
    for (size_t i = 0; i < e->n; i++) {
        if (!conf_id_match(e->rows[i].pattern, id)) continue;
        *v = e->rows[i].verdict;
        *reason = e->rows[i].reason ? e->rows[i].reason : "";
        return 1;
    }
    return 0;
}

int conf_expect_check_suite(const conf_expect *e, const conf_suite *s, alto_err *err) {
    for (size_t i = 0; e && i < e->n; i++) {
        int hit = 0;
        for (size_t k = 0; k < s->ncases && !hit; k++)
            hit = conf_id_match(e->rows[i].pattern, s->cases[k].id);
        if (!hit)
            return alto_doc_errf(e->doc, err, e->rows[i].node, "case", -1,
                                 "\"%s\" matches no case of suite %s (see altospec conform --list)",
                                 e->rows[i].pattern, s->name);
    }
    return 0;
}

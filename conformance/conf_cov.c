/* conf_cov.c: the requirement coverage listing (`conform --list --coverage`).
 *
 * The list of requirements is data, reviewable on its own:
 * scenarios/conformance/<suite>-requirements.yaml quotes every normative
 * statement of the RFC with its section and either the case ids that test
 * it or why it cannot be tested over the wire.  This file only checks that
 * list against the registry (unknown ids are a configuration error, with
 * file:line:col) and prints both side by side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_cov.h"
#include "alto_doc.h"
#include "alto_schema.h"

static const alto_field top_fields[] = {
    {"suite", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"source", ALTO_S_STRING, 0, 0, 0, 0, 0},
    {"requirements", ALTO_S_ARRAY, 1, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};

static const alto_field req_fields[] = {
    {"section", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"level", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"text", ALTO_S_STRING, 1, 0, 0, 0, 0},
    {"cases", ALTO_S_ARRAY, 0, 0, 0, 0, 0},
    {"untestable", ALTO_S_STRING, 0, 0, 0, 0, 0},
    {NULL, 0, 0, 0, 0, 0, 0},
};

static const conf_case *find_case(const conf_suite *s, const char *id) {
    for (size_t i = 0; i < s->ncases; i++)
        if (!strcmp(s->cases[i].id, id)) return &s->cases[i];
    return NULL;
}

int conf_cov_check(const char *path, const conf_suite *s, int print, FILE *out, alto_err *err) {
    alto_doc *d = alto_doc_load(path, err);
    if (!d) return -1;
    json_t *root = alto_doc_root(d);
    int rc = -1;
    if (!json_is_object(root)) {
        alto_doc_errf(d, err, root, NULL, -1, "expected a mapping {suite, requirements}");
        goto done;
    }
    if (alto_schema_check(d, root, top_fields, err) < 0) goto done;
    if (strcmp(json_string_value(json_object_get(root, "suite")), s->name)) {
        alto_doc_errf(d, err, root, "suite", -1, "this file is for suite \"%s\", not \"%s\"",
                      json_string_value(json_object_get(root, "suite")), s->name);
        goto done;
    }
    json_t *reqs = json_object_get(root, "requirements");
    unsigned char *used = alto_xcalloc(s->ncases + 1, 1);
    size_t i;
    json_t *q;
    int testable = 0, untestable = 0;
    json_array_foreach(reqs, i, q) {
        if (!json_is_object(q)) {
            alto_doc_errf(d, err, reqs, NULL, (int)i, "expected a mapping {section, level, text, cases | untestable}");
            free(used);
            goto done;
        }
        if (alto_schema_check(d, q, req_fields, err) < 0) { free(used); goto done; }
        json_t *cases = json_object_get(q, "cases");
        const char *why = json_string_value(json_object_get(q, "untestable"));
        if (!json_array_size(cases) == !why) {
            alto_doc_errf(d, err, q, "text", -1, "give either a non-empty \"cases\" list or \"untestable\" with a reason");
            free(used);
            goto done;
        }
        size_t k;
        json_t *c;
        json_array_foreach(cases, k, c) {
            const conf_case *cs = json_is_string(c) ? find_case(s, json_string_value(c)) : NULL;
            if (!cs) {
                alto_doc_errf(d, err, cases, NULL, (int)k, "%s is not a case of suite %s",
                              alto_doc_show(c), s->name);
                free(used);
                goto done;
            }
            used[cs - s->cases] = 1;
        }
        if (why) untestable++;
        else testable++;
        if (!print) continue;
        fprintf(out, "%s %s  \"%s\"\n", json_string_value(json_object_get(q, "section")),
                json_string_value(json_object_get(q, "level")), json_string_value(json_object_get(q, "text")));
        if (why) fprintf(out, "    not testable over the wire: %s\n", why);
        json_array_foreach(cases, k, c) fprintf(out, "    -> %s\n", json_string_value(c));
    }
    size_t orphans = 0;
    for (size_t k = 0; k < s->ncases; k++) {
        if (used[k]) continue;
        orphans++;
        if (print) fprintf(out, "case %s is not linked to any requirement in %s\n", s->cases[k].id, path);
    }
    free(used);
    if (print)
        fprintf(out, "\n%d requirements: %d tested by %zu cases, %d not testable over the wire\n",
                testable + untestable, testable, s->ncases - orphans, untestable);
    if (orphans) {
        alto_err_set(err, "%s: %zu case(s) of suite %s are not linked to a requirement", path, orphans, s->name);
        goto done;
    }
    rc = 0;
done:
    alto_doc_free(d);
    return rc;
}

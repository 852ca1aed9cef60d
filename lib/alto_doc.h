/* alto_doc.h: YAML (and JSON) documents as jansson values with source
 * positions.
 *
 * altospec has one data model: json_t.  YAML is parsed once, at the edge,
 * from libyaml events into json_t; this module also remembers where every
 * value came from (line, column) and its JSON path ("links[3].bandwidth"),
 * so that any later validation error can say
 *
 *     topology.yaml:12:7: links[3].bandwidth: expected a rate like "5Mbps", got "fast"
 *
 * Positions live in a side table keyed by the json_t pointer.  jansson's
 * true/false/null are shared singletons, so for those the position of the
 * enclosing member is used: alto_doc_errf() takes the parent container and
 * the key (or index) for exactly that reason.
 *
 * YAML scalars are typed the YAML 1.1 core way: plain `42` is an integer,
 * `4.5` a real, `true/false/yes/no` booleans, `null/~`/empty null; quoted
 * scalars are always strings.  Anchors/aliases are supported, but not an
 * alias inside the node it names (a cycle), nor aliases that repeat more
 * than ALTO_DOC_MAX_ALIASED values in all (nested aliases grow
 * exponentially: 200 bytes can stand for a billion values); a tag is an
 * error (never silently ignored), and so is a null list item (an empty
 * "- " or "[a, , b]"), at its position.  Files are read with
 * alto_read_input(): regular files of at most ALTO_INPUT_MAX bytes. */
#ifndef ALTO_DOC_H
#define ALTO_DOC_H

#include <jansson.h>
#include "alto_err.h"

#define ALTO_DOC_MAX_ALIASED 1000000

typedef struct alto_doc alto_doc;

/* Parses a YAML or JSON file.  NULL with "file:line:col: ..." on error. */
alto_doc *alto_doc_load(const char *path, alto_err *err);
/* Same for a buffer; `name` is what error messages call it. */
alto_doc *alto_doc_parse(const char *name, const char *text, size_t len,
                         alto_err *err);
void alto_doc_free(alto_doc *d);

json_t *alto_doc_root(const alto_doc *d);         /* borrowed */
const char *alto_doc_name(const alto_doc *d);     /* file name as given */
/* Directory of the file (for resolving relative references); "." if none. */
const char *alto_doc_dir(const alto_doc *d);

/* Position and JSON path of a value (0 / "" when unknown, e.g. for values
 * created after loading). */
int alto_doc_pos(const alto_doc *d, const json_t *v, int *line, int *col);
const char *alto_doc_path(const alto_doc *d, const json_t *v);

/* Formats "name:line:col: path: message" into err and returns -1.
 * The offending value is parent[key] (an object member), parent[idx] (an
 * array element, idx >= 0), or parent itself (key NULL, idx < 0).  When
 * that value has no recorded position (absent member, or a jansson
 * singleton) the position of parent is used, with the path still naming
 * the member, so "missing member" errors point at the enclosing object. */
int alto_doc_errf(const alto_doc *d, alto_err *err, const json_t *parent,
                  const char *key, int idx, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Short human rendering of a value for messages: strings quoted, containers
 * as "an object"/"an array". Returns a static buffer (not thread-safe). */
const char *alto_doc_show(const json_t *v);

#endif

/* alto_json.h: jansson helpers every ALTO client needs when the other end
 * may be hostile: a bounded parse of a message body, and body text made
 * safe to keep in a report.
 *
 * A server under test can send anything: a "[[[[..." body that would make
 * jansson recurse a million levels, bytes that are not UTF-8 (which
 * jansson refuses as a string), or a 30 MB cost map that must not become a
 * 30 MB report.  Both functions bound what they do by the caller's limits
 * and never fail: a parse says why it gave nothing, a text is capped on a
 * UTF-8 boundary and hex-escapes what is not UTF-8. */
#ifndef ALTO_JSON_H
#define ALTO_JSON_H

#include <stddef.h>
#include <jansson.h>

/* The body as a JSON object, or NULL with the reason in err ("empty body",
 * "JSON nesting deeper than 64 levels", "not valid JSON: line 1 column 2:
 * ...", "JSON body is an array, expected an object").  The nesting is
 * checked by a scan before jansson sees the text. */
/* The nesting scan alto_json_parse_object() runs before parsing: brackets
 * outside strings counted over the whole text, valid JSON or not; 0 when
 * they go deeper than max_depth. */
int alto_json_depth_ok(const char *text, size_t len, int max_depth);
json_t *alto_json_parse_object(const char *text, size_t len, int max_depth, char *err, size_t n);

/* "an object", "an array", "a string", "an integer", "a number",
 * "a boolean", "null"; "missing" for NULL. */
const char *alto_json_type(const json_t *v);

/* A JSON string of the first `cap` bytes of s (cut back to a UTF-8
 * boundary); *cut = 1 when s was longer.  Invalid UTF-8 is kept as "\xNN"
 * text.  s may be NULL (an empty string). */
json_t *alto_json_text(const char *s, size_t len, size_t cap, int *cut);

#endif

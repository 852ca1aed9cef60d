/* alto_json.c: bounded parsing and report-safe text (see alto_json.h). */
#include <stdio.h>
#include <string.h>
#include "alto_json.h"
#include "alto_buf.h"

/* Depth scan before parsing: jansson recurses per nesting level, and a
 * hostile "[[[[..." body must not cost stack or time. */
int alto_json_depth_ok(const char *t, size_t len, int max_depth) {
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == '"') in_str = 1;
        else if (c == '{' || c == '[') { if (++depth > max_depth) return 0; }
        else if (c == '}' || c == ']') depth--;
    }
    return 1;
}

const char *alto_json_type(const json_t *v) {
    if (!v) return "missing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

json_t *alto_json_parse_object(const char *text, size_t len, int max_depth, char *err, size_t n) {
    if (!text || len == 0) {
        snprintf(err, n, "empty body");
        return NULL;
    }
    if (!alto_json_depth_ok(text, len, max_depth)) {
        snprintf(err, n, "JSON nesting deeper than %d levels", max_depth);
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(text, len, 0, &je);
    if (!v) {
        snprintf(err, n, "not valid JSON: line %d column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(v)) {
        snprintf(err, n, "JSON body is %s, expected an object", alto_json_type(v));
        json_decref(v);
        return NULL;
    }
    err[0] = '\0';
    return v;
}

json_t *alto_json_text(const char *s, size_t len, size_t cap, int *cut) {
    size_t n = len > cap ? cap : len;
    *cut = len > cap;
    /* Cut on a UTF-8 boundary so a capped body stays a valid string. */
    while (*cut && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    json_t *v = json_stringn(s ? s : "", s ? n : 0);
    if (v) return v;
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) alto_buf_putc(&b, (char)ch);
        else alto_buf_printf(&b, "\\x%02x", ch);
    }
    v = json_string(b.data);
    alto_buf_free(&b);
    return v;
}

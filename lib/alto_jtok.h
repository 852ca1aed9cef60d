/* alto_jtok.h: a strict pull tokenizer for JSON (RFC 8259), for bodies too
 * big to hold as a jansson DOM (a 47 MB cost map is ~150 bytes of json_t
 * per entry).  The caller asks for one token at a time; the tokenizer
 * enforces the grammar (a key only where a key may be, commas, colons,
 * one top-level value, nothing after it), the number grammar, strings
 * (control bytes, escapes, surrogate pairs, UTF-8) and a nesting bound.
 * It accepts exactly what jansson's json_loadb(..., 0) accepts, so a body
 * gets the same "not JSON" verdict on either path: integers beyond
 * long long and reals that overflow are errors, "\u0000" is an error.
 * Limits: the text must be in memory (spans are offsets into it); the
 * decoded string of a key or string token lives until the next call;
 * duplicate keys are reported as tokens, the caller decides (jansson keeps
 * the position of the first and the value of the last). */
#ifndef ALTO_JTOK_H
#define ALTO_JTOK_H

#include <stddef.h>

typedef enum alto_jt {
    ALTO_JT_ERROR = -1, ALTO_JT_END = 0,
    ALTO_JT_OBJECT, ALTO_JT_OBJECT_END, ALTO_JT_ARRAY, ALTO_JT_ARRAY_END,
    ALTO_JT_KEY, ALTO_JT_STRING, ALTO_JT_INTEGER, ALTO_JT_REAL,
    ALTO_JT_TRUE, ALTO_JT_FALSE, ALTO_JT_NULL
} alto_jt;

#define ALTO_JTOK_MAX_DEPTH 256

typedef struct alto_jtok {
    const char *s;
    size_t len, pos;
    int depth, max_depth, state;
    unsigned char stack[ALTO_JTOK_MAX_DEPTH];   /* 1 object, 0 array */
    /* The current token. */
    size_t start;           /* byte offset of its first byte */
    char *str;              /* KEY / STRING: decoded, NUL-terminated */
    size_t str_len, str_cap;
    long long ival;         /* INTEGER */
    double num;             /* INTEGER and REAL */
    /* After ALTO_JT_ERROR: what, and where (byte offset, 1-based line and
     * column of that byte). */
    char err[160];
    size_t err_off;
    int err_line, err_col;
} alto_jtok;

/* max_depth: deepest nesting allowed (<= ALTO_JTOK_MAX_DEPTH). */
void alto_jtok_init(alto_jtok *t, const char *s, size_t len, int max_depth);
void alto_jtok_free(alto_jtok *t);
/* The next token; ALTO_JT_END once after the top-level value and trailing
 * whitespace; ALTO_JT_ERROR (and again on each later call) on bad input. */
alto_jt alto_jtok_next(alto_jtok *t);
/* Skips the rest of the value whose first token was just returned (an
 * OBJECT or ARRAY; nothing for a scalar).  0, or -1 after an error. */
int alto_jtok_skip(alto_jtok *t, alto_jt first);
/* "line L column C (byte B): what", the error as one string. */
const char *alto_jtok_errmsg(const alto_jtok *t, char *buf, size_t n);

#endif

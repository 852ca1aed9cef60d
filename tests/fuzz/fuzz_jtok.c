/* fuzz_jtok.c: the strict pull tokenizer (lib/alto_jtok.c), differential
 * against jansson.
 *
 * Properties: the tokenizer accepts exactly when json_loadb() does (it
 * says so in alto_jtok.h; nesting beyond its own bound and one jansson
 * leniency, below, aside), and the value its tokens spell is the one
 * jansson builds (strings decoded, the integers and reals, duplicate
 * keys: the last value); an error stays an
 * error and points inside the text; alto_jtok_skip() over every container
 * ends where reading it token by token ends. */
#include <string.h>
#include <jansson.h>
#include "fuzz.h"
#include "alto_jtok.h"

#define DEPTH 64

/* The value whose first token is k, built from the tokens (NULL on error). */
static json_t *build(alto_jtok *t, alto_jt k) {
    switch (k) {
    case ALTO_JT_STRING: return json_stringn(t->str, t->str_len);
    case ALTO_JT_INTEGER: return json_integer(t->ival);
    case ALTO_JT_REAL: return json_real(t->num);
    case ALTO_JT_TRUE: return json_true();
    case ALTO_JT_FALSE: return json_false();
    case ALTO_JT_NULL: return json_null();
    case ALTO_JT_ARRAY: {
        json_t *a = json_array();
        for (;;) {
            alto_jt e = alto_jtok_next(t);
            if (e == ALTO_JT_ARRAY_END) return a;
            json_t *v = build(t, e);
            if (!v) { json_decref(a); return NULL; }
            json_array_append_new(a, v);
        }
    }
    case ALTO_JT_OBJECT: {
        json_t *o = json_object();
        for (;;) {
            alto_jt e = alto_jtok_next(t);
            if (e == ALTO_JT_OBJECT_END) return o;
            if (e != ALTO_JT_KEY) { json_decref(o); return NULL; }
            char *key = strndup(t->str, t->str_len);
            json_t *v = build(t, alto_jtok_next(t));
            if (!v) { free(key); json_decref(o); return NULL; }
            json_object_set_new(o, key, v);
            free(key);
        }
    }
    default: return NULL;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    alto_jtok t;
    alto_jtok_init(&t, s, size, DEPTH);
    json_t *mine = build(&t, alto_jtok_next(&t));
    alto_jt last = mine ? alto_jtok_next(&t) : ALTO_JT_ERROR;
    if (last == ALTO_JT_ERROR) {
        FUZZ_CHECK(t.err[0] && t.err_off <= size && t.err_line >= 1 && t.err_col >= 1,
                   "error \"%s\" at byte %zu line %d col %d of %zu", t.err, t.err_off,
                   t.err_line, t.err_col, size);
        FUZZ_CHECK(alto_jtok_next(&t) == ALTO_JT_ERROR, "an error that does not stay");
        json_decref(mine);
        mine = NULL;
    }
    int too_deep = !mine && strstr(t.err, "nesting deeper") != NULL;
    alto_jtok_free(&t);

    json_error_t e;
    json_t *theirs = json_loadb(s, size, JSON_DECODE_ANY, &e);
    /* jansson's one leniency: a top-level number followed by a NUL byte
     * ("4\0") loads.  No ALTO body is a bare number (both paths refuse
     * those as "not an object"), so the tokenizer keeps RFC 8259. */
    int quirk = theirs && json_is_number(theirs) && memchr(s, 0, size);
    if (!too_deep && !quirk) {
        FUZZ_CHECK(!mine == !theirs, "tokenizer %s, jansson %s (%s)", mine ? "accepts" : "refuses",
                   theirs ? "accepts" : "refuses", theirs ? "" : e.text);
        FUZZ_CHECK(!mine || json_equal(mine, theirs), "the tokens spell another value than jansson's");
    }

    /* Skipping every container from the top gives the same verdict. */
    alto_jtok_init(&t, s, size, DEPTH);
    alto_jt k = alto_jtok_next(&t);
    int skipped = alto_jtok_skip(&t, k) == 0 && k != ALTO_JT_ERROR;
    if (skipped) skipped = alto_jtok_next(&t) == ALTO_JT_END;
    FUZZ_CHECK(skipped == (mine != NULL), "skip %d, token by token %d", skipped, mine != NULL);
    alto_jtok_free(&t);
    json_decref(mine);
    json_decref(theirs);
    return 0;
}

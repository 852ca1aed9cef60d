/* alto_jtok.c: the strict pull tokenizer (see alto_jtok.h).  One pass,
 * no recursion (a stack of container kinds bounded by max_depth), no
 * allocation but the buffer of the current decoded string. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_jtok.h"
#include "alto_buf.h"

enum { ST_VALUE, ST_FIRST_ARR, ST_FIRST_OBJ, ST_KEY, ST_AFTER, ST_DONE, ST_ERROR };

void alto_jtok_init(alto_jtok *t, const char *s, size_t len, int max_depth) {
    memset(t, 0, sizeof *t);
    t->s = s;
    t->len = len;
    t->max_depth = max_depth < 1 || max_depth > ALTO_JTOK_MAX_DEPTH ? ALTO_JTOK_MAX_DEPTH : max_depth;
    t->state = ST_VALUE;
}

void alto_jtok_free(alto_jtok *t) {
    free(t->str);
    t->str = NULL;
    t->str_cap = t->str_len = 0;
}

static alto_jt fail(alto_jtok *t, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static alto_jt fail(alto_jtok *t, size_t off, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->err, sizeof t->err, fmt, ap);
    va_end(ap);
    t->err_off = off;
    t->err_line = 1;
    size_t bol = 0;
    for (size_t i = 0; i < off && i < t->len; i++)   /* only on error: a linear scan is fine */
        if (t->s[i] == '\n') { t->err_line++; bol = i + 1; }
    t->err_col = (int)(off - bol) + 1;
    t->state = ST_ERROR;
    return ALTO_JT_ERROR;
}

const char *alto_jtok_errmsg(const alto_jtok *t, char *buf, size_t n) {
    snprintf(buf, n, "line %d column %d (byte %zu): %s", t->err_line, t->err_col, t->err_off, t->err);
    return buf;
}

static void skip_ws(alto_jtok *t) {
    while (t->pos < t->len) {
        char c = t->s[t->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        t->pos++;
    }
}

static void put(alto_jtok *t, const char *p, size_t n) {
    if (t->str_len + n + 1 > t->str_cap) {
        t->str_cap = (t->str_len + n + 1) * 2 + 32;
        t->str = alto_xrealloc(t->str, t->str_cap);
    }
    memcpy(t->str + t->str_len, p, n);
    t->str_len += n;
    t->str[t->str_len] = '\0';
}

static void put_cp(alto_jtok *t, unsigned cp) {
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    put(t, b, n);
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, <= U+10FFFF), 0 if ill-formed. */
static size_t utf8_len(const unsigned char *p, size_t avail) {
    unsigned c = p[0];
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static int hex4(const char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* A \uXXXX escape at p (the backslash), a surrogate pair taken whole. */
static int scan_u(alto_jtok *t, size_t p) {
    unsigned cp, lo;
    if (p + 6 > t->len || hex4(t->s + p + 2, &cp)) { fail(t, p, "invalid \\u escape"); return -1; }
    size_t used = 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) { fail(t, p, "invalid Unicode '\\u%04X' (lone low surrogate)", cp); return -1; }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (p + 12 > t->len || t->s[p + 6] != '\\' || t->s[p + 7] != 'u' || hex4(t->s + p + 8, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF) {
            fail(t, p, "invalid Unicode '\\u%04X' (high surrogate without its low half)", cp);
            return -1;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        used = 12;
    }
    if (cp == 0) { fail(t, p, "\\u0000 is not allowed"); return -1; }
    put_cp(t, cp);
    t->pos = p + used;
    return 0;
}

static int scan_escape(alto_jtok *t, size_t p) {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (p + 1 >= t->len) { fail(t, p, "premature end of input in a string"); return -1; }
    char c = t->s[p + 1];
    if (c == 'u') return scan_u(t, p);
    const char *k = memchr(from, c, sizeof from - 1);
    if (!c || !k) { fail(t, p, "invalid escape '\\%c'", c >= 0x20 && c < 0x7F ? c : '?'); return -1; }
    put(t, &to[k - from], 1);
    t->pos = p + 2;
    return 0;
}

/* The string whose opening quote is at t->pos, decoded into t->str. */
static int scan_string(alto_jtok *t) {
    const unsigned char *s = (const unsigned char *)t->s;
    size_t p = t->pos + 1;
    t->str_len = 0;
    put(t, "", 0);
    for (;;) {
        size_t run = p;
        while (p < t->len && s[p] >= 0x20 && s[p] < 0x80 && s[p] != '"' && s[p] != '\\') p++;
        if (p > run) put(t, t->s + run, p - run);
        if (p >= t->len) { fail(t, t->start, "premature end of input in a string"); return -1; }
        unsigned c = s[p];
        if (c == '"') { t->pos = p + 1; return 0; }
        if (c == '\\') {
            if (scan_escape(t, p)) return -1;
            p = t->pos;
        } else if (c < 0x20) {
            fail(t, p, "control character 0x%x in a string", c);
            return -1;
        } else {
            size_t n = utf8_len(s + p, t->len - p);
            if (!n) { fail(t, p, "invalid UTF-8 in a string"); return -1; }
            put(t, t->s + p, n);
            p += n;
        }
    }
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Clinger's fast path: a real of at most 15 significant digits and a
 * decimal exponent within +-22 is m * 10^e or m / 10^-e with m and 10^|e|
 * exact doubles, and one IEEE multiplication or division rounds correctly:
 * the very double strtod returns, at a fraction of its cost (a cost map's
 * values are nearly all like that).  s is grammar-checked; 0 = use strtod. */
static int fast_real(const char *s, size_t n, double *out) {
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = s[0] == '-';
    int sig = 0, scale = 0, frac = 0;
    unsigned long long m = 0;
    for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') { frac = 1; continue; }
        scale -= frac;
        if (m == 0 && s[i] == '0') continue;          /* leading zeros are not significant */
        if (++sig > 15) return 0;
        m = m * 10 + (unsigned long long)(s[i] - '0');
    }
    if (i < n) {
        int eneg = s[++i] == '-', x = 0;
        if (s[i] == '-' || s[i] == '+') i++;
        if (n - i > 3) return 0;
        for (; i < n; i++) x = x * 10 + (s[i] - '0');
        scale += eneg ? -x : x;
    }
    double v = (double)m;
    if (m && (scale < -22 || scale > 22)) return 0;
    if (m) v = scale < 0 ? v / p10[-scale] : v * p10[scale];
    *out = s[0] == '-' ? -v : v;
    return 1;
}

/* A number at t->pos: RFC 8259's grammar, then jansson's ranges. */
static alto_jt scan_number(alto_jtok *t) {
    const char *s = t->s;
    size_t p = t->pos, b = p;
    int real = 0;
    if (p < t->len && s[p] == '-') p++;
    if (p < t->len && s[p] == '0') p++;
    else if (p < t->len && s[p] >= '1' && s[p] <= '9') { while (p < t->len && is_digit(s[p])) p++; }
    else return fail(t, b, "invalid number");
    if (p < t->len && s[p] == '.') {
        real = 1;
        if (++p >= t->len || !is_digit(s[p])) return fail(t, b, "invalid number (digits needed after '.')");
        while (p < t->len && is_digit(s[p])) p++;
    }
    if (p < t->len && (s[p] == 'e' || s[p] == 'E')) {
        real = 1;
        p++;
        if (p < t->len && (s[p] == '+' || s[p] == '-')) p++;
        if (p >= t->len || !is_digit(s[p])) return fail(t, b, "invalid number (digits needed in the exponent)");
        while (p < t->len && is_digit(s[p])) p++;
    }
    if (real && fast_real(s + b, p - b, &t->num)) {
        t->pos = p;
        return ALTO_JT_REAL;
    }
    char tmp[64], *copy = p - b < sizeof tmp ? tmp : alto_xmalloc(p - b + 1), *end;
    memcpy(copy, s + b, p - b);
    copy[p - b] = '\0';
    errno = 0;
    alto_jt k = real ? ALTO_JT_REAL : ALTO_JT_INTEGER;
    if (real) {
        t->num = strtod(copy, &end);
        if (errno == ERANGE && isinf(t->num)) k = fail(t, b, "real number overflow");
    } else {
        t->ival = strtoll(copy, &end, 10);
        t->num = (double)t->ival;
        if (errno == ERANGE) k = fail(t, b, t->ival < 0 ? "too big negative integer" : "too big integer");
    }
    if (copy != tmp) free(copy);
    t->pos = p;
    return k;
}

static alto_jt scan_word(alto_jtok *t) {
    static const struct { const char *w; alto_jt k; } words[] = {
        {"true", ALTO_JT_TRUE}, {"false", ALTO_JT_FALSE}, {"null", ALTO_JT_NULL}};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i].w);
        if (t->len - t->pos >= n && !memcmp(t->s + t->pos, words[i].w, n)) {
            t->pos += n;
            return words[i].k;
        }
    }
    return fail(t, t->pos, "invalid token");
}

static alto_jt open_container(alto_jtok *t, int obj) {
    if (t->depth >= t->max_depth) return fail(t, t->pos, "nesting deeper than %d levels", t->max_depth);
    t->stack[t->depth++] = (unsigned char)obj;
    t->pos++;
    t->state = obj ? ST_FIRST_OBJ : ST_FIRST_ARR;
    return obj ? ALTO_JT_OBJECT : ALTO_JT_ARRAY;
}

static alto_jt scan_value(alto_jtok *t) {
    if (t->pos >= t->len) return fail(t, t->pos, "premature end of input, expected a value");
    char c = t->s[t->pos];
    alto_jt k;
    if (c == '{') return open_container(t, 1);
    if (c == '[') return open_container(t, 0);
    if (c == '"') k = scan_string(t) ? ALTO_JT_ERROR : ALTO_JT_STRING;
    else if (c == '-' || is_digit(c)) k = scan_number(t);
    else k = scan_word(t);
    if (k != ALTO_JT_ERROR) t->state = ST_AFTER;
    return k;
}

static alto_jt close_container(alto_jtok *t, int obj) {
    t->depth--;
    t->pos++;
    t->state = ST_AFTER;
    return obj ? ALTO_JT_OBJECT_END : ALTO_JT_ARRAY_END;
}

static alto_jt scan_key(alto_jtok *t) {
    if (t->pos >= t->len) return fail(t, t->pos, "premature end of input, expected a key");
    if (t->s[t->pos] != '"') return fail(t, t->pos, "string or '}' expected");
    if (scan_string(t)) return ALTO_JT_ERROR;
    skip_ws(t);
    if (t->pos >= t->len || t->s[t->pos] != ':') return fail(t, t->pos, "':' expected");
    t->pos++;
    t->state = ST_VALUE;
    return ALTO_JT_KEY;
}

static alto_jt after_value(alto_jtok *t) {
    if (t->depth == 0) {
        if (t->pos < t->len) return fail(t, t->pos, "end of file expected");
        t->state = ST_DONE;
        return ALTO_JT_END;
    }
    int obj = t->stack[t->depth - 1];
    if (t->pos >= t->len) return fail(t, t->pos, "premature end of input, expected ',' or '%c'", obj ? '}' : ']');
    char c = t->s[t->pos];
    if (c == (obj ? '}' : ']')) return close_container(t, obj);
    if (c != ',') return fail(t, t->pos, "',' or '%c' expected", obj ? '}' : ']');
    t->pos++;
    skip_ws(t);
    t->start = t->pos;
    if (obj) return scan_key(t);
    return scan_value(t);
}

alto_jt alto_jtok_next(alto_jtok *t) {
    if (t->state == ST_ERROR) return ALTO_JT_ERROR;
    if (t->state == ST_DONE) return ALTO_JT_END;
    skip_ws(t);
    t->start = t->pos;
    switch (t->state) {
    case ST_FIRST_OBJ:
        if (t->pos < t->len && t->s[t->pos] == '}') return close_container(t, 1);
        return scan_key(t);
    case ST_FIRST_ARR:
        if (t->pos < t->len && t->s[t->pos] == ']') return close_container(t, 0);
        return scan_value(t);
    case ST_AFTER:
        return after_value(t);
    default:
        return scan_value(t);
    }
}

int alto_jtok_skip(alto_jtok *t, alto_jt first) {
    if (first != ALTO_JT_OBJECT && first != ALTO_JT_ARRAY) return 0;
    int base = t->depth - 1;
    while (t->depth > base) {
        alto_jt k = alto_jtok_next(t);
        if (k == ALTO_JT_ERROR) return -1;
    }
    return 0;
}

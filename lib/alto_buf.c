/* alto_buf.c: the growable buffer and the no-fail allocators.
 *
 * Out of memory is not a condition altospec tries to survive: every report,
 * map and scenario it handles is small relative to the machine, and an
 * allocator that can fail would put an error path on every line.  So the
 * x-allocators abort with a message instead. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "alto_buf.h"
#include "alto_err.h"

static void oom(size_t n) {
    fprintf(stderr, "altospec: out of memory (%zu bytes)\n", n);
    abort();
}

void *alto_xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *alto_xcalloc(size_t n, size_t sz) {
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) oom(n * sz);
    return p;
}

void *alto_xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *alto_xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = alto_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

static void reserve(alto_buf *b, size_t extra) {
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = alto_xrealloc(b->data, cap);
    b->cap = cap;
}

void alto_buf_append(alto_buf *b, const void *p, size_t n) {
    reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void alto_buf_puts(alto_buf *b, const char *s) { alto_buf_append(b, s, strlen(s)); }
void alto_buf_putc(alto_buf *b, char c) { alto_buf_append(b, &c, 1); }

void alto_buf_vprintf(alto_buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void alto_buf_printf(alto_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alto_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void alto_buf_html(alto_buf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': alto_buf_puts(b, "&amp;"); break;
        case '<': alto_buf_puts(b, "&lt;"); break;
        case '>': alto_buf_puts(b, "&gt;"); break;
        case '"': alto_buf_puts(b, "&quot;"); break;
        case '\'': alto_buf_puts(b, "&#39;"); break;
        default: alto_buf_putc(b, *s);
        }
    }
}

void alto_buf_reset(alto_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void alto_buf_free(alto_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *alto_buf_take(alto_buf *b) {
    char *p = b->data ? b->data : alto_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

int alto_buf_read_file(alto_buf *b, const char *path, alto_err *err) {
    FILE *f = fopen(path, "rb");
    if (!f) return alto_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    /* Straight into the buffer, sized once for a regular file: a 47 MB
     * cost map is read without a copy or a doubling. */
    struct stat st;
    reserve(b, fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536);
    b->data[b->len] = '\0';                             /* an empty file is "" */
    size_t n;
    for (;;) {
        if (b->cap - b->len <= 1) reserve(b, 65536);      /* grown only when full */
        if ((n = fread(b->data + b->len, 1, b->cap - b->len - 1, f)) == 0) break;
        b->len += n;
        b->data[b->len] = '\0';
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) return alto_err_set(err, "%s: read error", path);
    return 0;
}

int alto_write_file(const char *path, const void *p, size_t n, alto_err *err) {
    FILE *f = fopen(path, "wb");
    if (!f) return alto_err_set(err, "%s: cannot write: %s", path, strerror(errno));
    size_t w = fwrite(p, 1, n, f);
    if (fclose(f) != 0 || w != n)
        return alto_err_set(err, "%s: write failed: %s", path, strerror(errno));
    return 0;
}

/* alto_buf.h: one growable byte buffer, used instead of ad-hoc char arrays
 * (the role sds plays in redis).  The buffer is always NUL-terminated so
 * `b->data` can be handed to string APIs; `len` excludes the NUL. */
#ifndef ALTO_BUF_H
#define ALTO_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct alto_buf {
    char *data;     /* NULL until the first append; then NUL-terminated */
    size_t len;
    size_t cap;
} alto_buf;

#define ALTO_BUF_INIT {NULL, 0, 0}

void alto_buf_append(alto_buf *b, const void *p, size_t n);
void alto_buf_puts(alto_buf *b, const char *s);
void alto_buf_putc(alto_buf *b, char c);
void alto_buf_printf(alto_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void alto_buf_vprintf(alto_buf *b, const char *fmt, va_list ap);
/* Appends s with HTML (&<>"') escaping. */
void alto_buf_html(alto_buf *b, const char *s);
void alto_buf_reset(alto_buf *b);           /* len = 0, keeps memory */
void alto_buf_free(alto_buf *b);
/* Transfers ownership of the bytes to the caller ("" if empty). */
char *alto_buf_take(alto_buf *b);
/* Reads a whole file; -1 with err on failure. */
struct alto_err;
int alto_buf_read_file(alto_buf *b, const char *path, struct alto_err *err);
int alto_write_file(const char *path, const void *p, size_t n, struct alto_err *err);

/* Allocation that cannot fail (aborts with a message on OOM). */
void *alto_xmalloc(size_t n);
void *alto_xcalloc(size_t n, size_t sz);
void *alto_xrealloc(void *p, size_t n);
char *alto_xstrdup(const char *s);

#endif

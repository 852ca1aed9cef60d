/* alto_err.h: the one error carrier used across altospec.
 *
 * Every fallible function takes an `alto_err *` last and returns -1 (or NULL)
 * after filling it.  The message is complete and user-facing: callers print
 * it as is, prefixed by nothing.  Document errors already carry
 * "file:line:col: json.path: " (see alto_doc.h). */
#ifndef ALTO_ERR_H
#define ALTO_ERR_H

#include <stdarg.h>

#define ALTO_ERR_MAX 1024

typedef struct alto_err {
    char msg[ALTO_ERR_MAX];
} alto_err;

/* printf-style; always returns -1 so callers can `return alto_err_set(...)`. */
int alto_err_set(alto_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int alto_err_vset(alto_err *err, const char *fmt, va_list ap);
/* Prepends "prefix: " to an existing message (context on the way up). */
int alto_err_wrap(alto_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

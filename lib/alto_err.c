/* alto_err.c: formatting of the shared error carrier. */
#include <stdio.h>
#include <string.h>
#include "alto_err.h"

int alto_err_vset(alto_err *err, const char *fmt, va_list ap) {
    if (err) vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return -1;
}

int alto_err_set(alto_err *err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    alto_err_vset(err, fmt, ap);
    va_end(ap);
    return -1;
}

int alto_err_wrap(alto_err *err, const char *fmt, ...) {
    if (!err) return -1;
    char prefix[ALTO_ERR_MAX], old[ALTO_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* Truncation is acceptable here: the message stays readable. */
    size_t n = strlen(prefix);
    if (n > sizeof err->msg - 3) n = sizeof err->msg - 3;
    memcpy(err->msg, prefix, n);
    memcpy(err->msg + n, ": ", 2);
    size_t room = sizeof err->msg - n - 3;
    size_t m = strlen(old);
    if (m > room) m = room;
    memcpy(err->msg + n + 2, old, m);
    err->msg[n + 2 + m] = '\0';
    return -1;
}

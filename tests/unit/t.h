/* t.h: the tiny assertion kit of the C unit tests (run by ctest).
 *
 * T_CHECK records a failure and goes on, so one run shows every broken
 * expectation; T_DONE prints "N passed, N failed" and sets the exit code. */
#ifndef T_H
#define T_H
#include <stdio.h>
#include <string.h>
#include <math.h>

static int t_pass, t_fail;

#define T_CHECK(cond) do { if (cond) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define T_CHECK_MSG(cond, ...) do { if (cond) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)
#define T_STREQ(a, b) do { const char *t_a = (a), *t_b = (b); \
    if (t_a && t_b && !strcmp(t_a, t_b)) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, \
            t_b ? t_b : "(null)", t_a ? t_a : "(null)"); } } while (0)
#define T_NEAR(a, b, tol) do { double t_x = (a), t_y = (b); \
    if (fabs(t_x - t_y) <= (tol)) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: %s = %g, expected %g +- %g\n", __FILE__, __LINE__, \
            #a, t_x, t_y, (double)(tol)); } } while (0)
/* Substring check, for error messages. */
#define T_CONTAINS(hay, needle) do { const char *t_h = (hay); \
    if (t_h && strstr(t_h, (needle))) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__, \
            t_h ? t_h : "(null)", (needle)); } } while (0)
#define T_DONE() do { printf("%s: %d passed, %d failed\n", __FILE__, t_pass, t_fail); \
    return t_fail ? 1 : 0; } while (0)

#endif

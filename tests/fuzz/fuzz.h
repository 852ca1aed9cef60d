/* fuzz.h: what every tests/fuzz/fuzz_<name>.c shares.
 *
 * Each target defines LLVMFuzzerTestOneInput.  With -DALTOSPEC_FUZZ=ON
 * (clang) it is a libFuzzer binary fuzz_<name>; in every other build the
 * same file is compiled into the plain driver fuzz_replay (fuzz_main.c)
 * with the entry point renamed, so ctest replays tests/fuzz/regress/<name>/
 * in gcc, clang and sanitizer builds alike.
 *
 * A target checks properties of the code under test, not only "no crash":
 * a broken property is FUZZ_CHECK, which prints it and aborts, so libFuzzer
 * keeps the input like any crash. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: property broken: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* A NUL-terminated copy of the input (most code under test takes C
 * strings somewhere); free() it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) abort();
    for (size_t i = 0; i < size; i++) s[i] = (char)data[i];
    s[size] = '\0';
    return s;
}

#endif

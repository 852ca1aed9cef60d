/* fuzz_main.c: the plain driver of the fuzz targets, for builds without
 * libFuzzer (gcc, clang without -DALTOSPEC_FUZZ=ON, the sanitizer build).
 *
 *     fuzz_replay TARGET FILE|DIR...
 *
 * runs each file (each regular file of each folder, in name order) once
 * through TARGET's LLVMFuzzerTestOneInput, renamed fuzz_<target>_one by
 * CMake, so every build replays tests/fuzz/regress/<target>/.  A broken
 * property aborts (the file being run was printed just before); a target
 * or a folder without inputs is an error, so a misnamed folder cannot pass
 * by replaying nothing. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define T(name) int fuzz_##name##_one(const uint8_t *data, size_t size);
#include "fuzz_list.h"
#undef T

static const struct { const char *name; int (*fn)(const uint8_t *, size_t); } targets[] = {
#define T(name) {#name, fuzz_##name##_one},
#include "fuzz_list.h"
#undef T
};

static int run_file(int (*fn)(const uint8_t *, size_t), const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) { fprintf(stderr, "%s: out of memory\n", path); return -1; }
    fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
    /* An exact-size copy, so ASan sees a read one past the input. */
    uint8_t *in = malloc(n ? n : 1);
    memcpy(in, buf, n);
    free(buf);
    fn(in, n);
    free(in);
    return 0;
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir in name order (hidden files skipped). */
static int run_dir(int (*fn)(const uint8_t *, size_t), const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return -1; }
    char **names = NULL;
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        names = realloc(names, (nn + 1) * sizeof *names);
        names[nn] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        sprintf(names[nn++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp);
    int ran = 0;
    for (size_t i = 0; i < nn; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(fn, names[i])) ran = -1000000;
            ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fuzz_replay TARGET FILE|DIR...\n");
        return 2;
    }
    int (*fn)(const uint8_t *, size_t) = NULL;
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
        if (!strcmp(targets[i].name, argv[1])) fn = targets[i].fn;
    if (!fn) { fprintf(stderr, "fuzz_replay: no target \"%s\"\n", argv[1]); return 2; }
    int total = 0;
    for (int i = 2; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st)) { perror(argv[i]); return 2; }
        int n = S_ISDIR(st.st_mode) ? run_dir(fn, argv[i]) : run_file(fn, argv[i]) == 0 ? 1 : -1;
        if (n <= 0) {
            fprintf(stderr, "fuzz_replay: %s: %s\n", argv[i], n ? "cannot be read" : "no input in it");
            return 2;
        }
        total += n;
    }
    printf("fuzz_replay %s: %d inputs replayed\n", argv[1], total);
    return 0;
}

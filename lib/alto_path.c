/* alto_path.c: confined paths, bounded regular-file reads, safe names.
 *
 * Confinement compares real paths (realpath(3)) so `..`, absolute paths
 * and symlinks are judged by where they lead, not how they are spelt.  A
 * file that does not exist is reported as missing before anything else,
 * so nothing about files outside the allowed folders is revealed beyond
 * "outside".  The checks are not proof against a folder changed while
 * altospec runs (time of check to time of use); inputs are files at rest. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "alto_path.h"

#define MAX_ALLOWED 16

static char *allowed[MAX_ALLOWED];
static int nallowed;

static const char *kind_of(mode_t m) {
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

int alto_read_input(alto_buf *b, const char *path, size_t cap, alto_err *err) {
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer forever; fstat below then refuses it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return alto_err_set(err, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return alto_err_set(err, "%s: cannot stat: %s", path, strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return alto_err_set(err, "%s: %s, not a regular file (only regular files are read)", path,
                            kind_of(st.st_mode));
    }
    if ((unsigned long long)st.st_size > cap) {
        close(fd);
        return alto_err_set(err, "%s: %lld bytes, over the input limit of %zu bytes", path,
                            (long long)st.st_size, cap);
    }
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            close(fd);
            return alto_err_set(err, "%s: read error: %s", path, strerror(errno));
        }
        if (n == 0) break;
        if (b->len + (size_t)n > cap) {   /* grew while read */
            close(fd);
            return alto_err_set(err, "%s: over the input limit of %zu bytes", path, cap);
        }
        alto_buf_append(b, chunk, (size_t)n);
    }
    close(fd);
    if (!b->data) alto_buf_append(b, "", 0);
    return 0;
}

void alto_path_allow(const char *dir) {
    char real[PATH_MAX];
    if (nallowed < MAX_ALLOWED && realpath(dir, real)) allowed[nallowed++] = alto_xstrdup(real);
}

/* Is real path p inside folder dir (itself real-pathed here)? */
static int inside(const char *p, const char *dir) {
    char real[PATH_MAX];
    if (!realpath(dir, real)) return 0;
    size_t n = strlen(real);
    if (n == 1) return 1;                       /* "/" allowed explicitly */
    return !strncmp(p, real, n) && (p[n] == '/' || p[n] == '\0');
}

int alto_path_confine(const char *base, const char *name, char **out, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    if (name[0] == '/') alto_buf_puts(&b, name);
    else alto_buf_printf(&b, "%s/%s", base, name);
    char real[PATH_MAX];
    if (!realpath(b.data, real)) {
        int e = errno;
        alto_err_set(err, "%s: cannot open: %s", b.data, strerror(e));
        alto_buf_free(&b);
        return -1;
    }
    int ok = inside(real, base);
#ifdef ALTOSPEC_SOURCE_DIR
    ok = ok || inside(real, ALTOSPEC_SOURCE_DIR "/data") || inside(real, ALTOSPEC_SOURCE_DIR "/scenarios");
#endif
    for (int i = 0; i < nallowed && !ok; i++) ok = inside(real, allowed[i]);
    if (!ok) {
        alto_err_set(err, "\"%s\" leads outside the scenario's folder and the repository's data "
                     "and scenarios folders (give the folder with --allow-dir to use it)", name);
        alto_buf_free(&b);
        return -1;
    }
    *out = alto_buf_take(&b);
    return 0;
}

void alto_path_component(const char *name, char *out, size_t n) {
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && j + 1 < n; p++) {
        int bad = *p < 0x20 || *p >= 0x7f || *p == '/' || *p == '\\' || (j == 0 && *p == '.');
        out[j++] = bad ? '_' : (char)*p;
    }
    if (j == 0 && n > 1) out[j++] = '_';
    if (n) out[j] = '\0';
}

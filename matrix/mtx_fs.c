/* mtx_fs.c: the few file-tree operations of the matrix: a cell directory
 * is emptied before its cell runs (a stale report.json must never be read
 * as the new result), and `altospec merge` copies shard cells into the
 * merged report directory so every link of matrix.html resolves there. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include "mtx_fs.h"
#include "alto_buf.h"

int mtx_mkdirs(const char *path, alto_err *err) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0755) && errno != EEXIST) return alto_err_set(err, "cannot create %s: %s", buf, strerror(errno));
            *p = c;
            if (!c) break;
        }
    }
    return 0;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb; (void)ftw;
    return flag == FTW_DP ? rmdir(p) : unlink(p);
}

int mtx_rmtree(const char *path) {
    struct stat sb;
    if (lstat(path, &sb)) return 0;
    return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int copy_file(const char *from, const char *to, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    int rc = alto_buf_read_file(&b, from, err) || alto_write_file(to, b.data ? b.data : "", b.len, err) ? -1 : 0;
    alto_buf_free(&b);
    return rc;
}

int mtx_copytree(const char *from, const char *to, alto_err *err) {
    if (mtx_mkdirs(to, err)) return -1;
    DIR *d = opendir(from);
    if (!d) return alto_err_set(err, "cannot read %s: %s", from, strerror(errno));
    struct dirent *e;
    int rc = 0;
    while (!rc && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char a[PATH_MAX], b[PATH_MAX];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        struct stat sb;
        if (lstat(a, &sb)) continue;
        if (S_ISDIR(sb.st_mode)) rc = mtx_copytree(a, b, err);
        else if (S_ISREG(sb.st_mode)) rc = copy_file(a, b, err);
    }
    closedir(d);
    return rc;
}

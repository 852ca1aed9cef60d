/* mtx_fs.h: directory helpers of the matrix (see mtx_fs.c). */
#ifndef MTX_FS_H
#define MTX_FS_H

#include "alto_err.h"

int mtx_mkdirs(const char *path, alto_err *err);     /* mkdir -p */
int mtx_rmtree(const char *path);                    /* rm -rf; 0 when absent */
int mtx_copytree(const char *from, const char *to, alto_err *err);

#endif

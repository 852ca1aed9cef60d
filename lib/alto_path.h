/* alto_path.h: reading the files an input names, safely.
 *
 * A scenario is often someone else's file.  The paths it names (topology,
 * GraphML) are confined to a few folders, and only regular files of a
 * bounded size are read, so a scenario cannot make altospec print
 * /etc/passwd, read /dev/zero or block on a FIFO.  Names that become
 * report folders are sanitised here too.  Limits are in README, "Input
 * limits". */
#ifndef ALTO_PATH_H
#define ALTO_PATH_H

#include <stddef.h>
#include "alto_buf.h"
#include "alto_err.h"

/* Largest input file read (scenario, topology, GraphML, implementations). */
#define ALTO_INPUT_MAX ((size_t)64 << 20)

/* Reads a regular file of at most `cap` bytes into b; anything else (FIFO,
 * device, directory, a larger file) is an error naming the file and, for
 * size, the cap.  Never blocks on a FIFO. */
int alto_read_input(alto_buf *b, const char *path, size_t cap, alto_err *err);

/* Adds a folder under which named files may be (process-wide; for the
 * folders a user gives on the command line, e.g. run --allow-dir). */
void alto_path_allow(const char *dir);

/* Resolves `name`, as a document in folder `base` names it, to a real path
 * (symlinks and `..` resolved) that lies inside `base`, the repository's
 * data/ or scenarios/ folder, or a folder given to alto_path_allow().  The
 * message on error says why, without the file's contents; the caller adds
 * file:line:col and field.  *out is malloc'd. */
int alto_path_confine(const char *base, const char *name, char **out, alto_err *err);

/* A name made safe as one path component: '/', control bytes and
 * characters outside printable ASCII become '_', a leading '.' becomes '_'
 * (so no "." or ".."), empty becomes "_", at most n-1 bytes. */
void alto_path_component(const char *name, char *out, size_t n);

#endif

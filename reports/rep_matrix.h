/* rep_matrix.h: the interop matrix's reports.
 *
 * matrix.json (`"kind": "matrix"`, JSON Schema reports/matrix.schema.json)
 * is built from the plan (implementations, columns, cells in their stable
 * order) and one record per cell (each cell's cell.json, itself read from
 * that cell's report.json by matrix/mtx_cell.c).  matrix.html, matrix.md
 * and the combined junit.xml are rendered from matrix.json and the cells'
 * own files; nothing here re-judges a cell. */
#ifndef REP_MATRIX_H
#define REP_MATRIX_H

#include <jansson.h>
#include "alto_buf.h"
#include "alto_err.h"

/* Builds matrix.json.  plan: {implementations, columns, cells}; records:
 * one entry per plan cell, by index (NULL/json null = not run here, with
 * `not_run_why` as its message); meta members (file, plan, started,
 * elapsed) are copied in.  The exit member is 2 when a cell is a harness
 * error, else 1 when one is unexpected, else 0. */
json_t *rep_matrix_build(const json_t *plan, const json_t *records, const json_t *meta,
                         const char *not_run_why);

/* Writes matrix.json, matrix.html, matrix.md and junit.xml (every cell's
 * testsuites, renamed "<implementation>/<column>") into dir. */
int rep_matrix_write(const json_t *m, const char *dir, alto_err *err);

void rep_matrix_html(const json_t *m, alto_buf *out);
void rep_matrix_markdown(const json_t *m, alto_buf *out);
/* Combined JUnit from the cells' junit.xml files under dir. */
int rep_matrix_junit(const json_t *m, const char *dir, alto_buf *out, alto_err *err);
/* JUnit of a cell without a conform JUnit file: a demo cell (one testcase
 * per scenario expectation, from its run report, may be NULL) or a cell
 * whose server did not start (one failing "start" testcase). */
void rep_matrix_cell_junit(const json_t *cell, const json_t *run_report, alto_buf *out);

/* The cell record of (implementation, column) in matrix.json, or NULL. */
const json_t *rep_matrix_find_cell(const json_t *m, const char *impl, const char *col);

/* The verdict keys in display order (PASS FAIL WARN ERROR SKIP UNSUPPORTED). */
extern const char *const rep_matrix_verdicts[6];

#endif

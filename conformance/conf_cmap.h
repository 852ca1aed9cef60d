/* conf_cmap.h: a cost map in compact form, and the cost map checks on it.
 *
 * A 47 MB cost map held as a jansson DOM takes ~150 bytes per entry; the
 * compact form takes 16 (a double, the interned destination PID, the kind
 * of JSON value and its offset in the body) plus each PID name once.  It
 * is built either by streaming the body through lib/alto_jtok (strict RFC
 * 8259, the same accept/reject as jansson) or from a DOM the session
 * already holds, and the checks (shape, numbers, ordinal values, PIDs
 * defined) run on it in both cases: one code path for the verdicts.
 * Everything but the map's rows (meta, other members) is a small json_t
 * document, so the meta checks are the ordinary conf_v_* ones.
 * Duplicate keys are resolved as jansson does: the position of the first,
 * the value of the last.  Values are shown in problems as jansson would
 * show them (decoded from the body span only when a problem is reported).
 * Limits: fewer than 2^28 distinct PID names; rows under 4 GB. */
#ifndef CONF_CMAP_H
#define CONF_CMAP_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "conf.h"
#include "alto_buf.h"

typedef struct conf_cmap_row {
    uint32_t src;           /* name index */
    int kind;               /* alto_jt of the row's value */
    size_t off;             /* body offset of the row's value (DOM: index) */
    size_t first, n;        /* its entries */
} conf_cmap_row;

typedef struct conf_cmap_ent {
    double v;
    uint32_t dst_kind;      /* name index << 4 | alto_jt kind */
    uint32_t off;           /* offset of the value from the row's value */
} conf_cmap_ent;

typedef struct conf_cmap_name { size_t off; uint32_t row, gen; size_t pos; int defined; } conf_cmap_name;

typedef struct conf_cmap {
    const char *body;       /* borrowed; NULL when built from a DOM */
    size_t len;
    json_t *doc;            /* the body without the member's rows */
    char member[32];
    int is_obj;             /* the member is present and an object */
    alto_buf names;         /* NUL-separated */
    conf_cmap_name *nm;
    uint32_t nnames, ncap, gen;
    uint32_t *hash;         /* open addressing, name index + 1 */
    size_t hcap;
    conf_cmap_row *rows;
    size_t nrows, rcap;
    conf_cmap_ent *ents;
    size_t nents, ecap;
    const json_t **jv;      /* DOM: entry and row values */
    const json_t **jr;
} conf_cmap;

/* Streams body into m; member is "cost-map" or "endpoint-cost-map".
 * 0, or -1 with err set to what alto_json_parse_object would say (empty body,
 * nesting, "not valid JSON: line L column C (byte B): ...", not an object).
 * body must outlive m. */
int conf_cmap_parse(conf_cmap *m, const char *body, size_t len, const char *member,
                    int max_depth, char *err, size_t n);
/* The compact form of a DOM (borrowed: d must outlive m). */
void conf_cmap_from_json(conf_cmap *m, const json_t *d, const char *member);
void conf_cmap_free(conf_cmap *m);

const char *conf_cmap_name_of(const conf_cmap *m, uint32_t i);
/* The value of entry e of row r as a new json_t reference. */
json_t *conf_cmap_value(const conf_cmap *m, size_t r, size_t e);

/* The checks (see conf_msg.h for what each one owns). */
int conf_cmap_v_shape(const conf_cmap *m, conf_probs *p);
int conf_cmap_v_numbers(const conf_cmap *m, conf_probs *p);
int conf_cmap_v_ordinal(const conf_cmap *m, conf_probs *p);
int conf_cmap_v_ordinal_values(const conf_cmap *m, conf_probs *p);
int conf_cmap_v_pids_defined(conf_cmap *m, const json_t *netmap, conf_probs *p);
/* Every validator of the "costmap" message kind. */
int conf_cmap_validate(conf_cmap *m, conf_probs *p);

#endif

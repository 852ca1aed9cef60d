/* conf_cmap.c: the compact cost map (see conf_cmap.h): the streaming
 * builder, the DOM builder, and the cost map checks that both share.
 * Limits: the builder keeps the body (spans point into it); a problem's
 * value is decoded from its span with jansson, only when reported. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_cmap.h"
#include "conf_check.h"
#include "conf_msg.h"
#include "alto_jtok.h"

#define NO_ROW UINT32_MAX

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

const char *conf_cmap_name_of(const conf_cmap *m, uint32_t i) { return m->names.data + m->nm[i].off; }

static void rehash(conf_cmap *m) {
    free(m->hash);
    m->hcap = m->hcap ? m->hcap * 2 : 1024;
    m->hash = alto_xcalloc(m->hcap, sizeof *m->hash);
    for (uint32_t i = 0; i < m->nnames; i++) {
        const char *s = conf_cmap_name_of(m, i);
        size_t h = fnv(s, strlen(s)) & (m->hcap - 1);
        while (m->hash[h]) h = (h + 1) & (m->hcap - 1);
        m->hash[h] = i + 1;
    }
}

/* The index of name s (interned once). */
static uint32_t intern(conf_cmap *m, const char *s, size_t n) {
    if ((m->nnames + 1) * 2 > m->hcap) rehash(m);
    size_t h = fnv(s, n) & (m->hcap - 1);
    for (; m->hash[h]; h = (h + 1) & (m->hcap - 1)) {
        const char *x = conf_cmap_name_of(m, m->hash[h] - 1);
        if (!strncmp(x, s, n) && x[n] == '\0') return m->hash[h] - 1;
    }
    if (m->nnames == m->ncap) {
        m->ncap = m->ncap ? m->ncap * 2 : 256;
        m->nm = alto_xrealloc(m->nm, m->ncap * sizeof *m->nm);
    }
    conf_cmap_name *x = &m->nm[m->nnames];
    x->off = m->names.len;
    x->row = NO_ROW;
    x->gen = 0;
    x->defined = -1;
    alto_buf_append(&m->names, s, n);
    alto_buf_append(&m->names, "", 1);
    m->hash[h] = ++m->nnames;
    return m->nnames - 1;
}

static void init(conf_cmap *m, const char *member) {
    memset(m, 0, sizeof *m);
    snprintf(m->member, sizeof m->member, "%s", member);
}

void conf_cmap_free(conf_cmap *m) {
    json_decref(m->doc);
    alto_buf_free(&m->names);
    free(m->nm);
    free(m->hash);
    free(m->rows);
    free(m->ents);
    free(m->jv);
    free(m->jr);
    memset(m, 0, sizeof *m);
}

/* The row of name src: a new slot, or the slot of an earlier duplicate
 * (jansson keeps the first position and the last value). */
static conf_cmap_row *row_slot(conf_cmap *m, uint32_t src) {
    uint32_t r = m->nm[src].row;
    if (r == NO_ROW) {
        if (m->nrows == m->rcap) {
            m->rcap = m->rcap ? m->rcap * 2 : 256;
            m->rows = alto_xrealloc(m->rows, m->rcap * sizeof *m->rows);
        }
        r = m->nm[src].row = (uint32_t)m->nrows++;
    }
    conf_cmap_row *row = &m->rows[r];
    row->src = src;
    row->first = m->nents;
    row->n = 0;
    m->gen++;
    return row;
}

static size_t add_ent(conf_cmap *m, uint32_t dst, int kind, double v, uint32_t off) {
    conf_cmap_name *x = &m->nm[dst];
    conf_cmap_ent e = {v, dst << 4 | (uint32_t)kind, off};
    if (x->gen == m->gen) { m->ents[x->pos] = e; return x->pos; }   /* duplicate destination */
    if (m->nents == m->ecap) {
        m->ecap = m->ecap ? m->ecap * 2 : 4096;
        m->ents = alto_xrealloc(m->ents, m->ecap * sizeof *m->ents);
    }
    x->gen = m->gen;
    x->pos = m->nents;
    m->ents[m->nents++] = e;
    return x->pos;
}

/* ---- streaming ------------------------------------------------------- */

/* A json_t of the value whose first token k was just read (meta and the
 * other small members). NULL after a tokenizer error. */
static json_t *build(alto_jtok *t, alto_jt k) {
    switch (k) {
    case ALTO_JT_STRING: return json_stringn(t->str, t->str_len);
    case ALTO_JT_INTEGER: return json_integer(t->ival);
    case ALTO_JT_REAL: return json_real(t->num);
    case ALTO_JT_TRUE: return json_true();
    case ALTO_JT_FALSE: return json_false();
    case ALTO_JT_NULL: return json_null();
    case ALTO_JT_ARRAY: case ALTO_JT_OBJECT: break;
    default: return NULL;
    }
    int obj = k == ALTO_JT_OBJECT;
    json_t *c = obj ? json_object() : json_array();
    for (;;) {
        alto_jt x = alto_jtok_next(t);
        if (x == ALTO_JT_OBJECT_END || x == ALTO_JT_ARRAY_END) return c;
        char *key = obj && x == ALTO_JT_KEY ? alto_xstrdup(t->str) : NULL;
        json_t *v = obj ? (key ? build(t, alto_jtok_next(t)) : NULL) : build(t, x);
        if (!v) { free(key); json_decref(c); return NULL; }
        if (obj) json_object_set_new(c, key, v);
        else json_array_append_new(c, v);
        free(key);
    }
}

/* The rows of the member's object, its '{' just read. */
static int stream_rows(conf_cmap *m, alto_jtok *t) {
    for (;;) {
        alto_jt k = alto_jtok_next(t);
        if (k == ALTO_JT_OBJECT_END) return 0;
        if (k != ALTO_JT_KEY) return -1;
        uint32_t src = intern(m, t->str, t->str_len);
        alto_jt vk = alto_jtok_next(t);
        if (vk == ALTO_JT_ERROR) return -1;
        conf_cmap_row *row = row_slot(m, src);
        row->kind = vk;
        row->off = t->start;
        if (vk != ALTO_JT_OBJECT) { if (alto_jtok_skip(t, vk)) return -1; continue; }
        size_t roff = t->start, first = row->first;
        for (;;) {
            k = alto_jtok_next(t);
            if (k == ALTO_JT_OBJECT_END) break;
            if (k != ALTO_JT_KEY) return -1;
            uint32_t dst = intern(m, t->str, t->str_len);
            alto_jt ek = alto_jtok_next(t);
            size_t voff = t->start;
            if (ek == ALTO_JT_ERROR || alto_jtok_skip(t, ek)) return -1;
            add_ent(m, dst, ek, t->num, (uint32_t)(voff - roff));
        }
        row->first = first;
        row->n = m->nents - first;
    }
}

static int not_json(alto_jtok *t, char *err, size_t n) {
    char msg[256];
    if (!strncmp(t->err, "nesting deeper", 14)) snprintf(err, n, "JSON nesting deeper than %d levels", t->max_depth);
    else snprintf(err, n, "not valid JSON: %s", alto_jtok_errmsg(t, msg, sizeof msg));
    return -1;
}

static const char *kind_type(int k) {
    switch (k) {
    case ALTO_JT_OBJECT: return "an object";
    case ALTO_JT_ARRAY: return "an array";
    case ALTO_JT_STRING: return "a string";
    case ALTO_JT_INTEGER: return "an integer";
    case ALTO_JT_REAL: return "a number";
    case ALTO_JT_TRUE: case ALTO_JT_FALSE: return "a boolean";
    default: return "null";
    }
}

/* The top-level members; the member's rows stream, the rest are built. */
static int stream_top(conf_cmap *m, alto_jtok *t) {
    for (;;) {
        alto_jt k = alto_jtok_next(t);
        if (k == ALTO_JT_OBJECT_END) return 0;
        if (k != ALTO_JT_KEY) return -1;
        char *key = alto_xstrdup(t->str);
        alto_jt vk = alto_jtok_next(t);
        int rc = 0;
        if (!strcmp(key, m->member) && vk == ALTO_JT_OBJECT) {
            for (uint32_t i = 0; i < m->nnames; i++) m->nm[i].row = NO_ROW;   /* a later duplicate wins */
            m->nrows = m->nents = 0;
            json_object_del(m->doc, key);
            m->is_obj = 1;
            rc = stream_rows(m, t);
        } else {
            json_t *v = build(t, vk);
            if (v && !strcmp(key, m->member)) m->is_obj = 0, m->nrows = m->nents = 0;
            if (v) json_object_set_new(m->doc, key, v);
            else rc = -1;
        }
        free(key);
        if (rc) return -1;
    }
}

int conf_cmap_parse(conf_cmap *m, const char *body, size_t len, const char *member,
                    int max_depth, char *err, size_t n) {
    init(m, member);
    m->body = body;
    m->len = len;
    m->doc = json_object();
    if (!body || !len) { snprintf(err, n, "empty body"); return -1; }
    alto_jtok t;
    alto_jtok_init(&t, body, len, max_depth);
    alto_jt k = alto_jtok_next(&t);
    int rc = 0;
    if (k == ALTO_JT_OBJECT) {
        if (stream_top(m, &t) || alto_jtok_next(&t) != ALTO_JT_END) rc = not_json(&t, err, n);
    } else if (k != ALTO_JT_ERROR && k != ALTO_JT_ARRAY) {
        rc = -1;                /* jansson without JSON_DECODE_ANY */
        snprintf(err, n, "not valid JSON: line 1 column %zu (byte %zu): '[' or '{' expected", t.start + 1, t.start);
    } else if (k == ALTO_JT_ERROR || alto_jtok_skip(&t, k) || alto_jtok_next(&t) != ALTO_JT_END) {
        rc = not_json(&t, err, n);
    } else {
        snprintf(err, n, "JSON body is %s, expected an object", kind_type(k));
        rc = -1;
    }
    alto_jtok_free(&t);
    /* alto_json_parse_object() scans the nesting first, over the whole text: a
     * body that is both too deep and broken is "too deep" there, wherever
     * the break is; the same here (on refusals only, so the scan costs a
     * good map nothing). */
    if (rc && !alto_json_depth_ok(body, len, max_depth))
        snprintf(err, n, "JSON nesting deeper than %d levels", max_depth);
    if (!rc) err[0] = '\0';
    return rc;
}

/* ---- from a DOM ------------------------------------------------------ */

static int json_kind(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return ALTO_JT_OBJECT;
    case JSON_ARRAY: return ALTO_JT_ARRAY;
    case JSON_STRING: return ALTO_JT_STRING;
    case JSON_INTEGER: return ALTO_JT_INTEGER;
    case JSON_REAL: return ALTO_JT_REAL;
    case JSON_TRUE: return ALTO_JT_TRUE;
    case JSON_FALSE: return ALTO_JT_FALSE;
    default: return ALTO_JT_NULL;
    }
}

void conf_cmap_from_json(conf_cmap *m, const json_t *d, const char *member) {
    init(m, member);
    m->doc = json_incref((json_t *)d);
    const json_t *cm = json_object_get(d, member);
    m->is_obj = json_is_object(cm);
    size_t cap = 0;
    const char *src, *dst;
    json_t *row, *v;
    json_object_foreach((json_t *)cm, src, row) {
        conf_cmap_row *r = row_slot(m, intern(m, src, strlen(src)));
        r->kind = json_kind(row);
        r->off = m->nrows - 1;
        m->jr = alto_xrealloc(m->jr, m->rcap * sizeof *m->jr);
        m->jr[r->off] = row;
        json_object_foreach(row, dst, v) {
            size_t e = add_ent(m, intern(m, dst, strlen(dst)), json_kind(v), json_number_value(v), 0);
            if (e >= cap) { cap = cap ? cap * 2 : 256; m->jv = alto_xrealloc(m->jv, cap * sizeof *m->jv); }
            m->jv[e] = v;
        }
        r = &m->rows[m->nrows - 1];
        r->n = m->nents - r->first;
    }
}

json_t *conf_cmap_value(const conf_cmap *m, size_t r, size_t e) {
    if (!m->body) return json_incref((json_t *)m->jv[e]);
    size_t off = m->rows[r].off + m->ents[e].off;
    json_error_t je;
    return json_loadb(m->body + off, m->len - off, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &je);
}

/* ---- the checks -------------------------------------------------------- */

static int ent_kind(const conf_cmap_ent *e) { return (int)(e->dst_kind & 15); }
static uint32_t ent_dst(const conf_cmap_ent *e) { return e->dst_kind >> 4; }
static int is_num(int k) { return k == ALTO_JT_INTEGER || k == ALTO_JT_REAL; }

static void ent_path(const conf_cmap *m, size_t r, size_t e, char *path) {
    char base[CONF_PATH_MAX];
    snprintf(base, sizeof base, "$.%s", m->member);
    conf_path_key(path, base, conf_cmap_name_of(m, m->rows[r].src));
    conf_path_key(path, path, conf_cmap_name_of(m, ent_dst(&m->ents[e])));
}

int conf_cmap_v_shape(const conf_cmap *m, conf_probs *p) {
    int n0 = p->n;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    snprintf(base, sizeof base, "$.%s", m->member);
    conf_check_member(p, m->doc, "$", "meta", CONF_JT_OBJECT, 1);
    if (!m->is_obj) { conf_check_member(p, m->doc, "$", m->member, CONF_JT_OBJECT, 1); return p->n - n0; }
    for (size_t r = 0; r < m->nrows; r++) {
        conf_checked(p, 1);
        if (m->rows[r].kind == ALTO_JT_OBJECT) continue;
        conf_path_key(path, base, conf_cmap_name_of(m, m->rows[r].src));
        const char *ty = kind_type(m->rows[r].kind);
        conf_prob(p, path, "an object of destination costs", ty, "%s is %s", path, ty);
    }
    return p->n - n0;
}

int conf_cmap_v_numbers(const conf_cmap *m, conf_probs *p) {
    int n0 = p->n;
    char path[CONF_PATH_MAX];
    for (size_t r = 0; r < m->nrows; r++) {
        const conf_cmap_row *row = &m->rows[r];
        for (size_t e = row->first; e < row->first + row->n; e++) {
            conf_checked(p, 1);
            int k = ent_kind(&m->ents[e]);
            if (is_num(k)) continue;
            ent_path(m, r, e, path);
            json_t *v = conf_cmap_value(m, r, e);
            conf_prob(p, path, "a JSON number", conf_jshow(v), "cost %s is %s", path, kind_type(k));
            json_decref(v);
        }
    }
    return p->n - n0;
}

int conf_cmap_v_ordinal(const conf_cmap *m, conf_probs *p) {
    const char *mode = json_string_value(json_object_get(json_object_get(json_object_get(m->doc, "meta"),
                                                                         "cost-type"), "cost-mode"));
    if (!mode || strcmp(mode, "ordinal")) return 0;
    return conf_cmap_v_ordinal_values(m, p);
}

int conf_cmap_v_ordinal_values(const conf_cmap *m, conf_probs *p) {
    int n0 = p->n;
    char path[CONF_PATH_MAX];
    for (size_t r = 0; r < m->nrows; r++) {
        const conf_cmap_row *row = &m->rows[r];
        for (size_t e = row->first; e < row->first + row->n; e++) {
            const conf_cmap_ent *x = &m->ents[e];
            if (!is_num(ent_kind(x))) continue;         /* conf_cmap_v_numbers' problem */
            conf_checked(p, 1);
            if (x->v >= 0 && floor(x->v) == x->v) continue;
            ent_path(m, r, e, path);
            json_t *v = conf_cmap_value(m, r, e);
            char shown[256];
            snprintf(shown, sizeof shown, "%s", conf_jshow(v));
            conf_prob(p, path, "a non-negative integer (ordinal mode)", shown, "ordinal cost %s is %s", path, shown);
            json_decref(v);
        }
    }
    return p->n - n0;
}

/* Whether name i is a PID of nm, looked up once per name. */
static int defined(conf_cmap *m, const json_t *nm, uint32_t i) {
    if (m->nm[i].defined < 0) m->nm[i].defined = json_object_get(nm, conf_cmap_name_of(m, i)) != NULL;
    return m->nm[i].defined;
}

int conf_cmap_v_pids_defined(conf_cmap *m, const json_t *netmap, conf_probs *p) {
    int n0 = p->n;
    const json_t *nm = json_object_get(netmap, "network-map");
    char path[CONF_PATH_MAX];
    for (uint32_t i = 0; i < m->nnames; i++) m->nm[i].defined = -1;
    for (size_t r = 0; r < m->nrows; r++) {
        const conf_cmap_row *row = &m->rows[r];
        const char *src = conf_cmap_name_of(m, row->src);
        conf_checked(p, 1);
        if (!defined(m, nm, row->src)) {
            conf_path_key(path, "$.cost-map", src);
            conf_prob(p, path, "a PID of the network map", src, "source PID %s is not in the network map", src);
        }
        for (size_t e = row->first; e < row->first + row->n; e++) {
            conf_checked(p, 1);
            uint32_t d = ent_dst(&m->ents[e]);
            if (defined(m, nm, d)) continue;
            ent_path(m, r, e, path);
            const char *dst = conf_cmap_name_of(m, d);
            conf_prob(p, path, "a PID of the network map", dst, "destination PID %s is not in the network map", dst);
        }
    }
    return p->n - n0;
}

int conf_cmap_validate(conf_cmap *m, conf_probs *p) {
    return conf_cmap_v_shape(m, p) + conf_v_dvtags(m->doc, 1, p) + conf_v_meta_cost_type(m->doc, p) +
           conf_cmap_v_numbers(m, p) + conf_cmap_v_ordinal(m, p);
}

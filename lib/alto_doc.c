/* alto_doc.c: libyaml events -> jansson values, with a position side table.
 *
 * jansson has no room for source positions, so each container and each
 * non-singleton scalar is recorded in an open-addressing hash keyed by its
 * pointer: line, column and JSON path.  The table lives as long as the
 * document; values are never moved by jansson, so pointers stay valid.
 *
 * Recursion depth is bounded (ALTO_DOC_MAX_DEPTH) so that a hostile or
 * broken file cannot overflow the stack. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "alto_doc.h"
#include "alto_buf.h"
#include "alto_path.h"

#define ALTO_DOC_MAX_DEPTH 256

typedef struct pos_entry {
    const json_t *key;      /* NULL = empty slot */
    int line, col;
    char *path;
} pos_entry;

/* true/false/null are jansson singletons: their positions are kept per
 * (object, member) instead, looked up only when an error is reported. */
typedef struct member_pos {
    const json_t *parent;
    char *key;
    int line, col;
} member_pos;

typedef struct anchor {
    char *name;
    json_t *value;          /* borrowed from the tree */
    int open;               /* its container is still being read */
    size_t first;           /* ctx.values when it was opened */
    size_t weight;          /* values in it, counting what aliases repeat */
} anchor;

struct alto_doc {
    char *name;
    char *dir;
    json_t *root;
    pos_entry *tab;
    size_t cap, used;
    anchor *anchors;
    size_t nanchors;
    member_pos *mpos;
    size_t nmpos;
};

/* ---- position table ---------------------------------------------------- */

static size_t ptr_hash(const void *p) {
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
    return (size_t)x;
}

static int is_singleton(const json_t *v) {
    return json_is_true(v) || json_is_false(v) || json_is_null(v);
}

static void tab_put(alto_doc *d, const json_t *v, int line, int col, const char *path);

static void tab_grow(alto_doc *d) {
    pos_entry *old = d->tab;
    size_t oldcap = d->cap;
    d->cap = oldcap ? oldcap * 2 : 256;
    d->tab = alto_xcalloc(d->cap, sizeof *d->tab);
    d->used = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key) continue;
        size_t j = ptr_hash(old[i].key) & (d->cap - 1);
        while (d->tab[j].key) j = (j + 1) & (d->cap - 1);
        d->tab[j] = old[i];
        d->used++;
    }
    free(old);
}

static void tab_put(alto_doc *d, const json_t *v, int line, int col, const char *path) {
    if (!v || is_singleton(v)) return;
    if ((d->used + 1) * 2 > d->cap) tab_grow(d);
    size_t j = ptr_hash(v) & (d->cap - 1);
    while (d->tab[j].key && d->tab[j].key != v) j = (j + 1) & (d->cap - 1);
    if (d->tab[j].key == v) return;     /* an alias: keep the first position */
    d->tab[j].key = v;
    d->tab[j].line = line;
    d->tab[j].col = col;
    d->tab[j].path = alto_xstrdup(path);
    d->used++;
}

static void mpos_put(alto_doc *d, const json_t *parent, const char *key, int line, int col) {
    if ((d->nmpos & (d->nmpos - 1)) == 0)   /* grow at powers of two */
        d->mpos = alto_xrealloc(d->mpos, (d->nmpos ? d->nmpos * 2 : 16) * sizeof *d->mpos);
    d->mpos[d->nmpos++] = (member_pos){parent, alto_xstrdup(key), line, col};
}

static const member_pos *mpos_get(const alto_doc *d, const json_t *parent, const char *key) {
    for (size_t i = 0; d && key && i < d->nmpos; i++)
        if (d->mpos[i].parent == parent && !strcmp(d->mpos[i].key, key)) return &d->mpos[i];
    return NULL;
}

static const pos_entry *tab_get(const alto_doc *d, const json_t *v) {
    if (!d || !v || !d->cap) return NULL;
    size_t j = ptr_hash(v) & (d->cap - 1);
    while (d->tab[j].key) {
        if (d->tab[j].key == v) return &d->tab[j];
        j = (j + 1) & (d->cap - 1);
    }
    return NULL;
}

/* ---- YAML -> json_t ------------------------------------------------------ */

typedef struct ctx {
    yaml_parser_t parser;
    alto_doc *doc;
    alto_err *err;
    /* Values read so far, each alias counting the values of the node it
     * repeats, and of those the ones aliases added: nested aliases
     * ("billion laughs") make a small file a tree walks take forever on. */
    size_t values, aliased;
} ctx;

static int ctx_fail(ctx *c, const yaml_mark_t *m, const char *path, const char *msg) {
    alto_err_set(c->err, "%s:%zu:%zu: %s%s%s", c->doc->name, m->line + 1, m->column + 1,
                 path, *path ? ": " : "", msg);
    return -1;
}

/* path: the container being read, so "hosts: [ , ]" names hosts. */
static int next_event_in(ctx *c, yaml_event_t *ev, const char *path) {
    if (yaml_parser_parse(&c->parser, ev)) return 0;
    const yaml_parser_t *p = &c->parser;
    alto_err_set(c->err, "%s:%zu:%zu: %s%smalformed YAML: %s%s%s", c->doc->name,
                 p->problem_mark.line + 1, p->problem_mark.column + 1, path, *path ? ": " : "",
                 p->problem ? p->problem : "syntax error",
                 p->context ? " " : "", p->context ? p->context : "");
    return -1;
}

static int next_event(ctx *c, yaml_event_t *ev) { return next_event_in(c, ev, ""); }

static int ieq(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

/* YAML 1.1 core-schema typing of a plain scalar. */
static json_t *plain_scalar(const char *s) {
    if (!*s || !strcmp(s, "~") || ieq(s, "null")) return json_null();
    if (ieq(s, "true") || ieq(s, "yes")) return json_true();
    if (ieq(s, "false") || ieq(s, "no")) return json_false();
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (isdigit((unsigned char)*p)) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*end && errno == 0) return json_integer(v);
        double dv = strtod(s, &end);
        if (!*end && errno == 0) return json_real(dv);
    } else if (*p == '.' && isdigit((unsigned char)p[1])) {
        char *end;
        double dv = strtod(s, &end);
        if (!*end) return json_real(dv);
    }
    return json_string(s);
}

static char *join_key(const char *path, const char *key) {
    alto_buf b = ALTO_BUF_INIT;
    if (*path) { alto_buf_puts(&b, path); alto_buf_putc(&b, '.'); }
    alto_buf_puts(&b, key);
    return alto_buf_take(&b);
}

static char *join_idx(const char *path, size_t i) {
    alto_buf b = ALTO_BUF_INIT;
    alto_buf_printf(&b, "%s[%zu]", path, i);
    return alto_buf_take(&b);
}

static json_t *parse_node(ctx *c, yaml_event_t *ev, const char *path, int depth);

/* Index of the new anchor (open while its container is read), or -1. */
static long add_anchor(ctx *c, const yaml_char_t *name, json_t *v, int open) {
    if (!name) return -1;
    alto_doc *d = c->doc;
    d->anchors = alto_xrealloc(d->anchors, (d->nanchors + 1) * sizeof *d->anchors);
    d->anchors[d->nanchors] = (anchor){alto_xstrdup((const char *)name), v, open, c->values - 1, 1};
    return (long)d->nanchors++;
}

static void close_anchor(ctx *c, long i) {
    if (i < 0) return;
    anchor *a = &c->doc->anchors[i];
    a->open = 0;
    a->weight = c->values - a->first;
}

static json_t *parse_mapping(ctx *c, yaml_event_t *start, const char *path, int depth) {
    json_t *obj = json_object();
    c->values++;
    tab_put(c->doc, obj, (int)start->start_mark.line + 1,
            (int)start->start_mark.column + 1, path);
    long ai = add_anchor(c, start->data.mapping_start.anchor, obj, 1);
    for (;;) {
        yaml_event_t kev;
        if (next_event_in(c, &kev, path)) goto fail;
        if (kev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&kev);
            close_anchor(c, ai);
            return obj;
        }
        if (kev.type != YAML_SCALAR_EVENT) {
            ctx_fail(c, &kev.start_mark, path, "keys must be plain strings");
            yaml_event_delete(&kev);
            goto fail;
        }
        char *key = alto_xstrdup((const char *)kev.data.scalar.value);
        yaml_mark_t kmark = kev.start_mark;
        yaml_event_delete(&kev);
        char *sub = join_key(path, key);
        if (json_object_get(obj, key)) {
            ctx_fail(c, &kmark, sub, "duplicate key");
            free(key); free(sub);
            goto fail;
        }
        yaml_event_t vev;
        if (next_event_in(c, &vev, sub)) { free(key); free(sub); goto fail; }
        yaml_mark_t vmark = vev.start_mark;
        json_t *v = parse_node(c, &vev, sub, depth + 1);
        free(sub);
        if (!v) { free(key); goto fail; }
        if (is_singleton(v))
            mpos_put(c->doc, obj, key, (int)vmark.line + 1, (int)vmark.column + 1);
        json_object_set_new(obj, key, v);
        free(key);
    }
fail:
    close_anchor(c, ai);
    json_decref(obj);
    return NULL;
}

static json_t *parse_sequence(ctx *c, yaml_event_t *start, const char *path, int depth) {
    json_t *arr = json_array();
    c->values++;
    tab_put(c->doc, arr, (int)start->start_mark.line + 1,
            (int)start->start_mark.column + 1, path);
    long ai = add_anchor(c, start->data.sequence_start.anchor, arr, 1);
    for (size_t i = 0;; i++) {
        yaml_event_t ev;
        if (next_event_in(c, &ev, path)) goto fail;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            close_anchor(c, ai);
            return arr;
        }
        char *sub = join_idx(path, i);
        yaml_mark_t mark = ev.start_mark;
        json_t *v = parse_node(c, &ev, sub, depth + 1);
        /* No altospec list holds nulls: "- " with nothing after it, or
         * "[a, , b]", is a slip, said here where its position is known. */
        if (v && json_is_null(v)) {
            ctx_fail(c, &mark, sub, "empty list item (null): give a value or remove the item");
            v = NULL;
        }
        free(sub);
        if (!v) goto fail;
        json_array_append_new(arr, v);
    }
fail:
    close_anchor(c, ai);
    json_decref(arr);
    return NULL;
}

/* Consumes ev (and, for containers, every event up to the matching end). */
static json_t *parse_node(ctx *c, yaml_event_t *ev, const char *path, int depth) {
    json_t *v = NULL;
    if (depth > ALTO_DOC_MAX_DEPTH) {
        ctx_fail(c, &ev->start_mark, path, "nesting too deep");
        yaml_event_delete(ev);
        return NULL;
    }
    const yaml_char_t *tag = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.tag
                           : ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.tag
                           : ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.tag
                           : NULL;
    if (tag) {
        /* !!binary, !!float, !custom...: altospec would read the value
         * untyped, silently; a tag is refused rather than ignored. */
        char m[160];
        snprintf(m, sizeof m, "YAML tags are not supported (%.100s)", (const char *)tag);
        ctx_fail(c, &ev->start_mark, path, m);
        yaml_event_delete(ev);
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        v = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s)
                                                             : json_string(s);
        if (!v) { ctx_fail(c, &ev->start_mark, path, "invalid UTF-8 in string"); break; }
        c->values++;
        tab_put(c->doc, v, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, path);
        add_anchor(c, ev->data.scalar.anchor, v, 0);
        break;
    }
    case YAML_MAPPING_START_EVENT:
        v = parse_mapping(c, ev, path, depth);
        break;
    case YAML_SEQUENCE_START_EVENT:
        v = parse_sequence(c, ev, path, depth);
        break;
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        const anchor *a = NULL;
        for (size_t i = c->doc->nanchors; i-- > 0 && !a;)
            if (!strcmp(c->doc->anchors[i].name, name)) a = &c->doc->anchors[i];
        if (!a) {
            ctx_fail(c, &ev->start_mark, path, "unknown alias");
        } else if (a->open) {
            /* Inside the node it names: the value would contain itself
             * (jansson drops a direct self-reference silently, and a cycle
             * makes every walk of the tree endless). */
            char m[200];
            snprintf(m, sizeof m, "alias *%.100s is inside the node it names (a cycle)", name);
            ctx_fail(c, &ev->start_mark, path, m);
        } else if (a->weight > ALTO_DOC_MAX_ALIASED - c->aliased) {
            char m[200];
            snprintf(m, sizeof m, "alias *%.100s: aliases repeat more than %d values in all",
                     name, ALTO_DOC_MAX_ALIASED);
            ctx_fail(c, &ev->start_mark, path, m);
        } else {
            c->aliased += a->weight;
            c->values += a->weight;
            v = json_incref(a->value);
        }
        break;
    }
    default:
        ctx_fail(c, &ev->start_mark, path, "unexpected YAML event");
    }
    yaml_event_delete(ev);
    return v;
}

static json_t *parse_stream(ctx *c) {
    yaml_event_t ev;
    json_t *root = NULL;
    if (next_event(c, &ev)) return NULL;            /* STREAM_START */
    yaml_event_delete(&ev);
    if (next_event(c, &ev)) return NULL;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        alto_err_set(c->err, "%s:1:1: empty document", c->doc->name);
        return NULL;
    }
    yaml_event_delete(&ev);                         /* DOCUMENT_START */
    if (next_event(c, &ev)) return NULL;
    root = parse_node(c, &ev, "", 0);
    if (!root) return NULL;
    if (next_event(c, &ev)) { json_decref(root); return NULL; }  /* DOCUMENT_END */
    yaml_event_delete(&ev);
    if (next_event(c, &ev)) { json_decref(root); return NULL; }
    if (ev.type != YAML_STREAM_END_EVENT) {
        ctx_fail(c, &ev.start_mark, "", "more than one document in the file");
        yaml_event_delete(&ev);
        json_decref(root);
        return NULL;
    }
    yaml_event_delete(&ev);
    return root;
}

alto_doc *alto_doc_parse(const char *name, const char *text, size_t len, alto_err *err) {
    alto_doc *d = alto_xcalloc(1, sizeof *d);
    d->name = alto_xstrdup(name);
    const char *slash = strrchr(name, '/');
    if (slash) {
        d->dir = alto_xstrdup(name);
        d->dir[(slash - name) ? (slash - name) : 1] = '\0';
    } else {
        d->dir = alto_xstrdup(".");
    }
    ctx c = {.doc = d, .err = err};
    if (!yaml_parser_initialize(&c.parser)) {
        alto_err_set(err, "%s: cannot initialise the YAML parser", name);
        alto_doc_free(d);
        return NULL;
    }
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
    d->root = parse_stream(&c);
    yaml_parser_delete(&c.parser);
    if (!d->root) { alto_doc_free(d); return NULL; }
    return d;
}

alto_doc *alto_doc_load(const char *path, alto_err *err) {
    alto_buf b = ALTO_BUF_INIT;
    if (alto_read_input(&b, path, ALTO_INPUT_MAX, err)) { alto_buf_free(&b); return NULL; }
    alto_doc *d = alto_doc_parse(path, b.data, b.len, err);
    alto_buf_free(&b);
    return d;
}

void alto_doc_free(alto_doc *d) {
    if (!d) return;
    for (size_t i = 0; i < d->cap; i++) free(d->tab[i].path);
    free(d->tab);
    for (size_t i = 0; i < d->nanchors; i++) free(d->anchors[i].name);
    free(d->anchors);
    for (size_t i = 0; i < d->nmpos; i++) free(d->mpos[i].key);
    free(d->mpos);
    json_decref(d->root);
    free(d->name);
    free(d->dir);
    free(d);
}

json_t *alto_doc_root(const alto_doc *d) { return d->root; }
const char *alto_doc_name(const alto_doc *d) { return d ? d->name : "(inline)"; }
const char *alto_doc_dir(const alto_doc *d) { return d ? d->dir : "."; }

int alto_doc_pos(const alto_doc *d, const json_t *v, int *line, int *col) {
    const pos_entry *e = tab_get(d, v);
    *line = e ? e->line : 0;
    *col = e ? e->col : 0;
    return e ? 0 : -1;
}

const char *alto_doc_path(const alto_doc *d, const json_t *v) {
    const pos_entry *e = tab_get(d, v);
    return e ? e->path : "";
}

int alto_doc_errf(const alto_doc *d, alto_err *err, const json_t *parent,
                  const char *key, int idx, const char *fmt, ...) {
    const json_t *v = parent;
    if (key && json_is_object(parent)) v = json_object_get(parent, key);
    else if (idx >= 0 && json_is_array(parent)) v = json_array_get(parent, (size_t)idx);
    const pos_entry *e = tab_get(d, v);
    const pos_entry *pe = tab_get(d, parent);
    char *path;
    if (e) path = alto_xstrdup(e->path);
    else if (key) path = join_key(pe ? pe->path : "", key);
    else if (idx >= 0) path = join_idx(pe ? pe->path : "", (size_t)idx);
    else path = alto_xstrdup(pe ? pe->path : "");
    int line = e ? e->line : pe ? pe->line : 0;
    int col = e ? e->col : pe ? pe->col : 0;
    const member_pos *mp = !e && v && v != parent ? mpos_get(d, parent, key) : NULL;
    if (mp) { line = mp->line; col = mp->col; }

    char msg[ALTO_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line)
        alto_err_set(err, "%s:%d:%d: %s%s%s", alto_doc_name(d), line, col, path,
                     *path ? ": " : "", msg);
    else
        alto_err_set(err, "%s: %s%s%s", alto_doc_name(d), path, *path ? ": " : "", msg);
    free(path);
    return -1;
}

const char *alto_doc_show(const json_t *v) {
    static char buf[128];
    switch (json_typeof(v)) {
    case JSON_STRING: {
        /* control bytes shown as \xNN: a message must not carry terminal escapes */
        size_t j = 0;
        buf[j++] = '"';
        for (const unsigned char *p = (const unsigned char *)json_string_value(v); *p && j < 104; p++) {
            if (*p < 0x20 || *p == 0x7f) j += (size_t)snprintf(buf + j, sizeof buf - j, "\\x%02x", *p);
            else buf[j++] = (char)*p;
        }
        buf[j++] = '"';
        buf[j] = '\0';
        break;
    }
    case JSON_INTEGER: snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: snprintf(buf, sizeof buf, "%g", json_real_value(v)); break;
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    }
    return buf;
}

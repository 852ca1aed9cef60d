/* run_mpart.c: multipart/related bodies, read (see run_mpart.h).
 *
 * Lenient where real servers and the RFC's own examples differ, strict
 * where a wrong reading would mislead: parameters may be quoted or not
 * (RFC 9275 section 7.2.6 shows `type=application/alto-costmap+json`
 * unquoted); line ends may be CRLF or bare LF; the last part may end at a
 * plain delimiter instead of the close-delimiter "--B--" (the RFC 9275
 * examples end with "--example-1").  A body with no boundary parameter, no
 * delimiter, a part without the blank line after its headers, or a `start`
 * that names no part is an error, never an empty answer. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_mpart.h"
#include "alto_buf.h"

int run_mpart_param(const char *ct, const char *name, char *out, size_t n) {
    size_t nl = strlen(name);
    const char *p = ct ? strchr(ct, ';') : NULL;
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (!strncasecmp(p, name, nl) && p[nl] == '=') {
            const char *v = p + nl + 1, *e;
            if (*v == '"') {
                v++;
                e = strchr(v, '"');
                if (!e) return -1;
            } else {
                e = v + strcspn(v, "; \t\r\n");
            }
            size_t k = (size_t)(e - v) < n - 1 ? (size_t)(e - v) : n - 1;
            memcpy(out, v, k);
            out[k] = 0;
            return 0;
        }
        /* Skip this parameter's value (it may hold ';' inside quotes). */
        const char *eq = strchr(p, '=');
        if (!eq) return -1;
        if (eq[1] == '"') {
            const char *q = strchr(eq + 2, '"');
            if (!q) return -1;
            p = strchr(q, ';');
        } else {
            p = strchr(eq, ';');
        }
    }
    return -1;
}

/* Start of the next line after pos, or end. */
static const char *next_line(const char *p, const char *end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl + 1 : end;
}

/* A delimiter line: "--B" at a line start, then optional "--" and
 * whitespace to the line end.  *close = 1 for "--B--". */
static int is_delim(const char *p, const char *end, const char *b, size_t bl, int *close) {
    if ((size_t)(end - p) < bl + 2 || p[0] != '-' || p[1] != '-' || memcmp(p + 2, b, bl)) return 0;
    const char *q = p + 2 + bl;
    *close = 0;
    if (end - q >= 2 && q[0] == '-' && q[1] == '-') { *close = 1; q += 2; }
    while (q < end && (*q == ' ' || *q == '\t')) q++;
    return q == end || *q == '\r' || *q == '\n';
}

static char *header_value(const char *h, const char *hend, const char *name) {
    size_t nl = strlen(name);
    for (const char *p = h; p < hend; p = next_line(p, hend)) {
        if ((size_t)(hend - p) > nl && !strncasecmp(p, name, nl) && p[nl] == ':') {
            const char *v = p + nl + 1, *e = next_line(p, hend);
            while (v < e && (*v == ' ' || *v == '\t')) v++;
            while (e > v && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ')) e--;
            char *s = alto_xcalloc((size_t)(e - v) + 1, 1);
            memcpy(s, v, (size_t)(e - v));
            return s;
        }
    }
    return NULL;
}

static json_t *make_part(const char *h, const char *hend, const char *body, size_t blen) {
    char *id = header_value(h, hend, "Content-ID");
    char *ct = header_value(h, hend, "Content-Type");
    json_t *j = json_loadb(body, blen, 0, NULL);
    if (!j) j = json_stringn(body, blen);
    if (!j) j = json_string("(part is not UTF-8)");
    json_t *o = json_pack("{s:s, s:s, s:o}", "content_id", id ? id : "", "content_type",
                          ct ? ct : "text/plain", "body", j);
    free(id);
    free(ct);
    return o;
}

int run_mpart_parse(const char *ctype, const char *body, size_t len, json_t **out, alto_err *err) {
    char boundary[256], start[512];
    *out = NULL;
    if (!ctype || strncasecmp(ctype, "multipart/", 10))
        return alto_err_set(err, "expected a multipart/related answer, got Content-Type %s",
                            ctype ? ctype : "(none)");
    if (run_mpart_param(ctype, "boundary", boundary, sizeof boundary) || !boundary[0])
        return alto_err_set(err, "multipart answer without a boundary parameter (Content-Type %s)", ctype);
    size_t bl = strlen(boundary);
    const char *p = body, *end = body + len;
    int close = 0;
    /* Preamble: up to the first delimiter. */
    while (p < end && !is_delim(p, end, boundary, bl, &close)) p = next_line(p, end);
    if (p >= end) return alto_err_set(err, "multipart answer: no delimiter \"--%s\" in the body", boundary);
    json_t *parts = json_array();
    while (p < end && !close) {
        const char *h = next_line(p, end), *hend = h;
        /* A plain delimiter with nothing after it ends the body too. */
        const char *w = h;
        while (w < end && (*w == ' ' || *w == '\t' || *w == '\r' || *w == '\n')) w++;
        if (w == end && json_array_size(parts) > 0) break;
        /* Headers end at an empty line. */
        while (hend < end && !(*hend == '\n' || (*hend == '\r' && hend + 1 < end && hend[1] == '\n')))
            hend = next_line(hend, end);
        if (hend >= end) {
            size_t k = json_array_size(parts) + 1;
            json_decref(parts);
            return alto_err_set(err, "multipart answer: part %zu has no blank line after its headers", k);
        }
        const char *b = next_line(hend, end), *q = b;
        while (q < end && !is_delim(q, end, boundary, bl, &close)) q = next_line(q, end);
        /* The line break before a delimiter belongs to the delimiter. */
        const char *be = q;
        if (be > b && be[-1] == '\n') be--;
        if (be > b && be[-1] == '\r') be--;
        json_array_append_new(parts, make_part(h, hend, b, (size_t)(be - b)));
        p = q;
        if (q >= end) break;        /* unterminated last part: keep it */
    }
    if (json_array_size(parts) == 0) {
        json_decref(parts);
        return alto_err_set(err, "multipart answer holds no part");
    }
    if (run_mpart_param(ctype, "start", start, sizeof start) == 0) {
        size_t i;
        json_t *pt;
        int found = -1;
        json_array_foreach(parts, i, pt)
            if (!strcmp(json_string_value(json_object_get(pt, "content_id")), start)) found = (int)i;
        if (found < 0) {
            json_decref(parts);
            return alto_err_set(err, "multipart answer: start=\"%s\" names no part", start);
        }
        if (found > 0) {            /* root first */
            json_t *root = json_incref(json_array_get(parts, (size_t)found));
            json_array_remove(parts, (size_t)found);
            json_array_insert_new(parts, 0, root);
        }
    }
    *out = parts;
    return 0;
}

/* alto_mpart.c: the bounded multipart/related reader (see alto_mpart.h).
 *
 * RFC 2046 section 5.1.1 in short: the body is an optional preamble, then
 * parts each introduced by a delimiter line "--boundary" at the start of a
 * line (the CRLF before it belongs to the delimiter, not to the part),
 * optional transport padding (spaces, tabs) and CRLF; each part is header
 * lines, an empty line, and the part body; "--boundary--" closes the
 * body and anything after it (the epilogue) is ignored.  A line that
 * starts with "--boundary" but continues with other characters is not a
 * delimiter.  The scan is one pass over the body (memchr per line), so a
 * hostile body costs linear time whatever its shape. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "alto_mpart.h"
#include "alto_media.h"
#include "alto_json.h"

/* ---- syntaxes ---------------------------------------------------------- */

int alto_mpart_boundary_ok(const char *b) {
    static const char bchars[] = "'()+_,-./:=? ";
    size_t n = strlen(b);
    if (n < 1 || n > 70 || b[n - 1] == ' ') return 0;
    for (; *b; b++)
        if (!isalnum((unsigned char)*b) && !strchr(bchars, *b)) return 0;
    return 1;
}

#define ATEXT_SPECIALS "!#$%&'*+-/=?^_`{|}~"

static int dot_atom_text(const char *s, size_t n) {
    if (n == 0 || s[0] == '.' || s[n - 1] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') { if (i + 1 < n && s[i + 1] == '.') return 0; continue; }
        if (!isalnum(c) && !strchr(ATEXT_SPECIALS, c)) return 0;
    }
    return 1;
}

/* RFC 7285 section 10.2 ResourceID: 1..64 of [A-Za-z0-9-:@_]. */
static int resource_id_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-:@_", *s)) return 0;
    return 1;
}

int alto_mpart_content_id(const char *cid, char *rid, size_t n, const char **why) {
    size_t len = strlen(cid);
    rid[0] = '\0';
    if (len < 2 || cid[0] != '<' || cid[len - 1] != '>') { *why = "is not enclosed in <...>"; return 0; }
    const char *at = NULL;
    for (const char *p = cid + 1; p < cid + len - 1; p++) if (*p == '@') at = p;
    if (!at) { *why = "has no \"@\" DOMAIN-NAME"; return 0; }
    size_t rl = (size_t)(at - cid - 1);
    char tmp[256];
    if (rl >= sizeof tmp) { *why = "has a PART-RESOURCE-ID longer than 64 characters"; return 0; }
    memcpy(tmp, cid + 1, rl);
    tmp[rl] = '\0';
    if (!resource_id_ok(tmp)) { *why = "has a PART-RESOURCE-ID that is not a ResourceID"; return 0; }
    if (!dot_atom_text(at + 1, (size_t)(cid + len - 1 - at - 1))) {
        *why = "has a DOMAIN-NAME that is not an RFC 5322 dot-atom-text";
        return 0;
    }
    snprintf(rid, n, "%s", tmp);
    return 1;
}

const char *alto_mpart_dev_text(unsigned d, char *out, size_t n) {
    static const struct { unsigned bit; const char *text; } rows[] = {
        {.bit = ALTO_MPART_DEV_LF, .text = "bare LF line breaks (RFC 2046 requires CRLF)"},
        {.bit = ALTO_MPART_DEV_NO_CLOSE, .text = "no close delimiter \"--boundary--\""},
        {.bit = ALTO_MPART_DEV_GUESSED, .text = "no boundary parameter (boundary taken from the body)"},
        {.bit = ALTO_MPART_DEV_BAD_BOUNDARY, .text = "boundary is not 1..70 RFC 2046 bchars"},
        {.bit = ALTO_MPART_DEV_BAD_HEADER, .text = "a part header line is not \"name: value\""},
    };
    out[0] = '\0';
    size_t k = 0;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!(d & rows[i].bit)) continue;
        int w = snprintf(out + k, n - k, "%s%s", k ? "; " : "", rows[i].text);
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
    return out;
}

/* ---- part headers ------------------------------------------------------------ */

static void trim_copy(char *out, size_t n, const char *s, size_t len) {
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    if (len >= n) len = n - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

/* End of the line starting at p (points at '\n' or end); *lf set when
 * the line break is a bare LF. */
static const char *line_end(const char *p, const char *end, int *lf) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) { *lf = 0; return end; }
    *lf = !(nl > p && nl[-1] == '\r');
    return nl;
}

/* One "name: value" line of a part; *last is the value a folded line
 * continues (NULL when none).  1 for a "name:" line, 0 for a folded or
 * malformed one. */
static int header_line(alto_mpart *m, alto_mpart_part *pt, const char *p, size_t ll,
                        char **last, size_t *lastn) {
    if ((*p == ' ' || *p == '\t') && *last) {     /* folded continuation */
        size_t cur = strlen(*last);
        char add[256];
        trim_copy(add, sizeof add, p, ll);
        snprintf(*last + cur, *lastn - cur, " %s", add);
        return 0;
    }
    const char *colon = memchr(p, ':', ll);
    *last = NULL;
    if (!colon || colon == p) { m->dev |= ALTO_MPART_DEV_BAD_HEADER; return 0; }
    size_t nl = (size_t)(colon - p);
    const char *v = colon + 1;
    size_t vl = ll - nl - 1;
    if (nl == 10 && !strncasecmp(p, "Content-ID", 10)) {
        if (!pt->nid++) {
            trim_copy(pt->content_id, sizeof pt->content_id, v, vl);
            *last = pt->content_id;
            *lastn = sizeof pt->content_id;
        }
        pt->has_id = 1;
    } else if (nl == 12 && !strncasecmp(p, "Content-Type", 12)) {
        if (!pt->ntype++) {
            trim_copy(pt->content_type, sizeof pt->content_type, v, vl);
            *last = pt->content_type;
            *lastn = sizeof pt->content_type;
        }
        pt->has_type = 1;
    }
    return 1;
}

static void part_headers(alto_mpart *m, alto_mpart_part *pt, const char *p, const char *end) {
    char *last = NULL;       /* header being continued by folding */
    size_t lastn = 0;
    int nlines = 0, blank = 0;
    while (p < end) {
        int lf;
        const char *e = line_end(p, end, &lf);
        size_t ll = (size_t)(e - p);
        if (ll && p[ll - 1] == '\r') ll--;
        if (e < end && lf) m->dev |= ALTO_MPART_DEV_LF;
        const char *next = e < end ? e + 1 : end;
        if (ll == 0) { p = next; blank = 1; break; }    /* the empty line */
        int named = ++nlines <= ALTO_MPART_MAX_HEADERS && header_line(m, pt, p, ll, &last, &lastn);
        p = next;
        if (named && p >= end) m->dev |= ALTO_MPART_DEV_BAD_HEADER;   /* headers never ended */
    }
    pt->no_blank = !blank;
    pt->body = p;
    pt->len = (size_t)(end - p);
    if (pt->has_type) alto_media_type(pt->content_type, pt->media, sizeof pt->media);
}

static void add_part(alto_mpart *m, const char *s, const char *e, int max_depth) {
    int k = m->nparts++;
    if (k >= ALTO_MPART_MAX_PARTS) return;
    alto_mpart_part *pt = &m->parts[k];
    memset(pt, 0, sizeof *pt);
    part_headers(m, pt, s, e);
    pt->json = alto_json_parse_object(pt->body, pt->len, max_depth, pt->jerr, sizeof pt->jerr);
}

/* ---- the body ------------------------------------------------------------ */

/* Boundary from the first line that starts with "--" (no parameter). */
static int guess_boundary(alto_mpart *m, const char *body, size_t len) {
    const char *p = body, *end = body + len;
    while (p < end) {
        int lf;
        const char *e = line_end(p, end, &lf);
        size_t ll = (size_t)(e - p);
        while (ll && (p[ll - 1] == '\r' || p[ll - 1] == ' ' || p[ll - 1] == '\t')) ll--;
        if (ll > 2 && p[0] == '-' && p[1] == '-') {
            if (ll > 4 && p[ll - 1] == '-' && p[ll - 2] == '-') ll -= 2;
            trim_copy(m->boundary, sizeof m->boundary, p + 2, ll - 2);
            return 1;
        }
        p = e < end ? e + 1 : end;
    }
    return 0;
}

/* The Content-Type's media type and parameters; the boundary guessed from
 * the body when there is none.  -1 when no boundary can be had. */
static int read_params(alto_mpart *m, const char *ctype, const char *body, size_t len) {
    if (ctype) alto_media_type(ctype, m->media, sizeof m->media);
    char tmp[256];
    int r;
    if ((r = alto_media_param(ctype, "boundary", tmp, sizeof tmp)) < 0) {
        snprintf(m->err, sizeof m->err, "Content-Type: %.200s", tmp);
        r = 0;
    }
    m->has_boundary = r == 1;
    if (m->has_boundary) snprintf(m->boundary, sizeof m->boundary, "%.120s", tmp);
    if (alto_media_param(ctype, "type", m->type, sizeof m->type) == 1) m->has_type = 1;
    else m->type[0] = '\0';
    if (alto_media_param(ctype, "start", m->start, sizeof m->start) == 1) m->has_start = 1;
    else m->start[0] = '\0';
    if (!m->has_boundary || !m->boundary[0]) {
        if (!guess_boundary(m, body, len)) {
            snprintf(m->err, sizeof m->err, "no boundary parameter and no \"--\" delimiter line in the body");
            return -1;
        }
        m->dev |= ALTO_MPART_DEV_GUESSED;
    }
    if (!alto_mpart_boundary_ok(m->boundary)) m->dev |= ALTO_MPART_DEV_BAD_BOUNDARY;
    return 0;
}

/* Is the line p..e a delimiter "--boundary" (close: "--boundary--")? */
static int delimiter_line(const char *p, const char *e, const char *delim, size_t dl, int *is_close) {
    if ((size_t)(e - p) < dl || memcmp(p, delim, dl)) return 0;
    const char *q = p + dl;
    *is_close = e - q >= 2 && q[0] == '-' && q[1] == '-';
    const char *r = *is_close ? q + 2 : q;
    while (r < e && (*r == ' ' || *r == '\t' || *r == '\r')) r++;
    return r == e;
}

/* A part that runs to the end of the body (no close delimiter). */
static void last_part(alto_mpart *m, const char *part, const char *end, int max_depth) {
    const char *q = part;
    while (q < end && isspace((unsigned char)*q)) q++;
    if (q >= end) return;
    const char *pe = end;
    if (pe > part && pe[-1] == '\n') pe--;
    if (pe > part && pe[-1] == '\r') pe--;
    add_part(m, part, pe, max_depth);
}

static void scan(alto_mpart *m, const char *body, size_t len, int max_depth) {
    char delim[140];
    size_t dl = (size_t)snprintf(delim, sizeof delim, "--%s", m->boundary);
    const char *end = body + len, *p = body, *part = NULL;
    int closed = 0;
    while (p < end && !closed) {
        int lf, is_close;
        const char *e = line_end(p, end, &lf);
        if (delimiter_line(p, e, delim, dl, &is_close)) {
            m->delims++;
            if (e < end && lf) m->dev |= ALTO_MPART_DEV_LF;
            if (part) {
                const char *pe = p;
                if (pe > part && pe[-1] == '\n') pe--;
                if (pe > part && pe[-1] == '\r') pe--;
                else if (p > body) m->dev |= ALTO_MPART_DEV_LF;
                add_part(m, part, pe, max_depth);
            }
            closed = is_close;
            part = e < end ? e + 1 : end;
            p = part;
            continue;
        }
        p = e < end ? e + 1 : end;
    }
    if (!closed) {
        m->dev |= ALTO_MPART_DEV_NO_CLOSE;
        if (part) last_part(m, part, end, max_depth);
    }
    if (m->nparts == 0)
        snprintf(m->err, sizeof m->err, "no body part: no delimiter line \"%.80s\" in the body", delim);
}

void alto_mpart_free(alto_mpart *m) {
    int n = m->nparts < ALTO_MPART_MAX_PARTS ? m->nparts : ALTO_MPART_MAX_PARTS;
    for (int i = 0; i < n; i++) {
        json_decref(m->parts[i].json);
        m->parts[i].json = NULL;
    }
    m->nparts = 0;
}

int alto_mpart_parse(alto_mpart *m, const char *ctype, const char *body, size_t len, int max_depth) {
    memset(m, 0, sizeof *m);
    if (!body) { body = ""; len = 0; }   /* an empty body has no buffer */
    if (read_params(m, ctype, body, len)) return -1;
    scan(m, body, len, max_depth);
    return m->nparts ? 0 : -1;
}

int alto_mpart_root(const alto_mpart *m) {
    int n = m->nparts < ALTO_MPART_MAX_PARTS ? m->nparts : ALTO_MPART_MAX_PARTS;
    if (!m->has_start) return n ? 0 : -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(m->parts[i].content_id, m->start)) return i;
    return -1;
}

/* ---- the client's reading ---------------------------------------------------- */

/* Header values are the server's bytes: one that is not UTF-8 is kept as
 * "\xNN" text (json_pack would refuse it, and the part would be lost). */
static json_t *header_text(const char *v) {
    int cut;
    return alto_json_text(v, strlen(v), strlen(v), &cut);
}

static json_t *part_json(const alto_mpart_part *pt) {
    int cut;
    json_t *body = pt->json ? json_incref(pt->json) : alto_json_text(pt->body, pt->len, pt->len, &cut);
    return json_pack("{s:o, s:o, s:o}", "content_id", header_text(pt->content_id), "content_type",
                     header_text(pt->has_type ? pt->content_type : "text/plain"), "body", body);
}

/* -1 with the reason when m cannot be used by a client, else 0. */
static int read_refusal(const alto_mpart *m, int parsed, const char *ctype, alto_err *err) {
    if (!m->has_boundary || (m->dev & ALTO_MPART_DEV_GUESSED))
        return alto_err_set(err, "multipart answer without a boundary parameter (Content-Type %s)", ctype);
    if (parsed && m->delims == 0)
        return alto_err_set(err, "multipart answer: no delimiter \"--%s\" in the body", m->boundary);
    if (parsed)
        return alto_err_set(err, "multipart answer holds no part");
    if (m->nparts > ALTO_MPART_MAX_PARTS)
        return alto_err_set(err, "multipart answer: %d parts, more than the %d read", m->nparts,
                            ALTO_MPART_MAX_PARTS);
    for (int i = 0; i < m->nparts; i++)
        if (m->parts[i].no_blank)
            return alto_err_set(err, "multipart answer: part %d has no blank line after its headers", i + 1);
    if (alto_mpart_root(m) < 0)
        return alto_err_set(err, "multipart answer: start=\"%s\" names no part", m->start);
    return 0;
}

int alto_mpart_read(const char *ctype, const char *body, size_t len, int max_depth,
                    json_t **parts, alto_err *err) {
    *parts = NULL;
    if (!ctype || strncasecmp(ctype, "multipart/", 10))
        return alto_err_set(err, "expected a multipart/related answer, got Content-Type %s",
                            ctype ? ctype : "(none)");
    alto_mpart m;
    int failed = alto_mpart_parse(&m, ctype, body, len, max_depth) != 0;
    if (read_refusal(&m, failed, ctype, err)) {
        alto_mpart_free(&m);
        return -1;
    }
    int root = alto_mpart_root(&m);
    json_t *a = json_array();
    json_array_append_new(a, part_json(&m.parts[root]));
    for (int i = 0; i < m.nparts; i++)
        if (i != root) json_array_append_new(a, part_json(&m.parts[i]));
    alto_mpart_free(&m);
    *parts = a;
    return 0;
}

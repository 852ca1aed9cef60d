/* conf_mp.c: the bounded multipart/related reader (see conf_mp.h).
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
#include "conf_mp.h"
#include "conf_check.h"
#include "alto_http.h"

/* ---- Content-Type parameters (RFC 2045 section 5.1) ------------------ */

static int is_tspecial(int c) { return c && strchr("()<>@,;:\\\"/[]?=", c) != NULL; }
static int is_token(int c) { return c > 32 && c < 127 && !is_tspecial(c); }
static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return p;
}

int conf_ct_param(const char *ctype, const char *name, char *out, size_t n) {
    out[0] = '\0';
    if (!ctype) return 0;
    const char *p = strchr(ctype, ';');
    int found = 0;
    while (p && *p) {
        p = skip_ws(p);
        if (*p == ';') { p++; continue; }
        if (!*p) break;
        const char *k = p;
        while (is_token((unsigned char)*p)) p++;
        size_t kl = (size_t)(p - k);
        p = skip_ws(p);
        if (!kl || *p != '=') { snprintf(out, n, "malformed parameter list near \"%.40s\"", k); return -1; }
        p = skip_ws(p + 1);
        char val[512];
        size_t vl = 0;
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1]) p++;
                if (vl + 1 < sizeof val) val[vl++] = *p;
            }
            if (*p != '"') { snprintf(out, n, "unterminated quoted parameter value"); return -1; }
            p++;
        } else {
            /* RFC 2387 writes type=a/b and start=<id@host> unquoted, so an
             * unquoted value runs to the next ';' or space (RFC 9275 7.2.6:
             * "permits parameters both with and without double quotes"). */
            while (*p > 32 && *p < 127 && *p != ';' && *p != '"') { if (vl + 1 < sizeof val) val[vl++] = *p; p++; }
            if (!vl) { snprintf(out, n, "empty value of parameter \"%.*s\"", (int)kl, k); return -1; }
        }
        val[vl] = '\0';
        p = skip_ws(p);
        if (*p && *p != ';') { snprintf(out, n, "malformed parameter list near \"%.40s\"", p); return -1; }
        if (!found && kl == strlen(name) && !strncasecmp(k, name, kl)) {
            snprintf(out, n, "%s", val);
            found = 1;
        }
    }
    if (!found) out[0] = '\0';
    return found;
}

/* ---- syntaxes ---------------------------------------------------------- */

int conf_mp_boundary_ok(const char *b) {
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

int conf_mp_content_id(const char *cid, char *rid, size_t n, const char **why) {
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
    const char *w;
    if (!conf_syn_pidname(tmp, &w)) { *why = "has a PART-RESOURCE-ID that is not a ResourceID"; return 0; }
    if (!dot_atom_text(at + 1, (size_t)(cid + len - 1 - at - 1))) {
        *why = "has a DOMAIN-NAME that is not an RFC 5322 dot-atom-text";
        return 0;
    }
    snprintf(rid, n, "%s", tmp);
    return 1;
}

const char *conf_mp_dev_text(unsigned d, char *out, size_t n) {
    static const struct { unsigned bit; const char *text; } rows[] = {
        {CONF_MP_DEV_LF, "bare LF line breaks (RFC 2046 requires CRLF)"},
        {CONF_MP_DEV_NO_CLOSE, "no close delimiter \"--boundary--\""},
        {CONF_MP_DEV_GUESSED, "no boundary parameter (boundary taken from the body)"},
        {CONF_MP_DEV_BAD_BOUNDARY, "boundary is not 1..70 RFC 2046 bchars"},
        {CONF_MP_DEV_BAD_HEADER, "a part header line is not \"name: value\""},
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

/* ---- the body ------------------------------------------------------------ */

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

static void part_headers(conf_mp *m, conf_mp_part *pt, const char *p, const char *end) {
    char *last = NULL;       /* header being continued by folding */
    size_t lastn = 0;
    int nlines = 0;
    while (p < end) {
        int lf;
        const char *e = line_end(p, end, &lf);
        size_t ll = (size_t)(e - p);
        if (ll && p[ll - 1] == '\r') ll--;
        if (e < end && lf) m->dev |= CONF_MP_DEV_LF;
        const char *next = e < end ? e + 1 : end;
        if (ll == 0) { p = next; break; }          /* the empty line */
        if (++nlines > CONF_MP_MAX_HEADERS) { p = next; continue; }
        if ((*p == ' ' || *p == '\t') && last) {   /* folded continuation */
            size_t cur = strlen(last);
            char add[256];
            trim_copy(add, sizeof add, p, ll);
            snprintf(last + cur, lastn - cur, " %s", add);
            p = next;
            continue;
        }
        const char *colon = memchr(p, ':', ll);
        last = NULL;
        if (!colon || colon == p) { m->dev |= CONF_MP_DEV_BAD_HEADER; p = next; continue; }
        size_t nl = (size_t)(colon - p);
        const char *v = colon + 1;
        size_t vl = ll - nl - 1;
        if (nl == 10 && !strncasecmp(p, "Content-ID", 10)) {
            if (!pt->nid++) { trim_copy(pt->content_id, sizeof pt->content_id, v, vl); last = pt->content_id; lastn = sizeof pt->content_id; }
            pt->has_id = 1;
        } else if (nl == 12 && !strncasecmp(p, "Content-Type", 12)) {
            if (!pt->ntype++) { trim_copy(pt->content_type, sizeof pt->content_type, v, vl); last = pt->content_type; lastn = sizeof pt->content_type; }
            pt->has_type = 1;
        }
        p = next;
        if (p >= end) m->dev |= CONF_MP_DEV_BAD_HEADER;   /* headers never ended */
    }
    pt->body = p;
    pt->len = (size_t)(end - p);
    if (pt->has_type) alto_http_media_type(pt->content_type, pt->media, sizeof pt->media);
}

static void add_part(conf_mp *m, const char *s, const char *e, int max_depth) {
    int k = m->nparts++;
    if (k >= CONF_MP_MAX_PARTS) return;
    conf_mp_part *pt = &m->parts[k];
    memset(pt, 0, sizeof *pt);
    part_headers(m, pt, s, e);
    pt->json = conf_json_parse(pt->body, pt->len, max_depth, pt->jerr, sizeof pt->jerr);
}

/* Boundary from the first line that starts with "--" (no parameter). */
static int guess_boundary(conf_mp *m, const char *body, size_t len) {
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

void conf_mp_free(conf_mp *m) {
    int n = m->nparts < CONF_MP_MAX_PARTS ? m->nparts : CONF_MP_MAX_PARTS;
    for (int i = 0; i < n; i++) {
        json_decref(m->parts[i].json);
        m->parts[i].json = NULL;
    }
    m->nparts = 0;
}

int conf_mp_parse(conf_mp *m, const char *ctype, const char *body, size_t len, int max_depth) {
    memset(m, 0, sizeof *m);
    if (ctype) alto_http_media_type(ctype, m->media, sizeof m->media);
    char tmp[256];
    int r;
    if ((r = conf_ct_param(ctype, "boundary", tmp, sizeof tmp)) < 0) {
        snprintf(m->err, sizeof m->err, "Content-Type: %.200s", tmp);
        r = 0;
    }
    m->has_boundary = r == 1;
    if (m->has_boundary) snprintf(m->boundary, sizeof m->boundary, "%.120s", tmp);
    if (conf_ct_param(ctype, "type", m->type, sizeof m->type) == 1) m->has_type = 1;
    else m->type[0] = '\0';
    if (conf_ct_param(ctype, "start", m->start, sizeof m->start) == 1) m->has_start = 1;
    else m->start[0] = '\0';
    if (!body) { body = ""; len = 0; }   /* an empty body has no buffer */
    if (!m->has_boundary || !m->boundary[0]) {
        if (!guess_boundary(m, body, len)) {
            snprintf(m->err, sizeof m->err, "no boundary parameter and no \"--\" delimiter line in the body");
            return -1;
        }
        m->dev |= CONF_MP_DEV_GUESSED;
    }
    if (!conf_mp_boundary_ok(m->boundary)) m->dev |= CONF_MP_DEV_BAD_BOUNDARY;
    char delim[140];
    int dl = snprintf(delim, sizeof delim, "--%s", m->boundary);
    const char *end = body + len, *p = body, *part = NULL;
    int closed = 0;
    while (p < end && !closed) {
        int lf;
        const char *e = line_end(p, end, &lf);
        size_t ll = (size_t)(e - p);
        if (ll >= (size_t)dl && !memcmp(p, delim, (size_t)dl)) {
            const char *q = p + dl;
            int is_close = e - q >= 2 && q[0] == '-' && q[1] == '-';
            const char *r2 = is_close ? q + 2 : q;
            while (r2 < e && (*r2 == ' ' || *r2 == '\t' || *r2 == '\r')) r2++;
            if (r2 == e) {                            /* a delimiter line */
                if (e < end && lf) m->dev |= CONF_MP_DEV_LF;
                if (part) {
                    const char *pe = p;
                    if (pe > part && pe[-1] == '\n') pe--;
                    if (pe > part && pe[-1] == '\r') pe--;
                    else if (p > body) m->dev |= CONF_MP_DEV_LF;
                    add_part(m, part, pe, max_depth);
                }
                closed = is_close;
                part = e < end ? e + 1 : end;
                p = part;
                continue;
            }
        }
        p = e < end ? e + 1 : end;
    }
    if (!closed) {
        m->dev |= CONF_MP_DEV_NO_CLOSE;
        if (part) {
            const char *q = part;
            while (q < end && isspace((unsigned char)*q)) q++;
            if (q < end) {          /* a last part running to the end */
                const char *pe = end;
                if (pe > part && pe[-1] == '\n') pe--;
                if (pe > part && pe[-1] == '\r') pe--;
                add_part(m, part, pe, max_depth);
            }
        }
    }
    if (m->nparts == 0) {
        snprintf(m->err, sizeof m->err, "no body part: no delimiter line \"%.80s\" in the body", delim);
        return -1;
    }
    return 0;
}

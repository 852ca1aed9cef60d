/* srv_neg.c: HTTP content negotiation for the reference server.
 *
 * RFC 7231 section 5.3.2 Accept: a media type is acceptable when the most
 * specific media range that matches it (exact > type slash-star >
 * star-slash-star) has q > 0.
 * ALTO media types are matched exactly: application/json does not admit
 * application/alto-costmap+json.  A missing or empty Accept admits all.
 * A media type with a "type" parameter (RFC 9275's
 * "multipart/related;type=application/alto-costmap+json") is matched on
 * its base type, and a range that names a "type" too must name the same
 * one: multipart/related;type=application/alto-endpointcost+json does not
 * admit the multipart cost map.
 * Content-Type (RFC 7285 section 8.3.2) must name the resource's input media
 * type; parameters such as charset are ignored. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "srv_int.h"

static const char *skip_ws(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Length of s[0..n) without trailing blanks. */
static size_t trim_len(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n;
}

static int range_eq(const char *r, size_t n, const char *s) {
    return strlen(s) == n && !strncasecmp(r, s, n);
}

/* Specificity of media range r[0..n) for mt (base type, no parameters):
 * 3 exact, 2 type/ *, 1 * / *, 0 no match. */
static int match_level(const char *r, size_t n, const char *mt, size_t mtn) {
    if (range_eq(r, n, "*/*")) return 1;
    const char *slash = memchr(mt, '/', mtn);
    if (!slash) return 0;
    if (n >= 2 && r[n - 2] == '/' && r[n - 1] == '*')
        return (size_t)(slash - mt) == n - 2 && !strncasecmp(r, mt, n - 2) ? 2 : 0;
    return n == mtn && !strncasecmp(r, mt, n) ? 3 : 0;
}

/* Value of the "type" parameter in the parameter list p[0..n) ("; a=b;
 * type=x"), quotes removed; *vn = 0 when absent. */
static const char *type_param(const char *p, size_t n, size_t *vn) {
    *vn = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != ';') continue;
        const char *s = skip_ws(p + i + 1);
        if ((size_t)(s - p) + 5 > n || strncasecmp(s, "type=", 5)) continue;
        s += 5;
        size_t k = 0, left = n - (size_t)(s - p);
        if (*s == '"') {
            s++;
            while (k + 1 < left && s[k] != '"') k++;
        } else {
            while (k < left && s[k] != ';' && s[k] != ' ' && s[k] != '\t') k++;
        }
        *vn = k;
        return s;
    }
    return p;
}

/* q parameter of the parameter list p[0..n) ("; q=0.5; x=y"); 1 if none. */
static double qvalue(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != ';') continue;
        const char *s = skip_ws(p + i + 1);
        if ((*s == 'q' || *s == 'Q') && s[1] == '=') return strtod(s + 2, NULL);
    }
    return 1.0;
}

int srv_accepts(const char *accept, const char *mt) {
    if (!accept || !*skip_ws(accept)) return 1;
    size_t mtn = strcspn(mt, ";"), mtt_n;
    const char *mtt = type_param(mt + mtn, strlen(mt + mtn), &mtt_n);
    int best = 0;
    double bestq = 0;
    const char *s = accept;
    while (*s) {
        s = skip_ws(s);
        size_t item = strcspn(s, ",");
        size_t rlen = trim_len(s, strcspn(s, ",;"));
        if (rlen > item) rlen = item;
        int lvl = match_level(s, rlen, mt, mtn);
        size_t tn;
        const char *t = type_param(s + rlen, item - rlen, &tn);
        if (lvl == 3 && tn && (tn != mtt_n || strncasecmp(t, mtt, tn))) lvl = 0;
        if (lvl > 0) {
            double q = qvalue(s + rlen, item - rlen);
            /* Equally specific ranges: the most permissive wins. */
            if (lvl > best || (lvl == best && q > bestq)) { best = lvl; bestq = q; }
        }
        s += item;
        if (*s == ',') s++;
    }
    return best > 0 && bestq > 0;
}

int srv_content_type_is(const char *ctype, const char *mt) {
    if (!ctype) return 0;
    const char *s = skip_ws(ctype);
    return range_eq(s, trim_len(s, strcspn(s, ";")), mt);
}

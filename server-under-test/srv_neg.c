/* srv_neg.c: HTTP content negotiation for the reference server.
 *
 * RFC 7231 section 5.3.2 Accept: a media type is acceptable when the most
 * specific media range that matches it (exact > type slash-star >
 * star-slash-star) has q > 0.
 * ALTO media types are matched exactly: application/json does not admit
 * application/alto-costmap+json.  A missing or empty Accept admits all.
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

/* Specificity of media range r[0..n) for mt: 3 exact, 2 type/ *, 1 * / *,
 * 0 no match. */
static int match_level(const char *r, size_t n, const char *mt) {
    if (range_eq(r, n, "*/*")) return 1;
    const char *slash = strchr(mt, '/');
    if (!slash) return 0;
    if (n >= 2 && r[n - 2] == '/' && r[n - 1] == '*')
        return (size_t)(slash - mt) == n - 2 && !strncasecmp(r, mt, n - 2) ? 2 : 0;
    return range_eq(r, n, mt) ? 3 : 0;
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
    int best = 0;
    double bestq = 0;
    const char *s = accept;
    while (*s) {
        s = skip_ws(s);
        size_t item = strcspn(s, ",");
        size_t rlen = trim_len(s, strcspn(s, ",;"));
        if (rlen > item) rlen = item;
        int lvl = match_level(s, rlen, mt);
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

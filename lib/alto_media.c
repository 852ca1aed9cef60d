/* alto_media.c: media types and Content-Type parameters (see alto_media.h).
 *
 * The parameter reader follows RFC 2045 section 5.1 (token "=" token or
 * quoted-string, separated by ";") with one leniency that real servers and
 * the RFCs' own examples need: an unquoted value may hold '/', '<', '>',
 * '@' and ':' (tspecials), up to the next ';' or space. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "alto_media.h"

static int is_tspecial(int c) { return c && strchr("()<>@,;:\\\"/[]?=", c) != NULL; }
static int is_token(int c) { return c > 32 && c < 127 && !is_tspecial(c); }
static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return p;
}

void alto_media_type(const char *content_type, char *out, size_t n) {
    if (!n) return;
    out[0] = '\0';
    if (!content_type) return;
    const char *p = content_type;
    while (*p == ' ' || *p == '\t') p++;
    size_t i = 0;
    for (; *p && *p != ';' && i + 1 < n; p++)
        out[i++] = (char)tolower((unsigned char)*p);
    while (i > 0 && (out[i - 1] == ' ' || out[i - 1] == '\t')) i--;
    out[i] = '\0';
}

int alto_media_is(const char *content_type, const char *media) {
    char mt[256];
    alto_media_type(content_type, mt, sizeof mt);
    return content_type && !strcasecmp(mt, media);
}

/* One parameter value at p (just after '='): quoted or not, into val.
 * Returns the position after it, or NULL with the reason in out. */
static const char *param_value(const char *p, const char *k, size_t kl, char *val, size_t vn,
                               char *out, size_t n) {
    size_t vl = 0;
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1]) p++;
            if (vl + 1 < vn) val[vl++] = *p;
        }
        if (*p != '"') { snprintf(out, n, "unterminated quoted parameter value"); return NULL; }
        p++;
    } else {
        while (*p > 32 && *p < 127 && *p != ';' && *p != '"') { if (vl + 1 < vn) val[vl++] = *p; p++; }
        if (!vl) { snprintf(out, n, "empty value of parameter \"%.*s\"", (int)kl, k); return NULL; }
    }
    val[vl] = '\0';
    return p;
}

int alto_media_param(const char *content_type, const char *name, char *out, size_t n) {
    out[0] = '\0';
    if (!content_type) return 0;
    const char *p = strchr(content_type, ';');
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
        char val[512];
        p = param_value(skip_ws(p + 1), k, kl, val, sizeof val, out, n);
        if (!p) return -1;
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

int alto_media_multipart_of(const char *content_type, const char *root) {
    char type[256];
    return alto_media_is(content_type, ALTO_MT_MULTIPART) &&
           alto_media_param(content_type, "type", type, sizeof type) == 1 && !strcasecmp(type, root);
}

void alto_media_accept(const char *media, char *out, size_t n) {
    snprintf(out, n, "%s,%s", media ? media : "*/*", ALTO_MT_ERROR);
}

/* srv_mpart.c: multipart/related bodies (RFC 2387 over RFC 2046 section
 * 5.1) for the RFC 9275 path vector responses.
 *
 * Shape, per RFC 9275 sections 6.6 and 7.2.6:
 *   Content-Type: multipart/related; boundary=B;
 *                 type="application/alto-costmap+json"; start="<costmap@D>"
 *   --B CRLF Content-ID: <costmap@D> CRLF Content-Type: ... CRLF CRLF body
 *   CRLF --B ... CRLF --B-- CRLF
 * The root part comes first (RECOMMENDED there) and "start" names it too,
 * so a client may use either rule.  Both "type" and "start" are quoted:
 * '/' and the msg-id's '<', '>', '@' are tspecials (RFC 2045 section 5.1),
 * so strict MIME parsers (Python's email package among them) cut an
 * unquoted "type=application/alto-costmap+json" at the '/'; RFC 9275
 * section 7.2.6 notes that clients must take both forms.  Unlike the RFC
 * examples, which end with "--example-1", the body ends with the
 * close-delimiter "--B--" that RFC 2046 requires.
 *
 * The boundary is fixed ("altospec-pv") because the parts are compact JSON,
 * which never holds a line break, so "CRLF--" cannot occur inside a part.
 * The builder still checks that and lengthens the boundary if a part ever
 * contained it, so it stays correct for any body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "alto_buf.h"

#define BOUNDARY "altospec-pv"

static int occurs(const srv_part *parts, int n, const char *boundary) {
    /* Jumps from one boundary[0] to the next: bodies can be megabytes. */
    size_t bl = strlen(boundary);
    for (int i = 0; i < n; i++) {
        const char *p = parts[i].body, *end = parts[i].body + parts[i].len;
        while ((size_t)(end - p) >= bl && (p = memchr(p, boundary[0], (size_t)(end - p) - bl + 1))) {
            if (!memcmp(p, boundary, bl)) return 1;
            p++;
        }
    }
    return 0;
}

static void append_str(alto_buf *b, const char *s) { alto_buf_append(b, s, strlen(s)); }

char *srv_mpart_build(const srv_part *parts, int n, const char *type,
                      const char *domain, size_t *len, char *ctype, size_t ctn) {
    char boundary[64];
    snprintf(boundary, sizeof boundary, "%s", BOUNDARY);
    for (int k = 0; occurs(parts, n, boundary) && k < 1000; k++)
        snprintf(boundary, sizeof boundary, "%s-%d", BOUNDARY, k);
    snprintf(ctype, ctn, "multipart/related; boundary=%s; type=\"%s\"; start=\"<%s@%s>\"",
             boundary, type, parts[0].id, domain);
    alto_buf b = ALTO_BUF_INIT;
    char line[256];
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "--%s\r\nContent-ID: <%s@%s>\r\nContent-Type: %s\r\n\r\n",
                 boundary, parts[i].id, domain, parts[i].ctype);
        append_str(&b, line);
        alto_buf_append(&b, parts[i].body, parts[i].len);
        append_str(&b, "\r\n");
    }
    snprintf(line, sizeof line, "--%s--\r\n", boundary);
    append_str(&b, line);
    *len = b.len;
    return b.data;      /* ownership passes to the caller */
}

/* RFC 5322 atext, without the letters and digits. */
#define ATEXT_SPECIALS "!#$%&'*+-/=?^_`{|}~"

static int is_dot_atom_text(const char *s, size_t n) {
    if (n == 0 || s[0] == '.' || s[n - 1] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.') return 0;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || strchr(ATEXT_SPECIALS, c))) {
            return 0;
        }
    }
    return 1;
}

void srv_mpart_domain(const char *host, char *out, size_t n) {
    /* Host = uri-host [":" port]; an IPv6 literal ("[::1]:80") is not a
     * dot-atom and falls back, as does anything odd or too long. */
    size_t hl = host ? strcspn(host, ":") : 0;
    if (host && hl < 254 && is_dot_atom_text(host, hl)) {
        snprintf(out, n, "%.*s", (int)hl, host);
        return;
    }
    snprintf(out, n, "localhost");
}

/* alto_addr.c: addresses, prefixes and longest-prefix match.
 *
 * Parsing goes through inet_pton, which is strict (no "010.1.1.1" octal
 * surprises, no short forms) as RFC 7285's ABNF references require;
 * formatting through inet_ntop, whose IPv6 output is the RFC 5952 form.
 *
 * The LPM table is a flat array kept sorted by prefix length, longest
 * first, so the first hit is the answer.  ALTO network maps hold at most a
 * few thousand prefixes and lookups are per endpoint in a request, so a
 * trie would buy nothing measurable. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_addr.h"
#include "alto_buf.h"

int alto_addr_parse(const char *s, int family, alto_addr *out) {
    memset(out, 0, sizeof *out);
    if ((family == 0 || family == 4) && inet_pton(AF_INET, s, out->b) == 1) {
        out->family = 4;
        return 0;
    }
    if ((family == 0 || family == 6) && inet_pton(AF_INET6, s, out->b) == 1) {
        out->family = 6;
        return 0;
    }
    return -1;
}

int alto_addr_parse_typed(const char *s, alto_addr *out) {
    if (!strncmp(s, "ipv4:", 5)) return alto_addr_parse(s + 5, 4, out);
    if (!strncmp(s, "ipv6:", 5)) return alto_addr_parse(s + 5, 6, out);
    return -1;
}

static int addr_bits(int family) { return family == 4 ? 32 : 128; }

static void mask_host_bits(alto_addr *a, int len, int *had_host_bits) {
    int nbytes = addr_bits(a->family) / 8;
    for (int i = 0; i < nbytes; i++) {
        int keep = len - i * 8;
        uint8_t m = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
        if ((a->b[i] & ~m) && had_host_bits) *had_host_bits = 1;
        a->b[i] &= m;
    }
}

int alto_prefix_parse(const char *s, int family, int strict, alto_prefix *out) {
    char buf[64];
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t)(slash - s) : strlen(s);
    if (n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (alto_addr_parse(buf, family, &out->addr)) return -1;
    int max = addr_bits(out->addr.family);
    if (!slash) {
        out->len = max;
        return 0;
    }
    const char *p = slash + 1;
    if (!*p || strlen(p) > 3) return -1;
    int len = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        len = len * 10 + (*p - '0');
    }
    if (len > max || (slash[1] == '0' && slash[2])) return -1;   /* no "/08" */
    out->len = len;
    int host_bits = 0;
    mask_host_bits(&out->addr, len, &host_bits);
    return strict && host_bits ? -1 : 0;
}

int alto_addr_equal(const alto_addr *a, const alto_addr *b) {
    return a->family == b->family && !memcmp(a->b, b->b, sizeof a->b);
}

int alto_prefix_contains(const alto_prefix *p, const alto_addr *a) {
    if (p->addr.family != a->family) return 0;
    int full = p->len / 8, rest = p->len % 8;
    if (memcmp(p->addr.b, a->b, (size_t)full)) return 0;
    if (!rest) return 1;
    uint8_t m = (uint8_t)(0xff << (8 - rest));
    return (p->addr.b[full] & m) == (a->b[full] & m);
}

int alto_prefix_equal(const alto_prefix *a, const alto_prefix *b) {
    return a->addr.family == b->addr.family && a->len == b->len &&
           !memcmp(a->addr.b, b->addr.b, sizeof a->addr.b);
}

const char *alto_addr_fmt(const alto_addr *a, char *buf, int n) {
    if (!inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->b, buf, (socklen_t)n))
        snprintf(buf, (size_t)n, "?");
    return buf;
}

const char *alto_addr_fmt_typed(const alto_addr *a, char *buf, int n) {
    char tmp[64];
    snprintf(buf, (size_t)n, "ipv%d:%s", a->family, alto_addr_fmt(a, tmp, sizeof tmp));
    return buf;
}

const char *alto_prefix_fmt(const alto_prefix *p, char *buf, int n) {
    char tmp[64];
    snprintf(buf, (size_t)n, "%s/%d", alto_addr_fmt(&p->addr, tmp, sizeof tmp), p->len);
    return buf;
}

typedef struct lpm_row {
    alto_prefix prefix;
    int value;
} lpm_row;

struct alto_lpm {
    lpm_row *rows;
    size_t n, cap;
};

alto_lpm *alto_lpm_new(void) { return alto_xcalloc(1, sizeof(alto_lpm)); }

void alto_lpm_free(alto_lpm *t) {
    if (!t) return;
    free(t->rows);
    free(t);
}

void alto_lpm_add(alto_lpm *t, const alto_prefix *p, int value) {
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = alto_xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    /* Insertion keeps longest-first order; equal lengths keep insertion order. */
    size_t i = t->n;
    while (i > 0 && t->rows[i - 1].prefix.len < p->len) {
        t->rows[i] = t->rows[i - 1];
        i--;
    }
    t->rows[i].prefix = *p;
    t->rows[i].value = value;
    t->n++;
}

int alto_lpm_lookup(const alto_lpm *t, const alto_addr *a) {
    for (size_t i = 0; i < t->n; i++)
        if (alto_prefix_contains(&t->rows[i].prefix, a)) return t->rows[i].value;
    return -1;
}

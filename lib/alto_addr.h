/* alto_addr.h: IPv4/IPv6 addresses and prefixes, as ALTO uses them
 * (RFC 7285 section 10.4: TypedEndpointAddr "ipv4:192.0.2.1", CIDR
 * prefixes per RFC 4632, IPv6 text per RFC 5952) and longest-prefix match
 * for PID lookup. */
#ifndef ALTO_ADDR_H
#define ALTO_ADDR_H

#include <stdint.h>

typedef struct alto_addr {
    int family;             /* 4 or 6 */
    uint8_t b[16];          /* network order; IPv4 uses b[0..3] */
} alto_addr;

typedef struct alto_prefix {
    alto_addr addr;         /* host bits zero */
    int len;                /* 0..32 or 0..128 */
} alto_prefix;

/* Parse a bare address of the given family (4, 6, or 0 for either). */
int alto_addr_parse(const char *s, int family, alto_addr *out);
/* "ipv4:1.2.3.4" / "ipv6:::1"; rejects unknown types and bare addresses. */
int alto_addr_parse_typed(const char *s, alto_addr *out);
/* Prefix "10.0.0.0/8" or an address (full-length prefix).  strict: reject
 * host bits set (the ALTO wire form); lenient masks them. */
int alto_prefix_parse(const char *s, int family, int strict, alto_prefix *out);
int alto_addr_equal(const alto_addr *a, const alto_addr *b);
int alto_prefix_contains(const alto_prefix *p, const alto_addr *a);
int alto_prefix_equal(const alto_prefix *a, const alto_prefix *b);
/* Text forms: RFC 5952 canonical for IPv6. buf >= 64 bytes. */
const char *alto_addr_fmt(const alto_addr *a, char *buf, int n);
const char *alto_addr_fmt_typed(const alto_addr *a, char *buf, int n);
const char *alto_prefix_fmt(const alto_prefix *p, char *buf, int n);

/* Longest-prefix match table: prefixes mapped to an integer value. */
typedef struct alto_lpm alto_lpm;
alto_lpm *alto_lpm_new(void);
void alto_lpm_free(alto_lpm *t);
void alto_lpm_add(alto_lpm *t, const alto_prefix *p, int value);
/* Value of the longest prefix containing a, or -1. */
int alto_lpm_lookup(const alto_lpm *t, const alto_addr *a);

#endif

/* alto_sha256.h: SHA-256 (FIPS 180-4), the digest of a response body the
 * engine keeps only a prefix of (the evidence budget, conf_sess.h).
 *
 * Hand-written because no library altospec links offers one as an API:
 * jansson, libyaml, libcurl, libmicrohttpd, libxml2, libgsl and ns-3 have
 * none (libmicrohttpd hashes only inside digest authentication, ns-3 has
 * Murmur3 and FNV), and the TLS library under libcurl is libcurl's
 * business, not ours.  Streaming, so a body can be hashed as it arrives. */
#ifndef ALTO_SHA256_H
#define ALTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct alto_sha256 {
    uint32_t h[8];
    uint64_t len;               /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;
} alto_sha256;

void alto_sha256_init(alto_sha256 *s);
void alto_sha256_update(alto_sha256 *s, const void *data, size_t n);
/* The digest as 64 lowercase hex digits and a NUL. */
void alto_sha256_hex(alto_sha256 *s, char out[65]);
/* One call: hex digest of data. */
void alto_sha256_of(const void *data, size_t n, char out[65]);

#endif

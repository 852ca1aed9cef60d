/* alto_uri.h: URI references, resolved the RFC 3986 section 5 way by
 * libcurl's URL parser (CURLU), never by string surgery.
 *
 * RFC 7285 section 9.2 lets an IRD give relative URIs, resolved against
 * the IRD's own URI; "../x", "./x", "//host/x" and "x?query" all occur in
 * the wild, and dot segments are removed (RFC 3986 section 5.2.4). */
#ifndef ALTO_URI_H
#define ALTO_URI_H

/* ref resolved against base (malloc'ed), or NULL when either does not
 * parse as a URL. */
char *alto_uri_resolve(const char *base, const char *ref);
/* url in libcurl's normal form (dot segments removed, scheme
 * lowercased), malloc'ed, or NULL: for comparing URLs (IRD loops). */
char *alto_uri_normalize(const char *url);

#endif

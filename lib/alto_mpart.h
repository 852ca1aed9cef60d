/* alto_mpart.h: the bounded multipart/related reader (RFC 2387 over RFC
 * 2046 section 5.1), for RFC 9275 path vector answers and every later
 * multipart ALTO response.
 *
 * The reader is lenient on purpose and says where it was: a body that
 * uses bare LF line breaks, lacks the close delimiter, or whose boundary
 * had to be guessed from the first delimiter line still yields its parts,
 * with a deviation bit set.  A conformance case then judges the deviation
 * (a FAIL of the case that quotes the broken rule) while every other case
 * can still look at the parts; a client that needs the parts
 * (alto_mpart_read) refuses the deviations that could mislead it.  Only a
 * body in which no part can be found at all is "not parsable".
 * Everything is bounded: parts (ALTO_MPART_MAX_PARTS, more are counted),
 * header lines per part, header and parameter lengths; parts point into
 * the caller's body. */
#ifndef ALTO_MPART_H
#define ALTO_MPART_H

#include <stddef.h>
#include <jansson.h>
#include "alto_err.h"

#define ALTO_MPART_MAX_PARTS 8
#define ALTO_MPART_MAX_HEADERS 32   /* header lines looked at per part */

/* Deviations from RFC 2046 section 5.1.1 tolerated by the reader. */
enum {
    ALTO_MPART_DEV_LF = 1 << 0,          /* a line break is a bare LF, not CRLF */
    ALTO_MPART_DEV_NO_CLOSE = 1 << 1,    /* no close delimiter "--boundary--" */
    ALTO_MPART_DEV_GUESSED = 1 << 2,     /* no boundary parameter: taken from the body */
    ALTO_MPART_DEV_BAD_BOUNDARY = 1 << 3,/* boundary is not 1..70 bchars */
    ALTO_MPART_DEV_BAD_HEADER = 1 << 4,  /* a part header line without "name:" */
};

typedef struct alto_mpart_part {
    char content_id[256];       /* trimmed header value, "" when absent */
    char content_type[256];     /* trimmed header value, "" when absent */
    int has_id, has_type;
    int nid, ntype;             /* how many Content-ID / Content-Type lines */
    char media[128];            /* media type of content_type, lowercased */
    const char *body;           /* into the caller's buffer */
    size_t len;
    json_t *json;               /* parsed body (object) or NULL */
    char jerr[256];             /* why json is NULL */
    int no_blank;               /* the headers ran to the end: no empty line */
} alto_mpart_part;

typedef struct alto_mpart {
    char media[128];            /* of the response Content-Type, lowercased */
    char boundary[128];         /* as used (parameter, or guessed) */
    char type[256], start[256]; /* parameters, "" when absent */
    int has_boundary, has_type, has_start;
    alto_mpart_part parts[ALTO_MPART_MAX_PARTS];
    int nparts;                 /* parts found (may exceed the array) */
    int delims;                 /* delimiter lines found */
    unsigned dev;               /* ALTO_MPART_DEV_* */
    char err[256];              /* why the body is not parsable */
} alto_mpart;

/* Parses body as multipart by the Content-Type ctype.  Returns 0 when at
 * least one part was found, -1 otherwise (m->err says why).  Part bodies
 * are parsed as JSON objects bounded by max_depth.  alto_mpart_free() in
 * both cases. */
int alto_mpart_parse(alto_mpart *m, const char *ctype, const char *body, size_t len, int max_depth);
void alto_mpart_free(alto_mpart *m);

/* Index of the root part: the one `start` names, else 0; -1 when start
 * names no part (or there is none). */
int alto_mpart_root(const alto_mpart *m);

/* Text of the deviations in d ("bare LF line breaks ...; no close
 * delimiter ..."), into out. */
const char *alto_mpart_dev_text(unsigned d, char *out, size_t n);

/* RFC 2046 boundary syntax: 1..70 bchars, not ending in a space. */
int alto_mpart_boundary_ok(const char *b);

/* RFC 9275 section 6.6 Part Content ID "<" PART-RESOURCE-ID "@" DOMAIN ">":
 * 1 with the part resource id copied to rid, else 0 and a reason. */
int alto_mpart_content_id(const char *cid, char *rid, size_t n, const char **why);

/* The client's reading: the parts of an answer the asker is going to use,
 * as a new array of {"content_id", "content_type", "body"} objects, root
 * first ("body" the JSON object, else the part's text; "content_type"
 * "text/plain" when absent).  Refused, with the reason in err: a
 * Content-Type that is not multipart, no boundary parameter, no delimiter,
 * no part, a part without the blank line after its headers, more parts
 * than the reader keeps, a `start` that names no part. */
int alto_mpart_read(const char *ctype, const char *body, size_t len, int max_depth,
                    json_t **parts, alto_err *err);

#endif

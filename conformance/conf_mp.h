/* conf_mp.h: a bounded multipart/related reader (RFC 2387 over RFC 2046
 * section 5.1) for the RFC 9275 path vector responses.
 *
 * The reader is lenient on purpose and says where it was: a body that
 * uses bare LF line breaks, lacks the close delimiter, or whose boundary
 * had to be guessed from the first delimiter line still yields its parts,
 * with a deviation bit set.  The cases then judge the deviation (a FAIL of
 * the case that quotes the broken rule) while every other case can still
 * look at the parts.  Only a body in which no part can be found at all is
 * "not parsable" (ERROR, as for a non-JSON body).  Everything is bounded:
 * parts (CONF_MP_MAX_PARTS, more are counted), header lines per part,
 * header and parameter lengths; parts point into the caller's body. */
#ifndef CONF_MP_H
#define CONF_MP_H

#include <stddef.h>
#include <jansson.h>

#define CONF_MP_MAX_PARTS 8
#define CONF_MP_MAX_HEADERS 32      /* header lines looked at per part */

/* Deviations from RFC 2046 section 5.1.1 tolerated by the reader. */
enum {
    CONF_MP_DEV_LF = 1 << 0,          /* a line break is a bare LF, not CRLF */
    CONF_MP_DEV_NO_CLOSE = 1 << 1,    /* no close delimiter "--boundary--" */
    CONF_MP_DEV_GUESSED = 1 << 2,     /* no boundary parameter: taken from the body */
    CONF_MP_DEV_BAD_BOUNDARY = 1 << 3,/* boundary is not 1..70 bchars */
    CONF_MP_DEV_BAD_HEADER = 1 << 4,  /* a part header line without "name:" */
};

typedef struct conf_mp_part {
    char content_id[256];       /* trimmed header value, "" when absent */
    char content_type[256];     /* trimmed header value, "" when absent */
    int has_id, has_type;
    int nid, ntype;             /* how many Content-ID / Content-Type lines */
    char media[128];            /* media type of content_type, lowercased */
    const char *body;           /* into the caller's buffer */
    size_t len;
    json_t *json;               /* parsed body (object) or NULL */
    char jerr[256];             /* why json is NULL */
} conf_mp_part;

typedef struct conf_mp {
    char media[128];            /* of the response Content-Type, lowercased */
    char boundary[128];         /* as used (parameter, or guessed) */
    char type[256], start[256]; /* parameters, "" when absent */
    int has_boundary, has_type, has_start;
    conf_mp_part parts[CONF_MP_MAX_PARTS];
    int nparts;                 /* parts found (may exceed the array) */
    unsigned dev;               /* CONF_MP_DEV_* */
    char err[256];              /* why the body is not parsable */
} conf_mp;

/* Value of parameter `name` (case-insensitive) of a Content-Type value,
 * unquoted (RFC 2045 token or quoted-string): 1 found, 0 absent, -1 when
 * the parameter list is malformed (reason in out). */
int conf_ct_param(const char *ctype, const char *name, char *out, size_t n);

/* Parses body as multipart by the Content-Type ctype.  Returns 0 when at
 * least one part was found, -1 otherwise (m->err says why).  Part bodies
 * are parsed as JSON bounded by max_depth.  conf_mp_free() in both cases. */
int conf_mp_parse(conf_mp *m, const char *ctype, const char *body, size_t len, int max_depth);
void conf_mp_free(conf_mp *m);

/* Text of the deviations in d ("bare LF line breaks; no close
 * delimiter"), into out. */
const char *conf_mp_dev_text(unsigned d, char *out, size_t n);

/* RFC 2046 boundary syntax: 1..70 bchars, not ending in a space. */
int conf_mp_boundary_ok(const char *b);

/* RFC 9275 section 6.6 Part Content ID "<" PART-RESOURCE-ID "@" DOMAIN ">":
 * 1 with the part resource id copied to rid, else 0 and a reason. */
int conf_mp_content_id(const char *cid, char *rid, size_t n, const char **why);

#endif

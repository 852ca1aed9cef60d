/* alto_ird.h: the Information Resource Directory (RFC 7285 section 9) as
 * a client sees it: the root IRD and the delegated IRDs it leads to, one
 * flat list of resources, each with its URI resolved (RFC 3986 section 5,
 * against the URL of the IRD that defines it) and its kind of service
 * found from (media-type, accepts).
 *
 * Built by alto_client_ird() (alto_client.h); this header holds the shapes
 * and the lookups.  Borrowed pointers (ids, media types, entries) point
 * into the IRD bodies, which the client's exchange log owns. */
#ifndef ALTO_IRD_H
#define ALTO_IRD_H

#include <jansson.h>

struct alto_xchg;

/* Kinds of service, from (media-type, accepts) of an IRD entry.  The
 * first ten keep the order of the engine's conf_svc. */
typedef enum alto_svc {
    ALTO_SVC_OTHER, ALTO_SVC_IRD, ALTO_SVC_NETMAP, ALTO_SVC_COSTMAP,
    ALTO_SVC_FNETMAP, ALTO_SVC_FCOSTMAP, ALTO_SVC_EPROP, ALTO_SVC_ECS,
    /* RFC 9275: media-type "multipart/related" whose "type" parameter is
     * the cost map / endpoint cost media type (accepts is not used to
     * classify: a suite judges it). */
    ALTO_SVC_PV_COSTMAP, ALTO_SVC_PV_ECS,
    /* RFC 9240 property maps: full (GET) and filtered (POST). */
    ALTO_SVC_PROPMAP, ALTO_SVC_FPROPMAP,
    ALTO_NSVC
} alto_svc;

typedef struct alto_res {
    const char *id;             /* resource id, borrowed from the IRD body */
    const char *uri_raw;        /* as written, may be relative; NULL if absent */
    char *uri;                  /* resolved, NULL if it does not resolve */
    const char *media, *accepts;/* NULL when absent or not strings */
    json_t *entry, *caps, *uses;/* borrowed; caps/uses NULL when absent */
    int ird;                    /* index of the defining IRD document */
    alto_svc svc;
    int multipart;              /* media type is multipart/related (any type) */
} alto_res;

typedef struct alto_irdoc {
    char *url;
    char *norm;                 /* url in normal form (loop detection) */
    struct alto_xchg *x;        /* the fetch (owned by the client's log) */
    json_t *doc;                /* x->json when HTTP 200, else NULL */
    int depth;                  /* 0 = root */
    const char *via;            /* delegating resource id, NULL for the root */
} alto_irdoc;

typedef struct alto_ird {
    alto_irdoc *irds;
    int nirds;
    alto_res *res;
    int nres;
    char note[512];             /* what was not followed (depth, breadth) */
} alto_ird;

const char *alto_svc_name(alto_svc svc);
/* The kind of a resource of this media type and accepts (either NULL). */
alto_svc alto_svc_of(const char *media, const char *accepts);

/* The first resource with this id, or NULL. */
const alto_res *alto_ird_find(const alto_ird *d, const char *id);
/* The n-th resource of a kind that has a URI, or NULL. */
const alto_res *alto_ird_nth(const alto_ird *d, alto_svc svc, int n);
/* CostType object `name` in the meta of the IRD defining r, or NULL. */
json_t *alto_ird_cost_type(const alto_ird *d, const alto_res *r, const char *name);
/* The first resource of kind svc (with a URI) among r's "uses", or NULL. */
const alto_res *alto_ird_uses(const alto_ird *d, const alto_res *r, alto_svc svc);
/* 1 when r's capabilities list `name` in member `cap` (an array of strings). */
int alto_res_lists(const alto_res *r, const char *cap, const char *name);

/* Used by alto_client.c: adds document url (depth, via) and the resources
 * of its body (while the closure has fewer than max; returns how many
 * were left out); frees everything. */
int alto_ird_add_doc(alto_ird *d, const char *url, int depth, const char *via);
size_t alto_ird_add_resources(alto_ird *d, int k, int max);
void alto_ird_free(alto_ird *d);

#endif

/* srv_int.h: the inside of the reference server, shared by its files and
 * its unit tests (not by the rest of altospec, which uses srv.h).
 *
 *   srv_model.c  topology -> PIDs, cost matrices, vtag (the ALTO view)
 *   srv_json.c   model -> RFC 7285 documents (network map, cost map, error)
 *   srv_ird.c    the Information Resource Directory and the route table
 *   srv_req.c    POST services: request validation and answers
 *   srv_neg.c    HTTP content negotiation (Accept, Content-Type)
 *   srv_handle.c requests independent of the HTTP version: snapshots, cache, checks
 *   srv_http.c   HTTP/1.1 via libmicrohttpd, start/stop
 *   srv_front.c  accept front: connection limits, head deadline, head checks
 *   srv_head.c   RFC 9112 request head rules (pure functions)
 *   srv_cmd.c    `altospec serve`
 *   srv_ane.c    RFC 9275 abstract network elements: one per directed link
 *   srv_propmap.c  RFC 9240 property map of the persistent link ANEs
 *   srv_pv.c     RFC 9275 path vector services (multipart answers)
 *   srv_mpart.c  multipart/related serialization (RFC 2387)
 *   srv_mc.c     RFC 8189 multi-cost services, RFC 9274 cost mode rules
 *   srv_metrics.c  RFC 9439 performance metrics: link sums, queue bounds, tput
 *   srv_upm.c    RFC 9240 entity ids and property store (srv_upm.h)
 *   srv_upm_doc.c  RFC 9240 property map documents, the entity property map
 *   srv_cdni.c   RFC 9241 CDNI advertisements (full, filtered) and their IRD entries
 *   srv_cdni_pm.c  RFC 9241 section 6 property map of the CDNI footprints
 *
 * A srv_model is immutable once built: request threads read it without
 * locks; a reload builds a new one and swaps it in (srv_handle.c). */
#ifndef SRV_INT_H
#define SRV_INT_H

#include <jansson.h>
#include <pthread.h>
#include "sim_topo.h"
#include "alto_addr.h"
#include "alto_err.h"
#include "srv.h"

#define SRV_NETMAP_ID "default-network-map"
#define SRV_PID_PROP SRV_NETMAP_ID ".pid"

/* ---- media types (RFC 7285 table 2) ---- */
#define SRV_MT_IRD        "application/alto-directory+json"
#define SRV_MT_NETMAP     "application/alto-networkmap+json"
#define SRV_MT_NETMAPF    "application/alto-networkmapfilter+json"
#define SRV_MT_COSTMAP    "application/alto-costmap+json"
#define SRV_MT_COSTMAPF   "application/alto-costmapfilter+json"
#define SRV_MT_EPROP      "application/alto-endpointprop+json"
#define SRV_MT_EPROPP     "application/alto-endpointpropparams+json"
#define SRV_MT_ECOST      "application/alto-endpointcost+json"
#define SRV_MT_ECOSTP     "application/alto-endpointcostparams+json"
#define SRV_MT_ERROR      "application/alto-error+json"
/* RFC 9240 and RFC 9275 */
#define SRV_MT_PROPMAP    "application/alto-propmap+json"
#define SRV_MT_PROPMAPP   "application/alto-propmapparams+json"
#define SRV_MT_PV_COSTMAP "multipart/related;type=" SRV_MT_COSTMAP
#define SRV_MT_PV_ECOST   "multipart/related;type=" SRV_MT_ECOST

/* Optional extensions (srv.h SRV_EXT_*) are a bit mask on routes and
 * servers: a route whose bits are not all enabled is neither advertised nor
 * served. */

/* ---- cost metrics and the offered cost types (srv_model.c) ---- */
typedef enum srv_metric {
    SRV_M_ROUTINGCOST, SRV_M_HOPCOUNT, SRV_M_DELAY_OW, SRV_M_DELAY_RT,
    SRV_M_BW_AVAILABLE,
    /* RFC 9439 (srv_metrics.c) */
    SRV_M_DELAY_OW_MAX, SRV_M_DELAY_RT_MAX, SRV_M_DELAY_VAR, SRV_M_DELAY_VAR_MAX,
    SRV_M_LOSSRATE, SRV_M_BW_RESIDUAL, SRV_M_BW_MAXRES, SRV_M_TPUT,
    SRV_M_COUNT
} srv_metric;

/* The resources a cost type is listed by (srv_cost_type.sets): the RFC
 * 7285 and RFC 8189 resources (BASE), and the RFC 9439 resources, one
 * pair per cost source, since RFC 9439 section 3.1 forbids one resource
 * to announce two types that differ only in their cost-context. */
#define SRV_SET_BASE 1u
#define SRV_SET_EST 2u          /* "estimation" (srv_metrics.c) */
#define SRV_SET_NOM 4u          /* "nominal" */
#define SRV_SET_SLA 8u          /* "sla" */

typedef struct srv_cost_type {
    const char *name;           /* IRD-local name: "num-routingcost" */
    const char *metric;         /* "routingcost" */
    const char *mode;           /* "numerical" | "ordinal" */
    srv_metric m;
    int ordinal;
    const char *cost_source;    /* RFC 9439 cost-context, or NULL */
    const char *description;
    unsigned sets;              /* SRV_SET_* resources that list it */
    const char *params;         /* cost-context "parameters" as JSON text, or NULL */
} srv_cost_type;

#define SRV_MAX_TYPES 24
extern const srv_cost_type srv_cost_types[];
extern const int srv_ncost_types;
/* The RFC 9275 path vector type is not in srv_cost_types: it has no full
 * cost map and only the multipart resources offer it.  Requests naming it
 * get this pseudo index. */
#define SRV_PV_TYPE (-2)
#define SRV_PV_TYPE_NAME "path-vector"
#define SRV_PV_METRIC "ane-path"
#define SRV_PV_MODE "array"
/* Index of the type of the RFC 7285 resources (SRV_SET_BASE) with this
 * metric and mode, or -1. */
int srv_cost_type_find(const char *metric, const char *mode);
/* The same among the types listed by the resources of set. */
int srv_cost_type_find_in(unsigned set, const char *metric, const char *mode);
/* 1 if some type of the RFC 7285 resources has this metric. */
int srv_metric_offered(const char *metric);
int srv_metric_offered_in(unsigned set, const char *metric);
/* The extension (SRV_EXT_*) a type needs: 0 for the base types, else
 * SRV_EXT_PM; the IRD's meta.cost-types and full cost maps follow it. */
unsigned srv_cost_type_ext(int t);

/* ---- the model ---- */
typedef struct srv_model {
    sim_topo *topo;             /* owned */
    int npids;
    char tag[33];               /* vtag tag: hex content hash */
    unsigned ext;               /* SRV_EXT_* served: the RFC 9439 types need SRV_EXT_PM */
    /* vals[t][src * npids + dst]: the value of cost type t between PIDs as
     * the full cost map states it; NAN = undefined (omitted).  NULL for a
     * type not served (srv_cost_type_ext(t) not in ext). */
    double *vals[SRV_MAX_TYPES];
    alto_lpm *lpm;              /* address -> PID index */
    json_t *pid_index;          /* PID name -> index (read-only once built) */
    struct srv_ane *ane;        /* RFC 9275 view of the links (srv_ane.c) */
    /* RFC 9439 tput, host to host (nhosts x nhosts, bytes/s; NAN =
     * undefined): only built when SRV_EXT_PM is served (srv_metrics.c). */
    double *tput;
    struct srv_upm *upm;        /* RFC 9240 entity properties (srv_upm.h) */
    struct srv_cdni *cdni;      /* RFC 9241 advertisements (srv_cdni.c), NULL without */
} srv_model;

srv_model *srv_model_new(sim_topo *topo, alto_err *err);  /* takes topo */
/* The same for a server serving ext (SRV_EXT_*): SRV_EXT_PM adds tput. */
srv_model *srv_model_new_ext(sim_topo *topo, unsigned ext, alto_err *err);

/* ---- RFC 9439 metrics (srv_metrics.c) ---- */
/* Host-to-host value of an RFC 9439 metric that srv_host_cost() does not
 * compute itself (SRV_M_DELAY_OW_MAX and after); NAN if undefined. */
double srv_pm_host_cost(const srv_model *m, srv_metric metric, int a, int b);
/* Fills m->tput (the flow model's lone bulk transfer); -1 on failure. */
int srv_pm_build_tput(srv_model *m, alto_err *err);
void srv_model_free(srv_model *m);

/* Numerical value of metric m between two hosts (node indices), using the
 * topology's routes; NAN if undefined. */
double srv_host_cost(const srv_model *m, srv_metric metric, int hsrc, int hdst);
/* Numerical value of metric between PIDs (worst case over host pairs);
 * NAN if undefined.  Computes; srv_model_pid_cost() reads the table. */
double srv_pid_cost(const srv_model *m, srv_metric metric, int psrc, int pdst);
double srv_model_pid_cost(const srv_model *m, srv_metric metric, int psrc, int pdst);
/* 1 when larger values of the metric are better (bw-available). */
int srv_metric_higher_better(srv_metric m);
/* Replaces vals[0..n) (NAN = skip) with ordinal ranks: 1 = best, equal
 * values equal rank, dense (1, 1, 2). */
void srv_rank(double *vals, int n, int higher_better);
/* 128-bit FNV-1a of a then b (b may be NULL), as 32 hex digits: the
 * vtag tags of every resource. */
void srv_tag_of(const char *a, const char *b, char out[33]);
/* PID index by name, or -1 (hash lookup: request lists can be long). */
int srv_model_pid(const srv_model *m, const char *name);
/* PID index of an address (longest-prefix match); always found because the
 * default PID covers 0.0.0.0/0 and ::/0. */
int srv_model_pid_of(const srv_model *m, const alto_addr *a);

/* ---- constraints (srv_req.c) ---- */
typedef struct srv_constraint {
    int op;                     /* SRV_OP_* */
    double v;
} srv_constraint;
enum { SRV_OP_GT, SRV_OP_LT, SRV_OP_GE, SRV_OP_LE, SRV_OP_EQ };
/* "le 6": 0 or -1. */
int srv_constraint_parse(const char *s, srv_constraint *out);
int srv_constraints_hold(const srv_constraint *c, int n, double v);

/* ---- documents (srv_json.c) ---- */
/* A JSON number for a cost: integers when integral (|v| < 2^53). */
json_t *srv_json_cost(double v);
json_t *srv_json_vtag(const srv_model *m);
/* Cost type as responses echo it: {cost-mode, cost-metric[, cost-context]}. */
json_t *srv_json_cost_type(int t, int with_description);
/* Network map document.  pick: NULL = all PIDs, else npids flags;
 * families: bit 0 = ipv4, bit 1 = ipv6. */
json_t *srv_json_netmap(const srv_model *m, const char *pick, int families);
/* Cost map document for type t.  srcs/dsts: NULL = all, else npids flags. */
json_t *srv_json_costmap(const srv_model *m, int t, const char *srcs,
                         const char *dsts, const srv_constraint *c, int nc);
/* RFC 7285 section 8.5 error document.  field/value/syntax may be NULL;
 * value is only emitted with field. */
json_t *srv_json_error(const char *code, const char *field, const char *value,
                       const char *syntax);
/* Serialization used for every response (compact, 15 significant digits). */
char *srv_json_dump(const json_t *doc, size_t *len);

/* ---- the IRD and the route table (srv_ird.c) ---- */
typedef enum srv_kind {
    SRV_K_IRD, SRV_K_NETMAP, SRV_K_COSTMAP, SRV_K_NETMAP_FILTER,
    SRV_K_COSTMAP_FILTER, SRV_K_EPROP, SRV_K_ECOST,
    SRV_K_PROPMAP, SRV_K_PROPMAP_FILTER,    /* RFC 9240 link-props */
    SRV_K_PV_COSTMAP, SRV_K_PV_ECOST,       /* RFC 9275 multipart */
    SRV_K_MC_COSTMAP, SRV_K_MC_ECOST,       /* RFC 8189 multi-cost */
    SRV_K_UPM, SRV_K_UPM_FILTER,            /* RFC 9240 entity property maps */
    SRV_K_CDNI, SRV_K_CDNI_FILTER,          /* RFC 9241, one per dCDN (path prefix) */
    SRV_K_CDNI_PROPMAP, SRV_K_CDNI_PROPMAP_FILTER
} srv_kind;

typedef struct srv_route {
    srv_kind kind;
    int cost_type;              /* SRV_K_COSTMAP: index into srv_cost_types */
    const char *path;           /* "/costmap/num-hopcount" */
    const char *resource_id;
    const char *media_type;     /* of the successful response */
    const char *accepts;        /* request media type (POST), NULL for GET */
    unsigned ext;               /* SRV_EXT_* bits it needs; 0 = RFC 7285 */
    unsigned set;               /* SRV_K_MC_*: the SRV_SET_* of types it offers */
} srv_route;

#define SRV_MAX_ROUTES 64   /* fixed resources + one cost map per type */

/* Every route the server answers, in IRD order; n set to the count. */
const srv_route *srv_routes(int *n);
const srv_route *srv_route_find(const char *path);
/* The IRD document; base = "http://host:port" or "" for relative URIs.
 * srv_ird_new() advertises the RFC 7285 resources only; ext adds the
 * extensions' (SRV_EXT_* bits). */
json_t *srv_ird_new(const char *base);
json_t *srv_ird_new_ext(const char *base, unsigned ext);

/* ---- request validation, shared by every POST service (srv_req.c) ----
 * RFC 7285 section 8.5.2: the first error found is the one reported. */
typedef struct srv_rqerr {
    const char *code;
    char field[128];
    char *value;        /* owned; freed by srv_rq_error_doc() */
    char syntax[256];
} srv_rqerr;

/* Records an error (value: the offending JSON value, stringified); -1. */
int srv_rq_fail(srv_rqerr *e, const char *code, const char *field, const json_t *value);
int srv_rq_fail_str(srv_rqerr *e, const char *field, const char *value);
/* Member key of obj with JSON type `type`; *out = NULL when absent and
 * optional.  path names it in errors ("cost-type/cost-metric"). */
int srv_rq_member(srv_rqerr *e, const json_t *obj, const char *key, const char *path,
                  json_type type, int required, json_t **out);
/* Every element a string, else E_INVALID_FIELD_VALUE on the array. */
int srv_rq_strings(srv_rqerr *e, const json_t *arr, const char *path);
int srv_is_pidname(const char *s);
/* "cost-type" -> index into srv_cost_types, or SRV_PV_TYPE when pv and the
 * request names ane-path/array. */
int srv_rq_cost_type(srv_rqerr *e, const json_t *req, int pv, int *t);
/* The same among the types of the resources of set (SRV_SET_*). */
int srv_rq_cost_type_in(srv_rqerr *e, const json_t *req, unsigned set, int *t);
/* Optional "pids" of a filtered cost map: npids flags each (absent or
 * empty list = every PID). */
int srv_rq_costmap_pids(srv_rqerr *e, const srv_model *m, const json_t *req,
                        char *srcs, char *dsts);
/* The request body as a JSON object, or NULL with E_SYNTAX in e. */
json_t *srv_rq_parse(const char *body, size_t len, srv_rqerr *e);
/* The error document of e (frees e->value). */
json_t *srv_rq_error_doc(srv_rqerr *e);

typedef struct srv_endpoint {
    char key[80];       /* canonical TypedEndpointAddr */
    int host;           /* node index, or -1 */
    int pid;
} srv_endpoint;
/* The "endpoints" filter of an Endpoint Cost request (11.5.1.3): lists
 * de-duplicated, empty or missing = the client; *src and *dst malloc'ed
 * (freed by the caller also on failure). */
int srv_rq_ecs_endpoints(srv_rqerr *e, const srv_model *m, const json_t *req,
                         const alto_addr *client, srv_endpoint **src, int *ns,
                         srv_endpoint **dst, int *nd);
/* The values of cost type t for src x dst, row-major, NAN = undefined,
 * ranked over all ns * nd entries when ordinal; malloc'ed. */
double *srv_ecs_values(const srv_model *m, int t, const srv_endpoint *src, int ns,
                       const srv_endpoint *dst, int nd);
/* endpoint-cost-map of cost type t (srv_cost_types index). */
json_t *srv_ecs_costs(const srv_model *m, int t, const srv_endpoint *src, int ns,
                      const srv_endpoint *dst, int nd, const srv_constraint *c, int nc);

/* ---- POST services (srv_req.c) ---- */
/* Largest source x destination product an Endpoint Cost request may ask
 * for; beyond it the answer would be gigabytes (400, field "endpoints"). */
#define SRV_ECS_MAX_PAIRS 1000000

/* Answers a POST body for route kind k.  Returns the response document and
 * sets *status (200, or 400 with an error document).  client = the peer's
 * address (the Endpoint Cost Service default endpoint), may be NULL. */
json_t *srv_post(const srv_model *m, srv_kind k, const char *body, size_t len,
                 const alto_addr *client, int *status);

/* ---- RFC 9275 abstract network elements (srv_ane.c) ----
 * One ANE per directed link, named "<from>-<to>" (or "link<k>").  The
 * persistent ANEs of the same links are defined by the property map
 * SRV_LINKPROPS_ID (srv_propmap.c). */
#define SRV_LINKPROPS_ID "link-props"
#define SRV_LINKPROPS_FULL_ID "link-props-full"

typedef struct srv_ane {
    int nlinks;
    char **name;        /* per directed link */
    json_t *index;      /* name -> link index */
    int *pair;          /* [2 * (ps * npids + pd)]: the host pair whose route is
                         * the PID pair's path vector; -1 = undefined */
    char tag[33];       /* vtag tag of the link property maps */
} srv_ane;

/* One property an ANE may have, in the IRD's order. */
typedef struct srv_ane_prop {
    const char *name;
    int ephemeral;      /* offered on path vector ANEs ("ane-property-names") */
    int persistent;     /* offered by the link property maps ("mappings") */
    json_t *(*value)(const srv_model *m, int link);     /* NULL = undefined */
} srv_ane_prop;
extern const srv_ane_prop srv_ane_props[];
extern const int srv_nane_props;
/* Index in srv_ane_props of an ephemeral (pv) or persistent property, or -1. */
int srv_ane_prop_find(const char *name, int persistent);

srv_ane *srv_ane_new(const srv_model *m);
void srv_ane_free(srv_ane *a);
/* Link index of an ANE name, or -1. */
int srv_ane_link(const srv_model *m, const char *name);
/* The path vector between two PIDs / two endpoints as directed links;
 * returns the count (0 for a host to itself) or -1 when undefined. */
int srv_ane_pid_path(const srv_model *m, int ps, int pd, const int **links);
int srv_ane_endpoint_path(const srv_model *m, const srv_endpoint *s,
                          const srv_endpoint *d, const int **links);
/* The ANE names of links[0..n) as a JSON array, in path order. */
json_t *srv_ane_vector(const srv_model *m, const int *links, int n);
/* {property: value} of link for the properties flagged in want
 * (srv_nane_props flags); undefined values are left out. */
json_t *srv_ane_link_props(const srv_model *m, int link, const char *want);

/* ---- RFC 9240 property maps of the persistent ANEs (srv_propmap.c) ---- */
json_t *srv_propmap_vtag(const srv_model *m);
json_t *srv_propmap_full(const srv_model *m);
/* Filtered property map (RFC 9240 section 8): NULL with e set on error. */
json_t *srv_propmap_filtered(const srv_model *m, const json_t *req, srv_rqerr *e);
/* mappings capability of the link property maps. */
json_t *srv_propmap_mappings(void);

/* ---- multipart/related (srv_mpart.c) ---- */
typedef struct srv_part {
    const char *id;         /* Part Resource ID: "costmap" */
    const char *ctype;      /* its media type */
    const char *body;
    size_t len;
} srv_part;
/* The RFC 2387 body of parts[0..n) (parts[0] is the root), malloc'ed;
 * *len its size and ctype (size ctn) the Content-Type header value with
 * boundary, type and start.  domain: the DOMAIN-NAME of Content-IDs. */
char *srv_mpart_build(const srv_part *parts, int n, const char *type,
                      const char *domain, size_t *len, char *ctype, size_t ctn);
/* The server's domain name for Content-IDs (RFC 9275 section 6.6, RFC
 * 5322 dot-atom-text) from a Host header: its host part when it is one,
 * else "localhost". */
void srv_mpart_domain(const char *host_header, char *out, size_t n);

/* ---- RFC 9275 path vector services (srv_pv.c) ---- */
/* Resource ids; "<resource-id>.<part-resource-id>" must fit a 64-character
 * ResourceID (RFC 9275 section 6.6, which RECOMMENDS <= 31 each). */
#define SRV_PV_COSTMAP_ID "filtered-cost-map-pv"
#define SRV_PV_ECOST_ID "endpoint-cost-pv"
#define SRV_PV_PART_COSTMAP "costmap"
#define SRV_PV_PART_ECOST "ecs"
#define SRV_PV_PART_PROPMAP "propmap"

typedef struct srv_answer {
    int status;
    char *body;             /* malloc'ed */
    size_t len;
    char ctype[256];
} srv_answer;
/* Answers a POST to a multipart path vector route (SRV_K_PV_*): 200 with a
 * multipart/related body, or 400 with an ALTO error document. */
void srv_pv_post(const srv_model *m, const srv_route *r, const char *body, size_t len,
                 const alto_addr *client, const char *domain, srv_answer *out);

/* ---- RFC 8189 multi-cost and RFC 9274 cost modes (srv_mc.c) ---- */
#define SRV_MC_COSTMAP_ID "filtered-cost-map-mc"
#define SRV_MC_ECOST_ID "endpoint-cost-mc"
/* max-cost-types of the multi-cost resources (capped by the table size). */
#define SRV_MC_MAX_TYPES 4
int srv_mc_max_types(void);
int srv_mc_max_types_in(unsigned set);
/* 1 if constraints may test type t (testable-cost-type-names). */
int srv_mc_testable(int t);
/* RFC 9274 section 3.2: at most 32 characters of [A-Za-z0-9-:_], and a
 * registered mode (numerical, ordinal, array) or "priv:" + something. */
int srv_cost_mode_valid(const char *mode);
/* Answers a POST to SRV_K_MC_*: 200 with the cost map / endpoint cost map,
 * or 400 with an ALTO error document. */
void srv_mc_post(const srv_model *m, const srv_route *r, const char *body, size_t len,
                 const alto_addr *client, srv_answer *out);

/* ---- RFC 9241 CDNI advertisements (srv_cdni.c, srv_cdni_pm.c) ----
 * One CDNI Advertisement resource per downstream CDN of the topology's
 * `cdni:` section (sim_cdni.h): "cdni-<name>" at SRV_CDNI_PATH<name> and
 * its filtered twin "cdni-<name>-filtered" at SRV_CDNIF_PATH<name>; the
 * routes are path prefixes (srv_route_find) and the IRD entries are added
 * per snapshot (srv_cdni_ird), since the names come from the topology. */
#define SRV_MT_CDNI "application/alto-cdni+json"
#define SRV_MT_CDNIF "application/alto-cdnifilter+json"
#define SRV_CDNI_PATH "/cdni/"
#define SRV_CDNIF_PATH "/cdni-filtered/"
#define SRV_CDNI_PM_ID "cdni-props"
#define SRV_CDNI_PMF_ID "cdni-props-filtered"
#define SRV_CDNI_PROP "cdni-capabilities"
#define SRV_CDNI_MAXD 16

typedef struct srv_cdni {
    int n;                          /* downstream CDNs */
    const json_t *dcdn[SRV_CDNI_MAXD];  /* borrowed from topo->cdni */
    char id[SRV_CDNI_MAXD][64];     /* resource id "cdni-<name>" */
    int uses_netmap[SRV_CDNI_MAXD]; /* altopid footprints: depends on the network map */
    json_t *doc[SRV_CDNI_MAXD];     /* the full advertisement document */
    struct srv_upm *upm;            /* the footprint property store (srv_cdni_pm.c) */
} srv_cdni;
/* NULL when the topology has no cdni section. */
srv_cdni *srv_cdni_new(const srv_model *m);
void srv_cdni_free(srv_cdni *c);
/* 1 for the SRV_K_CDNI* kinds (answered by srv_cdni_answer). */
int srv_cdni_kind(srv_kind k);
/* Adds the CDNI resources of m to an IRD document. */
void srv_cdni_ird(json_t *ird, const srv_model *m, const char *base);
/* Answers a request to a CDNI route; path is the origin-form target. */
void srv_cdni_answer(const srv_model *m, const srv_route *r, const char *path,
                     const char *body, size_t len, srv_answer *out);
/* The property map of the footprints (srv_cdni_pm.c): full, filtered (NULL
 * with e set on error), and its IRD mappings. */
json_t *srv_cdni_propmap_full(const srv_model *m);
json_t *srv_cdni_propmap_filtered(const srv_model *m, const json_t *req, srv_rqerr *e);
json_t *srv_cdni_mappings(const srv_model *m);
/* Builds c->upm from the advertisements (srv_cdni_new calls it). */
void srv_cdni_store(srv_cdni *c);

/* ---- requests, independent of the HTTP version (srv_handle.c) ---- */
/* Immutable bytes shared by every response that sends them. */
typedef struct srv_blob {
    char *data;
    size_t len;
    int refs;
} srv_blob;
srv_blob *srv_blob_ref(srv_blob *b);
void srv_blob_unref(srv_blob *b);     /* NULL is fine */

/* What requests read: the current snapshot (model + cached GET bodies)
 * behind a writer-preferring read/write lock. */
typedef struct srv_site {
    pthread_rwlock_t lock;
    struct srv_snapshot *cur;
    size_t body_limit;
    unsigned ext;           /* SRV_EXT_* enabled */
    char base[160];         /* of the IRD's URIs: "http://127.0.0.1:8181", "" = relative */
} srv_site;
void srv_site_init(srv_site *s, size_t body_limit, unsigned ext);
void srv_site_destroy(srv_site *s);
/* Builds the snapshot of topo (takes it, also on failure) and swaps it in. */
int srv_site_load(srv_site *s, sim_topo *topo, alto_err *err);
void srv_site_vtag(srv_site *s, char out[65]);

typedef struct srv_req {
    const char *method;
    const char *target;     /* decoded; origin-form or absolute-form */
    const char *(*header)(void *ctx, const char *name);   /* NULL = absent */
    void *ctx;
    const alto_addr *peer;  /* the client, or NULL */
} srv_req;

typedef struct srv_resp {
    int status;
    char ctype[256];        /* "" = none (304) */
    const char *allow;      /* 405 */
    char modified[40];      /* Last-Modified, "" = none */
    char etag[48];          /* "" = none */
    int close;              /* the connection should close after it */
    char *body;             /* owned ... */
    srv_blob *blob;         /* ... or shared (one reference held) */
    size_t len;
} srv_resp;
/* The checks that need only the head: the route, or NULL with the error
 * response in out (413 and out->close: answer before reading the body). */
const srv_route *srv_handle_head(const srv_site *s, const srv_req *q, srv_resp *out);
/* The answer of route r to the request with its body. */
void srv_handle(srv_site *s, const srv_route *r, const srv_req *q, const char *body,
                size_t len, srv_resp *out);
/* An ALTO error response (E_SYNTAX, why as syntax-error) into out. */
void srv_resp_error(srv_resp *out, int status, const char *why);
void srv_resp_free(srv_resp *r);
/* Printable ASCII of client-controlled text, truncated, for logs and JSON. */
const char *srv_safe_text(char *dst, size_t n, const char *src);

/* ---- request heads (srv_head.c): RFC 9112 checks on raw bytes ---- */
#define SRV_HEAD_LIMIT 16384        /* request line + fields, bytes (431 beyond) */
#define SRV_HEAD_URI_MAX 8000       /* request target, octets (414 beyond) */
#define SRV_HEAD_FIELDS_MAX 100     /* header fields (431 beyond) */
#define SRV_CHUNK_LINE_MAX 4096     /* chunk-size line with extensions (400 beyond) */
enum { SRV_HEAD_MORE = 0, SRV_HEAD_DONE = 1 };
typedef struct srv_head {
    int status;                 /* 0 = acceptable, else the HTTP status to answer */
    char why[160];              /* for the ALTO error's syntax-error text */
    size_t head_len;            /* bytes up to and including the empty line */
    char method[16];
    int http11;                 /* HTTP/1.1 (or 1.x, x > 0) */
    long long content_length;   /* -1 = none */
    int has_te, chunked, expect, hosts;
    int body_seen;              /* srv_chunked_check: the whole body is there */
} srv_head;
/* p[0..n) is what has arrived of a request (n <= limit + 1 is enough):
 * SRV_HEAD_MORE when the head is not complete yet and nothing is wrong so
 * far, else SRV_HEAD_DONE with h filled (h->status 0 = a good head). */
int srv_head_parse(const char *p, size_t n, size_t limit, srv_head *h);
/* The same rules on fields already split (libmicrohttpd's list, for the
 * later requests of a kept-alive connection): init, one call per field
 * (SRV_HEAD_DONE = refused), set http11, then finish (h->status). */
void srv_head_init(srv_head *h);
int srv_head_field(srv_head *h, const char *name, size_t nl, const char *value, size_t vn);
int srv_head_finish(srv_head *h);
/* A chunked body's framing as far as p[0..n) goes: SRV_HEAD_MORE (fine so
 * far), or SRV_HEAD_DONE with h->status 400 (and why) or h->body_seen. */
int srv_chunked_check(const char *p, size_t n, srv_head *h);
/* "http://host/x" and "https://host/x" (absolute-form, RFC 9112 3.2.2)
 * -> "/x" ("" host part -> "/"); other targets unchanged. */
const char *srv_origin_form(const char *target);
/* 0-15 for a hex digit, else -1. */
int srv_hexval(int c);

/* ---- content negotiation (srv_neg.c) ---- */
/* 1 if the Accept header value admits media type mt (NULL header = yes). */
int srv_accepts(const char *accept, const char *mt);
/* 1 if the Content-Type value names media type mt (parameters ignored). */
int srv_content_type_is(const char *ctype, const char *mt);

#endif

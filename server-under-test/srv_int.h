/* srv_int.h: the inside of the reference server, shared by its files and
 * its unit tests (not by the rest of altospec, which uses srv.h).
 *
 *   srv_model.c  topology -> PIDs, cost matrices, vtag (the ALTO view)
 *   srv_json.c   model -> RFC 7285 documents (network map, cost map, error)
 *   srv_ird.c    the Information Resource Directory and the route table
 *   srv_req.c    POST services: request validation and answers
 *   srv_neg.c    HTTP content negotiation (Accept, Content-Type)
 *   srv_http.c   libmicrohttpd glue, response cache, reload, start/stop
 *   srv_cmd.c    `altospec serve`
 *
 * A srv_model is immutable once built: request threads read it without
 * locks; a reload builds a new one and swaps it in (srv_http.c). */
#ifndef SRV_INT_H
#define SRV_INT_H

#include <jansson.h>
#include "sim_topo.h"
#include "alto_addr.h"
#include "alto_err.h"

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

/* ---- cost metrics and the offered cost types (srv_model.c) ---- */
typedef enum srv_metric {
    SRV_M_ROUTINGCOST, SRV_M_HOPCOUNT, SRV_M_DELAY_OW, SRV_M_DELAY_RT,
    SRV_M_BW_AVAILABLE, SRV_M_COUNT
} srv_metric;

typedef struct srv_cost_type {
    const char *name;           /* IRD-local name: "num-routingcost" */
    const char *metric;         /* "routingcost" */
    const char *mode;           /* "numerical" | "ordinal" */
    srv_metric m;
    int ordinal;
    const char *cost_source;    /* RFC 9439 cost-context, or NULL */
    const char *description;
} srv_cost_type;

#define SRV_MAX_TYPES 16
extern const srv_cost_type srv_cost_types[];
extern const int srv_ncost_types;
/* Index of the offered type with this metric and mode, or -1. */
int srv_cost_type_find(const char *metric, const char *mode);
/* 1 if some offered type has this metric. */
int srv_metric_offered(const char *metric);

/* ---- the model ---- */
typedef struct srv_model {
    sim_topo *topo;             /* owned */
    int npids;
    char tag[33];               /* vtag tag: hex content hash */
    /* vals[t][src * npids + dst]: the value of cost type t between PIDs as
     * the full cost map states it; NAN = undefined (omitted). */
    double *vals[SRV_MAX_TYPES];
    alto_lpm *lpm;              /* address -> PID index */
    json_t *pid_index;          /* PID name -> index (read-only once built) */
} srv_model;

srv_model *srv_model_new(sim_topo *topo, alto_err *err);  /* takes topo */
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
    SRV_K_COSTMAP_FILTER, SRV_K_EPROP, SRV_K_ECOST
} srv_kind;

typedef struct srv_route {
    srv_kind kind;
    int cost_type;              /* SRV_K_COSTMAP: index into srv_cost_types */
    const char *path;           /* "/costmap/num-hopcount" */
    const char *resource_id;
    const char *media_type;     /* of the successful response */
    const char *accepts;        /* request media type (POST), NULL for GET */
} srv_route;

#define SRV_MAX_ROUTES 32   /* fixed resources + one cost map per type */

/* Every route the server answers, in IRD order; n set to the count. */
const srv_route *srv_routes(int *n);
const srv_route *srv_route_find(const char *path);
/* The IRD document; base = "http://host:port" or "" for relative URIs. */
json_t *srv_ird_new(const char *base);

/* ---- POST services (srv_req.c) ---- */
/* Largest source x destination product an Endpoint Cost request may ask
 * for; beyond it the answer would be gigabytes (400, field "endpoints"). */
#define SRV_ECS_MAX_PAIRS 1000000

/* Answers a POST body for route kind k.  Returns the response document and
 * sets *status (200, or 400 with an error document).  client = the peer's
 * address (the Endpoint Cost Service default endpoint), may be NULL. */
json_t *srv_post(const srv_model *m, srv_kind k, const char *body, size_t len,
                 const alto_addr *client, int *status);

/* ---- content negotiation (srv_neg.c) ---- */
/* 1 if the Accept header value admits media type mt (NULL header = yes). */
int srv_accepts(const char *accept, const char *mt);
/* 1 if the Content-Type value names media type mt (parameters ignored). */
int srv_content_type_is(const char *ctype, const char *mt);

#endif

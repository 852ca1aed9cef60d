/* sim_topo.h: the topology model shared by the reference ALTO server and
 * every simulation backend (flow, ns-3, Mininet).
 *
 * A topology is nodes (hosts and switches) joined by links.  Each YAML link
 * becomes two *directed* links, one per direction, because rates, delays
 * and queues may differ per direction and because the flow simulator shares
 * capacity per direction.  Hosts carry IPv4/IPv6 addresses and belong to
 * exactly one PID.
 *
 * Routing is computed once at load time and is the single source of truth:
 * the ALTO server's costs and every simulator's paths come from
 * sim_topo_path(), so what ALTO says and what the network does agree.
 * Route choice: least total one-way delay (summed in integer nanoseconds,
 * so 25ms + 50ms equals 75ms exactly), then fewest hops, then, walking back
 * from the destination, the predecessor with the smallest node index (node
 * order = hosts, then switches, in order of appearance in the file).  The
 * tie-break is deterministic and independent of hash order.  Routes exist
 * between hosts only; they are precomputed at load time, so lookups are
 * read-only and safe from any thread.
 *
 * YAML form (all rates/delays need units):
 *
 *   name: ietf113
 *   defaults: {queue: 100}                  # packets, packet-level backends
 *   hosts:
 *     - {name: client, ipv4: 10.0.0.250, ipv6: "2001:db8::250"}
 *   switches: [s1, s2]
 *   links:
 *     - {a: client, b: s1, bandwidth: 1Gbps, delay: 0ms}
 *     - {a: s1, b: s2, bandwidth: 5Mbps, delay: 25ms, queue: 100,
 *        reverse: {bandwidth: 1Mbps}}        # b->a overrides
 *   pids:                                   # optional; default one per host
 *     - {name: pid-east, hosts: [xrd3, xrd4], prefixes: [10.1.0.0/16]}
 *   cdni: {downstream: [...]}               # optional; RFC 9241, sim_cdni.h
 *
 * Hosts and PIDs may carry `properties: {asn: 64500, country: FR, site:
 * cern, storage-class: disk}` (all optional; typed, see sim_topo_props.c),
 * which the reference server publishes as RFC 9240 entity properties.
 */
#ifndef SIM_TOPO_H
#define SIM_TOPO_H

#include <jansson.h>
#include "alto_addr.h"
#include "alto_doc.h"

#define SIM_QUEUE_DEFAULT 100

typedef struct sim_node {
    char *name;
    int is_host;
    alto_addr *addrs;       /* hosts only */
    int naddrs;
    int pid;                /* index into topo->pids; -1 for switches */
    int host;               /* index among hosts (0..nhosts-1); -1 for switches */
    json_t *props;          /* hosts: `properties` (sim_topo_props.c), or NULL */
} sim_node;

typedef struct sim_link {   /* one direction of a physical link */
    int from, to;           /* node indices */
    double bps;             /* capacity, bits per second */
    double delay;           /* one-way propagation delay, seconds */
    int queue;              /* drop-tail queue, packets */
    int reverse;            /* index of the opposite direction */
    int line;               /* source line of the YAML link, for messages */
} sim_link;

typedef struct sim_pid {
    char *name;             /* RFC 7285 PIDName */
    int *hosts;             /* node indices */
    int nhosts;
    alto_prefix *prefixes;  /* host /32 and /128 plus any explicit prefixes */
    int nprefixes;
    int is_default;         /* the catch-all 0.0.0.0/0, ::/0 PID */
    json_t *props;          /* `properties` (sim_topo_props.c), or NULL */
} sim_pid;

typedef struct sim_topo {
    char *name;
    char *source;           /* file it came from ("" if inline) */
    sim_node *nodes;        /* hosts first, then switches */
    int nnodes;
    int nhosts;
    sim_link *links;        /* directed */
    int nlinks;
    sim_pid *pids;          /* last one is the default PID */
    int npids;
    /* The validated `cdni:` section (sim_cdni.h), NULL without one. */
    json_t *cdni;
    /* Routing state (private to sim_topo.c). */
    struct sim_routes *routes;
} sim_topo;

/* Load from a YAML/JSON file, or from an already-loaded object (a scenario's
 * inline `topology:`).  Errors name file:line:col and field.  Checks: unknown
 * node in a link, duplicate names or addresses, non-positive or unit-less
 * rates, negative delays, hosts that cannot reach every other host. */
sim_topo *sim_topo_load(const char *path, alto_err *err);
sim_topo *sim_topo_from_json(const alto_doc *d, const json_t *obj,
                             alto_err *err);
/* Topology Zoo GraphML (libxml2); rule for missing capacity or delay is in
 * sim_graphml.c's header comment. */
sim_topo *sim_topo_load_graphml(const char *path, alto_err *err);
void sim_topo_free(sim_topo *t);

/* ---- building a topology from numbers ----------------------------------
 * The loader above and the estimator (runner/est.c) build through these.
 * Add every host (then its addresses) before the first switch, then
 * links, optionally PIDs, then sim_topo_finish().  Each returns -1 with a
 * message (no position: the caller knows where its values came from). */
typedef struct sim_dir {    /* one direction of a link to add */
    double bps;             /* > 0 */
    double delay;           /* seconds, >= 0 */
    int queue;              /* packets; 0 = SIM_QUEUE_DEFAULT */
} sim_dir;

sim_topo *sim_topo_new(const char *name, const char *source);
/* Node index, or -1 (bad or duplicate name, host after a switch). */
int sim_topo_add_host(sim_topo *t, const char *name, alto_err *err);
int sim_topo_add_addr(sim_topo *t, int host, const alto_addr *a, alto_err *err);
int sim_topo_add_switch(sim_topo *t, const char *name, alto_err *err);
/* Both directions; returns the index of a->b (b->a is the next one). */
int sim_topo_add_link(sim_topo *t, int a, int b, const sim_dir *ab, const sim_dir *ba,
                      alto_err *err);
/* An explicit PID (index), its hosts (their /32 and /128) and prefixes. */
int sim_topo_add_pid(sim_topo *t, const char *name, alto_err *err);
int sim_topo_pid_add_host(sim_topo *t, int pid, int host, alto_err *err);
void sim_topo_pid_add_prefix(sim_topo *t, int pid, const alto_prefix *p);
/* Every host without a PID gets "pid-<host>" (done by finish too). */
int sim_topo_host_pids(sim_topo *t, alto_err *err);
/* Host PIDs, the default PID, the routes.  -1 when a host cannot reach
 * another; *unreachable (may be NULL) is then that host's node index. */
int sim_topo_finish(sim_topo *t, int *unreachable, alto_err *err);

int sim_topo_node(const sim_topo *t, const char *name);  /* index or -1 */
int sim_topo_host_by_addr(const sim_topo *t, const alto_addr *a); /* or -1 */
/* PID index by name, or -1. */
int sim_topo_pid(const sim_topo *t, const char *name);

/* The route from host src to host dst as directed link indices.  Returns
 * the number of links (0 when src == dst) and sets *links to an internal
 * array valid for the topology's lifetime; -1 if unreachable or if either
 * node is not a host. */
int sim_topo_path(const sim_topo *t, int src, int dst, const int **links);

/* Path metrics, from the same routes. */
typedef struct sim_path_metrics {
    int hops;               /* links on the path */
    double delay;           /* one-way, seconds */
    double bottleneck_bps;  /* min capacity on the path; INFINITY if src==dst */
    int min_queue;          /* smallest queue on the path, packets */
} sim_path_metrics;
int sim_topo_metrics(const sim_topo *t, int src, int dst, sim_path_metrics *m);

/* Topology properties (sim_topo_props.c): their names, and the parser of
 * owner's optional "properties" member into *out (an object of JSON
 * strings, NULL when absent); -1 with file:line:col and field. */
extern const char *const sim_topo_prop_names[];
extern const int sim_topo_nprops;
int sim_topo_props_parse(const alto_doc *d, const json_t *owner, json_t **out, alto_err *err);

/* Content hash of everything ALTO can see (nodes, links, PIDs); used as the
 * basis of vtags.  Hex, NUL-terminated, 16 chars. */
void sim_topo_hash(const sim_topo *t, char out[17]);

#endif

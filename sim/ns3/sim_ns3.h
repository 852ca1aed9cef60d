/* sim_ns3.h: the C face of the ns-3 shim (sim_ns3.cc, the one C++ file).
 *
 * The handle is a plain description of one experiment: nodes, point-to-point
 * links, explicit paths and bulk transfers.  No ns-3 object exists until
 * sim_ns3_run(), which builds the whole network, runs it and tears it down
 * (Simulator::Destroy) before returning, holding a process-wide lock the
 * while.  ns-3 keeps global state (the simulator, node list, attribute
 * defaults); confining it to one call is what makes repeated runs in one
 * process, and handles used from several threads, correct.
 *
 * Routing is never computed by ns-3.  The caller gives, for each ordered
 * pair of hosts that exchanges packets, the path as directed links
 * (sim_ns3_set_path); the shim gives the receiving host one address per
 * ordered pair and installs a host route for it on every hop, so data
 * follows path(src, dst) and ACKs follow path(dst, src) exactly.
 *
 * Directed links: link L made by sim_ns3_add_link(a, b) has direction
 * 2L (a -> b) and 2L+1 (b -> a).
 *
 * Errors: functions return -1 (or NULL) and sim_ns3_error() says why. */
#ifndef SIM_NS3_H
#define SIM_NS3_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sim_ns3 sim_ns3;

typedef struct sim_ns3_config {
    const char *tcp;        /* "cubic" (default), "newreno", "bic", "htcp",
                               "vegas", "bbr", "dctcp" */
    int mss;                /* TCP segment payload, bytes (1448) */
    int init_cwnd;          /* segments (10) */
    uint32_t sndbuf;        /* socket send buffer, bytes (4 MiB) */
    uint32_t rcvbuf;        /* socket receive buffer, bytes (4 MiB) */
    int delack_count;       /* segments per delayed ACK (2, ns-3 default) */
    double delack_timeout;  /* seconds (0.2, ns-3 default) */
    int sack;               /* 1: SACK on (ns-3 default) */
    int timestamps;         /* 1: TCP timestamps on (ns-3 default); with a
                               1448-byte MSS they make 1500-byte IP packets */
    const char *qdisc;      /* traffic-control root queue disc in front of
                               every device's drop-tail queue: "fq_codel"
                               (default, as ns-3 3.37 sets up; reproduces the
                               reference run), "none" (the device queue
                               alone), "pfifo_fast" */
    double max_time;        /* give up at this simulated time, s (1e6) */
    uint32_t seed;          /* ns-3 RngSeedManager seed (1) */
    uint32_t run;           /* ns-3 RngSeedManager run number (1) */
} sim_ns3_config;

typedef struct sim_ns3_dir {   /* one direction of a link */
    double bps;             /* rate, bits per second */
    int queue;              /* device drop-tail queue, packets (> 0) */
} sim_ns3_dir;

typedef struct sim_ns3_link_stats {   /* per directed link, after a run */
    uint64_t tx_bytes;      /* bytes put on the wire, PPP header included */
    uint64_t tx_packets;
    uint64_t drops;         /* packets dropped before this link: queue
                               disc, device queue or traffic control */
} sim_ns3_link_stats;

void sim_ns3_config_default(sim_ns3_config *c);

/* The config is copied (strings too).  NULL only on bad config or OOM;
 * the reason goes to *why (a static string) when why is not NULL. */
sim_ns3 *sim_ns3_new(const sim_ns3_config *c, const char **why);
void sim_ns3_free(sim_ns3 *s);
const char *sim_ns3_error(const sim_ns3 *s);

/* Returns the new node's index (0, 1, ...). */
int sim_ns3_add_node(sim_ns3 *s);
/* A full-duplex point-to-point link; ns-3 channels carry one propagation
 * delay for both directions.  Returns the link index L. */
int sim_ns3_add_link(sim_ns3 *s, int a, int b, const sim_ns3_dir *ab,
                     const sim_ns3_dir *ba, double delay);
/* The route from src to dst as n directed links; must be contiguous.
 * Every transfer needs the path of its pair and of the reverse pair. */
int sim_ns3_set_path(sim_ns3 *s, int src, int dst, const int *dlinks, int n);
/* A bulk transfer of exactly `bytes` application bytes from src to dst
 * starting at `start` seconds.  Returns its index. */
int sim_ns3_add_transfer(sim_ns3 *s, int src, int dst, uint64_t bytes,
                         double start);

/* Build, run until every transfer completed (or max_time), tear down.
 * A handle can be run again; results are overwritten. */
int sim_ns3_run(sim_ns3 *s);

/* Absolute time the last byte of transfer i reached its sink, seconds; -1
 * if it did not finish. */
double sim_ns3_finish(const sim_ns3 *s, int i);
/* Counters of directed link d; -1 on a bad index. */
int sim_ns3_link_stats_get(const sim_ns3 *s, int d, sim_ns3_link_stats *out);
/* Simulator events executed by the last run, and its simulated end time. */
uint64_t sim_ns3_events(const sim_ns3 *s);
double sim_ns3_sim_time(const sim_ns3 *s);
/* "3.37": the ns-3 release the shim was built against. */
const char *sim_ns3_version(void);

#ifdef __cplusplus
}
#endif

#endif

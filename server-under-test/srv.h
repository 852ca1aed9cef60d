/* srv.h: the reference ALTO server (libmicrohttpd), embeddable: RFC 7285,
 * plus the RFC 9275 path vector unless told not to (srv_config.without) and
 * the RFC 8189 multi-cost and RFC 9439 performance metric resources when
 * asked (srv_config.with).
 *
 * The server computes every map from a sim_topo, so what it says and what
 * the simulated network does agree.  `altospec serve` runs it standalone;
 * other commands start it in-process on an ephemeral loopback port and use
 * the returned IRD URL as their default ALTO server. */
#ifndef SRV_H
#define SRV_H

#include <stddef.h>
#include "sim_topo.h"
#include "alto_err.h"

/* ALTO extensions the reference server implements, as bits. */
#define SRV_EXT_PV 1u           /* RFC 9275 path vector + RFC 9240 link property maps */
#define SRV_EXT_MC 2u           /* RFC 8189 multi-cost resources: opt-in (srv_config.with) */
#define SRV_EXT_PM 4u           /* RFC 9439 performance metric resources: opt-in (srv_metrics.c) */
#define SRV_EXT_UPM 8u          /* RFC 9240 entity property maps: opt-in (srv_config.with) */
#define SRV_EXT_CDNI 16u        /* RFC 9241 CDNI advertisements: opt-in, and on
                                 * when the topology has a cdni section */
#define SRV_EXT_ALL (SRV_EXT_PV | SRV_EXT_MC | SRV_EXT_PM | SRV_EXT_UPM | SRV_EXT_CDNI)
/* Served unless srv_config.without names them; the others only when
 * srv_config.with does, so the default IRD stays what it was. */
#define SRV_EXT_DEFAULT SRV_EXT_PV

/* How to serve.  Every member's zero is the default, so a designated
 * initializer names only what differs: {.listen = "127.0.0.1:0", .quiet = 1}. */
typedef struct srv_config {
    const char *listen;     /* "127.0.0.1:8181" (NULL); port 0 = ephemeral */
    size_t body_limit;      /* request bodies over this get 413; 0 = 1 MiB */
    int quiet;              /* no access log on stderr */
    /* HTTPS (RFC 7285 section 8.3.5): PEM files of the certificate chain
     * and of its private key; both or neither (NULL = plain HTTP). */
    const char *tls_cert, *tls_key;
    /* Extensions NOT served (SRV_EXT_* bits).  0 serves every one, since
     * this is the model implementation; SRV_EXT_ALL gives a strictly
     * RFC 7285 server. */
    unsigned without;
    /* Opt-in extensions served (SRV_EXT_MC, SRV_EXT_PM, SRV_EXT_UPM); without wins over with. */
    unsigned with;
    /* Connection limits and deadlines (srv_front.c); 0 = the default. */
    unsigned max_connections;   /* all connections together; 4000 */
    unsigned per_address_limit; /* from one client address; 64 */
    double header_timeout;      /* s, accept to the end of the request head; 10 */
    double body_timeout;        /* s, head to the end of the body; 30 */
    double idle_timeout;        /* s, a kept-alive connection without a request; 30 */
} srv_config;

#define SRV_MAX_CONNECTIONS_DEFAULT 4000
#define SRV_PER_ADDRESS_DEFAULT 64
#define SRV_HEADER_TIMEOUT_DEFAULT 10.0
#define SRV_BODY_TIMEOUT_DEFAULT 30.0
#define SRV_IDLE_TIMEOUT_DEFAULT 30.0

typedef struct srv_server srv_server;

/* Starts serving `topo` as cfg says (NULL = every default).  The server
 * takes ownership of topo (also on failure, when it is freed).  Port 0
 * binds an ephemeral port; threads are MHD's internal pool, so the
 * caller's thread is free once this returns.  What the maps contain is
 * documented in srv_model.c; the resources and their URIs in srv_ird.c;
 * HTTP behaviour (statuses, caching) in srv_handle.c, limits and
 * deadlines in srv_front.c. */
srv_server *srv_start(sim_topo *topo, const srv_config *cfg, alto_err *err);
/* "http://127.0.0.1:PORT/directory" ("https://..." with TLS); valid until
 * srv_stop(). */
const char *srv_ird_url(const srv_server *s);
/* Replaces the topology (takes ownership, also on failure); maps, vtags
 * and caches are rebuilt atomically with respect to requests in flight.
 * On failure (-1) the previous topology keeps being served. */
int srv_reload(srv_server *s, sim_topo *topo, alto_err *err);
/* The current network-map vtag tag (hex, NUL-terminated) into out. */
void srv_vtag(srv_server *s, char out[65]);
void srv_stop(srv_server *s);

#endif

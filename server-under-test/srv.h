/* srv.h: the RFC 7285 reference ALTO server (libmicrohttpd), embeddable.
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

typedef struct srv_options {
    const char *listen;     /* "127.0.0.1:8181"; port 0 = ephemeral */
    size_t body_limit;      /* request bodies over this get 413; 0 = 1 MiB */
    int quiet;              /* no access log on stderr */
} srv_options;

typedef struct srv_server srv_server;

/* Starts serving `topo`.  The server takes ownership of topo. */
srv_server *srv_start(sim_topo *topo, const srv_options *opt, alto_err *err);
/* "http://127.0.0.1:PORT/directory"; valid until srv_stop(). */
const char *srv_ird_url(const srv_server *s);
/* Replaces the topology (takes ownership); maps, vtags and caches are
 * rebuilt atomically with respect to requests in flight. */
int srv_reload(srv_server *s, sim_topo *topo, alto_err *err);
void srv_stop(srv_server *s);

#endif

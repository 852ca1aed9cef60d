/* srv.h: the reference ALTO server (libmicrohttpd), embeddable: RFC 7285,
 * plus the RFC 9275 path vector when asked for (srv_ext).
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

/* HTTPS (RFC 7285 section 8.3.5): PEM files of the certificate chain and
 * its private key.  Kept apart from srv_options so that existing
 * initializers of srv_options stay complete. */
typedef struct srv_tls {
    const char *cert;
    const char *key;
} srv_tls;

/* Optional ALTO extensions.  srv_start()/srv_start_tls() (ext NULL) serve
 * every extension the reference server implements, since it is the model
 * implementation; pass an srv_ext with a member 0 to serve without it
 * (e.g. a strictly RFC 7285 IRD).  Kept apart from srv_options for the same
 * reason as srv_tls. */
typedef struct srv_ext {
    int path_vector;        /* RFC 9275 path vector + RFC 9240 link property maps */
} srv_ext;

typedef struct srv_server srv_server;

/* Starts serving `topo`.  The server takes ownership of topo (also on
 * failure, when it is freed).  Port 0 binds an ephemeral port; threads are
 * MHD's internal pool, so the caller's thread is free once this returns.
 * What the maps contain is documented in srv_model.c; the resources and
 * their URIs in srv_ird.c; HTTP behaviour (statuses, caching) in srv_http.c. */
srv_server *srv_start(sim_topo *topo, const srv_options *opt, alto_err *err);
/* Same, serving HTTPS when tls is not NULL. */
srv_server *srv_start_tls(sim_topo *topo, const srv_options *opt, const srv_tls *tls,
                          alto_err *err);
/* Same, with the extensions of ext enabled (NULL = none). */
srv_server *srv_start_ext(sim_topo *topo, const srv_options *opt, const srv_tls *tls,
                          const srv_ext *ext, alto_err *err);
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

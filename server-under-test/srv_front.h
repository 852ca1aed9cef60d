/* srv_front.h: the accept front of the reference server (srv_front.c):
 * connection limits, head deadlines and RFC 9112 head checks before
 * libmicrohttpd sees a connection. */
#ifndef SRV_FRONT_H
#define SRV_FRONT_H

#include <stddef.h>
#include <sys/socket.h>
#include <microhttpd.h>

typedef struct srv_front_config {
    unsigned max_connections;       /* in the front and in libmicrohttpd together */
    unsigned per_address_limit;     /* the same, per client address */
    unsigned header_timeout_ms;     /* accept to the end of the head */
    unsigned body_timeout_ms;       /* end of head to the end of a chunked body */
    size_t body_limit;              /* a larger Content-Length is 413 */
    int tls;                        /* encrypted: limits only, no head checks */
    int quiet;
} srv_front_config;

typedef struct srv_front srv_front;

/* Starts the front's thread on the listening socket lfd (non-blocking;
 * the front owns it from now on), handing good connections to d (started
 * with MHD_USE_NO_LISTEN_SOCKET).  NULL when it cannot start. */
srv_front *srv_front_start(int lfd, struct MHD_Daemon *d, const srv_front_config *cfg);
/* libmicrohttpd's connection notifications, so the per-address counts
 * cover connections it serves. */
void srv_front_conn_started(srv_front *f, const struct sockaddr *sa);
void srv_front_conn_closed(srv_front *f, const struct sockaddr *sa);
/* Stops accepting and closes what the front holds; free after the daemon
 * stopped (its close notifications still count down). */
void srv_front_stop(srv_front *f);
void srv_front_free(srv_front *f);

#endif

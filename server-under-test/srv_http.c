/* srv_http.c: the reference server's HTTP/1.1 side (libmicrohttpd) and the
 * embeddable API of srv.h.  What a request gets is decided in srv_handle.c
 * (independent of the HTTP version: snapshots, caching, checks); this file
 * turns libmicrohttpd's callbacks into srv_req and srv_resp into
 * MHD_Response, and applies the HTTP/1.1 framing rules of srv_head.c to the
 * requests libmicrohttpd parsed (the front, srv_front.c, checked the first
 * request of each connection on the raw bytes).
 *
 * Threads: MHD's internal thread pool (one thread per CPU, up to 8), epoll
 * where available, no listening socket of its own: the front accepts.
 * Connections are HTTP/1.1 keep-alive.  Cached GET bodies are sent from
 * their shared blob (MHD_create_response_from_buffer_with_free_callback_cls
 * drops the reference when sent), so nothing is copied per request.
 *
 * Extensions (srv_config.without) are per server: a route of an extension
 * that is not enabled is neither in the IRD nor served (404), so a server
 * started without them is exactly the RFC 7285 server.  HTTPS (RFC 7285
 * section 8.3.5) is libmicrohttpd's GnuTLS, from PEM files.
 *
 * Bodies: 413 over the limit (by Content-Length before reading, or while
 * reading a chunked body; one past 4x the limit drops the connection); the
 * body deadline (--body-timeout) runs from the end of the head. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>
#include "srv.h"
#include "srv_int.h"
#include "srv_front.h"
#include "alto_buf.h"

#define SRV_BODY_LIMIT_DEFAULT (1024 * 1024)

struct srv_server {
    srv_site site;
    struct MHD_Daemon *d;
    srv_front *front;       /* owns the listening socket (srv_front.c) */
    srv_front_config fcfg;
    unsigned idle_timeout_s;
    size_t body_limit;
    int quiet;
    char url[192];
    alto_buf tls_cert, tls_key;     /* PEM, kept for the daemon's lifetime */
};

/* Per-request state, from the first callback to the completion notice. */
typedef struct srv_conn {
    const srv_route *route;
    srv_resp early;         /* an error found before the body (status != 0) */
    alto_buf body;
    size_t seen;
    struct timespec t0;     /* the head was complete: the body deadline runs */
} srv_conn;

static long long ms_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void access_log(const srv_server *s, const char *method, const char *url,
                       int status, size_t len) {
    char m[16], u[160];
    if (!s->quiet)
        fprintf(stderr, "altospec serve: %s %s %d %zu\n", srv_safe_text(m, sizeof m, method),
                srv_safe_text(u, sizeof u, url), status, len);
}

static void blob_done(void *cls) { srv_blob_unref(cls); }

/* Queues r (and frees what it owns; a blob's reference passes to MHD). */
static enum MHD_Result reply(srv_server *s, struct MHD_Connection *c, const char *method,
                             const char *url, srv_resp *r) {
    struct MHD_Response *m;
    if (r->blob) {
        m = MHD_create_response_from_buffer_with_free_callback_cls(r->blob->len, r->blob->data,
                                                                   blob_done, r->blob);
        r->blob = NULL;
    } else {
        m = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
        r->body = NULL;
    }
    if (r->ctype[0]) MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
    if (r->allow) MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->modified[0]) MHD_add_response_header(m, MHD_HTTP_HEADER_LAST_MODIFIED, r->modified);
    if (r->etag[0]) MHD_add_response_header(m, MHD_HTTP_HEADER_ETAG, r->etag);
    if (r->close) MHD_add_response_header(m, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, m);
    MHD_destroy_response(m);
    access_log(s, method, url, r->status, r->status == 304 ? 0 : r->len);
    srv_resp_free(r);
    return ret;
}

static enum MHD_Result one_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value) {
    (void)kind;
    srv_head *h = cls;
    return srv_head_field(h, key, strlen(key), value ? value : "",
                          value ? strlen(value) : 0) == SRV_HEAD_DONE ? MHD_NO : MHD_YES;
}

/* The RFC 9112 rules of srv_head.c again, on libmicrohttpd's parse: the
 * front checked the first request of a connection, this covers the later
 * ones of a kept-alive connection. */
static int framing_ok(struct MHD_Connection *c, const char *version, srv_resp *out) {
    srv_head h;
    srv_head_init(&h);
    h.http11 = strcmp(version, MHD_HTTP_VERSION_1_0) != 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, one_field, &h);
    if (!h.status) srv_head_finish(&h);
    if (!h.status) return 1;
    srv_resp_error(out, h.status, h.why);
    out->close = 1;
    return 0;
}

/* libmicrohttpd's %-decoding of the path, except that a decoded control
 * byte is kept as 0x01 rather than written as itself: a %00 would
 * otherwise cut the path ("/directory%00" served as /directory), and
 * srv_handle_head() refuses any control byte. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri) {
    (void)cls; (void)c;
    char *w = uri;
    for (const char *r = uri; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = srv_hexval((unsigned char)r[1])) >= 0 &&
            (lo = srv_hexval((unsigned char)r[2])) >= 0) {
            int v = hi * 16 + lo;
            *w++ = (char)(v < 0x20 || v == 0x7f ? 0x01 : v);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
    return (size_t)(w - uri);
}

/* The peer's address, for the Endpoint Cost Service's default endpoint. */
static int client_addr(struct MHD_Connection *c, alto_addr *a) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) return -1;
    memset(a, 0, sizeof *a);
    if (ci->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ci->client_addr;
        a->family = 4;
        memcpy(a->b, &in->sin_addr, 4);
        return 0;
    }
    if (ci->client_addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ci->client_addr;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            a->family = 4;
            memcpy(a->b, in6->sin6_addr.s6_addr + 12, 4);
        } else {
            a->family = 6;
            memcpy(a->b, in6->sin6_addr.s6_addr, 16);
        }
        return 0;
    }
    return -1;
}

static const char *mhd_header(void *ctx, const char *name) {
    return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

/* A body chunk: kept up to the limit, deadline and flood guard. */
static enum MHD_Result on_data(srv_server *s, srv_conn *q, const char *data, size_t size) {
    /* The body deadline runs from the end of the head and is not reset
     * by each byte: a body dribbled past it loses the connection. */
    if (ms_since(&q->t0) > (long long)s->fcfg.body_timeout_ms) return MHD_NO;
    q->seen += size;
    if (!q->early.status && q->body.len + size > s->body_limit) {
        char why[96];
        snprintf(why, sizeof why, "request body over the limit of %zu bytes", s->body_limit);
        srv_resp_error(&q->early, 413, why);
        alto_buf_free(&q->body);
    }
    if (!q->early.status) alto_buf_append(&q->body, data, size);
    /* Endless chunked bodies: past four times the limit, stop reading
     * and drop the connection (written to not overflow). */
    return q->seen > 65536 && (q->seen - 65536) / 4 > s->body_limit ? MHD_NO : MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *size, void **con_cls) {
    srv_server *s = cls;
    srv_conn *q = *con_cls;
    alto_addr peer;
    srv_req rq = {.method = method, .target = url, .header = mhd_header, .ctx = c,
                  .peer = client_addr(c, &peer) == 0 ? &peer : NULL};
    if (!q) {
        q = *con_cls = alto_xcalloc(1, sizeof *q);
        clock_gettime(CLOCK_MONOTONIC, &q->t0);
        if (framing_ok(c, version, &q->early))
            q->route = srv_handle_head(&s->site, &rq, &q->early);
        /* Refuse an announced oversized body before reading it, and a body
         * whose framing is in doubt; MHD then closes the connection
         * instead of reading the rest. */
        if (q->early.status == 413 || q->early.close) return reply(s, c, method, url, &q->early);
        return MHD_YES;
    }
    if (*size) {
        enum MHD_Result ret = on_data(s, q, data, *size);
        *size = 0;
        return ret;
    }
    if (q->early.status) return reply(s, c, method, url, &q->early);
    srv_resp r;
    srv_handle(&s->site, q->route, &rq, q->body.data, q->body.len, &r);
    return reply(s, c, method, url, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls; (void)c; (void)toe;
    srv_conn *q = *con_cls;
    if (!q) return;
    alto_buf_free(&q->body);
    srv_resp_free(&q->early);
    free(q);
    *con_cls = NULL;
}

/* ---- listen address ---- */

/* "127.0.0.1:8181", "[::1]:0", "localhost:80"; host literal kept in host. */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, char *host,
                        size_t hn, alto_err *err) {
    char h[128];
    const char *colon;
    if (spec[0] == '[') {
        const char *rb = strchr(spec, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - spec - 1) >= sizeof h) goto bad;
        memcpy(h, spec + 1, rb - spec - 1);
        h[rb - spec - 1] = 0;
        colon = rb + 1;
    } else {
        colon = strrchr(spec, ':');
        if (!colon || (size_t)(colon - spec) >= sizeof h) goto bad;
        memcpy(h, spec, colon - spec);
        h[colon - spec] = 0;
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) goto bad;
    if (!strcmp(h, "localhost")) strcpy(h, "127.0.0.1");
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, h, &in->sin_addr) == 1) {
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        snprintf(host, hn, "%s", h);
    } else if (inet_pton(AF_INET6, h, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        snprintf(host, hn, "[%s]", h);
    } else {
        goto bad;
    }
    return 0;
bad:
    return alto_err_set(err, "--listen: expected ADDRESS:PORT with a numeric IPv4 "
                        "address or [IPv6] and a port 0-65535, got \"%s\"", spec);
}

static int is_wildcard(const char *host) {
    return !strcmp(host, "0.0.0.0") || !strcmp(host, "[::]");
}

/* ---- srv.h ---- */

static void server_free(srv_server *s) {
    srv_site_destroy(&s->site);
    alto_buf_free(&s->tls_cert);
    alto_buf_free(&s->tls_key);
    free(s);
}

static int load_tls(srv_server *s, const srv_config *cfg, alto_err *err) {
    if (!cfg->tls_cert && !cfg->tls_key) return 0;
    if (!cfg->tls_cert || !cfg->tls_key)
        return alto_err_set(err, "TLS needs both a certificate and a key file");
    if (!MHD_is_feature_supported(MHD_FEATURE_TLS))
        return alto_err_set(err, "this libmicrohttpd was built without TLS");
    if (alto_buf_read_file(&s->tls_cert, cfg->tls_cert, err) < 0 ||
        alto_buf_read_file(&s->tls_key, cfg->tls_key, err) < 0)
        return -1;
    return 0;
}

/* The server before it listens: limits, extensions, lock, TLS files. */
static srv_server *server_new(const srv_config *cfg, alto_err *err) {
    srv_server *s = alto_xcalloc(1, sizeof *s);
    s->body_limit = cfg->body_limit ? cfg->body_limit : SRV_BODY_LIMIT_DEFAULT;
    s->quiet = cfg->quiet;
    srv_site_init(&s->site, s->body_limit, (SRV_EXT_DEFAULT | cfg->with) & ~cfg->without);
    s->fcfg = (srv_front_config){
        .max_connections = cfg->max_connections ? cfg->max_connections
                                                : SRV_MAX_CONNECTIONS_DEFAULT,
        .per_address_limit = cfg->per_address_limit ? cfg->per_address_limit
                                                    : SRV_PER_ADDRESS_DEFAULT,
        .header_timeout_ms = (unsigned)((cfg->header_timeout > 0 ? cfg->header_timeout
                                         : SRV_HEADER_TIMEOUT_DEFAULT) * 1000 + 0.5),
        .body_timeout_ms = (unsigned)((cfg->body_timeout > 0 ? cfg->body_timeout
                                       : SRV_BODY_TIMEOUT_DEFAULT) * 1000 + 0.5),
        .body_limit = s->body_limit,
        .quiet = cfg->quiet,
    };
    double idle = cfg->idle_timeout > 0 ? cfg->idle_timeout : SRV_IDLE_TIMEOUT_DEFAULT;
    s->idle_timeout_s = idle < 1 ? 1 : (unsigned)(idle + 0.999);
    if (load_tls(s, cfg, err) < 0) {
        server_free(s);
        return NULL;
    }
    return s;
}

/* libmicrohttpd's connection notices keep the front's per-address counts
 * for the connections it serves. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    srv_server *s = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr || !s->front) return;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        srv_front_conn_started(s->front, ci->client_addr);
        *socket_context = s;            /* counted: give it back on close */
    } else if (*socket_context) {
        srv_front_conn_closed(s->front, ci->client_addr);
        *socket_context = NULL;
    }
}

/* The MHD daemon without a listening socket (s->d; NULL when it cannot
 * start): the front accepts and hands connections over. */
static void start_daemon(srv_server *s, int tls) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (unsigned)ncpu;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC |
        (MHD_is_feature_supported(MHD_FEATURE_EPOLL) ? MHD_USE_EPOLL : MHD_USE_POLL);
    if (!s->quiet) flags |= MHD_USE_ERROR_LOG;
    if (tls) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->tls_cert.data},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key.data},
        {MHD_OPTION_END, 0, NULL},
    };
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_THREAD_POOL_SIZE, threads,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
                            MHD_OPTION_CONNECTION_TIMEOUT, s->idle_timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, s->fcfg.max_connections,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->fcfg.per_address_limit,
                            MHD_OPTION_ARRAY, tls_opts,
                            MHD_OPTION_END);
}

/* The listening socket, bound and listening, non-blocking; -1 on failure.
 * *port is the bound port (port 0 asks for an ephemeral one). */
/* Why a listen failed, in words a user acts on. */
static void listen_error(const char *listen, int e, alto_err *err) {
    if (e == EADDRINUSE)
        alto_err_set(err, "cannot listen on %s: the port is in use (another server on it?); "
                     "choose another with --listen HOST:PORT, or port 0 for any free one", listen);
    else if (e == EADDRNOTAVAIL)
        alto_err_set(err, "cannot listen on %s: that address is not one of this machine's", listen);
    else if (e == EACCES)
        alto_err_set(err, "cannot listen on %s: permission denied (ports below 1024 need root)", listen);
    else
        alto_err_set(err, "cannot listen on %s: %s", listen, strerror(e));
}

static int listen_socket(const struct sockaddr_storage *ss, unsigned *port) {
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                              : sizeof(struct sockaddr_in);
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (bind(fd, (const struct sockaddr *)ss, len) < 0 || listen(fd, 4096) < 0 ||
        getsockname(fd, (struct sockaddr *)&bound, &blen) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    *port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                              : ((struct sockaddr_in *)&bound)->sin_port);
    return fd;
}

/* The IRD URL and the base of the IRD's URIs, once the port is bound. */
static void set_urls(srv_server *s, const char *host, unsigned port, int family, int tls) {
    const char *scheme = tls ? "https" : "http";
    const char *urlhost = is_wildcard(host) ? (family == AF_INET6 ? "[::1]" : "127.0.0.1") : host;
    snprintf(s->url, sizeof s->url, "%s://%s:%u/directory", scheme, urlhost, port);
    /* IRD URIs are absolute, except on a wildcard address where no single
     * host name is right for every client: then relative (RFC 7285 9.2.2). */
    if (!is_wildcard(host))
        snprintf(s->site.base, sizeof s->site.base, "%s://%s:%u", scheme, host, port);
}

/* Descriptors for every connection the limit admits (the soft limit is
 * often 1,024); the limit shrinks to what the hard limit allows. */
static void fit_fd_limit(srv_server *s) {
    struct rlimit rl;
    rlim_t want = (rlim_t)s->fcfg.max_connections + 1024 + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= want) return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < want && rl.rlim_cur > 1024 + 64 + 16) {
        s->fcfg.max_connections = (unsigned)(rl.rlim_cur - 1024 - 64);
        if (!s->quiet)
            fprintf(stderr, "altospec serve: descriptor limit %llu: --max-connections "
                    "lowered to %u\n", (unsigned long long)rl.rlim_cur, s->fcfg.max_connections);
    }
}

static void stop_all(srv_server *s) {
    srv_front_stop(s->front);       /* no new connections ... */
    if (s->d) MHD_stop_daemon(s->d);    /* ... then the served ones (counted down) */
    srv_front_free(s->front);
    s->front = NULL;
    s->d = NULL;
}

/* Daemon and front on the bound socket lfd; 0 or -1 (all undone, lfd closed). */
static int start_serving(srv_server *s, int lfd, int tls) {
    start_daemon(s, tls);
    if (s->d && (s->front = srv_front_start(lfd, s->d, &s->fcfg))) return 0;
    if (s->d) MHD_stop_daemon(s->d);
    s->d = NULL;
    close(lfd);
    return -1;
}

srv_server *srv_start(sim_topo *topo, const srv_config *cfg, alto_err *err) {
    static const srv_config dflt = {0};
    if (!cfg) cfg = &dflt;
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1:8181";
    struct sockaddr_storage ss;
    char host[136];
    srv_server *s = NULL;
    if (parse_listen(listen, &ss, host, sizeof host, err) < 0 || !(s = server_new(cfg, err))) {
        sim_topo_free(topo);
        return NULL;
    }
    if (topo && topo->cdni && !(cfg->without & SRV_EXT_CDNI)) s->site.ext |= SRV_EXT_CDNI;
    int tls = s->tls_cert.data != NULL;
    s->fcfg.tls = tls;
    fit_fd_limit(s);
    unsigned port = 0;
    int lfd = listen_socket(&ss, &port);
    if (lfd < 0) {
        listen_error(listen, errno, err);
        sim_topo_free(topo);
        server_free(s);
        return NULL;
    }
    /* The first snapshot needs the bound port (for the IRD); it is built
     * before anything accepts, so an early client waits in the backlog. */
    set_urls(s, host, port, ss.ss_family, tls);
    if (srv_site_load(&s->site, topo, err) < 0) {
        close(lfd);
        server_free(s);
        return NULL;
    }
    if (start_serving(s, lfd, tls) < 0) {
        alto_err_set(err, "cannot serve on %s%s", listen,
                     tls ? " (a bad TLS certificate or key?)" : "");
        server_free(s);
        return NULL;
    }
    return s;
}

const char *srv_ird_url(const srv_server *s) { return s->url; }

int srv_reload(srv_server *s, sim_topo *topo, alto_err *err) {
    return srv_site_load(&s->site, topo, err);
}

void srv_vtag(srv_server *s, char out[65]) { srv_site_vtag(&s->site, out); }

void srv_stop(srv_server *s) {
    if (!s) return;
    stop_all(s);
    server_free(s);
}

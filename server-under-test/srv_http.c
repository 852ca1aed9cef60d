/* srv_http.c: the reference server's HTTP side (libmicrohttpd) and the
 * embeddable API of srv.h.
 *
 * Threads: MHD's internal thread pool (one thread per CPU, up to 8), epoll
 * where available.  Connections are HTTP/1.1 keep-alive.
 *
 * State: everything a request reads is one immutable snapshot (the model
 * plus the serialized GET responses).  Requests hold a read lock on the
 * snapshot pointer while they use it; srv_reload() builds the new snapshot
 * outside the lock, swaps the pointer under the write lock and frees the
 * old one, so a request sees either the old topology or the new one, never
 * a mix.  The lock prefers writers so a busy server still reloads.
 *
 * Caching: GET resources (IRD, network map, one cost map per type) are
 * serialized once per snapshot, i.e. once per vtag, into MHD_Response
 * objects that are queued again and again (MHD reference-counts them, so a
 * response still being sent survives a reload).  POST answers depend on
 * the body and are built per request.  The RFC 9240 full property map
 * (link-props-full) is a GET resource and cached the same way; the RFC
 * 9275 multipart answers are POST answers (srv_pv.c), whose Content-IDs
 * name the host the client asked for (Host header, srv_mpart_domain).
 *
 * Extensions (srv_config.without) are per server: a route of an extension that is not
 * enabled is neither in the IRD nor served (404), so a server started
 * without them is exactly the RFC 7285 server.
 *
 * GET answers carry an ETag made of the vtag, and If-None-Match with it
 * gets 304 Not Modified: a client polling a cost map re-downloads it only
 * after the topology changed.
 *
 * Every successful answer carries Last-Modified: the time its snapshot was
 * built, i.e. when the topology was loaded (RFC 9439 section 6.2).  HTTPS
 * (RFC 7285 section 8.3.5) is libmicrohttpd's GnuTLS, from PEM files.
 *
 * Request checks, in order, each answered with an application/alto-error+json
 * body (code E_SYNTAX and a "syntax-error" text saying what was wrong, since
 * RFC 7285 defines no code for HTTP-level errors):
 *   404 unknown path, 405 wrong method (with Allow), 406 Accept excludes the
 *   resource's media type, 415 POST without the resource's input media type,
 *   413 body over the limit (by Content-Length before reading, or while
 *   reading a chunked body; one past 4x the limit drops the connection);
 *   then 400 from the resource (srv_req.c). */
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

typedef struct srv_snapshot {
    srv_model *model;
    char modified[40];      /* HTTP-date the topology was loaded (RFC 9439 6.2) */
    struct MHD_Response *get[SRV_MAX_ROUTES];   /* by route index; NULL for POST */
    size_t get_len[SRV_MAX_ROUTES];             /* body sizes, for the log */
    char etag[SRV_MAX_ROUTES][48];              /* "\"<vtag>-<route>\"" */
    struct MHD_Response *not_modified[SRV_MAX_ROUTES];  /* 304 with the ETag */
} srv_snapshot;

struct srv_server {
    struct MHD_Daemon *d;
    srv_front *front;       /* owns the listening socket (srv_front.c) */
    srv_front_config fcfg;
    unsigned idle_timeout_s;
    pthread_rwlock_t lock;
    srv_snapshot *cur;
    size_t body_limit;
    int quiet;
    unsigned ext;           /* SRV_EXT_* enabled */
    char base[160];         /* "http://127.0.0.1:8181", "" = relative URIs */
    char url[192];
    alto_buf tls_cert, tls_key;     /* PEM, kept for the daemon's lifetime */
};

/* Per-request state, from the first callback to the completion notice. */
typedef struct srv_conn {
    const srv_route *route;
    int status;             /* an HTTP-level error found early, or 0 */
    char why[160];
    alto_buf body;
    size_t seen;
    int close;              /* a framing error: answer at once, then close */
    struct timespec t0;     /* the head was complete: the body deadline runs */
} srv_conn;

static long long ms_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* ---- snapshots ---- */

static struct MHD_Response *cached(json_t *doc, const char *mt, const char *modified,
                                   const char *etag, size_t *len_out) {
    size_t len;
    char *s = srv_json_dump(doc, &len);
    *len_out = len;
    json_decref(doc);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, mt);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
    MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    return r;
}

/* If-None-Match (RFC 9110 section 13.1.2, weak comparison): "*" or a list
 * of entity tags, one of which equals ours. */
static int etag_matches(const char *inm, const char *etag) {
    if (!inm) return 0;
    size_t n = strlen(etag);
    for (const char *p = inm; *p;) {
        p += strspn(p, " \t,");
        if (*p == '*') return 1;
        if (p[0] == 'W' && p[1] == '/') p += 2;
        size_t k = strcspn(p, ",");
        while (k && (p[k - 1] == ' ' || p[k - 1] == '\t')) k--;
        if (k == n && !memcmp(p, etag, n)) return 1;
        p += strcspn(p, ",");
    }
    return 0;
}

static void snap_free(srv_snapshot *sn) {
    if (!sn) return;
    for (int i = 0; i < SRV_MAX_ROUTES; i++) {
        if (sn->get[i]) MHD_destroy_response(sn->get[i]);
        if (sn->not_modified[i]) MHD_destroy_response(sn->not_modified[i]);
    }
    srv_model_free(sn->model);
    free(sn);
}

static srv_snapshot *snap_new(const srv_server *s, sim_topo *topo, alto_err *err) {
    srv_model *m = srv_model_new(topo, err);
    if (!m) return NULL;
    srv_snapshot *sn = alto_xcalloc(1, sizeof *sn);
    sn->model = m;
    time_t now = time(NULL);
    struct tm tm;
    strftime(sn->modified, sizeof sn->modified, "%a, %d %b %Y %H:%M:%S GMT",
             gmtime_r(&now, &tm));
    int n;
    const srv_route *r = srv_routes(&n);
    for (int i = 0; i < n; i++) {
        json_t *doc = NULL;
        if (r[i].ext & ~s->ext) continue;       /* not served: nothing to cache */
        switch (r[i].kind) {
        case SRV_K_IRD:     doc = srv_ird_new_ext(s->base, s->ext); break;
        case SRV_K_NETMAP:  doc = srv_json_netmap(m, NULL, 3); break;
        case SRV_K_PROPMAP: doc = srv_propmap_full(m); break;
        case SRV_K_COSTMAP: doc = srv_json_costmap(m, r[i].cost_type, NULL, NULL, NULL, 0); break;
        default: break;
        }
        if (!doc) continue;
        /* The vtag changes with the topology, so it makes the entity tag. */
        snprintf(sn->etag[i], sizeof sn->etag[i], "\"%s-%d\"", m->tag, i);
        sn->get[i] = cached(doc, r[i].media_type, sn->modified, sn->etag[i], &sn->get_len[i]);
        sn->not_modified[i] = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(sn->not_modified[i], MHD_HTTP_HEADER_ETAG, sn->etag[i]);
        MHD_add_response_header(sn->not_modified[i], MHD_HTTP_HEADER_LAST_MODIFIED, sn->modified);
    }
    return sn;
}

static srv_snapshot *snap_acquire(srv_server *s) {
    pthread_rwlock_rdlock(&s->lock);
    return s->cur;
}

static void snap_release(srv_server *s) { pthread_rwlock_unlock(&s->lock); }

/* ---- replies ---- */

/* Client-controlled text (the decoded URL) made safe for a log line and
 * for a JSON string: printable ASCII only, truncated. */
static const char *safe_text(char *dst, size_t n, const char *src) {
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
    dst[i] = 0;
    return dst;
}

static void access_log(const srv_server *s, const char *method, const char *url,
                       int status, size_t len) {
    char m[16], u[160];
    if (!s->quiet)
        fprintf(stderr, "altospec serve: %s %s %d %zu\n", safe_text(m, sizeof m, method),
                safe_text(u, sizeof u, url), status, len);
}

static enum MHD_Result reply_doc(srv_server *s, struct MHD_Connection *c,
                                 const char *method, const char *url, int status,
                                 json_t *doc, const char *mt, const char *allow,
                                 const char *modified, int close) {
    size_t len;
    char *body = srv_json_dump(doc, &len);
    json_decref(doc);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, mt);
    if (allow) MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    if (modified) MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
    if (close) MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    access_log(s, method, url, status, len);
    return ret;
}

static enum MHD_Result reply_http_error(srv_server *s, struct MHD_Connection *c,
                                        const char *method, const char *url,
                                        const srv_conn *q) {
    const char *allow = NULL;
    if (q->status == 405)
        allow = q->route->accepts ? "POST" : "GET, HEAD";
    return reply_doc(s, c, method, url, q->status,
                     srv_json_error("E_SYNTAX", NULL, NULL, q->why), SRV_MT_ERROR, allow,
                     NULL, q->close);
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
 * ones of a kept-alive connection.  A path byte below 0x20 or 0x7f is a
 * control byte that was sent raw or %-escaped (unescape() keeps it). */
static int framing_ok(struct MHD_Connection *c, const char *url, const char *version,
                      srv_conn *q) {
    srv_head h;
    srv_head_init(&h);
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            h.status = 400;
            snprintf(h.why, sizeof h.why, "%%-escaped control byte (such as %%00) in the "
                     "request target");
            break;
        }
    h.http11 = strcmp(version, MHD_HTTP_VERSION_1_0) != 0;
    if (!h.status) MHD_get_connection_values(c, MHD_HEADER_KIND, one_field, &h);
    if (!h.status) srv_head_finish(&h);
    if (!h.status) return 1;
    q->status = h.status;
    q->close = 1;
    snprintf(q->why, sizeof q->why, "%s", h.why);
    return 0;
}

/* libmicrohttpd's %-decoding of the path, except that a decoded control
 * byte is kept as 0x01 rather than written as itself: a %00 would
 * otherwise cut the path ("/directory%00" served as /directory). */
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

/* The early checks: framing, path, method, Accept, Content-Type,
 * Content-Length. */
static void classify(const srv_server *s, struct MHD_Connection *c, const char *url,
                     const char *method, const char *version, srv_conn *q) {
    if (!framing_ok(c, url, version, q)) return;
    const srv_route *r = q->route = srv_route_find(srv_origin_form(url));
    if (r && (r->ext & ~s->ext)) r = q->route = NULL;     /* not enabled here */
    if (!r) {
        char u[100];
        q->status = 404;
        snprintf(q->why, sizeof q->why, "no ALTO resource at %s; the IRD is /directory",
                 safe_text(u, sizeof u, url));
        return;
    }
    int is_post = !strcmp(method, "POST");
    int is_get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    if (r->accepts ? !is_post : !is_get) {
        q->status = 405;
        snprintf(q->why, sizeof q->why, "%s takes %s", r->path, r->accepts ? "POST" : "GET");
        return;
    }
    const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
    if (!srv_accepts(accept, r->media_type)) {
        q->status = 406;
        snprintf(q->why, sizeof q->why, "the response is %s, which Accept excludes", r->media_type);
        return;
    }
    if (r->accepts) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!srv_content_type_is(ct, r->accepts)) {
            q->status = 415;
            snprintf(q->why, sizeof q->why, "Content-Type must be %s", r->accepts);
            return;
        }
    }
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > s->body_limit) {
        q->status = 413;
        snprintf(q->why, sizeof q->why, "request body over the limit of %zu bytes", s->body_limit);
    }
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

/* A multipart path vector answer (srv_pv.c); releases the snapshot. */
static enum MHD_Result reply_pv(srv_server *s, struct MHD_Connection *c, const char *method,
                                const char *url, const srv_conn *q, srv_snapshot *sn,
                                const alto_addr *peer) {
    char domain[256], modified[40];
    srv_mpart_domain(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
                     domain, sizeof domain);
    srv_answer a;
    srv_pv_post(sn->model, q->route, q->body.data, q->body.len, peer, domain, &a);
    memcpy(modified, sn->modified, sizeof modified);
    snap_release(s);
    struct MHD_Response *r = MHD_create_response_from_buffer(a.len, a.body,
                                                             MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a.ctype);
    if (a.status == 200) MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)a.status, r);
    MHD_destroy_response(r);
    access_log(s, method, url, a.status, a.len);
    return ret;
}

static enum MHD_Result dispatch(srv_server *s, struct MHD_Connection *c,
                                const char *method, const char *url, srv_conn *q) {
    const srv_route *r = q->route;
    int n;
    const srv_route *all = srv_routes(&n);
    srv_snapshot *sn = snap_acquire(s);
    enum MHD_Result ret;
    if (!sn) {      /* only while a failed srv_start() shuts down */
        snap_release(s);
        return MHD_NO;
    }
    if (!r->accepts) {
        long i = r - all;
        const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_IF_NONE_MATCH);
        int same = etag_matches(inm, sn->etag[i]);
        ret = MHD_queue_response(c, same ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK,
                                 same ? sn->not_modified[i] : sn->get[i]);
        size_t len = same ? 0 : sn->get_len[i];
        snap_release(s);
        access_log(s, method, url, same ? 304 : 200, len);
        return ret;
    }
    alto_addr peer;
    int have_peer = client_addr(c, &peer) == 0;
    if (r->kind == SRV_K_PV_COSTMAP || r->kind == SRV_K_PV_ECOST)
        return reply_pv(s, c, method, url, q, sn, have_peer ? &peer : NULL);
    int status;
    json_t *doc = srv_post(sn->model, r->kind, q->body.data, q->body.len,
                           have_peer ? &peer : NULL, &status);
    char modified[40];
    memcpy(modified, sn->modified, sizeof modified);
    snap_release(s);
    return reply_doc(s, c, method, url, status, doc,
                     status == 200 ? r->media_type : SRV_MT_ERROR, NULL,
                     status == 200 ? modified : NULL, 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *size, void **con_cls) {
    srv_server *s = cls;
    srv_conn *q = *con_cls;
    if (!q) {
        q = *con_cls = alto_xcalloc(1, sizeof *q);
        clock_gettime(CLOCK_MONOTONIC, &q->t0);
        classify(s, c, url, method, version, q);
        /* Refuse an announced oversized body before reading it, and a body
         * whose framing is in doubt; MHD then closes the connection
         * instead of reading the rest. */
        if (q->status == 413 || q->close) return reply_http_error(s, c, method, url, q);
        return MHD_YES;
    }
    if (*size) {
        /* The body deadline runs from the end of the head and is not reset
         * by each byte: a body dribbled past it loses the connection. */
        if (ms_since(&q->t0) > (long long)s->fcfg.body_timeout_ms) return MHD_NO;
        q->seen += *size;
        if (!q->status && q->body.len + *size > s->body_limit) {
            q->status = 413;
            snprintf(q->why, sizeof q->why, "request body over the limit of %zu bytes",
                     s->body_limit);
            alto_buf_free(&q->body);
        }
        if (!q->status) alto_buf_append(&q->body, data, *size);
        *size = 0;
        /* Endless chunked bodies: past four times the limit, stop reading
         * and drop the connection (written to not overflow). */
        return q->seen > 65536 && (q->seen - 65536) / 4 > s->body_limit ? MHD_NO : MHD_YES;
    }
    if (q->status) return reply_http_error(s, c, method, url, q);
    return dispatch(s, c, method, url, q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls; (void)c; (void)toe;
    srv_conn *q = *con_cls;
    if (!q) return;
    alto_buf_free(&q->body);
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
    pthread_rwlock_destroy(&s->lock);
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
    s->ext = SRV_EXT_ALL & ~cfg->without;
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
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&s->lock, &attr);
    pthread_rwlockattr_destroy(&attr);
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
        close(fd);
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
    if (!is_wildcard(host)) snprintf(s->base, sizeof s->base, "%s://%s:%u", scheme, host, port);
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

/* Listening socket, daemon, front; 0 or -1 (all undone). */
static int start_serving(srv_server *s, const struct sockaddr_storage *ss, int tls,
                         unsigned *port) {
    fit_fd_limit(s);
    int lfd = listen_socket(ss, port);
    if (lfd < 0) return -1;
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
    int tls = s->tls_cert.data != NULL;
    s->fcfg.tls = tls;
    /* Held until the first snapshot exists: the snapshot needs the bound
     * port (for the IRD) and an early request must wait for it. */
    pthread_rwlock_wrlock(&s->lock);
    unsigned port = 0;
    if (start_serving(s, &ss, tls, &port) < 0) {
        alto_err_set(err, "cannot listen on %s (address in use or not local%s?)", listen,
                     tls ? ", or a bad TLS certificate or key" : "");
        sim_topo_free(topo);
        pthread_rwlock_unlock(&s->lock);
        server_free(s);
        return NULL;
    }
    set_urls(s, host, port, ss.ss_family, tls);
    s->cur = snap_new(s, topo, err);
    pthread_rwlock_unlock(&s->lock);
    if (!s->cur) {
        stop_all(s);
        server_free(s);
        return NULL;
    }
    return s;
}

const char *srv_ird_url(const srv_server *s) { return s->url; }

int srv_reload(srv_server *s, sim_topo *topo, alto_err *err) {
    srv_snapshot *sn = snap_new(s, topo, err);
    if (!sn) return -1;
    pthread_rwlock_wrlock(&s->lock);
    srv_snapshot *old = s->cur;
    s->cur = sn;
    pthread_rwlock_unlock(&s->lock);
    snap_free(old);
    return 0;
}

void srv_vtag(srv_server *s, char out[65]) {
    srv_snapshot *sn = snap_acquire(s);
    snprintf(out, 65, "%s", sn->model->tag);
    snap_release(s);
}

void srv_stop(srv_server *s) {
    if (!s) return;
    stop_all(s);
    snap_free(s->cur);
    server_free(s);
}

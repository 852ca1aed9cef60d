/* srv_front.c: the accept front of the reference server.
 *
 * Why: libmicrohttpd alone let 1,000 slow clients from one address lock
 * everybody out (a global connection limit, no per-address limit, an idle
 * timeout that each byte resets) and answered malformed heads itself, in
 * HTML, sometimes twice.  So the front owns the listening socket, and for
 * each new connection:
 *   1. counts it against --max-connections and --per-address-limit (over
 *      either: 503 with an ALTO error, then close);
 *   2. waits for the request head with an absolute deadline
 *      (--header-timeout from accept, 408 when it passes), reading with
 *      MSG_PEEK so the bytes stay in the socket for libmicrohttpd;
 *   3. checks the head (srv_head.c: RFC 9112 rules) and, for a chunked
 *      body, the framing that has arrived (chunk lines and extensions
 *      bounded), within --body-timeout; a bad one is answered here with an
 *      ALTO error (written once) and the connection closed;
 *   4. hands a good connection to libmicrohttpd (MHD_add_connection), which
 *      serves it and its keep-alive requests; the per-address count follows
 *      the connection until libmicrohttpd closes it (srv_front_conn_*).
 * With TLS the bytes are encrypted, so step 2-3 are skipped (1 and 4 hold).
 *
 * One thread, one epoll set, edge-triggered: a peeked byte stays readable,
 * so level-triggered polling would spin; edge-triggered wakes only when
 * more bytes arrive.  Deadlines are checked every SRV_FRONT_TICK_MS.
 * Refused connections linger (write side shut, the rest read and dropped)
 * for up to SRV_FRONT_LINGER_MS, so closing with unread bytes does not turn
 * into a reset that destroys the error response before the client reads it. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "srv_front.h"
#include "alto_buf.h"
#include "srv_int.h"

#define SRV_FRONT_TICK_MS 100
#define SRV_FRONT_LINGER_MS 1000
#define SRV_FRONT_LINGER_MAX 1024
/* How much of a chunked body the front looks at before handing over: it
 * fits a default loopback receive buffer, so waiting for it cannot stall. */
#define SRV_FRONT_BODY_PEEK 49152
#define SRV_FRONT_BUCKETS 4096
#define EV_LISTEN UINT64_MAX
#define EV_WAKE (UINT64_MAX - 1)

enum { ST_FREE, ST_HEAD, ST_BODY, ST_LINGER };

typedef struct addr_key {
    unsigned char b[16];
    int family;
} addr_key;

typedef struct addr_count {
    addr_key k;
    unsigned n;
    struct addr_count *next;
} addr_count;

typedef struct slot {
    int fd, state;
    long long deadline;             /* CLOCK_MONOTONIC ms */
    struct sockaddr_storage sa;
    socklen_t salen;
    addr_key key;
    int counted;                    /* holds a count in the address table */
} slot;

struct srv_front {
    srv_front_config cfg;
    struct MHD_Daemon *d;
    int lfd, ep, wake;
    pthread_t th;
    pthread_mutex_t mu;             /* the address table and total */
    addr_count *bucket[SRV_FRONT_BUCKETS];
    unsigned total;
    slot *slots;
    int nslots, *free_list, nfree, nlinger;
    char *buf;
    size_t bufcap;
};

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the per-address table (shared with libmicrohttpd's threads) ---- */

static void key_of(const struct sockaddr *sa, addr_key *k) {
    memset(k, 0, sizeof *k);
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            k->family = AF_INET;
            memcpy(k->b, in6->sin6_addr.s6_addr + 12, 4);
        } else {
            k->family = AF_INET6;
            memcpy(k->b, in6->sin6_addr.s6_addr, 16);
        }
    } else if (sa->sa_family == AF_INET) {
        k->family = AF_INET;
        memcpy(k->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
    }
}

static unsigned key_hash(const addr_key *k) {
    unsigned h = 2166136261u ^ (unsigned)k->family;
    for (int i = 0; i < 16; i++) h = (h ^ k->b[i]) * 16777619u;
    return h % SRV_FRONT_BUCKETS;
}

static addr_count **find(srv_front *f, const addr_key *k) {
    addr_count **pp = &f->bucket[key_hash(k)];
    while (*pp && memcmp(&(*pp)->k, k, sizeof *k)) pp = &(*pp)->next;
    return pp;
}

/* Takes a place for address k: 0, or the reason it has none. */
static const char *take(srv_front *f, const addr_key *k, int check) {
    const char *why = NULL;
    pthread_mutex_lock(&f->mu);
    addr_count **pp = find(f, k);
    if (check && f->total >= f->cfg.max_connections)
        why = "the server is at its connection limit (--max-connections)";
    else if (check && *pp && (*pp)->n >= f->cfg.per_address_limit)
        why = "too many connections from this address (--per-address-limit)";
    else {
        if (!*pp) *pp = alto_xcalloc(1, sizeof **pp), (*pp)->k = *k;
        (*pp)->n++;
        f->total++;
    }
    pthread_mutex_unlock(&f->mu);
    return why;
}

static void give(srv_front *f, const addr_key *k) {
    pthread_mutex_lock(&f->mu);
    addr_count **pp = find(f, k);
    if (*pp && --(*pp)->n == 0) {
        addr_count *dead = *pp;
        *pp = dead->next;
        free(dead);
    }
    if (f->total) f->total--;
    pthread_mutex_unlock(&f->mu);
}

void srv_front_conn_started(srv_front *f, const struct sockaddr *sa) {
    addr_key k;
    key_of(sa, &k);
    take(f, &k, 0);     /* already admitted by the front: count, never refuse */
}

void srv_front_conn_closed(srv_front *f, const struct sockaddr *sa) {
    addr_key k;
    key_of(sa, &k);
    give(f, &k);
}

/* ---- slots ---- */

static int slot_new(srv_front *f) {
    return f->nfree ? f->free_list[--f->nfree] : -1;
}

static void slot_close(srv_front *f, int i) {
    slot *s = &f->slots[i];
    if (s->state == ST_FREE) return;
    if (s->state == ST_LINGER) f->nlinger--;
    epoll_ctl(f->ep, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
    if (s->counted) give(f, &s->key);
    s->state = ST_FREE;
    s->counted = 0;
    f->free_list[f->nfree++] = i;
}

/* ---- answers the front gives itself ---- */

static const char *reason(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default:  return "Error";
    }
}

/* Writes one complete error response (RFC 7285 section 8.5 body, E_SYNTAX
 * with the reason: RFC 7285 has no code for HTTP-level errors). */
static void write_error(srv_front *f, int fd, int status, const char *why, int head_only) {
    size_t len;
    json_t *doc = srv_json_error("E_SYNTAX", NULL, NULL, why);
    char *body = srv_json_dump(doc, &len);
    json_decref(doc);
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 %d %s\r\nContent-Type: " SRV_MT_ERROR "\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                     status, reason(status), len,
                     status == 503 ? "Retry-After: 1\r\n" : "");
    struct iovec iov[2] = {{hdr, (size_t)n}, {body, head_only ? 0 : len}};
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = 2};
    /* A fresh socket's send buffer takes this whole; short writes are the
     * peer's problem (it is closing anyway). */
    if (sendmsg(fd, &m, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) { /* nothing to do */ }
    free(body);
    if (!f->cfg.quiet) fprintf(stderr, "altospec serve: - - %d %s\n", status, why);
}

/* Answers slot i (or a bare fd when i < 0) and lets it linger. */
static void refuse(srv_front *f, int i, int fd, int status, const char *why, int head_only) {
    write_error(f, fd, status, why, head_only);
    shutdown(fd, SHUT_WR);
    if (i < 0) {
        if (f->nlinger >= SRV_FRONT_LINGER_MAX || (i = slot_new(f)) < 0) {
            close(fd);
            return;
        }
        f->slots[i] = (slot){.fd = fd};
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u64 = (uint64_t)i};
        if (epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            f->free_list[f->nfree++] = i;
            return;
        }
    }
    slot *s = &f->slots[i];
    if (s->counted) give(f, &s->key), s->counted = 0;
    s->state = ST_LINGER;
    s->deadline = now_ms() + SRV_FRONT_LINGER_MS;
    f->nlinger++;
}

/* ---- the life of a connection in the front ---- */

static void hand_over(srv_front *f, int i) {
    slot *s = &f->slots[i];
    epoll_ctl(f->ep, EPOLL_CTL_DEL, s->fd, NULL);
    /* The count moves to libmicrohttpd: srv_front_conn_started() takes it
     * again and srv_front_conn_closed() gives it back. */
    if (s->counted) give(f, &s->key);
    s->counted = 0;
    MHD_add_connection(f->d, s->fd, (struct sockaddr *)&s->sa, s->salen);  /* closes on failure */
    s->state = ST_FREE;
    f->free_list[f->nfree++] = i;
}

static void on_readable(srv_front *f, int i) {
    slot *s = &f->slots[i];
    if (s->state == ST_LINGER) {
        ssize_t r;
        while ((r = recv(s->fd, f->buf, f->bufcap, MSG_DONTWAIT)) > 0) {}
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) slot_close(f, i);
        return;
    }
    ssize_t n = recv(s->fd, f->buf, f->bufcap, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        slot_close(f, i);       /* gone before a whole head: nothing to answer */
        return;
    }
    if (n < 0) return;
    srv_head h;
    if (srv_head_parse(f->buf, (size_t)n, SRV_HEAD_LIMIT, &h) == SRV_HEAD_MORE) return;
    int head_only = !strcmp(h.method, "HEAD");
    if (!h.status && h.content_length > (long long)f->cfg.body_limit) {
        h.status = 413;
        snprintf(h.why, sizeof h.why, "request body over the limit of %zu bytes",
                 f->cfg.body_limit);
    }
    if (!h.status && h.chunked && !h.expect) {
        if (s->state == ST_HEAD) {
            s->state = ST_BODY;
            s->deadline = now_ms() + (long long)f->cfg.body_timeout_ms;
        }
        if (srv_chunked_check(f->buf + h.head_len, (size_t)n - h.head_len, &h) == SRV_HEAD_MORE &&
            (size_t)n < f->bufcap)
            return;         /* more framing to see, and room to see it */
    }
    if (h.status) {
        refuse(f, i, s->fd, h.status, h.why, head_only);
        return;
    }
    hand_over(f, i);
}

static void on_accept(srv_front *f) {
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t salen = sizeof sa;
        int fd = accept4(f->lfd, (struct sockaddr *)&sa, &salen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;     /* EAGAIN, or out of descriptors: retried next tick */
        addr_key k;
        key_of((struct sockaddr *)&sa, &k);
        const char *why = take(f, &k, 1);
        int i = why ? -1 : slot_new(f);
        if (why || i < 0) {
            if (!why) give(f, &k);
            refuse(f, -1, fd, 503, why ? why : "the server is at its connection limit", 0);
            continue;
        }
        f->slots[i] = (slot){.fd = fd, .state = ST_HEAD, .sa = sa, .salen = salen, .key = k,
                             .counted = 1,
                             .deadline = now_ms() + (long long)f->cfg.header_timeout_ms};
        if (f->cfg.tls) {
            hand_over(f, i);
            continue;
        }
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u64 = (uint64_t)i};
        if (epoll_ctl(f->ep, EPOLL_CTL_ADD, fd, &ev) < 0) slot_close(f, i);
    }
}

/* Deadlines: a head or chunked body not complete in time gets 408, a
 * lingering connection is closed. */
static void expire(srv_front *f) {
    long long t = now_ms();
    for (int i = 0; i < f->nslots; i++) {
        slot *s = &f->slots[i];
        if (s->state == ST_FREE || s->deadline > t) continue;
        if (s->state == ST_LINGER) slot_close(f, i);
        else refuse(f, i, s->fd, 408, s->state == ST_HEAD
                    ? "request head not complete within --header-timeout"
                    : "chunked request body not complete within --body-timeout", 0);
    }
}

static void *run(void *arg) {
    srv_front *f = arg;
    struct epoll_event ev[64];
    long long next = now_ms() + SRV_FRONT_TICK_MS;
    for (;;) {
        int n = epoll_wait(f->ep, ev, 64, SRV_FRONT_TICK_MS);
        for (int k = 0; k < n; k++) {
            if (ev[k].data.u64 == EV_WAKE) return NULL;
            if (ev[k].data.u64 == EV_LISTEN) on_accept(f);
            else on_readable(f, (int)ev[k].data.u64);
        }
        if (now_ms() >= next) {
            expire(f);
            on_accept(f);       /* after EMFILE the edge is gone: poll once a tick */
            next = now_ms() + SRV_FRONT_TICK_MS;
        }
    }
}

srv_front *srv_front_start(int lfd, struct MHD_Daemon *d, const srv_front_config *cfg) {
    srv_front *f = alto_xcalloc(1, sizeof *f);
    f->cfg = *cfg;
    f->d = d;
    f->lfd = lfd;
    f->nslots = (int)cfg->max_connections + SRV_FRONT_LINGER_MAX;
    f->slots = alto_xcalloc((size_t)f->nslots, sizeof *f->slots);
    f->free_list = alto_xcalloc((size_t)f->nslots, sizeof *f->free_list);
    for (int i = f->nslots - 1; i >= 0; i--) f->free_list[f->nfree++] = i;
    f->bufcap = SRV_HEAD_LIMIT + SRV_FRONT_BODY_PEEK;
    f->buf = alto_xcalloc(1, f->bufcap);
    pthread_mutex_init(&f->mu, NULL);
    f->ep = epoll_create1(EPOLL_CLOEXEC);
    f->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event el = {.events = EPOLLIN | EPOLLET, .data.u64 = EV_LISTEN};
    struct epoll_event ew = {.events = EPOLLIN, .data.u64 = EV_WAKE};
    if (f->ep < 0 || f->wake < 0 || epoll_ctl(f->ep, EPOLL_CTL_ADD, lfd, &el) < 0 ||
        epoll_ctl(f->ep, EPOLL_CTL_ADD, f->wake, &ew) < 0 ||
        pthread_create(&f->th, NULL, run, f) != 0) {
        if (f->ep >= 0) close(f->ep);
        if (f->wake >= 0) close(f->wake);
        pthread_mutex_destroy(&f->mu);
        free(f->slots), free(f->free_list), free(f->buf), free(f);
        return NULL;
    }
    return f;
}

void srv_front_stop(srv_front *f) {
    if (!f) return;
    uint64_t one = 1;
    if (write(f->wake, &one, sizeof one) < 0) { /* the thread then stops at its next tick */ }
    pthread_join(f->th, NULL);
    for (int i = 0; i < f->nslots; i++) slot_close(f, i);
    close(f->ep);
    close(f->wake);
    close(f->lfd);
}

void srv_front_free(srv_front *f) {
    if (!f) return;
    for (int b = 0; b < SRV_FRONT_BUCKETS; b++)
        for (addr_count *c = f->bucket[b], *nx; c; c = nx) nx = c->next, free(c);
    pthread_mutex_destroy(&f->mu);
    free(f->slots);
    free(f->free_list);
    free(f->buf);
    free(f);
}

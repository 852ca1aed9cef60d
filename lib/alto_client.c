/* alto_client.c: the ALTO client (see alto_client.h): requests and their
 * log, dead-server detection, the IRD walk and the network-map cache.
 *
 * The IRD walk is breadth first over documents: the root, then each
 * delegated IRD (a resource of media type application/alto-directory+json)
 * in the order the documents list them.  A URL already in the closure (in
 * libcurl's normal form, so "/a/../directory" is "/directory") is not
 * fetched again: that is what ends a loop of IRDs delegating to each
 * other.  The probe is the only place that decides what a server offers;
 * nothing is inferred from failures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_client.h"
#include "alto_media.h"
#include "alto_mpart.h"
#include "alto_json.h"
#include "alto_uri.h"
#include "alto_buf.h"


struct alto_client {
    char *ird_url;
    alto_client_opts opts;
    alto_http *http;
    alto_xchg **xs;             /* the log */
    size_t nxs, capxs;
    json_t *cache;              /* request key -> index into xs (opts.cache) */
    int sent;
    alto_live live;             /* dead server detection (alto_xchg.h) */
    alto_client_observer observe;
    void *observe_ud;
    alto_client_hooks hooks;
    int probed, probe_rc;
    char probe_err[ALTO_ERR_MAX];
    alto_ird ird;
    json_t *netmap_idx;         /* uri -> index into netmaps */
    alto_netmap **netmaps;
    size_t nnetmaps;
};

alto_client *alto_client_new(const char *ird_url, const alto_client_opts *opts) {
    static const alto_client_opts dflt = ALTO_CLIENT_OPTS_DEFAULT;
    alto_client *c = alto_xcalloc(1, sizeof *c);
    c->ird_url = alto_xstrdup(ird_url);
    c->opts = opts ? *opts : dflt;
    if (c->opts.timeout <= 0) c->opts.timeout = dflt.timeout;
    if (c->opts.connect_timeout <= 0) c->opts.connect_timeout = dflt.connect_timeout;
    if (!c->opts.max_body) c->opts.max_body = dflt.max_body;
    if (c->opts.max_depth <= 0) c->opts.max_depth = dflt.max_depth;
    if (c->opts.ird_max <= 0) c->opts.ird_max = dflt.ird_max;
    if (c->opts.max_resources <= 0) c->opts.max_resources = dflt.max_resources;
    c->http = alto_http_new();
    c->cache = json_object();
    c->netmap_idx = json_object();
    return c;
}

void alto_client_free(alto_client *c) {
    if (!c) return;
    for (size_t i = 0; i < c->nxs; i++) alto_xchg_free(c->xs[i]);
    free(c->xs);
    for (size_t i = 0; i < c->nnetmaps; i++) alto_netmap_free(c->netmaps[i]);
    free(c->netmaps);
    alto_ird_free(&c->ird);
    json_decref(c->cache);
    json_decref(c->netmap_idx);
    alto_http_free(c->http);
    free(c->ird_url);
    free(c);
}

const char *alto_client_url(const alto_client *c) { return c->ird_url; }
const alto_client_opts *alto_client_options(const alto_client *c) { return &c->opts; }
size_t alto_client_nxchg(const alto_client *c) { return c->nxs; }
const alto_xchg *alto_client_xchg(const alto_client *c, size_t i) { return i < c->nxs ? c->xs[i] : NULL; }
int alto_client_sent(const alto_client *c) { return c->sent; }
const char *alto_client_dead(const alto_client *c) { return c->live.dead ? c->live.dead_reason : NULL; }
const alto_ird *alto_client_closure(const alto_client *c) { return &c->ird; }

void alto_client_observe(alto_client *c, alto_client_observer fn, void *ud) {
    c->observe = fn;
    c->observe_ud = ud;
}

void alto_client_bound(alto_client *c, const alto_client_hooks *h) {
    c->hooks = h ? *h : (alto_client_hooks){0};
}

/* ---- requests ---------------------------------------------------------------- */

static void perform(alto_client *c, alto_xchg *x) {
    x->req.connect_timeout = c->opts.connect_timeout;
    x->req.timeout = c->opts.timeout;
    x->req.max_body = c->opts.max_body;
    x->req.cafile = c->opts.cafile;
    x->req.insecure = c->opts.insecure;
    const alto_client_hooks *h = &c->hooks;
    if (c->live.dead) {
        x->rc = -1;
        x->skipped = 1;
        snprintf(x->resp.error, sizeof x->resp.error, "not sent: %.200s", c->live.dead_reason);
    } else if (!h->before || h->before(h->ud, x) == 0) {
        x->seq = ++c->sent;
        x->rc = alto_http_do(c->http, &x->req, &x->resp);
        if (!h->cut || !h->cut(h->ud, x)) {
            alto_xchg_no_redirect(x);
            alto_live_note(&c->live, x);
        }
    }
    alto_media_type(x->resp.content_type, x->media, sizeof x->media);
    if (x->rc == 0)
        x->json = alto_json_parse_object(x->resp.body.data, x->resp.body.len, c->opts.max_depth,
                                         x->jerr, sizeof x->jerr);
    else
        snprintf(x->jerr, sizeof x->jerr, "no response: %.200s", x->resp.error);
    if (h->keep) h->keep(h->ud, x);
}

static void log_add(alto_client *c, alto_xchg *x) {
    if (c->nxs == c->capxs) {
        c->capxs = c->capxs ? 2 * c->capxs : 32;
        c->xs = alto_xrealloc(c->xs, c->capxs * sizeof *c->xs);
    }
    c->xs[c->nxs++] = x;
}

alto_xchg *alto_client_request(alto_client *c, const char *label, const char *method,
                               const char *url, const char *ctype, const char *accept,
                               const char *body, int *cached) {
    alto_buf key = ALTO_BUF_INIT;
    if (c->opts.cache) {
        alto_buf_printf(&key, "%s %s\n%s\n%s", method, url, ctype ? ctype : "", body ? body : "");
        json_t *hit = json_object_get(c->cache, key.data);
        if (hit) {
            alto_buf_free(&key);
            alto_xchg *x = c->xs[json_integer_value(hit)];
            if (cached) *cached = 1;
            if (c->observe) c->observe(c->observe_ud, x, 1);
            return x;
        }
        json_object_set_new(c->cache, key.data, json_integer((json_int_t)c->nxs));
        alto_buf_free(&key);
    }
    if (cached) *cached = 0;
    alto_xchg *x = alto_xchg_new(method, url, ctype, accept, body, label);
    perform(c, x);
    log_add(c, x);
    if (c->observe) c->observe(c->observe_ud, x, 0);
    return x;
}

alto_xchg *alto_client_get(alto_client *c, const char *label, const char *url, const char *media) {
    char accept[512];
    alto_media_accept(media, accept, sizeof accept);
    return alto_client_request(c, label, "GET", url, NULL, accept, NULL, NULL);
}

alto_xchg *alto_client_post(alto_client *c, const char *label, const char *url, const char *media,
                            const char *ctype, const json_t *body) {
    char accept[512];
    alto_media_accept(media, accept, sizeof accept);
    /* A NULL body is a bug in the caller; send "null" so that it shows. */
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : alto_xstrdup("null");
    alto_xchg *x = alto_client_request(c, label, "POST", url, ctype, accept, text, NULL);
    free(text);
    return x;
}

int alto_client_get_json(alto_client *c, const char *label, const char *url, const char *media,
                         const json_t **out, alto_err *err) {
    alto_xchg *x = alto_client_get(c, label, url, media);
    *out = NULL;
    if (alto_xchg_expect_json(x, err)) return -1;
    *out = x->json;
    return 0;
}

int alto_client_post_json(alto_client *c, const char *label, const char *url, const char *media,
                          const char *ctype, const json_t *body, const json_t **out, alto_err *err) {
    alto_xchg *x = alto_client_post(c, label, url, media, ctype, body);
    *out = NULL;
    if (alto_xchg_expect_json(x, err)) return -1;
    *out = x->json;
    return 0;
}

int alto_client_post_mpart(alto_client *c, const char *label, const char *url, const char *media,
                           const char *ctype, const json_t *body, const json_t **parts,
                           alto_err *err) {
    alto_xchg *x = alto_client_post(c, label, url, media, ctype, body);
    *parts = NULL;
    if (alto_xchg_expect_200(x, err)) return -1;
    if (!x->parts && alto_mpart_read(x->resp.content_type, x->resp.body.data, x->resp.body.len,
                                     c->opts.max_depth, &x->parts, err)) {
        char m[ALTO_ERR_MAX];
        snprintf(m, sizeof m, "%s", err->msg);
        return alto_err_set(err, "POST %s: %s", url, m);
    }
    *parts = x->parts;
    return 0;
}

/* ---- the IRD walk -------------------------------------------------------------- */

static int ird_seen(const alto_ird *d, const char *url) {
    char *norm = alto_uri_normalize(url);
    int seen = 0;
    for (int j = 0; j < d->nirds && !seen; j++) seen = !strcmp(d->irds[j].norm, norm ? norm : url);
    free(norm);
    return seen;
}

/* Queues the IRDs that document k delegates to, within the bounds. */
static void ird_follow(alto_client *c, int k) {
    alto_ird *d = &c->ird;
    for (int i = 0; i < d->nres; i++) {
        const alto_res *r = &d->res[i];
        if (r->ird != k || r->svc != ALTO_SVC_IRD || !r->uri || ird_seen(d, r->uri)) continue;
        int depth = d->irds[k].depth + 1;
        if (depth > c->opts.ird_depth) {
            snprintf(d->note, sizeof d->note, "delegated IRD %s (%s) not followed: depth limit %d",
                     r->id, r->uri, c->opts.ird_depth);
        } else if (d->nirds >= c->opts.ird_max) {
            snprintf(d->note, sizeof d->note, "delegated IRD %s (%s) not followed: at most %d IRDs",
                     r->id, r->uri, c->opts.ird_max);
        } else {
            alto_ird_add_doc(d, r->uri, depth, r->id);
        }
    }
}

int alto_client_ird(alto_client *c, const char *label, alto_err *err) {
    alto_ird *d = &c->ird;
    if (c->probed) {
        if (c->probe_rc) alto_err_set(err, "%s", c->probe_err);
        return c->probe_rc;
    }
    c->probed = 1;
    alto_ird_add_doc(d, c->ird_url, 0, NULL);
    for (int k = 0; k < d->nirds; k++) {
        alto_xchg *x = alto_client_get(c, label, d->irds[k].url, ALTO_MT_IRD);
        d->irds[k].x = x;
        if (x->rc != 0 || x->resp.status != 200 || !x->json) continue;
        d->irds[k].doc = x->json;
        size_t dropped = alto_ird_add_resources(d, k, c->opts.max_resources);
        if (dropped)
            snprintf(d->note, sizeof d->note, "%zu entries of %s not kept: at most %d resources", dropped,
                     d->irds[k].url, c->opts.max_resources);
        ird_follow(c, k);
    }
    alto_err e;
    c->probe_rc = alto_xchg_expect_json(d->irds[0].x, &e);
    if (c->probe_rc) {
        snprintf(c->probe_err, sizeof c->probe_err, "%s", e.msg);
        alto_err_set(err, "%s", e.msg);
    }
    return c->probe_rc;
}

char *alto_client_resolve(const alto_client *c, const char *uri) {
    return alto_uri_resolve(c->ird_url, uri);
}

/* ---- network maps ---------------------------------------------------------------- */

int alto_client_netmap(alto_client *c, const char *label, const char *uri,
                       const alto_netmap **out, alto_err *err) {
    const json_t *hit = json_object_get(c->netmap_idx, uri);
    if (hit) {
        *out = c->netmaps[json_integer_value(hit)];
        return 0;
    }
    const json_t *body;
    if (alto_client_get_json(c, label, uri, ALTO_MT_NETMAP, &body, err)) return -1;
    c->netmaps = alto_xrealloc(c->netmaps, (c->nnetmaps + 1) * sizeof *c->netmaps);
    c->netmaps[c->nnetmaps] = alto_netmap_new(body);
    json_object_set_new(c->netmap_idx, uri, json_integer((json_int_t)c->nnetmaps));
    *out = c->netmaps[c->nnetmaps++];
    return 0;
}

int alto_client_pid(alto_client *c, const char *label, const char *uri, const alto_addr *addr,
                    const char **pid, alto_err *err) {
    const alto_netmap *m;
    *pid = NULL;
    if (alto_client_netmap(c, label, uri, &m, err)) return -1;
    *pid = alto_netmap_pid(m, addr);
    if (!*pid) {
        char t[80];
        return alto_err_set(err, "GET %s: no PID of the network map contains %s", uri,
                            alto_addr_fmt_typed(addr, t, sizeof t));
    }
    return 0;
}

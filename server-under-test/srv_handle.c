/* srv_handle.c: the reference server's requests, independent of the HTTP
 * version: a function from method, target, header lookup and body to a
 * response (srv_req -> srv_resp).  srv_http.c is the HTTP/1.1 side
 * (libmicrohttpd); an HTTP/2 side can call the same two functions.
 *
 * State: everything a request reads is one immutable snapshot (the model
 * plus the serialized GET responses).  Requests hold a read lock on the
 * snapshot pointer while they use it; srv_site_load() builds the new
 * snapshot outside the lock, swaps the pointer under the write lock and
 * drops the old one, so a request sees either the old topology or the new
 * one, never a mix.  The lock prefers writers so a busy server still reloads.
 *
 * Caching: GET resources (IRD, network map, one cost map per type, the RFC
 * 9240 full property map) are serialized once per snapshot, i.e. once per
 * vtag, into reference-counted immutable blobs; a response refers to the
 * blob (no copy per request, also for a 47 MB cost map) and a blob still
 * being sent survives a reload.  POST answers depend on the body and are
 * built per request.  GET answers carry an ETag made of the vtag, and
 * If-None-Match with it gets 304.  Every successful answer carries
 * Last-Modified: when the topology was loaded (RFC 9439 section 6.2).
 *
 * Checks, in order, each answered with an application/alto-error+json body
 * (E_SYNTAX and a "syntax-error" text, since RFC 7285 has no code for
 * HTTP-level errors): 400 control byte in the decoded path, 404 unknown
 * path, 405 wrong method (with Allow), 406 Accept excludes the resource's
 * media type, 415 POST without the resource's input media type, 413
 * Content-Length over the limit; then 400 from the resource (srv_req.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "alto_buf.h"

typedef struct srv_snapshot {
    srv_model *model;
    char modified[40];                  /* HTTP-date the topology was loaded */
    srv_blob *get[SRV_MAX_ROUTES];      /* by route index; NULL for POST */
    char etag[SRV_MAX_ROUTES][48];      /* "\"<vtag>-<route>\"" */
} srv_snapshot;

/* ---- blobs ---- */

static srv_blob *blob_new(char *data, size_t len) {
    srv_blob *b = alto_xcalloc(1, sizeof *b);
    b->data = data;
    b->len = len;
    b->refs = 1;
    return b;
}

srv_blob *srv_blob_ref(srv_blob *b) {
    __atomic_add_fetch(&b->refs, 1, __ATOMIC_RELAXED);
    return b;
}

void srv_blob_unref(srv_blob *b) {
    if (b && __atomic_sub_fetch(&b->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        free(b->data);
        free(b);
    }
}

/* ---- snapshots ---- */

static void snap_free(srv_snapshot *sn) {
    if (!sn) return;
    for (int i = 0; i < SRV_MAX_ROUTES; i++) srv_blob_unref(sn->get[i]);
    srv_model_free(sn->model);
    free(sn);
}

static srv_snapshot *snap_new(const srv_site *s, sim_topo *topo, alto_err *err) {
    srv_model *m = srv_model_new_ext(topo, s->ext, err);
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
        case SRV_K_IRD:
            doc = srv_ird_new_ext(s->base, s->ext);
            if (s->ext & SRV_EXT_CDNI) srv_cdni_ird(doc, m, s->base);
            break;
        case SRV_K_NETMAP:  doc = srv_json_netmap(m, NULL, 3); break;
        case SRV_K_PROPMAP: doc = srv_propmap_full(m); break;
        case SRV_K_UPM:     doc = srv_upm_model_full(m); break;
        case SRV_K_COSTMAP: doc = srv_json_costmap(m, r[i].cost_type, NULL, NULL, NULL, 0); break;
        default: break;
        }
        if (!doc) continue;
        size_t len;
        char *body = srv_json_dump(doc, &len);
        json_decref(doc);
        sn->get[i] = blob_new(body, len);
        /* The vtag changes with the topology, so it makes the entity tag. */
        snprintf(sn->etag[i], sizeof sn->etag[i], "\"%s-%d\"", m->tag, i);
    }
    return sn;
}

void srv_site_init(srv_site *s, size_t body_limit, unsigned ext) {
    memset(s, 0, sizeof *s);
    s->body_limit = body_limit;
    s->ext = ext;
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&s->lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

void srv_site_destroy(srv_site *s) {
    snap_free(s->cur);
    s->cur = NULL;
    pthread_rwlock_destroy(&s->lock);
}

int srv_site_load(srv_site *s, sim_topo *topo, alto_err *err) {
    srv_snapshot *sn = snap_new(s, topo, err);
    if (!sn) return -1;
    pthread_rwlock_wrlock(&s->lock);
    srv_snapshot *old = s->cur;
    s->cur = sn;
    pthread_rwlock_unlock(&s->lock);
    snap_free(old);
    return 0;
}

void srv_site_vtag(srv_site *s, char out[65]) {
    pthread_rwlock_rdlock(&s->lock);
    snprintf(out, 65, "%s", s->cur ? s->cur->model->tag : "");
    pthread_rwlock_unlock(&s->lock);
}

/* ---- responses ---- */

const char *srv_safe_text(char *dst, size_t n, const char *src) {
    size_t i = 0;
    for (; src && src[i] && i + 1 < n; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
    dst[i] = 0;
    return dst;
}

static void resp_doc(srv_resp *out, int status, json_t *doc, const char *mt) {
    out->status = status;
    out->body = srv_json_dump(doc, &out->len);
    json_decref(doc);
    snprintf(out->ctype, sizeof out->ctype, "%s", mt);
}

void srv_resp_error(srv_resp *out, int status, const char *why) {
    free(out->body);
    out->body = NULL;
    resp_doc(out, status, srv_json_error("E_SYNTAX", NULL, NULL, why), SRV_MT_ERROR);
}

void srv_resp_free(srv_resp *r) {
    free(r->body);
    srv_blob_unref(r->blob);
    memset(r, 0, sizeof *r);
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

static const char *hdr(const srv_req *q, const char *name) {
    return q->header ? q->header(q->ctx, name) : NULL;
}

/* ---- the two entry points ---- */

const srv_route *srv_handle_head(const srv_site *s, const srv_req *q, srv_resp *out) {
    char why[200], u[100];
    memset(out, 0, sizeof *out);
    const char *path = srv_origin_form(q->target);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            srv_resp_error(out, 400, "%-escaped control byte (such as %00) in the request target");
            out->close = 1;
            return NULL;
        }
    const srv_route *r = srv_route_find(path);
    if (r && (r->ext & ~s->ext)) r = NULL;      /* not enabled here */
    if (!r) {
        snprintf(why, sizeof why, "no ALTO resource at %s; the IRD is /directory",
                 srv_safe_text(u, sizeof u, path));
        srv_resp_error(out, 404, why);
        return NULL;
    }
    int is_post = !strcmp(q->method, "POST");
    int is_get = !strcmp(q->method, "GET") || !strcmp(q->method, "HEAD");
    if (r->accepts ? !is_post : !is_get) {
        snprintf(why, sizeof why, "%s takes %s", r->path, r->accepts ? "POST" : "GET");
        srv_resp_error(out, 405, why);
        out->allow = r->accepts ? "POST" : "GET, HEAD";
        return NULL;
    }
    if (!srv_accepts(hdr(q, "Accept"), r->media_type)) {
        snprintf(why, sizeof why, "the response is %s, which Accept excludes", r->media_type);
        srv_resp_error(out, 406, why);
        return NULL;
    }
    if (r->accepts && !srv_content_type_is(hdr(q, "Content-Type"), r->accepts)) {
        snprintf(why, sizeof why, "Content-Type must be %s", r->accepts);
        srv_resp_error(out, 415, why);
        return NULL;
    }
    const char *cl = hdr(q, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > s->body_limit) {
        snprintf(why, sizeof why, "request body over the limit of %zu bytes", s->body_limit);
        srv_resp_error(out, 413, why);
        return NULL;
    }
    return r;
}

void srv_handle(srv_site *s, const srv_route *r, const srv_req *q, const char *body,
                size_t len, srv_resp *out) {
    int n;
    const srv_route *all = srv_routes(&n);
    memset(out, 0, sizeof *out);
    pthread_rwlock_rdlock(&s->lock);
    srv_snapshot *sn = s->cur;
    if (!sn) {      /* only before the first topology is in */
        pthread_rwlock_unlock(&s->lock);
        srv_resp_error(out, 503, "the server is starting");
        return;
    }
    if (srv_cdni_kind(r->kind)) {      /* per dCDN, not cached (srv_cdni.c) */
        srv_answer a;
        srv_cdni_answer(sn->model, r, srv_origin_form(q->target), body, len, &a);
        out->status = a.status;
        out->body = a.body;
        out->len = a.len;
        snprintf(out->ctype, sizeof out->ctype, "%s", a.ctype);
        if (out->status == 200) memcpy(out->modified, sn->modified, sizeof out->modified);
        pthread_rwlock_unlock(&s->lock);
        return;
    }
    if (!r->accepts) {
        long i = r - all;
        snprintf(out->etag, sizeof out->etag, "%s", sn->etag[i]);
        memcpy(out->modified, sn->modified, sizeof out->modified);
        if (etag_matches(hdr(q, "If-None-Match"), sn->etag[i])) {
            out->status = 304;
        } else {
            out->status = 200;
            out->blob = srv_blob_ref(sn->get[i]);
            out->len = out->blob->len;
            snprintf(out->ctype, sizeof out->ctype, "%s", r->media_type);
        }
        pthread_rwlock_unlock(&s->lock);
        return;
    }
    if (r->kind == SRV_K_PV_COSTMAP || r->kind == SRV_K_PV_ECOST) {
        char domain[256];
        srv_mpart_domain(hdr(q, "Host"), domain, sizeof domain);
        srv_answer a;
        srv_pv_post(sn->model, r, body, len, q->peer, domain, &a);
        out->status = a.status;
        out->body = a.body;
        out->len = a.len;
        snprintf(out->ctype, sizeof out->ctype, "%s", a.ctype);
    } else if (r->kind == SRV_K_MC_COSTMAP || r->kind == SRV_K_MC_ECOST) {
        srv_answer a;
        srv_mc_post(sn->model, r, body, len, q->peer, &a);
        out->status = a.status;
        out->body = a.body;
        out->len = a.len;
        snprintf(out->ctype, sizeof out->ctype, "%s", a.ctype);
    } else {
        int status;
        json_t *doc = srv_post(sn->model, r->kind, body, len, q->peer, &status);
        resp_doc(out, status, doc, status == 200 ? r->media_type : SRV_MT_ERROR);
    }
    if (out->status == 200) memcpy(out->modified, sn->modified, sizeof out->modified);
    pthread_rwlock_unlock(&s->lock);
}

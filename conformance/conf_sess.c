/* conf_sess.c: the session (see conf_sess.h): lib/'s ALTO client (replay
 * cache, log, dead-server detection) bounded by the run deadline and the
 * evidence budget, and the IRD probe.
 *
 * The probe is the only place that decides what the server offers: a case
 * whose service is not in the closure becomes UNSUPPORTED before it runs,
 * so a server is never called "unsupported" because something failed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "alto_uri.h"
#include "conf_sess.h"
#include "conf_check.h"
#include "alto_mpart.h"
#include "alto_media.h"
#include "alto_buf.h"

#define M_IRD "application/alto-directory+json"
#define M_ERR "application/alto-error+json"

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sess_before(void *ud, alto_xchg *x);
static int sess_cut(void *ud, alto_xchg *x);
static void sess_keep(void *ud, alto_xchg *x);
static void sess_observe(void *ud, const alto_xchg *x, int cached);

conf_session *conf_session_new(const char *ird_url, const conf_opts *o) {
    static const conf_opts dflt = CONF_OPTS_DEFAULT;
    conf_session *s = alto_xcalloc(1, sizeof *s);
    s->opts = *o;
    /* 0 means "the default", so callers that fill only a few fields stay bounded. */
    if (s->opts.deadline <= 0) s->opts.deadline = dflt.deadline;
    if (s->opts.max_resources <= 0) s->opts.max_resources = dflt.max_resources;
    if (s->opts.max_irds <= 0) s->opts.max_irds = dflt.max_irds;
    if (!s->opts.evidence_budget) s->opts.evidence_budget = dflt.evidence_budget;
    s->t_end = mono_now() + s->opts.deadline;
    s->ird_url = alto_xstrdup(ird_url);
    alto_client_opts co = {
        .timeout = s->opts.timeout, .connect_timeout = s->opts.connect_timeout,
        .max_body = s->opts.max_body, .max_depth = s->opts.max_depth, .cafile = s->opts.cafile,
        .insecure = s->opts.insecure, .cache = 1,
    };
    s->client = alto_client_new(ird_url, &co);
    alto_client_observe(s->client, sess_observe, s);
    alto_client_bound(s->client, &(alto_client_hooks){
        .before = sess_before, .cut = sess_cut, .keep = sess_keep, .ud = s});
    s->bounds = json_array();
    s->ird.by_id = json_object();
    return s;
}

void conf_session_bound(conf_session *s, const char *name, double limit, const char *fmt, ...) {
    size_t i;
    json_t *b;
    json_array_foreach(s->bounds, i, b)
        if (!strcmp(json_string_value(json_object_get(b, "bound")), name)) return;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(s->bounds, json_pack("{sssfss}", "bound", name, "limit", limit, "message", msg));
}

const char *conf_session_bounded(const conf_session *s) {
    size_t i;
    json_t *b;
    /* A body kept as prefix and digest was still judged whole; the
     * deadline is judged case by case (conf_run.c). */
    json_array_foreach(s->bounds, i, b)
        if (strcmp(json_string_value(json_object_get(b, "bound")), "evidence-budget") &&
            strcmp(json_string_value(json_object_get(b, "bound")), "deadline"))
            return json_string_value(json_object_get(b, "message"));
    return NULL;
}

int conf_session_late(conf_session *s) {
    if (mono_now() < s->t_end) return 0;
    if (!s->deadline_hit) {
        s->deadline_hit = 1;
        conf_session_bound(s, "deadline", s->opts.deadline,
                           "the run deadline of %g s passed (--deadline SECONDS raises it)", s->opts.deadline);
    }
    return 1;
}

void conf_session_free(conf_session *s) {
    if (!s) return;
    for (int i = 0; i < s->ird.nres; i++) free(s->ird.res[i].uri);
    free(s->ird.res);
    for (int i = 0; i < s->ird.nirds; i++) free(s->ird.irds[i].url);
    free(s->ird.irds);
    for (int i = 0; i < CONF_SVC_COUNT; i++) free(s->ird.by_svc[i]);
    json_decref(s->ird.by_id);
    json_decref(s->bounds);
    alto_client_free(s->client);
    free(s->ird_url);
    free(s);
}


/* The run's bounds around each request the client sends: nothing once
 * the deadline passed, and never a timeout that ends after it (the client
 * itself sends nothing once the server is dead). */
static int sess_before(void *ud, alto_xchg *x) {
    conf_session *s = ud;
    s->clamped = 0;
    if (conf_session_late(s)) {
        x->rc = -1;
        x->skipped = 1;
        snprintf(x->resp.error, sizeof x->resp.error, "not sent: the run deadline of %g s passed (--deadline)",
                 s->opts.deadline);
        return -1;
    }
    double left = s->t_end - mono_now();
    s->clamped = left < x->req.timeout;
    if (s->clamped) x->req.timeout = left > 0.001 ? left : 0.001;
    if (x->req.connect_timeout > x->req.timeout) x->req.connect_timeout = x->req.timeout;
    return 0;
}

/* Cut by the deadline, not by the server's slowness alone: not a sign
 * of a dead server. */
static int sess_cut(void *ud, alto_xchg *x) {
    conf_session *s = ud;
    if (x->rc == 0 || !s->clamped) return 0;
    /* A request given only the time left times out at the deadline, but
     * libcurl's timer may fire a millisecond before our clock reaches it:
     * that timeout is the deadline too, not the server's slowness. */
    if (!strncmp(x->resp.error, "timeout", 7) && mono_now() < s->t_end) s->t_end = mono_now();
    if (!conf_session_late(s)) return 0;
    size_t n = strlen(x->resp.error);
    snprintf(x->resp.error + n, sizeof x->resp.error - n, " (cut at the run deadline of %g s, --deadline)",
             s->opts.deadline);
    return 1;
}

/* The evidence budget: a body is kept whole while the run's total stays
 * within it, else as its first CONF_KEEP_PREFIX bytes with the length and
 * SHA-256 of all of it.  A body cut at --max-body is never judged, so it
 * is always kept so: an endless body costs the cap once, not once per
 * request.  Parsing happened before: the checks see the whole answer. */
static void sess_keep(void *ud, alto_xchg *x) {
    conf_session *s = ud;
    size_t n = x->resp.body.len;
    if (n <= CONF_KEEP_PREFIX) return;
    if (!x->resp.truncated && s->kept_bytes + n <= s->opts.evidence_budget) {
        s->kept_bytes += n;
        return;
    }
    if (!x->resp.truncated && !s->budget_hit) {
        s->budget_hit = 1;
        conf_session_bound(s, "evidence-budget", (double)s->opts.evidence_budget,
                           "response bodies beyond the evidence budget of %zu bytes are kept as their first "
                           "%d bytes and a SHA-256 (--evidence-budget BYTES raises it)",
                           s->opts.evidence_budget, CONF_KEEP_PREFIX);
    }
    alto_http_resp_keep_prefix(&x->resp, CONF_KEEP_PREFIX);
    s->kept_bytes += CONF_KEEP_PREFIX;
}

static void sess_observe(void *ud, const alto_xchg *x, int cached) {
    conf_session *s = ud;
    if (s->on_request) s->on_request(s->ud, x, cached);
}

conf_xchg *conf_session_request(conf_session *s, const char *method, const char *url,
                                const char *ctype, const char *accept,
                                const char *body, int *cached) {
    return alto_client_request(s->client, NULL, method, url, ctype, accept, body, cached);
}

int conf_session_requests(const conf_session *s) { return alto_client_sent(s->client); }

/* ---- the probe ---------------------------------------------------------- */

static const struct {
    const char *media, *accepts;    /* accepts "" = GET */
    conf_svc svc;
} svc_rows[] = {
    {M_IRD, "", CONF_SVC_IRD},
    {"application/alto-networkmap+json", "", CONF_SVC_NETMAP},
    {"application/alto-networkmap+json", "application/alto-networkmapfilter+json", CONF_SVC_FNETMAP},
    {"application/alto-costmap+json", "", CONF_SVC_COSTMAP},
    {"application/alto-costmap+json", "application/alto-costmapfilter+json", CONF_SVC_FCOSTMAP},
    {"application/alto-endpointprop+json", "application/alto-endpointpropparams+json", CONF_SVC_EPROP},
    {"application/alto-endpointcost+json", "application/alto-endpointcostparams+json", CONF_SVC_ECS},
    {"application/alto-propmap+json", "", CONF_SVC_PROPMAP},
    {"application/alto-propmap+json", "application/alto-propmapparams+json", CONF_SVC_FPROPMAP},
};

static const char *const svc_names[] = {
    [CONF_SVC_OTHER] = "other", [CONF_SVC_IRD] = "directory",
    [CONF_SVC_NETMAP] = "network map", [CONF_SVC_COSTMAP] = "cost map",
    [CONF_SVC_FNETMAP] = "filtered network map", [CONF_SVC_FCOSTMAP] = "filtered cost map",
    [CONF_SVC_EPROP] = "endpoint property", [CONF_SVC_ECS] = "endpoint cost",
    [CONF_SVC_PV_COSTMAP] = "path vector cost map", [CONF_SVC_PV_ECS] = "path vector endpoint cost",
    [CONF_SVC_PROPMAP] = "property map", [CONF_SVC_FPROPMAP] = "filtered property map",
};

const char *conf_svc_name(conf_svc svc) { return svc_names[svc]; }

static int is_multipart(const char *media) {
    char mt[128];
    if (!media) return 0;
    alto_http_media_type(media, mt, sizeof mt);
    return !strcmp(mt, "multipart/related");
}

static conf_svc classify(const char *media, const char *accepts) {
    if (!media) return CONF_SVC_OTHER;
    if (is_multipart(media)) {
        char type[256];
        if (alto_media_param(media, "type", type, sizeof type) != 1) return CONF_SVC_OTHER;
        if (!strcasecmp(type, "application/alto-costmap+json")) return CONF_SVC_PV_COSTMAP;
        if (!strcasecmp(type, "application/alto-endpointcost+json")) return CONF_SVC_PV_ECS;
        return CONF_SVC_OTHER;
    }
    if (!accepts) accepts = "";
    for (size_t i = 0; i < sizeof svc_rows / sizeof *svc_rows; i++)
        if (!strcmp(svc_rows[i].media, media) && !strcmp(svc_rows[i].accepts, accepts))
            return svc_rows[i].svc;
    return CONF_SVC_OTHER;
}

static int ird_add_doc(conf_ird *d, const char *url, int depth, const char *via) {
    d->irds = alto_xrealloc(d->irds, (size_t)(d->nirds + 1) * sizeof *d->irds);
    d->irds[d->nirds] = (conf_irdoc){alto_xstrdup(url), NULL, NULL, depth, via};
    return d->nirds++;
}

/* Kind of a transport failure, from libcurl's message. */
static const char *transport_cause(const char *e) {
    if (strstr(e, "resolve")) return "dns";
    if (strstr(e, "SSL") || strstr(e, "TLS") || strstr(e, "certificate")) return "tls";
    if (!strncmp(e, "timeout", 7)) return "timeout";
    if (alto_xchg_unreachable(e)) return "unreachable";
    return "transport";
}

static int probe_verdict(conf_session *s, alto_err *err) {
    conf_ird *d = &s->ird;
    conf_xchg *x = d->irds[0].x;
    const char *u = s->ird_url;
    if (x->rc != 0) {
        d->cause = transport_cause(x->resp.error);
        static const struct { const char *cause, *text; } why[] = {
            {"unreachable", "nothing is listening"}, {"dns", "the host name does not resolve"},
            {"tls", "the TLS handshake failed"}, {"timeout", "no answer in time"},
            {"transport", "the transfer failed"},
        };
        const char *text = "the transfer failed";
        for (size_t i = 0; i < sizeof why / sizeof *why; i++)
            if (!strcmp(why[i].cause, d->cause)) text = why[i].text;
        return alto_err_set(err, "cannot reach the IRD %s: %s (%s)", u, text, x->resp.error);
    }
    d->cause = "not-an-ird";
    if (x->resp.status != 200)
        return alto_err_set(err, "%s does not answer an ALTO directory: HTTP %ld%s%s", u, x->resp.status,
                            x->media[0] ? ", " : "", x->media);
    if (!x->json)
        return alto_err_set(err, "%s does not answer an ALTO directory: %s (Content-Type %s)", u, x->jerr,
                            x->media[0] ? x->media : "none");
    if (strcmp(x->media, M_IRD) && !json_object_get(x->json, "resources"))
        return alto_err_set(err, "%s does not answer an ALTO directory: a JSON object without \"resources\" "
                            "(Content-Type %s)", u, x->media[0] ? x->media : "none");
    d->cause = NULL;
    return 0;
}

/* Adds the entries of IRD document k, at most opts.max_resources in the
 * closure, and queues the delegated IRDs they name within the depth and
 * breadth bounds; `seen` (URL -> true) ends loops in linear time. */
static void probe_doc(conf_session *s, int k, json_t *seen) {
    conf_ird *d = &s->ird;
    const char *id;
    json_t *e;
    size_t dropped = 0;
    json_object_foreach(json_object_get(d->irds[k].doc, "resources"), id, e) {
        if (!json_is_object(e)) continue;
        if (d->nres >= s->opts.max_resources) { dropped++; continue; }
        const conf_irdoc *doc = &d->irds[k];
        conf_res r = {
            .id = id, .entry = e, .ird = k,
            .uri_raw = json_string_value(json_object_get(e, "uri")),
            .media = json_string_value(json_object_get(e, "media-type")),
            .accepts = json_string_value(json_object_get(e, "accepts")),
            .caps = json_object_get(e, "capabilities"), .uses = json_object_get(e, "uses"),
        };
        r.uri = r.uri_raw ? alto_uri_resolve(doc->url, r.uri_raw) : NULL;
        r.svc = classify(r.media, r.accepts);
        r.multipart = is_multipart(r.media);
        if (d->nres % 64 == 0) d->res = alto_xrealloc(d->res, (size_t)(d->nres + 64) * sizeof *d->res);
        d->res[d->nres++] = r;
        if (!json_object_get(d->by_id, id)) json_object_set_new(d->by_id, id, json_integer(d->nres - 1));
        if (r.svc != CONF_SVC_IRD || !r.uri || json_object_get(seen, r.uri)) continue;
        json_object_set_new(seen, r.uri, json_true());
        if (doc->depth + 1 > s->opts.ird_depth) {
            snprintf(d->note, sizeof d->note, "delegated IRD %s (%s) not followed: depth limit %d", id, r.uri,
                     s->opts.ird_depth);
            conf_session_bound(s, "ird-depth", s->opts.ird_depth, "delegated IRD %s (%s) not followed: depth "
                               "limit %d (--ird-depth N raises it)", id, r.uri, s->opts.ird_depth);
        } else if (d->nirds >= s->opts.max_irds) {
            snprintf(d->note, sizeof d->note, "delegated IRD %s (%s) not followed: at most %d IRDs", id, r.uri,
                     s->opts.max_irds);
            conf_session_bound(s, "max-irds", s->opts.max_irds, "delegated IRD %s (%s) and later ones not "
                               "followed: at most %d IRDs are fetched (--max-irds N raises it)", id, r.uri,
                               s->opts.max_irds);
        } else {
            ird_add_doc(d, r.uri, doc->depth + 1, id);
        }
    }
    if (dropped)
        conf_session_bound(s, "max-resources", s->opts.max_resources, "the IRD closure lists more than %d "
                           "resources: %zu entries of %s were not kept (--max-resources N raises it)",
                           s->opts.max_resources, dropped, d->irds[k].url);
}

/* Services available, and the per-kind index conf_ird_nth() answers from. */
static void probe_services(conf_ird *d) {
    static const unsigned need_of[] = {
        [CONF_SVC_NETMAP] = CONF_NEED_NETMAP, [CONF_SVC_COSTMAP] = CONF_NEED_COSTMAP,
        [CONF_SVC_FNETMAP] = CONF_NEED_FNETMAP | CONF_NEED_POST,
        [CONF_SVC_FCOSTMAP] = CONF_NEED_FCOSTMAP | CONF_NEED_POST,
        [CONF_SVC_EPROP] = CONF_NEED_EPROP | CONF_NEED_POST,
        [CONF_SVC_ECS] = CONF_NEED_ECS | CONF_NEED_POST,
        [CONF_SVC_IRD] = CONF_NEED_DELEGATED, [CONF_SVC_OTHER] = 0,
        [CONF_SVC_PV_COSTMAP] = CONF_NEED_PV_COSTMAP | CONF_NEED_PV,
        [CONF_SVC_PV_ECS] = CONF_NEED_PV_ECS | CONF_NEED_PV,
        [CONF_SVC_PROPMAP] = CONF_NEED_PROPMAP, [CONF_SVC_FPROPMAP] = CONF_NEED_FPROPMAP | CONF_NEED_POST,
    };
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (!r->uri) continue;
        int *n = &d->nby_svc[r->svc];
        if (*n % 64 == 0) d->by_svc[r->svc] = alto_xrealloc(d->by_svc[r->svc], (size_t)(*n + 64) * sizeof(int));
        d->by_svc[r->svc][(*n)++] = i;
        d->services |= need_of[r->svc];
        if (r->multipart) d->services |= CONF_NEED_MULTIPART;
        int constr = json_is_true(json_object_get(r->caps, "cost-constraints"));
        if (constr && r->svc == CONF_SVC_FCOSTMAP) d->services |= CONF_NEED_FCOST_CONSTR;
        if (constr && r->svc == CONF_SVC_ECS) d->services |= CONF_NEED_ECS_CONSTR;
    }
}

int conf_session_probe(conf_session *s, alto_err *err) {
    conf_ird *d = &s->ird;
    json_t *seen = json_object();
    s->probed = 1;
    ird_add_doc(d, s->ird_url, 0, NULL);
    json_object_set_new(seen, s->ird_url, json_true());
    char *norm = alto_uri_normalize(s->ird_url);
    if (norm) json_object_set_new(seen, norm, json_true());
    free(norm);
    for (int k = 0; k < d->nirds; k++) {
        conf_irdoc *doc = &d->irds[k];
        doc->x = conf_session_request(s, "GET", doc->url, NULL, M_IRD "," M_ERR, NULL, NULL);
        if (doc->x->rc != 0 || doc->x->resp.status != 200 || !doc->x->json) continue;
        doc->doc = doc->x->json;
        probe_doc(s, k, seen);
    }
    json_decref(seen);
    probe_services(d);
    return probe_verdict(s, err);
}

const conf_res *conf_ird_find(const conf_ird *d, const char *id) {
    const json_t *i = id ? json_object_get(d->by_id, id) : NULL;
    return i ? &d->res[json_integer_value(i)] : NULL;
}

const conf_res *conf_ird_nth(const conf_ird *d, conf_svc svc, int n) {
    if (n < 0 || (unsigned)svc >= CONF_SVC_COUNT || n >= d->nby_svc[svc]) return NULL;
    return &d->res[d->by_svc[svc][n]];
}

json_t *conf_ird_cost_type(const conf_session *s, const conf_res *r, const char *name) {
    json_t *doc = s->ird.irds[r->ird].doc;
    json_t *ct = json_object_get(json_object_get(json_object_get(doc, "meta"), "cost-types"), name);
    return json_is_object(ct) ? ct : NULL;
}

const conf_res *conf_ird_uses_netmap(const conf_ird *d, const conf_res *r) {
    size_t i;
    json_t *u;
    json_array_foreach(r->uses, i, u) {
        const char *id = json_string_value(u);
        const conf_res *n = id ? conf_ird_find(d, id) : NULL;
        if (n && n->svc == CONF_SVC_NETMAP && n->uri) return n;
    }
    return NULL;
}
